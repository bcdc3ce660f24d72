"""One way to show dates in date fields: the interface locale's own numeric order with a four-digit year
("24/11/2026" in Indonesian, the English locale's order in English), never ISO ``yyyy-MM-dd``. The country is the
computer's, else the desk's (its policy pack's: English (Indonesia) writes 24/11/2026 on a computer set to "C").

Qt's short formats give two-digit years ("24/11/26"), which read ambiguously on a promise date; the year is widened
to four digits. Times keep the desk's 24-hour ``HH:mm``, as every other time on the desk."""

from __future__ import annotations

import re

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QDateTimeEdit

from ui import text
from ui.translations import interface_locale


def date_format(*, weekday: bool = False, time: bool = False, locale: QLocale | None = None) -> str:
    """A Qt display format for ``locale``, by default the interface language's."""
    numeric = (locale or interface_locale(text.language())).dateFormat(QLocale.FormatType.ShortFormat)
    numeric = re.sub(r"y+", "yyyy", numeric)
    shown = f"ddd {numeric}" if weekday else numeric
    return f"{shown} HH:mm" if time else shown


def show_local_dates(edit: QDateTimeEdit, *, weekday: bool = False, time: bool = False) -> QDateTimeEdit:
    """Give a date (or date and time) field the locale's format and a calendar to pick from."""
    locale = interface_locale(text.language())
    edit.setLocale(locale)
    edit.setDisplayFormat(date_format(weekday=weekday, time=time, locale=locale))
    edit.setCalendarPopup(True)
    return edit

"""Load the interface's Qt translations for a language (compiled .qm files under resources/translations/)."""

from __future__ import annotations

import logging
import os
import sys

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from agent_desk import text as domain_text
from agent_desk.resources import resource_path

log = logging.getLogger(__name__)
_installed: list[QTranslator] = []
_desk_country = ["ID"]  # the country of the policy pack in force (Indonesia until the database says otherwise)


def system_country() -> str | None:
    """The ISO code of the country the computer's locale names; None where it names none ("C", "POSIX", "en").

    On Linux the environment is read (LC_ALL, then LC_TIME, then LANG), since Qt turns a bare "en" into the United
    States; elsewhere the system locale always has a country."""
    if sys.platform.startswith(("win", "darwin")):
        territory = QLocale.system().territory()
        return None if territory == QLocale.Country.AnyTerritory else QLocale.territoryToCode(territory)
    for variable in ("LC_ALL", "LC_TIME", "LANG"):
        name = os.environ.get(variable, "")
        if name:
            _, _, country = name.split(".")[0].split("@")[0].partition("_")
            return country.upper() or None
    return None


def desk_country() -> str:
    return _desk_country[0]


def set_desk_country(country: str, language: str) -> None:
    """The desk's country (its policy pack's); dates follow it where the computer's locale names no country."""
    if country:
        _desk_country[0] = country.upper()
        use_locale(interface_locale(language))


def interface_locale(language: str) -> QLocale:
    """The interface language in the computer's country, else in the desk's: English in Indonesia writes
    24/11/2026, in the United States 11/24/2026; Indonesian writes 24/11/2026."""
    spoken = QLocale.Language.Indonesian if language == "id" else QLocale.Language.English
    territory = QLocale.codeToTerritory(system_country() or desk_country())
    return QLocale(spoken, territory)


def month_first(locale: QLocale) -> bool:
    """Whether ``locale`` writes a date's month before its day ("Tuesday, November 24, 2026")."""
    pattern = locale.dateFormat(QLocale.FormatType.LongFormat).replace("dddd", "").replace("ddd", "")
    return "M" in pattern and "d" in pattern and pattern.index("M") < pattern.index("d")


def use_locale(locale: QLocale) -> None:
    """The interface's locale: the one Qt writes dates and numbers in, and the order of the dates the app writes
    itself ("24 Nov 2026", "Nov 24, 2026")."""
    QLocale.setDefault(locale)
    domain_text.set_month_first(month_first(locale))


def install_translations(app: QCoreApplication | None, language: str) -> int:
    """Replace the installed translations by those of ``language``; returns how many loaded. English, the
    interface's own language, has only its plural forms ("1 time", "2 times") to load."""
    if app is not None:
        for translator in _installed:
            app.removeTranslator(translator)
    _installed.clear()
    # Dates and numbers Qt writes itself (date edits, calendars, spin boxes) follow the interface language.
    use_locale(interface_locale(language))
    if app is None:  # no application (yet): only the locale to set
        return 0
    if language != "en":
        qt_own = QTranslator(app)
        if qt_own.load(QLocale(language), "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
            app.installTranslator(qt_own)
            _installed.append(qt_own)
    directory = resource_path("translations", language)
    for qm in sorted(directory.glob("*.qm")) if directory.is_dir() else []:
        translator = QTranslator(app)
        if translator.load(str(qm)):
            app.installTranslator(translator)
            _installed.append(translator)
        else:
            log.warning("could not load the translation %s", qm.name)
    return len(_installed)

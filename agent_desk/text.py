"""User-visible text made by the Qt-free code: message codes with parameters, rendered per language.

``agent_desk`` never builds sentences. It returns :class:`Message` objects (a code such as
``compliance.outside_days`` and typed parameters); the GUI and the CLI render them with :func:`render` from the
catalogs in ``resources/messages/<language>.toml`` and ``resources/messages/<language>/<area>.toml``. A code
missing from a language falls back to English, and a code missing from English renders as the code itself with
its parameters, so nothing is ever lost.
Parameters that need a language (weekday names, dates, money) are typed: :class:`LocalTime`,
:class:`dt.date`, :class:`Amount`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import string
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

from agent_desk.resources import load_toml, resource_path

DEFAULT_LANGUAGE = "en"
LANGUAGES = ("en", "id")

# Indonesian zones are spoken of by their local abbreviations; zoneinfo calls them "WIB"/"WITA"/"WIT" too,
# but only for recent dates, so pin them.
ZONE_ABBREVIATIONS = {
    "Asia/Jakarta": "WIB",
    "Asia/Pontianak": "WIB",
    "Asia/Makassar": "WITA",
    "Asia/Jayapura": "WIT",
}


@dataclasses.dataclass(frozen=True)
class Message:
    """A piece of user-visible text, not yet in any language."""

    code: str
    params: tuple[tuple[str, Any], ...] = ()

    @classmethod
    def of(cls, code: str, **params: Any) -> Message:
        return cls(code, tuple(params.items()))

    @property
    def kwargs(self) -> dict[str, Any]:
        return dict(self.params)

    def render(self, language: str = DEFAULT_LANGUAGE) -> str:
        return render(self, language)

    def __str__(self) -> str:
        return self.render(DEFAULT_LANGUAGE)


@dataclasses.dataclass(frozen=True)
class LocalTime:
    """A moment shown in a given zone, e.g. "Sunday 10:12 WITA"."""

    moment: dt.datetime
    zone: str
    with_weekday: bool = True
    with_date: bool = False


@dataclasses.dataclass(frozen=True)
class Amount:
    """An amount of money in a currency, formatted the currency's own way (IDR: "Rp 1.250.000")."""

    value: Decimal
    currency: str = "IDR"


@cache
def catalog(language: str) -> Mapping[str, str]:
    """The flat ``code → template`` map of a language (dotted codes from TOML tables).

    Parsing the TOML files is ≈ 0.03 s of every start; the flat map is kept as JSON in the user's cache folder
    and read from there while the files are unchanged (their names, sizes and modification times).
    """
    files = catalog_files(language)
    stamp = [[str(resource_path(*parts)), *_file_stamp(parts)] for parts in files]
    kept = _cached_catalog(language, stamp)
    if kept is not None:
        return kept
    flat: dict[str, str] = {}
    for parts in files:
        data = load_toml(*parts)

        def walk(prefix: str, node: Mapping[str, Any], source: tuple[str, ...] = parts) -> None:
            for key, value in node.items():
                code = f"{prefix}.{key}" if prefix else key
                if isinstance(value, Mapping):
                    walk(code, value)
                elif code in flat:
                    raise ValueError(f"message code {code} is defined twice ({'/'.join(source)})")
                else:
                    flat[code] = str(value)

        walk("", data)
    _keep_catalog(language, stamp, flat)
    return flat


def _file_stamp(parts: tuple[str, ...]) -> tuple[int, int]:
    status = resource_path(*parts).stat()
    return status.st_mtime_ns, status.st_size


def _catalog_cache(language: str) -> Any:
    from agent_desk.paths import cache_dir

    return cache_dir() / f"messages-{language}.json"


def _cached_catalog(language: str, stamp: list[list[Any]]) -> dict[str, str] | None:
    import json

    try:
        kept = json.loads(_catalog_cache(language).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(kept, dict) or kept.get("files") != stamp or not isinstance(kept.get("messages"), dict):
        return None
    return {str(code): str(template) for code, template in kept["messages"].items()}


def _keep_catalog(language: str, stamp: list[list[Any]], flat: dict[str, str]) -> None:
    import json
    import os

    path = _catalog_cache(language)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f"{path.name}.{os.getpid()}")
        partial.write_text(json.dumps({"files": stamp, "messages": flat}, ensure_ascii=False), encoding="utf-8")
        partial.replace(path)
    except OSError:  # a cache only: the catalog was read all the same
        pass


def catalog_files(language: str) -> list[tuple[str, ...]]:
    """The catalog files of a language: ``messages/<language>.toml`` and, one per area, ``messages/<language>/*.toml``.

    Areas keep their messages in their own file so that work on different areas never edits the same file.
    """
    files: list[tuple[str, ...]] = []
    if resource_path("messages", f"{language}.toml").is_file():
        files.append(("messages", f"{language}.toml"))
    area_folder = resource_path("messages", language)
    if area_folder.is_dir():
        files.extend(("messages", language, path.name) for path in sorted(area_folder.glob("*.toml")))
    return files


# A word that follows a count: ``{count|message|messages}``, the form for exactly one, then the form for any other
# count (English); a language with one form for every count (Indonesian: "{count} pesan") needs none. The count
# itself is not written by it.
_PLURAL = re.compile(r"\{(\w+)\|([^{}]*)\}")


def _plural_form(forms: list[str], value: object) -> str:
    try:
        count = int(str(value))
    except ValueError:
        return forms[-1]
    return forms[0] if count == 1 else forms[-1]


def _with_plurals(template: str, params: Mapping[str, object]) -> str:
    return _PLURAL.sub(lambda m: _plural_form(m.group(2).split("|"), params.get(m.group(1), "")), template)


def template_fields(template: str) -> set[str]:
    """The parameters a template uses (a plural's count among them)."""
    return {name for _, name, _, _ in string.Formatter().parse(_PLURAL.sub(r"{\1}", template)) if name}


def render(message: Message, language: str = DEFAULT_LANGUAGE) -> str:
    template = catalog(language).get(message.code) or catalog(DEFAULT_LANGUAGE).get(message.code)
    values = {key: format_value(value, language) for key, value in message.params}
    if template is None:
        details = ", ".join(f"{key}={value}" for key, value in values.items())
        return f"{message.code}({details})" if details else message.code
    try:
        return string.Formatter().vformat(_with_plurals(template, dict(message.params)), (), values)
    except (KeyError, IndexError, ValueError):
        return f"{message.code}: {template}"


def render_all(messages: list[Message] | tuple[Message, ...], language: str = DEFAULT_LANGUAGE) -> list[str]:
    return [render(message, language) for message in messages]


def format_value(value: Any, language: str) -> str:
    if isinstance(value, Message):
        return render(value, language)
    if isinstance(value, LocalTime):
        return format_local_time(
            value.moment, value.zone, language, with_weekday=value.with_weekday, with_date=value.with_date
        )
    if isinstance(value, Amount):
        return format_money(value.value, value.currency)
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    if isinstance(value, dt.date):
        return format_date(value, language)
    if isinstance(value, Decimal):
        return format_decimal(value, language)
    if isinstance(value, list | tuple):
        return ", ".join(format_value(item, language) for item in value)
    return str(value)


def _words(language: str, key: str) -> list[str]:
    text = catalog(language).get(f"calendar.{key}") or catalog(DEFAULT_LANGUAGE).get(f"calendar.{key}", "")
    return text.split()


def weekday_name(day: dt.date, language: str, *, short: bool = False) -> str:
    names = _words(language, "weekdays_short" if short else "weekdays")
    return names[day.weekday()] if len(names) == 7 else day.strftime("%a" if short else "%A")


def month_name(day: dt.date, language: str, *, short: bool = True) -> str:
    names = _words(language, "months_short" if short else "months")
    return names[day.month - 1] if len(names) == 12 else day.strftime("%b" if short else "%B")


def zone_abbreviation(zone: str, moment: dt.datetime | None = None) -> str:
    if zone in ZONE_ABBREVIATIONS:
        return ZONE_ABBREVIATIONS[zone]
    local = (moment or dt.datetime.now(dt.UTC)).astimezone(ZoneInfo(zone))
    return local.tzname() or zone


def format_local_time(
    moment: dt.datetime,
    zone: str,
    language: str = DEFAULT_LANGUAGE,
    *,
    with_weekday: bool = True,
    with_date: bool = False,
) -> str:
    """ "Sunday 10:12 WITA", or with the date "Fri 28 Nov, 09:00 WITA"."""
    local = moment.astimezone(ZoneInfo(zone))
    clock = f"{local:%H:%M} {zone_abbreviation(zone, moment)}"
    if with_date:
        day = local.date()
        return f"{weekday_name(day, language, short=True)} {day_and_month(day, language)}, {clock}"
    if with_weekday:
        return f"{weekday_name(local.date(), language)} {clock}"
    return clock


_month_first = [False]  # the desk's locale writes the month before the day (English in the United States)


def set_month_first(month_first: bool) -> None:
    """Whether dates are written month first ("Nov 28, 2026"), as the interface's locale does; the interface sets it
    from its locale (its language in the computer's country, else the desk's)."""
    _month_first[0] = month_first


def day_and_month(day: dt.date, language: str = DEFAULT_LANGUAGE) -> str:
    """ "28 Nov", or "Nov 28" where the month comes first."""
    month = month_name(day, language)
    return f"{month} {day.day}" if _month_first[0] else f"{day.day} {month}"


def format_date(day: dt.date, language: str = DEFAULT_LANGUAGE, *, with_weekday: bool = True) -> str:
    """ "Fri 28 Nov 2026" ("Fri Nov 28, 2026" where the month comes first)."""
    text = f"{day_and_month(day, language)}{',' if _month_first[0] else ''} {day.year}"
    return f"{weekday_name(day, language, short=True)} {text}" if with_weekday else text


@dataclasses.dataclass(frozen=True)
class CurrencyFormat:
    code: str
    symbol: str
    minor_unit: int
    group_separator: str
    decimal_separator: str


@cache
def currency_format(code: str) -> CurrencyFormat:
    data = load_toml("currencies.toml").get(code)
    if data is None:
        return CurrencyFormat(code, code, 2, ",", ".")
    return CurrencyFormat(
        code, data["symbol"], int(data["minor_unit"]), data["group_separator"], data["decimal_separator"]
    )


def format_money(value: Decimal, currency: str = "IDR") -> str:
    """Money the currency's own way: ``Rp 1.250.000`` for IDR, ``$ 1,250.00`` for USD."""
    fmt = currency_format(currency)
    quantum = Decimal(1).scaleb(-fmt.minor_unit)
    rounded = value.quantize(quantum, rounding=ROUND_HALF_UP)
    sign = "-" if rounded < 0 else ""
    whole, _, fraction = f"{abs(rounded):f}".partition(".")
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    text = fmt.group_separator.join(groups)
    if fmt.minor_unit:
        text += fmt.decimal_separator + fraction.ljust(fmt.minor_unit, "0")
    return f"{sign}{fmt.symbol} {text}"


def format_decimal(value: Decimal, language: str = DEFAULT_LANGUAGE) -> str:
    text = f"{value:f}"
    return text.replace(".", ",") if language == "id" else text

"""Cell values turned into exact ones: text, amounts (``Decimal``, never float), whole numbers, dates, moments, months
and phone numbers. A value that cannot be read raises :class:`CellError` with a message code, never anything else.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable, Sequence
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from zoneinfo import ZoneInfo

import phonenumbers

from agent_desk.importer.sources import Cell
from agent_desk.text import Message

EARLIEST_YEAR, LATEST_YEAR = 1900, 2200
EXCEL_EPOCH = dt.date(1899, 12, 30)
DEFAULT_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y")
DEFAULT_DATETIME_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M")
DEFAULT_MONTH_FORMATS = ("%Y-%m", "%m/%Y", "%m-%Y", "%Y%m", "%b %Y", "%B %Y", "%b-%y")
INVALID_NUMBER = "not a valid phone number"

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")  # and bidi overrides
_DIGITS = re.compile(r"[0-9]+")
_INTEGER = re.compile(r"[+-]?[0-9]+(?:\.0+)?")


class CellError(Exception):
    """A cell that cannot be read as what the mapping says it is."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.message = Message.of(code, **params)


def clean_text(cell: Cell) -> str:
    """The text of a cell: control characters removed, runs of whitespace made one space, trimmed."""
    if cell is None:
        return ""
    if isinstance(cell, str):
        text = cell
        if text.isprintable() and (not text or (text[0] != " " and text[-1] != " " and "  " not in text)):
            return text  # the common case: already clean
    elif isinstance(cell, Decimal):
        text = str(int(cell)) if cell.is_finite() and cell == cell.to_integral_value() else f"{cell:f}"
    else:
        text = cell.isoformat()
    if _CONTROL.search(text):
        text = _CONTROL.sub(" ", text)
    return " ".join(text.split())


def is_blank(cell: Cell) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


_PLAIN_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]{1,3})?")
MAX_NUMBER = Decimal(10) ** 14
NUMBER_QUANTUM = Decimal("0.0001")


def parse_decimal(cell: object) -> Decimal:
    """A plain number (``12``, ``-3.5``, ``5e+05``) with at most four decimals, for attributes."""
    if isinstance(cell, Decimal):
        value = cell
    elif isinstance(cell, int) and not isinstance(cell, bool):
        value = Decimal(cell)
    elif isinstance(cell, str) and _PLAIN_NUMBER.fullmatch(cell.strip()):
        value = Decimal(cell.strip())
    else:
        raise CellError("import.value.number", value=clean_text(cell if isinstance(cell, str) else str(cell)))
    if not value.is_finite() or abs(value) >= MAX_NUMBER or value != value.quantize(NUMBER_QUANTUM):
        raise CellError("import.value.number", value=clean_text(str(cell)))
    return value.quantize(NUMBER_QUANTUM)


def parse_int(cell: Cell) -> int:
    """A whole number (``45``, ``45.0`` from a spreadsheet)."""
    if isinstance(cell, Decimal):
        if cell.is_finite() and cell == cell.to_integral_value() and abs(cell) < 10**9:
            return int(cell)
    elif isinstance(cell, str):
        text = cell.strip()
        if _INTEGER.fullmatch(text) and len(text) < 12:
            return int(Decimal(text))
    raise CellError("import.value.integer", value=clean_text(cell))


# Formats made only of these directives are parsed by a regular expression (much faster than strptime).
_FAST_DIRECTIVES = {"%Y": r"(?P<Y>[0-9]{4})", "%m": r"(?P<m>[0-9]{1,2})", "%d": r"(?P<d>[0-9]{1,2})"}
_FAST_TIME = {"%H": r"(?P<H>[0-9]{1,2})", "%M": r"(?P<M>[0-9]{2})", "%S": r"(?P<S>[0-9]{2})"}


def _fast_pattern(fmt: str) -> re.Pattern[str] | None:
    pattern = []
    index = 0
    seen = set()
    while index < len(fmt):
        piece = fmt[index : index + 2]
        if piece in _FAST_DIRECTIVES or piece in _FAST_TIME:
            if piece in seen:
                return None
            seen.add(piece)
            pattern.append(_FAST_DIRECTIVES.get(piece) or _FAST_TIME[piece])
            index += 2
        elif fmt[index] == "%":
            return None
        else:
            pattern.append(re.escape(fmt[index]))
            index += 1
    return re.compile("".join(pattern)) if {"%Y", "%m", "%d"} <= seen else None


def _make_parser(fmt: str) -> Callable[[str], dt.datetime]:
    pattern = _fast_pattern(fmt)
    if pattern is None:
        return lambda text: dt.datetime.strptime(text, fmt)  # noqa: DTZ007 - local dates; zones come later

    def parse(text: str) -> dt.datetime:
        match = pattern.fullmatch(text)
        if match is None:
            raise ValueError(text)
        parts = match.groupdict()
        return dt.datetime(  # noqa: DTZ001 - a wall time in the file; its zone is applied by the caller
            int(parts["Y"]),
            int(parts["m"]),
            int(parts["d"]),
            int(parts.get("H") or 0),
            int(parts.get("M") or 0),
            int(parts.get("S") or 0),
        )

    return parse


class DateReader:
    """Reads dates in the mapping's formats; remembers recent answers (a file repeats its dates a lot)."""

    def __init__(self, formats: Sequence[str]) -> None:
        self.formats = tuple(formats)
        self._parsers = tuple(_make_parser(fmt) for fmt in self.formats)
        self._text = lru_cache(maxsize=4096)(self._from_text)
        self._dates = lru_cache(maxsize=4096)(self._date_of_text)  # text as written → date, or None

    def _from_text(self, text: str) -> dt.datetime | None:
        for parse in self._parsers:
            try:
                moment = parse(text)
            except ValueError:
                continue
            if EARLIEST_YEAR <= moment.year <= LATEST_YEAR:
                return moment
        return None

    def _date_of_text(self, cell: str) -> dt.date | None:
        found = self._text(clean_text(cell))
        return None if found is None else found.date()

    def moment(self, cell: Cell) -> dt.datetime | None:
        """The (possibly naive) moment in the cell, or None when no format fits."""
        if cell.__class__ is str:
            return self._text(clean_text(cell))
        if isinstance(cell, dt.datetime):
            return cell
        if isinstance(cell, dt.date):
            return dt.datetime(cell.year, cell.month, cell.day)  # noqa: DTZ001 - a local date, zone applied later
        if isinstance(cell, Decimal):
            text = clean_text(cell)
            found = self._text(text)
            if found is None and cell.is_finite() and cell == cell.to_integral_value() and 1 <= cell <= 200_000:
                found = dt.datetime.combine(EXCEL_EPOCH + dt.timedelta(days=int(cell)), dt.time())  # a serial date
            return found
        if cell is None:
            return None
        return self._text(clean_text(cell))

    def date(self, cell: Cell) -> dt.date:
        if cell.__class__ is str:  # the common case, remembered as written (a file repeats its dates a lot)
            day = self._dates(cell)
            if day is not None:
                return day
            found = None
        else:
            found = self.moment(cell)
        if found is None or not EARLIEST_YEAR <= found.year <= LATEST_YEAR:
            raise CellError("import.value.date", value=clean_text(cell), formats=" | ".join(self.formats))
        return found.date()

    def month(self, cell: Cell) -> dt.date:
        """The first day of the month in the cell."""
        return self.date(cell).replace(day=1)


class MomentReader:
    """Reads moments (a payment's time); one without a zone is read in ``zone``. Returns aware UTC datetimes."""

    def __init__(self, formats: Sequence[str], dates: DateReader, zone: ZoneInfo) -> None:
        self._moments = DateReader(formats)
        self._dates = dates
        self._zone = zone
        self._in_utc = lru_cache(maxsize=8192)(self._wall_to_utc)  # a file repeats its moments a lot
        self._of_text = lru_cache(maxsize=8192)(self._read)  # text as written → UTC (a failure is not kept)

    def _wall_to_utc(self, wall: dt.datetime) -> dt.datetime:
        return wall.replace(tzinfo=self._zone).astimezone(dt.UTC)

    def moment(self, cell: Cell) -> dt.datetime:
        if cell.__class__ is str:
            return self._of_text(cell)
        return self._read(cell)

    def _read(self, cell: Cell) -> dt.datetime:
        found: dt.datetime | None
        if isinstance(cell, str):
            text = clean_text(cell)
            found = self._moments.moment(text) or self._dates.moment(text)
            if found is None:
                try:
                    found = dt.datetime.fromisoformat(text)
                except ValueError:
                    found = None
        else:
            found = self._moments.moment(cell)
        if found is None or not EARLIEST_YEAR <= found.year <= LATEST_YEAR:
            raise CellError("import.value.moment", value=clean_text(cell), formats=" | ".join(self._moments.formats))
        if found.tzinfo is None:
            return self._in_utc(found)
        if found.utcoffset() is None:
            found = found.replace(tzinfo=self._zone)
        return found.astimezone(dt.UTC)


@lru_cache(maxsize=4096)  # every row asks for the same few months
def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (or earlier), moved back to the month's last day when it has fewer days."""
    index = day.year * 12 + day.month - 1 + months
    return day_of_month(index // 12, index % 12 + 1, day.day)


@lru_cache(maxsize=4096)
def day_of_month(year: int, month: int, day: int) -> dt.date:
    """``day`` of the month, or its last day when the month is shorter (a due day of 31 in February)."""
    if not 1 <= month <= 12 or not EARLIEST_YEAR <= year <= LATEST_YEAR:
        raise CellError("import.value.date", value=f"{year:04d}-{month:02d}-{day:02d}", formats="")
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    last = (following - dt.timedelta(days=1)).day
    return dt.date(year, month, max(1, min(day, last)))


@dataclasses.dataclass(frozen=True)
class Phone:
    e164: str | None
    mobile: bool | None
    invalid_reason: str | None

    @property
    def dialable(self) -> bool:
        return self.e164 is not None


@lru_cache(maxsize=2048)
def parse_phone(raw: str, region: str) -> Phone:
    """A phone number as written in the file (``0812-3456-7890``, ``+62 21 555 0123``) read in ``region``."""
    number = _national(raw, region)
    if number is None:
        try:
            number = phonenumbers.parse(raw, region)
        except phonenumbers.NumberParseException:
            return Phone(None, None, INVALID_NUMBER)
    # number_type() is UNKNOWN exactly when is_valid_number() is false; one call answers both questions.
    kind = phonenumbers.number_type(number)
    if kind == phonenumbers.PhoneNumberType.UNKNOWN:
        return Phone(None, None, INVALID_NUMBER)
    mobile = kind in (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE)
    return Phone(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164), mobile, None)


def valid_zone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ValueError, KeyError, OSError):
        return False
    return "/" in name or name == "UTC"


def decimal_of(value: object) -> Decimal | None:
    """A TOML constant (int, float, text) as a Decimal, or None when it is not a number."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, str):
        try:
            return Decimal(value)
        except InvalidOperation:
            return None
    return None


# The common case read without phonenumbers.parse (most of a phone's cost): a national number written with digits and
# plain separators ("0812-3456-7890", "(021) 555 0123") in a region whose national prefix is a lone "0". It gives the
# same number as parse() would or None, and then parse() decides (tests/importer/test_values.py compares the two).
_NATIONAL_WRITING = re.compile(r"\(?0[1-9][0-9 ().-]*[0-9]")
_SEPARATORS = str.maketrans("", "", " ().-")


@lru_cache(maxsize=64)
def _prefix_rules(region: str) -> tuple[int, re.Pattern[str], re.Pattern[str] | None] | None:
    """(country code, the region's national number pattern, its international prefix) when the region's national
    prefix is a plain "0" stripped as it is; None for any other region (parse() reads those)."""
    metadata = phonenumbers.PhoneMetadata.metadata_for_region(region.upper(), None)
    if metadata is None or metadata.country_code is None:
        return None
    prefix, for_parsing = metadata.national_prefix, metadata.national_prefix_for_parsing
    if prefix != "0" or for_parsing not in (None, "0") or metadata.national_prefix_transform_rule:
        return None
    pattern = metadata.general_desc.national_number_pattern if metadata.general_desc else None
    if not pattern:
        return None
    idd = re.compile(metadata.international_prefix) if metadata.international_prefix else None
    return metadata.country_code, re.compile(pattern), idd


def _national(raw: str, region: str) -> phonenumbers.PhoneNumber | None:
    rules = _prefix_rules(region)
    if rules is None or not 3 <= len(raw) <= 40 or not _NATIONAL_WRITING.fullmatch(raw):
        return None
    country_code, pattern, idd = rules
    digits = raw.translate(_SEPARATORS)
    if not digits.isdigit() or (idd is not None and idd.match(digits)):
        return None
    national = digits[1:]
    if pattern.fullmatch(digits) and not pattern.fullmatch(national):
        return None  # parse() would keep the 0 here
    number = phonenumbers.PhoneNumber(country_code=country_code, national_number=int(national))
    if not 2 <= len(national) <= 17 or phonenumbers.is_possible_number_with_reason(number) not in (
        phonenumbers.ValidationResult.IS_POSSIBLE,
        phonenumbers.ValidationResult.TOO_LONG,
    ):
        return None  # parse() keeps the prefix on a number too short without it
    return number

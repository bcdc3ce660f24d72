"""Numbers as banks write them: exact ``Decimal`` from text with thousands separators of either kind, a decimal point
or comma, scientific notation (``5e+05``), parentheses or a trailing minus for negatives, and currency signs or codes
around the figure (``Rp 1.250.000,-``, ``NT$ 30,000``, ``1,250.00 USD``). Never a float, never a silent guess: a
figure whose separators do not fit the format is refused with a reason that says which setting to check.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from agent_desk.importer.sources import Cell
from agent_desk.importer.values import CellError, clean_text

CENT = Decimal("0.01")
MAX_AMOUNT = Decimal(10) ** 16  # NUMERIC(18, 2)
MAX_EXPONENT = 20
THOUSANDS = ("auto", ",", ".", " ", "'", "none")
_SPACES = "\u00a0\u2009\u202f"  # no-break, thin and narrow no-break spaces: thousands separators in print
_DIGITS = re.compile(r"[0-9]+")
_EXPONENT = re.compile(r"[eE]([+-]?[0-9]+)$")
# A currency around the figure: an ISO code, a sign (with the letters some put before it: US$, NT$, S$, HK$, R$),
# or a local abbreviation.
_SIGNS = "$€£¥₩₱₹฿₫₭₮₦₲₴₵₸₺₼₽¢"
_CURRENCY = re.compile(
    rf"(?P<code>[A-Za-z]{{3}})|(?:[A-Za-z]{{0,2}}[{_SIGNS}])|(?:rp|rm|rs|kr|fr|zł|lei|лв)\.?",
    re.IGNORECASE,
)
_LEAD = re.compile(r"^([^\d\s(+\-.,]*?)\s*(?=[\d(+\-.,])")


@dataclasses.dataclass(frozen=True)
class NumberFormat:
    """How a file writes numbers.

    Attributes:
        decimal_comma: ``1.250.000,50`` rather than ``1,250,000.50``.
        scale: implied decimals of amounts: 2 reads ``125050`` as 1250.50 (minor units), -3 reads ``1250`` as 1.25 M.
        thousands: the one thousands separator allowed (``","``, ``"."``, ``" "``, ``"'"``), ``"none"``, or ``"auto"``:
            the mark that is not the decimal one, and spaces.
        scientific: ``5e+05`` (how a spreadsheet writes round amounts) is a number.
        currency: when set, a currency code written beside a figure must be this one.
    """

    decimal_comma: bool = False
    scale: int = 0
    thousands: str = "auto"
    scientific: bool = True
    currency: str | None = None

    @property
    def decimal_mark(self) -> str:
        return "," if self.decimal_comma else "."

    def group_marks(self) -> str:
        if self.thousands == "none":
            return ""
        if self.thousands == "auto":
            return ("." if self.decimal_comma else ",") + " '" + _SPACES
        return self.thousands + (_SPACES if self.thousands == " " else "")


def parse_amount(cell: Cell, number_format: NumberFormat) -> Decimal:
    """An exact amount of money with at most two decimals (after ``scale``)."""
    if isinstance(cell, str):
        return _amount_of_text(cell, number_format)
    return _amount(cell, number_format)


def amount_reader(number_format: NumberFormat) -> Callable[[Cell], Decimal]:
    """:func:`parse_amount` in one format, remembering the texts it has read (a file repeats its amounts a lot)
    without hashing the format at every cell."""

    @lru_cache(maxsize=16384)
    def of_text(text: str) -> Decimal:
        return _amount(text, number_format)

    def read(cell: Cell) -> Decimal:
        if cell.__class__ is str:
            return of_text(cell)
        return _amount(cell, number_format)

    return read


@lru_cache(maxsize=65536)  # a file repeats its amounts (installments, bills) a lot
def _amount_of_text(cell: str, number_format: NumberFormat) -> Decimal:
    return _amount(cell, number_format)


def _amount(cell: Cell, number_format: NumberFormat) -> Decimal:
    if isinstance(cell, Decimal):
        value = cell
    elif isinstance(cell, str):
        value = parse_number(cell, number_format)
    else:
        raise CellError("import.value.amount", value=clean_text(cell))
    if not value.is_finite():
        raise CellError("import.value.amount", value=clean_text(cell))
    if number_format.scale:
        value = value.scaleb(-number_format.scale)
    if abs(value) >= MAX_AMOUNT:
        raise CellError("import.value.amount_too_large", value=clean_text(cell))
    if value != value.quantize(CENT):
        raise CellError("import.value.amount_decimals", value=clean_text(cell))
    return value.quantize(CENT)


def parse_number(text: str, number_format: NumberFormat) -> Decimal:
    """A number written in text (no scale applied); raises :class:`CellError` with the reason."""
    return _parse(text, number_format)


@lru_cache(maxsize=16384)  # a file repeats its amounts (installments, bills) a lot
def _parse(raw: str, number_format: NumberFormat) -> Decimal:
    shown = clean_text(raw)
    text = shown
    if not text:
        raise CellError("import.value.amount", value=shown)
    negative = False
    text, currency_before = _strip_currency(text, shown, number_format, leading=True)
    text, currency_after = _strip_currency(text, shown, number_format, leading=False)
    if currency_before and currency_after:
        raise CellError("import.value.amount", value=shown)
    for no_cents in ("--", "-", "\u2013", "\u2014"):  # "Rp 50.000,-" is fifty thousand exactly, not negative
        if text.endswith(number_format.decimal_mark + no_cents):
            text = text[: -len(number_format.decimal_mark + no_cents)]
            break
    if text.startswith("(") and text.endswith(")"):
        negative, text = True, text[1:-1].strip()
    if text.endswith("-"):
        negative, text = not negative, text[:-1].rstrip()
    if text.startswith(("-", "+")):
        negative, text = negative != (text[0] == "-"), text[1:]
    text, _ = _strip_currency(text, shown, number_format, leading=True)  # "-Rp 1.000"
    if text.startswith(("(", "-", "+")):
        raise CellError("import.value.amount", value=shown)
    exponent = 0
    found = _EXPONENT.search(text)
    if found is not None:
        if not number_format.scientific:
            raise CellError("import.value.amount_scientific", value=shown)
        exponent = int(found.group(1))
        if abs(exponent) > MAX_EXPONENT:
            raise CellError("import.value.amount_too_large", value=shown)
        text = text[: found.start()]
    value = _figure(text, shown, number_format, plain=found is not None)
    if exponent:
        value = value.scaleb(exponent)
    return -value if negative else value


def _strip_currency(text: str, shown: str, number_format: NumberFormat, *, leading: bool) -> tuple[str, str]:
    """The text without a currency sign or code at its start (or end), and that currency."""
    if leading:
        match = _LEAD.match(text)
        if match is None or not match.group(1):
            return text, ""
        found, rest = match.group(1), text[match.end() :]
    else:
        index = len(text)
        while index and not (text[index - 1].isdigit() or text[index - 1] in ").,-\u2013\u2014"):
            index -= 1
        found, rest = text[index:].strip(), text[:index].rstrip()
        if not found:
            return text, ""
    currency = _CURRENCY.fullmatch(found)
    if currency is None:
        raise CellError("import.value.amount", value=shown)
    code = currency.group("code")
    expected = number_format.currency
    if code is not None and expected is not None and code.upper() != expected:
        raise CellError("import.value.amount_currency", value=shown, found=code.upper(), expected=expected)
    return rest, found


def _figure(text: str, shown: str, number_format: NumberFormat, *, plain: bool) -> Decimal:
    """Digits with thousands separators and one decimal mark → a Decimal."""
    mark = number_format.decimal_mark
    other = "." if mark == "," else ","
    groups = number_format.group_marks()
    if text.count(mark) > 1 and mark not in groups:
        hint = "import.value.amount_hint_comma" if mark == "." else "import.value.amount_hint_point"
        raise CellError(hint, value=shown)
    whole, has_mark, fraction = text.partition(mark)
    if has_mark and not fraction:
        fraction = "0"
    if other in fraction or any(ch in groups for ch in fraction):
        raise CellError("import.value.amount", value=shown)
    separators = [ch for ch in whole if not ch.isdigit()]
    if separators:
        whole = _ungrouped(whole, separators, shown, number_format, plain=plain)
    if not whole and fraction:
        whole = "0"
    if not _DIGITS.fullmatch(whole) or (fraction and not _DIGITS.fullmatch(fraction)):
        raise CellError("import.value.amount", value=shown)
    try:
        return Decimal(f"{whole}.{fraction}" if fraction else whole)
    except InvalidOperation as error:  # pragma: no cover - the text is digits only by now
        raise CellError("import.value.amount", value=shown) from error


def _ungrouped(whole: str, separators: list[str], shown: str, number_format: NumberFormat, *, plain: bool) -> str:
    """The integer part without its thousands separators, checked: groups of three after the first."""
    mark = number_format.decimal_mark
    other = "." if mark == "," else ","
    groups = number_format.group_marks()
    if plain:  # the mantissa of scientific notation has no thousands
        raise CellError("import.value.amount", value=shown)
    stranger = next((ch for ch in separators if ch not in groups), None)
    if stranger is not None:
        if stranger == other and whole.count(other) > 1 and number_format.thousands == "auto":
            hint = "import.value.amount_hint_comma" if mark == "." else "import.value.amount_hint_point"
            raise CellError(hint, value=shown)
        if stranger in ".,'" or stranger.isspace():
            raise CellError("import.value.amount_separator", value=shown, mark=stranger.replace("\u00a0", " "))
        raise CellError("import.value.amount", value=shown)
    if len(set(separators)) > 1:
        raise CellError("import.value.amount", value=shown)
    parts = whole.split(separators[0])
    if not (1 <= len(parts[0]) <= 3 and all(len(part) == 3 for part in parts[1:])):
        raise CellError("import.value.amount_groups", value=shown, mark=separators[0].replace("\u00a0", " "))
    return "".join(parts)

"""A mapping bound to a file's header: where each field's cell is, and how it becomes a value.

:func:`check_columns` finds the mapped columns in the header; :class:`Converters` makes the parser of each kind of
field (amounts with the mapping's decimal comma and scale, dates in its formats, zones from its table); a
:class:`Field` reads one field of a row and records any problem on the row's record instead of raising.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from agent_desk.importer.expr_functions import ExpressionError
from agent_desk.importer.fields import FieldType, Kind
from agent_desk.importer.issues import Issue, Severity
from agent_desk.importer.numbers import NumberFormat, amount_reader, parse_amount, parse_number
from agent_desk.importer.records import Record
from agent_desk.importer.sources import Cell
from agent_desk.importer.spec import FieldSpec, Formats, ImportMapping, StatusTable, map_key
from agent_desk.importer.values import (
    CellError,
    DateReader,
    MomentReader,
    clean_text,
    parse_decimal,
    parse_int,
    valid_zone,
)
from agent_desk.importer.zones import zone_key

PLAIN = NumberFormat()
Converter = Callable[[Cell, bool], Any]


class TruncatedTextError(CellError):
    """Descriptive text longer than its column: kept cut to length, with a warning."""

    def __init__(self, kept: str, length: int, limit: int) -> None:
        super().__init__("import.value.truncated", length=length, limit=limit)
        self.kept = kept


class _Invalid:
    """A value that could not be read (its issue is already recorded)."""


INVALID = _Invalid()


@dataclasses.dataclass(frozen=True)
class ColumnCheck:
    missing: tuple[tuple[str, str], ...]  # (column, field) the mapping needs and the file lacks
    optional_missing: tuple[tuple[str, str], ...]
    ignored: tuple[str, ...]
    ambiguous: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.missing and not self.ambiguous


def _normal(name: str) -> str:
    return " ".join(name.split()).casefold()


def check_columns(mapping: ImportMapping, header: Sequence[str]) -> tuple[ColumnCheck, dict[str, int]]:
    """Which mapped columns the header lacks (or holds twice), and which it has that the mapping ignores."""
    exact: dict[str, list[int]] = {}
    loose: dict[str, list[int]] = {}
    for index, name in enumerate(header):
        exact.setdefault(name, []).append(index)
        loose.setdefault(_normal(name), []).append(index)
    positions: dict[str, int] = {}
    missing: list[tuple[str, str]] = []
    optional_missing: list[tuple[str, str]] = []
    ambiguous: list[str] = []
    used: set[int] = set()
    for column, uses in mapping.column_uses().items():
        found = exact.get(column) or loose.get(_normal(column)) or []
        if len(found) > 1:
            ambiguous.append(column)
        elif found:
            positions[column] = found[0]
            used.add(found[0])
        elif all(optional for _, optional in uses):
            optional_missing.append((column, uses[0][0]))
        else:
            missing.append((column, next(target for target, optional in uses if not optional)))
    ignored = tuple(name for index, name in enumerate(header) if index not in used and name)
    return ColumnCheck(tuple(missing), tuple(optional_missing), ignored, tuple(ambiguous)), positions


Getter = Callable[[Sequence[Cell]], Cell]


def _column_getter(index: int) -> Getter:
    return lambda cells: cells[index] if index < len(cells) else None


class Field:
    """A field spec bound to the header: reads, maps and converts one value, recording any problem."""

    __slots__ = (
        "_constant",
        "_convert",
        "_default",
        "_get",
        "_index",
        "_map",
        "_severity",
        "from_file",
        "label",
        "spec",
        "type",
    )

    def __init__(
        self,
        spec: FieldSpec,
        positions: dict[str, int],
        convert: Converter,
        severity: Severity,
        getter: Getter | None = None,
    ) -> None:
        self.spec = spec
        self.type: FieldType = spec.type
        self._severity = Severity.WARNING if spec.type.kind is Kind.ZONE else severity
        self._map = spec.map
        self._default = spec.default
        self.from_file = not spec.has_value
        self._get = getter or self._getter(spec, positions)
        # The common case — a column of the file — is read without a call.
        plain_column = getter is None and not spec.has_value and spec.column is not None and spec.column in positions
        self._index = positions[spec.column] if plain_column and spec.column is not None else -1
        self.label = spec.column or (
            spec.template.text if spec.template else spec.expr.text if spec.expr else "(value)"
        )
        self._convert = convert
        self._constant: Any = INVALID  # a constant's value, converted once (it was checked when the mapping loaded)
        if spec.has_value and spec.map is None and getter is None and spec.value is not None:
            try:
                self._constant = convert(spec.value, True)
            except CellError:
                self._constant = INVALID

    @staticmethod
    def _getter(spec: FieldSpec, positions: dict[str, int]) -> Getter:
        if spec.has_value:
            constant = spec.value
            return lambda cells: constant
        if spec.column is not None:
            if spec.column not in positions:
                return lambda cells: None  # an optional column the file lacks
            return _column_getter(positions[spec.column])
        assert spec.template is not None
        parts = [
            (True, _column_getter(positions[value])) if is_column and value in positions else (is_column, value)
            for is_column, value in spec.template.parts
        ]

        def render(cells: Sequence[Cell]) -> Cell:
            pieces: list[str] = []
            filled = False
            for is_column, part in parts:
                if is_column:
                    text = clean_text(part(cells)) if callable(part) else ""
                    filled = filled or bool(text)
                    pieces.append(text)
                else:
                    pieces.append(str(part))
            return "".join(pieces) if filled else None

        return render

    def read(self, cells: Sequence[Cell], record: Record) -> Any:
        """The converted value, None when blank, or :data:`INVALID` (with an issue on the record)."""
        if self._constant is not INVALID:
            return self._constant
        index = self._index
        if index >= 0:
            cell = cells[index] if index < len(cells) else None
        else:
            try:
                cell = self._get(cells)
            except ExpressionError as problem:  # a cell the expression reads, or the expression itself
                column = problem.column or self.label
                record.problem(Issue(record.row, column, problem.cell[:200], self._severity, problem.message))
                return INVALID
        plain = not self.from_file
        blank = cell is None or (cell.__class__ is str and (not cell or cell.isspace()))
        if blank and self._default is None:
            return None
        if self._map is not None and not blank:
            key = map_key(clean_text(cell))
            if key in self._map:
                cell, plain = self._map[key], True
        if blank:
            if self._default is None:
                return None
            cell, plain = self._default, True
        try:
            return self._convert(cell, plain)
        except TruncatedTextError as cut:
            record.problem(Issue(record.row, self.label, clean_text(cell)[:200], Severity.WARNING, cut.message))
            return cut.kept
        except CellError as problem:
            record.problem(Issue(record.row, self.label, clean_text(cell)[:200], self._severity, problem.message))
            return INVALID


class Converters:
    """The parsers of a mapping's fields, sharing its date readers (and their caches)."""

    def __init__(
        self,
        formats: Formats,
        zones: Mapping[str, str],
        *,
        currency_check: str | None = None,
        status_tables: Mapping[str, StatusTable] | None = None,
    ) -> None:
        self.formats = formats
        self.zones = zones
        self.status_tables = status_tables or {}
        self._currency_check = currency_check  # a currency code beside an amount must be this one
        self._zone = ZoneInfo(formats.timezone)
        self._dates = DateReader(formats.date_formats)
        self._months = DateReader(formats.month_formats + formats.date_formats)
        self._moments = MomentReader(formats.datetime_formats, self._dates, self._zone)
        self._amounts: dict[NumberFormat, Callable[[Cell], Decimal]] = {}  # one reader (and cache) per format

    def converter(self, spec: FieldSpec) -> Converter:
        """The function that turns a cell (``plain``: a constant from the mapping) into the field's value."""
        kind = spec.type.kind
        if kind is Kind.AMOUNT:
            number_format = self.number_format(spec)
            if number_format not in self._amounts:
                self._amounts[number_format] = amount_reader(number_format)
            read = self._amounts[number_format]
            return lambda cell, plain: parse_amount(cell, PLAIN) if plain else read(cell)
        if spec.status_table is not None:
            return self._status(spec.status_table)
        if kind is Kind.INTEGER:
            return lambda cell, plain: parse_int(cell)
        if kind is Kind.NUMBER:
            number_format = self.number_format()
            return lambda cell, plain: parse_plain_number(cell, number_format)
        if kind is Kind.FLAG:
            return _flag
        if kind in (Kind.DATE, Kind.MONTH):
            dates = DateReader(spec.formats) if spec.formats else self._months if kind is Kind.MONTH else self._dates
            return (
                (lambda cell, plain: dates.month(cell))
                if kind is Kind.MONTH
                else (lambda cell, plain: dates.date(cell))
            )
        if kind is Kind.MOMENT:
            moments = MomentReader(spec.formats, self._dates, self._zone) if spec.formats else self._moments
            return lambda cell, plain: moments.moment(cell)
        if kind is Kind.CHOICE:
            return self._choice(spec.type)
        if kind is Kind.CURRENCY:
            return _currency
        if kind is Kind.ZONE:
            return self._timezone
        return self._text(spec.type)

    def number_format(self, spec: FieldSpec | None = None) -> NumberFormat:
        """How the file (or this field, where it says otherwise) writes its numbers."""
        formats = self.formats

        def pick(own: Any, default: Any) -> Any:
            return default if own is None else own

        return NumberFormat(
            decimal_comma=pick(spec and spec.decimal_comma, formats.decimal_comma),
            scale=pick(spec and spec.scale, formats.amount_scale),
            thousands=pick(spec and spec.thousands, formats.thousands),
            scientific=pick(spec and spec.scientific, formats.scientific),
            currency=self._currency_check,
        )

    @staticmethod
    def _text(field_type: FieldType) -> Callable[[Cell, bool], Any]:
        limit = field_type.max_length
        identifier = field_type.identifier

        def convert(cell: Cell, plain: bool) -> str | None:
            text = clean_text(cell)
            if limit is not None and len(text) > limit:
                if identifier:
                    raise CellError("import.value.too_long", length=len(text), limit=limit)
                raise TruncatedTextError(text[:limit].rstrip(), len(text), limit)
            return text or None

        return convert

    @staticmethod
    def _choice(field_type: FieldType) -> Callable[[Cell, bool], Any]:
        allowed = {value.casefold(): value for value in field_type.choices}

        def convert(cell: Cell, plain: bool) -> str:
            text = clean_text(cell)
            found = allowed.get(text.casefold().replace(" ", "_"))
            if found is None:
                raise CellError("import.value.choice", value=text, allowed=", ".join(field_type.choices))
            return found

        return convert

    def _status(self, name: str) -> Converter:
        table = self.status_tables[name]

        def convert(cell: Cell, plain: bool) -> StatusCode:
            code = clean_text(cell)
            late = table.codes.get(map_key(code))
            if late is None:
                shown = ", ".join(sorted(table.codes)[:20])
                raise CellError("import.value.status_code", value=code, table=name, codes=shown)
            return StatusCode(code, table.days(late))

        return convert

    def _timezone(self, cell: Cell, plain: bool) -> str:
        text = clean_text(cell)
        zone = self.zones.get(zone_key(text))
        if zone is None and valid_zone(text):
            zone = text
        if zone is None:
            raise CellError("import.value.zone", value=text)
        return zone


@dataclasses.dataclass(frozen=True, slots=True)
class StatusCode:
    """A status code as the file writes it, and the days past due it stands for (the first day of its band)."""

    code: str
    days: int


_FLAGS = {"true": True, "yes": True, "y": True, "1": True, "false": False, "no": False, "n": False, "0": False}


def _flag(cell: Cell, plain: bool) -> bool:
    text = clean_text(cell).casefold()
    if text not in _FLAGS:
        raise CellError("import.value.flag", value=text)
    return _FLAGS[text]


def parse_plain_number(cell: Cell, number_format: NumberFormat) -> Decimal:
    """A number for an attribute, in the file's number format, with at most four decimals."""
    if isinstance(cell, str):
        cell = parse_number(cell, number_format)
    return parse_decimal(cell)


def _currency(cell: Cell, plain: bool) -> str:
    text = clean_text(cell).upper()
    if len(text) != 3 or not text.isascii() or not text.isalpha():
        raise CellError("import.value.currency", value=text)
    return text

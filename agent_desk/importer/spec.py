"""What a mapping file says, once read and checked (see :mod:`agent_desk.importer.mapping` for the reading)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import Any

from agent_desk.importer.expr_functions import Value
from agent_desk.importer.expressions import Expression
from agent_desk.importer.fields import FieldType
from agent_desk.importer.sources import Cell, SourceSettings
from agent_desk.importer.values import DEFAULT_DATE_FORMATS, DEFAULT_DATETIME_FORMATS, DEFAULT_MONTH_FORMATS
from agent_desk.text import Message


class MappingError(Exception):
    """The mapping file is wrong; the message says where and how."""

    def __init__(self, message: Message) -> None:
        super().__init__(message.render())
        self.message = message


@dataclasses.dataclass(frozen=True)
class Formats:
    """The mapping's ``[format]`` table: how the file writes numbers, dates and times, and what it leaves unsaid."""

    country: str = "ID"
    timezone: str = "Asia/Jakarta"
    currency: str = "IDR"
    language: str = "id"
    date_formats: tuple[str, ...] = DEFAULT_DATE_FORMATS
    datetime_formats: tuple[str, ...] = DEFAULT_DATETIME_FORMATS
    month_formats: tuple[str, ...] = DEFAULT_MONTH_FORMATS
    decimal_comma: bool = False
    amount_scale: int = 0
    thousands: str = "auto"
    scientific: bool = True
    reference_amount: Decimal | None = None  # the priority score's unit for ``currency``, when the book has none


@dataclasses.dataclass(frozen=True)
class Template:
    """Text built from columns: ``"{CIF}-{NO_REK}"``. ``{{`` and ``}}`` are literal braces."""

    text: str
    parts: tuple[tuple[bool, str], ...]  # (is_column, literal text or column name)

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(value for is_column, value in self.parts if is_column)


@dataclasses.dataclass(frozen=True)
class FieldSpec:
    """Where one field's value comes from: a column, a template or a constant, then an optional value map."""

    target: str
    type: FieldType
    column: str | None = None
    template: Template | None = None
    value: Cell = None
    has_value: bool = False
    map: Mapping[str, Any] | None = None
    default: Cell = None
    formats: tuple[str, ...] | None = None
    optional: bool = False
    decimal_comma: bool | None = None
    scale: int | None = None
    thousands: str | None = None
    scientific: bool | None = None
    expr: Expression | None = None
    status_table: str | None = None  # codes → days past due, through the mapping's [status_tables.NAME]

    @property
    def columns(self) -> tuple[str, ...]:
        if self.column is not None:
            return (self.column,)
        if self.expr is not None:
            return self.expr.columns
        return self.template.columns if self.template is not None else ()


@dataclasses.dataclass(frozen=True)
class StatusTable:
    """A lender's status codes (months-late codes, "paid duly", "no use") and how late each says the account is.

    ``codes`` maps a code (as :func:`map_key` reads it) to a number of ``unit`` (``months`` or ``days``); 0 is
    current. A code of *m* months late means at least ``30 × (m − 1) + 1`` days past due, the first day of its band.
    """

    name: str
    unit: str
    codes: Mapping[str, int]

    def days(self, late: int) -> int:
        if self.unit == "days" or late <= 0:
            return max(0, late)
        return 30 * (late - 1) + 1


Fields = dict[str, FieldSpec]


@dataclasses.dataclass(frozen=True)
class Group:
    """One ``[[contacts]]``, ``[[payment_instructions]]``, ``[[installments]]`` or ``[[payments]]`` entry.

    With ``periods`` the entry repeats: each period's text replaces ``{n}`` in its column names and templates;
    ``expansions`` holds the fields of each period (one entry, period None, when it does not repeat).
    """

    fields: Fields
    periods: tuple[str, ...] = ()
    expansions: tuple[tuple[str | None, Fields], ...] = ()
    variable: str = "n"  # ``for = "n in 1..6"``: the name expressions use for the period
    values: Mapping[str, Value] = dataclasses.field(default_factory=dict)  # period text → the variable's value

    def expanded(self) -> Iterator[tuple[str | None, Fields]]:
        yield from self.expansions or ((None, self.fields),)

    def variables(self, period: str | None) -> dict[str, Value]:
        return {} if period is None else {self.variable: self.values.get(period, period)}


@dataclasses.dataclass(frozen=True)
class ImportMapping:
    name: str
    description: str
    fingerprint: str
    source: SourceSettings
    grain: str
    formats: Formats
    customer: Fields
    account: Fields
    contacts: tuple[Group, ...]
    instructions: tuple[Group, ...]
    installments: tuple[Group, ...]
    payments: tuple[Group, ...]
    zones: Mapping[str, str]
    lets: Mapping[str, Expression] = dataclasses.field(default_factory=dict)
    tables: Mapping[str, Mapping[str, Value]] = dataclasses.field(default_factory=dict)
    status_tables: Mapping[str, StatusTable] = dataclasses.field(default_factory=dict)
    attributes: Fields = dataclasses.field(default_factory=dict)  # name → spec, ``type`` in the spec's kind
    anonymised: bool = False  # the file gives no real names: display names are made up and marked so

    def column_uses(self) -> dict[str, list[tuple[str, bool]]]:
        """Each column the mapping reads → the fields it feeds, and whether it may be missing from the file."""
        uses: dict[str, list[tuple[str, bool]]] = {}
        for spec in self.all_specs():
            for column in spec.columns:
                uses.setdefault(column, []).append((spec.target, spec.optional))
        for name, expression in self.lets.items():
            for column in expression.columns:
                uses.setdefault(column, []).append((f"let.{name}", False))
        return uses

    def all_specs(self) -> Iterator[FieldSpec]:
        yield from self.customer.values()
        yield from self.account.values()
        yield from self.attributes.values()
        for groups in (self.contacts, self.instructions, self.installments, self.payments):
            for group in groups:
                for _, fields in group.expanded():
                    yield from fields.values()


def map_key(text: str) -> str:
    """Value-map keys match case-insensitively and ignore surrounding and repeated spaces."""
    return " ".join(text.split()).casefold()

"""One file row through the mapping: a :class:`Record` (customer, account, contacts, history) and its issues.

:func:`compile_mapping` binds a mapping to a file's header once (column positions, parsers); :meth:`RowReader.read`
then turns each row into plain values. It never raises for bad input: every problem becomes an :class:`Issue`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from agent_desk.importer.fields import AUTO_KIND, FieldType, Kind
from agent_desk.importer.issues import Issue, Severity, issue
from agent_desk.importer.mapping import Fields, FieldSpec, Group, ImportMapping, map_key
from agent_desk.importer.sources import Cell
from agent_desk.importer.values import (
    CellError,
    DateReader,
    MomentReader,
    NumberFormat,
    add_months,
    clean_text,
    day_of_month,
    is_blank,
    parse_amount,
    parse_int,
    parse_phone,
    valid_zone,
)
from agent_desk.importer.zones import zone_key
from db.models import AccountStatus, ContactKind, ContactOwner, PaymentKind

ZERO = Decimal("0.00")
PLAIN = NumberFormat()


class TruncatedTextError(CellError):
    """Descriptive text longer than its column: kept cut to length, with a warning."""

    def __init__(self, kept: str, length: int, limit: int) -> None:
        super().__init__("import.value.truncated", length=length, limit=limit)
        self.kept = kept


class _Invalid:
    """A value that could not be read (its issue is already recorded)."""


INVALID = _Invalid()


@dataclasses.dataclass(slots=True)
class ContactData:
    kind: ContactKind
    owner: ContactOwner
    owner_name: str | None
    relationship: str | None
    raw_value: str
    e164: str | None
    invalid_reason: str | None
    timezone: str | None

    @property
    def key(self) -> str:
        """Two entries are the same number when their E.164 (or, failing that, their text) is the same."""
        return self.e164 or "".join(ch for ch in self.raw_value.casefold() if not ch.isspace() and ch not in "-().")

    @property
    def usable(self) -> bool:
        """A number the debt may be discussed on: the customer's own, and dialable."""
        return self.e164 is not None and self.owner is ContactOwner.SELF and self.kind is not ContactKind.EMAIL


@dataclasses.dataclass(slots=True)
class Record:
    row: int
    account_number: str | None
    customer_number: str | None = None
    customer: dict[str, Any] = dataclasses.field(default_factory=dict)
    account: dict[str, Any] = dataclasses.field(default_factory=dict)
    team: str | None = None
    agent: str | None = None
    contacts: list[ContactData] = dataclasses.field(default_factory=list)
    instructions: list[tuple[str, str, str]] = dataclasses.field(default_factory=list)
    installments: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    payments: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    issues: list[Issue] = dataclasses.field(default_factory=list)

    @property
    def has_errors(self) -> bool:
        return any(item.is_error for item in self.issues)


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

    __slots__ = ("_convert", "_default", "_get", "_map", "_severity", "from_file", "label", "spec", "type")

    def __init__(self, spec: FieldSpec, positions: dict[str, int], reader: RowReader, severity: Severity) -> None:
        self.spec = spec
        self.type: FieldType = spec.type
        self._severity = Severity.WARNING if spec.type.kind is Kind.ZONE else severity
        self._map = spec.map
        self._default = spec.default
        self.from_file = not spec.has_value
        self._get = self._getter(spec, positions)
        self.label = spec.column or (spec.template.text if spec.template else "(value)")
        self._convert = reader.converter(spec)

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
        cell = self._get(cells)
        plain = not self.from_file
        if self._map is not None and not is_blank(cell):
            key = map_key(clean_text(cell))
            if key in self._map:
                cell, plain = self._map[key], True
        if is_blank(cell):
            if self._default is None:
                return None
            cell, plain = self._default, True
        try:
            return self._convert(cell, plain)
        except TruncatedTextError as cut:
            record.issues.append(Issue(record.row, self.label, clean_text(cell)[:200], Severity.WARNING, cut.message))
            return cut.kept
        except CellError as problem:
            record.issues.append(Issue(record.row, self.label, clean_text(cell)[:200], self._severity, problem.message))
            return INVALID


class RowReader:
    """A mapping compiled for one file: turns its rows into records."""

    def __init__(self, mapping: ImportMapping, positions: dict[str, int], *, fingerprint: str, today: dt.date) -> None:
        self.mapping = mapping
        formats = mapping.formats
        self._fingerprint = fingerprint[:16]
        self._today = today
        self._zone = ZoneInfo(formats.timezone)
        self._dates = DateReader(formats.date_formats)
        self._months = DateReader(formats.month_formats + formats.date_formats)
        self._moments = MomentReader(formats.datetime_formats, self._dates, self._zone)
        self.customer = self._bind(mapping.customer, positions, Severity.ERROR)
        self.account = self._bind(mapping.account, positions, Severity.ERROR)
        self.contacts = self._groups(mapping.contacts, positions, Severity.WARNING)
        self.instructions = self._groups(mapping.instructions, positions, Severity.WARNING)
        self.installments = self._groups(mapping.installments, positions, Severity.ERROR)
        self.payments = self._groups(mapping.payments, positions, Severity.ERROR)

    def _bind(self, fields: Fields, positions: dict[str, int], severity: Severity) -> dict[str, Field]:
        return {name: Field(spec, positions, self, severity) for name, spec in fields.items()}

    def _groups(
        self, groups: tuple[Group, ...], positions: dict[str, int], severity: Severity
    ) -> list[tuple[str, dict[str, Field]]]:
        bound = []
        for index, group in enumerate(groups):
            for period, fields in group.expanded():
                tag = f"{index + 1}" if period is None else f"{index + 1}.{period}"
                bound.append((tag, self._bind(fields, positions, severity)))
        return bound

    def converter(self, spec: FieldSpec) -> Callable[[Cell, bool], Any]:
        """The function that turns a cell (``plain``: a constant from the mapping) into the field's value."""
        kind = spec.type.kind
        formats = self.mapping.formats
        if kind is Kind.AMOUNT:
            number_format = NumberFormat(
                formats.decimal_comma if spec.decimal_comma is None else spec.decimal_comma,
                formats.amount_scale if spec.scale is None else spec.scale,
            )
            return lambda cell, plain: parse_amount(cell, PLAIN if plain else number_format)
        if kind is Kind.INTEGER:
            return lambda cell, plain: parse_int(cell)
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

    def _timezone(self, cell: Cell, plain: bool) -> str:
        text = clean_text(cell)
        zone = self.mapping.zones.get(zone_key(text))
        if zone is None and valid_zone(text):
            zone = text
        if zone is None:
            raise CellError("import.value.zone", value=text)
        return zone

    # ----------------------------------------------------------------------------------------------------------

    def read(self, number: int, cells: Sequence[Cell]) -> Record:
        record = Record(row=number, account_number=None)
        account = self._values(self.account, cells, record)
        number_value = account.pop("account_number", None)
        if number_value is None:
            record.issues.append(
                issue(number, self.account["account_number"].label, "", Severity.ERROR, "import.row.no_account_number")
            )
        elif number_value is not INVALID:
            record.account_number = number_value
        as_of = account.pop("as_of", None)
        as_of_date = as_of if isinstance(as_of, dt.date) else self._today
        if self.mapping.grain == "account":
            self._account(record, account, cells)
        self._installments(record, cells, as_of_date, account.get("next_due_date"))
        self._payments(record, cells)
        return record

    def _values(self, fields: dict[str, Field], cells: Sequence[Cell], record: Record) -> dict[str, Any]:
        return {name: field.read(cells, record) for name, field in fields.items()}

    def _account(self, record: Record, account: dict[str, Any], cells: Sequence[Cell]) -> None:
        customer = self._values(self.customer, cells, record)
        customer_number = customer.pop("customer_number", None)
        if customer_number is None:
            label = self.customer["customer_number"].label
            record.issues.append(issue(record.row, label, "", Severity.ERROR, "import.row.no_customer_number"))
        elif customer_number is not INVALID:
            record.customer_number = customer_number
        if customer.get("full_name", "") is None:
            label = self.customer["full_name"].label
            record.issues.append(issue(record.row, label, "", Severity.ERROR, "import.row.no_name"))
        if account.get("outstanding", "") is None:
            label = self.account["outstanding"].label
            record.issues.append(issue(record.row, label, "", Severity.ERROR, "import.row.no_outstanding"))
        if account.get("product", "") is None:
            label = self.account["product"].label
            record.issues.append(issue(record.row, label, "", Severity.ERROR, "import.row.no_product"))
        dpd = account.get("days_past_due")
        if isinstance(dpd, int) and dpd < 0:
            label = self.account["days_past_due"].label
            record.issues.append(issue(record.row, label, str(dpd), Severity.ERROR, "import.row.negative_dpd"))
        record.team = _text_or_none(customer.pop("team", None))
        record.agent = _text_or_none(customer.pop("agent", None))
        self._zone_from_province(record, customer)
        record.customer = {key: value for key, value in customer.items() if value is not INVALID}
        record.account = {key: value for key, value in account.items() if value is not INVALID}
        self._contacts(record, cells)
        self._instructions(record, cells)

    def _zone_from_province(self, record: Record, customer: dict[str, Any]) -> None:
        """A customer without a (valid) zone in the file takes the zone of their province, when mapped."""
        if isinstance(customer.get("timezone"), str) or "province" not in self.customer:
            return
        province = customer.get("province")
        zone = self.mapping.zones.get(zone_key(province)) if isinstance(province, str) else None
        if zone is None and isinstance(province, str):
            label = self.customer["province"].label
            record.issues.append(issue(record.row, label, province, Severity.WARNING, "import.row.unknown_province"))
        customer["timezone"] = zone

    def _contacts(self, record: Record, cells: Sequence[Cell]) -> None:
        seen: set[str] = set()
        for _, fields in self.contacts:
            values = self._values(fields, cells, record)
            raw = values.get("value")
            if not isinstance(raw, str):
                continue
            kind_text = values.get("kind") if isinstance(values.get("kind"), str) else AUTO_KIND
            owner_text = values.get("owner")
            owner = ContactOwner(owner_text) if isinstance(owner_text, str) else ContactOwner.SELF
            if owner_text is INVALID:
                owner = ContactOwner.OTHER  # never treat a number of unknown ownership as the debtor's own
            contact = self._contact(record, fields["value"].label, raw, str(kind_text), owner)
            contact.owner_name = _text_or_none(values.get("owner_name"))
            contact.relationship = _text_or_none(values.get("relationship"))
            contact.timezone = _text_or_none(values.get("timezone"))
            if contact.key not in seen:
                seen.add(contact.key)
                record.contacts.append(contact)
        if not any(contact.usable for contact in record.contacts):
            record.issues.append(issue(record.row, "", "", Severity.WARNING, "import.row.no_contact_point"))

    def _contact(self, record: Record, label: str, raw: str, kind_text: str, owner: ContactOwner) -> ContactData:
        if kind_text == ContactKind.EMAIL or (kind_text == AUTO_KIND and "@" in raw):
            return ContactData(ContactKind.EMAIL, owner, None, None, raw, None, None, None)
        phone = parse_phone(raw, self.mapping.formats.country)
        if kind_text == AUTO_KIND:
            kind = ContactKind.MOBILE if phone.mobile is not False else ContactKind.HOME
        else:
            kind = ContactKind(kind_text)
        if not phone.dialable:
            record.issues.append(issue(record.row, label, raw, Severity.WARNING, "import.row.phone_invalid"))
        return ContactData(kind, owner, None, None, raw, phone.e164, phone.invalid_reason, None)

    def _instructions(self, record: Record, cells: Sequence[Cell]) -> None:
        seen: set[tuple[str, str]] = set()
        for _, fields in self.instructions:
            values = self._values(fields, cells, record)
            kind, provider, value = values.get("kind"), values.get("provider"), values.get("value")
            if not isinstance(value, str):
                continue
            if not isinstance(kind, str) or not isinstance(provider, str):
                continue  # the warning is already on the record
            key = (kind, provider.casefold())
            if key not in seen:
                seen.add(key)
                record.instructions.append((kind, provider, value))

    def _installments(self, record: Record, cells: Sequence[Cell], as_of: dt.date, next_due: object) -> None:
        seqs: set[int] = set()
        for _, fields in self.installments:
            values = self._values(fields, cells, record)
            amount_due = values.get("amount_due")
            if amount_due is None:
                paid = values.get("amount_paid")
                if isinstance(paid, Decimal) and paid != ZERO:  # money paid against a bill the file does not give
                    label = fields["amount_due"].label
                    record.issues.append(issue(record.row, label, "", Severity.WARNING, "import.row.no_bill_amount"))
                continue  # no bill that period
            due_date = self._due_date(record, fields, values, as_of, next_due)
            if INVALID in values.values() or due_date is None:
                continue
            given = values.get("seq")
            seq = given if isinstance(given, int) else due_date.year * 100 + due_date.month
            if seq in seqs:
                label = fields["amount_due"].label
                record.issues.append(issue(record.row, label, str(seq), Severity.ERROR, "import.row.same_period"))
                continue
            seqs.add(seq)
            record.installments.append(
                {
                    "seq": seq,
                    "due_date": due_date,
                    "amount_due": amount_due,
                    "amount_paid": values.get("amount_paid") or ZERO,
                    "paid_on": values.get("paid_on"),
                }
            )

    def _due_date(
        self, record: Record, fields: dict[str, Field], values: dict[str, Any], as_of: dt.date, next_due: object
    ) -> dt.date | None:
        if "due_date" in fields:
            due = values.get("due_date")
            if due is None:
                label = fields["due_date"].label
                record.issues.append(issue(record.row, label, "", Severity.ERROR, "import.row.no_due_date"))
            return due if isinstance(due, dt.date) else None
        day = values.get("due_day")
        if not isinstance(day, int):
            day = next_due.day if isinstance(next_due, dt.date) else 1
        if "month" in fields:
            month = values.get("month")
            if not isinstance(month, dt.date):
                if month is None:
                    label = fields["month"].label
                    record.issues.append(issue(record.row, label, "", Severity.ERROR, "import.row.no_due_date"))
                return None
        else:
            back = values.get("months_back")
            if not isinstance(back, int) or not 0 <= back <= 1200:
                return None
            month = add_months(as_of.replace(day=1), -back)
        try:
            return day_of_month(month.year, month.month, day)
        except CellError as problem:
            label = fields.get("due_day", fields["amount_due"]).label
            record.issues.append(Issue(record.row, label, str(day), Severity.ERROR, problem.message))
            return None

    def _payments(self, record: Record, cells: Sequence[Cell]) -> None:
        keys: set[tuple[str, str]] = set()
        for tag, fields in self.payments:
            values = self._values(fields, cells, record)
            amount = values.get("amount")
            if amount is None or amount is INVALID or amount == ZERO:
                continue
            paid_at = values.get("paid_at")
            if paid_at is None:
                label = fields["paid_at"].label
                record.issues.append(issue(record.row, label, "", Severity.ERROR, "import.row.no_payment_date"))
                continue
            if INVALID in values.values():
                continue
            kind = PaymentKind(values["kind"]) if isinstance(values.get("kind"), str) else PaymentKind.PAYMENT
            if kind is PaymentKind.REVERSAL and amount > 0:
                amount = -amount  # a reversal is stored as a negative amount, whatever sign the file uses
            reference = values.get("reference")
            synthetic = reference is None
            if reference is None:
                suffix = f":{tag}" if len(self.payments) > 1 else ""
                reference = f"file:{self._fingerprint}:{record.row}{suffix}"
            key = (reference, kind.value)
            if key in keys:
                label = fields["reference"].label if "reference" in fields else ""
                record.issues.append(issue(record.row, label, reference, Severity.ERROR, "import.row.same_reference"))
                continue
            keys.add(key)
            record.payments.append(
                {
                    "kind": kind,
                    "paid_at": paid_at,
                    "amount": amount,
                    "channel": values.get("channel"),
                    "reference": reference,
                    "reverses": values.get("reverses"),
                    "synthetic": synthetic,
                }
            )


def _text_or_none(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _currency(cell: Cell, plain: bool) -> str:
    text = clean_text(cell).upper()
    if len(text) != 3 or not text.isascii() or not text.isalpha():
        raise CellError("import.value.currency", value=text)
    return text


def derived_status(days_past_due: int) -> AccountStatus:
    return AccountStatus.DELINQUENT if days_past_due > 0 else AccountStatus.CURRENT


def compile_mapping(
    mapping: ImportMapping, header: Sequence[str], *, fingerprint: str, today: dt.date
) -> tuple[ColumnCheck, RowReader | None]:
    """Check the header against the mapping; the reader is None when a needed column is missing or ambiguous."""
    check, positions = check_columns(mapping, header)
    if not check.ok:
        return check, None
    return check, RowReader(mapping, positions, fingerprint=fingerprint, today=today)

"""One file row through the mapping: a :class:`Record` (customer, account, contacts, history) and its issues.

:func:`compile_mapping` binds a mapping to a file's header once (column positions, parsers); :meth:`RowReader.read`
then turns each row into plain values. It never raises for bad input: every problem becomes an :class:`Issue`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from agent_desk.importer.binding import INVALID, ColumnCheck, Converters, Field, StatusCode, check_columns
from agent_desk.importer.expr_functions import Evaluator, ExpressionError, Value
from agent_desk.importer.expressions import Compiler, LetValues
from agent_desk.importer.fields import AUTO_KIND
from agent_desk.importer.issues import Issue, Severity, issue
from agent_desk.importer.records import ZERO, ContactData, Record
from agent_desk.importer.sources import Cell, SourceInfo, SourceRow
from agent_desk.importer.spec import Fields, Group, ImportMapping
from agent_desk.importer.values import CellError, DateReader, add_months, day_of_month, is_blank, parse_phone
from agent_desk.importer.zones import zone_key
from agent_desk.text import Message, render
from db.models import AccountStatus, ContactKind, ContactOwner, PaymentKind


class RowReader:
    """A mapping compiled for one file: turns its rows into records."""

    def __init__(self, mapping: ImportMapping, positions: dict[str, int], *, fingerprint: str, today: dt.date) -> None:
        self.mapping = mapping
        self._fingerprint = fingerprint[:16]
        self._today = today
        currency_check = None if "currency" in mapping.account else mapping.formats.currency
        self._converters = Converters(
            mapping.formats, mapping.zones, currency_check=currency_check, status_tables=mapping.status_tables
        )
        self._lets = LetValues()
        self._let_evaluators: dict[str, Evaluator] = {}
        self._positions = positions
        base = self._compiler({})
        for name, expression in mapping.lets.items():
            self._let_evaluators[name] = let_evaluator(name, base.evaluator(expression.tree))
        self.customer = self._bind(mapping.customer, Severity.ERROR, base)
        self.account = self._bind(mapping.account, Severity.ERROR, base)
        self.attributes = self._bind(mapping.attributes, Severity.ERROR, base)
        self.contacts = self._groups(mapping.contacts, Severity.WARNING)
        self.instructions = self._groups(mapping.instructions, Severity.WARNING)
        self.installments = self._groups(mapping.installments, Severity.ERROR)
        self.payments = self._groups(mapping.payments, Severity.ERROR)

    def _compiler(self, variables: dict[str, Value]) -> Compiler:
        formats = self.mapping.formats
        return Compiler(
            self._positions,
            self.mapping.lets,
            variables,
            self.mapping.tables,
            self._converters.number_format(),
            DateReader(formats.date_formats),
            self._let_evaluators,
            self._lets,
        )

    def _bind(self, fields: Fields, severity: Severity, compiler: Compiler) -> dict[str, Field]:
        convert = self._converters.converter
        return {
            name: Field(
                spec,
                self._positions,
                convert(spec),
                severity,
                None if spec.expr is None else _as_cell(compiler.evaluator(spec.expr.tree)),
            )
            for name, spec in fields.items()
        }

    def _groups(self, groups: tuple[Group, ...], severity: Severity) -> list[tuple[str, dict[str, Field]]]:
        bound = []
        for index, group in enumerate(groups):
            for period, fields in group.expanded():
                tag = f"{index + 1}" if period is None else f"{index + 1}.{period}"
                bound.append((tag, self._bind(fields, severity, self._compiler(group.variables(period)))))
        return bound

    # ----------------------------------------------------------------------------------------------------------

    def read_row(self, row: SourceRow, info: SourceInfo) -> Record:
        """A file row through the mapping, with one error for a row cut short or too long instead of its fields'."""
        record = self.read(row.number, row.cells)
        if info.format != "csv":
            return record
        width = len(info.header)
        found = len(row.cells)
        if row.last and not info.final_newline and self.mapping.source.require_final_newline:
            shape = issue(row.number, "", "", Severity.ERROR, "import.row.cut", found=found, expected=width)
        elif found < width:
            shape = issue(row.number, "", "", Severity.ERROR, "import.row.short", found=found, expected=width)
        elif found > width and any(not is_blank(cell) for cell in row.cells[width:]):
            shape = issue(row.number, "", "", Severity.ERROR, "import.row.long", found=found, expected=width)
        else:
            return record
        record.issues[:] = [shape]  # the cells' own problems follow from the shape: one error says it all
        return record

    def read(self, number: int, cells: Sequence[Cell]) -> Record:
        self._lets.clear()
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
        status = account.get("days_past_due")
        if isinstance(status, StatusCode):
            # Days past due as the file's date stands, aged to today: nothing was paid since, as far as it says.
            aged = status.days + max(0, (self._today - as_of_date).days) if status.days > 0 else 0
            account["days_past_due"] = aged
        if self.mapping.grain == "account":
            self._account(record, account, cells)
        self._installments(record, cells, as_of_date, account.get("next_due_date"))
        self._payments(record, cells)
        return record

    def _values(self, fields: dict[str, Field], cells: Sequence[Cell], record: Record) -> dict[str, Any]:
        return {name: field.read(cells, record) for name, field in fields.items()}

    def _values_if(
        self, lead: str, fields: dict[str, Field], cells: Sequence[Cell], record: Record
    ) -> dict[str, Any] | None:
        """All the fields of a group entry, or None when its ``lead`` field (number, amount) is empty or zero."""
        first = fields[lead].read(cells, record)
        if first is None or first is INVALID or first == ZERO:
            return None
        values = {name: field.read(cells, record) for name, field in fields.items() if name != lead}
        values[lead] = first
        return values

    def _account(self, record: Record, account: dict[str, Any], cells: Sequence[Cell]) -> None:
        customer = self._values(self.customer, cells, record)
        customer_number = customer.pop("customer_number", None)
        if customer_number is None:
            label = self.customer["customer_number"].label
            record.issues.append(issue(record.row, label, "", Severity.ERROR, "import.row.no_customer_number"))
        elif customer_number is not INVALID:
            record.customer_number = customer_number
        if self.mapping.anonymised:
            customer["name_generated"] = True
            if customer.get("full_name") in (None, INVALID) and record.customer_number is not None:
                customer["full_name"] = anonymised_name(record.customer_number, self.mapping.formats.language)
        elif customer.get("full_name", "") is None:
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
        if self.attributes:
            record.attributes = {
                name: (field.spec.type.kind.value, value)
                for name, field in self.attributes.items()
                if (value := field.read(cells, record)) is not INVALID
            }
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
            values = self._values_if("value", fields, cells, record)
            raw = None if values is None else values["value"]
            if values is None or not isinstance(raw, str):
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
        return read_contact(record, label, raw, kind_text, owner, self.mapping.formats.country)

    def _instructions(self, record: Record, cells: Sequence[Cell]) -> None:
        seen: set[tuple[str, str]] = set()
        for _, fields in self.instructions:
            values = self._values_if("value", fields, cells, record)
            if values is None:
                continue
            kind, provider, value = values.get("kind"), values.get("provider"), values.get("value")
            if not (isinstance(kind, str) and isinstance(provider, str) and isinstance(value, str)):
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
            bill = {
                "seq": seq,
                "due_date": due_date,
                "amount_due": amount_due,
                "amount_paid": values.get("amount_paid") or ZERO,
                "paid_on": values.get("paid_on"),
            }
            if "status_code" in fields:
                status = values.get("status_code")
                bill["status_code"] = status.code if isinstance(status, StatusCode) else status
                bill["days_past_due"] = status.days if isinstance(status, StatusCode) else None
            record.installments.append(bill)

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
            values = self._values_if("amount", fields, cells, record)
            if values is None:
                continue  # no payment that period
            amount = values["amount"]
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


def anonymised_name(customer_number: str, language: str) -> str:
    """The display name of a customer an anonymised source gives no name for: "Nasabah 10234", "Customer 10234"."""
    return render(Message.of("import.anonymised_name", number=customer_number), language)[:200]


def _as_cell(evaluate: Evaluator) -> Callable[[Sequence[Cell]], Cell]:
    """An expression's value as a cell: true and false as text, like a file writes them."""

    def cell(cells: Sequence[Cell]) -> Cell:
        value = evaluate(cells)
        if isinstance(value, bool):
            return "true" if value else "false"
        return value

    return cell


def let_evaluator(name: str, evaluate: Evaluator) -> Evaluator:
    """A ``[let]`` value whose failure is reported once, as the let's, whichever fields use it."""

    def let(cells: Sequence[Cell]) -> Value:
        try:
            return evaluate(cells)
        except ExpressionError as problem:
            if problem.column is not None:
                raise
            failed = ExpressionError(problem.message.code, column=f"let {name}", cell="-", **problem.message.kwargs)
            raise failed from problem

    return let


def read_contact(
    record: Record, label: str, raw: str, kind_text: str, owner: ContactOwner, country: str
) -> ContactData:
    """A number (or e-mail) as written, read in ``country``; an invalid number is kept, with a warning."""
    if kind_text == ContactKind.EMAIL or (kind_text == AUTO_KIND and "@" in raw):
        return ContactData(ContactKind.EMAIL, owner, None, None, raw, None, None, None)
    phone = parse_phone(raw, country)
    if kind_text == AUTO_KIND:
        kind = ContactKind.MOBILE if phone.mobile is not False else ContactKind.HOME
    else:
        kind = ContactKind(kind_text)
    if not phone.dialable:
        record.issues.append(issue(record.row, label, raw, Severity.WARNING, "import.row.phone_invalid"))
    return ContactData(kind, owner, None, None, raw, phone.e164, phone.invalid_reason, None)


def _text_or_none(value: object) -> str | None:
    return value if isinstance(value, str) else None


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

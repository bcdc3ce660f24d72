"""One change of a delta, checked exactly as the importer checks a file's cells, into an importer record.

A change is a flat mapping with a ``type`` — ``customer``, ``account``, ``contact``, ``payment`` or ``closure`` —
and the fields of that type by their importer names (docs/SYNC.md lists them). A field that is absent is left as it
is; ``None`` (JSON ``null``) clears it. Values are what a JSON document or a CSV cell holds: text, numbers (``Decimal``
or ``int``; a float is refused), booleans, ISO dates and moments (text, or ``date``/``datetime`` objects from Python).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from agent_desk.importer.binding import INVALID, Converters, Field
from agent_desk.importer.contacts import ATTRIBUTE_KINDS
from agent_desk.importer.fields import (
    ACCOUNT_FIELDS,
    AUTO_KIND,
    CONTACT_FIELDS,
    CUSTOMER_FIELDS,
    PAYMENT_FIELDS,
    FieldType,
    Kind,
)
from agent_desk.importer.issues import Issue, Severity, issue
from agent_desk.importer.records import ContactData, Record
from agent_desk.importer.sources import Cell
from agent_desk.importer.spec import FieldSpec, Formats
from agent_desk.importer.transform import anonymised_name, read_contact
from agent_desk.importer.values import DEFAULT_DATETIME_FORMATS, CellError, clean_text
from agent_desk.importer.zones import default_zones, zone_key
from agent_desk.text import Message
from db.models import AccountStatus, ContactOwner, PaymentKind

CLOSING_STATUSES = (AccountStatus.SETTLED.value, AccountStatus.WRITTEN_OFF.value, AccountStatus.RECALLED.value)
_IDENTIFIER = CUSTOMER_FIELDS["customer_number"]
FIELDS: dict[str, dict[str, FieldType]] = {
    "customer": dict(CUSTOMER_FIELDS),
    "account": {
        **{name: field for name, field in ACCOUNT_FIELDS.items() if name != "as_of"},
        "customer_number": FieldType(Kind.TEXT, max_length=_IDENTIFIER.max_length, identifier=True),
    },
    "contact": {"customer_number": _IDENTIFIER, **CONTACT_FIELDS},
    "payment": {"account_number": ACCOUNT_FIELDS["account_number"], **PAYMENT_FIELDS},
    "closure": {
        "account_number": ACCOUNT_FIELDS["account_number"],
        "status": FieldType(Kind.CHOICE, required=True, choices=CLOSING_STATUSES),
    },
}
KEYS = {"customer": "customer_number", "account": "account_number", "contact": "customer_number"}
FLAGS = {"customer": ("anonymised",), "contact": ("active",)}  # true/false options of a type
CHANGE_TYPES = tuple(FIELDS)


@dataclasses.dataclass(frozen=True)
class SyncOptions:
    """What a delta leaves unsaid (like an import mapping's ``[format]``), and how to apply it.

    ``country`` reads phone numbers written without ``+country`` and picks the province → zone table;
    ``timezone`` reads moments written without an offset; ``currency`` and ``language`` are set on new accounts and
    customers that do not give theirs.
    """

    country: str = "ID"
    timezone: str = "Asia/Jakarta"
    currency: str = "IDR"
    language: str = "id"
    dry_run: bool = False
    refresh_worklist: bool = True
    user_id: int | None = None
    run_by: str | None = None
    source: str = "sync"  # recorded with the run and on every payment it adds

    def formats(self) -> Formats:
        return Formats(
            country=self.country,
            timezone=self.timezone,
            currency=self.currency,
            language=self.language,
            date_formats=("%Y-%m-%d",),
            datetime_formats=DEFAULT_DATETIME_FORMATS[:2],
        )


@dataclasses.dataclass
class Change:
    """A checked change: its type and line, the record it becomes, and which fields it gives."""

    type: str
    line: int
    record: Record
    given: frozenset[str]
    closing: str | None = None  # a closure's status

    @property
    def key(self) -> str | None:
        if self.type in ("customer", "contact"):
            return self.record.customer_number
        return self.record.account_number


class ChangeReader:
    """Checks raw changes with the importer's value readers (amounts, dates, numbers, codes, lengths)."""

    def __init__(self, options: SyncOptions) -> None:
        self.options = options
        formats = options.formats()
        self._zones = default_zones(formats.country)
        converters = Converters(formats, self._zones)
        self._fields: dict[str, dict[str, Field]] = {}
        for kind, fields in FIELDS.items():
            positions = {name: index for index, name in enumerate(fields)}
            bound = {}
            for name, field_type in fields.items():
                spec = FieldSpec(f"{kind}.{name}", field_type, column=name)
                bound[name] = Field(spec, positions, converters.converter(spec), Severity.ERROR)
            self._fields[kind] = bound

    def read(self, line: int, raw: Mapping[str, Any]) -> Change:
        """The change on ``line``; its problems are issues on ``change.record`` (errors refuse the delta)."""
        record = Record(row=line, account_number=None)
        kind = raw.get("type")
        if not isinstance(kind, str) or kind.strip().casefold() not in FIELDS:
            record.issues.append(
                issue(line, "type", _shown(kind), Severity.ERROR, "sync.change.type", allowed=", ".join(CHANGE_TYPES))
            )
            return Change("", line, record, frozenset())
        kind = kind.strip().casefold()
        fields = self._fields[kind]
        flags = FLAGS.get(kind, ())
        known = {"type", *fields, *flags, *(("attributes",) if kind == "customer" else ())}
        for key in raw:
            if key not in known and not (kind == "customer" and key.startswith("attributes.")):
                record.issues.append(
                    issue(line, key, "", Severity.ERROR, "sync.change.unknown_field", type=kind, allowed=_listed(known))
                )
        cells: list[Cell] = []
        for name in fields:
            cells.append(self._cell(record, name, raw.get(name)))
        given = frozenset(name for name in fields if name in raw)
        values = {name: fields[name].read(cells, record) for name in given}
        key_name = KEYS.get(kind, "account_number")
        if values.get(key_name) is None and not any(item.column == key_name for item in record.issues):
            record.issues.append(issue(line, key_name, "", Severity.ERROR, "sync.change.no_key", field=key_name))
        change = Change(kind, line, record, given)
        getattr(self, f"_{kind}")(change, values, raw)
        record.issues[:] = [_in_sync_words(item) for item in record.issues]
        return change

    def _cell(self, record: Record, name: str, value: Any) -> Cell:
        if value is None or isinstance(value, str | Decimal | dt.date):
            return value
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, int):
            return Decimal(value)
        record.issues.append(issue(record.row, name, _shown(value), Severity.ERROR, "sync.change.not_a_value"))
        return None

    def _flag(self, change: Change, raw: Mapping[str, Any], name: str) -> bool | None:
        value = raw.get(name)
        if value is None:
            return None
        if isinstance(value, bool):
            return value
        text = clean_text(value if isinstance(value, str) else str(value)).casefold()
        if text in ("true", "yes", "1"):
            return True
        if text in ("false", "no", "0"):
            return False
        change.record.issues.append(issue(change.line, name, text, Severity.ERROR, "sync.change.not_a_flag"))
        return None

    # -- the types -----------------------------------------------------------------------------------------------

    def _customer(self, change: Change, values: dict[str, Any], raw: Mapping[str, Any]) -> None:
        record = change.record
        number = values.pop("customer_number", None)
        record.customer_number = number if isinstance(number, str) else None
        for name in ("team", "agent"):
            value = values.pop(name, None)
            setattr(record, name, value if isinstance(value, str) else None)
        if "full_name" in values and values["full_name"] is None:
            record.issues.append(issue(change.line, "full_name", "", Severity.ERROR, "sync.change.no_name"))
        if "province" in values and "timezone" not in values:
            province = values["province"]
            zone = self._zones.get(zone_key(province)) if isinstance(province, str) else None
            if zone is None and isinstance(province, str):
                record.issues.append(
                    issue(change.line, "province", province, Severity.WARNING, "import.row.unknown_province")
                )
            values["timezone"] = zone
        anonymised = self._flag(change, raw, "anonymised")
        if anonymised is not None:
            values["name_generated"] = anonymised
            if anonymised and "full_name" not in values and record.customer_number is not None:
                language = values.get("language") if isinstance(values.get("language"), str) else None
                values["full_name"] = anonymised_name(record.customer_number, language or self.options.language)
        record.customer = {key: value for key, value in values.items() if value is not INVALID}
        record.attributes = self._attributes(change, raw)

    def _attributes(self, change: Change, raw: Mapping[str, Any]) -> dict[str, tuple[str, Any]] | None:
        given: dict[str, Any] = {}
        nested = raw.get("attributes")
        if isinstance(nested, Mapping):
            given.update(nested)
        elif nested is not None:
            change.record.issues.append(
                issue(change.line, "attributes", _shown(nested), Severity.ERROR, "sync.change.attributes")
            )
        for key, value in raw.items():
            if key.startswith("attributes.") and value is not None and value != "":
                name, _, kind = key.removeprefix("attributes.").partition(":")
                given[name] = {"type": kind or "text", "value": value}
        if not given:
            return None
        return {
            name: parsed
            for name, value in given.items()
            if (parsed := read_attribute(change.record, str(name), value)) is not None
        }

    def _account(self, change: Change, values: dict[str, Any], raw: Mapping[str, Any]) -> None:
        record = change.record
        number = values.pop("account_number", None)
        record.account_number = number if isinstance(number, str) else None
        customer = values.pop("customer_number", None)
        record.customer_number = customer if isinstance(customer, str) else None
        for name in ("product", "outstanding"):
            if name in values and values[name] is None:
                record.issues.append(
                    issue(change.line, name, "", Severity.ERROR, "sync.change.required_value", field=name)
                )
        dpd = values.get("days_past_due")
        if isinstance(dpd, int) and dpd < 0:
            record.issues.append(
                issue(change.line, "days_past_due", str(dpd), Severity.ERROR, "import.row.negative_dpd")
            )
        record.account = {key: value for key, value in values.items() if value is not INVALID}

    def _contact(self, change: Change, values: dict[str, Any], raw: Mapping[str, Any]) -> None:
        record = change.record
        number = values.get("customer_number")
        record.customer_number = number if isinstance(number, str) else None
        value = values.get("value")
        if not isinstance(value, str):
            if value is None:
                record.issues.append(issue(change.line, "value", "", Severity.ERROR, "sync.change.no_number"))
            return
        kind = values.get("kind") if isinstance(values.get("kind"), str) else AUTO_KIND
        owner_text = values.get("owner")
        owner = ContactOwner(owner_text) if isinstance(owner_text, str) else ContactOwner.SELF
        contact: ContactData = read_contact(record, "value", value, str(kind), owner, self.options.country)
        contact.owner_name = _text(values.get("owner_name"))
        contact.relationship = _text(values.get("relationship"))
        contact.timezone = _text(values.get("timezone"))
        active = self._flag(change, raw, "active")
        contact.active = active is not False
        contact.given = frozenset(change.given)
        record.contacts.append(contact)

    def _payment(self, change: Change, values: dict[str, Any], raw: Mapping[str, Any]) -> None:
        record = change.record
        number = values.get("account_number")
        record.account_number = number if isinstance(number, str) else None
        for name in ("amount", "paid_at", "reference"):
            if values.get(name) is None:
                record.issues.append(
                    issue(change.line, name, "", Severity.ERROR, "sync.change.required_value", field=name)
                )
        if record.has_errors or INVALID in values.values():
            return
        kind = PaymentKind(values["kind"]) if isinstance(values.get("kind"), str) else PaymentKind.PAYMENT
        amount = values["amount"]
        if kind is PaymentKind.REVERSAL and amount > 0:
            amount = -amount
        record.payments.append(
            {
                "kind": kind,
                "paid_at": values["paid_at"],
                "amount": amount,
                "channel": values.get("channel"),
                "reference": values["reference"],
                "reverses": values.get("reverses"),
                "synthetic": False,
            }
        )

    def _closure(self, change: Change, values: dict[str, Any], raw: Mapping[str, Any]) -> None:
        record = change.record
        number = values.get("account_number")
        record.account_number = number if isinstance(number, str) else None
        status = values.get("status")
        if status is None:
            record.issues.append(
                issue(change.line, "status", "", Severity.ERROR, "sync.change.required_value", field="status")
            )
        elif status is not INVALID:
            change.closing = status
            record.account = {"status": AccountStatus(status)}


def read_attribute(record: Record, name: str, value: Any) -> tuple[str, Any] | None:
    """``value`` is a scalar (text → text, number → number, true/false → flag) or ``{"type": …, "value": …}``."""
    if not name or len(name) > 64 or not all(ch.isalnum() or ch in "_-." for ch in name):
        record.issues.append(issue(record.row, "attributes", name, Severity.ERROR, "sync.change.attribute_name"))
        return None
    kind: str
    if isinstance(value, Mapping):
        kind, value = str(value.get("type", "text")), value.get("value")
    elif isinstance(value, bool):
        kind = "flag"
    elif isinstance(value, int | Decimal):
        kind = "number"
    elif isinstance(value, dt.date):
        kind = "date"
    else:
        kind = "text"
    if kind not in ATTRIBUTE_KINDS:
        record.issues.append(
            issue(record.row, f"attributes.{name}", kind, Severity.ERROR, "sync.change.attribute_kind", value=kind)
        )
        return None
    try:
        return kind, attribute_value(kind, value)
    except CellError as problem:
        record.issues.append(Issue(record.row, f"attributes.{name}", _shown(value), Severity.ERROR, problem.message))
        return None


def attribute_value(kind: str, value: Any) -> Any:
    """A typed attribute value (None removes the attribute); raises :class:`CellError` when it does not read."""
    from agent_desk.importer.values import DateReader, parse_decimal

    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if kind == "number":
        return parse_decimal(value)
    if kind == "date":
        return DateReader(("%Y-%m-%d",)).date(value if isinstance(value, str | dt.date) else str(value))
    if kind == "flag":
        text = str(value).strip().casefold()
        if isinstance(value, bool) or text in ("true", "false", "yes", "no", "1", "0"):
            return value if isinstance(value, bool) else text in ("true", "yes", "1")
        raise CellError("sync.change.not_a_flag_value", value=text)
    text = clean_text(value if isinstance(value, str | Decimal | dt.date) else str(value))
    if len(text) > 255:
        raise CellError("import.value.too_long", length=len(text), limit=255)
    return text


# The importer's words for a bad cell point at a mapping; a delta has none, so say what to write instead.
_SYNC_WORDS = {
    "import.value.choice": "sync.change.choice",
    "import.value.date": "sync.change.date",
    "import.value.moment": "sync.change.moment",
}


def _in_sync_words(item: Issue) -> Issue:
    code = _SYNC_WORDS.get(item.message.code)
    if code is None:
        return item
    return dataclasses.replace(item, message=Message(code, item.message.params))


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _shown(value: object) -> str:
    return clean_text(value if isinstance(value, str) else repr(value))[:200]


def _listed(names: set[str]) -> str:
    return ", ".join(sorted(names))

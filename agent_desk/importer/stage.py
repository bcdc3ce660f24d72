"""Checked records in the form the database stores them ("staged"), converted once, where they are checked.

The staged form of a value is plain data — ``int``, ``str`` or ``None`` — exactly what SQLite keeps (money as whole
minor units, dates as ``YYYY-MM-DD``, moments as UTC ``YYYY-MM-DD HH:MM:SS.ffffff``, flags as 0/1, codes as their
text). A staged record is a dict of such values, so it crosses processes and the scratch file with ``marshal``
(no pickling of Decimals and datetimes) and goes to SQLite as it is; :mod:`agent_desk.importer.bulk` turns it into
PostgreSQL's types on the way to a ``COPY``. The writer compares staged values with the rows it reads back in the
same form, so "unchanged" means byte-for-byte what the database holds.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
from collections.abc import Callable
from decimal import Decimal
from functools import lru_cache
from typing import Any

from sqlalchemy import JSON, Boolean, Column, Date, Table

from agent_desk.importer.records import ContactData, Record
from agent_desk.importer.tables import ACCOUNTS, ATTRIBUTES, CONTACTS, CUSTOMERS, INSTALLMENTS, PAYMENTS
from db.types import Fixed, UtcDateTime

Staged = dict[str, Any]
Converter = Callable[[Any], Any]


@lru_cache(maxsize=16384)  # a file repeats its moments (payment dates) a lot
def moment(value: dt.datetime | None) -> str | None:
    if value is None:
        return None
    utc = value.astimezone(dt.UTC) if value.utcoffset() else value
    return utc.replace(tzinfo=None).isoformat(" ", "microseconds")


def day(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


def fixed(scale: int) -> Converter:
    factor = Decimal(10) ** scale

    def convert(value: Decimal | None) -> int | None:
        if value is None:
            return None
        scaled = value * factor
        whole = int(scaled)
        if scaled != whole:
            raise ValueError(f"{value} has more than {scale} decimal places")
        return whole

    return convert


def _plain(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    return value


def _flag(value: Any) -> Any:
    return None if value is None else int(bool(value))


def _json(value: Any) -> Any:
    return None if value is None else json.dumps(value)


def converter(column: Column[Any]) -> Converter:
    """How a Python value of ``column`` becomes its staged form."""
    kind = column.type
    if isinstance(kind, Fixed):
        return fixed(kind.scale)
    if isinstance(kind, UtcDateTime):
        return moment
    if isinstance(kind, Date):
        return day
    if isinstance(kind, Boolean):
        return _flag
    if isinstance(kind, JSON):
        return _json
    return _plain


def converters(table: Table) -> dict[str, Converter]:
    return {column.name: converter(column) for column in table.columns}


CUSTOMER = converters(CUSTOMERS)
ACCOUNT = converters(ACCOUNTS)
CONTACT = converters(CONTACTS)
INSTALLMENT = converters(INSTALLMENTS)
PAYMENT = converters(PAYMENTS)
ATTRIBUTE_VALUE = {
    "text": _plain,
    "number": converters(ATTRIBUTES)["number_value"],
    "date": day,
    "flag": _flag,
}
MONEY = CUSTOMER["monthly_income"]


def staged_values(values: dict[str, Any], table: dict[str, Converter]) -> Staged:
    return {key: table[key](value) for key, value in values.items()}


def stage_contact(contact: ContactData) -> Staged:
    return {
        "key": contact.key,
        "usable": contact.usable,
        "active": contact.active,
        "given": None if contact.given is None else sorted(contact.given),
        "kind": contact.kind.value,
        "owner": contact.owner.value,
        "owner_name": contact.owner_name,
        "relationship": contact.relationship,
        "raw_value": contact.raw_value,
        "e164": contact.e164,
        "invalid_reason": contact.invalid_reason,
        "timezone": contact.timezone,
    }


def stage(record: Record) -> Staged:
    """A checked record as plain staged data (see the module's docstring)."""
    return {
        "row": record.row,
        "account_number": record.account_number,
        "customer_number": record.customer_number,
        "customer": staged_values(record.customer, CUSTOMER),
        "account": staged_values(record.account, ACCOUNT),
        "team": record.team,
        "agent": record.agent,
        "contacts": [stage_contact(contact) for contact in record.contacts],
        "instructions": [list(item) for item in record.instructions],
        "installments": [staged_values(bill, INSTALLMENT) for bill in record.installments],
        "payments": [
            {
                **staged_values({k: v for k, v in payment.items() if k not in ("synthetic", "reverses")}, PAYMENT),
                "synthetic": payment["synthetic"],
                "reverses": payment["reverses"],
            }
            for payment in record.payments
        ],
        "attributes": None
        if record.attributes is None
        else {name: [kind, ATTRIBUTE_VALUE[kind](value)] for name, (kind, value) in record.attributes.items()},
    }

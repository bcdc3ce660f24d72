"""The tables the importer writes, and the two statement helpers it writes them with."""

from __future__ import annotations

import collections
from collections.abc import Iterable
from typing import Any, cast

from sqlalchemy import Connection, Table, bindparam, update

from db.models import (
    Account,
    ContactPoint,
    Customer,
    CustomerAttribute,
    CustomerFlag,
    Installment,
    Payment,
    PaymentInstruction,
)

CUSTOMERS = cast(Table, Customer.__table__)
ACCOUNTS = cast(Table, Account.__table__)
CONTACTS = cast(Table, ContactPoint.__table__)
FLAGS = cast(Table, CustomerFlag.__table__)
INSTRUCTIONS = cast(Table, PaymentInstruction.__table__)
INSTALLMENTS = cast(Table, Installment.__table__)
PAYMENTS = cast(Table, Payment.__table__)
ATTRIBUTES = cast(Table, CustomerAttribute.__table__)


def update_many(connection: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """``UPDATE … WHERE id = :_id`` for rows that may set different columns (one statement per set of columns)."""
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = collections.defaultdict(list)
    for row in rows:
        groups[tuple(sorted(row))].append(row)
    for batch in groups.values():
        connection.execute(update(table).where(table.c.id == bindparam("_id")), batch)


def in_(column: Any, values: Iterable[Any]) -> Any:
    return column.in_(sorted(set(values)))

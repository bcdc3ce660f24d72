"""Id sequences after bulk writes.

Bulk writers (demo data, imports, sync) insert rows with ids they chose themselves. SQLite then continues after
the largest id by itself; PostgreSQL does not: each table's sequence stays where it was, and the next ordinary
insert (a payment posted, a dial check's attempt) fails with a duplicate key. Call :func:`reset_sequences`
in the same transaction after such a write.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Connection, Integer, Table, func, select, text
from sqlalchemy.orm import Session

from db.models.base import Base


def reset_sequences(bind: Session | Connection, tables: Iterable[Table] | None = None) -> int:
    """Move the id sequence of each table (default: every table) just past the largest id in it.

    A no-op on SQLite. Returns how many sequences were set.
    """
    dialect = bind.get_bind().dialect if isinstance(bind, Session) else bind.dialect
    if dialect.name != "postgresql":
        return 0
    changed = 0
    for table in tables if tables is not None else Base.metadata.sorted_tables:
        column = _serial_column(table)
        if column is None:
            continue
        sequence = bind.execute(
            text("SELECT pg_get_serial_sequence(:table, :column)"), {"table": table.name, "column": column}
        ).scalar()
        if sequence is None:
            continue
        largest = bind.execute(select(func.max(table.c[column]))).scalar() or 0
        # is_called false: the next nextval() returns exactly largest + 1 (1 for an empty table).
        bind.execute(text("SELECT setval(:sequence, :value, false)"), {"sequence": sequence, "value": largest + 1})
        changed += 1
    return changed


def _serial_column(table: Table) -> str | None:
    """The name of a table's single integer primary key (the one a sequence feeds), if it has one."""
    keys = list(table.primary_key.columns)
    if len(keys) != 1 or not isinstance(keys[0].type, Integer):
        return None
    return keys[0].name

"""Reads and writes of staged rows (:mod:`agent_desk.importer.stage`) through the driver itself, inside the caller's
SQLAlchemy transaction: ``executemany`` on SQLite, ``COPY`` on PostgreSQL (new rows straight into their table,
changed rows into a temporary staging table and from there in one ``UPDATE … FROM``).

New rows get their ids here — the table's next ids under the write lock on SQLite, ``nextval`` of the table's own
sequence on PostgreSQL — so children can be written without reading their parents back, and the sequences are
always right. Every write is told to the :class:`~agent_desk.importer.journal.Journal` when there is one, so that
an import applied in several transactions can be undone.
"""

from __future__ import annotations

import datetime as dt
import json
import operator
from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, Boolean, Column, Connection, Date, Table

from db.types import Fixed, UtcDateTime

if TYPE_CHECKING:
    from agent_desk.importer.journal import Journal

PAGE = 900  # keys per query: stays under SQLite's default limit of bound variables
Row = dict[str, Any]
Change = tuple[int, Row, Row]  # (id, new values, the values they replace)


def _to_postgres(column: Column[Any]) -> Callable[[Any], Any] | None:
    """How a staged value of ``column`` goes into a ``COPY``; None when it goes as it is."""
    kind = column.type
    if isinstance(kind, Fixed):
        scale = -kind.scale
        return lambda value: None if value is None else Decimal(value).scaleb(scale)
    if isinstance(kind, UtcDateTime):
        return lambda value: None if value is None else value + "+00"
    if isinstance(kind, Boolean):
        return lambda value: None if value is None else bool(value)
    return None  # dates as ISO text, codes, text, numbers, JSON text: COPY reads them as written


def _as_is(value: Any) -> Any:
    return value


def _from_postgres(column: Column[Any]) -> Callable[[Any], Any]:
    kind = column.type
    if isinstance(kind, Fixed):
        scale = kind.scale
        return lambda value: None if value is None else int(Decimal(value).scaleb(scale))
    if isinstance(kind, UtcDateTime):

        def moment(value: dt.datetime | None) -> str | None:
            if value is None:
                return None
            utc = value.astimezone(dt.UTC)
            return f"{utc:%Y-%m-%d %H:%M:%S}.{utc.microsecond:06d}"

        return moment
    if isinstance(kind, Date):
        return lambda value: None if value is None else value.isoformat()
    if isinstance(kind, Boolean):
        return lambda value: None if value is None else int(value)
    if isinstance(kind, JSON):
        return lambda value: None if value is None else json.dumps(value)
    return lambda value: value


class Bulk:
    """Staged rows in and out of one transaction's connection."""

    def __init__(self, connection: Connection, journal: Journal | None = None) -> None:
        self.connection = connection
        self.postgresql = connection.dialect.name == "postgresql"
        self.raw: Any = connection.connection.dbapi_connection
        self.journal = journal
        self._next_ids: dict[str, int] = {}
        self._sequences: dict[str, str] = {}
        self.mark = "%s" if self.postgresql else "?"

    # -- reading --------------------------------------------------------------------------------------------

    def select(self, table: Table, columns: Sequence[str], key: str, values: Iterable[Any]) -> list[Row]:
        """The rows whose ``key`` is one of ``values``, as staged dicts of ``columns``."""
        wanted = sorted(set(values))
        if not wanted:
            return []
        names = ", ".join(columns)
        found: list[Row] = []
        convert = [self._reader(table, name) for name in columns]
        cursor = self.raw.cursor()
        try:
            for start in range(0, len(wanted), PAGE):
                page = wanted[start : start + PAGE]
                if self.postgresql:
                    cursor.execute(f"SELECT {names} FROM {table.name} WHERE {key} = ANY(%s)", (page,))
                else:
                    marks = ", ".join("?" * len(page))
                    cursor.execute(f"SELECT {names} FROM {table.name} WHERE {key} IN ({marks})", page)
                found.extend(
                    {name: read(value) for name, read, value in zip(columns, convert, row, strict=True)}
                    for row in cursor.fetchall()
                )
        finally:
            cursor.close()
        return found

    def pages(self, values: Sequence[Any]) -> Iterator[tuple[str, tuple[Any, ...]]]:
        """``values`` as conditions for a query of our own: (``IN (?, …)`` or ``= ANY(?)``, its parameters), a page
        at a time.

        On PostgreSQL one array parameter: the driver prepares a statement it runs often, and the server's plan for
        a list of hundreds of parameters — made once, on statistics an import's own rows soon outgrow — scans the
        table, while ``= ANY`` of an array keeps to the index."""
        for start in range(0, len(values), PAGE):
            page = list(values[start : start + PAGE])
            if self.postgresql:
                yield "= ANY(?)", (page,)
            else:
                yield f"IN ({', '.join('?' * len(page))})", tuple(page)

    def query(self, sql: str, parameters: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """A read of our own (``?`` marks, turned into the driver's)."""
        cursor = self.raw.cursor()
        try:
            cursor.execute(sql.replace("?", self.mark), tuple(parameters))
            return list(cursor.fetchall())
        finally:
            cursor.close()

    def _reader(self, table: Table, name: str) -> Callable[[Any], Any]:
        if not self.postgresql:
            return lambda value: value
        return _from_postgres(table.c[name])

    # -- writing ---------------------------------------------------------------------------------------------

    def new_ids(self, table: Table, count: int) -> list[int]:
        """``count`` fresh ids for ``table`` (its sequence on PostgreSQL; past its highest id on SQLite)."""
        if count == 0:
            return []
        if self.postgresql:
            sequence = self._sequences.get(table.name)
            if sequence is None:
                sequence = str(self.query(f"SELECT pg_get_serial_sequence('{table.name}', 'id')")[0][0])
                self._sequences[table.name] = sequence
            # The sequence named once (not looked up again for each id), and one row back: an array of the ids.
            rows = self.query(f"SELECT array_agg(nextval('{sequence}')) FROM generate_series(1, ?)", (count,))
            return [int(value) for value in rows[0][0]]
        first = self._next_ids.get(table.name)
        if first is None:
            first = int(self.query(f"SELECT coalesce(max(id), 0) + 1 FROM {table.name}")[0][0])
        self._next_ids[table.name] = first + count
        return list(range(first, first + count))

    def insert(self, table: Table, rows: list[Row]) -> None:
        """New rows (each with its ``id`` from :meth:`new_ids` and every column the insert sets)."""
        if not rows:
            return
        columns = list(rows[0])
        if self.journal is not None:
            self.journal.inserted(str(table.name), [row["id"] for row in rows])
        values = operator.itemgetter(*columns)
        if self.postgresql:
            # Only the columns whose staged form differs from what COPY reads are converted, in place.
            converted = [
                (index, convert) for index, name in enumerate(columns) if (convert := _to_postgres(table.c[name]))
            ]
            with (
                self.raw.cursor() as cursor,
                cursor.copy(f"COPY {table.name} ({', '.join(columns)}) FROM STDIN") as copy,
            ):
                for row in rows:
                    cells = list(values(row)) if len(columns) > 1 else [values(row)]
                    for index, convert in converted:
                        cells[index] = convert(cells[index])
                    copy.write_row(cells)
            return
        marks = ", ".join("?" * len(columns))
        sql = f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({marks})"
        cursor = self.raw.cursor()
        try:
            cursor.executemany(
                sql, [values(row) for row in rows] if len(columns) > 1 else [(values(row),) for row in rows]
            )
        finally:
            cursor.close()

    def update(self, table: Table, changes: list[Change]) -> None:
        """Changed columns of rows on record; ``changes`` are (id, new values, the values they replace)."""
        if not changes:
            return
        if self.journal is not None:
            self.journal.updated(str(table.name), changes)
        groups: dict[tuple[str, ...], list[tuple[int, Row]]] = {}
        for row_id, new, _ in changes:
            groups.setdefault(tuple(sorted(new)), []).append((row_id, new))
        for columns, rows in groups.items():
            if self.postgresql:
                self._update_postgresql(table, columns, rows)
                continue
            assignments = ", ".join(f"{name} = ?" for name in columns)
            cursor = self.raw.cursor()
            try:
                cursor.executemany(
                    f"UPDATE {table.name} SET {assignments} WHERE id = ?",
                    [(*(new[name] for name in columns), row_id) for row_id, new in rows],
                )
            finally:
                cursor.close()

    def _update_postgresql(self, table: Table, columns: tuple[str, ...], rows: list[tuple[int, Row]]) -> None:
        """COPY the new values into a staging table shaped like the target's columns, then one UPDATE … FROM."""
        names = ", ".join(columns)
        to_db = [_to_postgres(table.c[name]) or _as_is for name in columns]
        with self.raw.cursor() as cursor:
            cursor.execute(
                f"CREATE TEMP TABLE import_stage ON COMMIT DROP AS SELECT id, {names} FROM {table.name} WITH NO DATA"
            )
            with cursor.copy(f"COPY import_stage (id, {names}) FROM STDIN") as copy:
                for row_id, new in rows:
                    copy.write_row(
                        [row_id, *(convert(new[name]) for convert, name in zip(to_db, columns, strict=True))]
                    )
            assignments = ", ".join(f"{name} = import_stage.{name}" for name in columns)
            cursor.execute(
                f"UPDATE {table.name} SET {assignments} FROM import_stage WHERE {table.name}.id = import_stage.id"
            )
            cursor.execute("DROP TABLE import_stage")

    def delete(self, table: Table, rows: list[Row]) -> None:
        """Rows to remove (whole, so that an undo can put them back)."""
        if not rows:
            return
        if self.journal is not None:
            self.journal.deleted(str(table.name), rows)
        ids = [row["id"] for row in rows]
        cursor = self.raw.cursor()
        try:
            if self.postgresql:
                cursor.execute(f"DELETE FROM {table.name} WHERE id = ANY(%s)", (ids,))
            else:
                for start in range(0, len(ids), PAGE):
                    page = ids[start : start + PAGE]
                    cursor.execute(f"DELETE FROM {table.name} WHERE id IN ({', '.join('?' * len(page))})", page)
        finally:
            cursor.close()

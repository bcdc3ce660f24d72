"""An import applied in several short transactions (SQLite), made all-or-nothing again by a journal of what it did.

SQLite has one writer at a time: an import written in one transaction would keep every agent from saving an outcome
until it ends. So on SQLite the checked file is applied a batch at a time, each batch its own short transaction, and
before each commits, the :class:`Journal` — a small SQLite file beside the database — records what the batch
inserts (ids), updates (the values it writes and those they replace) and deletes (whole rows). The import's
``import_runs`` row says ``applying`` and, in the same transaction as each batch, how many batches are in. If
anything fails or the user cancels, :func:`undo` takes the batches back out, newest first; if the process dies, the
next import or sync on that database finds the ``applying`` row (its process gone: the journal's lock file is free)
and undoes it first. An undone update puts a column back only while it still holds what the import wrote: what
agents saved between the batches stays.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import logging
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import select, update

from db.engine import Database
from db.models import ImportRun

log = logging.getLogger(__name__)


class Journal:
    """What the batches of one import changed, kept until the import is done or undone."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = sqlite3.connect(lock_path(path), isolation_level=None, timeout=0)
        self._lock.execute("BEGIN EXCLUSIVE")  # held while the import runs: the OS frees it if the process dies
        self._db = sqlite3.connect(path, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS ops (seq INTEGER PRIMARY KEY, batch INTEGER NOT NULL, "
            "table_name TEXT NOT NULL, kind TEXT NOT NULL, row_id INTEGER NOT NULL, data TEXT)"
        )
        self.batch = 0
        self._pending: list[tuple[int, str, str, int, str | None]] = []

    def begin(self) -> int:
        self.batch += 1
        return self.batch

    def inserted(self, table: str, ids: list[int]) -> None:
        """New rows, kept as runs of consecutive ids (one entry for a whole insert)."""
        start = previous = None
        for row_id in sorted(ids):
            if start is None:
                start = previous = row_id
            elif row_id == previous + 1:  # type: ignore[operator]
                previous = row_id
            else:
                self._pending.append((self.batch, table, "insert", start, str(previous)))
                start = previous = row_id
        if start is not None:
            self._pending.append((self.batch, table, "insert", start, str(previous)))

    def updated(self, table: str, changes: list[tuple[int, dict[str, Any], dict[str, Any]]]) -> None:
        """Changed rows: (id, the values written, the values they replace)."""
        self._pending.extend(
            (self.batch, table, "update", row_id, json.dumps({"old": old, "new": new})) for row_id, new, old in changes
        )

    def deleted(self, table: str, rows: list[dict[str, Any]]) -> None:
        self._pending.extend((self.batch, table, "delete", row["id"], json.dumps(row)) for row in rows)

    def flush(self) -> None:
        """Write this batch's entries; call before the batch's own transaction commits."""
        if not self._pending:
            return
        self._db.execute("BEGIN")
        self._db.executemany(
            "INSERT INTO ops (batch, table_name, kind, row_id, data) VALUES (?, ?, ?, ?, ?)", self._pending
        )
        self._db.execute("COMMIT")
        self._pending.clear()

    def close(self, *, remove: bool) -> None:
        self._db.close()
        self._lock.close()
        if remove:
            for path in (
                self.path,
                lock_path(self.path),
                *(self.path.with_name(self.path.name + s) for s in ("-wal", "-shm")),
            ):
                with contextlib.suppress(OSError):
                    path.unlink()


def lock_path(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


def journal_path(database: Database, run_id: int) -> Path:
    """Beside the database file, so that whoever opens the database next can undo an interrupted import."""
    base = Path(database.url.database or "agent-desk.sqlite3").expanduser().resolve()
    return base.with_name(f"{base.name}.import-{run_id}.journal")


def is_running(path: Path) -> bool:
    """Whether the import that writes this journal is alive (it holds the lock file)."""
    if not lock_path(path).exists():
        return False
    probe = sqlite3.connect(lock_path(path), isolation_level=None, timeout=0)
    try:
        probe.execute("BEGIN EXCLUSIVE")
    except sqlite3.OperationalError:
        return True
    finally:
        probe.close()
    return False


def _entries(path: Path, batch: int) -> Iterator[tuple[str, str, int, str | None]]:
    db = sqlite3.connect(path)
    try:
        yield from db.execute(
            "SELECT table_name, kind, row_id, data FROM ops WHERE batch = ? ORDER BY seq DESC", (batch,)
        )
    except sqlite3.DatabaseError as error:  # the journal, not the database: say which file
        raise JournalUnreadableError(path, error) from error
    finally:
        db.close()


@dataclasses.dataclass(frozen=True)
class UndoProgress:
    """How far the undo of one interrupted import is: batches and rows (a row inserted, updated or deleted by the
    import) taken back out of those its journal lists."""

    file_name: str
    batches: int
    batches_undone: int = 0
    rows: int = 0
    rows_undone: int = 0


Progress = Callable[[UndoProgress], None]


def _rows(path: Path, batches: int) -> int:
    """How many rows the journal's first ``batches`` batches changed (an insert entry is a run of ids)."""
    db = sqlite3.connect(path)
    try:
        total = db.execute(
            "SELECT SUM(CASE WHEN kind = 'insert' THEN CAST(data AS INTEGER) - row_id + 1 ELSE 1 END) FROM ops "
            "WHERE batch <= ?",
            (batches,),
        ).fetchone()[0]
    except sqlite3.DatabaseError as error:
        raise JournalUnreadableError(path, error) from error
    finally:
        db.close()
    return int(total or 0)


def undo(
    database: Database, run_id: int, path: Path, batches: int, progress: Progress | None = None, file_name: str = ""
) -> None:
    """Take the import's applied batches back out, newest first, each in its own short transaction.

    Each step lowers the run's ``batches_applied`` in the same transaction, so an undo that is itself interrupted
    goes on where it stopped. The run's row goes with the last step. ``progress`` hears how far it is before the
    first step and after each."""
    state = UndoProgress(file_name, batches)
    if progress is not None:
        state = dataclasses.replace(state, rows=_rows(path, batches))
        progress(state)
    for batch in range(batches, 0, -1):
        rows = 0
        with database.transaction(write=True) as session:
            raw = session.connection().connection.dbapi_connection
            assert raw is not None
            cursor = raw.cursor()
            try:
                for table, kind, row_id, data in _entries(path, batch):
                    if kind == "insert":  # a run of ids: row_id … data
                        cursor.execute(f"DELETE FROM {table} WHERE id BETWEEN ? AND ?", (row_id, int(data or row_id)))
                        rows += int(data or row_id) - row_id + 1
                        continue
                    rows += 1
                    if kind == "update":
                        sql, parameters = _restore(table, row_id, json.loads(data or "{}"))
                        cursor.execute(sql, parameters)
                    else:
                        row = json.loads(data or "{}")
                        marks = ", ".join("?" * len(row))
                        cursor.execute(f"INSERT INTO {table} ({', '.join(row)}) VALUES ({marks})", tuple(row.values()))
            finally:
                cursor.close()
            session.execute(update(ImportRun).where(ImportRun.id == run_id).values(batches_applied=batch - 1))
        if progress is not None:
            state = dataclasses.replace(
                state, batches_undone=state.batches_undone + 1, rows_undone=state.rows_undone + rows
            )
            progress(state)
    with database.transaction(write=True) as session:
        run = session.get(ImportRun, run_id)
        if run is not None:
            session.delete(run)


def _restore(table: str, row_id: int, entry: dict[str, Any]) -> tuple[str, tuple[Any, ...]]:
    """The statement that puts back what an update replaced — each column only while it still holds what the import
    wrote, so that what an agent or the desk saved between the import's batches stays."""
    old, new = entry["old"], entry["new"]
    assignments: list[str] = []
    parameters: list[Any] = []
    for name, value in old.items():
        if name in new:
            assignments.append(f"{name} = CASE WHEN {name} IS ? THEN ? ELSE {name} END")
            parameters.extend((new[name], value))
        else:
            assignments.append(f"{name} = ?")
            parameters.append(value)
    return f"UPDATE {table} SET {', '.join(assignments)} WHERE id = ?", (*parameters, row_id)


def recover(database: Database, progress: Progress | None = None) -> list[str]:
    """Undo every import this database shows as ``applying`` whose process is gone; returns their file names.
    ``progress`` hears how far each undo is (:func:`undo`).

    Raises:
        ImportBusyError: an import is being applied right now by another process.
    """
    if not database.is_sqlite:
        return []
    with database.session() as session:
        runs = session.execute(
            select(
                ImportRun.id, ImportRun.file_name, ImportRun.journal, ImportRun.batches_applied, ImportRun.started_at
            ).where(ImportRun.status == "applying")
        ).all()
    undone = []
    for run_id, file_name, journal, batches, started in runs:
        path = Path(journal) if journal else None
        if path is not None and is_running(path):
            raise ImportBusyError(file_name, started)
        if path is None or not path.exists():
            log.error("import %s (run %s) was interrupted and its journal %s is gone", file_name, run_id, journal)
            with database.transaction(write=True) as session:
                session.execute(update(ImportRun).where(ImportRun.id == run_id).values(status="interrupted"))
            continue
        log.warning("undoing the interrupted import of %s (run %s, %s batches)", file_name, run_id, batches)
        undo(database, run_id, path, batches, progress, file_name)
        for leftover in (path, lock_path(path), path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            with contextlib.suppress(OSError):
                leftover.unlink()
        undone.append(file_name)
    return undone


def recover_at_start(database: Database, progress: Progress | None = None) -> list[str]:
    """What the desk runs when it opens a database: an import that died part-way (its process gone) is undone now,
    rather than at the next import or sync, so that its customers come back within the agents' reach and nothing is
    hung on rows an undo would take out. One look-up in ``import_runs`` when none did; nothing on a read-only
    database or PostgreSQL (one transaction there: nothing to undo). An import alive in another process is left to
    go on. Returns the undone imports' file names; ``progress`` hears how far each undo is (the desk shows it)."""
    if not database.is_sqlite or database.read_only:
        return []
    with database.session() as session:
        if session.scalar(select(ImportRun.id).where(ImportRun.status == "applying").limit(1)) is None:
            return []
    try:
        return recover(database, progress)
    except ImportBusyError:
        return []


class ImportBusyError(Exception):
    """Another import is being applied to this database right now."""

    def __init__(self, file_name: str, started: Any) -> None:
        super().__init__(f"{file_name} is being imported since {started}")
        self.file_name = file_name
        self.started = started


class JournalUnreadableError(Exception):
    """The journal that says what an interrupted import wrote cannot be read (damaged, or not a journal)."""

    def __init__(self, path: Path, error: sqlite3.DatabaseError) -> None:
        super().__init__(f"{path}: {error}")
        self.path = path
        self.detail = str(error)

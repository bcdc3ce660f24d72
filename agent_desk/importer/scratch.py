"""A throwaway SQLite file that remembers what an import has seen, so memory stays flat at a million rows.

It holds the keys of every row (account numbers, explicit payment references, customer numbers with a digest of
their details), the rows found bad, every issue, and the checked records themselves (staged — plain data, already
in the database's form — marshalled and compressed, a batch at a time) so the writing pass does not read and parse
the file again. Duplicates are found with one ``GROUP BY`` at the end of the checking pass; the report is written
from it in row order. The file lives in a private temporary folder and is removed when the import ends.
"""

from __future__ import annotations

import json
import marshal
import queue
import sqlite3
import tempfile
import threading
import zlib
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from agent_desk.importer.issues import Issue, IssueKind, Severity
from agent_desk.importer.stage import Staged
from agent_desk.text import Message

PAGE = 900  # stays under SQLite's default limit of bound variables


def pack(records: Sequence[Staged]) -> bytes:
    """Staged records as bytes for the scratch file (``marshal``: they are plain data)."""
    return zlib.compress(marshal.dumps(list(records)), 1)


def _offer(ahead: queue.Queue[Any], item: object, stop: threading.Event) -> bool:
    """Put ``item`` in the queue unless the reader has stopped reading; False once it has."""
    while not stop.is_set():
        try:
            ahead.put(item, timeout=0.1)
            return True
        except queue.Full:
            continue
    return False


class Scratch:
    def __init__(self) -> None:
        self._dir = tempfile.TemporaryDirectory(prefix="agent-desk-import-")
        self._path = Path(self._dir.name) / "scratch.sqlite3"
        self._db = sqlite3.connect(self._path, isolation_level=None)
        for pragma in ("journal_mode=OFF", "synchronous=OFF", "cache_size=-16000", "temp_store=FILE"):
            self._db.execute(f"PRAGMA {pragma}")
        self._db.executescript(
            """
            CREATE TABLE keys (kind TEXT NOT NULL, key TEXT NOT NULL, row INTEGER NOT NULL, digest TEXT);
            CREATE TABLE bad (row INTEGER PRIMARY KEY);
            CREATE TABLE batches (seq INTEGER PRIMARY KEY, size INTEGER NOT NULL, data BLOB NOT NULL);
            CREATE TABLE mixed (key TEXT PRIMARY KEY, last_row INTEGER NOT NULL);
            CREATE TABLE issues (
                seq INTEGER PRIMARY KEY, row INTEGER, severity TEXT NOT NULL, column_name TEXT NOT NULL,
                value TEXT NOT NULL, code TEXT NOT NULL, params TEXT NOT NULL
            );
            """
        )
        self._indexed = False

    def close(self) -> None:
        self._db.close()
        self._dir.cleanup()

    def __enter__(self) -> Scratch:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- filling ----------------------------------------------------------------------------------------------

    def add_keys(self, rows: Iterable[tuple[str, str, int, str | None]]) -> None:
        """(kind, key, row, digest) rows: kind is ``account``, ``customer`` or ``payment``."""
        self._db.execute("BEGIN")
        self._db.executemany("INSERT INTO keys (kind, key, row, digest) VALUES (?, ?, ?, ?)", rows)
        self._db.execute("COMMIT")

    def add_issues(self, issues: Iterable[Issue]) -> None:
        rows = [
            (
                item.row,
                item.severity.value,
                item.column,
                item.value,
                item.message.code,
                json.dumps({k: v if isinstance(v, int | str) else str(v) for k, v in item.message.params}),
            )
            for item in issues
        ]
        if not rows:
            return
        self._db.execute("BEGIN")
        self._db.executemany(
            "INSERT INTO issues (row, severity, column_name, value, code, params) VALUES (?, ?, ?, ?, ?, ?)", rows
        )
        bad = [(row[0],) for row in rows if row[1] == Severity.ERROR.value and row[0] is not None]
        self._db.executemany("INSERT OR IGNORE INTO bad (row) VALUES (?)", bad)
        self._db.execute("COMMIT")

    def mark_bad(self, rows: Iterable[int]) -> None:
        """Rows that are bad without an issue of their own (a duplicate's other rows)."""
        self._db.execute("BEGIN")
        self._db.executemany("INSERT OR IGNORE INTO bad (row) VALUES (?)", [(row,) for row in rows])
        self._db.execute("COMMIT")

    def add_batch(self, records: Sequence[Staged]) -> None:
        """Keep a checked batch (staged records: plain data) for the writing pass."""
        self.add_packed(len(records), pack(records))

    def add_packed(self, size: int, data: bytes) -> None:
        """A batch packed by :func:`pack` (in a worker process)."""
        self._db.execute("INSERT INTO batches (size, data) VALUES (?, ?)", (size, data))

    def batches(self) -> Iterator[list[Staged]]:
        """The checked batches, in file order, read and unpacked one or two ahead in a thread of their own while
        the caller writes (its waits for the database leave the interpreter free for it).

        The thread reads through a connection of its own; the batches are not written to once checking is over."""
        ahead: queue.Queue[list[Staged] | BaseException | None] = queue.Queue(maxsize=2)
        stop = threading.Event()

        def read() -> None:
            try:
                connection = sqlite3.connect(self._path, check_same_thread=False)
                try:
                    for (data,) in connection.execute("SELECT data FROM batches ORDER BY seq"):
                        if not _offer(ahead, marshal.loads(zlib.decompress(data)), stop):
                            return
                finally:
                    connection.close()
                _offer(ahead, None, stop)
            except BaseException as error:  # handed to the reader, which raises it
                _offer(ahead, error, stop)

        reader = threading.Thread(target=read, name="import-scratch-reader", daemon=True)
        reader.start()
        try:
            while (item := ahead.get()) is not None:
                if isinstance(item, BaseException):
                    raise item
                yield item
        finally:
            stop.set()
            reader.join()

    def finish_checking(self) -> None:
        """Index the keys, then record duplicates as errors and customers described two ways as warnings."""
        self._db.execute("CREATE INDEX keys_kind_key ON keys (kind, key)")
        self._indexed = True
        # One error per duplicated key, on its first row, naming every row; each of them is bad. A payment
        # reference built from a duplicated account number is no second error of its own.
        duplicates = self._db.execute(
            "SELECT kind, key, group_concat(row) FROM keys WHERE kind IN ('account', 'payment') "
            "GROUP BY kind, key HAVING count(*) > 1 ORDER BY kind, min(row)"
        ).fetchall()
        found: list[Issue] = []
        duplicate_rows: set[int] = set()
        bad_rows: list[int] = []
        for kind, key, rows_text in duplicates:
            rows = sorted({int(row) for row in rows_text.split(",")})
            if kind == "payment" and set(rows) <= duplicate_rows:
                continue
            if kind == "account":
                duplicate_rows.update(rows)
            code = "import.row.duplicate_account" if kind == "account" else "import.row.duplicate_payment"
            shown = key.split("\x1f")[-2] if kind == "payment" else key
            listed = ", ".join(str(row) for row in rows[:20]) + (" …" if len(rows) > 20 else "")
            column = "account_number" if kind == "account" else "reference"
            found.append(Issue(rows[0], column, shown, Severity.ERROR, Message.of(code, value=shown, rows=listed)))
            bad_rows.extend(rows)
            if len(found) >= 5000:
                self.add_issues(found)
                found = []
        self.add_issues(found)
        self.mark_bad(bad_rows)
        mixed = self._db.execute(
            "SELECT key, group_concat(row) FROM keys WHERE kind = 'customer' "
            "GROUP BY key HAVING count(DISTINCT digest) > 1"
        )
        warnings = []
        last_rows = []
        for key, rows_text in mixed:
            rows = sorted(int(row) for row in rows_text.split(","))
            last_rows.append((key, rows[-1]))
            listed = ", ".join(str(row) for row in rows[:20]) + (" …" if len(rows) > 20 else "")
            warnings.append(
                Issue(
                    rows[-1],
                    "customer_number",
                    key,
                    Severity.WARNING,
                    Message.of("import.row.customer_differs", value=key, rows=listed),
                )
            )
        self.add_issues(warnings)
        self._db.execute("BEGIN")
        self._db.executemany("INSERT INTO mixed (key, last_row) VALUES (?, ?)", last_rows)
        self._db.execute("COMMIT")

    def mixed_customers(self) -> dict[str, int]:
        """Customers described differently on several rows → the row whose details are kept (the last)."""
        return dict(self._db.execute("SELECT key, last_row FROM mixed").fetchall())

    # -- reading ----------------------------------------------------------------------------------------------

    def bad_rows_between(self, first: int, last: int) -> set[int]:
        return {row for (row,) in self._db.execute("SELECT row FROM bad WHERE row BETWEEN ? AND ?", (first, last))}

    def bad_row_count(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM bad").fetchone()[0])

    def severity_counts(self) -> dict[str, int]:
        return dict(self._db.execute("SELECT severity, count(*) FROM issues GROUP BY severity").fetchall())

    def seen(self, kind: str, keys: list[str]) -> set[str]:
        """Which of ``keys`` the file holds (``kind``: ``account`` or ``customer``)."""
        found: set[str] = set()
        for start in range(0, len(keys), PAGE):
            page = keys[start : start + PAGE]
            marks = ",".join("?" * len(page))
            found.update(
                key
                for (key,) in self._db.execute(
                    f"SELECT DISTINCT key FROM keys WHERE kind = ? AND key IN ({marks})",
                    (kind, *page),
                )
            )
        return found

    def distinct_keys(self, kind: str, page: int = PAGE) -> Iterator[list[str]]:
        """The distinct keys of a kind, a page at a time, in key order."""
        last = ""
        while True:
            rows = [
                key
                for (key,) in self._db.execute(
                    "SELECT DISTINCT key FROM keys WHERE kind = ? AND key > ? ORDER BY key LIMIT ?", (kind, last, page)
                )
            ]
            if not rows:
                return
            yield rows
            last = rows[-1]

    def kinds(self) -> list[IssueKind]:
        """One entry per issue code: how many, and the first in row order."""
        found = []
        for code, severity, count in self._db.execute(
            "SELECT code, severity, count(*) FROM issues GROUP BY code, severity ORDER BY min(coalesce(row, -1))"
        ).fetchall():
            row = self._db.execute(
                "SELECT row, severity, column_name, value, code, params FROM issues WHERE code = ? AND severity = ? "
                "ORDER BY coalesce(row, -1), seq LIMIT 1",
                (code, severity),
            ).fetchone()
            found.append(IssueKind(code, Severity(severity), int(count), self._issue(row)))
        return found

    @staticmethod
    def _issue(row: tuple[object, ...]) -> Issue:
        number, severity, column, value, code, params = row
        message = Message.of(str(code), **json.loads(str(params)))
        return Issue(
            None if number is None else int(str(number)), str(column), str(value), Severity(str(severity)), message
        )

    def issues(self, limit: int | None = None) -> Iterator[Issue]:
        """Issues in row order (notices about the whole file first)."""
        query = "SELECT row, severity, column_name, value, code, params FROM issues ORDER BY coalesce(row, -1), seq"
        if limit is not None:
            query += f" LIMIT {int(limit)}"
        for row, severity, column, value, code, params in self._db.execute(query):
            message = Message.of(code, **json.loads(params))
            yield Issue(row, column, value, Severity(severity), message)

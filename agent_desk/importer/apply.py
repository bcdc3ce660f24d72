"""Pass 2 of an import: the checked, staged batches into the database — all of them, or none as the user sees it.

* **PostgreSQL**: one transaction, new rows by ``COPY``, changed rows through a staging table. Rows are locked only
  as they are written, so agents saving outcomes meanwhile do not wait.
* **SQLite** (one writer at a time): a batch per short transaction with a pause between them, so an agent's save
  waits at most about one batch; a :class:`~agent_desk.importer.journal.Journal` makes the whole all-or-nothing again
  (a failure, a cancel or the file changing meanwhile undoes the batches already in; a crash is undone by the next
  import or sync). The run's row says ``applying`` until the last batch is in.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, func, insert, select, update
from sqlalchemy.orm import Session

from agent_desk.importer.bulk import Bulk
from agent_desk.importer.configuration import store_reference_amounts
from agent_desk.importer.issues import Issue, Severity
from agent_desk.importer.journal import Journal, journal_path, undo
from agent_desk.importer.scratch import Scratch
from agent_desk.importer.sources import file_fingerprint
from agent_desk.importer.stage import Staged
from agent_desk.importer.summary import ImportFailedError, Phase
from agent_desk.importer.writer import PortfolioWriter, absent_accounts
from agent_desk.text import Message
from db.models import Account, AuditEvent, ContactPoint, Customer, ImportRun

if TYPE_CHECKING:
    from agent_desk.importer.runner import ImportRunState

BATCH_SECONDS = 0.25  # a SQLite batch aims at this long in its transaction…
PAUSE_SECONDS = 0.11  # …then leaves the lock free this long: an agent's save retries at least every 0.1 s
MIN_BATCH = 200  # records: however slow the machine, the pauses stay a small part of the writing
RECALL_PAGE = 2000  # accounts on record compared with the file per recall batch (--full-portfolio on SQLite)


class Applier:
    """Writes one import's checked batches; see the module's docstring for the two ways."""

    def __init__(self, run: ImportRunState, scratch: Scratch) -> None:
        self.run = run
        self.scratch = scratch
        self.warnings: list[Issue] = []
        self.recalled: list[str] = []
        self.writer: PortfolioWriter | None = None

    def _writer(self, bulk: Bulk) -> PortfolioWriter:
        if self.writer is None:
            formats = self.run.mapping.formats
            self.writer = PortfolioWriter(
                bulk,
                now=self.run.started,
                today=self.run.today,
                currency=formats.currency,
                language=formats.language,
                country=formats.country,
                source_label=f"import:{self.run.source.info.path.name}",
            )
            self.writer.kept_rows = self.scratch.mixed_customers()
        self.writer.bulk = bulk
        return self.writer

    def _good(self) -> Iterator[list[Staged]]:
        for batch in self.run.checked_batches(self.scratch):
            bad = self.scratch.bad_rows_between(batch[0]["row"], batch[-1]["row"]) if batch else set()
            good = [record for record in batch if record["row"] not in bad]
            if good:
                yield good

    def _write_batch(self, writer: PortfolioWriter, records: list[Staged]) -> None:
        write = writer.write if self.run.mapping.grain == "account" else writer.write_payments
        self.warnings.extend(write(records))

    def _recall(self, writer: PortfolioWriter) -> None:
        if not self.run.options.full_portfolio:
            return
        started = time.perf_counter()
        self.run.report(Phase.RECALLING, 0, None, 0.0)
        self.recalled = writer.recall_absent(lambda numbers: self.scratch.seen("account", numbers))
        self.run.report(Phase.RECALLING, len(self.recalled), len(self.recalled), 1.0)
        self.run.seconds["recalling"] = time.perf_counter() - started

    def _recall_in_batches(self, commit: Callable[[Callable[[PortfolioWriter, Session], None]], None]) -> None:
        """--full-portfolio on SQLite: find the absent accounts a page at a time outside the write lock (a read that
        compares every account on record with the file can take long), then recall each page in a batch of its own,
        which reads the page's accounts again under the lock (see :meth:`PortfolioWriter.recall`)."""
        if not self.run.options.full_portfolio:
            return
        started = time.perf_counter()
        self.run.report(Phase.RECALLING, 0, None, 0.0)
        last_id = 0
        while True:
            with self.run.database.engine.connect() as connection:  # a read: it takes no lock
                found = next(absent_accounts(Bulk(connection), self._present, after=last_id, page=RECALL_PAGE), None)
            if found is None:
                break
            last_id, ids = found
            if ids:
                commit(lambda writer, session, ids=ids: self.recalled.extend(writer.recall(ids)))  # type: ignore[misc]
            self.run.report(Phase.RECALLING, len(self.recalled), None, 0.5)
        self.run.report(Phase.RECALLING, len(self.recalled), len(self.recalled), 1.0)
        self.run.seconds["recalling"] = time.perf_counter() - started

    def _present(self, numbers: list[str]) -> set[str]:
        return self.scratch.seen("account", numbers)

    def _check_file(self) -> None:
        info = self.run.source.info
        if file_fingerprint(info.path)[0] != info.fingerprint:
            raise ImportFailedError(Message.of("import.source.changed", path=info.path.name))

    def apply(self) -> tuple[dict[str, int], list[str], list[Issue]]:
        started = time.perf_counter()
        if self.run.database.is_sqlite:
            self._in_batches()
        else:
            self._at_once()
        self.run.seconds["writing"] = time.perf_counter() - started - self.run.seconds.get("recalling", 0.0)
        counts = dict(self.writer.counts) if self.writer is not None else {}
        return counts, self.recalled, self.warnings

    # -- PostgreSQL: one transaction --------------------------------------------------------------------------

    def _at_once(self) -> None:
        with self.run.database.transaction(write=True) as session:
            bulk = Bulk(session.connection())
            writer = self._writer(bulk)
            self._references(session)
            for records in self._good():
                self._write_batch(writer, records)
            self._recall(writer)
            self._check_file()
            run_id = self._insert_run(session.connection(), status="done")
            self._audit(session.connection(), run_id)

    # -- SQLite: short transactions, a journal to undo them ----------------------------------------------------

    def _in_batches(self) -> None:
        database = self.run.database
        with database.transaction(write=True) as session:
            run_id = self._insert_run(session.connection(), status="applying")
            # Customers, accounts and numbers from these ids on are this import's until it is done: the desk leaves
            # their customers alone meanwhile (agent_desk.auth.guard.importing), as an undo would take them back out.
            floors = {
                "customers_from": (session.scalar(select(func.max(Customer.id))) or 0) + 1,
                "accounts_from": (session.scalar(select(func.max(Account.id))) or 0) + 1,
                "contact_points_from": (session.scalar(select(func.max(ContactPoint.id))) or 0) + 1,
            }
            session.execute(update(ImportRun).where(ImportRun.id == run_id).values(counts=floors))
            path = journal_path(database, run_id)
            session.execute(update(ImportRun).where(ImportRun.id == run_id).values(journal=str(path)))
        journal = Journal(path)
        try:
            self._batches(run_id, journal)
        except BaseException:
            journal.flush()
            undo(database, run_id, path, journal.batch)
            journal.close(remove=True)
            raise
        journal.close(remove=True)

    def _batches(self, run_id: int, journal: Journal) -> None:
        database = self.run.database
        held = 0.0
        waiting: list[Staged] = []

        def commit(step: Callable[[PortfolioWriter, Session], None]) -> None:
            nonlocal held
            if held:
                time.sleep(PAUSE_SECONDS)  # let an agent's save in before the next batch
            began = time.perf_counter()
            with database.transaction(write=True) as session:
                bulk = Bulk(session.connection(), journal)
                journal.begin()
                step(self._writer(bulk), session)
                session.execute(update(ImportRun).where(ImportRun.id == run_id).values(batches_applied=journal.batch))
                journal.flush()
            held = time.perf_counter() - began

        size = 250  # records per transaction, grown or shrunk to keep each near BATCH_SECONDS
        for records in self._good():
            waiting.extend(records)
            while len(waiting) >= size:
                part, waiting = waiting[:size], waiting[size:]
                commit(lambda writer, session, part=part: self._write_batch(writer, part))  # type: ignore[misc]
                # Shrink at once after a slow batch, grow by a quarter at most: a batch that overshoots is a wait.
                aimed = int(size * BATCH_SECONDS / max(held, 0.01))
                size = max(MIN_BATCH, min(4000, int(size * 1.25), aimed))
        if waiting:
            commit(lambda writer, session: self._write_batch(writer, waiting))
        self._recall_in_batches(commit)
        self._check_file()

        def finish(writer: PortfolioWriter, session: Session) -> None:
            self._references(session)
            self._finish_run(session.connection(), run_id)
            self._audit(session.connection(), run_id)

        commit(finish)

    # -- the run's own rows ---------------------------------------------------------------------------------

    def _references(self, session: Session) -> None:
        formats = self.run.mapping.formats
        if formats.reference_amount is not None and self.run.currencies:
            self.run.added_references = store_reference_amounts(
                session, self.run.clock, {formats.currency: formats.reference_amount}, user_id=self.run.options.user_id
            )

    def _run_values(self) -> dict[str, Any]:
        run = self.run
        info = run.source.info
        bad = self.scratch.bad_row_count()
        counts = dict(self.writer.counts) if self.writer is not None else {}
        return {
            "finished_at": run.clock.now(),
            "rows_read": run.rows,
            "rows_imported": run.rows - bad,
            "rows_rejected": bad,
            "warnings": self.scratch.severity_counts().get(Severity.WARNING.value, 0) + len(self.warnings),
            "counts": counts,
            "file_name": info.path.name[:255],
            "file_fingerprint": info.fingerprint,
            "file_size": info.size,
        }

    def _insert_run(self, connection: Connection, *, status: str) -> int:
        run = self.run
        run_id: int = connection.execute(
            insert(ImportRun).returning(ImportRun.id),
            {
                **self._run_values(),
                "kind": "import",
                "status": status,
                "started_at": run.started,
                "mapping_name": run.mapping.name[:120],
                "mapping_fingerprint": run.mapping.fingerprint,
                "user_id": run.options.user_id,
                "run_by": (run.options.run_by or "")[:120] or None,
                "skip_bad_rows": run.options.skip_bad_rows,
                "full_portfolio": run.options.full_portfolio,
            },
        ).scalar_one()
        return run_id

    def _finish_run(self, connection: Connection, run_id: int) -> None:
        connection.execute(
            update(ImportRun)
            .where(ImportRun.id == run_id)
            .values(**self._run_values(), status="done", journal=None, batches_applied=0)
        )

    def _audit(self, connection: Connection, run_id: int) -> None:
        info = self.run.source.info
        counts = dict(self.writer.counts) if self.writer is not None else {}
        connection.execute(
            insert(AuditEvent),
            {
                "at": self.run.started,
                "user_id": self.run.options.user_id,
                "action": "portfolio.import",
                "entity": "import_runs",
                "entity_id": str(run_id),
                "before": None,
                "after": {"file": info.path.name, "fingerprint": info.fingerprint, "rows": self.run.rows, **counts},
            },
        )

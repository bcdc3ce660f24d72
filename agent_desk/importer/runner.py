"""An import from start to end: open and check the file, then write it whole — or write nothing.

Two passes keep memory flat: the first reads every row of the file through the mapping (in worker processes for a
large file) and keeps keys, issues and the checked records, staged in the database's own form, in a scratch SQLite
file (duplicates are found there); the second (:mod:`agent_desk.importer.apply`) takes the staged records back a
batch at a time and writes the good ones — in one transaction on PostgreSQL, in short journalled ones on SQLite — so
a failure, a cancel or a file that changed meanwhile leaves the database as it was.
"""

from __future__ import annotations

import collections
import contextlib
import dataclasses
import datetime as dt
import logging
import time
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from agent_desk.auth.guard import acting
from agent_desk.auth.permissions import Actor, Permission, require
from agent_desk.clock import Clock
from agent_desk.importer.apply import Applier
from agent_desk.importer.configuration import configuration_problems
from agent_desk.importer.hooks import after_import
from agent_desk.importer.issues import Issue, Severity, issue
from agent_desk.importer.journal import ImportBusyError, recover
from agent_desk.importer.scratch import PAGE, Scratch
from agent_desk.importer.sources import Source, SourceError, SourceRow, open_source
from agent_desk.importer.spec import ImportMapping
from agent_desk.importer.stage import Staged
from agent_desk.importer.summary import (
    SHOWN_ISSUES,
    CancelToken,
    ImportCancelledError,
    ImportFailedError,
    ImportOptions,
    ImportProgress,
    ImportSummary,
    Phase,
    ProgressCallback,
    write_report,
)
from agent_desk.importer.tables import ACCOUNTS, CUSTOMERS
from agent_desk.importer.transform import RowReader, compile_mapping
from agent_desk.importer.values import is_blank
from agent_desk.importer.workers import Checked, checked_in_workers, examine, worker_count
from agent_desk.text import Message
from agent_desk.worklist.settings import forget_settings
from db.engine import Database
from db.models import AccountStatus, ImportRun

log = logging.getLogger(__name__)


class ImportRunState:
    """The state of one import: source, compiled mapping, scratch store, counts."""

    def __init__(
        self,
        database: Database,
        clock: Clock,
        path: Path,
        mapping: ImportMapping,
        options: ImportOptions,
        progress: ProgressCallback | None,
        cancel: CancelToken | None,
    ) -> None:
        self.database = database
        self.mapping = mapping
        self.options = options
        self.progress = progress
        self.cancel = cancel or CancelToken()
        self.clock = clock
        self.started = clock.now()
        self.today = self.started.astimezone(ZoneInfo(mapping.formats.timezone)).date()
        self.seconds: dict[str, float] = {}
        self.added_references: dict[str, str] = {}
        self.notices: list[Issue] = []
        try:
            self.source: Source = open_source(path, mapping.source)
        except SourceError as error:
            raise ImportFailedError(error.message) from error
        info = self.source.info
        check, reader = compile_mapping(mapping, info.header, fingerprint=info.fingerprint, today=self.today)
        if reader is None:
            if check.ambiguous:
                raise ImportFailedError(Message.of("import.columns.ambiguous", columns=", ".join(check.ambiguous)))
            missing = ", ".join(f"{column} ({target})" for column, target in check.missing)
            raise ImportFailedError(Message.of("import.columns.missing", columns=missing, file=path.name))
        self.reader: RowReader = reader
        if check.ignored:
            self.notices.append(
                issue(None, "", "", Severity.NOTICE, "import.columns.ignored", columns=", ".join(check.ignored))
            )
        for column, target in check.optional_missing:
            self.notices.append(
                issue(None, column, "", Severity.NOTICE, "import.columns.optional_missing", column=column, field=target)
            )
        if options.full_portfolio and mapping.grain != "account":
            raise ImportFailedError(Message.of("import.full_portfolio_needs_accounts"))
        self.rows = 0
        self.blank_rows = 0
        self.currencies: collections.Counter[str] = collections.Counter()  # of the accounts, rows per value
        self.countries: collections.Counter[str] = collections.Counter()  # of the customers

    def report(self, phase: Phase, done: int, total: int | None, fraction: float) -> None:
        # Once the import has committed (the worklist phase) there is nothing left to cancel.
        if self.cancel.cancelled and phase is not Phase.WORKLIST:
            raise ImportCancelledError
        if self.progress is not None:
            self.progress(ImportProgress(phase, done, total, max(0.0, min(1.0, fraction))))

    def raw_batches(self) -> Iterator[list[SourceRow]]:
        """The file's non-blank rows, a batch at a time, with progress and cancel checks."""
        size = self.options.batch_size
        batch: list[SourceRow] = []
        done = 0
        self.report(Phase.CHECKING, 0, None, 0.0)
        for row in self.source.rows():
            if all(is_blank(cell) for cell in row.cells):
                self.blank_rows += 1
                continue
            batch.append(row)
            if len(batch) >= size:
                done += len(batch)
                yield batch
                batch = []
                self.report(Phase.CHECKING, done, None, self.source.fraction())
        if batch:
            done += len(batch)
            yield batch
        self.report(Phase.CHECKING, done, done, 1.0)

    def _checked(self) -> Iterator[Checked]:
        """Every batch checked — in worker processes for a large file, here for a small one."""
        keep = not self.options.dry_run
        info = self.source.info
        workers = worker_count(info, self.options.workers)
        if workers:
            yield from checked_in_workers(
                self.raw_batches(), self.mapping, info, self.today, workers=workers, keep=keep
            )
            return
        for batch in self.raw_batches():
            records = [self.reader.read_row(row, info) for row in batch]
            yield examine(records, self.mapping, keep=keep)

    def checked_batches(self, scratch: Scratch) -> Iterator[list[Staged]]:
        """The batches the checking pass kept, with progress and cancel checks."""
        done = 0
        self.report(Phase.WRITING, 0, self.rows, 0.0)
        for batch in scratch.batches():
            yield batch
            done += len(batch)
            self.report(Phase.WRITING, done, self.rows, done / max(1, self.rows))

    # -- pass 1 ------------------------------------------------------------------------------------------------

    def check(self, scratch: Scratch) -> None:
        started = time.perf_counter()
        scratch.add_issues(self.notices)
        for checked in self._checked():
            self.rows += checked.rows
            if checked.packed is not None and checked.good:
                scratch.add_packed(checked.good, checked.packed)
            self.currencies.update(checked.currencies)
            self.countries.update(checked.countries)
            issues = checked.issues
            if checked.accounts:
                issues.extend(self._unknown_accounts(checked.accounts))
            scratch.add_keys(checked.keys)
            scratch.add_issues(issues)
        scratch.finish_checking()
        self.seconds["checking"] = time.perf_counter() - started

    def check_configuration(self) -> None:
        """The book must know every currency's reference amount and have a policy pack for the customers' country."""
        formats = self.mapping.formats
        given = {formats.currency: formats.reference_amount} if formats.reference_amount else {}
        with self.database.session() as session:
            problems = configuration_problems(session, self.currencies, self.countries, reference_amounts=given)
        if problems:
            raise ImportFailedError(*problems)

    def _unknown_accounts(self, accounts: list[tuple[int, str]]) -> list[Issue]:
        numbers = sorted({number for _, number in accounts})
        with self.database.session() as session:
            known = set(
                session.scalars(select(ACCOUNTS.c.account_number).where(ACCOUNTS.c.account_number.in_(numbers)))
            )
        label = self.reader.account["account_number"].label
        return [
            issue(row, label, number, Severity.ERROR, "import.row.unknown_account")
            for row, number in accounts
            if number not in known
        ]

    def classify(self, scratch: Scratch) -> tuple[dict[str, int], list[str]]:
        """For a dry run: which accounts and customers are new, and which accounts would be recalled."""
        counts: dict[str, int] = {}
        with self.database.session() as session:
            for kind, table, column in (
                ("account", ACCOUNTS, ACCOUNTS.c.account_number),
                ("customer", CUSTOMERS, CUSTOMERS.c.customer_number),
            ):
                total = known = 0
                for page in scratch.distinct_keys(kind):
                    total += len(page)
                    known += session.scalar(select(func.count()).select_from(table).where(column.in_(page))) or 0
                counts[f"{kind}s_new"] = total - known
                counts[f"{kind}s_known"] = known
            would_recall: list[str] = []
            if self.options.full_portfolio:
                last_id = 0
                while rows := session.execute(
                    select(ACCOUNTS.c.id, ACCOUNTS.c.account_number)
                    .where(ACCOUNTS.c.id > last_id, ACCOUNTS.c.status != AccountStatus.RECALLED)
                    .order_by(ACCOUNTS.c.id)
                    .limit(PAGE)
                ).all():
                    last_id = rows[-1].id
                    held = scratch.seen("account", [row.account_number for row in rows])
                    would_recall.extend(row.account_number for row in rows if row.account_number not in held)
        return counts, would_recall

    def previous_import(self) -> dt.datetime | None:
        with self.database.session() as session:
            return session.scalar(
                select(func.max(ImportRun.finished_at)).where(
                    ImportRun.file_fingerprint == self.source.info.fingerprint
                )
            )


def recover_or_refuse(database: Database) -> list[str]:
    """Undo imports a crash left half-applied; refuse while another one is being applied (SQLite only)."""
    try:
        return recover(database)
    except ImportBusyError as busy:
        raise ImportFailedError(Message.of("import.busy", file=busy.file_name, started=busy.started)) from busy


def run_import(
    database: Database,
    clock: Clock,
    path: Path,
    mapping: ImportMapping,
    options: ImportOptions | None = None,
    *,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
    actor: Actor | int | None,
) -> ImportSummary:
    """Check ``path`` through ``mapping`` and, unless it is a dry run or refused, write it all or nothing.

    ``actor`` is who imports (``Actor.system()`` for the command line run with the database's own credentials):
    their role must hold ``import.run`` (supervisors and admins).

    Raises:
        AccessDeniedError: the actor may not import.
        ImportFailedError: the file, its columns or the request is wrong as a whole (nothing written).
        ImportCancelledError: ``cancel`` was set (everything rolled back).
    """
    options = options or ImportOptions()
    with database.session() as session:
        who = acting(session, actor)
    require(who, Permission.IMPORT_RUN)
    if options.user_id is None and who.user_id is not None:
        options = dataclasses.replace(options, user_id=who.user_id)
    undone = recover_or_refuse(database)
    run = ImportRunState(database, clock, path, mapping, options, progress, cancel)
    run.notices[:0] = [issue(None, "", "", Severity.NOTICE, "import.recovered", file=name) for name in undone]
    with contextlib.closing(Scratch()) as scratch:
        run.check(scratch)
        run.check_configuration()
        severities = scratch.severity_counts()
        bad_rows = scratch.bad_row_count()
        if options.full_portfolio and not next(scratch.distinct_keys("account", 1), None):
            raise ImportFailedError(Message.of("import.full_portfolio_empty"))
        previous = run.previous_import()
        counts: dict[str, int] = {}
        recalled: list[str] = []
        extra: list[Issue] = []
        imported = worklist = False
        if options.dry_run:
            if mapping.grain == "account":
                counts, recalled = run.classify(scratch)
        elif bad_rows == 0 or options.skip_bad_rows:
            counts, recalled, extra = Applier(run, scratch).apply()
            imported = True
            if run.added_references:
                forget_settings(database)
            scratch.add_issues(extra)
            if options.rebuild_worklist:
                started = time.perf_counter()
                worklist = after_import(
                    database, clock, lambda done, total: run.report(Phase.WORKLIST, done, total, done / max(1, total))
                )
                run.seconds["worklist"] = time.perf_counter() - started
        else:
            log.info("import of %s refused: %d rows with errors", path.name, bad_rows)
        if options.report_path is not None:
            write_report(options.report_path, scratch.issues(), recalled, options.language)
        shown = list(scratch.issues(SHOWN_ISSUES + len(run.notices)))
        return ImportSummary(
            file_name=path.name,
            fingerprint=run.source.info.fingerprint,
            mapping_name=mapping.name,
            dry_run=options.dry_run,
            imported=imported,
            rows=run.rows,
            rows_with_errors=bad_rows,
            errors=severities.get(Severity.ERROR.value, 0),
            warnings=severities.get(Severity.WARNING.value, 0) + len(extra),
            notices=tuple(item for item in shown if item.severity is Severity.NOTICE),
            issues=tuple(item for item in shown if item.severity is not Severity.NOTICE)[:SHOWN_ISSUES],
            counts=counts,
            recalled=tuple(recalled),
            skipped_blank_rows=run.blank_rows,
            previous_import=previous,
            worklist_rebuilt=worklist,
            seconds=run.seconds,
            report_path=options.report_path,
            kinds=tuple(scratch.kinds()),
            added_references=run.added_references,
        )

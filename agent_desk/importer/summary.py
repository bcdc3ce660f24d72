"""What an import takes (options), tells while it runs (progress) and hands back (the summary and its report)."""

from __future__ import annotations

import collections
import csv
import dataclasses
import datetime as dt
import enum
import threading
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from agent_desk.importer.issues import Issue, IssueKind, Severity, printable
from agent_desk.text import Message, render

REPORT_COLUMNS = ("row", "severity", "column", "value", "code", "problem")
SHOWN_ISSUES = 500
REPORTED_PER_KIND = 1000  # the report lists the first ones of each problem, then says how many more there are


class Phase(enum.StrEnum):
    CHECKING = "checking"
    WRITING = "writing"
    RECALLING = "recalling"
    WORKLIST = "worklist"


@dataclasses.dataclass(frozen=True)
class ImportProgress:
    phase: Phase
    done: int
    total: int | None
    fraction: float  # 0–1 within the phase

    @property
    def message(self) -> Message:
        if self.total:
            return Message.of(f"import.progress.{self.phase.value}_of", done=self.done, total=self.total)
        return Message.of(f"import.progress.{self.phase.value}", done=self.done)


ProgressCallback = Callable[[ImportProgress], None]


@dataclasses.dataclass(frozen=True)
class ImportOptions:
    dry_run: bool = False
    skip_bad_rows: bool = False
    full_portfolio: bool = False
    batch_size: int = 1000
    user_id: int | None = None
    run_by: str | None = None
    report_path: Path | None = None
    language: str = "en"  # of the report's "problem" column
    rebuild_worklist: bool = True
    workers: int | None = None  # processes that check the rows: None chooses (every core for a large file), 0 none


class ImportCancelledError(Exception):
    """The user cancelled; everything written so far was rolled back."""


class ImportFailedError(Exception):
    """The import could not run or was refused as a whole (file, mapping, columns, settings); nothing was written.

    ``messages`` holds every reason (``message`` is the first)."""

    def __init__(self, message: Message, *more: Message) -> None:
        super().__init__("\n".join(item.render() for item in (message, *more)))
        self.message = message
        self.messages = (message, *more)


class CancelToken:
    """Set from any thread (the GUI's Cancel button, Ctrl-C); the import checks it between batches."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()


@dataclasses.dataclass(frozen=True)
class ImportSummary:
    file_name: str
    fingerprint: str
    mapping_name: str
    dry_run: bool
    imported: bool
    rows: int
    rows_with_errors: int
    errors: int
    warnings: int
    notices: tuple[Issue, ...]
    issues: tuple[Issue, ...]  # the first SHOWN_ISSUES, in row order; all are in the report
    counts: Mapping[str, int]
    recalled: tuple[str, ...] = ()
    skipped_blank_rows: int = 0
    previous_import: dt.datetime | None = None
    worklist_rebuilt: bool = False
    seconds: Mapping[str, float] = dataclasses.field(default_factory=dict)
    report_path: Path | None = None
    kinds: tuple[IssueKind, ...] = ()  # every problem code with its count and first occurrence
    added_references: Mapping[str, str] = dataclasses.field(default_factory=dict)

    @property
    def rows_imported(self) -> int:
        return self.rows - self.rows_with_errors if self.imported else 0

    def lines(self, *, warnings: bool = False) -> list[Message]:
        """The summary as sentences, for the CLI and the wizard (``warnings``: each kind once, after the counts)."""
        out = [Message.of("import.summary.file", file=self.file_name, rows=self.rows, mapping=self.mapping_name)]
        if self.previous_import is not None:
            out.append(Message.of("import.summary.seen_before", when=self.previous_import))
        out.append(
            Message.of(
                "import.summary.checked",
                errors=self.errors,
                bad_rows=self.rows_with_errors,
                warnings=self.warnings,
            )
        )
        if warnings:
            out.extend(self.warning_lines())
        out.extend(self._outcome_lines())
        if self.report_path is not None:
            out.append(Message.of("import.summary.report", path=str(self.report_path)))
        return out

    def _outcome_lines(self) -> list[Message]:
        c = self.counts
        out: list[Message] = []
        if self.dry_run:
            out.append(Message.of("import.summary.dry_run"))
            if "accounts_new" in c:
                out.append(
                    Message.of(
                        "import.summary.would_write",
                        accounts_new=c.get("accounts_new", 0),
                        accounts_known=c.get("accounts_known", 0),
                        customers_new=c.get("customers_new", 0),
                        customers_known=c.get("customers_known", 0),
                    )
                )
            if self.recalled:
                out.append(Message.of("import.summary.would_recall", count=len(self.recalled)))
            return out
        if not self.imported:
            return [Message.of("import.summary.rejected", bad_rows=self.rows_with_errors)]
        if self.rows_with_errors:
            out.append(Message.of("import.summary.skipped", bad_rows=self.rows_with_errors))
        if "accounts_new" not in c:  # a payment file
            out.append(
                Message.of("import.summary.payments", new=c.get("payments_new", 0), known=c.get("payments_known", 0))
            )
        else:
            out.extend(self._portfolio_lines())
        if self.recalled:
            out.append(Message.of("import.summary.recalled", count=len(self.recalled)))
        if c.get("accounts_returned"):
            out.append(Message.of("import.summary.returned", count=c["accounts_returned"]))
        out.append(Message.of("import.summary.worklist" if self.worklist_rebuilt else "import.summary.no_worklist"))
        return out

    def warning_lines(self) -> list[Message]:
        """Each kind of warning once: how many rows, what, and where it is first."""
        return [
            Message.of("import.cli.kind", count=kind.count, problem=kind.first.message, first=where(kind.first))
            for kind in self.kinds
            if kind.severity is Severity.WARNING
        ]

    def _portfolio_lines(self) -> list[Message]:
        c = self.counts
        out = [
            Message.of(
                "import.summary.accounts",
                new=c.get("accounts_new", 0),
                updated=c.get("accounts_updated", 0),
                unchanged=c.get("accounts_unchanged", 0),
            ),
            Message.of(
                "import.summary.customers",
                new=c.get("customers_new", 0),
                updated=c.get("customers_updated", 0),
                unchanged=c.get("customers_unchanged", 0),
            ),
            Message.of(
                "import.summary.history",
                contacts=c.get("contact_points_new", 0),
                instructions=c.get("instructions_new", 0) + c.get("instructions_updated", 0),
                bills=c.get("installments_new", 0) + c.get("installments_updated", 0),
                payments=c.get("payments_new", 0),
                known=c.get("payments_known", 0),
            ),
        ]
        if c.get("attributes_new") or c.get("attributes_updated"):
            out.append(
                Message.of(
                    "import.summary.attributes", new=c.get("attributes_new", 0), updated=c.get("attributes_updated", 0)
                )
            )
        if c.get("names_made_up"):
            out.append(Message.of("import.summary.names_made_up", count=c["names_made_up"]))
        if c.get("flags_set") or c.get("flags_cleared"):
            out.append(Message.of("import.summary.flags", set=c.get("flags_set", 0), cleared=c.get("flags_cleared", 0)))
        return out


def where(item: Issue) -> Message:
    """Where an issue is: its row, and its column and value when it has them (printable)."""
    if not item.column:
        return Message.of("import.cli.where_row", row=item.row)
    value = f" “{printable(item.value)}”" if item.value else ""
    return Message.of("import.cli.where_cell", row=item.row, column=printable(item.column), value=value)


def write_report(
    path: Path,
    issues: Iterable[Issue],
    recalled: Iterable[str],
    language: str,
    *,
    per_kind: int = REPORTED_PER_KIND,
) -> None:
    """The row-level report: row, severity, column, value, code and problem, one issue a line.

    Printable whatever the file held (control and direction characters escaped), and bounded: the first
    ``per_kind`` issues of each code, then one line saying how many more there are."""
    path.parent.mkdir(parents=True, exist_ok=True)
    seen: collections.Counter[str] = collections.Counter()
    severities: dict[str, str] = {}
    with path.open("w", encoding="utf-8-sig", newline="") as handle:  # the BOM lets Excel read the UTF-8
        writer = csv.writer(handle)
        writer.writerow(REPORT_COLUMNS)
        for item in issues:
            code = item.message.code
            seen[code] += 1
            severities[code] = item.severity.value
            if seen[code] > per_kind:
                continue
            writer.writerow(
                (
                    "" if item.row is None else item.row,
                    item.severity.value,
                    printable(item.column),
                    printable(item.value),
                    code,
                    printable(render(item.message, language)),
                )
            )
        for code, count in seen.items():
            if count > per_kind:
                more = Message.of("import.report.more", count=count - per_kind, total=count)
                writer.writerow(("", severities[code], "", "", code, render(more, language)))
        listed = 0
        for number in recalled:
            listed += 1
            if listed > per_kind:
                continue
            message = Message.of("import.row.recalled", value=number)
            writer.writerow(
                (
                    "",
                    Severity.NOTICE.value,
                    "account_number",
                    printable(number),
                    message.code,
                    render(message, language),
                )
            )
        if listed > per_kind:
            more = Message.of("import.report.more", count=listed - per_kind, total=listed)
            writer.writerow(("", Severity.NOTICE.value, "", "", "import.row.recalled", render(more, language)))


def default_report_path(file: Path, started: dt.datetime) -> Path:
    """Where a report goes unless the user names a file: the user's data folder, one file per run."""
    from agent_desk.paths import data_dir

    stamp = started.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    return data_dir() / "import-reports" / f"{file.stem}-{stamp}.report.csv"

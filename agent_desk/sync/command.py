"""``agent-desk sync FILE|- [--format jsonl|csv] [--dry-run]``: apply a delta from a core system.

Exit codes: 0 applied (or a clean dry run), 1 refused because changes have errors (nothing written), 2 the file or
the request is wrong as a whole.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from agent_desk.importer.issues import Issue
from agent_desk.sync.changes import SyncOptions
from agent_desk.sync.files import FORMATS, SyncFileError, read_changes, read_json_lines
from agent_desk.sync.service import SyncRejectedError, SyncResult, apply_changes
from agent_desk.text import Message

if TYPE_CHECKING:
    from agent_desk.cli.main import CliSession

ISSUES_SHOWN = 20
_COUNTS = (
    ("customers", ("new", "updated", "unchanged")),
    ("accounts", ("new", "updated", "unchanged")),
    ("contact_points", ("new", "updated")),
    ("payments", ("new", "known")),
    ("attributes", ("new", "updated")),
    ("flags", ("set", "cleared")),
)


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "sync",
        help="apply a delta from a core system (JSON Lines or CSV): customers, accounts, numbers, payments, closures",
        description="Apply creates and updates keyed by the core system's own numbers, all or nothing. "
        "Applying the same delta again changes nothing. Fields and formats: docs/SYNC.md.",
    )
    parser.add_argument("file", metavar="FILE", help="the delta (.jsonl or .csv), or - for JSON Lines on stdin")
    parser.add_argument("--format", choices=FORMATS, default="auto", help="default: from the file's extension")
    parser.add_argument("--dry-run", action="store_true", help="check and count everything; write nothing")
    parser.add_argument("--country", default="ID", help="country of numbers written without +code (default ID)")
    parser.add_argument("--timezone", default="Asia/Jakarta", help="zone of times written without an offset")
    parser.add_argument("--currency", default="IDR", help="currency of new accounts that give none")
    parser.add_argument("--language", default="id", help="language of new customers that give none")
    parser.add_argument("--quiet", action="store_true", help="print only the summary and errors")
    parser.set_defaults(handler=_run)


def _run(args: argparse.Namespace, cli: CliSession) -> int:
    name = "stdin" if args.file == "-" else Path(args.file).name
    try:
        if args.file == "-":
            changes, problems = read_json_lines(sys.stdin.buffer, name)
        else:
            changes, problems = read_changes(Path(args.file), args.format)
    except SyncFileError as error:
        return cli.fail(error.message)
    context = cli.context()
    options = SyncOptions(
        country=args.country.upper(),
        timezone=args.timezone,
        currency=args.currency.upper(),
        language=args.language,
        dry_run=args.dry_run or bool(problems),
        run_by=getattr(args, "user", None) or _os_user(),
        source=f"sync:{name}"[:128],
    )
    last = [-1]

    def progress(done: int, total: int) -> None:
        step = int(10 * done / max(1, total))
        if not args.quiet and step > last[0]:
            last[0] = step
            cli.say(Message.of("sync.progress", done=done, total=total))

    try:
        result = apply_changes(context.database, context.clock, changes, options, name=name, progress=progress)
    except SyncRejectedError as rejected:
        _print_issues(cli, sorted([*problems, *rejected.issues], key=_order), quiet=args.quiet)
        cli.say(
            Message.of(
                "sync.summary.rejected", errors=sum(1 for item in [*problems, *rejected.issues] if item.is_error)
            )
        )
        return 1
    if problems:
        _print_issues(cli, sorted([*problems, *result.warnings], key=_order), quiet=args.quiet)
        cli.say(Message.of("sync.summary.rejected", errors=len(problems)))
        return 1
    if not args.quiet:
        _print_issues(cli, list(result.warnings), quiet=False)
    _print_summary(cli, result)
    return 0


def _order(item: Issue) -> tuple[int, str]:
    return (item.row or 0, item.column)


def _print_issues(cli: CliSession, issues: list[Issue], *, quiet: bool) -> None:
    shown = [item for item in issues if item.is_error or not quiet]
    for item in shown[:ISSUES_SHOWN]:
        if item.row is None:
            cli.say(item.message)
        else:
            cli.say(Message.of("sync.cli.issue", line=item.row, field=item.column, problem=item.message))
    if len(shown) > ISSUES_SHOWN:
        cli.say(Message.of("sync.cli.more_issues", count=len(shown) - ISSUES_SHOWN))


def _print_summary(cli: CliSession, result: SyncResult) -> None:
    counts = result.counts
    cli.say(Message.of("sync.summary.dry_run" if result.dry_run else "sync.summary.applied", changes=result.changes))
    for table, kinds in _COUNTS:
        figures = {kind: counts.get(f"{table}_{kind}", 0) for kind in kinds}
        if any(figures.values()):
            cli.say(Message.of(f"sync.summary.{table}", **figures))
    if counts.get("closures"):
        cli.say(Message.of("sync.summary.closures", count=counts["closures"]))
    if not result.dry_run and not result.changed_anything:
        cli.say(Message.of("sync.summary.nothing_changed"))


def _os_user() -> str | None:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return None

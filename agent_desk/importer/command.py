"""``agent-desk import FILE --mapping MAPPING.toml [--dry-run] [--skip-bad-rows] [--full-portfolio]``.

Exit codes: 0 imported (or a clean dry run), 1 refused because rows have errors (or a dry run found some),
2 the file, mapping or request is wrong as a whole, or the import was cancelled — in every case but 0-imported,
nothing was written.
"""

from __future__ import annotations

import argparse
import getpass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from agent_desk.auth.cli import cli_actor
from agent_desk.auth.permissions import Actor
from agent_desk.importer.issues import Issue, printable
from agent_desk.importer.mapping import load_mapping
from agent_desk.importer.runner import run_import
from agent_desk.importer.spec import MappingError
from agent_desk.importer.summary import (
    ImportCancelledError,
    ImportFailedError,
    ImportOptions,
    ImportProgress,
    ImportSummary,
    default_report_path,
)
from agent_desk.text import Message
from db.models import User

if TYPE_CHECKING:
    from agent_desk.cli.main import CliSession

ISSUES_SHOWN = 20
RECALLED_SHOWN = 50


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "import",
        help="import a portfolio file (CSV or XLSX) from a core system through a mapping",
        description="Import customers, accounts, numbers, bills and payments from a core-system export. "
        "The file is checked first; by default nothing is written when any row has an error.",
    )
    parser.add_argument("file", type=Path, metavar="FILE", help="the CSV or XLSX file")
    parser.add_argument("--mapping", type=Path, required=True, metavar="MAPPING.toml", help="see docs/IMPORT.md")
    parser.add_argument(
        "--dry-run", action="store_true", help="check the file and say what would happen; write nothing"
    )
    parser.add_argument(
        "--skip-bad-rows",
        action="store_true",
        help="import the good rows and report the rest (default: all or nothing)",
    )
    parser.add_argument(
        "--full-portfolio",
        action="store_true",
        help="the file is the whole book: accounts absent from it are recalled and leave the queue",
    )
    parser.add_argument(
        "--report",
        type=Path,
        metavar="PATH",
        help="where to write the row-level report (CSV; default: a new file in the user's data folder, "
        "import-reports/)",
    )
    parser.add_argument("--quiet", action="store_true", help="print only errors and the summary")
    parser.add_argument(
        "--workers",
        type=int,
        metavar="N",
        help="processes that check the rows (default: one per core for a large file; 0: check in this process)",
    )
    parser.set_defaults(handler=_run)


def _run(args: argparse.Namespace, cli: CliSession) -> int:
    try:
        mapping = load_mapping(args.mapping)
    except MappingError as error:
        return cli.fail(error.message)
    if not args.file.is_file():
        return cli.fail(Message.of("import.source.missing", path=str(args.file)))
    context = cli.context()
    login = getattr(args, "user", None)
    user_id = None
    if login:
        with context.database.session() as session:
            user_id = session.scalar(select(User.id).where(User.login == login))
    report = args.report or default_report_path(args.file, context.clock.now())
    options = ImportOptions(
        dry_run=args.dry_run,
        skip_bad_rows=args.skip_bad_rows,
        full_portfolio=args.full_portfolio,
        user_id=user_id,
        run_by=login or _os_user(),
        report_path=report,
        language=args.lang,
        workers=args.workers,
    )
    last: dict[str, int] = {}

    def progress(update: ImportProgress) -> None:
        step = int(update.fraction * 10)
        if args.quiet or last.get(update.phase.value, -1) >= step:
            return
        last[update.phase.value] = step
        cli.say(update.message)

    try:
        actor = cli_actor(cli, login) if login else Actor.system()
        summary = run_import(
            context.database, context.clock, args.file, mapping, options, progress=progress, actor=actor
        )
    except ImportFailedError as error:
        return cli.fail("\n".join(item.render(args.lang) for item in error.messages))
    except ImportCancelledError:
        return cli.fail(Message.of("import.cancelled"))
    _print_summary(cli, summary, quiet=args.quiet)
    if summary.dry_run:
        return 1 if summary.rows_with_errors else 0
    return 0 if summary.imported else 1


def _print_summary(cli: CliSession, summary: ImportSummary, *, quiet: bool) -> None:
    """Errors one by one (the first 20), every other kind of problem once with its count, then the summary.

    ``quiet``: the errors and the summary only."""
    if not quiet:
        for notice in summary.notices:
            cli.say(notice.message)
    errors = [item for item in summary.issues if item.is_error]
    for item in errors[:ISSUES_SHOWN]:
        cli.say(_issue_line(item))
    if summary.errors > min(len(errors), ISSUES_SHOWN):
        cli.say(Message.of("import.cli.more_errors", count=summary.errors - min(len(errors), ISSUES_SHOWN)))
    for line in summary.lines(warnings=not quiet):
        cli.say(line)
    if summary.recalled and not quiet:
        cli.say(Message.of("import.cli.recalled_list", accounts=", ".join(summary.recalled[:RECALLED_SHOWN])))
        if len(summary.recalled) > RECALLED_SHOWN:
            cli.say(Message.of("import.cli.recalled_more", count=len(summary.recalled) - RECALLED_SHOWN))


def _issue_line(item: Issue) -> Message:
    if item.row is None:
        return Message.of("import.cli.file_issue", problem=item.message)
    if not item.column:
        return Message.of("import.cli.row_issue", row=item.row, problem=item.message)
    value = f"“{printable(item.value)}”" if item.value else ""
    return Message.of(
        "import.cli.issue", row=item.row, column=printable(item.column), value=value, problem=item.message
    )


def _os_user() -> str | None:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return None

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
from agent_desk.importer.issues import Issue
from agent_desk.importer.mapping import load_mapping
from agent_desk.importer.runner import run_import
from agent_desk.importer.spec import MappingError
from agent_desk.importer.summary import (
    ImportCancelledError,
    ImportFailedError,
    ImportOptions,
    ImportProgress,
    ImportSummary,
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
        help="where to write the row-level report (CSV; default: FILE's name + .report.csv in the current folder)",
    )
    parser.add_argument("--quiet", action="store_true", help="no progress lines")
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
    report = args.report or Path.cwd() / f"{args.file.name}.report.csv"
    options = ImportOptions(
        dry_run=args.dry_run,
        skip_bad_rows=args.skip_bad_rows,
        full_portfolio=args.full_portfolio,
        user_id=user_id,
        run_by=login or _os_user(),
        report_path=report,
        language=args.lang,
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
        return cli.fail(error.message)
    except ImportCancelledError:
        return cli.fail(Message.of("import.cancelled"))
    _print_summary(cli, summary)
    if summary.dry_run:
        return 1 if summary.rows_with_errors else 0
    return 0 if summary.imported else 1


def _print_summary(cli: CliSession, summary: ImportSummary) -> None:
    for notice in summary.notices:
        cli.say(notice.message)
    for item in summary.issues[:ISSUES_SHOWN]:
        cli.say(_issue_line(item))
    hidden = summary.errors + summary.warnings - min(len(summary.issues), ISSUES_SHOWN)
    if hidden > 0:
        cli.say(Message.of("import.cli.more_issues", count=hidden))
    for line in summary.lines():
        cli.say(line)
    if summary.recalled:
        cli.say(Message.of("import.cli.recalled_list", accounts=", ".join(summary.recalled[:RECALLED_SHOWN])))
        if len(summary.recalled) > RECALLED_SHOWN:
            cli.say(Message.of("import.cli.recalled_more", count=len(summary.recalled) - RECALLED_SHOWN))


def _issue_line(item: Issue) -> Message:
    if item.row is None:
        return Message.of("import.cli.file_issue", problem=item.message)
    if not item.column:
        return Message.of("import.cli.row_issue", row=item.row, problem=item.message)
    value = f"“{item.value}”" if item.value else ""
    return Message.of("import.cli.issue", row=item.row, column=item.column, value=value, problem=item.message)


def _os_user() -> str | None:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return None

"""``agent-desk post-payments FILE.csv [--skip-bad-rows]``: post payments and reversals, idempotently.

The importer's rule: every row is checked first, and when any row has an error nothing is posted (exit 1, each
error listed by line); ``--skip-bad-rows`` posts the good rows and lists the bad ones (exit 1 only when nothing
could be posted). A binary or non-UTF-8 file is refused whole (exit 1); a missing file is a usage error (2).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from agent_desk.cli.main import CliSession


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "post-payments",
        help="post payments from a CSV (account_number, paid_at, amount[, reference, channel]); "
        "a negative amount with the original reference reverses a payment; reposting a file posts nothing twice; "
        "any bad row and nothing posts (unless --skip-bad-rows)",
    )
    parser.add_argument("file", type=Path, metavar="FILE.csv")
    parser.add_argument(
        "--skip-bad-rows",
        action="store_true",
        help="post the good rows and list the bad ones (default: all or nothing)",
    )
    parser.set_defaults(handler=_post)


def _post(args: argparse.Namespace, cli: CliSession) -> int:
    from agent_desk.scheduling.payment_file import read_payments_csv
    from agent_desk.scheduling.services import post_payments

    rows, read_errors = read_payments_csv(args.file)  # a missing or binary file stops here, before the database
    context = cli.context()
    report = post_payments(
        context.database,
        context.clock,
        rows,
        source=str(args.file),
        skip_bad_rows=args.skip_bad_rows,
        read_errors=read_errors,
    )
    for error in report.errors:
        cli.say(error.message)
    cli.say(report.summary)
    if not report.errors:
        return 0
    return 1 if report.refused or not (report.posted or report.reversed) else 0

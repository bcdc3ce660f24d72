"""``agent-desk post-payments FILE.csv``: post payments and reversals, idempotently."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from agent_desk.scheduling.services import post_payments_file
from agent_desk.text import Message


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "post-payments",
        help="post payments from a CSV (account_number, paid_at, amount[, reference, channel]); "
        "a negative amount with the original reference reverses a payment; reposting a file posts nothing twice",
    )
    parser.add_argument("file", type=Path, metavar="FILE.csv")
    parser.set_defaults(handler=_post)


def _post(args: argparse.Namespace, cli: Any) -> int:
    if not args.file.is_file():
        return int(cli.fail(Message.of("payments.error.no_file", path=str(args.file))))
    context = cli.context()
    report = post_payments_file(context.database, context.clock, args.file)
    for error in report.errors:
        cli.say(error.message)
    cli.say(report.summary)
    return 1 if report.errors else 0

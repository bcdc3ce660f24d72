"""``agent-desk demo-data --accounts N --seed S [--replace]``."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from agent_desk.demo.generator import DemoDataExistsError, generate_portfolio, has_customers
from agent_desk.text import Message
from agent_desk.worklist import rebuild_worklist

if TYPE_CHECKING:
    from agent_desk.cli.main import CliSession


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "demo-data", help="write a deterministic demo portfolio (Indonesian customers, accounts, history)"
    )
    parser.add_argument("--accounts", type=int, default=10_000, metavar="N", help="number of accounts")
    parser.add_argument(
        "--seed", type=int, default=1, metavar="S", help="random seed (same seed and clock (--at), same book)"
    )
    parser.add_argument("--replace", action="store_true", help="delete all data in the database first")
    parser.add_argument("--quiet", action="store_true", help="no progress lines")
    parser.add_argument("--if-empty", action="store_true", help="do nothing (exit 0) when the database has data")
    parser.set_defaults(handler=_run)


def _run(args: argparse.Namespace, cli: CliSession) -> int:
    context = cli.context(create=True)
    if args.if_empty and has_customers(context.database):
        cli.say(Message.of("demo.kept", where=context.database.describe()))
        return 0
    last_shown = -1

    def progress(done: int, total: int) -> None:
        nonlocal last_shown
        percent = done * 100 // total
        if not args.quiet and (percent // 10 > last_shown // 10 or done == total):
            last_shown = percent
            cli.say(Message.of("demo.progress", done=done, total=total))

    try:
        summary = generate_portfolio(
            context.database,
            accounts=args.accounts,
            seed=args.seed,
            now=context.clock.now(),
            progress=progress,
            replace=args.replace,
        )
    except DemoDataExistsError as error:
        return cli.fail(str(error))
    cli.say(
        Message.of(
            "demo.done",
            customers=summary.customers,
            accounts=summary.accounts,
            seconds=f"{summary.seconds:.1f}",
        )
    )
    # Build the queue from the fresh portfolio (issue 3's one hook into the demo).
    built = rebuild_worklist(context.database, context.clock)
    cli.say(
        Message.of(
            "queue.rebuilt",
            customers=built.customers,
            allowed=built.allowed,
            judged=built.promises_judged,
            seconds=f"{built.seconds:.1f}",
        )
    )
    return 0

"""``agent-desk manual-calls``: the calls agents entered by hand (made outside the softphone), for supervisors."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import TYPE_CHECKING, Any

from agent_desk.negotiation.limits import users_by_login
from agent_desk.scheduling.attempts import AttemptError, manual_calls_for
from agent_desk.text import LocalTime, Message

if TYPE_CHECKING:
    from agent_desk.cli.main import CliSession


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "manual-calls", help="calls entered by hand (outside the softphone), newest first (supervisors, admins)"
    )
    parser.add_argument("--days", type=int, default=7, metavar="N", help="the last N days (default 7)")
    parser.add_argument("--as", dest="actor", required=True, metavar="LOGIN")
    parser.set_defaults(handler=_list)


def _list(args: argparse.Namespace, cli: CliSession) -> int:
    context = cli.context()
    with context.database.session() as session:
        actor = users_by_login(session, args.actor)
    if actor is None:
        return cli.fail(Message.of("queue.error.unknown_login", login=args.actor))
    since = context.clock.now() - dt.timedelta(days=max(args.days, 1))
    try:
        calls = manual_calls_for(context.database, actor_id=actor.id, since=since)
    except AttemptError as error:
        return cli.fail(error.message)
    if not calls:
        cli.say(Message.of("attempt.cli.none", days=args.days))
    for call in calls:
        answered = Message.of("attempt.cli.answered" if call.connected else "attempt.cli.not_answered")
        cli.say(
            Message.of(
                "attempt.cli.line",
                at=LocalTime(call.at, "Asia/Jakarta", with_date=True),
                agent=call.user_name or "?",
                customer=call.customer_name,
                answered=answered,
                reason=call.reason,
            )
        )
    return 0

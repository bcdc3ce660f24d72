"""``agent-desk audit list [--customer C] [--user LOGIN] [--from ISO-TIME] [--to ISO-TIME]``: the audit trail.

Lines are oldest first: time (UTC), user, action, record, and the values after (and before) as JSON. Reading the
trail is itself a permission (``audit.view``: admins, and supervisors for their own teams' users); ``--as LOGIN``
names who reads, else the system does.
"""

from __future__ import annotations

import argparse
import csv
import json
from typing import TYPE_CHECKING, Any

from agent_desk.text import Message

if TYPE_CHECKING:
    from agent_desk.audit.trail import AuditLine
    from agent_desk.cli.main import CliSession


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser("audit", help="read the append-only audit trail")
    actions = parser.add_subparsers(dest="audit_action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="who did what to which record, when (oldest first)")
    listing.add_argument("--customer", metavar="NUMBER_OR_ID", help="only rows about this customer")
    listing.add_argument("--user", dest="user_login", metavar="LOGIN", help="only what this user did")
    listing.add_argument("--from", dest="since", metavar="ISO-TIME", help="from this moment on")
    listing.add_argument("--to", dest="until", metavar="ISO-TIME", help="before this moment")
    listing.add_argument("--limit", type=int, default=1000, metavar="N", help="at most N rows (default 1000)")
    listing.add_argument("--format", choices=("text", "csv"), default="text")
    listing.add_argument("--as", dest="actor", metavar="LOGIN", help="who reads (default: system)")
    listing.set_defaults(handler=_list)
    grants = actions.add_parser(
        "grants", help="print the SQL giving the desks' PostgreSQL role its rights (audit trail: read and insert only)"
    )
    grants.add_argument("role", metavar="ROLE", help="the role the desks connect as")
    grants.set_defaults(handler=_grants)


def _grants(args: argparse.Namespace, cli: CliSession) -> int:
    from agent_desk.audit.grants import grant_statements

    for statement in grant_statements(args.role):
        cli.say(statement + ";")
    return 0


def _moment(text: str | None, option: str) -> Any:
    from agent_desk.clock import MomentError, parse_moment
    from agent_desk.errors import UsageError

    if text is None:
        return None
    try:
        return parse_moment(text)
    except MomentError:
        raise UsageError(Message.of("audit.bad_time", option=option, text=text)) from None


def _list(args: argparse.Namespace, cli: CliSession) -> int:
    from sqlalchemy import select

    from agent_desk.audit.trail import read_audit
    from agent_desk.auth.cli import cli_actor
    from agent_desk.errors import UsageError
    from db.models import Customer, User

    context = cli.context()
    actor = cli_actor(cli, args.actor)
    since, until = _moment(args.since, "--from"), _moment(args.until, "--to")
    customer_id = user_id = None
    with context.database.session() as session:
        if args.customer is not None:
            customer_id = session.scalar(select(Customer.id).where(Customer.customer_number == args.customer))
            if customer_id is None and args.customer.isdigit():
                customer_id = session.scalar(select(Customer.id).where(Customer.id == int(args.customer)))
            if customer_id is None:
                raise UsageError(Message.of("audit.no_customer", customer=args.customer))
        if args.user_login is not None:
            user_id = session.scalar(select(User.id).where(User.login == args.user_login))
            if user_id is None:
                raise UsageError(Message.of("auth.no_such_user", login=args.user_login))
    lines = read_audit(
        context.database,
        actor,
        customer_id=customer_id,
        user_id=user_id,
        since=since,
        until=until,
        limit=args.limit,
    )
    if args.format == "csv":
        writer = csv.writer(cli.out)
        writer.writerow(("at", "user", "action", "entity", "entity_id", "before", "after"))
        for line in lines:
            writer.writerow(_fields(line))
    else:
        for line in lines:
            cli.say("  ".join(field for field in _fields(line) if field))
        if not lines:
            cli.note(Message.of("audit.none"))
    return 0


def _fields(line: AuditLine) -> tuple[str, ...]:
    import datetime as dt

    def compact(values: dict[str, Any] | None) -> str:
        return json.dumps(values, ensure_ascii=False, sort_keys=True, default=str) if values else ""

    at = line.at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return (
        at,
        line.user_login or "system",
        line.action,
        line.entity,
        line.entity_id or "",
        compact(line.before),
        compact(line.after),
    )

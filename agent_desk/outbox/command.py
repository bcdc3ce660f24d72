"""``agent-desk outbox run|list|rates|configure|set-secret|opt-out|resend``: the outbox from the shell.

``outbox run`` is one pass of the worker — queue what the cadence wants today, read delivery reports and replies,
deliver what is due — meant for cron or a systemd timer (every few minutes). Several may run at once.
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import sys
import tomllib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from agent_desk.credentials import CredentialStore, NoKeyringError
from agent_desk.outbox.channels import SERVICE_OUTBOX
from agent_desk.outbox.followups import opt_out
from agent_desk.outbox.report import OutboxError, OutboxFilter, channel_rates, list_messages, resend
from agent_desk.outbox.settings import (
    OutboxSettingsError,
    forget_outbox_settings,
    store_outbox_settings,
)
from agent_desk.outbox.templates import TEMPLATES
from agent_desk.outbox.worker import run_pass
from agent_desk.text import LocalTime, Message, format_value
from db.models import Channel, Customer, OutboxStatus, User

if TYPE_CHECKING:
    from agent_desk.cli.main import CliSession

MESSAGE_CHANNELS = ("email", "sms", "whatsapp")


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "outbox", help="reminders and confirmations by e-mail, SMS and WhatsApp"
    )
    actions = parser.add_subparsers(dest="outbox_action", metavar="ACTION", required=True)
    run = actions.add_parser(
        "run",
        help="one pass: queue today's cadence messages, read reports and replies, deliver what is due "
        "(exit 1 when a provider cannot be used, e.g. its secret is missing)",
    )
    only = run.add_mutually_exclusive_group()
    only.add_argument("--queue-only", action="store_true", help="queue today's messages, send nothing")
    only.add_argument("--deliver-only", action="store_true", help="deliver what is due, queue nothing new")
    run.add_argument("--limit", type=int, metavar="N", help="look at no more than N due messages")
    run.add_argument("--worker", metavar="NAME", help="the name claims are held under (default: host:pid)")
    run.set_defaults(handler=_run)

    listing = actions.add_parser("list", help="messages, newest first")
    listing.add_argument("--status", choices=[status.value for status in OutboxStatus])
    listing.add_argument("--channel", choices=MESSAGE_CHANNELS)
    listing.add_argument("--template", choices=TEMPLATES)
    listing.add_argument("--days", type=int, default=7, metavar="N", help="created in the last N days (default 7)")
    listing.add_argument("--limit", type=int, default=50, metavar="N")
    listing.set_defaults(handler=_list)

    rates = actions.add_parser("rates", help="delivery rates per channel")
    rates.add_argument("--days", type=int, default=7, metavar="N", help="messages created in the last N days")
    rates.set_defaults(handler=_rates)

    configure = actions.add_parser(
        "configure", help="store channels, providers, retries (and a [[message]] cadence) from a TOML file"
    )
    configure.add_argument("file", type=Path, metavar="FILE.toml")
    configure.set_defaults(handler=_configure)

    secret = actions.add_parser("set-secret", help="store a provider's password or token in the OS keyring (stdin)")
    secret.add_argument("provider", metavar="PROVIDER")
    secret.set_defaults(handler=_set_secret)

    stop = actions.add_parser("opt-out", help="no more messages to a customer (or to one of their contact points)")
    stop.add_argument("customer", metavar="CUSTOMER_NUMBER")
    stop.add_argument("--point", type=int, metavar="CONTACT_POINT_ID", help="only this contact point")
    stop.add_argument("--as", dest="actor", metavar="LOGIN", help="who records it")
    stop.set_defaults(handler=_opt_out)

    again = actions.add_parser("resend", help="queue a failed or cancelled message again (supervisors)")
    again.add_argument("message_id", type=int, metavar="MESSAGE_ID")
    again.add_argument("--as", dest="actor", required=True, metavar="LOGIN")
    again.set_defaults(handler=_resend)


def _run(args: argparse.Namespace, cli: CliSession) -> int:
    context = cli.context()
    try:
        report = run_pass(
            context.database,
            context.clock,
            context.credentials,
            queue=not args.deliver_only,
            deliver=not args.queue_only,
            limit=args.limit,
            worker=args.worker,
        )
    except OutboxSettingsError as error:
        return cli.fail(error.message)
    for line in report.lines():
        cli.say(line)
    for step, seconds in report.seconds.items():
        print(f"{step}: {seconds:.1f} s", file=cli.err)
    return 1 if report.delivery.problems else 0  # a provider that cannot be used: cron should tell someone


def _list(args: argparse.Namespace, cli: CliSession) -> int:
    context = cli.context()
    since = context.clock.now() - dt.timedelta(days=args.days)
    flt = OutboxFilter(
        channel=Channel(args.channel) if args.channel else None,
        status=OutboxStatus(args.status) if args.status else None,
        template=args.template,
        since=since,
    )
    with context.database.session() as session:
        rows = list_messages(session, flt, limit=args.limit)
    for row in rows:
        zone = row.zone or "Asia/Jakarta"
        when = LocalTime(row.created_at, zone, with_date=True)
        reason = "; ".join(reason.render(args.lang) for reason in row.reasons)
        detail = f" [{row.reason_detail}]" if row.reason_detail else ""
        cli.say(
            f"#{row.id} {format_value(when, args.lang)} "
            f"{row.customer_number} {row.channel.value} {row.point.render(args.lang)} {row.template} "
            f"{Message.of(f'outbox.status.{row.status.value}').render(args.lang)}"
            + (f" — {reason}{detail}" if reason or detail else "")
        )
    return 0


def _rates(args: argparse.Namespace, cli: CliSession) -> int:
    context = cli.context()
    since = context.clock.now() - dt.timedelta(days=args.days)
    with context.database.session() as session:
        rates = channel_rates(session, since)
    cli.say("channel    total  queued  sent  delivered  failed  cancelled  delivered%  accepted%")
    for rate in rates:
        delivered = f"{rate.delivery_rate:.1%}" if rate.delivery_rate is not None else "—"
        accepted = f"{rate.accepted_rate:.1%}" if rate.accepted_rate is not None else "—"
        cli.say(
            f"{rate.channel.value:<9} {rate.total:>6} {rate.queued:>7} {rate.sent:>5} {rate.delivered:>10} "
            f"{rate.failed:>7} {rate.cancelled:>10} {delivered:>11} {accepted:>10}"
        )
    return 0


def _configure(args: argparse.Namespace, cli: CliSession) -> int:
    path: Path = args.file
    if not path.is_file():
        return cli.fail(Message.of("outbox.error.no_file", path=str(path)))
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        return cli.fail(Message.of("outbox.error.bad_file", path=str(path), detail=str(error)))
    cadence = data.pop("message", None)
    context = cli.context()
    try:
        with context.database.transaction(write=True) as session:
            settings = store_outbox_settings(session, context.clock, data or None, cadence)
    except OutboxSettingsError as error:
        return cli.fail(error.message)
    forget_outbox_settings(context.database)
    channels = ", ".join(channel.value for channel in settings.enabled_channels) or "—"
    cli.say(Message.of("outbox.run.configured", channels=channels))
    return 0


def _set_secret(args: argparse.Namespace, cli: CliSession) -> int:
    if sys.stdin.isatty():
        secret = getpass.getpass(f"Password or token for {args.provider}: ")
    else:
        secret = sys.stdin.readline().rstrip("\n")
    try:
        CredentialStore().set(SERVICE_OUTBOX, args.provider, secret)
    except NoKeyringError:
        return cli.fail(Message.of("outbox.error.no_keyring"))
    cli.say(Message.of("outbox.run.secret_stored", provider=args.provider))
    return 0


def _actor(session: Any, login: str | None) -> int | None:
    if not login:
        return None
    found: int | None = session.scalar(select(User.id).where(User.login == login))
    return found


def _opt_out(args: argparse.Namespace, cli: CliSession) -> int:
    context = cli.context()
    with context.database.transaction(write=True) as session:
        customer = session.scalar(select(Customer).where(Customer.customer_number == args.customer))
        if customer is None:
            return cli.fail(Message.of("outbox.error.no_customer", number=args.customer))
        done = opt_out(
            session,
            customer.id,
            args.point,
            context.clock.now(),
            source="agent-desk outbox opt-out",
            user_id=_actor(session, args.actor),
        )
        name = customer.full_name
    if not done:
        cli.say(Message.of("outbox.run.already_opted_out", name=name))
        return 0
    cli.say(Message.of("outbox.run.opted_out", name=name, point=f" (#{args.point})" if args.point else ""))
    return 0


def _resend(args: argparse.Namespace, cli: CliSession) -> int:
    context = cli.context()
    with context.database.session() as session:
        user_id = _actor(session, args.actor)
    if user_id is None:
        return cli.fail(Message.of("outbox.error.supervisors_only"))
    try:
        new_id = resend(context.database, context.clock, message_id=args.message_id, user_id=user_id)
    except OutboxError as error:
        return cli.fail(error.message)
    cli.say(Message.of("outbox.run.resent", id=args.message_id, new_id=new_id))
    return 0

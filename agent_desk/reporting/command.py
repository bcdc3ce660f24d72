"""``agent-desk report kpis --from DATE --to DATE --by agent|team|segment|day --format text|csv``."""

from __future__ import annotations

import argparse
import csv
import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from agent_desk.reporting.kpis import COUNT_FIELDS, RATE_FIELDS, KpiRow, compute_kpis
from agent_desk.reporting.scope import Filters, Grouping, Period, Scope, Segment
from agent_desk.text import Message
from agent_desk.worklist.settings import settings_for
from db.models import Team, User

if TYPE_CHECKING:
    from agent_desk.cli.main import CliSession

BY_CHOICES = ("agent", "team", "segment", "day")
AMOUNT_FIELDS = ("amount_promised", "amount_collected")
TIME_FIELDS = ("talk_seconds", "wrap_up_seconds", "agent_hours")
PER_HOUR_FIELDS = ("collected_per_agent_hour", "contacts_per_hour", "average_handle_seconds")


def register(subparsers: Any) -> None:
    report = subparsers.add_parser("report", help="supervisors' reports: KPIs (docs/KPIS.md)")
    actions = report.add_subparsers(dest="report_action", metavar="REPORT", required=True)
    kpis = actions.add_parser("kpis", help="the KPIs of a period, one row per agent, team, segment or day")
    kpis.add_argument("--from", dest="first", required=True, metavar="DATE", help="first day (YYYY-MM-DD)")
    kpis.add_argument("--to", dest="last", required=True, metavar="DATE", help="last day, included (YYYY-MM-DD)")
    kpis.add_argument("--by", choices=BY_CHOICES, default="agent")
    kpis.add_argument("--segment", choices=[s.value for s in Segment], default="bucket", help="with --by segment")
    kpis.add_argument("--team", metavar="NAME", help="only this team's agents")
    kpis.add_argument("--agent", metavar="LOGIN", action="append", help="only this agent (repeat for more)")
    kpis.add_argument("--zone", metavar="ZONE", help="the team's zone for days (default: the policy's first)")
    kpis.add_argument("--format", choices=("text", "csv"), default="text")
    kpis.set_defaults(handler=_kpis)


def csv_columns(by: str, segment: str) -> list[str]:
    key = segment if by == "segment" else by
    return [key, *COUNT_FIELDS, *AMOUNT_FIELDS, *TIME_FIELDS, *PER_HOUR_FIELDS, *RATE_FIELDS]


def _number(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.6f}".rstrip("0").rstrip(".") if value else "0"
    return str(value)


def csv_record(row: KpiRow) -> list[str]:
    return [
        row.label,
        *(str(getattr(row, name)) for name in COUNT_FIELDS),
        *(str(getattr(row, name)) for name in AMOUNT_FIELDS),
        str(row.talk_seconds),
        str(row.wrap_up_seconds),
        _number(None if row.agent_hours is None else round(row.agent_hours, 4)),
        _number(row.collected_per_agent_hour),
        _number(row.contacts_per_hour),
        _number(row.average_handle_seconds),
        *(_number(getattr(row, name)) for name in RATE_FIELDS),
    ]


def _date(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def _kpis(args: argparse.Namespace, cli: CliSession) -> int:
    try:
        first, last = _date(args.first), _date(args.last)
    except ValueError:
        return cli.fail(Message.of("report.bad_date", first=args.first, last=args.last))
    if last < first:
        return cli.fail(Message.of("report.bad_period", first=first, last=last))
    context = cli.context()
    policy = settings_for(context.database, context.clock).policy
    period = Period(first, last, args.zone or policy.zones[0])
    with context.database.session() as session:
        filters, problem = _filters(session, args.team, args.agent or ())
        if problem is not None:
            return cli.fail(problem)
        scope = Scope(
            period,
            policy,
            filters,
            Grouping(args.by),
            Segment(args.segment),
            now=context.clock.now(),
        )
        rows = compute_kpis(session, scope)
    if args.format == "csv":
        writer = csv.writer(cli.out, lineterminator="\n")
        writer.writerow(csv_columns(args.by, args.segment))
        writer.writerows(csv_record(row) for row in rows)
        return 0
    _print_text(cli, rows, args)
    return 0


def _filters(session: Any, team: str | None, agents: Sequence[str]) -> tuple[Filters, Message | None]:
    team_id = None
    if team:
        team_id = session.scalar(select(Team.id).where(Team.name == team))
        if team_id is None:
            return Filters(), Message.of("report.unknown_team", team=team)
    agent_ids = None
    if agents:
        found = dict(session.execute(select(User.login, User.id).where(User.login.in_(agents))).all())
        missing = [login for login in agents if login not in found]
        if missing:
            return Filters(), Message.of("report.unknown_agent", agent=", ".join(missing))
        agent_ids = tuple(found[login] for login in agents)
    return Filters(team_id=team_id, agent_ids=agent_ids), None


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:5.1f}%"


def _print_text(cli: CliSession, rows: list[KpiRow], args: argparse.Namespace) -> None:
    cli.say(Message.of("report.kpis_title", first=_date(args.first), last=_date(args.last)))
    if not rows:
        cli.say(Message.of("report.nothing"))
        return
    head = (
        f"{'':<16} {'attempts':>8} {'connects':>8} {'RPC':>6} {'RPC%':>6} {'PTP':>5} {'PTP/RPC':>7} "
        f"{'kept%':>6} {'promised':>16} {'collected':>16} {'AHT s':>6} {'blocks':>6} {'flags':>5}"
    )
    cli.say(head)
    for row in rows:
        aht = "—" if row.average_handle_seconds is None else f"{row.average_handle_seconds:.0f}"
        cli.say(
            f"{row.label[:16]:<16} {row.attempts:>8} {row.connects:>8} {row.rpc:>6} {_percent(row.rpc_rate):>6} "
            f"{row.ptp:>5} {_percent(row.ptp_rate):>7} {_percent(row.kept_rate):>6} "
            f"{row.amount_promised:>16,} {row.amount_collected:>16,} {aht:>6} {row.compliance_blocks:>6} "
            f"{row.language_flags:>5}"
        )

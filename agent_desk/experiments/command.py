"""``agent-desk experiment start | list | compare``: champion/challenger tests from the command line."""

from __future__ import annotations

import argparse
import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from sqlalchemy import select

from agent_desk.experiments.compare import compare_arms
from agent_desk.experiments.design import KINDS, ExperimentError, ExperimentSpec, list_experiments, start_experiment
from agent_desk.worklist.settings import settings_for
from db.models import Experiment, User

if TYPE_CHECKING:
    from agent_desk.cli.main import CliSession


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("experiment", help="champion/challenger tests of scripts, priority weights, cadence")
    actions = parser.add_subparsers(dest="experiment_action", metavar="ACTION", required=True)
    start = actions.add_parser("start", help="split a segment's customers at random between two variants")
    start.add_argument("--name", required=True)
    start.add_argument("--kind", required=True, choices=KINDS)
    start.add_argument(
        "--segment", action="append", default=[], metavar="KEY=VALUE", help="bucket=, product=, team_id=, timezone="
    )
    start.add_argument("--champion", action="append", default=[], metavar="KEY=VALUE", help="e.g. variant=early")
    start.add_argument("--challenger", action="append", default=[], metavar="KEY=VALUE", help="e.g. variant=middle")
    start.add_argument("--share", default="0.5", help="the challenger's share of the segment (0.01–0.99)")
    start.add_argument("--from", dest="first", required=True, metavar="DATE")
    start.add_argument("--to", dest="last", required=True, metavar="DATE", help="last day, included")
    start.add_argument("--seed", type=int, default=1)
    start.add_argument("--as", dest="login", required=True, metavar="LOGIN", help="the supervisor starting it")
    start.set_defaults(handler=_start)
    actions.add_parser("list", help="experiments and their arms' sizes").set_defaults(handler=_list)
    compare = actions.add_parser("compare", help="the arms' KPIs and whether each difference is real yet")
    compare.add_argument("name")
    compare.set_defaults(handler=_compare)


def _pairs(items: list[str]) -> dict[str, str]:
    out = {}
    for item in items:
        key, _, value = item.partition("=")
        if not key or not _:
            raise ValueError(item)
        out[key.strip()] = value.strip()
    return out


def _start(args: argparse.Namespace, cli: CliSession) -> int:
    context = cli.context()
    zone = ZoneInfo(settings_for(context.database, context.clock).policy.zones[0])
    try:
        segment, champion, challenger = _pairs(args.segment), _pairs(args.champion), _pairs(args.challenger)
        first, last = dt.date.fromisoformat(args.first), dt.date.fromisoformat(args.last)
        share = Decimal(args.share)
    except (ValueError, InvalidOperation) as error:
        return cli.fail(f"not understood: {error} (write KEY=VALUE, dates as YYYY-MM-DD, the share as 0.5)")
    spec = ExperimentSpec(
        name=args.name,
        kind=args.kind,
        segment=segment,
        champion=champion,
        challenger=challenger,
        starts_at=dt.datetime.combine(first, dt.time(), tzinfo=zone),
        ends_at=dt.datetime.combine(last + dt.timedelta(days=1), dt.time(), tzinfo=zone),
        challenger_share=share,
        seed=args.seed,
    )
    with context.database.transaction(write=True) as session:
        user_id = session.scalar(select(User.id).where(User.login == args.login))
        if user_id is None:
            return cli.fail(f"there is no user with the login {args.login}")
        try:
            experiment_id = start_experiment(session, user_id, spec, context.clock.now())
        except ExperimentError as error:
            return cli.fail(error.message)
    with context.database.session() as session:
        info = next(e for e in list_experiments(session) if e.id == experiment_id)
    cli.say(f"{info.name}: {info.champion_customers} champion, {info.challenger_customers} challenger customers")
    return 0


def _list(args: argparse.Namespace, cli: CliSession) -> int:
    context = cli.context()
    with context.database.session() as session:
        for info in list_experiments(session):
            cli.say(
                f"{info.name} · {info.kind} · {info.starts_at:%Y-%m-%d} → {info.ends_at:%Y-%m-%d} · "
                f"{info.champion_customers} / {info.challenger_customers}"
            )
    return 0


def _compare(args: argparse.Namespace, cli: CliSession) -> int:
    context = cli.context()
    policy = settings_for(context.database, context.clock).policy
    with context.database.session() as session:
        experiment_id = session.scalar(select(Experiment.id).where(Experiment.name == args.name))
        if experiment_id is None:
            return cli.fail(f"there is no experiment named {args.name}")
        comparison = compare_arms(session, experiment_id, policy, context.clock.now())
    for arm in comparison.arms:
        k = arm.kpis
        cli.say(
            f"{arm.arm:<11} customers {arm.customers:>7}  attempts {k.attempts:>7}  RPC {k.rpc:>6}  "
            f"PTP {k.ptp:>6}  collected {k.amount_collected:,}"
        )
    for metric in comparison.metrics:
        cli.say(("real  " if metric.real else "not yet ") + metric.verdict.render(args.lang))
    return 0

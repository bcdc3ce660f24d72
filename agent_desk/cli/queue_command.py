"""``agent-desk queue``: the worklist as it stands at a moment; ``agent-desk worklist …``: its maintenance."""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import sys
from typing import Any

from agent_desk.audit import record
from agent_desk.compliance import available_policies
from agent_desk.text import Message, render
from agent_desk.worklist import QueueError, QueueRow, list_queue
from agent_desk.worklist.queue import PART_NAMES, supervisor_list
from agent_desk.worklist.services import judge_due_promises
from agent_desk.worklist.settings import settings_for
from agent_desk.worklist.store import rebuild_worklist

CSV_COLUMNS = (
    "account_number",
    "accounts",
    "customer_name",
    "stage",
    "score",
    "likelihood_to_pay",
    "allowed",
    "reasons",
    "next_allowed_at",
    "timezone",
    "local_time",
    *(f"part_{name}" for name in PART_NAMES),
    "customer_number",
    "assigned_to",
    "leased_by",
    "purpose",
    "next_action",
)


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "queue", help="print the worklist as it stands now (or at --at), best first"
    )
    parser.add_argument("--agent", metavar="LOGIN", help="only this agent's queue (theirs and their team's pool)")
    parser.add_argument("--limit", type=int, metavar="N", help="at most N rows")
    parser.add_argument("--all", action="store_true", help="include blocked and unassigned customers")
    parser.add_argument("--format", choices=("text", "csv"), default="text")
    parser.set_defaults(handler=_queue)
    worklist = subparsers.add_parser("worklist", help="rebuild the worklist, judge due promises, list holds")
    actions = worklist.add_subparsers(dest="worklist_action", metavar="ACTION", required=True)
    actions.add_parser("rebuild", help="re-evaluate every customer (nightly, after an import)").set_defaults(
        handler=_rebuild
    )
    actions.add_parser("judge", help="judge promises whose check time has passed").set_defaults(handler=_judge)
    actions.add_parser("holds", help="customers on hold for a supervisor").set_defaults(handler=_holds)
    policy = actions.add_parser("policy", help="show the policy pack in force, or choose another")
    policy.add_argument("pack", nargs="?", choices=available_policies(), help="e.g. id_ojk, us_reg_f")
    policy.add_argument("--as", dest="actor", metavar="ADMIN_LOGIN", help="the admin changing it (default: system)")
    policy.set_defaults(handler=_policy)


def _iso_utc(moment: dt.datetime | None) -> str:
    return moment.astimezone(dt.UTC).isoformat().replace("+00:00", "Z") if moment else ""


def csv_record(row: QueueRow) -> list[str]:
    return [
        row.account_number or "",
        ";".join(row.accounts),
        row.customer_name,
        row.stage or "",
        f"{row.score}",
        f"{row.likelihood_to_pay}",
        "true" if row.allowed else "false",
        "; ".join(render(reason, "en") for reason in row.reasons),
        _iso_utc(row.next_allowed_at),
        row.timezone or "",
        row.local_time.isoformat(),
        *(f"{row.parts.get(name, 0)}" for name in PART_NAMES),
        row.customer_number,
        row.assigned_to or "",
        row.leased_by or "",
        row.purpose or "",
        row.next_action or "",
    ]


def _queue(args: argparse.Namespace, cli: Any) -> int:
    context = cli.context()
    try:
        rows = list_queue(
            context.database, context.clock, agent_login=args.agent, include_all=args.all, limit=args.limit
        )
    except QueueError as error:
        return int(cli.fail(error.message))
    if args.format == "csv":
        writer = csv.writer(cli.out if cli.out is not None else sys.stdout, lineterminator="\n")
        writer.writerow(CSV_COLUMNS)
        for row in rows:
            writer.writerow(csv_record(row))
        _audit(context, "queue.exported", "worklist", None, None, {"rows": len(rows), "agent": args.agent})
        return 0
    if not rows:
        cli.say(Message.of("queue.empty", moment=context.clock.now()))
        return 0
    for rank, row in enumerate(rows, start=1):
        local = row.local_time.strftime("%a %H:%M")
        state = "✓" if row.allowed else "·"
        cli.say(
            f"{rank:>4} {state} {float(row.score):8.2f}  {row.customer_name[:28]:<28} "
            f"{(row.stage or '-'):<12} {local} {row.account_number or ''}"
        )
        for reason in row.reasons:
            cli.say("         " + reason.render(args.lang))
    return 0


def _rebuild(args: argparse.Namespace, cli: Any) -> int:
    context = cli.context()
    last = [0.0]

    def progress(done: int, total: int) -> None:
        if total and (done == total or done / total - last[0] >= 0.1):
            last[0] = done / total
            cli.say(Message.of("queue.rebuild_progress", done=done, total=total))

    report = rebuild_worklist(context.database, context.clock, progress=progress)
    cli.say(
        Message.of(
            "queue.rebuilt",
            customers=report.customers,
            allowed=report.allowed,
            judged=report.promises_judged,
            seconds=f"{report.seconds:.1f}",
        )
    )
    return 0


def _judge(args: argparse.Namespace, cli: Any) -> int:
    context = cli.context()
    count = judge_due_promises(context.database, context.clock)
    cli.say(Message.of("queue.judged", customers=count))
    return 0


def _policy(args: argparse.Namespace, cli: Any) -> int:
    context = cli.context()
    database, clock = context.database, context.clock
    if args.pack:
        from agent_desk.auth.cli import cli_actor
        from agent_desk.worklist.policy_pack import choose_policy_pack

        choose_policy_pack(database, clock, cli_actor(cli, args.actor), args.pack)
    policy = settings_for(database, clock).policy
    cli.say(Message.of("queue.policy", name=policy.name, pack=policy.code))
    return 0


def _audit(context: Any, action: str, entity: str, entity_id: object, before: Any, after: Any) -> None:
    """An audit row for a command that only read (an export): not on a database this user may only read."""
    if context.database.read_only:
        return
    with context.database.transaction(write=True) as session:
        record(session, context.clock.now(), None, action, entity, entity_id, before=before, after=after)


def _holds(args: argparse.Namespace, cli: Any) -> int:
    context = cli.context()
    for customer_id, number, disposition, since in supervisor_list(context.database):
        cli.say(f"{number}\t{disposition}\t{_iso_utc(since)}\t(id {customer_id})")
    return 0

"""``agent-desk queue``: the worklist as it stands at a moment; ``agent-desk worklist …``: its maintenance."""

from __future__ import annotations

import argparse
import contextlib
import csv
import datetime as dt
import functools
import itertools
import os
import sys
from collections.abc import Iterator
from typing import IO, Any

from agent_desk.audit import record
from agent_desk.compliance import available_policies
from agent_desk.scoring.store import refit_if_grown, score_book
from agent_desk.text import Message, render
from agent_desk.worklist import QueueError, QueueRow, stream_queue
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
    "evaluated_at",
)


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "queue", help="print the worklist as it stands now (or at --at), best first"
    )
    parser.add_argument("--agent", metavar="LOGIN", help="only this agent's queue (theirs and their team's pool)")
    parser.add_argument("--limit", type=int, metavar="N", help="at most N rows")
    parser.add_argument("--all", action="store_true", help="include blocked and unassigned customers")
    parser.add_argument("--format", choices=("text", "csv"), default="text")
    parser.add_argument(
        "--fresh", action="store_true", help="evaluate every customer afresh instead of reading the stored queue"
    )
    parser.set_defaults(handler=_queue)
    worklist = subparsers.add_parser("worklist", help="rebuild the worklist, judge due promises, list holds")
    actions = worklist.add_subparsers(dest="worklist_action", metavar="ACTION", required=True)
    rebuild = actions.add_parser(
        "rebuild", help="nightly: refit the likelihood when the book has grown, re-score, re-evaluate everyone"
    )
    rebuild.add_argument("--no-refit", action="store_true", help="re-score with the active model, never refit")
    rebuild.add_argument("--as", dest="actor", metavar="LOGIN", help="the supervisor or admin asking (default: system)")
    rebuild.set_defaults(handler=_rebuild)
    actions.add_parser("judge", help="judge promises whose check time has passed").set_defaults(handler=_judge)
    actions.add_parser("holds", help="customers on hold for a supervisor").set_defaults(handler=_holds)
    policy = actions.add_parser("policy", help="show the policy pack in force, or choose another")
    policy.add_argument("pack", nargs="?", choices=available_policies(), help="e.g. id_ojk, us_reg_f")
    policy.add_argument("--as", dest="actor", metavar="ADMIN_LOGIN", help="the admin changing it (default: system)")
    policy.set_defaults(handler=_policy)


@functools.lru_cache(maxsize=1024)
def _iso_utc(moment: dt.datetime | None) -> str:
    """A moment as ISO 8601 in UTC (cached: in a listing most rows share the listing's moment and a few
    evaluation times)."""
    return moment.astimezone(dt.UTC).isoformat().replace("+00:00", "Z") if moment else ""


@functools.lru_cache(maxsize=256)
def _local_times(zones: tuple[str, ...], local_times: tuple[dt.datetime, ...]) -> str:
    """The local times as text, cached by their zones too: moments in different zones compare equal when they
    are the same instant, and only the zones tell their texts apart."""
    return ";".join(local.isoformat() for local in local_times)


def csv_record(row: QueueRow) -> list[str]:
    """One CSV row. ``timezone`` lists every zone the rules were checked in and ``local_time`` the moment in each
    (";"-separated); ``reasons`` say why a callable row may be called, and why another may not."""
    return [
        row.account_number or "",
        ";".join(row.accounts),
        row.customer_name,
        row.stage or "",
        f"{row.score}",
        f"{row.likelihood_to_pay}" if row.likelihood_to_pay is not None else "",
        "true" if row.allowed else "false",
        row.reasons_text if row.reasons_text is not None else "; ".join(render(reason, "en") for reason in row.reasons),
        _iso_utc(row.next_allowed_at),
        ";".join(row.zones),
        _local_times(row.zones, row.local_times),
        *(f"{row.parts.get(name, 0)}" for name in PART_NAMES),
        row.customer_number,
        row.assigned_to or "",
        row.leased_by or "",
        row.purpose or "",
        row.next_action or "",
        _iso_utc(row.evaluated_at),
    ]


def _queue(args: argparse.Namespace, cli: Any) -> int:
    context = cli.context()
    rows = stream_queue(
        context.database,
        context.clock,
        agent_login=args.agent,
        include_all=args.all,
        limit=args.limit,
        fresh=args.fresh,
        words=args.format != "csv",
    )
    try:
        first = next(rows, None)  # an unknown agent is refused before anything is printed
    except QueueError as error:
        return int(cli.fail(error.message))
    stream = itertools.chain([first], rows) if first is not None else iter(())
    out = cli.out if cli.out is not None else sys.stdout
    with _quiet_when_closed(out):
        if args.format == "csv":
            exported = _print_csv(stream, out)
            _audit(context, "queue.exported", "worklist", None, None, {"rows": exported, "agent": args.agent})
        else:
            _print_text(stream, args, cli, context.clock.now())
    return 0


def _print_csv(rows: Iterator[QueueRow], out: IO[str]) -> int:
    """Print the rows as CSV; returns how many."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    count = 0
    for row in rows:
        writer.writerow(csv_record(row))
        count += 1
    return count


def _print_text(rows: Iterator[QueueRow], args: argparse.Namespace, cli: Any, moment: dt.datetime) -> None:
    printed = 0
    for rank, row in enumerate(rows, start=1):
        printed = rank
        local = row.local_times[0].strftime("%a %H:%M") if row.local_times else ""
        state = "✓" if row.allowed else "·"
        cli.say(
            f"{rank:>4} {state} {float(row.score):8.2f}  {row.customer_name[:28]:<28} "
            f"{(row.stage or '-'):<12} {local} {row.account_number or ''}"
        )
        if not row.allowed:  # why a callable row may be called is in the CSV; here only why not
            for reason in row.reasons:
                cli.say("         " + reason.render(args.lang))
    if not printed:
        cli.say(Message.of("queue.empty", moment=moment))


@contextlib.contextmanager
def _quiet_when_closed(out: IO[str]) -> Iterator[None]:
    """A reader that stops early (``agent-desk queue | head``) ends the listing quietly, without a traceback."""
    try:
        yield
        out.flush()
    except BrokenPipeError:
        # Python flushes the stream again at exit: point it at /dev/null so that flush cannot fail too.
        with contextlib.suppress(OSError, ValueError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, out.fileno())
            os.close(devnull)


def _rebuild(args: argparse.Namespace, cli: Any) -> int:
    """The nightly rebuild: refit the likelihood when the book's history has grown, re-score every customer,
    then re-evaluate the whole worklist."""
    from agent_desk.auth.cli import cli_actor

    context = cli.context()
    actor = cli_actor(cli, args.actor)
    if not args.no_refit:
        fitted = refit_if_grown(context.database, context.clock, actor=actor)
        if fitted is not None:
            figures = fitted.validation.get("auc", {})
            cli.say(
                Message.of(
                    "scoring.cli.fitted",
                    version=fitted.version,
                    kind=fitted.kind,
                    examples=fitted.examples,
                    auc=figures.get("model", "–"),
                    latest=figures.get("latest_status", "–"),
                    months_late=figures.get("months_late_sum", "–"),
                    scorecard=figures.get("scorecard", "–"),
                    calibration=fitted.validation.get("calibration_error", "–"),
                )
            )
    scored = score_book(context.database, context.clock, actor=actor)
    model = (
        Message.of("scoring.model.scorecard")
        if scored.model_version is None
        else Message.of("scoring.model.version", version=scored.model_version)
    )
    cli.say(Message.of("scoring.cli.scored", customers=scored.customers, model=model, seconds=f"{scored.seconds:.1f}"))
    last = [0.0]

    def progress(done: int, total: int) -> None:
        if total and (done == total or done / total - last[0] >= 0.1):
            last[0] = done / total
            cli.say(Message.of("queue.rebuild_progress", done=done, total=total))

    report = rebuild_worklist(context.database, context.clock, progress=progress, actor=actor)
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

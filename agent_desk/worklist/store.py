"""Keeping ``worklist_entries`` in step: refresh a few customers (hot path) or rebuild them all (nightly)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any, cast

from sqlalchemy import Table, bindparam, func, insert, select, update
from sqlalchemy.orm import Session

from agent_desk.clock import Clock
from agent_desk.compliance.policy import Policy
from agent_desk.text import Message, render
from agent_desk.worklist.arms import experiment_settings
from agent_desk.worklist.codec import encode_messages
from agent_desk.worklist.evaluate import Evaluation, evaluate, promise_deadline
from agent_desk.worklist.facts import CustomerFacts, load_facts
from agent_desk.worklist.promises import judge_customers
from agent_desk.worklist.settings import WorklistSettings, settings_for
from db.engine import Database
from db.models import ActionKind, Customer, Promise, PromiseStatus, WorklistEntry

ProgressCallback = Callable[[int, int], None]
ZERO = Decimal(0)
ENTRY = cast(Table, WorklistEntry.__table__)


@dataclasses.dataclass(frozen=True)
class RebuildReport:
    customers: int
    allowed: int
    promises_judged: int
    seconds: float


def entry_values(evaluation: Evaluation, facts: CustomerFacts, now: dt.datetime) -> dict[str, Any]:
    """The worklist row of an evaluation (lease columns are not touched)."""
    score = evaluation.score
    action = evaluation.due_action
    return {
        "customer_id": facts.customer_id,
        "assigned_user_id": facts.assigned_user_id,
        "assigned_team_id": facts.assigned_team_id,
        "stage": evaluation.stage or "none",
        "score": score.total if score else ZERO,
        "likelihood_to_pay": score.likelihood if score else ZERO,
        "score_parts": {
            "parts": {name: str(value) for name, value in score.parts.items()} if score else {},
            "why": encode_messages(score.explanations) if score else [],
        },
        "due_action_id": action.id if action else None,
        "due_kind": str(action.kind) if action else None,
        "due_at": action.due_at if action else None,
        "allowed": evaluation.allowed,
        "reasons": encode_messages(evaluation.reasons),
        "next_allowed_at": evaluation.decision.next_allowed_at if evaluation.decision else None,
        "ready_at": evaluation.ready_at,
        "contact_point_id": evaluation.number_id,
        "purpose": str(evaluation.purpose) if evaluation.purpose else None,
        "computed_at": now,
        "callable_until": evaluation.callable_until,
        "valid_until": evaluation.valid_until,
        "grounds": encode_messages(evaluation.grounds),
        "reasons_text": words_text(evaluation.reasons),
        "grounds_text": words_text(evaluation.grounds),
        "zones": list(evaluation.zones),
        "early_at": evaluation.early_at,
        "account_numbers": list(evaluation.account_numbers),
    }


def words_text(messages: Sequence[Message]) -> str:
    """Messages as one line of English, the way listings print them."""
    return "; ".join(render(message, "en") for message in messages)


def needs_judging(facts: CustomerFacts, now: dt.datetime) -> bool:
    """A promise check is due, or a pending promise's check time has passed: judge before deciding."""
    return any(a.kind is ActionKind.PROMISE_CHECK and a.due_at <= now for a in facts.actions) or any(
        p.status is PromiseStatus.PENDING and p.check_at is not None and p.check_at <= now for p in facts.promises
    )


def default_check(settings: WorklistSettings) -> Callable[[Promise], dt.datetime]:
    """The judging time for a promise stored without one (e.g. imported): the policy's first zone."""
    zone = settings.policy.zones[0]
    return lambda promise: promise_deadline(promise.due_date, zone, settings)


def evaluate_customers(
    session: Session,
    now: dt.datetime,
    customer_ids: Sequence[int],
    settings: WorklistSettings,
    *,
    judge: bool,
) -> tuple[dict[int, CustomerFacts], dict[int, Evaluation], int]:
    """Load, (optionally) judge due promises, and evaluate — each customer with the settings of the experiment
    arm they were drawn into, if any (agent_desk.worklist.arms). Returns facts, evaluations, promises judged.

    ``judge`` is for the write paths where the customers' facts may just have changed (an outcome saved, a payment
    posted, a refresh): their promises are judged and their likelihood re-scored before they are evaluated.
    """
    history_days = settings.priority.history_days
    if judge:
        # Imported here: scoring brings numpy, which the desk's start-up should not wait for.
        from agent_desk.scoring.store import rescore

        rescore(session, now, customer_ids)
    facts = load_facts(session, customer_ids, now, history_days)
    judged = 0
    if judge:
        due = [cid for cid, item in facts.items() if needs_judging(item, now)]
        if due:
            judged = len(
                judge_customers(
                    session,
                    now,
                    due,
                    tolerance=settings.promise_tolerance,
                    default_check=default_check(settings),
                )
            )
            from agent_desk.scoring.store import rescore

            rescore(session, now, due)
            facts.update(load_facts(session, due, now, history_days))
    settings_of = experiment_settings(session, settings, now, list(facts))  # an experiment arm's weights, cadence
    return facts, {cid: evaluate(item, now, settings_of(cid)) for cid, item in facts.items()}, judged


def refresh_customers(
    session: Session, now: dt.datetime, customer_ids: Sequence[int], settings: WorklistSettings
) -> dict[int, Evaluation]:
    """Re-evaluate a few customers and store their worklist rows (keeping any lease). The incremental path."""
    facts, evaluations, _ = evaluate_customers(session, now, customer_ids, settings, judge=True)
    store_evaluations(session, facts, evaluations, now)
    return evaluations


# A re-evaluation leaves the lease and a skip's cool-down alone: they are the agents' doing, not the facts'.
_KEPT = ("skipped_until", "skip_reason")
_ENTRY_COLUMNS = tuple(
    column.name for column in ENTRY.columns if not column.name.startswith("lease_") and column.name not in _KEPT
)
# Built once: a worklist row is written on every lease and save.
_UPDATE_ENTRY = (
    update(ENTRY)
    .where(ENTRY.c.customer_id == bindparam("_id"))
    .values({name: bindparam(name) for name in _ENTRY_COLUMNS if name != "customer_id"})
)
_INSERT_ENTRY = insert(ENTRY)


def store_evaluations(
    session: Session, facts: dict[int, CustomerFacts], evaluations: dict[int, Evaluation], now: dt.datetime
) -> None:
    """Write the worklist rows of ``evaluations`` (updating those that exist, adding the others)."""
    if not evaluations:
        return
    connection = session.connection()
    rows = [{**entry_values(evaluations[cid], facts[cid], now), "_id": cid} for cid in evaluations]
    if len(rows) == 1:
        if connection.execute(_UPDATE_ENTRY, rows[0]).rowcount == 0:
            connection.execute(_INSERT_ENTRY, [{k: v for k, v in rows[0].items() if k != "_id"}])
    else:
        existing = set(connection.execute(_EXISTING, {"ids": list(evaluations)}).scalars())
        new_rows = [{k: v for k, v in row.items() if k != "_id"} for row in rows if row["_id"] not in existing]
        old_rows = [row for row in rows if row["_id"] in existing]
        if new_rows:
            connection.execute(_INSERT_ENTRY, new_rows)
        if old_rows:
            connection.execute(_UPDATE_ENTRY, old_rows)
    # Worklist rows the session holds as objects are stale now (the update went round the ORM).
    for item in list(session.identity_map.values()):
        if isinstance(item, WorklistEntry) and item.customer_id in evaluations:
            session.expire(item)


_EXISTING = select(ENTRY.c.customer_id).where(ENTRY.c.customer_id.in_(bindparam("ids", expanding=True)))


def rebuild_worklist(
    database: Database,
    clock: Clock,
    progress: ProgressCallback | None = None,
    *,
    batch_size: int = 1000,
    settings: WorklistSettings | None = None,
) -> RebuildReport:
    """Re-evaluate every customer and rewrite the worklist (nightly, or after an import).

    Judges promises whose check time has passed on the way. Leases are kept. Works in batches, each its own
    transaction, so agents keep working meanwhile.

    Args:
        progress: called as ``progress(done, total)`` after each batch.
    """
    started = time.perf_counter()
    settings = settings or settings_for(database, clock)
    now = clock.now()
    with database.session() as session:
        total = session.scalar(select(func.count()).select_from(Customer)) or 0
    done = allowed = judged = 0
    last_id = 0
    if progress is not None:
        progress(0, total)
    while True:
        # Evaluate outside the write lock; only judging and storing take it, briefly, so agents keep leasing.
        with database.session() as session:
            ids = list(
                session.scalars(
                    select(Customer.id).where(Customer.id > last_id).order_by(Customer.id).limit(batch_size)
                )
            )
            if not ids:
                break
            facts, evaluations, _ = evaluate_customers(session, now, ids, settings, judge=False)
        to_judge = [cid for cid, item in facts.items() if needs_judging(item, now)]
        with database.transaction(write=True) as session:
            if to_judge:
                more_facts, more, judged_now = evaluate_customers(session, now, to_judge, settings, judge=True)
                facts.update(more_facts)
                evaluations.update(more)
                judged += judged_now
            store_evaluations(session, facts, evaluations, now)
        last_id = ids[-1]
        done += len(ids)
        allowed += sum(1 for item in evaluations.values() if item.allowed)
        if progress is not None:
            progress(done, total)
    return RebuildReport(done, allowed, judged, time.perf_counter() - started)


def policy_of(database: Database, clock: Clock) -> Policy:
    return settings_for(database, clock).policy

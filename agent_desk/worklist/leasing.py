"""Leases: *Next* takes one customer atomically, the dial path checks again, skip and save release.

SQLite serializes writers with ``BEGIN IMMEDIATE``; PostgreSQL reads the queue head with ``FOR UPDATE SKIP
LOCKED``, so agents never wait for each other and never get the same customer. Compliance is re-checked from
fresh facts when a customer is leased and again right before a number is dialed; the dial check records the
attempt (the Interaction row) in the same transaction, so caps hold however many agents call at once.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
import weakref
from decimal import Decimal
from typing import Any, cast

from sqlalchemy import BindParameter, CompoundSelect, Engine, Table, bindparam, insert, or_, select, union_all, update
from sqlalchemy.orm import Session

from agent_desk.auth.guard import acting, is_importing, is_practice, require_on_customer, unfinished_import_floors
from agent_desk.auth.permissions import Actor, Permission, Scope, allowed, require
from agent_desk.clock import Clock
from agent_desk.text import Message
from agent_desk.worklist.arms import experiment_settings
from agent_desk.worklist.customer import load_customer
from agent_desk.worklist.evaluate import Evaluation, evaluate
from agent_desk.worklist.facts import CustomerFacts
from agent_desk.worklist.profile import CustomerProfile
from agent_desk.worklist.promises import judge_customers
from agent_desk.worklist.settings import WorklistSettings, settings_for
from agent_desk.worklist.store import (
    default_check,
    needs_judging,
    refresh_customers,
    store_evaluations,
)
from db.engine import Database
from db.models import AuditEvent, User, WorklistEntry

ENTRY = cast(Table, WorklistEntry.__table__)
QUEUE_WORK = Permission.QUEUE_WORK  # every entry point here: the acting user's role and the customer's scope


class LeaseError(Exception):
    """The customer is not (or no longer) this agent's to work; ``message`` says why."""

    def __init__(self, message: Message) -> None:
        super().__init__(message.render())
        self.message = message


@dataclasses.dataclass(frozen=True)
class Lease:
    """A customer held by an agent until ``until`` (renew while the profile is open)."""

    customer_id: int
    user_id: int
    taken_at: dt.datetime
    until: dt.datetime
    number_id: int | None
    purpose: str | None
    stage: str | None
    score: Decimal
    explanations: tuple[Message, ...]
    notes: tuple[Message, ...]
    due_action: str | None
    profile: CustomerProfile


@dataclasses.dataclass(frozen=True)
class Agent:
    id: int
    team_id: int | None
    login: str


_agents: weakref.WeakKeyDictionary[Engine, dict[int, tuple[float, Agent]]] = weakref.WeakKeyDictionary()
AGENT_CACHE_SECONDS = 60.0


def _agent(session: Session, user_id: int) -> Agent:
    """The agent and their team; cached for a minute per process (*Next* asks for it every time)."""
    engine = session.get_bind()
    assert isinstance(engine, Engine)
    known = _agents.setdefault(engine, {}).get(user_id)
    if known is not None and time.monotonic() - known[0] < AGENT_CACHE_SECONDS:
        return known[1]
    row = session.execute(
        select(User.id, User.team_id, User.login, User.active).where(User.id == user_id)
    ).one_or_none()
    if row is None or not row.active:
        raise LeaseError(Message.of("queue.error.no_agent", user=user_id))
    agent = Agent(row.id, row.team_id, row.login)
    _agents[engine][user_id] = (time.monotonic(), agent)
    return agent


def begin(session: Session, clock: Clock) -> dt.datetime:
    """Start the transaction (on SQLite: take the write lock) and only then read the clock."""
    session.connection()
    return clock.now()


def _queue_heads(postgresql: bool, exclude: bool, early: bool = False) -> CompoundSelect[Any]:
    """The best free, ready row of an agent's own queue and of their team's pool, in one statement (built once
    per variant). Each side walks its covering index in score order and stops at the first callable row.
    ``early``: rows that may be called early (nothing being due)."""
    now: BindParameter[dt.datetime] = bindparam("now")
    column = ENTRY.c.early_at if early else ENTRY.c.ready_at
    base = select(ENTRY.c.customer_id, ENTRY.c.score).where(
        column <= now, or_(ENTRY.c.lease_until.is_(None), ENTRY.c.lease_until <= now)
    )
    if exclude:
        base = base.where(ENTRY.c.customer_id.not_in(bindparam("tried", expanding=True)))
    own = base.where(ENTRY.c.assigned_user_id == bindparam("user"))
    pool = base.where(ENTRY.c.assigned_team_id == bindparam("team"), ENTRY.c.assigned_user_id.is_(None))
    heads = [query.order_by(ENTRY.c.score.desc()).limit(1) for query in (own, pool)]
    if postgresql:
        heads = [query.with_for_update(skip_locked=True) for query in heads]
    own_head, pool_head = (head.subquery(name) for head, name in zip(heads, ("own", "pool"), strict=True))
    return union_all(
        select(own_head.c.customer_id, own_head.c.score), select(pool_head.c.customer_id, pool_head.c.score)
    )


_HEADS = {
    (pg, exclude, early): _queue_heads(pg, exclude, early)
    for pg in (False, True)
    for exclude in (False, True)
    for early in (False, True)
}
_TAKE = (
    update(ENTRY)
    .where(ENTRY.c.customer_id == bindparam("_id"))
    .values(
        lease_user_id=bindparam("user"),
        lease_until=bindparam("until"),
        lease_taken_at=bindparam("now"),
        lease_note=None,
    )
)
_AUDIT = insert(AuditEvent)


def assigned_to(facts: CustomerFacts, agent: Agent) -> bool:
    if facts.assigned_user_id is not None:
        return facts.assigned_user_id == agent.id
    return agent.team_id is not None and facts.assigned_team_id == agent.team_id


def next_for(
    database: Database, clock: Clock, user_id: int, *, settings: WorklistSettings | None = None
) -> Lease | None:
    """Lease the best customer callable now from this agent's queue (theirs, then their team's pool).

    Re-checks each queue head from fresh facts; heads that turn out blocked are updated and skipped. When
    nobody is due and ``leasing.fill_idle_time`` is on, offers the best customer the rules allow now whose
    schedule only prefers later (an early retry or planned call). Returns None when nothing in the agent's queue
    may be called now.
    """
    settings = settings or settings_for(database, clock)
    with database.transaction(write=True) as session:
        now = begin(session, clock)
        agent = _agent(session, user_id)
        actor = acting(session, user_id)
        require(actor, QUEUE_WORK)
        passes = (False, True) if settings.fill_idle_time else (False,)
        for early in passes:
            lease = _lease_first(session, database, agent, actor, now, settings, early)
            if lease is not None:
                return lease
    return None


def _lease_first(
    session: Session,
    database: Database,
    agent: Agent,
    actor: Actor,
    now: dt.datetime,
    settings: WorklistSettings,
    early: bool,
) -> Lease | None:
    """Walk the agent's queue heads (due ones, or with ``early`` those that may be called early) and lease the
    first that a fresh evaluation confirms."""
    tried: set[int] = set()
    connection = session.connection()
    floors = unfinished_import_floors(session)
    for _ in range(settings.candidates_per_lease):
        heads = _HEADS[(database.is_postgresql, bool(tried), early)]
        params = {"now": now, "user": agent.id, "team": agent.team_id, "tried": list(tried)}
        found = connection.execute(heads, params).all()
        if not found:
            return None
        customer_id = max(found, key=lambda head: (head.score, -head.customer_id)).customer_id
        tried.add(customer_id)
        if floors is not None and is_importing(session, customer_id, floors):
            continue  # an unfinished import may still take this customer's new rows back out: not yet
        loaded = _load(session, customer_id, now, settings)
        if loaded is None:
            continue
        profile, facts = loaded
        evaluation = evaluate(facts, now, experiment_settings(session, settings, now, [customer_id])(customer_id))
        store_evaluations(session, {customer_id: facts}, {customer_id: evaluation}, now)
        callable_now = evaluation.allowed or (early and evaluation.early_at is not None and evaluation.early_at <= now)
        scope = Scope.of((facts.assigned_team_id,), (facts.assigned_user_id,), practice=is_practice(profile))
        if not callable_now or not assigned_to(facts, agent) or not allowed(actor, QUEUE_WORK, scope):
            continue
        return _take(session, agent, evaluation, now, settings.lease_minutes, profile)
    return None


def _load(
    session: Session, customer_id: int, now: dt.datetime, settings: WorklistSettings
) -> tuple[CustomerProfile, CustomerFacts] | None:
    """Profile and facts of a queue head, judging its promises first when a check has come due."""
    loaded = load_customer(session, customer_id, now, settings.priority.history_days)
    if loaded is not None and needs_judging(loaded[1], now):
        judge_customers(
            session, now, [customer_id], tolerance=settings.promise_tolerance, default_check=default_check(settings)
        )
        loaded = load_customer(session, customer_id, now, settings.priority.history_days)
    return loaded


def _take(
    session: Session, agent: Agent, evaluation: Evaluation, now: dt.datetime, minutes: int, profile: CustomerProfile
) -> Lease:
    until = now + dt.timedelta(minutes=minutes)
    connection = session.connection()
    connection.execute(_TAKE, {"_id": evaluation.customer_id, "user": agent.id, "until": until, "now": now})
    taken = {"until": until.isoformat(), "number": evaluation.number_id}
    connection.execute(  # the lease, and the profile it puts on the agent's screen (team mode audits views)
        _AUDIT,
        [
            _audit_row(now, agent.id, "lease.taken", evaluation.customer_id, taken),
            _audit_row(now, agent.id, "customer.viewed", evaluation.customer_id, {"via": "next"}),
        ],
    )
    score = evaluation.score
    return Lease(
        customer_id=evaluation.customer_id,
        user_id=agent.id,
        taken_at=now,
        until=until,
        number_id=evaluation.number_id,
        purpose=str(evaluation.purpose) if evaluation.purpose else None,
        stage=evaluation.stage,
        score=score.total if score else Decimal(0),
        explanations=score.explanations if score else (),
        notes=evaluation.notes,
        due_action=str(evaluation.due_action.kind) if evaluation.due_action else None,
        profile=dataclasses.replace(profile, lease_user_id=agent.id, lease_until=until),
    )


def _audit_row(at: dt.datetime, user_id: int, action: str, customer_id: int, after: dict[str, Any]) -> dict[str, Any]:
    return {
        "at": at,
        "user_id": user_id,
        "action": action,
        "entity": "customer",
        "entity_id": str(customer_id),
        "before": None,
        "after": after,
    }


@dataclasses.dataclass(frozen=True)
class LeaseState:
    customer_id: int
    user_id: int | None
    until: dt.datetime | None


_LEASE_STATE = select(ENTRY.c.customer_id, ENTRY.c.lease_user_id, ENTRY.c.lease_until).where(
    ENTRY.c.customer_id == bindparam("customer_id")
)
_LEASE_STATE_LOCKED = _LEASE_STATE.with_for_update()
_RELEASE = (
    update(ENTRY)
    .where(ENTRY.c.customer_id == bindparam("_id"))
    .values(lease_user_id=None, lease_until=None, lease_taken_at=None)
)


def lock_lease(session: Session, database: Database, customer_id: int) -> LeaseState | None:
    """Who holds the customer, with their row locked until commit (PostgreSQL; SQLite holds the write lock)."""
    query = _LEASE_STATE_LOCKED if database.is_postgresql else _LEASE_STATE
    row = session.connection().execute(query, {"customer_id": customer_id}).first()
    return LeaseState(row.customer_id, row.lease_user_id, row.lease_until) if row is not None else None


def clear_lease(session: Session, customer_id: int) -> None:
    session.connection().execute(_RELEASE, {"_id": customer_id})


def lock_entry(session: Session, database: Database, customer_id: int) -> WorklistEntry | None:
    """The customer's worklist row, locked until commit (PostgreSQL; SQLite holds the write lock already)."""
    query = select(WorklistEntry).where(WorklistEntry.customer_id == customer_id)
    if database.is_postgresql:
        query = query.with_for_update()
    return session.scalars(query).one_or_none()


def renew_lease(
    database: Database,
    clock: Clock,
    user_id: int,
    customer_id: int,
    *,
    settings: WorklistSettings | None = None,
) -> dt.datetime:
    """Extend the agent's lease (retaking it if it lapsed and nobody took the customer); returns the new end.

    Raises:
        LeaseError: another agent holds the customer now.
    """
    settings = settings or settings_for(database, clock)
    with database.transaction(write=True) as session:
        now = begin(session, clock)
        entry = lock_entry(session, database, customer_id)
        if entry is None:
            raise LeaseError(Message.of("queue.error.unknown_customer", customer=customer_id))
        require_on_customer(session, user_id, QUEUE_WORK, customer_id)
        refuse_if_held(session, entry, user_id, now)
        return hold_lease(session, entry, user_id, now, settings.lease_minutes)


def hold_lease(session: Session, entry: WorklistEntry, user_id: int, now: dt.datetime, minutes: int) -> dt.datetime:
    """Renew the agent's lease, or take it when it lapsed or was free (audited like a lease from *Next*)."""
    until = now + dt.timedelta(minutes=minutes)
    held = entry.lease_user_id == user_id and entry.lease_until is not None and entry.lease_until > now
    if held and entry.lease_until is not None:
        until = max(until, entry.lease_until)
    else:
        entry.lease_taken_at = now
    # Every change of a lease is in the audit trail, so who held whom when can be replayed.
    session.add(
        AuditEvent(
            at=now,
            user_id=user_id,
            action="lease.renewed" if held else "lease.taken",
            entity="customer",
            entity_id=str(entry.customer_id),
            after={"until": until.isoformat()},
        )
    )
    entry.lease_user_id = user_id
    entry.lease_until = until
    return until


def refuse_if_held(session: Session, entry: WorklistEntry, user_id: int, now: dt.datetime) -> None:
    if entry.lease_user_id not in (None, user_id) and entry.lease_until is not None and entry.lease_until > now:
        holder = session.scalar(select(User.display_name).where(User.id == entry.lease_user_id)) or "?"
        raise LeaseError(Message.of("queue.held_by", agent=holder, until=entry.lease_until))


def release_lease(database: Database, clock: Clock, user_id: int, customer_id: int) -> bool:
    """Give the customer back (e.g. the agent closes the profile without a call). True if a lease was held."""
    with database.transaction(write=True) as session:
        now = begin(session, clock)
        require_on_customer(session, user_id, QUEUE_WORK, customer_id)
        return _release(session, database, user_id, customer_id, now, "lease.released", None)


def _release(
    session: Session,
    database: Database,
    user_id: int | None,
    customer_id: int,
    now: dt.datetime,
    action: str,
    detail: dict[str, str] | None,
) -> bool:
    entry = lock_entry(session, database, customer_id)
    if entry is None or entry.lease_user_id is None or entry.lease_user_id != user_id:
        return False
    lapsed = entry.lease_until is None or entry.lease_until <= now
    entry.lease_user_id = None
    entry.lease_until = None
    entry.lease_taken_at = None
    session.add(
        AuditEvent(
            at=now,
            user_id=user_id,
            action=action,
            entity="customer",
            entity_id=str(customer_id),
            after={**(detail or {}), "lapsed": lapsed},
        )
    )
    return True


def skip_customer(
    database: Database,
    clock: Clock,
    user_id: int,
    customer_id: int,
    reason: str,
    note: str | None = None,
    *,
    settings: WorklistSettings | None = None,
) -> None:
    """Release the customer with a reason; nobody is offered them again for the skip cool-down."""
    if not reason.strip():
        raise LeaseError(Message.of("queue.error.skip_reason"))
    settings = settings or settings_for(database, clock)
    with database.transaction(write=True) as session:
        now = begin(session, clock)
        require_on_customer(session, user_id, QUEUE_WORK, customer_id)
        detail = {"reason": reason, **({"note": note} if note else {})}
        _release(session, database, user_id, customer_id, now, "lease.skipped", detail)
        entry = session.get(WorklistEntry, customer_id)
        if entry is not None:
            later = now + dt.timedelta(minutes=settings.skip_cooldown_minutes)
            entry.skipped_until = max(entry.skipped_until, later) if entry.skipped_until else later
            entry.skip_reason = reason[:64]
            entry.lease_note = reason
            session.flush()
            # The cool-down is a fact of the customer now: every later re-evaluation keeps it.
            refresh_customers(session, now, [customer_id], settings)

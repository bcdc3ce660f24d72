"""The worklist as it stands at a moment, for the queue pane, supervisors and ``agent-desk queue``.

Rows are evaluated afresh at the clock's moment (not read from the stored entries, which may be older), so
``--at`` shows exactly what would be callable then.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from agent_desk.clock import Clock
from agent_desk.text import Message
from agent_desk.worklist.codec import decode_messages
from agent_desk.worklist.evaluate import Evaluation
from agent_desk.worklist.facts import CustomerFacts
from agent_desk.worklist.settings import WorklistSettings, settings_for
from agent_desk.worklist.store import evaluate_customers
from db.engine import Database
from db.models import ActionKind, ActionStatus, Customer, ScheduledAction, Team, User, WorklistEntry

PART_NAMES = ("recovery", "urgency", "reachability", "pressure")


@dataclasses.dataclass(frozen=True)
class QueueRow:
    """One customer in the queue, best first. ``timezone`` is None when unknown (``shown_zone`` then)."""

    customer_id: int
    customer_number: str
    customer_name: str
    account_number: str | None
    accounts: tuple[str, ...]
    stage: str | None
    score: Decimal
    likelihood_to_pay: Decimal
    allowed: bool
    reasons: tuple[Message, ...]
    next_allowed_at: dt.datetime | None
    timezone: str | None
    shown_zone: str
    local_time: dt.datetime
    parts: Mapping[str, Decimal]
    explanations: tuple[Message, ...]
    notes: tuple[Message, ...]
    number_id: int | None
    purpose: str | None
    next_action: str | None
    assigned_to: str | None
    leased_by: str | None


class QueueError(ValueError):
    def __init__(self, message: Message) -> None:
        super().__init__(message.render())
        self.message = message


def find_agent(session: Session, login: str) -> tuple[int, int | None]:
    row = session.execute(select(User.id, User.team_id).where(User.login == login)).first()
    if row is None:
        raise QueueError(Message.of("queue.error.unknown_login", login=login))
    return row.id, row.team_id


def _scope_ids(session: Session, agent: tuple[int, int | None] | None, include_all: bool) -> Iterator[list[int]]:
    query = select(Customer.id).order_by(Customer.id)
    if agent is not None:
        user_id, team_id = agent
        mine = Customer.assigned_user_id == user_id
        pool = (
            (Customer.assigned_user_id.is_(None) & (Customer.assigned_team_id == team_id))
            if team_id is not None
            else None
        )
        query = query.where(or_(mine, pool) if pool is not None else mine)
    elif not include_all:
        query = query.where(or_(Customer.assigned_user_id.is_not(None), Customer.assigned_team_id.is_not(None)))
    ids = list(session.scalars(query))
    for start in range(0, len(ids), 500):
        yield ids[start : start + 500]


def list_queue(
    database: Database,
    clock: Clock,
    *,
    agent_login: str | None = None,
    include_all: bool = False,
    limit: int | None = None,
    settings: WorklistSettings | None = None,
    progress: Callable[[int], None] | None = None,
) -> list[QueueRow]:
    """The queue at the clock's moment: callable customers best first; with ``include_all`` also the blocked
    and unassigned ones (after the callable ones), each with its reasons. Reads only."""
    settings = settings or settings_for(database, clock)
    now = clock.now()
    rows: list[QueueRow] = []
    with database.session() as session:
        agent = find_agent(session, agent_login) if agent_login else None
        names = _names(session)
        leases = {
            row.customer_id: row.lease_user_id
            for row in session.execute(
                select(WorklistEntry.customer_id, WorklistEntry.lease_user_id).where(
                    WorklistEntry.lease_user_id.is_not(None), WorklistEntry.lease_until > now
                )
            )
        }
        done = 0
        for ids in _scope_ids(session, agent, include_all):
            facts, evaluations, _ = evaluate_customers(session, now, ids, settings, judge=False)
            for customer_id, evaluation in evaluations.items():
                if not include_all and not evaluation.allowed:
                    continue
                rows.append(_row(facts[customer_id], evaluation, now, names, leases.get(customer_id)))
            done += len(ids)
            if progress is not None:
                progress(done)
    rows.sort(key=lambda row: (not row.allowed, -row.score, row.customer_id))
    return rows[:limit] if limit else rows


def _names(session: Session) -> tuple[dict[int, str], dict[int, str]]:
    users = {row.id: row.login for row in session.execute(select(User.id, User.login))}
    teams = {row.id: row.name for row in session.execute(select(Team.id, Team.name))}
    return users, teams


def _row(
    facts: CustomerFacts,
    evaluation: Evaluation,
    now: dt.datetime,
    names: tuple[dict[int, str], dict[int, str]],
    leased_by: int | None,
) -> QueueRow:
    users, teams = names
    score = evaluation.score
    assigned = (
        users.get(facts.assigned_user_id)
        if facts.assigned_user_id is not None
        else f"team:{teams.get(facts.assigned_team_id)}"
        if facts.assigned_team_id is not None
        else None
    )
    return QueueRow(
        customer_id=facts.customer_id,
        customer_number=facts.customer_number,
        customer_name=facts.full_name,
        account_number=evaluation.account_numbers[0] if evaluation.account_numbers else None,
        accounts=evaluation.account_numbers,
        stage=evaluation.stage,
        score=score.total if score else Decimal(0),
        likelihood_to_pay=score.likelihood if score else Decimal(0),
        allowed=evaluation.allowed,
        reasons=evaluation.reasons,
        next_allowed_at=evaluation.ready_at,
        timezone=evaluation.zone,
        shown_zone=evaluation.shown_zone,
        local_time=now.astimezone(ZoneInfo(evaluation.shown_zone)),
        parts=dict(score.parts) if score else {name: Decimal(0) for name in PART_NAMES},
        explanations=score.explanations if score else (),
        notes=evaluation.notes,
        number_id=evaluation.number_id,
        purpose=str(evaluation.purpose) if evaluation.purpose else None,
        next_action=str(evaluation.due_action.kind) if evaluation.due_action else None,
        assigned_to=assigned,
        leased_by=users.get(leased_by) if leased_by is not None else None,
    )


def supervisor_list(database: Database) -> list[tuple[int, str, str, dt.datetime]]:
    """Customers on hold for a supervisor (dispute, deceased…): (customer id, number, disposition, since)."""
    with database.session() as session:
        rows = session.execute(
            select(
                ScheduledAction.customer_id,
                Customer.customer_number,
                ScheduledAction.reason,
                ScheduledAction.created_at,
            )
            .join(Customer, Customer.id == ScheduledAction.customer_id)
            .where(ScheduledAction.kind == ActionKind.HOLD, ScheduledAction.status == ActionStatus.OPEN)
            .order_by(ScheduledAction.created_at)
        ).all()
    return [
        (row.customer_id, row.customer_number, str((row.reason or {}).get("disposition", "")), row.created_at)
        for row in rows
    ]


@dataclasses.dataclass(frozen=True)
class QueueEntry:
    """A stored queue row (as of its last evaluation ``computed_at``), cheap to page through in the GUI."""

    customer_id: int
    customer_number: str
    customer_name: str
    stage: str
    score: Decimal
    likelihood_to_pay: Decimal
    allowed: bool
    ready_at: dt.datetime | None
    reasons: tuple[Message, ...]
    parts: Mapping[str, Decimal]
    due_kind: str | None
    due_at: dt.datetime | None
    timezone: str | None
    leased_by: int | None
    lease_until: dt.datetime | None
    computed_at: dt.datetime


def queue_page(database: Database, user_id: int, *, limit: int = 50, offset: int = 0) -> list[QueueEntry]:
    """One page of an agent's queue as stored (their customers and their team's pool), best score first.

    Fast at any portfolio size (it walks the queue indexes); rows are as of their last evaluation, which *Next*
    repeats before leasing. :func:`list_queue` evaluates afresh instead, for exact output at a given moment.
    """
    entry, customer = WorklistEntry.__table__.c, Customer.__table__.c
    columns = (
        entry.customer_id,
        customer.customer_number,
        customer.full_name,
        entry.stage,
        entry.score,
        entry.likelihood_to_pay,
        entry.allowed,
        entry.ready_at,
        entry.reasons,
        entry.score_parts,
        entry.due_kind,
        entry.due_at,
        customer.timezone,
        entry.lease_user_id,
        entry.lease_until,
        entry.computed_at,
    )
    with database.session() as session:
        team_id = session.scalar(select(User.team_id).where(User.id == user_id))
        base = select(*columns).join(Customer.__table__, customer.id == entry.customer_id)
        queries = [base.where(entry.assigned_user_id == user_id)]
        if team_id is not None:
            queries.append(base.where(entry.assigned_team_id == team_id, entry.assigned_user_id.is_(None)))
        rows: list[Any] = []
        for query in queries:
            rows.extend(session.execute(query.order_by(entry.score.desc()).limit(offset + limit)).all())
    rows.sort(key=lambda row: (-row.score, row.customer_id))
    return [
        QueueEntry(
            customer_id=row.customer_id,
            customer_number=row.customer_number,
            customer_name=row.full_name,
            stage=row.stage,
            score=row.score,
            likelihood_to_pay=row.likelihood_to_pay,
            allowed=row.allowed,
            ready_at=row.ready_at,
            reasons=decode_messages(row.reasons),
            parts={name: Decimal(value) for name, value in (row.score_parts or {}).get("parts", {}).items()},
            due_kind=row.due_kind,
            due_at=row.due_at,
            timezone=row.timezone,
            leased_by=row.lease_user_id,
            lease_until=row.lease_until,
            computed_at=row.computed_at,
        )
        for row in rows[offset : offset + limit]
    ]

"""The stored queue, a page at a time, and the supervisor's hold list. The whole queue at a moment, streamed,
is :mod:`agent_desk.worklist.listing`."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from agent_desk.text import Message
from agent_desk.worklist.codec import decode_messages
from db.engine import Database
from db.models import ActionKind, ActionStatus, Customer, ScheduledAction, User, WorklistEntry

PART_NAMES = ("recovery", "urgency", "reachability", "pressure")


class QueueError(ValueError):
    def __init__(self, message: Message) -> None:
        super().__init__(message.render())
        self.message = message


def find_agent(session: Session, login: str) -> tuple[int, int | None]:
    row = session.execute(select(User.id, User.team_id).where(User.login == login)).first()
    if row is None:
        raise QueueError(Message.of("queue.error.unknown_login", login=login))
    return row.id, row.team_id


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
    repeats before leasing. :func:`~agent_desk.worklist.listing.list_queue` evaluates afresh instead.
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

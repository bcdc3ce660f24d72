"""The agent's queue as the queue pane shows it: a page at a time, callable customers first, with what an agent
needs on each line (products, days past due, arrears, the due action, the local time, why).

Rows come from the stored worklist entries (kept current by every save and by the rebuild), so a page costs one
walk of the queue indexes plus one query for the page's accounts, whatever the size of the book.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, func, or_, select

from agent_desk.auth.guard import importing, unfinished_import_floors
from agent_desk.clock import Clock
from agent_desk.first_frame.lines import QueueLine
from agent_desk.worklist.codec import decode_messages
from db.engine import Database
from db.models import Account, AccountStatus, Customer, User, WorklistEntry

ENTRY = WorklistEntry.__table__.c
CUSTOMER = Customer.__table__.c
CLOSED = (AccountStatus.SETTLED, AccountStatus.WRITTEN_OFF, AccountStatus.RECALLED)


def _scope(user_id: int, team_id: int | None) -> ColumnElement[bool]:
    """The agent's own customers and their team's unassigned pool."""
    own = ENTRY.assigned_user_id == user_id
    if team_id is None:
        return own
    return or_(own, (ENTRY.assigned_team_id == team_id) & ENTRY.assigned_user_id.is_(None))


def queue_lines(
    database: Database,
    clock: Clock,
    user_id: int,
    *,
    offset: int = 0,
    limit: int = 100,
    waiting: bool = False,
    search: str = "",
) -> list[QueueLine]:
    """A page of the agent's queue: the callable customers best first, or (``waiting``) the others, soonest first.

    ``search`` narrows to names or customer numbers containing the text.
    """
    now = clock.now()
    with database.session() as session:
        team_id = session.scalar(select(User.team_id).where(User.id == user_id))
        free = or_(ENTRY.lease_until.is_(None), ENTRY.lease_until <= now, ENTRY.lease_user_id == user_id)
        ready = (ENTRY.ready_at <= now) & free
        base = select(*_COLUMNS).join(Customer.__table__, CUSTOMER.id == ENTRY.customer_id)
        floors = unfinished_import_floors(session)
        if floors is not None:  # an unfinished import's customers may still be taken back out: not yet
            base = base.where(~importing(floors, ENTRY.customer_id))
        if search.strip():
            pattern = f"%{search.strip()}%"
            base = base.where(or_(CUSTOMER.full_name.ilike(pattern), CUSTOMER.customer_number.ilike(pattern)))
        if waiting:
            order: tuple[Any, ...] = (ENTRY.ready_at.is_(None), ENTRY.ready_at, ENTRY.score.desc(), ENTRY.customer_id)
            base = base.where(~ready | ENTRY.ready_at.is_(None))
        else:
            order = (ENTRY.score.desc(), ENTRY.customer_id)
            base = base.where(ready)
        # The agent's own customers and the team's unassigned pool are read apart, each walking its own index in
        # score order, and merged: one OR across both would make the database sort the whole scope.
        scopes = [ENTRY.assigned_user_id == user_id]
        if team_id is not None:
            scopes.append((ENTRY.assigned_team_id == team_id) & ENTRY.assigned_user_id.is_(None))
        rows: list[Any] = []
        for scope in scopes:
            rows.extend(session.execute(base.where(scope).order_by(*order).limit(offset + limit)).all())
        rows.sort(key=_sort_key(waiting))
        rows = rows[offset : offset + limit]
        accounts = _account_summaries(session, [row.customer_id for row in rows])
    return [_line(row, accounts.get(row.customer_id), now, user_id) for row in rows]


_COLUMNS = (
    ENTRY.customer_id,
    CUSTOMER.customer_number,
    CUSTOMER.full_name,
    CUSTOMER.timezone,
    ENTRY.stage,
    ENTRY.score,
    ENTRY.ready_at,
    ENTRY.reasons,
    ENTRY.score_parts,
    ENTRY.due_kind,
    ENTRY.due_at,
    ENTRY.lease_user_id,
    ENTRY.lease_until,
)
_NEVER = dt.datetime.max.replace(tzinfo=dt.UTC)


def _sort_key(waiting: bool) -> Any:
    if waiting:
        return lambda row: (row.ready_at is None, row.ready_at or _NEVER, -row.score, row.customer_id)
    return lambda row: (-row.score, row.customer_id)


def count_ready(database: Database, clock: Clock, user_id: int) -> int:
    """How many customers the agent could call right now."""
    now = clock.now()
    with database.session() as session:
        team_id = session.scalar(select(User.team_id).where(User.id == user_id))
        free = or_(ENTRY.lease_until.is_(None), ENTRY.lease_until <= now, ENTRY.lease_user_id == user_id)
        query = (
            select(func.count())
            .select_from(WorklistEntry.__table__)
            .where(_scope(user_id, team_id), ENTRY.ready_at <= now, free)
        )
        floors = unfinished_import_floors(session)
        if floors is not None:  # as queue_lines: the count says what the list shows
            query = query.where(~importing(floors, ENTRY.customer_id))
        return int(session.scalar(query) or 0)


def _account_summaries(session: Any, customer_ids: list[int]) -> dict[int, tuple[tuple[str, ...], int, Decimal, str]]:
    if not customer_ids:
        return {}
    rows = session.execute(
        select(Account.customer_id, Account.product, Account.days_past_due, Account.arrears, Account.currency).where(
            Account.customer_id.in_(customer_ids), Account.status.not_in(CLOSED)
        )
    ).all()
    grouped: dict[int, list[Any]] = {}
    for row in rows:
        grouped.setdefault(row.customer_id, []).append(row)
    return {
        customer_id: (
            tuple(sorted({str(item.product) for item in items})),
            max(item.days_past_due for item in items),
            sum((item.arrears for item in items), Decimal("0.00")),
            items[0].currency,
        )
        for customer_id, items in grouped.items()
    }


def _line(
    row: Any, summary: tuple[tuple[str, ...], int, Decimal, str] | None, now: dt.datetime, user_id: int
) -> QueueLine:
    products, dpd, arrears, currency = summary or ((), 0, Decimal("0.00"), "IDR")
    held = row.lease_until is not None and row.lease_until > now and row.lease_user_id != user_id
    parts = row.score_parts or {}
    return QueueLine(
        customer_id=row.customer_id,
        customer_number=row.customer_number,
        customer_name=row.full_name,
        stage=row.stage,
        score=row.score,
        ready=row.ready_at is not None and row.ready_at <= now and not held,
        ready_at=row.ready_at,
        reasons=decode_messages(row.reasons),
        why=decode_messages(parts.get("why")),
        parts={name: Decimal(value) for name, value in parts.get("parts", {}).items()},
        due_kind=row.due_kind,
        due_at=row.due_at,
        timezone=row.timezone,
        held_by_other=held,
        products=products,
        max_days_past_due=dpd,
        arrears=arrears,
        currency=currency,
    )

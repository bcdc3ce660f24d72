"""The whole queue at a moment, streamed best first: what ``agent-desk queue`` prints, at any size of book.

Each stored worklist row says until when it holds by time alone (``valid_until``: the end of its callable run or
the next local midnight) and when it is callable (``ready_at`` until ``callable_until``, for its ``grounds``).
Rows that hold at the moment are read from the database in queue order without evaluating anything; rows that do
not (evaluated after the moment, or expired) and customers without a row are evaluated afresh at the moment and
merged in. Every service that changes a customer's facts re-evaluates their row, so the stream equals a fresh
evaluation of every customer (``fresh=True`` forces that, row by row); only the score may have moved a little
with the hours since the row was evaluated (its reachability part and recent-pressure windows), and a blocked
row's reasons speak of the moment it was evaluated (``evaluated_at``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import heapq
from collections.abc import Iterator
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, and_, or_, select, true
from sqlalchemy.orm import Session

from agent_desk.clock import Clock
from agent_desk.text import Message
from agent_desk.worklist.codec import decode_messages
from agent_desk.worklist.evaluate import Evaluation
from agent_desk.worklist.facts import CustomerFacts
from agent_desk.worklist.queue import PART_NAMES, find_agent
from agent_desk.worklist.settings import WorklistSettings, settings_for
from agent_desk.worklist.store import evaluate_customers
from db.engine import Database
from db.models import Customer, Team, User, WorklistEntry

BATCH = 500
STREAM_ROWS = 2000
ENTRY = WorklistEntry.__table__.c
CUSTOMER = Customer.__table__.c


@dataclasses.dataclass(frozen=True)
class QueueRow:
    """One customer in the queue at ``moment``, best first.

    ``reasons`` say why the customer is callable (what is due, why now, the window or consent used, the caps)
    when ``allowed``, else why not. ``zones`` are every zone the rules were checked in, ``local_times`` the
    moment in each. ``evaluated_at`` is when the figures were computed (the moment itself when evaluated afresh).
    """

    customer_id: int
    customer_number: str
    customer_name: str
    account_number: str | None
    accounts: tuple[str, ...]
    stage: str | None
    score: Decimal
    likelihood_to_pay: Decimal | None
    allowed: bool
    reasons: tuple[Message, ...]
    next_allowed_at: dt.datetime | None
    timezone: str | None
    zones: tuple[str, ...]
    local_times: tuple[dt.datetime, ...]
    parts: dict[str, Decimal]
    assigned_to: str | None
    leased_by: str | None
    purpose: str | None
    next_action: str | None
    evaluated_at: dt.datetime
    explanations: tuple[Message, ...] = ()  # the score's parts in words (rows evaluated afresh only)
    reasons_text: str | None = None  # the reasons in English (rows read from the store without ``words``)

    @property
    def sort_key(self) -> tuple[bool, Decimal, int]:
        return (not self.allowed, -self.score, self.customer_id)


@dataclasses.dataclass(frozen=True)
class _Names:
    users: dict[int, str]
    teams: dict[int, str]

    def assigned(self, user_id: int | None, team_id: int | None) -> str | None:
        if user_id is not None:
            return self.users.get(user_id)
        if team_id is not None:
            return f"team:{self.teams.get(team_id)}"
        return None


def stream_queue(
    database: Database,
    clock: Clock,
    *,
    agent_login: str | None = None,
    include_all: bool = False,
    limit: int | None = None,
    fresh: bool = False,
    words: bool = True,
    settings: WorklistSettings | None = None,
) -> Iterator[QueueRow]:
    """The queue at the clock's moment, best first, as a stream: callable customers (of one agent: theirs and
    their team's pool; else every assigned customer), then with ``include_all`` the blocked and unassigned ones.
    Reads only. Without ``words``, stored rows carry their reasons as English text only (``reasons_text``),
    which is what a CSV of the whole book needs and far cheaper than the messages.

    Raises:
        QueueError: ``agent_login`` is not a user.
    """
    settings = settings or settings_for(database, clock)
    moment = clock.now()
    with database.session() as session:
        agent = find_agent(session, agent_login) if agent_login else None
        scope = _scope(agent, include_all)
        names = _Names(
            {row.id: row.login for row in session.execute(select(User.id, User.login))},
            {row.id: row.name for row in session.execute(select(Team.id, Team.name))},
        )
        evaluated = _evaluate_stale(session, moment, scope, fresh, include_all, settings, names)
        stored = () if fresh else _stored_rows(session, moment, scope, include_all, names, words)
        for count, row in enumerate(heapq.merge(evaluated, stored, key=lambda row: row.sort_key), start=1):
            yield row
            if limit is not None and count >= limit:
                return


def list_queue(
    database: Database,
    clock: Clock,
    *,
    agent_login: str | None = None,
    include_all: bool = False,
    limit: int | None = None,
    settings: WorklistSettings | None = None,
) -> list[QueueRow]:
    """The queue at the clock's moment with every customer evaluated afresh (exact, with the score in words);
    for small books and checks. :func:`stream_queue` is the fast path for any size."""
    return list(
        stream_queue(
            database,
            clock,
            agent_login=agent_login,
            include_all=include_all,
            limit=limit,
            fresh=True,
            settings=settings,
        )
    )


def _scope(agent: tuple[int, int | None] | None, include_all: bool) -> ColumnElement[bool]:
    if agent is not None:
        user_id, team_id = agent
        mine = CUSTOMER.assigned_user_id == user_id
        if team_id is None:
            return mine
        return or_(mine, CUSTOMER.assigned_user_id.is_(None) & (CUSTOMER.assigned_team_id == team_id))
    if include_all:
        return true()
    return or_(CUSTOMER.assigned_user_id.is_not(None), CUSTOMER.assigned_team_id.is_not(None))


def _holds(moment: dt.datetime) -> ColumnElement[bool]:
    """The stored row is exact at ``moment`` (and was written by this version: it has its texts)."""
    return and_(ENTRY.computed_at <= moment, ENTRY.valid_until > moment, ENTRY.grounds_text.is_not(None))


def _callable(moment: dt.datetime) -> ColumnElement[bool]:
    return and_(ENTRY.ready_at <= moment, or_(ENTRY.callable_until.is_(None), ENTRY.callable_until > moment))


def _evaluate_stale(
    session: Session,
    moment: dt.datetime,
    scope: ColumnElement[bool],
    fresh: bool,
    include_all: bool,
    settings: WorklistSettings,
    names: _Names,
) -> list[QueueRow]:
    """Customers in scope whose stored row does not hold at ``moment`` (or all of them), evaluated afresh."""
    query = (
        select(CUSTOMER.id)
        .select_from(Customer.__table__)
        .outerjoin(WorklistEntry.__table__, ENTRY.customer_id == CUSTOMER.id)
        .where(scope)
        .order_by(CUSTOMER.id)
    )
    if not fresh:
        query = query.where(
            or_(ENTRY.customer_id.is_(None), ENTRY.valid_until.is_(None), ENTRY.grounds_text.is_(None), ~_holds(moment))
        )
    ids = list(session.scalars(query))
    leases = _leases(session, moment, ids)
    rows: list[QueueRow] = []
    for start in range(0, len(ids), BATCH):
        facts, evaluations, _ = evaluate_customers(session, moment, ids[start : start + BATCH], settings, judge=False)
        for customer_id, evaluation in evaluations.items():
            if include_all or evaluation.allowed:
                rows.append(_evaluated_row(facts[customer_id], evaluation, moment, names, leases.get(customer_id)))
    rows.sort(key=lambda row: row.sort_key)
    return rows


def _leases(session: Session, moment: dt.datetime, ids: list[int]) -> dict[int, int]:
    if not ids:
        return {}
    query = select(ENTRY.customer_id, ENTRY.lease_user_id).where(
        ENTRY.lease_user_id.is_not(None), ENTRY.lease_until > moment
    )
    wanted = set(ids)
    return {row.customer_id: row.lease_user_id for row in session.execute(query) if row.customer_id in wanted}


def _evaluated_row(
    facts: CustomerFacts, evaluation: Evaluation, moment: dt.datetime, names: _Names, leased_by: int | None
) -> QueueRow:
    score = evaluation.score
    zones = evaluation.zones or (evaluation.shown_zone,)
    return QueueRow(
        customer_id=facts.customer_id,
        customer_number=facts.customer_number,
        customer_name=facts.full_name,
        account_number=evaluation.account_numbers[0] if evaluation.account_numbers else None,
        accounts=evaluation.account_numbers,
        stage=evaluation.stage,
        score=score.total if score else Decimal(0),
        likelihood_to_pay=score.likelihood if score else None,
        allowed=evaluation.allowed,
        reasons=evaluation.grounds if evaluation.allowed else evaluation.reasons,
        next_allowed_at=evaluation.ready_at,
        timezone=evaluation.zone,
        zones=zones,
        local_times=tuple(moment.astimezone(ZoneInfo(zone)) for zone in zones),
        parts=dict(score.parts) if score else {name: Decimal(0) for name in PART_NAMES},
        assigned_to=names.assigned(facts.assigned_user_id, facts.assigned_team_id),
        leased_by=names.users.get(leased_by) if leased_by is not None else None,
        purpose=str(evaluation.purpose) if evaluation.purpose else None,
        next_action=str(evaluation.due_action.kind) if evaluation.due_action else None,
        evaluated_at=moment,
        explanations=score.explanations if score else (),
    )


_STORED_COLUMNS = (
    ENTRY.customer_id,
    CUSTOMER.customer_number,
    CUSTOMER.full_name,
    CUSTOMER.timezone,
    CUSTOMER.assigned_user_id,
    CUSTOMER.assigned_team_id,
    ENTRY.stage,
    ENTRY.score,
    ENTRY.likelihood_to_pay,
    ENTRY.ready_at,
    ENTRY.zones,
    ENTRY.account_numbers,
    ENTRY.score_parts["parts"].label("parts"),
    ENTRY.lease_user_id,
    ENTRY.lease_until,
    ENTRY.purpose,
    ENTRY.due_kind,
    ENTRY.computed_at,
)


def _stored_rows(
    session: Session, moment: dt.datetime, scope: ColumnElement[bool], include_all: bool, names: _Names, words: bool
) -> Iterator[QueueRow]:
    """Rows that hold at ``moment``, straight from the database in queue order."""
    now_callable = _callable(moment)
    texts = (ENTRY.reasons, ENTRY.grounds) if words else (ENTRY.reasons_text, ENTRY.grounds_text)
    query = (
        select(*_STORED_COLUMNS, *texts, now_callable.label("now_callable"))
        .join(Customer.__table__, CUSTOMER.id == ENTRY.customer_id)
        .where(scope, _holds(moment))
    )
    if include_all:
        query = query.order_by(now_callable.desc(), ENTRY.score.desc(), ENTRY.customer_id)
    else:
        query = query.where(now_callable).order_by(ENTRY.score.desc(), ENTRY.customer_id)
    result = session.execute(query.execution_options(stream_results=True, yield_per=STREAM_ROWS))
    local_cache: dict[tuple[str, ...], tuple[dt.datetime, ...]] = {}
    for row in result:
        yield _stored_row(row, moment, names, local_cache, words)


def _stored_row(
    row: Any,
    moment: dt.datetime,
    names: _Names,
    local_cache: dict[tuple[str, ...], tuple[dt.datetime, ...]],
    words: bool,
) -> QueueRow:
    """One stored row as a :class:`QueueRow`; the moment in each set of zones is computed once per listing (a
    million rows share a handful of zone sets)."""
    allowed = bool(row.now_callable)
    zones = tuple(row.zones or ())
    local_times = local_cache.get(zones)
    if local_times is None:
        local_times = local_cache[zones] = tuple(moment.astimezone(ZoneInfo(zone)) for zone in zones)
    parts = row.parts or {}
    accounts = tuple(row.account_numbers or ())
    likelihood = row.likelihood_to_pay if row.stage != "none" else None
    return QueueRow(
        customer_id=row.customer_id,
        customer_number=row.customer_number,
        customer_name=row.full_name,
        account_number=accounts[0] if accounts else None,
        accounts=accounts,
        stage=row.stage if row.stage != "none" else None,
        score=row.score,
        likelihood_to_pay=likelihood,
        allowed=allowed,
        reasons=decode_messages(row.grounds if allowed else row.reasons) if words else (),
        reasons_text=None if words else (row.grounds_text if allowed else row.reasons_text) or "",
        next_allowed_at=moment if allowed else row.ready_at,
        timezone=row.timezone,
        zones=zones,
        local_times=local_times,
        parts={name: _decimal(parts.get(name, "0")) for name in PART_NAMES},
        assigned_to=names.assigned(row.assigned_user_id, row.assigned_team_id),
        leased_by=names.users.get(row.lease_user_id)
        if row.lease_user_id is not None and row.lease_until is not None and row.lease_until > moment
        else None,
        purpose=row.purpose,
        next_action=row.due_kind,
        evaluated_at=row.computed_at,
    )


@functools.lru_cache(maxsize=4096)
def _decimal(text: str) -> Decimal:
    """A score part back from its text (the same few values recur across a book)."""
    return Decimal(text)

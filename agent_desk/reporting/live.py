"""The live board: each agent's state and for how long, queue depth and callable-now per team, promises due today.

Three small aggregates over the rows the desks write as they work (open ``agent_state_events``, the worklist,
promises due today); cheap enough to poll every few seconds on SQLite or PostgreSQL.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from zoneinfo import ZoneInfo

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session

from db.models import AgentState, AgentStateEvent, Promise, PromiseStatus, Role, Team, User, WorklistEntry


@dataclasses.dataclass(frozen=True)
class AgentNow:
    user_id: int
    login: str
    name: str
    team: str | None
    state: AgentState
    reason: str | None
    since: dt.datetime | None


@dataclasses.dataclass(frozen=True)
class TeamQueue:
    team_id: int | None
    team: str | None
    depth: int
    callable_now: int


@dataclasses.dataclass(frozen=True)
class LiveBoard:
    at: dt.datetime
    agents: tuple[AgentNow, ...]
    queues: tuple[TeamQueue, ...]
    promises_due_today: int
    promises_kept_today: int


def live_board(session: Session, now: dt.datetime, zone: str, team_id: int | None = None) -> LiveBoard:
    open_state = (
        select(AgentStateEvent.user_id, AgentStateEvent.state, AgentStateEvent.reason, AgentStateEvent.started_at)
        .where(AgentStateEvent.ended_at.is_(None), AgentStateEvent.started_at <= now)
        .subquery()
    )
    state = open_state.c
    agents_query = (
        select(User.id, User.login, User.display_name, Team.name, state.state, state.reason, state.started_at)
        .outerjoin(Team, Team.id == User.team_id)
        .outerjoin(open_state, open_state.c.user_id == User.id)
        .where(User.role.in_((Role.AGENT, Role.SUPERVISOR)), User.active.is_(True))
        .order_by(User.login)
    )
    if team_id is not None:
        agents_query = agents_query.where(User.team_id == team_id)
    agents: dict[int, AgentNow] = {}
    for user_id, login, name, team, state, reason, since in session.execute(agents_query):
        current = agents.get(user_id)
        if current is not None and (current.since or now) >= (since or now):
            continue  # two open stretches (a desk that died): the latest wins
        agents[user_id] = AgentNow(
            user_id, login, name, team, AgentState(state) if state else AgentState.SIGNED_OUT, reason, since
        )
    callable_now = and_(
        WorklistEntry.allowed.is_(True),
        WorklistEntry.ready_at <= now,
        or_(WorklistEntry.lease_until.is_(None), WorklistEntry.lease_until < now),
    )
    queue_query = (
        select(
            WorklistEntry.assigned_team_id,
            Team.name,
            func.count(),
            func.sum(case((callable_now, 1), else_=0)),
        )
        .outerjoin(Team, Team.id == WorklistEntry.assigned_team_id)
        .group_by(WorklistEntry.assigned_team_id, Team.name)
        .order_by(Team.name)
    )
    if team_id is not None:
        queue_query = queue_query.where(WorklistEntry.assigned_team_id == team_id)
    queues = tuple(TeamQueue(t, name, int(n), int(c or 0)) for t, name, n, c in session.execute(queue_query))
    today = now.astimezone(ZoneInfo(zone)).date()
    due_query = select(func.count(), func.sum(case((Promise.status == PromiseStatus.KEPT, 1), else_=0))).where(
        Promise.due_date == today
    )
    if team_id is not None:
        due_query = due_query.where(Promise.created_by_user_id.in_(select(User.id).where(User.team_id == team_id)))
    due, kept = session.execute(due_query).one()
    return LiveBoard(now, tuple(agents.values()), queues, int(due or 0), int(kept or 0))

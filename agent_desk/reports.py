"""Simple read models for supervisors, trainers and admins (the full dashboards come later)."""

from __future__ import annotations

import dataclasses
import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import Customer, Interaction, Outcome, Role, User


@dataclasses.dataclass(frozen=True)
class OutcomeLine:
    outcome_id: int
    at: dt.datetime
    agent: str | None
    customer_id: int
    customer_name: str
    customer_zone: str | None
    disposition_code: str
    notes: str | None


@dataclasses.dataclass(frozen=True)
class AgentActivity:
    user_id: int
    login: str
    display_name: str
    calls: int
    answered: int
    talk_seconds: int


def recent_outcomes(session: Session, *, limit: int = 200, team_id: int | None = None) -> list[OutcomeLine]:
    query = (
        select(
            Outcome.id,
            Outcome.created_at,
            User.display_name,
            Customer.id,
            Customer.full_name,
            Customer.timezone,
            Outcome.disposition_code,
            Outcome.notes,
        )
        .join(Customer, Customer.id == Outcome.customer_id)
        .outerjoin(User, User.id == Outcome.user_id)
        .order_by(Outcome.created_at.desc())
        .limit(limit)
    )
    if team_id is not None:
        query = query.where(User.team_id == team_id)
    return [OutcomeLine(*row) for row in session.execute(query)]


def agent_activity(session: Session, *, since: dt.datetime) -> list[AgentActivity]:
    calls = (
        select(
            Interaction.user_id,
            func.count().label("calls"),
            func.count(Interaction.answered_at).label("answered"),
            func.coalesce(func.sum(Interaction.talk_seconds), 0).label("talk"),
        )
        .where(Interaction.started_at >= since)
        .group_by(Interaction.user_id)
        .subquery()
    )
    query = (
        select(User.id, User.login, User.display_name, calls.c.calls, calls.c.answered, calls.c.talk)
        .outerjoin(calls, calls.c.user_id == User.id)
        .where(User.role == Role.AGENT)
        .order_by(User.login)
    )
    return [
        AgentActivity(row[0], row[1], row[2], int(row[3] or 0), int(row[4] or 0), int(row[5] or 0))
        for row in session.execute(query)
    ]

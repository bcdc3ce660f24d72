"""Loading the acting user from the database."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from agent_desk.auth.permissions import Actor
from db.models import SupervisedTeam, User


def load_actor(session: Session, user_id: int) -> Actor | None:
    """The active user ``user_id`` as an :class:`Actor` (their team and the teams they supervise); None when there
    is no such active user."""
    row = session.execute(
        select(User.id, User.login, User.role, User.team_id, User.active).where(User.id == user_id)
    ).one_or_none()
    if row is None or not row.active:
        return None
    teams = set(session.scalars(select(SupervisedTeam.team_id).where(SupervisedTeam.user_id == user_id)))
    if row.team_id is not None:
        teams.add(row.team_id)
    return Actor(row.id, row.login, row.role, frozenset(teams))


def actor_by_login(session: Session, login: str) -> Actor | None:
    user_id = session.scalar(select(User.id).where(User.login == login))
    return load_actor(session, user_id) if user_id is not None else None

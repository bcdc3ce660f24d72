"""Users, as an admin manages them: add, edit (name, role, team, language), disable and enable — all audited.

Every entry point takes the acting user and checks they are an active admin; the GUI only hides what these would
refuse anyway. A user is never deleted (their calls, outcomes and decisions keep pointing at them): disabling
stops them signing in. An admin cannot disable or demote themselves, so the desk is never left without one.

Passwords arrive with team mode's sign-in: :func:`password_reset_available` says whether this database has it yet.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from agent_desk.clock import Clock
from agent_desk.text import LANGUAGES, Message
from db.engine import Database
from db.models import AuditEvent, Role, SipAccountSettings, Team, User

LOGIN = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")
NAME_MAX = 120


class AdminError(ValueError):
    """An admin request refused; ``message`` says why in the admin's words."""

    def __init__(self, message: Message) -> None:
        super().__init__(message.render())
        self.message = message


@dataclasses.dataclass(frozen=True)
class UserRecord:
    """A user as the admin room lists them."""

    id: int
    login: str
    display_name: str
    role: Role
    team_id: int | None
    team: str | None
    language: str
    active: bool
    sip_account: str | None  # "user@registrar", or None without one
    own_limits: bool  # the user has authority limits of their own (not only the role's)


@dataclasses.dataclass(frozen=True)
class TeamChoice:
    id: int
    name: str


def require_admin(session: Session, actor_id: int) -> User:
    actor = session.get(User, actor_id)
    if actor is None or not actor.active or actor.role is not Role.ADMIN:
        raise AdminError(Message.of("admin.error.admins_only"))
    return actor


def user_records(session: Session) -> list[UserRecord]:
    """Every user, active or not, by role then name."""
    rows = session.execute(
        select(User, Team.name, SipAccountSettings.sip_user, SipAccountSettings.registrar)
        .outerjoin(Team, Team.id == User.team_id)
        .outerjoin(SipAccountSettings, SipAccountSettings.user_id == User.id)
        .order_by(User.role, User.display_name, User.id)
    ).all()
    return [
        UserRecord(
            id=user.id,
            login=user.login,
            display_name=user.display_name,
            role=user.role,
            team_id=user.team_id,
            team=team,
            language=user.language,
            active=user.active,
            sip_account=f"{sip_user}@{registrar}" if sip_user else None,
            own_limits=any(
                value is not None
                for value in (user.max_settlement_discount, user.max_early_payment_discount, user.max_installments)
            ),
        )
        for user, team, sip_user, registrar in rows
    ]


def teams(session: Session) -> list[TeamChoice]:
    return [TeamChoice(row.id, row.name) for row in session.execute(select(Team.id, Team.name).order_by(Team.name))]


def _checked_name(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise AdminError(Message.of("admin.error.name_needed"))
    if len(name) > NAME_MAX:
        raise AdminError(Message.of("admin.error.name_too_long", limit=NAME_MAX))
    return name


def _checked_team(session: Session, team_id: int | None) -> int | None:
    if team_id is not None and session.get(Team, team_id) is None:
        raise AdminError(Message.of("admin.error.unknown_team", team=team_id))
    return team_id


def _checked_language(language: str) -> str:
    if language not in LANGUAGES:
        raise AdminError(Message.of("admin.error.language", language=language, known=", ".join(LANGUAGES)))
    return language


def _state(user: User) -> dict[str, Any]:
    return {
        "login": user.login,
        "name": user.display_name,
        "role": str(user.role),
        "team": user.team_id,
        "language": user.language,
        "active": user.active,
    }


def _audit(session: Session, clock: Clock, actor_id: int, action: str, user: User, before: dict[str, Any]) -> None:
    session.add(
        AuditEvent(
            at=clock.now(),
            user_id=actor_id,
            action=action,
            entity="user",
            entity_id=str(user.id),
            before=before or None,
            after=_state(user),
        )
    )


def add_user(
    database: Database,
    clock: Clock,
    *,
    actor_id: int,
    login: str,
    display_name: str,
    role: Role,
    team_id: int | None = None,
    language: str = "id",
) -> UserRecord:
    """A new user who can sign in at once (with team mode's sign-in, once they have set a password)."""
    login = login.strip().lower()
    if not LOGIN.match(login):
        raise AdminError(Message.of("admin.error.login", login=login))
    with database.transaction(write=True) as session:
        require_admin(session, actor_id)
        if session.scalar(select(User.id).where(func.lower(User.login) == login)) is not None:
            raise AdminError(Message.of("admin.error.login_taken", login=login))
        user = User(
            login=login,
            display_name=_checked_name(display_name),
            role=role,
            team_id=_checked_team(session, team_id),
            language=_checked_language(language),
            active=True,
            created_at=clock.now(),
        )
        session.add(user)
        session.flush()
        _audit(session, clock, actor_id, "user.added", user, {})
        session.flush()
        return _record(session, user.id)


def edit_user(
    database: Database,
    clock: Clock,
    *,
    actor_id: int,
    user_id: int,
    display_name: str,
    role: Role,
    team_id: int | None,
    language: str,
) -> UserRecord:
    """Change a user's name, role, team and language (the login stays: it names them in the audit trail)."""
    with database.transaction(write=True) as session:
        require_admin(session, actor_id)
        user = _user(session, user_id)
        if user.id == actor_id and role is not Role.ADMIN:
            raise AdminError(Message.of("admin.error.own_role"))
        before = _state(user)
        user.display_name = _checked_name(display_name)
        user.role = role
        user.team_id = _checked_team(session, team_id)
        user.language = _checked_language(language)
        if _state(user) != before:
            _audit(session, clock, actor_id, "user.changed", user, before)
        session.flush()
        return _record(session, user.id)


def set_active(database: Database, clock: Clock, *, actor_id: int, user_id: int, active: bool) -> UserRecord:
    """Disable a user (they can no longer sign in; their history stays) or enable them again."""
    with database.transaction(write=True) as session:
        require_admin(session, actor_id)
        user = _user(session, user_id)
        if user.id == actor_id and not active:
            raise AdminError(Message.of("admin.error.own_account"))
        if user.active != active:
            before = _state(user)
            user.active = active
            _audit(session, clock, actor_id, "user.enabled" if active else "user.disabled", user, before)
        session.flush()
        return _record(session, user.id)


def password_reset_available(database: Database) -> bool:
    """Whether users sign in with passwords here yet (team mode's sign-in, issue 17): until then there is no
    password to reset, and the admin room says so where the button will be."""
    del database
    return False


def _user(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise AdminError(Message.of("admin.error.unknown_user", user=user_id))
    return user


def _record(session: Session, user_id: int) -> UserRecord:
    return next(record for record in user_records(session) if record.id == user_id)

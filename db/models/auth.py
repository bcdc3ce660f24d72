"""Team mode: users' password hashes with their lockout state, and the teams a supervisor looks after."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base


class UserPassword(Base):
    """A user's argon2 password hash (never the password) and what sign-in keeps about failures.

    ``must_change`` is set when an admin resets the password: the next sign-in asks for a new one first.
    ``demo`` marks the published demo password that ``agent-desk demo-data`` gives its users; only such a user
    may be signed in without a password (``--user LOGIN``), so a real database never allows it.
    """

    __tablename__ = "user_passwords"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    must_change: Mapped[bool] = mapped_column(default=False)
    demo: Mapped[bool] = mapped_column(default=False)
    failed_attempts: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[dt.datetime | None]
    changed_at: Mapped[dt.datetime]
    last_sign_in_at: Mapped[dt.datetime | None]


class SupervisedTeam(Base):
    """A team a supervisor looks after besides their own (``users.team_id``)."""

    __tablename__ = "supervised_teams"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), primary_key=True)

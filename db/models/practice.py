"""Practice mode: scenario assignments, practice sessions with their scores and recordings.

These rows live in the *practice* database (same schema, another file or PostgreSQL database); the
production database has the tables too, because both share one chain of migrations, but nothing ever writes
practice rows there.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ForeignKey, Index, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base


class PracticeAssignment(Base):
    """A trainer asks a trainee to practise a scenario (with a simulated debtor, or live with the trainer)."""

    __tablename__ = "practice_assignments"

    id: Mapped[int] = mapped_column(primary_key=True)
    scenario: Mapped[str] = mapped_column(String(64))
    language: Mapped[str] = mapped_column(String(8))
    mode: Mapped[str] = mapped_column(String(16))  # simulated | live
    trainee_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    assigned_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    due_on: Mapped[dt.date | None]
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime]
    cancelled_at: Mapped[dt.datetime | None]


class PracticeSession(Base):
    """One practice call: who, which scenario, how it went, the report (transcript and rubric notes)."""

    __tablename__ = "practice_sessions"
    __table_args__ = (Index("ix_practice_sessions_trainee_id_started_at", "trainee_id", "started_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True)
    assignment_id: Mapped[int | None] = mapped_column(
        ForeignKey("practice_assignments.id", ondelete="SET NULL"), index=True
    )
    scenario: Mapped[str] = mapped_column(String(64))
    language: Mapped[str] = mapped_column(String(8))
    mode: Mapped[str] = mapped_column(String(16))  # simulated | live | scripted
    trainee_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    trainer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    status: Mapped[str] = mapped_column(String(16))  # waiting | running | finished | abandoned
    live_uri: Mapped[str | None] = mapped_column(String(255))
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id", ondelete="SET NULL"))
    started_at: Mapped[dt.datetime]
    ended_at: Mapped[dt.datetime | None]
    end_state: Mapped[str | None] = mapped_column(String(32))
    score: Mapped[int | None]
    failed: Mapped[bool] = mapped_column(default=False)
    talk_seconds: Mapped[int | None]
    report: Mapped[dict[str, Any]] = mapped_column(default=dict)
    sheet: Mapped[dict[str, Any]] = mapped_column(default=dict)


class PracticeScore(Base):
    """A session's points on one rubric item (what the progress charts and the team view add up)."""

    __tablename__ = "practice_scores"

    session_id: Mapped[int] = mapped_column(ForeignKey("practice_sessions.id", ondelete="CASCADE"), primary_key=True)
    item: Mapped[str] = mapped_column(String(32), primary_key=True)
    earned: Mapped[int]
    possible: Mapped[int]


class PracticeRecording(Base):
    """The session's call audio (16 kHz mono WAV), kept in the practice database so a trainer anywhere can play it."""

    __tablename__ = "practice_recordings"

    session_id: Mapped[int] = mapped_column(ForeignKey("practice_sessions.id", ondelete="CASCADE"), primary_key=True)
    wav: Mapped[bytes] = mapped_column(LargeBinary)
    seconds: Mapped[int]

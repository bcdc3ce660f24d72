"""What supervisors add to the desk's records: QA scorecards, strategy experiments and who may hear recordings.

``qa_scorecards`` holds one reviewer's score of one call (an outcome) on a form from ``resources/qa/``;
``experiments`` and ``experiment_arms`` hold champion/challenger tests and which arm each customer of the
segment was drawn into; ``user_permissions`` grants a user a permission beyond their role (``recordings.listen``
for QA reviewers outside the team's supervision).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base
from db.types import Rate


class QaScorecard(Base):
    """One reviewer's score of one call on a QA form (a fraction 0–1; 0 when an instant-fail item was met)."""

    __tablename__ = "qa_scorecards"
    __table_args__ = (
        UniqueConstraint("outcome_id", "reviewer_user_id"),
        Index("ix_qa_scorecards_agent_user_id_created_at", "agent_user_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    outcome_id: Mapped[int] = mapped_column(ForeignKey("outcomes.id", ondelete="CASCADE"))
    agent_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reviewer_user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    form_code: Mapped[str] = mapped_column(String(64))
    form_version: Mapped[int]
    score: Mapped[Decimal] = mapped_column(Rate())
    instant_fail: Mapped[bool] = mapped_column(default=False)
    answers: Mapped[dict[str, Any]] = mapped_column(default=dict)
    comment: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime]


class Experiment(Base):
    """A champion/challenger test: a segment's customers split at random between two variants for a period."""

    __tablename__ = "experiments"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    kind: Mapped[str] = mapped_column(String(32))  # script_variant, priority_weights or cadence
    segment: Mapped[dict[str, Any]] = mapped_column(default=dict)
    champion: Mapped[dict[str, Any]] = mapped_column(default=dict)
    challenger: Mapped[dict[str, Any]] = mapped_column(default=dict)
    challenger_share: Mapped[Decimal] = mapped_column(Rate())
    seed: Mapped[int]
    starts_at: Mapped[dt.datetime]
    ends_at: Mapped[dt.datetime]
    created_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime]
    stopped_at: Mapped[dt.datetime | None]


class ExperimentArm(Base):
    """Which arm of an experiment a customer was drawn into."""

    __tablename__ = "experiment_arms"
    __table_args__ = (Index("ix_experiment_arms_customer_id", "customer_id"),)

    experiment_id: Mapped[int] = mapped_column(ForeignKey("experiments.id", ondelete="CASCADE"), primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"), primary_key=True)
    arm: Mapped[str] = mapped_column(String(16))  # champion or challenger
    assigned_at: Mapped[dt.datetime]


class UserPermission(Base):
    """A permission granted to one user beyond what their role gives (e.g. QA reviewers: ``recordings.listen``)."""

    __tablename__ = "user_permissions"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    permission: Mapped[str] = mapped_column(String(64), primary_key=True)
    granted_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    granted_at: Mapped[dt.datetime]

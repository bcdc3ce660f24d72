"""Strategy settings that shape the worklist: stages with their cadence and limits, and named settings.

Seeded from ``resources/strategy/`` the first time the worklist needs them; supervisors edit them here.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base
from db.types import Rate


class StrategyStage(Base):
    """A delinquency stage (pre-due, 1–30, … days past due) with how often and how much to call in it."""

    __tablename__ = "strategy_stages"

    code: Mapped[str] = mapped_column(String(16), primary_key=True)
    sort_order: Mapped[int] = mapped_column(default=0)
    # Days past due covered by the stage; negative values are days before the due date (pre-due).
    min_dpd: Mapped[int]
    max_dpd: Mapped[int | None]
    # Cadence: at least this many minutes between two attempts when nothing else is scheduled.
    min_minutes_between_attempts: Mapped[int] = mapped_column(default=0)
    # Limits of the stage, stricter than (never looser than) the compliance policy's caps.
    max_attempts_per_day: Mapped[int | None]
    max_attempts_per_week: Mapped[int | None]
    base_likelihood: Mapped[Decimal] = mapped_column(Rate())
    recovery_weight: Mapped[Decimal] = mapped_column(Rate(), default=Decimal("1"))
    active: Mapped[bool] = mapped_column(default=True)


class StrategySetting(Base):
    """One named setting (policy pack, lease length, score constants…) as JSON."""

    __tablename__ = "strategy_settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[dict[str, Any]] = mapped_column(default=dict)
    updated_at: Mapped[dt.datetime]

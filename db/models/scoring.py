"""The likelihood model fitted on the book's own history, and each customer's current score."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base
from db.types import Rate


class ScoringModel(Base):
    """One fitted model: plain coefficients (``kind`` "logistic") or LightGBM's text model ("lightgbm"), or the
    transparent scorecard ("scorecard"); never anything that runs code when loaded.

    ``validation`` holds the out-of-time figures it was chosen on (AUC, calibration and lift by decile, the simple
    rules it was compared with); ``examples`` how many labelled examples it was fitted on.
    """

    __tablename__ = "scoring_models"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    target: Mapped[str] = mapped_column(String(32))
    fitted_at: Mapped[dt.datetime]
    book_as_of: Mapped[dt.datetime]
    examples: Mapped[int]
    features: Mapped[list[Any]] = mapped_column(default=list)
    parameters: Mapped[dict[str, Any]] = mapped_column(default=dict)
    model_text: Mapped[str | None] = mapped_column(Text)
    calibration: Mapped[dict[str, Any]] = mapped_column(default=dict)
    validation: Mapped[dict[str, Any]] = mapped_column(default=dict)
    active: Mapped[bool] = mapped_column(default=False)


class CustomerScore(Base):
    """A customer's likelihood to pay now, its strongest reasons, and when they answer the phone."""

    __tablename__ = "customer_scores"

    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"), primary_key=True)
    model_id: Mapped[int | None] = mapped_column(ForeignKey("scoring_models.id", ondelete="SET NULL"))
    likelihood: Mapped[Decimal] = mapped_column(Rate())
    reasons: Mapped[list[Any]] = mapped_column(default=list)
    # The feature values in the order of the model's ``features``, then the usual payment of the last 180 days.
    features: Mapped[list[Any]] = mapped_column(default=list)
    # Smoothed answer rate per local hour of the day (24 values), the customer's own calls blended with their
    # segment's; the queue reads it to call people when they pick up.
    answer_rates: Mapped[list[Any]] = mapped_column(default=list)
    computed_at: Mapped[dt.datetime]

"""Negotiation limits and the language guard's findings.

``role_authority`` holds the default discount and installment limits of each role (a user's own limits in
``users`` override them field by field); ``language_flags`` keeps free text that the language guard flagged,
for supervisors to review.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base, enum_type
from db.models.enums import Role
from db.types import Rate


class RoleAuthority(Base):
    """The default authority of a role: the largest discounts (fractions, 0.10 = 10 %) and number of payments
    a user of that role may agree without approval. Seeded from ``resources/negotiation.toml``; admins edit it."""

    __tablename__ = "role_authority"

    role: Mapped[Role] = mapped_column(enum_type(Role), primary_key=True)
    max_settlement_discount: Mapped[Decimal] = mapped_column(Rate())
    max_early_payment_discount: Mapped[Decimal] = mapped_column(Rate())
    max_installments: Mapped[int]
    updated_at: Mapped[dt.datetime]
    updated_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class LanguageFlag(Base):
    """A threatening, humiliating or coercive phrase found in free text (an outcome's notes, a message)."""

    __tablename__ = "language_flags"
    __table_args__ = (
        Index("ix_language_flags_reviewed_at_created_at", "reviewed_at", "created_at"),
        Index("ix_language_flags_created_at", "created_at"),  # KPIs by period
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"), index=True)
    outcome_id: Mapped[int | None] = mapped_column(ForeignKey("outcomes.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    field: Mapped[str] = mapped_column(String(32))
    phrase: Mapped[str] = mapped_column(String(120))
    matched_text: Mapped[str] = mapped_column(Text)
    category: Mapped[str] = mapped_column(String(16))
    language: Mapped[str] = mapped_column(String(8))
    created_at: Mapped[dt.datetime]
    reviewed_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reviewed_at: Mapped[dt.datetime | None]

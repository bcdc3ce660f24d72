"""The customer (the unit of work), the ways to reach them, their flags and consents."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.models.base import Base, enum_type
from db.models.enums import ConsentKind, ContactKind, ContactOwner, FlagKind

if TYPE_CHECKING:
    from db.models.accounts import Account


class Customer(Base):
    """A debtor. One call covers all of a customer's accounts."""

    __tablename__ = "customers"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_number: Mapped[str] = mapped_column(String(64), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    name_generated: Mapped[bool] = mapped_column(default=False)  # an anonymised file's made-up display name
    national_id: Mapped[str | None] = mapped_column(String(32))
    birth_date: Mapped[dt.date | None]
    language: Mapped[str] = mapped_column(String(8), default="id")
    address_line: Mapped[str | None] = mapped_column(String(255))
    city: Mapped[str | None] = mapped_column(String(100))
    province: Mapped[str | None] = mapped_column(String(100))
    postal_code: Mapped[str | None] = mapped_column(String(16))
    country: Mapped[str] = mapped_column(String(2), default="ID")
    timezone: Mapped[str | None] = mapped_column(String(64))
    employer: Mapped[str | None] = mapped_column(String(200))
    monthly_income: Mapped[Decimal | None]
    assigned_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    assigned_team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"), index=True)
    created_at: Mapped[dt.datetime]
    updated_at: Mapped[dt.datetime]

    accounts: Mapped[list[Account]] = relationship(back_populates="customer", lazy="raise")
    contact_points: Mapped[list[ContactPoint]] = relationship(back_populates="customer", lazy="raise")
    flags: Mapped[list[CustomerFlag]] = relationship(back_populates="customer", lazy="raise")
    consents: Mapped[list[Consent]] = relationship(back_populates="customer", lazy="raise")


class ContactPoint(Base):
    """A phone number (or address) of the customer or of someone who knows them."""

    __tablename__ = "contact_points"
    __table_args__ = (Index("ix_contact_points_e164", "e164"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"), index=True)
    kind: Mapped[ContactKind] = mapped_column(enum_type(ContactKind))
    owner: Mapped[ContactOwner] = mapped_column(enum_type(ContactOwner), default=ContactOwner.SELF)
    owner_name: Mapped[str | None] = mapped_column(String(200))
    relationship_to_customer: Mapped[str | None] = mapped_column(String(32))
    raw_value: Mapped[str] = mapped_column(String(255))
    e164: Mapped[str | None] = mapped_column(String(32))
    dialable: Mapped[bool] = mapped_column(default=True)
    invalid_reason: Mapped[str | None] = mapped_column(String(255))
    is_primary: Mapped[bool] = mapped_column(default=False)
    timezone_override: Mapped[str | None] = mapped_column(String(64))
    valid_from: Mapped[dt.datetime | None]
    valid_until: Mapped[dt.datetime | None]
    invalidated_at: Mapped[dt.datetime | None]
    verified_count: Mapped[int] = mapped_column(default=0)
    wrong_number_count: Mapped[int] = mapped_column(default=0)
    preferred_hours: Mapped[list[Any]] = mapped_column(default=list)
    created_at: Mapped[dt.datetime]

    customer: Mapped[Customer] = relationship(back_populates="contact_points", lazy="raise")


class CustomerFlag(Base):
    """A flag on a customer, or on one of their numbers when ``contact_point_id`` is set.

    Flags are never deleted: clearing one sets ``cleared_at`` so the history stays.
    """

    __tablename__ = "customer_flags"
    __table_args__ = (Index("ix_customer_flags_active", "customer_id", "cleared_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"))
    contact_point_id: Mapped[int | None] = mapped_column(ForeignKey("contact_points.id", ondelete="CASCADE"))
    kind: Mapped[FlagKind] = mapped_column(enum_type(FlagKind))
    note: Mapped[str | None] = mapped_column(Text)
    set_at: Mapped[dt.datetime]
    set_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    cleared_at: Mapped[dt.datetime | None]
    cleared_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    customer: Mapped[Customer] = relationship(back_populates="flags", lazy="raise")


class Consent(Base):
    """A consent the customer gave: what, when, how, until when."""

    __tablename__ = "consents"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"), index=True)
    kind: Mapped[ConsentKind] = mapped_column(enum_type(ConsentKind))
    granted_at: Mapped[dt.datetime]
    how: Mapped[str] = mapped_column(String(32))
    expires_at: Mapped[dt.datetime | None]
    revoked_at: Mapped[dt.datetime | None]
    interaction_id: Mapped[int | None] = mapped_column(ForeignKey("interactions.id"))
    detail: Mapped[dict[str, Any]] = mapped_column(default=dict)  # e.g. the hours the customer agreed to
    note: Mapped[str | None] = mapped_column(Text)

    customer: Mapped[Customer] = relationship(back_populates="consents", lazy="raise")

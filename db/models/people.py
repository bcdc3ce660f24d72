"""Users of Agent Desk: agents, supervisors, trainers and admins, their teams and SIP settings."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.models.base import Base, enum_type
from db.models.enums import Role, SipTransport
from db.types import Rate


class Team(Base):
    __tablename__ = "teams"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)

    members: Mapped[list[User]] = relationship(back_populates="team", lazy="raise")


class User(Base):
    """Someone who signs in. Authority limits here override the defaults of the role."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    login: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    role: Mapped[Role] = mapped_column(enum_type(Role))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"), index=True)
    language: Mapped[str] = mapped_column(String(8), default="id")
    active: Mapped[bool] = mapped_column(default=True)
    max_settlement_discount: Mapped[Decimal | None] = mapped_column(Rate())
    max_early_payment_discount: Mapped[Decimal | None] = mapped_column(Rate())
    max_installments: Mapped[int | None]
    created_at: Mapped[dt.datetime]

    team: Mapped[Team | None] = relationship(back_populates="members", lazy="raise")
    sip_account: Mapped[SipAccountSettings | None] = relationship(back_populates="user", lazy="raise", uselist=False)


class SipAccountSettings(Base):
    """A user's softphone account. The password is never here: it lives in the OS keyring."""

    __tablename__ = "sip_accounts"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    registrar: Mapped[str] = mapped_column(String(255))
    sip_user: Mapped[str] = mapped_column(String(128))
    auth_user: Mapped[str | None] = mapped_column(String(128))
    display_name: Mapped[str | None] = mapped_column(String(128))
    transport: Mapped[SipTransport] = mapped_column(enum_type(SipTransport), default=SipTransport.UDP)
    outbound_proxy: Mapped[str | None] = mapped_column(String(255))
    codec_order: Mapped[list[Any]] = mapped_column(default=list)
    dial_plan: Mapped[dict[str, Any]] = mapped_column(default=dict)
    record_calls: Mapped[bool] = mapped_column(default=False)

    user: Mapped[User] = relationship(back_populates="sip_account", lazy="raise")

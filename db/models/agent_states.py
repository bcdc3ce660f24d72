"""The agent's working state over the shift (ready, on a call, wrap-up, break), for supervisors' reports."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base, enum_type
from db.models.enums import AgentState


class AgentStateEvent(Base):
    """One stretch of time an agent spent in one state; ``ended_at`` is empty while it lasts."""

    __tablename__ = "agent_state_events"
    __table_args__ = (
        Index("ix_agent_state_events_user_id_started_at", "user_id", "started_at"),
        Index("ix_agent_state_events_started_at", "started_at"),  # KPIs and the live board
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    state: Mapped[AgentState] = mapped_column(enum_type(AgentState))
    reason: Mapped[str | None] = mapped_column(String(64))
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id", ondelete="SET NULL"))
    started_at: Mapped[dt.datetime]
    ended_at: Mapped[dt.datetime | None]

"""The schedule: actions due per customer, and each customer's place in the queue with its lease."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base, enum_type
from db.models.enums import ActionKind, ActionStatus
from db.types import Rate


class ScheduledAction(Base):
    """Something to do about a customer at a time: a call, a callback, a promise check, a retry…"""

    __tablename__ = "scheduled_actions"
    __table_args__ = (
        Index("ix_scheduled_actions_customer_id_status", "customer_id", "status"),
        Index("ix_scheduled_actions_kind_status", "kind", "status", "due_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"))
    kind: Mapped[ActionKind] = mapped_column(enum_type(ActionKind))
    status: Mapped[ActionStatus] = mapped_column(enum_type(ActionStatus), default=ActionStatus.OPEN)
    due_at: Mapped[dt.datetime]
    account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    promise_id: Mapped[int | None] = mapped_column(ForeignKey("promises.id"))
    contact_point_id: Mapped[int | None] = mapped_column(ForeignKey("contact_points.id"))
    created_by_outcome_id: Mapped[int | None] = mapped_column(ForeignKey("outcomes.id"))
    reason: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[dt.datetime]
    closed_at: Mapped[dt.datetime | None]


class WorklistEntry(Base):
    """A customer's place in the queue: score with its parts, the due action, compliance, and the lease.

    One row per customer; the lease lives here so that two agents can never hold the same customer.
    """

    __tablename__ = "worklist_entries"
    __table_args__ = (
        # An agent's queue is read in score order twice: their own customers, then their team's pool. The
        # indexes also carry the readiness and the lease, so rows that are not callable now are skipped inside
        # the index without reading the table.
        Index("ix_worklist_entries_user_queue", "assigned_user_id", "score", "ready_at", "lease_until"),
        Index(
            "ix_worklist_entries_team_queue", "assigned_team_id", "assigned_user_id", "score", "ready_at", "lease_until"
        ),
        # The newest entry's moment is read at every start (the first frame, the clock check): from the index's
        # last key, not by reading the whole worklist.
        Index("ix_worklist_entries_computed_at", "computed_at"),
    )

    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"), primary_key=True)
    assigned_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    assigned_team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"))
    stage: Mapped[str] = mapped_column(String(16))
    score: Mapped[Decimal] = mapped_column(Rate())
    likelihood_to_pay: Mapped[Decimal] = mapped_column(Rate())
    score_parts: Mapped[dict[str, Any]] = mapped_column(default=dict)
    due_action_id: Mapped[int | None] = mapped_column(ForeignKey("scheduled_actions.id"))
    due_kind: Mapped[str | None] = mapped_column(String(32))
    due_at: Mapped[dt.datetime | None]
    allowed: Mapped[bool] = mapped_column(default=True)
    reasons: Mapped[list[Any]] = mapped_column(default=list)
    next_allowed_at: Mapped[dt.datetime | None]
    # When the customer may next be worked (compliance, due action and cadence together); NULL: not until
    # something changes (a flag, a hold, no number, nothing to collect).
    ready_at: Mapped[dt.datetime | None]
    # The number to dial next and why ("collect", or "locate" on a third party's number).
    contact_point_id: Mapped[int | None] = mapped_column(ForeignKey("contact_points.id", ondelete="SET NULL"))
    purpose: Mapped[str | None] = mapped_column(String(16))
    lease_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    lease_until: Mapped[dt.datetime | None]
    lease_taken_at: Mapped[dt.datetime | None]
    lease_note: Mapped[str | None] = mapped_column(Text)
    computed_at: Mapped[dt.datetime]
    # The row as of ``computed_at`` holds, by time alone, until ``valid_until`` (the next local midnight, or the
    # end of the callable run): callable from ``ready_at`` until ``callable_until``, for the reasons in
    # ``grounds``. The zones every rule was checked in, and the accounts with something due, best first.
    callable_until: Mapped[dt.datetime | None]
    valid_until: Mapped[dt.datetime | None]
    grounds: Mapped[list[Any]] = mapped_column(default=list)
    # The reasons and the grounds as English text ("; " between them), for listings of the whole book.
    reasons_text: Mapped[str | None] = mapped_column(Text)
    grounds_text: Mapped[str | None] = mapped_column(Text)
    zones: Mapped[list[Any]] = mapped_column(default=list)
    # When an agent with nothing due may call earlier than ready_at (within every rule); NULL: not before it.
    early_at: Mapped[dt.datetime | None]
    account_numbers: Mapped[list[Any]] = mapped_column(default=list)
    # An agent skipped the customer: nobody is offered them until then (kept by every re-evaluation).
    skipped_until: Mapped[dt.datetime | None]
    skip_reason: Mapped[str | None] = mapped_column(String(64))

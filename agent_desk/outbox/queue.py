"""The outbox table's moves: queue (once per key), claim what is due, and put a message in its next state.

Claims are how several workers (the CLI from cron, the app on each desk in team mode) share the outbox without
sending anything twice: a worker takes a batch of due messages in one short write transaction (PostgreSQL:
``FOR UPDATE SKIP LOCKED``; SQLite: the write lock), marks them *sending* with its name and a claim that lapses,
and only then works on them. A worker that dies lets go when its claim lapses.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import socket
from collections.abc import Mapping, Sequence
from typing import Any, cast

from sqlalchemy import Table, and_, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from db.engine import Database
from db.models import Channel, OutboxMessage, OutboxStatus

TABLE = cast(Table, OutboxMessage.__table__)
INSERT_CHUNK = 2_000


@dataclasses.dataclass(frozen=True)
class PlannedMessage:
    """A message to queue. ``key`` makes queueing idempotent: a second message with the same key is not added."""

    key: str
    customer_id: int
    contact_point_id: int | None
    channel: Channel
    template: str
    language: str
    source: str
    due_at: dt.datetime
    expires_at: dt.datetime | None = None
    context: Mapping[str, Any] = dataclasses.field(default_factory=dict)
    created_by_user_id: int | None = None
    subject: str | None = None
    body: str | None = None
    resend_of_id: int | None = None

    def row(self, now: dt.datetime) -> dict[str, Any]:
        return {
            "idempotency_key": self.key,
            "customer_id": self.customer_id,
            "contact_point_id": self.contact_point_id,
            "interaction_id": None,
            "channel": self.channel,
            "template": self.template,
            "language": self.language,
            "source": self.source,
            "status": OutboxStatus.QUEUED,
            "due_at": self.due_at,
            "expires_at": self.expires_at,
            "attempts": 0,
            "submissions": 0,
            "submitted_at": None,
            "claimed_by": None,
            "claimed_until": None,
            "provider": None,
            "provider_message_id": None,
            "recipient": None,
            "subject": self.subject,
            "body": self.body,
            "reason": None,
            "reason_detail": None,
            "reasons": [],
            "context": dict(self.context),
            "created_by_user_id": self.created_by_user_id,
            "resend_of_id": self.resend_of_id,
            "created_at": now,
            "updated_at": now,
            "sent_at": None,
            "delivered_at": None,
            "read_at": None,
            "failed_at": None,
        }


def enqueue(session: Session, messages: Sequence[PlannedMessage], now: dt.datetime) -> int:
    """Add the messages whose key is new; returns how many were added."""
    if not messages:
        return 0
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert(TABLE) if dialect == "postgresql" else sqlite.insert(TABLE)
    statement = insert.on_conflict_do_nothing(index_elements=["idempotency_key"])
    added = 0
    for start in range(0, len(messages), INSERT_CHUNK):
        chunk = [message.row(now) for message in messages[start : start + INSERT_CHUNK]]
        if dialect == "postgresql":
            before = _count(session)
            session.execute(statement, chunk)
            added += _count(session) - before
        else:
            result: Any = session.execute(statement, chunk)
            added += max(0, int(result.rowcount))
    return added


def _count(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(TABLE)) or 0)


def worker_name() -> str:
    """Who holds a claim: this machine and process."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}"


def claim_due(
    database: Database,
    now_of: Any,
    *,
    worker: str,
    limit: int,
    claim_minutes: int,
    only_ids: Sequence[int] | None = None,
) -> list[int]:
    """Take up to ``limit`` due messages (queued and due, or sending with a lapsed claim) for ``worker``.

    ``now_of`` is the clock; it is read once the write transaction holds its lock.
    """
    with database.transaction(write=True) as session:
        session.connection()
        now = now_of()
        due = or_(
            and_(TABLE.c.status == OutboxStatus.QUEUED, TABLE.c.due_at <= now),
            and_(TABLE.c.status == OutboxStatus.SENDING, TABLE.c.claimed_until <= now),
        )
        query = select(TABLE.c.id).where(due).order_by(TABLE.c.due_at, TABLE.c.id).limit(limit)
        if only_ids is not None:
            query = query.where(TABLE.c.id.in_(list(only_ids)))
        if database.is_postgresql:
            query = query.with_for_update(skip_locked=True)
        ids = list(session.scalars(query))
        if ids:
            session.execute(
                update(TABLE)
                .where(TABLE.c.id.in_(ids))
                .values(
                    status=OutboxStatus.SENDING,
                    claimed_by=worker,
                    claimed_until=now + dt.timedelta(minutes=claim_minutes),
                    updated_at=now,
                )
            )
        return ids


def next_due(session: Session) -> dt.datetime | None:
    """When the earliest queued message is due (for a summary: "the next goes at …")."""
    found: dt.datetime | None = session.scalar(
        select(func.min(TABLE.c.due_at)).where(TABLE.c.status == OutboxStatus.QUEUED)
    )
    return found

"""Writing and reading the audit trail: who did what to which record, when, with the values before and after.

Rows are only ever added (the database refuses UPDATE and DELETE on ``audit_events``). Services write their row
in the same transaction as the change it describes, so the trail and the data never disagree. Secrets (password
hashes, SIP passwords) are never put in ``before``/``after``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from agent_desk.auth.permissions import Actor
from db.engine import Database
from db.models import AuditEvent, User


def record(
    session: Session,
    at: dt.datetime,
    user_id: int | None,
    action: str,
    entity: str,
    entity_id: object = None,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    """Add one audit row (written with the session's transaction)."""
    session.add(
        AuditEvent(
            at=at,
            user_id=user_id,
            action=action,
            entity=entity,
            entity_id=None if entity_id is None else str(entity_id),
            before=before,
            after=after,
        )
    )


@dataclasses.dataclass(frozen=True)
class AuditLine:
    id: int
    at: dt.datetime
    user_login: str | None
    action: str
    entity: str
    entity_id: str | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None


def audit_lines(
    database: Database,
    *,
    customer_id: int | None = None,
    user_id: int | None = None,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
    limit: int = 1000,
    team_ids: frozenset[int] | None = None,
) -> list[AuditLine]:
    """Audit rows, oldest first, filtered by customer (rows about that customer), acting user and time.

    ``team_ids`` (None: all) keeps the rows written by members of those teams (a supervisor's view).
    """
    query = select(AuditEvent, User.login).outerjoin(User, User.id == AuditEvent.user_id)
    if customer_id is not None:
        query = query.where(AuditEvent.entity == "customer", AuditEvent.entity_id == str(customer_id))
    if user_id is not None:
        query = query.where(AuditEvent.user_id == user_id)
    if since is not None:
        query = query.where(AuditEvent.at >= since)
    if until is not None:
        query = query.where(AuditEvent.at < until)
    if team_ids is not None:
        query = query.where(User.team_id.in_(team_ids))
    query = query.order_by(AuditEvent.at, AuditEvent.id).limit(limit)
    with database.session() as session:
        return [
            AuditLine(row.id, row.at, login, row.action, row.entity, row.entity_id, row.before, row.after)
            for row, login in session.execute(query)
        ]


def read_audit(database: Database, actor: Actor | int, **filters: Any) -> list[AuditLine]:
    """:func:`audit_lines` for a reader: ``audit.view`` (admins everything, supervisors their teams' users).

    Raises:
        AccessDeniedError: the reader's role may not read the trail.
    """
    from agent_desk.auth.guard import acting
    from agent_desk.auth.permissions import Permission, team_filter

    with database.session() as session:
        reader = acting(session, actor)
    return audit_lines(database, team_ids=team_filter(reader, Permission.AUDIT_VIEW), **filters)

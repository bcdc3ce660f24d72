"""Worklist services: promise judging, targeted refreshes, assignment and holds."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select, update

from agent_desk.clock import Clock
from agent_desk.worklist.promises import due_for_judging
from agent_desk.worklist.settings import WorklistSettings, settings_for
from agent_desk.worklist.store import refresh_customers
from db.engine import Database
from db.models import ActionKind, ActionStatus, AuditEvent, Customer, CustomerFlag, FlagKind, ScheduledAction

BATCH = 1000


def judge_due_promises(database: Database, clock: Clock, *, settings: WorklistSettings | None = None) -> int:
    """Judge every promise whose check time has passed (and due checks); refresh those customers. Returns how many
    customers were looked at. The GUI can run this every few minutes; the nightly rebuild does it too."""
    settings = settings or settings_for(database, clock)
    with database.session() as session:
        ids = due_for_judging(session, clock.now())
    for start in range(0, len(ids), BATCH):
        refresh_worklist(database, clock, ids[start : start + BATCH], settings=settings)
    return len(ids)


def refresh_worklist(
    database: Database, clock: Clock, customer_ids: Iterable[int], *, settings: WorklistSettings | None = None
) -> None:
    """Re-evaluate these customers now (after a flag, consent, number or assignment changed elsewhere)."""
    settings = settings or settings_for(database, clock)
    ids = sorted(set(customer_ids))
    if not ids:
        return
    with database.transaction(write=True) as session:
        session.connection()
        refresh_customers(session, clock.now(), ids, settings)


def assign_customers(
    database: Database,
    clock: Clock,
    customer_ids: Iterable[int],
    *,
    user_id: int | None = None,
    team_id: int | None = None,
    settings: WorklistSettings | None = None,
) -> int:
    """Assign customers to an agent and/or a team (None: to nobody) and update their queue rows at once.

    An agent's queue holds the customers assigned to them, and their team's customers assigned to no agent.
    Returns how many customers changed.
    """
    ids = sorted(set(customer_ids))
    if not ids:
        return 0
    settings = settings or settings_for(database, clock)
    with database.transaction(write=True) as session:
        session.connection()
        now = clock.now()
        changed = (
            session.connection()
            .execute(
                update(Customer)
                .where(Customer.id.in_(ids))
                .values(assigned_user_id=user_id, assigned_team_id=team_id, updated_at=now)
            )
            .rowcount
        )
        session.add(
            AuditEvent(
                at=now,
                action="customers.assigned",
                entity="customer",
                entity_id=None,
                after={"customers": ids[:1000], "count": len(ids), "user": user_id, "team": team_id},
            )
        )
        for start in range(0, len(ids), BATCH):
            refresh_customers(session, now, ids[start : start + BATCH], settings)
    return int(changed)


def resolve_hold(
    database: Database,
    clock: Clock,
    customer_id: int,
    user_id: int | None,
    *,
    clear_flags: bool = True,
    note: str | None = None,
    settings: WorklistSettings | None = None,
) -> int:
    """A supervisor takes a customer off the hold list (the dispute is resolved, the death was a mistake…).

    Closes the open holds and, with ``clear_flags``, clears the customer-level flags those holds set (the flag's
    history stays: it gets ``cleared_at``). The customer's queue row is refreshed. Returns how many holds closed.
    """
    settings = settings or settings_for(database, clock)
    with database.transaction(write=True) as session:
        session.connection()
        now = clock.now()
        holds = session.scalars(
            select(ScheduledAction).where(
                ScheduledAction.customer_id == customer_id,
                ScheduledAction.kind == ActionKind.HOLD,
                ScheduledAction.status == ActionStatus.OPEN,
            )
        ).all()
        dispositions = {str((hold.reason or {}).get("disposition", "")) for hold in holds}
        for hold in holds:
            hold.status = ActionStatus.DONE
            hold.closed_at = now
        if clear_flags and holds:
            kinds = [FlagKind(code) for code in dispositions if code in FlagKind.__members__.values()]
            for flag in session.scalars(
                select(CustomerFlag).where(
                    CustomerFlag.customer_id == customer_id,
                    CustomerFlag.contact_point_id.is_(None),
                    CustomerFlag.cleared_at.is_(None),
                    CustomerFlag.kind.in_(kinds),
                )
            ):
                flag.cleared_at = now
                flag.cleared_by_user_id = user_id
        session.add(
            AuditEvent(
                at=now,
                user_id=user_id,
                action="hold.resolved",
                entity="customer",
                entity_id=str(customer_id),
                after={"holds": len(holds), "flags_cleared": clear_flags, "note": note},
            )
        )
        session.flush()
        refresh_customers(session, now, [customer_id], settings)
        return len(holds)

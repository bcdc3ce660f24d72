"""Opening a customer's profile for a user: checked (their team's portfolio, or leased to them) and audited."""

from __future__ import annotations

from agent_desk.audit import record
from agent_desk.auth.guard import require_on_customer
from agent_desk.auth.permissions import Actor, Permission
from agent_desk.clock import Clock
from agent_desk.worklist.customer import load_profile
from agent_desk.worklist.profile import CustomerProfile
from db.engine import Database


def open_profile(
    database: Database, clock: Clock, user: Actor | int, customer_id: int, *, via: str = "open"
) -> CustomerProfile | None:
    """The profile of ``customer_id`` as ``user`` may see it, with a ``customer.viewed`` audit row; None when there
    is no such customer.

    Raises:
        AccessDeniedError: the customer is outside the user's reach (another team's, or a production customer for a
            trainer).
    """
    with database.transaction(write=True) as session:
        actor = require_on_customer(session, user, Permission.CUSTOMER_VIEW, customer_id)
        profile = load_profile(session, customer_id)
        if profile is not None:
            record(session, clock.now(), actor.user_id, "customer.viewed", "customer", customer_id, after={"via": via})
        return profile

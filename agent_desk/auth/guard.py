"""What a service entry point calls to check the acting user: who they are (read from the database by id, so a
forged call cannot claim a role), and to whom a customer belongs.

Services keep taking the acting user's id (``user_id``/``actor_id``) as before; :func:`acting` turns it into an
:class:`Actor` (cached for a minute per process: *Next* asks every time) and :func:`require_on_customer` checks a
permission against the customer's :class:`Scope`.
"""

from __future__ import annotations

import time
import weakref
from typing import Any, NamedTuple, cast

from sqlalchemy import ColumnElement, Engine, Table, exists, literal, or_, select
from sqlalchemy.orm import Session

from agent_desk.auth.actors import load_actor
from agent_desk.auth.permissions import AccessDeniedError, Actor, Permission, Scope, require
from agent_desk.errors import DeskError
from agent_desk.text import Message
from db.models import Account, ContactPoint, Customer, ImportRun, Interaction, User, WorklistEntry

ACTOR_CACHE_SECONDS = 60.0
PRACTICE_PREFIX = "PRACTICE-"  # every customer of a practice database carries it (agent_desk.practice.seed)
_actors: weakref.WeakKeyDictionary[Engine, dict[int, tuple[float, Actor]]] = weakref.WeakKeyDictionary()


class UnknownUserError(DeskError):
    """The acting user does not exist or is switched off."""


class CustomerImportingError(DeskError):
    """The customer (or one of their accounts) was written by an import that has not finished: it may still be taken
    back out, and with it whatever the desk hung on it."""


class ImportFloors(NamedTuple):
    """The first ids an import still being applied wrote: customers, accounts and contact points from these on are
    its own until it is done (``contact_points`` is None for a run started before they were noted)."""

    customers: int
    accounts: int
    contact_points: int | None = None


def unfinished_import_floors(session: Session) -> ImportFloors | None:
    """The first customer, account and contact point ids written by an import still being applied on SQLite (its
    batches are committed one by one and undone if a later one fails), or None when no import is under way.

    The import notes them in its run's ``counts`` when it starts (``customers_from``, ``accounts_from``,
    ``contact_points_from``). One look-up in the small ``import_runs`` table."""
    floors = session.execute(select(ImportRun.counts).where(ImportRun.status == "applying")).scalars().all()
    bounds = [c for c in floors if "customers_from" in c]
    if not bounds:
        return None
    points = [int(c["contact_points_from"]) for c in bounds if "contact_points_from" in c]
    return ImportFloors(
        min(int(c["customers_from"]) for c in bounds),
        min(int(c["accounts_from"]) for c in bounds),
        min(points) if points else None,
    )


def importing(floors: ImportFloors, customer_id: Any) -> ColumnElement[bool]:
    """True for a customer (``customer_id``: a column or a value) an unfinished import wrote, gave a new account or
    a new number: an undo would take those back out, and with them whatever the desk hung on them (a call on the
    new number, a promise on the new account). The queue, its count, Next, search and the screen-pop leave such
    customers out; every customer service refuses them (:func:`require_not_importing`)."""
    clauses: list[ColumnElement[bool]] = [
        customer_id >= floors.customers,
        exists()
        .where(_NEW_ACCOUNT.c.customer_id == customer_id, _NEW_ACCOUNT.c.id >= floors.accounts)
        .correlate_except(_NEW_ACCOUNT),
    ]
    if floors.contact_points is not None:
        clauses.append(
            exists()
            .where(_NEW_POINT.c.customer_id == customer_id, _NEW_POINT.c.id >= floors.contact_points)
            .correlate_except(_NEW_POINT)
        )
    return or_(*clauses)


# Their own names, so that a query already reading accounts or contact points keeps its rows apart from these.
_NEW_ACCOUNT = cast(Table, Account.__table__).alias("importing_account")
_NEW_POINT = cast(Table, ContactPoint.__table__).alias("importing_point")


def is_importing(session: Session, customer_id: int, floors: ImportFloors | None = None) -> bool:
    """Whether :func:`importing` holds for this customer now (False when no import is under way)."""
    floors = floors or unfinished_import_floors(session)
    if floors is None:
        return False
    if customer_id >= floors.customers:
        return True
    return bool(session.scalar(select(importing(floors, literal(customer_id)))))


def require_not_importing(session: Session, customer_id: int) -> None:
    """Refuse (:class:`CustomerImportingError`) a customer an unfinished import wrote, or gave a new account or a new
    number."""
    if is_importing(session, customer_id):
        raise CustomerImportingError(Message.of("import.desk.customer_importing"))


def acting(session: Session, user: Actor | int | None) -> Actor:
    """The acting user: an :class:`Actor` as given, else the active user with this id (None: refused)."""
    if isinstance(user, Actor):
        return user
    if user is None:
        raise UnknownUserError(Message.of("auth.acting.none"))
    engine = session.get_bind()
    cache = _actors.setdefault(engine, {}) if isinstance(engine, Engine) else {}
    known = cache.get(user)
    if known is not None and time.monotonic() - known[0] < ACTOR_CACHE_SECONDS:
        return known[1]
    actor = load_actor(session, user)
    if actor is None:
        raise UnknownUserError(Message.of("auth.acting.none"))
    cache[user] = (time.monotonic(), actor)
    return actor


def require_of(session: Session, actor: Actor | int | None, permission: Permission) -> Actor:
    """For the batch services the command line runs (rebuild, scoring): ``actor`` None is the system (whoever opens
    the database with its own credentials); a user must hold ``permission``."""
    if actor is None:
        return Actor.system()
    who = acting(session, actor)
    require(who, permission)
    return who


def forget_actors() -> None:
    """Drop the cache (tests that change a user's role or teams)."""
    _actors.clear()


def is_practice(customer: object) -> bool:
    """Whether a customer (anything with a ``customer_number``) is a practice customer."""
    return str(getattr(customer, "customer_number", "")).startswith(PRACTICE_PREFIX)


def customer_scope(session: Session, customer_id: int, *, interaction_id: int | None = None) -> Scope | None:
    """To whom ``customer_id`` belongs: its assigned agent and team (and that agent's team), the agent holding its
    lease, and — for an outcome — the agent of the call it is about. None when there is no such customer."""
    assigned = User.__table__.alias("assigned")
    row = session.execute(
        select(
            Customer.customer_number,
            Customer.assigned_user_id,
            Customer.assigned_team_id,
            assigned.c.team_id.label("assigned_user_team"),
            WorklistEntry.assigned_user_id.label("queue_user"),
            WorklistEntry.assigned_team_id.label("queue_team"),
            WorklistEntry.lease_user_id,
        )
        .outerjoin(assigned, assigned.c.id == Customer.assigned_user_id)
        .outerjoin(WorklistEntry, WorklistEntry.customer_id == Customer.id)
        .where(Customer.id == customer_id)
    ).one_or_none()
    if row is None:
        return None
    users = [row.assigned_user_id, row.queue_user, row.lease_user_id]
    if interaction_id is not None:
        users.append(
            session.scalar(
                select(Interaction.user_id).where(
                    Interaction.id == interaction_id, Interaction.customer_id == customer_id
                )
            )
        )
    return Scope.of(
        teams=(row.assigned_team_id, row.assigned_user_team, row.queue_team),
        users=users,
        practice=row.customer_number.startswith(PRACTICE_PREFIX),
    )


def require_on_customer(
    session: Session,
    user: Actor | int | None,
    permission: Permission,
    customer_id: int,
    *,
    interaction_id: int | None = None,
) -> Actor:
    """Refuse unless the acting user holds ``permission`` over this customer; returns the actor.

    An unknown customer is left to the service to report in its own words (nothing to protect).
    """
    actor = acting(session, user)
    scope = customer_scope(session, customer_id, interaction_id=interaction_id)
    require(actor, permission, scope)
    require_not_importing(session, customer_id)
    return actor


__all__ = [
    "AccessDeniedError",
    "UnknownUserError",
    "acting",
    "customer_scope",
    "forget_actors",
    "is_practice",
    "require_of",
    "require_on_customer",
]

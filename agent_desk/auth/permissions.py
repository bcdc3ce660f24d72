"""Who may do what: named permissions per role (``resources/auth/roles.toml``) and the one check, :func:`require`.

Every service entry point takes the acting user (an :class:`Actor`) and calls :func:`require` with the
permission it needs and, when the action is about a record, that record's :class:`Scope` read from the database
by the service itself (never from the caller). A refusal is an :class:`AccessDeniedError`: a
:class:`agent_desk.errors.DeskError` whose message says what was refused. The GUI hides what would be refused,
but the service is the authority: a forged call straight to a service is refused the same way.
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Iterable, Mapping
from functools import cache

from agent_desk.errors import DeskError
from agent_desk.resources import load_toml
from agent_desk.text import Message
from db.models import Role


class Permission(enum.StrEnum):
    QUEUE_WORK = "queue.work"
    CUSTOMER_VIEW = "customer.view"
    OUTCOME_SAVE = "outcome.save"
    OUTCOMES_VIEW = "outcomes.view"
    PLAN_QUOTE = "plan.quote"
    PLAN_APPROVE = "plan.approve"
    POLICY_EDIT = "policy.edit"
    STRATEGY_EDIT = "strategy.edit"
    AUTHORITY_EDIT = "authority.edit"
    IMPORT_RUN = "import.run"
    EXPORT_RUN = "export.run"
    PAYMENTS_POST = "payments.post"
    RECORDING_PLAY = "recording.play"
    QA_SCORE = "qa.score"
    EXPERIMENTS_MANAGE = "experiments.manage"
    USERS_MANAGE = "users.manage"
    SIP_MANAGE = "sip.manage"
    WORKLIST_MANAGE = "worklist.manage"
    AUDIT_VIEW = "audit.view"
    CALLS_MANUAL = "calls.manual"
    MESSAGE_SEND = "message.send"
    OUTBOX_MANAGE = "outbox.manage"
    SCORING_MANAGE = "scoring.manage"
    PRACTICE_TRAIN = "practice.train"
    PRACTICE_TAKE = "practice.take"


class Reach(enum.StrEnum):
    """Over which records a role holds a permission (see roles.toml)."""

    ANY = "any"
    TEAM = "team"
    OWN = "own"
    PRACTICE = "practice"


@dataclasses.dataclass(frozen=True)
class Actor:
    """The user acting: who they are, their role and the teams they belong to or look after.

    ``user_id`` is None only for the system (the command line run by whoever holds the database's own
    credentials, e.g. to set the first admin's password): it acts as an admin and is audited as such.
    """

    user_id: int | None
    login: str
    role: Role
    team_ids: frozenset[int] = frozenset()

    @classmethod
    def system(cls) -> Actor:
        return cls(None, "system", Role.ADMIN)

    @property
    def is_system(self) -> bool:
        return self.user_id is None


@dataclasses.dataclass(frozen=True)
class Scope:
    """To whom a record belongs, as the service read it from the database.

    Attributes:
        team_ids: the teams the record belongs to (a customer's assigned team and the team of its assigned
            agent; an outcome's agent's team).
        user_ids: the users it belongs to (the assigned agent, the lease holder, the author).
        practice: the record is in a practice database.
    """

    team_ids: frozenset[int] = frozenset()
    user_ids: frozenset[int] = frozenset()
    practice: bool = False

    @classmethod
    def of(cls, teams: Iterable[int | None] = (), users: Iterable[int | None] = (), *, practice: bool = False) -> Scope:
        return cls(frozenset(t for t in teams if t is not None), frozenset(u for u in users if u is not None), practice)


class AccessDeniedError(DeskError):
    """The acting user may not do this (to this record). ``permission`` names what was refused."""

    def __init__(self, permission: Permission, actor: Actor, *, scoped: bool = False) -> None:
        code = "auth.denied.scope" if scoped else "auth.denied.role"
        super().__init__(
            Message.of(
                code,
                action=Message.of(f"permission.{permission.value}"),
                role=Message.of(f"role.{actor.role.value}"),
            )
        )
        self.permission = permission
        self.actor = actor
        self.scoped = scoped


@cache
def role_table() -> Mapping[Role, Mapping[Permission, Reach]]:
    """The permissions of each role, read from ``resources/auth/roles.toml`` (unknown names are an error)."""
    data = load_toml("auth", "roles.toml")
    table: dict[Role, dict[Permission, Reach]] = {}
    for role in Role:
        table[role] = {Permission(name): Reach(reach) for name, reach in data.get(role.value, {}).items()}
    return table


def reach(actor: Actor, permission: Permission) -> Reach | None:
    """How far the actor holds ``permission`` (None: not at all)."""
    return role_table()[actor.role].get(permission)


def allowed(actor: Actor, permission: Permission, scope: Scope | None = None) -> bool:
    """Whether :func:`require` would let the actor do it (for screens that hide what would be refused)."""
    held = reach(actor, permission)
    if held is None:
        return False
    if scope is None:
        return True
    if held is Reach.ANY:
        return True
    if held is Reach.PRACTICE:
        return scope.practice
    if actor.user_id is not None and actor.user_id in scope.user_ids:
        return True
    return held is Reach.TEAM and bool(actor.team_ids & scope.team_ids)


def require(actor: Actor, permission: Permission, scope: Scope | None = None) -> None:
    """Refuse (:class:`AccessDeniedError`) unless the actor's role holds ``permission`` over ``scope``.

    Without a scope the action concerns no single record (an import, a list the service filters with
    :func:`team_filter`): holding the permission at any reach is enough.
    """
    if reach(actor, permission) is None:
        raise AccessDeniedError(permission, actor)
    if not allowed(actor, permission, scope):
        raise AccessDeniedError(permission, actor, scoped=True)


def team_filter(actor: Actor, permission: Permission) -> frozenset[int] | None:
    """For services that list records: the teams the actor may see (None: all of them). A practice-only reach
    sees no team's records: the service adds the practice records itself (:func:`practice_only`).

    Raises:
        AccessDeniedError: the role does not hold the permission at all.
    """
    held = reach(actor, permission)
    if held is None:
        raise AccessDeniedError(permission, actor)
    if held is Reach.ANY:
        return None
    return frozenset() if held is Reach.PRACTICE else actor.team_ids


def practice_only(actor: Actor, permission: Permission) -> bool:
    return reach(actor, permission) is Reach.PRACTICE

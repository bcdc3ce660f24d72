"""Authority limits (per role, overridden per user) and the promise policy, read from and written to the database.

A role's defaults live in ``role_authority``; a role missing there falls back to ``resources/negotiation.toml``
(so a fresh or demo database has working limits before an admin touches anything). The promise policy is the
strategy setting ``negotiation`` merged over the ``[policy]`` table of the same file.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from agent_desk.auth.guard import acting
from agent_desk.auth.permissions import Permission, allowed
from agent_desk.clock import Clock
from agent_desk.resources import load_toml
from agent_desk.text import Message
from db.engine import Database
from db.models import AuditEvent, Role, RoleAuthority, StrategySetting, User

POLICY_SETTING = "negotiation"


class NegotiationError(Exception):
    """A negotiation request refused; ``message`` says why in the user's words."""

    def __init__(self, message: Message) -> None:
        super().__init__(message.render())
        self.message = message


@dataclasses.dataclass(frozen=True)
class Authority:
    """What a user may agree without approval. ``source`` is "user" when any limit is the user's own."""

    max_settlement_discount: Decimal
    max_early_payment_discount: Decimal
    max_installments: int
    source: str
    label: str = ""  # "user:<login>" or "role:<role>", stored as the plan's authority_used


@dataclasses.dataclass(frozen=True)
class PromisePolicy:
    """Rules every promise and plan must keep, whoever agrees or approves it."""

    max_days_ahead: int
    max_plan_months: int
    max_installments: int
    frequencies: tuple[str, ...]
    min_amount: Mapping[str, Decimal]
    min_first_share_of_arrears: Decimal
    affordable_share: Decimal
    decision_follow_up_hours: int


def _seed() -> dict[str, Any]:
    return load_toml("negotiation.toml")


def role_defaults(session: Session, role: Role) -> Authority:
    """The role's limits as stored (or as seeded, when the table has no row for it yet)."""
    row = session.get(RoleAuthority, role)
    if row is not None:
        return Authority(
            row.max_settlement_discount, row.max_early_payment_discount, row.max_installments, "role", f"role:{role}"
        )
    seed = _seed().get("roles", {}).get(str(role), {})
    return Authority(
        Decimal(str(seed.get("max_settlement_discount", "0"))),
        Decimal(str(seed.get("max_early_payment_discount", "0"))),
        int(seed.get("max_installments", 1)),
        "role",
        f"role:{role}",
    )


def authority_for(session: Session, user_id: int) -> Authority:
    """The user's limits: their own, field by field, else their role's defaults."""
    user = session.get(User, user_id)
    if user is None or not user.active:
        raise NegotiationError(Message.of("negotiation.error.unknown_user", user=user_id))
    role = role_defaults(session, user.role)
    own = (user.max_settlement_discount, user.max_early_payment_discount, user.max_installments)
    if all(value is None for value in own):
        return role
    return Authority(
        user.max_settlement_discount if user.max_settlement_discount is not None else role.max_settlement_discount,
        user.max_early_payment_discount
        if user.max_early_payment_discount is not None
        else role.max_early_payment_discount,
        user.max_installments if user.max_installments is not None else role.max_installments,
        "user",
        f"user:{user.login}",
    )


def promise_policy(session: Session) -> PromisePolicy:
    seed = _seed().get("policy", {})
    stored = session.get(StrategySetting, POLICY_SETTING)
    values: dict[str, Any] = {**seed, **(stored.value if stored is not None else {})}
    return PromisePolicy(
        max_days_ahead=int(values.get("max_days_ahead", 30)),
        max_plan_months=int(values.get("max_plan_months", 36)),
        max_installments=int(values.get("max_installments", 60)),
        frequencies=tuple(str(f) for f in values.get("frequencies", ("weekly", "biweekly", "monthly"))),
        min_amount={str(k): Decimal(str(v)) for k, v in dict(values.get("min_amount", {})).items()},
        min_first_share_of_arrears=Decimal(str(values.get("min_first_share_of_arrears", "0"))),
        affordable_share=Decimal(str(values.get("affordable_share", "0.30"))),
        decision_follow_up_hours=int(values.get("decision_follow_up_hours", 48)),
    )


def _require_admin(session: Session, actor_id: int, permission: Permission = Permission.AUTHORITY_EDIT) -> User:
    """The acting user, when their role holds ``permission`` (resources/auth/roles.toml: admins)."""
    actor = session.get(User, actor_id)
    if actor is None or not actor.active or not allowed(acting(session, actor_id), permission):
        raise NegotiationError(Message.of("negotiation.error.admin_only"))
    return actor


def _rate(value: Decimal | None) -> Decimal | None:
    if value is None:
        return None
    if not Decimal(0) <= value <= Decimal(1) or value != value.quantize(Decimal("0.0001")):
        raise NegotiationError(Message.of("negotiation.error.bad_rate", rate=str(value)))
    return value


def _count(value: int | None) -> int | None:
    if value is not None and value < 1:
        raise NegotiationError(Message.of("negotiation.error.min_installments", count=value))
    return value


def set_role_authority(
    database: Database,
    clock: Clock,
    *,
    actor_id: int,
    role: Role,
    settlement: Decimal | None = None,
    early_payment: Decimal | None = None,
    installments: int | None = None,
) -> Authority:
    """Change a role's default limits (admins only); fields left None keep their value. Audited."""
    settlement, early_payment, installments = _rate(settlement), _rate(early_payment), _count(installments)
    with database.transaction(write=True) as session:
        _require_admin(session, actor_id)
        before = role_defaults(session, role)
        row = session.get(RoleAuthority, role)
        if row is None:
            row = RoleAuthority(
                role=role,
                max_settlement_discount=before.max_settlement_discount,
                max_early_payment_discount=before.max_early_payment_discount,
                max_installments=before.max_installments,
                updated_at=clock.now(),
            )
            session.add(row)
        _apply_limits(row, settlement, early_payment, installments)
        row.updated_at = clock.now()
        row.updated_by_user_id = actor_id
        session.flush()
        after = role_defaults(session, role)
        _audit_change(session, clock, actor_id, ("authority.role_changed", "role", str(role)), before, after)
        return after


def set_user_authority(
    database: Database,
    clock: Clock,
    *,
    actor_id: int,
    user_id: int,
    settlement: Decimal | None = None,
    early_payment: Decimal | None = None,
    installments: int | None = None,
    clear: bool = False,
) -> Authority:
    """Give a user their own limits (admins only); ``clear`` first drops all of them (back to the role's)."""
    settlement, early_payment, installments = _rate(settlement), _rate(early_payment), _count(installments)
    with database.transaction(write=True) as session:
        _require_admin(session, actor_id)
        user = session.get(User, user_id)
        if user is None:
            raise NegotiationError(Message.of("negotiation.error.unknown_user", user=user_id))
        before = authority_for(session, user_id)
        if clear:
            user.max_settlement_discount = user.max_early_payment_discount = None
            user.max_installments = None
        _apply_limits(user, settlement, early_payment, installments)
        session.flush()
        after = authority_for(session, user_id)
        _audit_change(session, clock, actor_id, ("authority.user_changed", "user", str(user_id)), before, after)
        return after


def store_promise_policy(
    database: Database, clock: Clock, *, actor_id: int, values: Mapping[str, Any]
) -> PromisePolicy:
    """Replace parts of the promise policy (admins only), e.g. ``{"max_days_ahead": 14}``. Audited."""
    with database.transaction(write=True) as session:
        _require_admin(session, actor_id, Permission.POLICY_EDIT)
        row = session.get(StrategySetting, POLICY_SETTING)
        before = dict(row.value) if row is not None else {}
        after = {**before, **values}
        if row is None:
            session.add(StrategySetting(key=POLICY_SETTING, value=after, updated_at=clock.now()))
        else:
            row.value = after
            row.updated_at = clock.now()
        session.flush()
        policy = promise_policy(session)  # fails here, inside the transaction, on a malformed value
        session.add(
            AuditEvent(
                at=clock.now(),
                user_id=actor_id,
                action="negotiation.policy_changed",
                entity="strategy_setting",
                entity_id=POLICY_SETTING,
                before=before,
                after=after,
            )
        )
        return policy


def _apply_limits(
    row: RoleAuthority | User, settlement: Decimal | None, early_payment: Decimal | None, installments: int | None
) -> None:
    """Set the limits given (None keeps a field); roles and users name them alike."""
    if settlement is not None:
        row.max_settlement_discount = settlement
    if early_payment is not None:
        row.max_early_payment_discount = early_payment
    if installments is not None:
        row.max_installments = installments


def _audit_change(
    session: Session, clock: Clock, actor_id: int, what: tuple[str, str, str], before: Authority, after: Authority
) -> None:
    action, entity, entity_id = what
    session.add(
        AuditEvent(
            at=clock.now(),
            user_id=actor_id,
            action=action,
            entity=entity,
            entity_id=entity_id,
            before=_audit(before),
            after=_audit(after),
        )
    )


def _audit(authority: Authority) -> dict[str, Any]:
    return {
        "settlement": str(authority.max_settlement_discount),
        "early_payment": str(authority.max_early_payment_discount),
        "installments": authority.max_installments,
        "source": authority.source,
    }


def users_by_login(session: Session, login: str) -> User | None:
    return session.scalars(select(User).where(User.login == login)).first()

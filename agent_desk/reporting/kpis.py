"""The KPIs of docs/KPIS.md, each an SQL aggregate grouped by agent, team, segment, day, hour, variant or arm.

:func:`compute_kpis` runs one aggregate per fact table (interactions, outcomes, promises made, promises due,
agent states, compliance audit events, language flags, plan decisions, account movements), each a single
``GROUP BY`` over the period's rows through an index on the time column, and merges the per-group counts into
:class:`KpiRow` objects whose rates are plain divisions. No row of the facts passes through Python.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from sqlalchemy import Integer, case, cast, func, literal, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from agent_desk.reporting.scope import (
    Grouping,
    Scope,
    Segment,
    Source,
    filtered,
    group_key,
    key_labels,
)
from agent_desk.reporting.sqltime import earliest, seconds_between
from db.models import (
    Account,
    AgentState,
    AgentStateEvent,
    AuditEvent,
    Disposition,
    Installment,
    Interaction,
    LanguageFlag,
    Outcome,
    PaymentPlan,
    PlanStatus,
    Promise,
    PromiseStatus,
)

ZERO = Decimal("0.00")
BLOCK_ACTIONS = ("dial.refused",)
OVERRIDE_ACTIONS = ("compliance.override",)
BUCKET_BY_INDEX = ("current", "dpd_1_30", "dpd_31_60", "dpd_61_90", "dpd_90_plus")

# Counts (integers in the CSV), amounts and seconds, in the order the CSV prints them.
COUNT_FIELDS = (
    "attempts",
    "connects",
    "rpc",
    "ptp",
    "promises_judged",
    "promises_kept",
    "promises_broken",
    "handled",
    "compliance_blocks",
    "compliance_overrides",
    "language_flags",
    "plans_approved",
    "plans_rejected",
    "accounts_past_due",
    "accounts_cured",
    "accounts_rolled",
)
RATE_FIELDS = (
    "connect_rate",
    "rpc_rate",
    "ptp_rate",
    "kept_rate",
    "broken_promise_rate",
    "cure_rate",
    "roll_rate",
)


def _interaction_variant() -> Any:
    return select(Outcome.script_variant).where(Outcome.interaction_id == Interaction.id).scalar_subquery()


def _promise_variant() -> Any:
    return select(Outcome.script_variant).where(Outcome.id == Promise.outcome_id).scalar_subquery()


INTERACTIONS = Source(Interaction.user_id, Interaction.customer_id, Interaction.started_at, False, None)
OUTCOMES = Source(Outcome.user_id, Outcome.customer_id, Outcome.created_at, variant=Outcome.script_variant)
PROMISES_MADE = Source(Promise.created_by_user_id, Promise.customer_id, Promise.created_at)
PROMISES_DUE = Source(Promise.created_by_user_id, Promise.customer_id, Promise.due_date, is_date=True)
STATES = Source(AgentStateEvent.user_id, AgentStateEvent.customer_id, AgentStateEvent.started_at)
AUDIT = Source(AuditEvent.user_id, cast(AuditEvent.entity_id, Integer), AuditEvent.at)
FLAGS = Source(LanguageFlag.user_id, LanguageFlag.customer_id, LanguageFlag.created_at)
PLANS = Source(PaymentPlan.requested_by_user_id, PaymentPlan.customer_id, PaymentPlan.decided_at)


def _with_variants() -> dict[str, Source]:
    return {
        "interactions": dataclasses.replace(INTERACTIONS, variant=_interaction_variant()),
        "promises_made": dataclasses.replace(PROMISES_MADE, variant=_promise_variant()),
        "promises_due": dataclasses.replace(PROMISES_DUE, variant=_promise_variant()),
    }


@dataclasses.dataclass(frozen=True)
class KpiRow:
    """The KPIs of one group. Rates are None when their denominator is zero (nothing to judge)."""

    key: Any
    label: str
    attempts: int = 0
    connects: int = 0
    rpc: int = 0
    ptp: int = 0
    promises_judged: int = 0
    promises_kept: int = 0
    promises_broken: int = 0
    amount_promised: Decimal = ZERO
    amount_collected: Decimal = ZERO
    handled: int = 0
    talk_seconds: int = 0
    wrap_up_seconds: int = 0
    agent_seconds: int | None = None  # signed-in time; None where it cannot be attributed (segments, hours…)
    compliance_blocks: int = 0
    compliance_overrides: int = 0
    language_flags: int = 0
    plans_approved: int = 0
    plans_rejected: int = 0
    accounts_past_due: int = 0
    accounts_cured: int = 0
    accounts_rolled: int = 0

    @property
    def connect_rate(self) -> float | None:
        return _ratio(self.connects, self.attempts)

    @property
    def rpc_rate(self) -> float | None:
        return _ratio(self.rpc, self.attempts)

    @property
    def ptp_rate(self) -> float | None:
        return _ratio(self.ptp, self.rpc)

    @property
    def kept_rate(self) -> float | None:
        return _ratio(self.promises_kept, self.promises_judged)

    @property
    def broken_promise_rate(self) -> float | None:
        return _ratio(self.promises_broken, self.promises_judged)

    @property
    def cure_rate(self) -> float | None:
        return _ratio(self.accounts_cured, self.accounts_past_due)

    @property
    def roll_rate(self) -> float | None:
        return _ratio(self.accounts_rolled, self.accounts_past_due)

    @property
    def agent_hours(self) -> float | None:
        return None if self.agent_seconds is None else self.agent_seconds / 3600

    @property
    def collected_per_agent_hour(self) -> Decimal | None:
        hours = self.agent_hours
        if not hours:
            return None
        return (self.amount_collected / Decimal(str(hours))).quantize(Decimal("0.01"))

    @property
    def contacts_per_hour(self) -> float | None:
        hours = self.agent_hours
        return self.connects / hours if hours else None

    @property
    def average_handle_seconds(self) -> float | None:
        return (self.talk_seconds + self.wrap_up_seconds) / self.handled if self.handled else None


def _ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


MEASURES = (
    "interactions",
    "outcomes",
    "promises_made",
    "promises_due",
    "audit",
    "flags",
    "plans",
    "movements",
    "states",
)


def compute_kpis(session: Session, scope: Scope, measures: Iterable[str] | None = None) -> list[KpiRow]:
    """Every KPI for the scope's period and filters, one row per group (sorted by label).

    ``measures`` limits the work to some of the fact tables (names in :data:`MEASURES`), for a view that shows
    only some KPIs; the others stay at 0/None.
    """
    figures: dict[Any, dict[str, Any]] = {}
    wanted = set(MEASURES if measures is None else measures)
    for aggregate in _aggregates(scope):
        if aggregate.__name__.lstrip("_") not in wanted:
            continue
        for key, values in aggregate(session, scope):
            figures.setdefault(key, {}).update({k: v for k, v in values.items() if v is not None})
    for values in figures.values():  # an outcome recorded without a call was an attempt made elsewhere
        values["attempts"] = int(values.get("attempts") or 0) + int(values.pop("manual", 0) or 0)
    labels = key_labels(session, scope.grouping, list(figures))
    rows = [
        KpiRow(key=key, label=labels.get(key, "" if key is None else str(key)), **_clean(values))
        for key, values in figures.items()
    ]
    if scope.grouping in (Grouping.DAY, Grouping.HOUR):
        return sorted(rows, key=lambda row: (row.key is None, row.key if row.key is not None else 0))
    return sorted(rows, key=lambda row: (row.label == "", str(row.label)))


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, value in values.items():
        if name in ("amount_promised", "amount_collected"):
            out[name] = value if isinstance(value, Decimal) else Decimal(value or 0).quantize(ZERO)
        elif name == "agent_seconds":
            out[name] = round(float(value))
        elif name in ("talk_seconds", "wrap_up_seconds"):
            out[name] = round(float(value or 0))
        else:
            out[name] = int(value or 0)
    return out


def _attributable_time(scope: Scope) -> bool:
    """Agent time belongs to agents, teams, days and the total — not to a segment, an hour or an arm."""
    per_customer = scope.filters.needs_segment or scope.filters.experiment_id is not None
    per_variant = scope.filters.script_variant is not None
    return scope.grouping in (Grouping.TOTAL, Grouping.AGENT, Grouping.TEAM, Grouping.DAY) and not (
        per_customer or per_variant
    )


def _aggregates(scope: Scope) -> list[Any]:
    found: list[Any] = [
        _interactions,
        _outcomes,
        _promises_made,
        _promises_due,
        _audit,
        _flags,
        _plans,
        _movements,
    ]
    if _attributable_time(scope):
        found.append(_states)
    return found


def _run(
    session: Session,
    scope: Scope,
    source: Source,
    columns: dict[str, ColumnElement[Any]],
    *where: Any,
    join: tuple[Any, Any] | None = None,
) -> Iterator[tuple[Any, dict[str, Any]]]:
    key = group_key(source, scope).label("key")
    query = select(key, *(column.label(name) for name, column in columns.items()))
    if join is not None:
        query = query.select_from(source.time.class_).join(*join)
    query = filtered(query, source, scope).where(*where).group_by(key)
    for row in session.execute(query).mappings():
        yield row["key"], {name: row[name] for name in columns}


def _interactions(session: Session, scope: Scope) -> Any:
    source = _with_variants()["interactions"]
    return _run(
        session,
        scope,
        source,
        {"attempts": func.count(), "talk_seconds": func.coalesce(func.sum(Interaction.talk_seconds), 0)},
    )


def _outcomes(session: Session, scope: Scope) -> Any:
    """Outcomes with their disposition's flags; an outcome recorded without a call is an attempt of its own."""
    return _run(
        session,
        scope,
        OUTCOMES,
        {
            "manual": func.sum(case((Outcome.interaction_id.is_(None), 1), else_=0)),
            "connects": func.sum(case((Disposition.human_answered, 1), else_=0)),
            "rpc": func.sum(case((Disposition.right_party_contact, 1), else_=0)),
            "handled": func.count(),
        },
        join=(Disposition, Disposition.code == Outcome.disposition_code),
    )


def _promises_made(session: Session, scope: Scope) -> Any:
    return _run(
        session,
        scope,
        _with_variants()["promises_made"],
        {
            "ptp": func.count(func.distinct(Promise.outcome_id)),
            "amount_promised": func.coalesce(func.sum(Promise.amount), 0),
            "amount_collected": func.coalesce(func.sum(Promise.amount_paid), 0),
        },
    )


def _promises_due(session: Session, scope: Scope) -> Any:
    judged = (PromiseStatus.KEPT, PromiseStatus.PARTIALLY_KEPT, PromiseStatus.BROKEN)
    return _run(
        session,
        scope,
        _with_variants()["promises_due"],
        {
            "promises_judged": func.sum(case((Promise.status.in_(judged), 1), else_=0)),
            "promises_kept": func.sum(case((Promise.status == PromiseStatus.KEPT, 1), else_=0)),
            "promises_broken": func.sum(case((Promise.status == PromiseStatus.BROKEN, 1), else_=0)),
        },
    )


def _states(session: Session, scope: Scope) -> Any:
    """Stretches that start in the period, each clipped at the period's end (or now): one subtraction a row."""
    until = scope.until
    end = earliest(func.coalesce(AgentStateEvent.ended_at, literal(until, AgentStateEvent.ended_at.type)), until)
    span = seconds_between(end, AgentStateEvent.started_at)
    return _run(
        session,
        scope,
        STATES,
        {
            "agent_seconds": func.coalesce(func.sum(span), 0),
            "wrap_up_seconds": func.coalesce(
                func.sum(case((AgentStateEvent.state == AgentState.WRAP_UP, span), else_=0)), 0
            ),
        },
        AgentStateEvent.started_at < until,
        AgentStateEvent.state != AgentState.SIGNED_OUT,
    )


def _audit(session: Session, scope: Scope) -> Any:
    return _run(
        session,
        scope,
        AUDIT,
        {
            "compliance_blocks": func.sum(case((AuditEvent.action.in_(BLOCK_ACTIONS), 1), else_=0)),
            "compliance_overrides": func.sum(case((AuditEvent.action.in_(OVERRIDE_ACTIONS), 1), else_=0)),
        },
        AuditEvent.action.in_(BLOCK_ACTIONS + OVERRIDE_ACTIONS),
        AuditEvent.entity == "customer",
    )


def _flags(session: Session, scope: Scope) -> Any:
    return _run(session, scope, FLAGS, {"language_flags": func.count()})


def _plans(session: Session, scope: Scope) -> Any:
    return _run(
        session,
        scope,
        PLANS,
        {
            "plans_approved": func.sum(case((PaymentPlan.status == PlanStatus.REJECTED, 0), else_=1)),
            "plans_rejected": func.sum(case((PaymentPlan.status == PlanStatus.REJECTED, 1), else_=0)),
        },
        PaymentPlan.decided_by_user_id.is_not(None),
    )


def bucket_of(oldest_unpaid: Any, day: dt.date) -> ColumnElement[int]:
    """The delinquency bucket on ``day`` (0 current … 4 over 90 days) of an account whose oldest installment due
    before that day and not fully paid by then fell due on ``oldest_unpaid`` (NULL: none)."""
    return case(
        (oldest_unpaid.is_(None), 0),
        (oldest_unpaid >= day - dt.timedelta(days=30), 1),
        (oldest_unpaid >= day - dt.timedelta(days=60), 2),
        (oldest_unpaid >= day - dt.timedelta(days=90), 3),
        else_=4,
    )


def _movements(session: Session, scope: Scope) -> Any:
    """Cure and roll over the accounts the group worked (called about) in the period: bucket on the first day
    against the bucket the day after the period (or today, while it runs). Each account's two buckets are
    worked out once (a materialized CTE), however many groups called about it."""
    source = _with_variants()["interactions"]
    start_day = scope.period.first
    end_day = min(scope.period.last + dt.timedelta(days=1), (scope.now or scope.period.ends_at).date())
    by_start_bucket = scope.grouping is Grouping.SEGMENT and scope.segment is Segment.BUCKET
    key = literal(None) if by_start_bucket else group_key(source, scope)
    pairs_query = (
        select(key.label("key"), Account.id.label("account_id"))
        .select_from(Interaction)
        .join(Account, Account.customer_id == Interaction.customer_id)
    )
    pairs = filtered(pairs_query, source, scope).distinct().cte("worked_pairs").prefix_with("MATERIALIZED")
    accounts = select(pairs.c.account_id).distinct().subquery()
    unpaid_on = {  # the oldest installment due before the day and not fully paid by then, per account
        day: func.min(
            case(
                (
                    (Installment.due_date < day) & (Installment.paid_on.is_(None) | (Installment.paid_on > day)),
                    Installment.due_date,
                ),
                else_=None,
            )
        )
        for day in (start_day, end_day)
    }
    oldest = (
        select(
            accounts.c.account_id,
            unpaid_on[start_day].label("oldest_before"),
            unpaid_on[end_day].label("oldest_after"),
        )
        .select_from(accounts)
        .join(Installment, Installment.account_id == accounts.c.account_id)
        .where(Installment.due_date < end_day)
        .group_by(accounts.c.account_id)
        .subquery()
    )
    buckets = (
        select(
            oldest.c.account_id,
            bucket_of(oldest.c.oldest_before, start_day).label("before"),
            bucket_of(oldest.c.oldest_after, end_day).label("after"),
        )
        .cte("worked_buckets")
        .prefix_with("MATERIALIZED")
    )
    group: ColumnElement[Any] = pairs.c.key
    if by_start_bucket:
        group = case(*[(buckets.c.before == i, name) for i, name in enumerate(BUCKET_BY_INDEX)], else_=None)
    query = (
        select(
            group.label("key"),
            func.count().label("accounts_past_due"),
            func.sum(case((buckets.c.after == 0, 1), else_=0)).label("accounts_cured"),
            func.sum(case((buckets.c.after > buckets.c.before, 1), else_=0)).label("accounts_rolled"),
        )
        .select_from(pairs)
        .join(buckets, buckets.c.account_id == pairs.c.account_id)
        .where(buckets.c.before > 0)
        .group_by(group)
    )
    for row in session.execute(query).mappings():
        yield row["key"], {k: row[k] for k in ("accounts_past_due", "accounts_cured", "accounts_rolled")}

"""The KPIs of docs/KPIS.md, each an SQL aggregate grouped by agent, team, segment, day, hour, variant or arm.

:func:`compute_kpis` runs one aggregate per fact table (interactions, outcomes, promises made, promises due,
agent states, compliance audit events, language flags, plan decisions, account movements), each a single
``GROUP BY`` over the period's rows through an index on the time column, and merges the per-group counts into
:class:`KpiRow` objects whose rates are plain divisions. No row of the facts passes through Python.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from sqlalchemy import Integer, case, cast, func, literal, select
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql.elements import ColumnElement

from agent_desk.reporting.movements import movements
from agent_desk.reporting.scope import (
    Grouping,
    Scope,
    Source,
    filtered,
    group_key,
    key_labels,
    needs_customer_row,
)
from agent_desk.reporting.sqltime import earliest, seconds_between
from db.models import (
    AgentState,
    AgentStateEvent,
    AuditEvent,
    Channel,
    Customer,
    Disposition,
    Interaction,
    LanguageFlag,
    OutboxMessage,
    OutboxStatus,
    Outcome,
    PaymentPlan,
    PlanStatus,
    Promise,
    PromiseStatus,
)

ZERO = Decimal("0.00")
BLOCK_ACTIONS = ("dial.refused",)
OVERRIDE_ACTIONS = ("compliance.override",)
MESSAGE_CHANNELS = (Channel.EMAIL, Channel.SMS, Channel.WHATSAPP)

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
    "messages_sent",
    "messages_delivered",
    "messages_failed",
    *(f"{channel.value}_{state}" for channel in MESSAGE_CHANNELS for state in ("sent", "delivered", "failed")),
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
MESSAGES = Source(OutboxMessage.created_by_user_id, OutboxMessage.customer_id, OutboxMessage.created_at)


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
    email_sent: int = 0
    email_delivered: int = 0
    email_failed: int = 0
    sms_sent: int = 0
    sms_delivered: int = 0
    sms_failed: int = 0
    whatsapp_sent: int = 0
    whatsapp_delivered: int = 0
    whatsapp_failed: int = 0

    @property
    def messages_sent(self) -> int:
        return self.email_sent + self.sms_sent + self.whatsapp_sent

    @property
    def messages_delivered(self) -> int:
        return self.email_delivered + self.sms_delivered + self.whatsapp_delivered

    @property
    def messages_failed(self) -> int:
        return self.email_failed + self.sms_failed + self.whatsapp_failed

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
    "messages",
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
    for values in figures.values():  # an outcome saved with no call (before revision 0600) is an attempt of its own
        values["attempts"] = int(values.get("attempts") or 0) + int(values.pop("without_call", 0) or 0)
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
        _messages,
    ]
    if scope.grouping is not Grouping.HOUR:  # an account's bucket moves over the month, not in an hour of a day
        found.append(_movements)
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
    person = aliased(Customer, name="person") if needs_customer_row(source, scope) else None
    key = group_key(source, scope, person).label("key")
    query = select(key, *(column.label(name) for name, column in columns.items()))
    if join is not None or person is not None:
        query = query.select_from(source.time.class_)
    if join is not None:
        query = query.join(*join)
    if person is not None:  # each fact's customer read once, for their zone
        query = query.outerjoin(person, person.id == source.customer)
    query = filtered(query, source, scope).where(*where).group_by(key)
    for row in session.execute(query).mappings():
        yield row["key"], {name: row[name] for name in columns}


def _interactions(session: Session, scope: Scope) -> Any:
    """Calls only (dialed, inbound or entered by hand): a message the outbox sent is an interaction too, but no
    call attempt (see :func:`_messages`)."""
    source = _with_variants()["interactions"]
    return _run(
        session,
        scope,
        source,
        {"attempts": func.count(), "talk_seconds": func.coalesce(func.sum(Interaction.talk_seconds), 0)},
        Interaction.channel == Channel.CALL,
    )


def _outcomes(session: Session, scope: Scope) -> Any:
    """Outcomes with their disposition's flags. Every outcome has its call since revision 0600 (a call made by hand
    is an interaction with a ``manual_reason``); one saved before with no call is counted as an attempt of its own."""
    return _run(
        session,
        scope,
        OUTCOMES,
        {
            "without_call": func.sum(case((Outcome.interaction_id.is_(None), 1), else_=0)),
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


def _movements(session: Session, scope: Scope) -> Any:
    """Cure and roll: :func:`agent_desk.reporting.movements.movements` over the calls."""
    return movements(session, scope, _with_variants()["interactions"])


def _messages(session: Session, scope: Scope) -> Any:
    """Messages of the outbox created in the period, per channel: sent (handed to the provider), delivered (the
    provider reported it), failed (refused, given up, or reported undelivered). Their agent is the one who sent
    them from the desk; the cadence's reminders have none, so they count in totals, days and segments but in no
    agent's or team's row."""
    columns: dict[str, ColumnElement[Any]] = {}
    for channel in MESSAGE_CHANNELS:
        mine = OutboxMessage.channel == channel
        columns[f"{channel.value}_sent"] = func.sum(case((mine & OutboxMessage.sent_at.is_not(None), 1), else_=0))
        for status in (OutboxStatus.DELIVERED, OutboxStatus.FAILED):
            column = f"{channel.value}_{status.value}"
            columns[column] = func.sum(case((mine & (OutboxMessage.status == status), 1), else_=0))
    where = []
    if scope.grouping in (Grouping.AGENT, Grouping.TEAM):
        where.append(OutboxMessage.created_by_user_id.is_not(None))
    return _run(session, scope, MESSAGES, columns, *where)

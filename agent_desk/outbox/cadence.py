"""The cadence: which messages are due today, found set-wise over the whole book and queued once each.

A pass reads the few accounts, promises and payments that trigger a rule today (an index-free scan of the
accounts is a fraction of a second at a million), works out each customer's local day, stage and channel in
Python, and inserts the messages with keys that make a second pass the same day add nothing. Nothing is checked
here that can change before the message goes: the window, the caps and the flags are checked again right before
each send (:mod:`agent_desk.outbox.delivery`). Customers flagged cease-contact or opted out are left out already.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from functools import cache
from typing import Any, cast
from zoneinfo import ZoneInfo

from sqlalchemy import Table, and_, exists, select
from sqlalchemy.orm import Session, aliased

from agent_desk.outbox.facts import CustomerContacts, load_contacts
from agent_desk.outbox.queue import PlannedMessage, enqueue
from agent_desk.outbox.recipients import reachable
from agent_desk.outbox.settings import CadenceRule, OutboxSettings, local_moment
from agent_desk.outbox.templates import template_languages
from agent_desk.worklist.settings import WorklistSettings
from db.engine import Database
from db.models import (
    Account,
    CustomerFlag,
    FlagKind,
    OutboxMessage,
    Payment,
    PaymentKind,
    Promise,
    PromiseStatus,
)

BLOCKING = (FlagKind.CEASE_CONTACT, FlagKind.MESSAGE_OPT_OUT)
KEY_CHUNK = 5_000


def _table(model: Any) -> Table:
    return cast(Table, model.__table__)


_A = _table(Account).c
_F = _table(CustomerFlag).c
_PR = _table(Promise).c
_PAY = _table(Payment).c


@dataclasses.dataclass(frozen=True)
class Trigger:
    """Why a customer may get a rule's message today: the thing it is about and the local day it is for."""

    rule: CadenceRule
    customer_id: int
    key: str
    day: dt.date  # the customer's local day the message is meant for
    context: dict[str, Any]
    expires_at: dt.datetime | None = None


@dataclasses.dataclass
class CadenceReport:
    queued: int = 0
    by_template: Counter[str] = dataclasses.field(default_factory=Counter)
    candidates: int = 0
    no_channel: int = 0
    already_queued: int = 0
    seconds: dict[str, float] = dataclasses.field(default_factory=dict)


@cache
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def local_days(now: dt.datetime, zones: Iterable[str]) -> set[dt.date]:
    """Today in every zone of the policy (two dates around midnight somewhere in the country)."""
    return {now.astimezone(_zone(zone)).date() for zone in zones}


def queue_cadence(
    database: Database, now_of: Callable[[], dt.datetime], settings: OutboxSettings, worklist: WorklistSettings
) -> CadenceReport:
    """Queue every cadence message due today (each at most once, whatever the number of passes).

    The book is read in an ordinary session — on SQLite the write lock is taken only for the insert, so agents
    saving outcomes meanwhile are never held up by the search — and ``now_of`` (the clock) is read once.
    """
    now = now_of()
    with database.session() as session:
        report, planned = plan_cadence(session, now, settings, worklist)
    with database.transaction(write=True) as session:
        session.connection()
        started = time.perf_counter()
        known = existing_keys(session, [message.key for message in planned])
        fresh = [message for message in planned if message.key not in known]
        report.already_queued = len(planned) - len(fresh)
        report.queued = enqueue(session, fresh, now)
        report.by_template = Counter(message.template for message in fresh)
        report.seconds["insert"] = time.perf_counter() - started
    return report


def plan_cadence(
    session: Session, now: dt.datetime, settings: OutboxSettings, worklist: WorklistSettings
) -> tuple[CadenceReport, list[PlannedMessage]]:
    """Today's cadence messages (one per key), not yet compared with what the outbox holds."""
    report = CadenceReport()
    policy = worklist.policy
    zones = set(policy.zones) | {"Asia/Pontianak"}
    days = local_days(now, zones)
    rows: list[tuple[CadenceRule, Any]] = []
    started = time.perf_counter()
    for rule in settings.cadence:
        for row in _candidates(session, rule, days, now, worklist):
            rows.append((rule, row))
    report.candidates = len(rows)
    report.seconds["search"] = time.perf_counter() - started
    started = time.perf_counter()
    contacts = load_contacts(session, [row.customer_id for _, row in rows], now, policy, validity=False)
    report.seconds["contacts"] = time.perf_counter() - started
    started = time.perf_counter()
    planned: list[PlannedMessage] = []
    for rule, row in rows:
        customer = contacts.get(row.customer_id)
        if customer is None or customer.flags & (set(BLOCKING) | policy.blocking_flags):
            continue
        trigger = _trigger(rule, row, customer, now, worklist)
        if trigger is None:
            continue
        message = _plan(trigger, customer, settings, worklist)
        if message is None:
            report.no_channel += 1
            continue
        planned.append(message)
    report.seconds["plan"] = time.perf_counter() - started
    return report, list({message.key: message for message in planned}.values())


def existing_keys(session: Session, keys: Sequence[str]) -> set[str]:
    """Which of ``keys`` the outbox holds already."""
    found: set[str] = set()
    column = _table(OutboxMessage).c.idempotency_key
    for start in range(0, len(keys), KEY_CHUNK):
        chunk = keys[start : start + KEY_CHUNK]
        found.update(session.scalars(select(column).where(column.in_(chunk))))
    return found


def _not_blocked(customer_column: Any, blocking: frozenset[FlagKind]) -> Any:
    """No active customer-level flag that stops contact (the policy's) or messages (an opt-out)."""
    flags = aliased(CustomerFlag)
    return ~exists(
        select(1).where(
            flags.customer_id == customer_column,
            flags.contact_point_id.is_(None),
            flags.cleared_at.is_(None),
            flags.kind.in_(sorted(blocking | set(BLOCKING))),
        )
    )


def _candidates(
    session: Session, rule: CadenceRule, days: set[dt.date], now: dt.datetime, worklist: WorklistSettings
) -> Sequence[Any]:
    statuses = list(worklist.workable_statuses)
    blocking = worklist.policy.blocking_flags
    connection = session.connection()
    if rule.event == "promise_due":
        wanted = {day + dt.timedelta(days=rule.days_before) for day in days}
        return connection.execute(
            select(_PR.customer_id, _PR.id, _PR.amount, _PR.currency, _PR.due_date).where(
                _PR.status == PromiseStatus.PENDING, _PR.due_date.in_(wanted), _not_blocked(_PR.customer_id, blocking)
            )
        ).all()
    if rule.event == "promise_broken":
        since = now - dt.timedelta(days=_lookback(rule))
        return connection.execute(
            select(_PR.customer_id, _PR.id, _PR.amount, _PR.currency, _PR.due_date).where(
                _PR.status == PromiseStatus.BROKEN, _PR.judged_at >= since, _not_blocked(_PR.customer_id, blocking)
            )
        ).all()
    if rule.event == "payment_posted":
        since = now - dt.timedelta(days=_lookback(rule))
        rows = connection.execute(
            select(_A.customer_id, _PAY.id, _PAY.amount, _A.currency, _PAY.paid_at)
            .join(_table(Account), _A.id == _PAY.account_id)
            .where(
                _PAY.kind == PaymentKind.PAYMENT,
                _PAY.amount > 0,
                _PAY.posted_at >= since,
                _not_blocked(_A.customer_id, blocking),
            )
        ).all()
        if not rows:
            return rows
        # Reversals posted since the oldest of those payments, in one pass: payments has no index on what a
        # reversal undoes, so a correlated NOT EXISTS (or an IN list per chunk) would scan the table many times.
        oldest = min(row.paid_at for row in rows)
        reversed_ids = set(
            connection.scalars(
                select(_PAY.reverses_payment_id).where(_PAY.kind == PaymentKind.REVERSAL, _PAY.paid_at >= oldest)
            )
        )
        return [row for row in rows if row.id not in reversed_ids]
    if rule.days_to_due is not None:
        wanted = {day + dt.timedelta(days=rule.days_to_due) for day in days}
        late = aliased(Account)
        return connection.execute(
            select(_A.customer_id, _A.id, _A.next_due_date, _A.days_past_due, _A.updated_at).where(
                _A.next_due_date.in_(wanted),
                _A.status.in_(statuses),
                _A.outstanding > 0,
                ~and_(_A.days_past_due > 0, _A.arrears > 0),
                ~exists(
                    select(1).where(
                        late.customer_id == _A.customer_id,
                        late.days_past_due > 0,
                        late.arrears > 0,
                        late.status.in_(statuses),
                    )
                ),
                _not_blocked(_A.customer_id, blocking),
            )
        ).all()
    if rule.days_past_due:
        stage = worklist.stage(rule.stage or "")
        ceiling = stage.max_dpd if stage is not None and stage.max_dpd is not None else max(rule.days_past_due)
        worse = aliased(Account)
        rows = connection.execute(
            select(_A.customer_id, _A.id, _A.next_due_date, _A.days_past_due, _A.updated_at).where(
                _A.days_past_due > 0,
                _A.days_past_due <= max(rule.days_past_due),
                _A.arrears > 0,
                _A.status.in_(statuses),
                _A.outstanding > 0,
                ~exists(
                    select(1).where(
                        worse.customer_id == _A.customer_id,
                        worse.days_past_due > ceiling,
                        worse.arrears > 0,
                        worse.status.in_(statuses),
                    )
                ),
                _not_blocked(_A.customer_id, blocking),
            )
        ).all()
        # Only the accounts on one of the rule's days today (in some zone of the country), before anything is
        # read about their customers: the days past due age from the stored figure as the worklist ages them.
        late_days = set(rule.days_past_due)
        return [
            row
            for row in rows
            if any(row.days_past_due + max(0, (day - row.updated_at.date()).days) in late_days for day in days)
        ]
    return []


def _lookback(rule: CadenceRule) -> int:
    return rule.expires if isinstance(rule.expires, int) and rule.expires > 0 else 1


def _trigger(
    rule: CadenceRule, row: Any, customer: CustomerContacts, now: dt.datetime, worklist: WorklistSettings
) -> Trigger | None:
    zone = _zone(customer.local_zone)
    today = now.astimezone(zone).date()
    cid = row.customer_id
    if rule.event == "promise_due":
        if row.due_date != today + dt.timedelta(days=rule.days_before):
            return None
        context = {"promise_id": row.id, "promise": _money(row.amount, row.currency, row.due_date)}
        return Trigger(
            rule, cid, f"cadence:{rule.template}:p{row.id}", today, context, local_moment(row.due_date, 0, zone)
        )
    if rule.event == "promise_broken":
        context = {"promise_id": row.id, "promise": _money(row.amount, row.currency, row.due_date)}
        return Trigger(rule, cid, f"cadence:{rule.template}:p{row.id}", today, context, _expiry(rule, today, zone))
    if rule.event == "payment_posted":
        paid_day = row.paid_at.astimezone(zone).date()
        context = {
            "payment_id": row.id,
            "payment": {"amount": str(row.amount), "currency": row.currency, "day": paid_day.isoformat()},
        }
        key = f"cadence:{rule.template}:c{cid}:{paid_day.isoformat()}"
        return Trigger(rule, cid, key, today, context, _expiry(rule, today, zone))
    stage = worklist.stage(rule.stage or "")
    if rule.days_to_due is not None:
        due = row.next_due_date
        if due != today + dt.timedelta(days=rule.days_to_due) or (stage and not stage.covers(-rule.days_to_due)):
            return None
        context = {"account_id": row.id, "due_date": due.isoformat()}
        key = f"cadence:{rule.template}:c{cid}:{due.isoformat()}"
        expires = local_moment(due, 0, zone) if rule.expires == "due_date" else None
        if rule.expires == "due_date_end":
            expires = local_moment(due + dt.timedelta(days=1), 0, zone)
        return Trigger(rule, cid, key, today, context, expires or _expiry(rule, today, zone))
    dpd = row.days_past_due + max(0, (today - row.updated_at.date()).days)
    if dpd not in rule.days_past_due or (stage is not None and not stage.covers(dpd)):
        return None
    started = today - dt.timedelta(days=dpd)
    context = {"account_id": row.id, "days_past_due": dpd}
    key = f"cadence:{rule.template}:c{cid}:{started.isoformat()}:d{dpd}"
    return Trigger(rule, cid, key, today, context, _expiry(rule, today, zone))


def _expiry(rule: CadenceRule, day: dt.date, zone: ZoneInfo) -> dt.datetime:
    days = rule.expires if isinstance(rule.expires, int) else 1
    return local_moment(day + dt.timedelta(days=max(1, days)), 0, zone)


def _money(amount: Decimal, currency: str, day: dt.date) -> dict[str, str]:
    return {"amount": str(amount), "currency": currency, "due_date": day.isoformat()}


def _plan(
    trigger: Trigger, customer: CustomerContacts, settings: OutboxSettings, worklist: WorklistSettings
) -> PlannedMessage | None:
    rule = trigger.rule
    channels = [
        channel for channel in (rule.channels or settings.channel_order) if channel in settings.enabled_channels
    ]
    reach = reachable(
        customer.points,
        channels=channels,
        debtor_owners=worklist.policy.debtor_owners,
        verified_only=settings.verified_only,
        whatsapp_consent=customer.whatsapp_consent,
        whatsapp_needs_consent=settings.whatsapp_needs_consent,
        customer_opted_out=FlagKind.MESSAGE_OPT_OUT in customer.flags,
    )
    if not reach:
        return None
    first = reach[0]
    languages = template_languages(rule.template)
    language = customer.language if customer.language in languages else (languages[0] if languages else "id")
    return PlannedMessage(
        key=trigger.key,
        customer_id=trigger.customer_id,
        contact_point_id=first.point.id,
        channel=first.channel,
        template=rule.template,
        language=language,
        source="cadence",
        due_at=local_moment(trigger.day, rule.send_minute, _zone(customer.local_zone)),
        expires_at=trigger.expires_at,
        context=trigger.context,
    )

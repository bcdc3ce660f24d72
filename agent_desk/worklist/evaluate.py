"""A customer's place in the worklist at a moment: callable now or from when, why, which number, what score.

Pure: facts in, :class:`Evaluation` out. The services (rebuild, lease, outcome save, queue listing) load the
facts, call :func:`evaluate` and store or show the result.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from functools import cache
from zoneinfo import ZoneInfo

from agent_desk.compliance import (
    Attempt,
    ContactDecision,
    ContactHistory,
    DebtFacts,
    NumberFacts,
    PartyFacts,
    Policy,
    Purpose,
    decide,
)
from agent_desk.compliance.policy import local_day_start, valid_zone
from agent_desk.text import Amount, LocalTime, Message, catalog
from agent_desk.worklist.dues import DueAccount, due_accounts
from agent_desk.worklist.facts import ActionFacts, ContactFacts, CustomerFacts
from agent_desk.worklist.priority import Score, score_customer
from agent_desk.worklist.settings import Stage, WorklistSettings
from db.models import ActionKind, PromiseStatus


@dataclasses.dataclass(frozen=True)
class Evaluation:
    """Where a customer stands at ``moment``.

    Attributes:
        allowed: the customer may be called now (lawful, and due by the schedule).
        ready_at: when they may next be called (``moment`` when allowed); None until something changes.
        reasons: why not now — compliance reasons at ``moment`` and the schedule — in plain words.
        number_id / purpose: the number to dial next and why (collect, or locate on a third party's number).
        grounds: why the customer may be called from ``ready_at``: what is due, why now by the schedule, the
            window or the consent used (with its date and scope), how far the caps are used.
        callable_until: the end of the callable run that starts at ``ready_at`` (None: a day or more later).
        valid_until: until when, by time alone, this evaluation holds (the next local midnight at the latest).
        zones: every zone the rules were checked in (the customer's and the number's own).
        early_at: when an agent with nothing else to do may call before ``ready_at`` (the rules allow it and the
            schedule only prefers later: a retry, a planned call, the cadence, a best hour); None otherwise.
    """

    customer_id: int
    moment: dt.datetime
    stage: str | None
    main_account_id: int | None
    account_numbers: tuple[str, ...]
    score: Score | None
    allowed: bool
    ready_at: dt.datetime | None
    reasons: tuple[Message, ...]
    notes: tuple[Message, ...]
    number_id: int | None
    purpose: Purpose | None
    zone: str | None
    shown_zone: str
    due_action: ActionFacts | None
    decision: ContactDecision | None
    grounds: tuple[Message, ...] = ()
    callable_until: dt.datetime | None = None
    valid_until: dt.datetime | None = None
    zones: tuple[str, ...] = ()
    early_at: dt.datetime | None = None


@cache
def _zoneinfo(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def customer_zone(facts: CustomerFacts | ContactFacts, policy: Policy) -> str | None:
    """The customer's zone: explicit, else from the province; None when unknown."""
    return valid_zone(facts.timezone) or policy.zone_for_province(facts.province)


def evaluate(facts: CustomerFacts, moment: dt.datetime, settings: WorklistSettings) -> Evaluation:
    policy = settings.policy
    zone = customer_zone(facts, policy)
    shown = zone or policy.zones[0]
    today = moment.astimezone(_zoneinfo(shown)).date()
    due = due_accounts(facts, settings, today)
    ranked = sorted(due, key=lambda item: (-item.stage.sort_order, -item.amount, item.account.id))
    main = ranked[0].account if ranked else (facts.accounts[0] if facts.accounts else None)
    numbers = tuple(item.account.account_number for item in ranked) or tuple(
        account.account_number for account in facts.accounts
    )
    customer_zones = (zone,) if zone else policy.zones
    blank = Evaluation(
        customer_id=facts.customer_id,
        moment=moment,
        stage=None,
        main_account_id=main.id if main else None,
        account_numbers=numbers,
        score=None,
        allowed=False,
        ready_at=None,
        reasons=(),
        notes=(),
        number_id=None,
        purpose=None,
        zone=zone,
        shown_zone=shown,
        due_action=None,
        decision=None,
        valid_until=next_midnight(moment, customer_zones),
        zones=customer_zones,
    )
    if not due:
        return dataclasses.replace(blank, reasons=(Message.of("schedule.nothing_due"),))
    stage = ranked[0].stage
    hold = next((action for action in facts.actions if action.kind is ActionKind.HOLD), None)
    if hold is not None:
        reason = Message.of("schedule.on_hold", local=LocalTime(hold.created_at, shown, with_date=True))
        return dataclasses.replace(
            blank,
            stage=stage.code,
            score=score_customer(facts, due, settings, moment, moment, shown, None),
            reasons=(reason,),
        )
    party = PartyFacts(facts.customer_id, zone, facts.flags, facts.consents)
    debts = [DebtFacts(item.account.id, item.account.account_number) for item in ranked]
    history = ContactHistory(
        attempts=tuple(Attempt(call.at, call.contact_point_id, call.owner) for call in facts.calls),
        conversations=facts.conversations,
    )
    scheduled_at, schedule_reasons, due_action, why_now, pullable = _schedule(facts, stage, settings, moment, shown)
    start = max(moment, scheduled_at)
    preferred = due_action.contact_point_id if due_action else None
    decision, blocked_reasons = choose_number(party, facts.numbers, debts, start, history, policy, preferred)
    if decision is None or decision.permanent:
        zones = decision.zones if decision else customer_zones
        return dataclasses.replace(
            blank,
            stage=stage.code,
            score=score_customer(facts, due, settings, moment, moment, shown, due_action),
            reasons=blocked_reasons,
            notes=decision.notes if decision else (),
            number_id=decision.number_id if decision else None,
            purpose=decision.purpose if decision else None,
            due_action=due_action,
            decision=decision,
            valid_until=next_midnight(moment, zones),
            zones=zones,
        )
    ready_at = decision.next_allowed_at
    assert ready_at is not None
    allowed = ready_at == moment
    reasons: list[Message] = []
    now_decision = decision
    number = next(n for n in facts.numbers if n.id == decision.number_id)
    early_at = None
    if not allowed:
        if start > moment:
            reasons.extend(schedule_reasons)
            now_decision = decide(party, number, debts, moment, history, policy, decision.purpose)
            if pullable and now_decision.next_allowed_at is not None:
                early_at = min(now_decision.next_allowed_at, ready_at)
        reasons.extend(now_decision.reasons)
    # The callable run that starts at ready_at: why it is allowed then, and until when.
    run = decision if decision.allowed else decide(party, number, debts, ready_at, history, policy, decision.purpose)
    callable_until = run.open_until if run.allowed else ready_at
    valid_until = next_midnight(moment, run.zones)
    if callable_until is not None:
        valid_until = min(valid_until, callable_until)
    score = score_customer(facts, due, settings, moment, max(moment, ready_at), shown, due_action)
    return dataclasses.replace(
        blank,
        stage=stage.code,
        score=score,
        allowed=allowed,
        ready_at=ready_at,
        reasons=tuple(reasons),
        notes=decision.notes,
        number_id=decision.number_id,
        purpose=decision.purpose,
        due_action=due_action,
        decision=now_decision,
        grounds=(_what_is_due(ranked, today), *why_now, *run.grounds),
        early_at=moment if allowed else early_at,
        callable_until=callable_until,
        valid_until=valid_until,
        zones=run.zones,
    )


def next_midnight(moment: dt.datetime, zones: Sequence[str]) -> dt.datetime:
    """The first local midnight after ``moment`` in any of ``zones`` (days past due and caps turn over then)."""
    return min(
        local_day_start(moment.astimezone(_zoneinfo(name)).date() + dt.timedelta(days=1), _zoneinfo(name))
        for name in zones
    )


def _what_is_due(due: Sequence[DueAccount], today: dt.date) -> Message:
    """What the call is about: the arrears overdue (the longest overdue's days), else the coming bills."""
    overdue = [item for item in due if item.overdue]
    chosen = overdue or list(due)
    currency = chosen[0].account.currency
    amount = Amount(sum((item.amount for item in chosen if item.account.currency == currency), Decimal(0)), currency)
    if overdue:
        return Message.of("schedule.why.overdue", amount=amount, days=max(item.dpd for item in overdue))
    day = today - dt.timedelta(days=max(item.dpd for item in chosen))
    return Message.of("schedule.why.reminder", amount=amount, day=day)


def choose_number(
    party: PartyFacts,
    numbers: Sequence[NumberFacts],
    debts: Sequence[DebtFacts],
    moment: dt.datetime,
    history: ContactHistory,
    policy: Policy,
    preferred: int | None = None,
) -> tuple[ContactDecision | None, tuple[Message, ...]]:
    """The debtor's number callable soonest (the preferred one on a tie), else a third party's to locate them.

    Returns the decision for the chosen number, and — when no number can be called until something changes —
    every distinct reason why.
    """
    own = sorted(
        (n for n in numbers if n.owner in policy.debtor_owners),
        key=lambda n: (n.id != preferred, not n.is_primary, -n.verified_count, n.id),
    )
    best, reasons = _soonest(party, own, debts, moment, history, policy, Purpose.COLLECT)
    if (best is None or best.permanent) and Purpose.LOCATE in policy.third_party_purposes:
        others = sorted(
            (n for n in numbers if n.owner not in policy.debtor_owners and n.dialable),
            key=lambda n: (not n.is_primary, n.id),
        )
        located, locate_reasons = _soonest(party, others, debts, moment, history, policy, Purpose.LOCATE)
        if located is not None and not located.permanent:
            return located, ()
        reasons.extend(r for r in locate_reasons if r not in reasons)
    if best is None or (best.permanent and not party.flags & policy.blocking_flags):
        reasons.append(Message.of("compliance.no_number"))
    return best, tuple(reasons)


def _soonest(
    party: PartyFacts,
    numbers: Sequence[NumberFacts],
    debts: Sequence[DebtFacts],
    moment: dt.datetime,
    history: ContactHistory,
    policy: Policy,
    purpose: Purpose,
) -> tuple[ContactDecision | None, list[Message]]:
    best: ContactDecision | None = None
    reasons: list[Message] = []
    for number in numbers:
        decision = decide(party, number, debts, moment, history, policy, purpose)
        if decision.allowed:
            return decision, []
        if decision.permanent:
            reasons.extend(r for r in decision.reasons if r not in reasons)
            best = best or decision
            continue
        assert decision.next_allowed_at is not None
        if best is None or best.next_allowed_at is None or decision.next_allowed_at < best.next_allowed_at:
            best = decision
    return best, reasons


def _schedule(
    facts: CustomerFacts, stage: Stage, settings: WorklistSettings, moment: dt.datetime, zone: str
) -> tuple[dt.datetime, list[Message], ActionFacts | None, list[Message], bool]:
    """When the strategy wants the next call (due action, pending promise, cadence, stage limits, a skip's
    cool-down): the moment, why not before it, the due action, why then, and whether an agent with nothing else
    to do may call earlier (a retry, a planned call, the cadence — never a promise, a callback, a best hour, a
    stage's own limit or a skip)."""
    pullable = True
    tz = _zoneinfo(zone)
    reasons: list[Message] = []
    due_action = next((action for action in facts.actions if action.kind is not ActionKind.HOLD), None)
    debtor_calls = [call.at for call in facts.calls if call.owner in settings.policy.debtor_owners]
    if due_action is not None:
        pullable = due_action.kind in (ActionKind.RETRY, ActionKind.CALL)
        ready = due_action.due_at
        reasons.append(
            Message.of(
                "schedule.action_due",
                action=Message.of(f"action.{due_action.kind}"),
                local=LocalTime(ready, zone, with_date=True),
            )
        )
    elif any(p.status is PromiseStatus.PENDING for p in facts.promises):
        pullable = False
        pending = min((p for p in facts.promises if p.status is PromiseStatus.PENDING), key=lambda p: p.due_date)
        ready = pending.check_at or promise_deadline(pending.due_date, zone, settings)
        reasons.append(
            Message.of("schedule.promise_pending", day=pending.due_date, local=LocalTime(ready, zone, with_date=True))
        )
    elif debtor_calls and stage.min_minutes_between_attempts:
        ready = max(debtor_calls) + dt.timedelta(minutes=stage.min_minutes_between_attempts)
        reasons.append(
            Message.of(
                "schedule.cadence",
                last=LocalTime(max(debtor_calls), zone, with_date=True),
                local=LocalTime(ready, zone, with_date=True),
            )
        )
    else:
        ready = moment
    if due_action is None or due_action.kind in (ActionKind.RETRY, ActionKind.CALL):
        held = _best_hour(facts, max(ready, moment), zone, settings)
        if held is not None:
            ready = held[0]
            reasons.append(held[1])
            pullable = False  # waiting for the hour they answer is the point: an idle agent does not undo it
    why_now = list(reasons) or [Message.of("schedule.why.not_called")]
    limited = _stage_limits(debtor_calls, stage, max(ready, moment), tz)
    if limited is not None:
        pullable = False
        ready, reason = max(ready, limited[0]), limited[1]
        reasons.append(reason)
    if facts.skipped_until is not None and facts.skipped_until > moment:
        pullable = False
    if facts.skipped_until is not None and facts.skipped_until > max(ready, moment):
        ready = facts.skipped_until
        reasons.append(
            Message.of(
                "schedule.skipped",
                local=LocalTime(facts.skipped_until, zone, with_date=True),
                reason=skip_reason_words(facts.skip_reason),
            )
        )
    return ready, reasons, due_action, why_now, pullable and settings.fill_idle_time


def _best_hour(
    facts: CustomerFacts, start: dt.datetime, zone: str, settings: WorklistSettings
) -> tuple[dt.datetime, Message] | None:
    """The learned best hour in the next day, when the customer answers then much more readily than now.

    Only hours the team works (``leasing.shift``) and the window allows count; a customer is held for one only
    when the answer rate now is below ``priority.hold_for_best_hour_ratio`` of the rate then — a call at a bad
    hour rarely reaches them, and every unanswered call makes the next one less likely to be answered.
    """
    ratio = settings.priority.hold_for_best_hour_ratio
    if ratio <= 0 or facts.score is None or len(facts.score.answer_rates) != 24:
        return None
    rates = facts.score.answer_rates
    local = start.astimezone(_zoneinfo(zone))
    shift_start, shift_end, shift_zone = settings.shift
    team = _zoneinfo(shift_zone)
    window = settings.policy.window
    candidates = []
    for offset in range(1, 25):
        opens = (local.replace(minute=0, second=0, microsecond=0) + dt.timedelta(hours=offset)).astimezone(
            _zoneinfo(zone)
        )
        minute = opens.hour * 60
        in_team = opens.astimezone(team)
        team_minute = in_team.hour * 60 + in_team.minute
        if not (window.start_minute <= minute < window.end_minute and opens.weekday() in window.days):
            continue
        if not shift_start <= team_minute < shift_end - 30:
            continue
        candidates.append((rates[opens.hour], opens))
    if not candidates:
        return None
    best_rate, best_at = max(candidates, key=lambda item: (item[0], -item[1].timestamp()))
    if rates[local.hour] >= ratio * best_rate:
        return None
    return best_at.astimezone(dt.UTC), Message.of(
        "schedule.best_hour",
        local=LocalTime(best_at.astimezone(dt.UTC), zone, with_date=True),
        then=f"{round(100 * best_rate)}%",
        now=f"{round(100 * rates[local.hour])}%",
    )


def skip_reason_words(reason: str | None) -> Message | str:
    """A skip reason from the catalog in words; free text as it was typed."""
    if reason and f"skip_reason.{reason}" in catalog("en"):
        return Message.of(f"skip_reason.{reason}")
    return reason or ""


def _stage_limits(
    calls: Sequence[dt.datetime], stage: Stage, moment: dt.datetime, tz: ZoneInfo
) -> tuple[dt.datetime, Message] | None:
    limits = [
        (1, stage.max_attempts_per_day, "schedule.stage_day_limit"),
        (7, stage.max_attempts_per_week, "schedule.stage_week_limit"),
    ]
    days = sorted(call.astimezone(tz).date() for call in calls)
    day = moment.astimezone(tz).date()
    result: tuple[dt.datetime, Message] | None = None
    for span, limit, code in limits:
        if not limit:
            continue

        def count(on: dt.date, span: int = span) -> int:
            return sum(1 for d in days if on - dt.timedelta(days=span - 1) <= d <= on)

        if count(day) >= limit:
            later = day + dt.timedelta(days=1)
            while count(later) >= limit:
                later += dt.timedelta(days=1)
            opens = local_day_start(later, tz)
            if result is None or opens > result[0]:
                result = (
                    opens,
                    Message.of(code, count=count(day), limit=limit, stage=Message.of(f"bucket.{stage.code}")),
                )
    return result


def promise_deadline(due_date: dt.date, zone: str, settings: WorklistSettings) -> dt.datetime:
    """When a promise is judged: the check time on the morning ``grace_days`` after its due date."""
    day = due_date + dt.timedelta(days=settings.promise_grace_days)
    midnight = dt.datetime.combine(day, dt.time(), tzinfo=_zoneinfo(zone))
    return (midnight + dt.timedelta(minutes=settings.promise_check_minute)).astimezone(dt.UTC)

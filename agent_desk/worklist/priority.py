"""The explainable priority score: expected recovery + urgency + reachability − recent pressure.

Each part is in points and comes with the words that explain it, so the agent and the supervisor can see why a
customer is where they are in the queue. Likelihood to pay starts from the stage's base rate and moves with the
customer's own history (payments, promises kept and broken) in log-odds, so every adjustment is one line of
explanation.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Context, Decimal, localcontext
from zoneinfo import ZoneInfo

from agent_desk.text import Amount, LocalTime, Message
from agent_desk.worklist.dues import DueAccount
from agent_desk.worklist.facts import ActionFacts, CustomerFacts
from agent_desk.worklist.settings import Stage, WorklistSettings
from db.models import ActionKind, FlagKind, PaymentKind, PromiseStatus

ONE = Decimal(1)
ZERO = Decimal(0)
POINTS = Decimal("0.0001")
LN2 = Decimal(2).ln()
# Logarithms of the score need a dozen digits, not the default 28 (which makes them ten times slower).
_SCORE_MATH = Context(prec=12)
PART_NAMES = ("recovery", "urgency", "reachability", "pressure")


@dataclasses.dataclass(frozen=True)
class Score:
    total: Decimal
    likelihood: Decimal
    parts: Mapping[str, Decimal]
    explanations: tuple[Message, ...]


def likelihood_to_pay(
    facts: CustomerFacts, stage: Stage, now: dt.datetime, worst_dpd: int
) -> tuple[Decimal, list[Message]]:
    """Estimated chance (0.01–0.99) the customer pays, with the history that moved it: the scoring model's
    likelihood and its strongest reasons once the customer is scored, else the stage's base rate moved by the
    recent history (a customer not scored yet)."""
    if facts.score is not None:
        likelihood = min(max(facts.score.likelihood, Decimal("0.01")), Decimal("0.99"))
        return likelihood, [Message.of("priority.model_likelihood", rate=_percent(likelihood)), *facts.score.reasons]
    base = min(max(stage.base_likelihood, Decimal("0.01")), Decimal("0.99"))
    with localcontext(_SCORE_MATH):
        logit = (base / (ONE - base)).ln()
    why = [Message.of("priority.base_likelihood", stage=Message.of(f"bucket.{stage.code}"), rate=_percent(base))]
    last_payment = max(
        (p for p in facts.payments if p.kind is PaymentKind.PAYMENT and not _reversed(facts, p.id)),
        key=lambda p: p.paid_at,
        default=None,
    )
    if last_payment is not None and now - last_payment.paid_at <= dt.timedelta(days=30):
        logit += Decimal("0.9")
        why.append(
            Message.of(
                "priority.paid_recently",
                amount=Amount(last_payment.amount, _currency(facts)),
                day=last_payment.paid_at.date(),
            )
        )
    elif last_payment is not None:
        logit += Decimal("0.4")
        why.append(Message.of("priority.paid_before", day=last_payment.paid_at.date()))
    elif worst_dpd > 30:
        logit -= Decimal("0.2")
        why.append(Message.of("priority.no_payment"))
    judged = [
        p
        for p in facts.promises
        if p.status in (PromiseStatus.KEPT, PromiseStatus.PARTIALLY_KEPT, PromiseStatus.BROKEN)
    ]
    if judged:
        kept = sum(1 for p in judged if p.status is PromiseStatus.KEPT)
        partial = sum(1 for p in judged if p.status is PromiseStatus.PARTIALLY_KEPT)
        keep_rate = (Decimal(kept) + Decimal(partial) / 2 + 1) / (len(judged) + 2)
        logit += 2 * (keep_rate - Decimal("0.5"))
        why.append(Message.of("priority.promise_record", kept=kept, total=len(judged)))
        broken = sum(
            1 for p in judged if p.status is PromiseStatus.BROKEN and now.date() - p.due_date <= dt.timedelta(days=90)
        )
        if broken:
            logit -= Decimal("0.35") * min(broken, 3)
    if any(p.status is PromiseStatus.PENDING and p.due_date >= now.date() for p in facts.promises):
        logit += Decimal("0.5")
        why.append(Message.of("priority.promise_pending"))
    if FlagKind.HARDSHIP in facts.flags:
        logit -= Decimal("0.3")
        why.append(Message.of("priority.hardship"))
    with localcontext(_SCORE_MATH):
        probability = ONE / (ONE + (-logit).exp())
    probability = min(max(probability, Decimal("0.01")), Decimal("0.99")).quantize(POINTS)
    return probability, why


def score_customer(
    facts: CustomerFacts,
    due: Sequence[DueAccount],
    settings: WorklistSettings,
    now: dt.datetime,
    at: dt.datetime,
    zone: str,
    due_action: ActionFacts | None,
) -> Score:
    """The score of a customer who would be called at ``at`` (``now`` or later), with its parts explained."""
    constants = settings.priority
    worst = max(due, key=lambda item: (item.stage.sort_order, item.dpd))
    likelihood, why = likelihood_to_pay(facts, worst.stage, now, worst.dpd)
    explanations: list[Message] = []
    # Expected recovery, per currency, on a log scale so one huge invoice does not drown everything else; the
    # chance the customer picks up at the hour of the call scales it (an unanswered call collects nothing), and
    # that effect is the reachability part.
    answer_rate, reach_why = _reachability(facts, at, zone)
    typical = constants.typical_answer_rate
    recovery = reachability = ZERO
    per_currency: dict[str, Decimal] = {}
    for item in due:
        per_currency[item.account.currency] = per_currency.get(item.account.currency, ZERO) + item.amount
    weight = worst.stage.recovery_weight
    usual = facts.score.usual_payment if facts.score is not None else None
    for currency, amount in per_currency.items():
        # What someone can pay at once is about what they have paid lately: a deep arrears is not collected in
        # one call (twice their usual payment at most, when they have paid lately).
        collectable = min(amount, 2 * usual) if usual else amount
        expected = collectable * likelihood
        reference = constants.reference_amount.get(currency) or Decimal(1)
        with localcontext(_SCORE_MATH):
            base = constants.recovery_points * weight * (ONE + expected / reference).ln() / LN2
            now_value = expected * answer_rate / typical
            reached = constants.recovery_points * weight * (ONE + now_value / reference).ln() / LN2
        recovery += base
        reachability += reached - base
        explanations.append(
            Message.of(
                "priority.recovery",
                expected=Amount(expected.quantize(Decimal("0.01")), currency),
                due=Amount(amount, currency),
                likelihood=_percent(likelihood),
            )
        )
    explanations.extend(why)
    urgency, urgency_why = _urgency(facts, due, settings, now, zone, due_action)
    explanations.extend(urgency_why)
    explanations.append(reach_why)
    pressure, pressure_why = _pressure(facts, now, settings)
    explanations.extend(pressure_why)
    parts = {
        name: value.quantize(POINTS)
        for name, value in zip(PART_NAMES, (recovery, urgency, reachability, -pressure), strict=True)
    }
    total = sum(parts.values(), ZERO).quantize(POINTS)
    return Score(total, likelihood, parts, tuple(explanations))


def _urgency(
    facts: CustomerFacts,
    due: Sequence[DueAccount],
    settings: WorklistSettings,
    now: dt.datetime,
    zone: str,
    due_action: ActionFacts | None,
) -> tuple[Decimal, list[Message]]:
    constants = settings.priority
    points = ZERO
    why: list[Message] = []
    if due_action is not None:
        local = LocalTime(due_action.due_at, zone, with_date=True)
        if due_action.kind is ActionKind.CALLBACK:
            points += constants.callback_points
            why.append(Message.of("priority.callback_due", local=local))
        elif due_action.kind is ActionKind.ESCALATION:
            points += constants.escalation_points
            why.append(Message.of("priority.escalation"))
        elif due_action.kind is ActionKind.PROMISE_CHECK:
            points += constants.promise_check_points
            why.append(Message.of("priority.promise_check_due", local=local))
    today = now.astimezone(ZoneInfo(zone)).date()
    for promise in facts.promises:
        days = (promise.due_date - today).days
        if promise.status is PromiseStatus.PENDING and 0 <= days <= 2:
            points += constants.promise_due_points
            why.append(
                Message.of(
                    "priority.promise_due",
                    amount=Amount(promise.amount, promise.currency),
                    day=promise.due_date,
                )
            )
            break
    best_roll: tuple[Decimal, int, Stage] | None = None
    for item in due:
        if item.stage.max_dpd is None:
            continue
        days_to_roll = item.stage.max_dpd + 1 - item.dpd
        horizon = constants.roll_horizon_days
        if 0 < days_to_roll <= horizon:
            roll = constants.roll_points * Decimal(horizon - days_to_roll + 1) / Decimal(horizon)
            if best_roll is None or roll > best_roll[0]:
                next_stage = settings.stage_for(item.stage.max_dpd + 1) or item.stage
                best_roll = (roll, days_to_roll, next_stage)
    if best_roll is not None:
        points += best_roll[0]
        roll_day = now.astimezone(ZoneInfo(zone)).date() + dt.timedelta(days=best_roll[1])
        why.append(Message.of("priority.rolls", day=roll_day, stage=Message.of(f"bucket.{best_roll[2].code}")))
    return points, why


def _reachability(facts: CustomerFacts, at: dt.datetime, zone: str) -> tuple[Decimal, Message]:
    """The chance the customer answers at the local hour of ``at``: the learned rate (their calls blended with
    their segment's); before the customer is scored, the answer rate of past calls within an hour of it
    (smoothed towards 1/3)."""
    tz = ZoneInfo(zone)
    hour = at.astimezone(tz).hour
    if facts.score is not None and len(facts.score.answer_rates) == 24:
        learned = Decimal(str(facts.score.answer_rates[hour]))
        return learned, Message.of(
            "priority.answers_at", rate=_percent(learned), local=LocalTime(at, zone, with_weekday=False)
        )
    attempts = answered = 0
    for call in facts.calls:
        call_hour = call.at.astimezone(tz).hour
        if abs(call_hour - hour) <= 1:
            attempts += 1
            answered += call.answered_at is not None
    rate = (Decimal(answered) + 1) / (Decimal(attempts) + 3)
    return rate, Message.of(
        "priority.reachability",
        answered=answered,
        attempts=attempts,
        local=LocalTime(at, zone, with_weekday=False),
    )


def _pressure(facts: CustomerFacts, now: dt.datetime, settings: WorklistSettings) -> tuple[Decimal, list[Message]]:
    constants = settings.priority
    last_day = sum(1 for call in facts.calls if now - dt.timedelta(hours=24) <= call.at <= now)
    last_week = sum(1 for call in facts.calls if now - dt.timedelta(days=7) <= call.at <= now)
    talks = sum(1 for talk in facts.conversations if now - dt.timedelta(days=3) <= talk.at <= now)
    points = (
        constants.pressure_per_attempt_24h * last_day
        + constants.pressure_per_attempt_7d * last_week
        + constants.pressure_per_contact_3d * talks
    )
    why = []
    if last_week:
        why.append(Message.of("priority.pressure_calls", day=last_day, week=last_week))
    if talks:
        why.append(Message.of("priority.pressure_talks", count=talks))
    return points, why


def _reversed(facts: CustomerFacts, payment_id: int) -> bool:
    return any(p.reverses_payment_id == payment_id for p in facts.payments)


def _currency(facts: CustomerFacts) -> str:
    return facts.accounts[0].currency if facts.accounts else "IDR"


def _percent(rate: Decimal) -> str:
    return f"{(rate * 100).quantize(ONE)}%"

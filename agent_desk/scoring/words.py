"""A score's strongest reasons as the queue's words: message codes with the customer's own figures."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from agent_desk.scoring.book import FloatArray
from agent_desk.scoring.features import INDEX, NAMES
from agent_desk.text import Message

TOP_REASONS = 3
MIN_EFFECT = 0.08  # log-odds: smaller pushes are not worth a line
MIN_CALLS_FOR_HOURS = 4


def _percent(value: float) -> str:
    return f"{round(100 * value)}%"


def describe(name: str, value: float) -> Message:
    """One feature's value in words."""
    whole = round(value)
    if name == "status_latest":
        return Message.of(
            "scoring.reason.status_latest_clear" if whole == 0 else "scoring.reason.status_latest", months=whole
        )
    if name in ("status_sum6", "status_max6"):
        return Message.of(f"scoring.reason.{name}", months=whole)
    if name in ("late_streak", "bills_unpaid", "promises_broken_90d", "promises_180d"):
        return Message.of(f"scoring.reason.{name}", count=whole)
    if name == "status_trend":
        return Message.of("scoring.reason.arrears_growing" if value > 0 else "scoring.reason.arrears_shrinking")
    if name == "paid_trend":
        return Message.of("scoring.reason.paying_more" if value > 0 else "scoring.reason.paying_less")
    if name in ("paid_months_3", "paid_months_6"):
        return Message.of("scoring.reason.paid_months", count=whole, months=3 if name.endswith("3") else 6)
    if name in ("pay_ratio_3m", "pay_ratio_6m"):
        return Message.of("scoring.reason.pay_ratio", percent=_percent(value), months=3 if "3m" in name else 6)
    if name == "days_since_payment":
        return Message.of(
            "scoring.reason.no_payment_year" if value >= 365 else "scoring.reason.days_since_payment", days=whole
        )
    if name == "utilisation":
        return Message.of("scoring.reason.utilisation", percent=_percent(value))
    if name == "keep_rate":
        return Message.of("scoring.reason.keep_rate", percent=_percent(value))
    if name in ("answer_rate_90d", "right_party_rate_90d"):
        return Message.of(f"scoring.reason.{name}", percent=_percent(value))
    if name == "tenure_months":
        return Message.of("scoring.reason.tenure", months=whole)
    return Message.of("scoring.reason.statements", count=whole)


def top_reasons(values: FloatArray, contributions: FloatArray) -> list[Message]:
    """The features that moved one customer's log-odds most, strongest first (both directions)."""
    order = np.argsort(-np.abs(contributions))
    reasons = []
    for position in order[:TOP_REASONS]:
        if abs(contributions[position]) < MIN_EFFECT:
            break
        reasons.append(describe(NAMES[position], float(values[position])))
    return reasons


def best_hour_starts(rates: FloatArray, calls: FloatArray) -> np.ndarray[Any, np.dtype[np.int64]]:
    """Per customer, the start of their best two daytime hours when their own calls show a clear best time of
    day (the pair of hours answered at least 1.25 times their daytime average), else −1."""
    day = rates[:, 8:20]
    pairs = day[:, :-1] + day[:, 1:]
    best = np.argmax(pairs, axis=1)
    clear = (pairs.max(axis=1) / 2 >= 1.25 * day.mean(axis=1)) & (calls >= MIN_CALLS_FOR_HOURS)
    return np.asarray(np.where(clear, best + 8, -1), dtype=np.int64)


def hours_message(start: int) -> Message:
    """ "Answers most around 18:00–20:00"."""
    return Message.of("scoring.reason.best_hours", start=f"{start:02d}:00", end=f"{start + 2:02d}:00")


def best_hours(rates: Sequence[float], calls: int) -> Message | None:
    """One customer's :func:`best_hour_starts` as words (None without a clear best time)."""
    start = int(best_hour_starts(np.array([rates], dtype=np.float64), np.array([float(calls)]))[0])
    return hours_message(start) if start >= 0 else None


def feature_value(values: FloatArray, name: str) -> float:
    return float(values[INDEX[name]])

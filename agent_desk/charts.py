"""Figures behind the profile's charts, computed without Qt."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

ZERO = Decimal("0.00")


@dataclasses.dataclass(frozen=True)
class MonthFigures:
    month: dt.date  # the first day of the month
    due: Decimal
    paid: Decimal


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def due_vs_paid_by_month(
    dues: Iterable[tuple[dt.date, Decimal]],
    payments: Iterable[tuple[dt.date, Decimal]],
    *,
    until: dt.date,
    months: int = 12,
) -> list[MonthFigures]:
    """Amount due and amount paid per calendar month, for the ``months`` months ending with ``until``'s month.

    Reversals come in as negative payments and lower the month they were booked in.
    """
    last = month_start(until)
    starts = []
    cursor = last
    for _ in range(months):
        starts.append(cursor)
        cursor = month_start(cursor - dt.timedelta(days=1))
    starts.reverse()
    due = dict.fromkeys(starts, ZERO)
    paid = dict.fromkeys(starts, ZERO)
    for day, amount in dues:
        key = month_start(day)
        if key in due:
            due[key] += amount
    for day, amount in payments:
        key = month_start(day)
        if key in paid:
            paid[key] += amount
    return [MonthFigures(start, due[start], paid[start]) for start in starts]

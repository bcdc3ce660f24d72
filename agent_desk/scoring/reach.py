"""When people answer: answer rates by local hour of the day, per customer and per segment, learned from calls.

A customer's rate at an hour is their own answered/attempted calls around that hour (the hour itself, and half
weight for the hours next to it), shrunk towards their segment's rate at that hour — so a customer with three
calls is mostly their segment, one with thirty mostly themselves. The segment is the customer's time zone.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from agent_desk.scoring.book import Book, FloatArray

HOURS = 24
HISTORY_DAYS = 180.0
SHRINK = 4.0  # calls' worth of weight the segment's rate gets
SEGMENT_PRIOR = (1.0, 3.0)  # a segment with no calls yet: 1 answered in 3


def _hourly(book: Book, now_day: float) -> tuple[FloatArray, FloatArray]:
    """Calls and answered calls per customer and local hour (customers × 24), over the last 180 days."""
    mask = (book.call_day < now_day) & (book.call_day >= now_day - HISTORY_DAYS)
    customer = book.call_customer[mask]
    local = (book.call_day[mask] * 24 + book.utc_offset_hours[customer]) % 24
    hour = np.floor(local).astype(np.int64)
    cell = customer * HOURS + hour
    size = book.size * HOURS
    calls = np.bincount(cell, minlength=size).reshape(book.size, HOURS).astype(np.float64)
    answered = np.bincount(cell[book.call_answered[mask]], minlength=size).reshape(book.size, HOURS)
    return calls, answered.astype(np.float64)


def _spread(counts: FloatArray) -> FloatArray:
    """The hour itself plus half of each neighbouring hour."""
    return np.asarray(counts + 0.5 * (np.roll(counts, 1, axis=1) + np.roll(counts, -1, axis=1)))


class SegmentCounts:
    """Calls and answers per segment and local hour, summed over slices of the book."""

    def __init__(self) -> None:
        self.calls: dict[str, FloatArray] = {}
        self.answered: dict[str, FloatArray] = {}

    def add(self, book: Book, now_day: float) -> None:
        calls, answered = _hourly(book, now_day)
        for offset in np.unique(book.utc_offset_hours):
            members = book.utc_offset_hours == offset
            key = _key(float(offset))
            self.calls[key] = self.calls.get(key, np.zeros(HOURS)) + calls[members].sum(axis=0)
            self.answered[key] = self.answered.get(key, np.zeros(HOURS)) + answered[members].sum(axis=0)

    def rates(self) -> dict[str, list[float]]:
        """Answer rate by local hour per segment (UTC offset as text)."""
        result = {}
        for key, calls in self.calls.items():
            spread_calls = _spread(calls.reshape(1, HOURS))[0]
            spread_answered = _spread(self.answered[key].reshape(1, HOURS))[0]
            rates = (spread_answered + SEGMENT_PRIOR[0]) / (spread_calls + SEGMENT_PRIOR[1])
            result[key] = [round(float(rate), 4) for rate in rates]
        return result


def segment_rates(book: Book, now_day: float) -> dict[str, list[float]]:
    """Answer rate by local hour per segment (UTC offset as text), over every customer of ``book``."""
    counts = SegmentCounts()
    counts.add(book, now_day)
    return counts.rates()


def customer_rates(
    book: Book, now_day: float, segments: Mapping[str, Sequence[float]]
) -> tuple[FloatArray, FloatArray]:
    """Each customer's answer rate by local hour (customers × 24), and how many calls it rests on."""
    calls, answered = _hourly(book, now_day)
    default = [SEGMENT_PRIOR[0] / SEGMENT_PRIOR[1]] * HOURS
    prior = np.array([segments.get(_key(float(offset)), default) for offset in book.utc_offset_hours])
    prior = prior.reshape(book.size, HOURS)
    rates = (_spread(answered) + SHRINK * prior) / (_spread(calls) + SHRINK)
    return np.asarray(rates), np.asarray(calls.sum(axis=1))


def _key(offset: float) -> str:
    return f"{offset:+.1f}"

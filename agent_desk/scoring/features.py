"""Features of every customer as of a moment, and what happened in the 30 days after it (the label).

All from the arrays of :class:`~agent_desk.scoring.book.Book`, with vectorised code: a reference moment ``t``
masks the history before it, and per-customer sums are ``bincount``s. The same function serves the fit (many
reference moments in the past) and the score (the moment now), so training and scoring can never disagree.

A statement's status is the months in arrears it showed when it was issued (as a lender's monthly repayment-status
column reads): how many of the customer's bills due by then were unpaid when its grace days ran out.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from agent_desk.scoring.book import Book, BoolArray, FloatArray, IntArray

GRACE_DAYS = 3.0
MONTH = 30.0
HISTORY = 6  # statements in the status sequence
MAX_STATUS = 12  # months in arrears counted at most
WINDOW_DAYS = 30.0  # the label: paid within this many days
PAID_SHARE = 0.9  # … at least this share of the latest bill (or of what was owed, when less)
NO_PAYMENT_DAYS = 400.0


@dataclasses.dataclass(frozen=True)
class Feature:
    """A feature, the direction domain sense demands of its effect (+1 raises the likelihood, -1 lowers it,
    0 either way), and its neutral value (the middle of the road, used to explain a score)."""

    name: str
    direction: int
    neutral: float


FEATURES: tuple[Feature, ...] = (
    Feature("status_latest", -1, 0.0),
    Feature("status_sum6", -1, 1.0),
    Feature("status_max6", -1, 1.0),
    Feature("late_streak", -1, 0.0),
    Feature("status_trend", -1, 0.0),
    Feature("bills_unpaid", -1, 0.0),
    Feature("paid_months_3", 1, 2.0),
    Feature("paid_months_6", 1, 4.0),
    Feature("paid_trend", 1, 0.0),
    Feature("pay_ratio_3m", 1, 1.0),
    Feature("pay_ratio_6m", 1, 1.0),
    Feature("days_since_payment", -1, 30.0),
    Feature("utilisation", -1, 0.5),
    Feature("keep_rate", 1, 0.5),
    Feature("promises_broken_90d", -1, 0.0),
    Feature("promises_180d", 0, 0.0),
    Feature("answer_rate_90d", 0, 1 / 3),
    Feature("right_party_rate_90d", 0, 0.25),
    Feature("tenure_months", 0, 12.0),
    Feature("statements", 0, 6.0),
)
NAMES = tuple(feature.name for feature in FEATURES)
INDEX = {name: position for position, name in enumerate(NAMES)}


@dataclasses.dataclass(frozen=True)
class Snapshot:
    """Features of every customer of a book at day ``t``; ``due`` is what they owed then (overdue, or coming due
    within the label window); ``label`` whether they paid enough of it in the window (None when not looked at)."""

    t: float
    matrix: FloatArray
    due: FloatArray
    label: BoolArray | None

    @property
    def eligible(self) -> BoolArray:
        """Customers the likelihood is about: they owed something at ``t``."""
        return np.asarray(self.due > 0.005)

    def column(self, name: str) -> FloatArray:
        return np.asarray(self.matrix[:, INDEX[name]])


def snapshot(book: Book, t: float, *, with_label: bool = False) -> Snapshot:
    """The features of every customer of ``book`` as of day ``t`` (and the label, when asked)."""
    n = book.size
    columns: dict[str, FloatArray] = {}
    status, rank, eligible = _statuses(book, t)
    customer = book.bill_customer[eligible]
    rank = rank[eligible]
    status = status[eligible]

    def per_customer(values: FloatArray, mask: BoolArray | None = None) -> FloatArray:
        if mask is None:
            return np.asarray(np.bincount(customer, weights=values, minlength=n), dtype=np.float64)
        return np.asarray(np.bincount(customer[mask], weights=values[mask], minlength=n), dtype=np.float64)

    latest = rank == 0
    columns["status_latest"] = per_customer(status, latest)
    recent = rank < HISTORY
    columns["status_sum6"] = per_customer(status, recent)
    status_max = np.zeros(n)
    np.maximum.at(status_max, customer[recent], status[recent])
    columns["status_max6"] = status_max
    columns["late_streak"] = _streak(customer, rank, status, n)
    first = per_customer(status, rank < 3) / np.maximum(per_customer(np.ones_like(status), rank < 3), 1)
    second_mask = (rank >= 3) & (rank < HISTORY)
    second = per_customer(status, second_mask) / np.maximum(per_customer(np.ones_like(status), second_mask), 1)
    has_second = per_customer(np.ones_like(status), second_mask) > 0
    columns["status_trend"] = np.where(has_second, first - second, 0.0)
    unpaid = (book.bill_paid_on[eligible] > t) & (book.bill_due[eligible] < t - GRACE_DAYS)
    columns["bills_unpaid"] = per_customer(unpaid.astype(np.float64))
    columns["statements"] = np.minimum(np.bincount(customer, minlength=n).astype(np.float64), 24)
    columns.update(_paid_months(book, t))
    columns["pay_ratio_3m"] = _pay_ratio(book, t, 90)
    columns["pay_ratio_6m"] = _pay_ratio(book, t, 180)
    columns["days_since_payment"] = _days_since_payment(book, t)
    columns["utilisation"] = _utilisation(book, t)
    columns.update(_promises(book, t))
    columns.update(_calls(book, t))
    first_due = np.full(n, np.inf)
    np.minimum.at(first_due, customer, book.bill_due[eligible])
    columns["tenure_months"] = np.where(np.isfinite(first_due), np.minimum((t - first_due) / MONTH, 120), 0.0)
    matrix = np.column_stack([columns[name] for name in NAMES]).astype(np.float64, copy=False)
    due = _owed(book, t)
    label = _label(book, t, due) if with_label else None
    return Snapshot(t, matrix, due, label)


def _statuses(book: Book, t: float) -> tuple[FloatArray, IntArray, BoolArray]:
    """Each statement's status, its rank counted back from the customer's latest statement before ``t`` (0 =
    latest), and which statements count (those issued before ``t``). Bills are sorted by customer, then due date.

    A statement's status is the months in arrears it shows, the way a lender's repayment-status column does: how
    many of the customer's bills due by then were still unpaid when its grace days ran out.
    """
    issued = book.bill_due + np.float32(GRACE_DAYS)
    eligible = issued < t
    customer = book.bill_customer
    paid_on = book.bill_paid_on
    # Counted in place on shifted views (the bill ``back`` places earlier in the sorted arrays): no index arrays
    # the size of the book.
    status = np.asarray(paid_on > issued, dtype=np.int8)
    for back in range(1, MAX_STATUS):
        if back >= len(issued):
            break
        same = customer[back:] == customer[:-back]
        same &= paid_on[:-back] > issued[back:]
        status[back:] += same
    counts = np.bincount(customer[eligible], minlength=book.size).astype(np.int32)
    starts = np.searchsorted(customer, np.arange(book.size, dtype=np.int32)).astype(np.int32)
    rank = counts[customer]
    rank -= 1
    rank -= np.arange(len(customer), dtype=np.int32)
    rank += starts[customer]
    return status.astype(np.float32), rank, eligible


def _streak(customer: IntArray, rank: IntArray, status: FloatArray, n: int) -> FloatArray:
    """How many of the latest bills in a row were late (within the status history)."""
    recent = rank < HISTORY
    on_time = recent & (status <= 0)
    first_on_time = np.full(n, float(HISTORY))
    np.minimum.at(first_on_time, customer[on_time], rank[on_time].astype(np.float64))
    bills = np.minimum(np.bincount(customer[recent], minlength=n), HISTORY).astype(np.float64)
    return np.asarray(np.minimum(first_on_time, bills), dtype=np.float64)


def _pay_ratio(book: Book, t: float, days: float) -> FloatArray:
    """Payments in the ``days`` before ``t`` over the bills due in them (1 when no bill was due)."""
    n = book.size
    paid_mask = (book.payment_day < t) & (book.payment_day >= t - days)
    paid = np.bincount(book.payment_customer[paid_mask], weights=book.payment_amount[paid_mask], minlength=n)
    due_mask = (book.bill_due < t) & (book.bill_due >= t - days)
    billed = np.bincount(book.bill_customer[due_mask], weights=book.bill_amount[due_mask], minlength=n)
    ratio = np.where(billed > 0, paid / np.where(billed > 0, billed, 1.0), 1.0)
    return np.asarray(np.clip(ratio, 0.0, 2.0))


def _paid_months(book: Book, t: float) -> dict[str, FloatArray]:
    """In how many of the last 3 and 6 thirty-day spans before ``t`` the customer paid at least a bill's worth,
    and whether that is more or less often lately (the latest three spans against the three before)."""
    n = book.size
    bill = np.zeros(n)
    issued = book.bill_due < t
    bill[book.bill_customer[issued]] = book.bill_amount[issued]  # the latest bill (sorted by due date)
    paid_in = np.zeros((HISTORY, n))
    for span in range(HISTORY):
        mask = (book.payment_day < t - MONTH * span) & (book.payment_day >= t - MONTH * (span + 1))
        paid_in[span] = np.bincount(book.payment_customer[mask], weights=book.payment_amount[mask], minlength=n)
    hits = (paid_in >= PAID_SHARE * bill - 0.005) & (bill > 0)
    recent = hits[:3].sum(axis=0).astype(np.float64)
    total = hits.sum(axis=0).astype(np.float64)
    return {"paid_months_3": recent, "paid_months_6": total, "paid_trend": (recent - (total - recent)) / 3}


def _days_since_payment(book: Book, t: float) -> FloatArray:
    mask = (book.payment_day < t) & (book.payment_amount > 0)
    last = np.full(book.size, -np.inf)
    np.maximum.at(last, book.payment_customer[mask], book.payment_day[mask])
    return np.asarray(np.minimum(t - last, NO_PAYMENT_DAYS))


def _utilisation(book: Book, t: float) -> FloatArray:
    """Balance over the limit (the principal) at ``t``: today's balance plus what was paid since."""
    mask = book.payment_day >= t
    paid_since = np.bincount(book.payment_customer[mask], weights=book.payment_amount[mask], minlength=book.size)
    balance = book.outstanding + paid_since
    ratio = np.where(book.principal > 0, balance / np.where(book.principal > 0, book.principal, 1.0), 0.5)
    return np.asarray(np.clip(ratio, 0.0, 2.0))


def _promises(book: Book, t: float) -> dict[str, FloatArray]:
    n = book.size
    judged = book.promise_judged_day < t
    kept = judged & (book.promise_status == 1)
    partial = judged & (book.promise_status == 2)
    broken = judged & (book.promise_status == 3)

    def count(mask: BoolArray) -> FloatArray:
        return np.bincount(book.promise_customer[mask], minlength=n).astype(np.float64)

    judged_count = count(kept | partial | broken)
    keep_rate = (count(kept) + count(partial) / 2 + 1) / (judged_count + 2)
    recent_broken = broken & (book.promise_judged_day >= t - 90)
    made = (book.promise_day < t) & (book.promise_day >= t - 180)
    return {"keep_rate": keep_rate, "promises_broken_90d": count(recent_broken), "promises_180d": count(made)}


def _calls(book: Book, t: float) -> dict[str, FloatArray]:
    n = book.size
    mask = (book.call_day < t) & (book.call_day >= t - 90)
    calls = np.bincount(book.call_customer[mask], minlength=n).astype(np.float64)
    answered = np.bincount(book.call_customer[mask & book.call_answered], minlength=n).astype(np.float64)
    reached = np.bincount(book.call_customer[mask & book.call_right_party], minlength=n).astype(np.float64)
    return {"answer_rate_90d": (answered + 1) / (calls + 3), "right_party_rate_90d": (reached + 0.5) / (calls + 2)}


def _owed(book: Book, t: float) -> FloatArray:
    """What each customer owed at ``t``: bills unpaid then that were due before ``t`` plus the label window."""
    mask = (book.bill_due < t + WINDOW_DAYS) & (book.bill_paid_on > t)
    return np.asarray(
        np.bincount(book.bill_customer[mask], weights=book.bill_amount[mask], minlength=book.size), dtype=np.float64
    )


def _label(book: Book, t: float, due: FloatArray) -> BoolArray:
    """Within the 30 days after ``t``, paid at least the latest bill (or what was owed, when less): the statement
    was followed by a payment, not by deeper arrears."""
    mask = (book.payment_day >= t) & (book.payment_day < t + WINDOW_DAYS)
    paid = np.bincount(book.payment_customer[mask], weights=book.payment_amount[mask], minlength=book.size)
    latest_bill = np.zeros(book.size)
    issued = book.bill_due < t + WINDOW_DAYS
    # Bills are sorted by due date within a customer: the last write wins, which is the latest bill.
    latest_bill[book.bill_customer[issued]] = book.bill_amount[issued]
    target = np.minimum(due, latest_bill) * PAID_SHARE
    return np.asarray((due > 0) & (paid >= target - 0.005))

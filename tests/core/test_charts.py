from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from agent_desk.charts import due_vs_paid_by_month

D = Decimal


def test_months_end_with_the_given_one_and_reversals_lower_their_month() -> None:
    figures = due_vs_paid_by_month(
        dues=[
            (dt.date(2026, 10, 5), D("500000.00")),
            (dt.date(2026, 11, 5), D("500000.00")),
            (dt.date(2025, 1, 5), D("1.00")),
        ],
        payments=[
            (dt.date(2026, 10, 3), D("500000.00")),
            (dt.date(2026, 11, 20), D("200000.00")),
            (dt.date(2026, 11, 21), D("-200000.00")),
        ],
        until=dt.date(2026, 11, 24),
        months=3,
    )
    assert [f.month for f in figures] == [dt.date(2026, 9, 1), dt.date(2026, 10, 1), dt.date(2026, 11, 1)]
    assert [(f.due, f.paid) for f in figures] == [
        (D("0.00"), D("0.00")),
        (D("500000.00"), D("500000.00")),
        (D("500000.00"), D("0.00")),
    ]


@given(
    st.lists(
        st.tuples(st.dates(dt.date(2025, 12, 1), dt.date(2026, 11, 30)), st.decimals(0, 10**9, places=2)), max_size=30
    )
)
def test_every_amount_inside_the_window_is_counted_once(payments: list[tuple[dt.date, Decimal]]) -> None:
    figures = due_vs_paid_by_month([], payments, until=dt.date(2026, 11, 30), months=12)
    assert sum(f.paid for f in figures) == sum((amount for _, amount in payments), Decimal("0.00"))

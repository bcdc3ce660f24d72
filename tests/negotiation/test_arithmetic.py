"""Plan arithmetic in Decimal: schedules sum exactly, discounts add up, dates step as promised."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agent_desk.negotiation import PlanDraft, add_months, build_schedule, discount
from agent_desk.negotiation.plans import affordability, due_dates
from db.models import PlanKind

FREQUENCY = st.sampled_from(("weekly", "biweekly", "monthly"))
DAY = st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2030, 12, 31))


@st.composite
def splits(draw: st.DrawFn) -> tuple[Decimal, int, Decimal | None, int]:
    minor = draw(st.sampled_from((0, 2)))
    unit = Decimal(1).scaleb(-minor)
    count = draw(st.integers(1, 60))
    units = draw(st.integers(count, 10**11))
    total = Decimal(units) * unit
    first = None
    if count > 1 and units - count >= 1 and draw(st.booleans()):
        first = Decimal(draw(st.integers(1, units - (count - 1)))) * unit
    return total, count, first, minor


@given(splits(), DAY, FREQUENCY)
def test_a_schedule_sums_exactly_in_whole_minor_units(
    split: tuple[Decimal, int, Decimal | None, int], first_date: dt.date, frequency: str
) -> None:
    total, count, first, minor = split
    unit = Decimal(1).scaleb(-minor)
    schedule = build_schedule(
        total, installments=count, first_amount=first, first_date=first_date, frequency=frequency, minor_unit=minor
    )
    amounts = [payment.amount for payment in schedule]
    assert len(schedule) == count
    assert sum(amounts, Decimal(0)) == total
    assert all(amount > 0 and amount == amount.quantize(unit) for amount in amounts)
    assert [payment.seq for payment in schedule] == list(range(1, count + 1))
    dates = [payment.due_date for payment in schedule]
    assert dates[0] == first_date
    assert all(a < b for a, b in itertools.pairwise(dates))
    if first is not None:
        assert amounts[0] == first
    regular = amounts[1:-1] if first is not None else amounts[:-1]
    if regular:
        # Equal regular payments; the last absorbs the remainder (never less, and less than one more each).
        assert len(set(regular)) == 1
        assert regular[0] <= amounts[-1] < regular[0] + unit * (count - 1 if first is None else count - 2 or 1) + unit


def test_an_equal_split_gives_the_rounding_to_the_last_payment() -> None:
    schedule = build_schedule(
        Decimal(1_000_000),
        installments=3,
        first_amount=None,
        first_date=dt.date(2026, 12, 1),
        frequency="monthly",
        minor_unit=0,
    )
    assert [p.amount for p in schedule] == [Decimal(333_333), Decimal(333_333), Decimal(333_334)]
    assert [p.due_date for p in schedule] == [dt.date(2026, 12, 1), dt.date(2027, 1, 1), dt.date(2027, 2, 1)]


def test_a_down_payment_then_equal_payments() -> None:
    schedule = build_schedule(
        Decimal(1_000_000),
        installments=4,
        first_amount=Decimal(400_000),
        first_date=dt.date(2026, 12, 1),
        frequency="weekly",
        minor_unit=0,
    )
    assert [p.amount for p in schedule] == [Decimal(400_000), Decimal(200_000), Decimal(200_000), Decimal(200_000)]
    assert schedule[-1].due_date == dt.date(2026, 12, 22)


def test_monthly_dates_keep_the_day_clamped_to_the_month_end() -> None:
    assert due_dates(dt.date(2027, 1, 31), 4, "monthly") == (
        dt.date(2027, 1, 31),
        dt.date(2027, 2, 28),
        dt.date(2027, 3, 31),
        dt.date(2027, 4, 30),
    )
    assert due_dates(dt.date(2028, 1, 31), 2, "monthly")[1] == dt.date(2028, 2, 29)
    assert add_months(dt.date(2026, 11, 30), 3) == dt.date(2027, 2, 28)
    assert due_dates(dt.date(2026, 12, 29), 2, "biweekly")[1] == dt.date(2027, 1, 12)


@given(DAY, st.integers(1, 40))
def test_monthly_dates_use_the_first_day_of_month_or_the_month_end(first: dt.date, count: int) -> None:
    for day in due_dates(first, count, "monthly"):
        assert day.day == first.day or (day.day < first.day and (day + dt.timedelta(days=1)).day == 1)


@pytest.mark.parametrize(
    ("total", "count", "first"),
    [
        (Decimal(2), 3, None),  # two rupiah cannot make three payments
        (Decimal(100), 2, Decimal(100)),  # nothing left for the second
        (Decimal("100.5"), 2, None),  # not whole rupiah
        (Decimal(100), 0, None),
        (Decimal(100), 1, Decimal(50)),
    ],
)
def test_impossible_splits_are_refused(total: Decimal, count: int, first: Decimal | None) -> None:
    with pytest.raises(ValueError, match=r"\w"):
        build_schedule(
            total,
            installments=count,
            first_amount=first,
            first_date=dt.date(2026, 12, 1),
            frequency="monthly",
            minor_unit=0,
        )


def test_an_unknown_frequency_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown frequency"):
        build_schedule(
            Decimal(100),
            installments=2,
            first_amount=None,
            first_date=dt.date(2026, 12, 1),
            frequency="daily",
            minor_unit=0,
        )


@given(
    st.integers(1, 10**13).map(lambda cents: Decimal(cents).scaleb(-2)),
    st.integers(0, 10_000).map(lambda basis: Decimal(basis).scaleb(-4)),
    st.sampled_from((0, 2)),
)
def test_discount_and_total_add_up_to_the_base(base: Decimal, rate: Decimal, minor: int) -> None:
    unit = Decimal(1).scaleb(-minor)
    discount_amount, total = discount(base, rate, minor)
    assert discount_amount + total == base
    assert total == total.quantize(unit) and total >= 0
    # The customer never pays a fraction of a rupiah: the discount is the rate's, plus under one minor unit.
    assert base * rate <= discount_amount < base * rate + unit


@pytest.mark.parametrize("rate", [Decimal("-0.01"), Decimal("1.0001")])
def test_a_rate_outside_zero_to_one_is_refused(rate: Decimal) -> None:
    with pytest.raises(ValueError, match="between 0 and 1"):
        discount(Decimal(100), rate, 0)


def test_settlement_arithmetic_in_rupiah() -> None:
    assert discount(Decimal(9_000_000), Decimal("0.15"), 0) == (Decimal(1_350_000), Decimal(7_650_000))
    assert discount(Decimal(1_000_001), Decimal("0.1"), 0) == (Decimal("100000.1") + Decimal("0.9"), Decimal(900_000))


def test_a_draft_survives_json() -> None:
    draft = PlanDraft(
        kind=PlanKind.SETTLEMENT,
        customer_id=3,
        account_id=None,
        currency="IDR",
        base_amount=Decimal("9000000.00"),
        discount_rate=Decimal("0.15"),
        installments=3,
        first_amount=Decimal(3_000_000),
        first_date=dt.date(2026, 12, 1),
        frequency="biweekly",
        stated_income=Decimal(8_000_000),
        stated_expenses=None,
    )
    import json

    assert PlanDraft.from_dict(json.loads(json.dumps(draft.to_dict()))) == draft


def test_affordability_compares_the_monthly_load_with_disposable_income() -> None:
    schedule = build_schedule(
        Decimal(1_200_000),
        installments=4,
        first_amount=None,
        first_date=dt.date(2026, 12, 1),
        frequency="weekly",
        minor_unit=0,
    )
    check = affordability(
        schedule,
        frequency="weekly",
        income=Decimal(6_000_000),
        expenses=Decimal(4_000_000),
        affordable_share=Decimal("0.30"),
        currency="IDR",
        minor_unit=0,
    )
    assert check.disposable == Decimal(2_000_000)
    assert check.per_month == Decimal(1_300_000)  # 300,000 a week × 52 / 12
    assert check.affordable is False and check.share == Decimal("0.65")
    assert "65%" in check.message.render("en") and "Rp 1.300.000" in check.message.render("id")
    unknown = affordability(
        schedule,
        frequency="weekly",
        income=None,
        expenses=None,
        affordable_share=Decimal("0.3"),
        currency="IDR",
        minor_unit=0,
    )
    assert unknown.affordable is None and unknown.share is None

"""The profile's figures, computed without Qt: numbers, learned hours, installments, the chart, the timeline."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest

from agent_desk import profile_view as view
from agent_desk.compliance.policy import load_policy
from agent_desk.worklist.profile import (
    AccountView,
    ActionView,
    ContactPointView,
    CustomerProfile,
    FlagView,
    InstallmentView,
    InteractionView,
    PaymentView,
    PlanView,
    PromiseView,
)
from db.models import (
    AccountStatus,
    ActionKind,
    ContactKind,
    ContactOwner,
    Direction,
    FlagKind,
    PlanKind,
    PlanStatus,
    PromiseStatus,
)

D = Decimal
UTC = dt.UTC
NOW = dt.datetime(2026, 11, 24, 2, 30, tzinfo=UTC)  # Tuesday 09:30 WIB, 10:30 WITA
POLICY = load_policy()
DEBTOR = frozenset({ContactOwner.SELF})
BLOCKING = POLICY.blocking_flags


def point(point_id: int = 1, **changes: object) -> ContactPointView:
    base = ContactPointView(
        id=point_id,
        kind=ContactKind.MOBILE,
        owner=ContactOwner.SELF,
        owner_name=None,
        e164="+6281269321143",
        raw_value="0812-6932-1143",
        dialable=True,
        invalid_reason=None,
        is_primary=True,
        timezone_override=None,
        verified_count=1,
        wrong_number_count=0,
        invalidated_at=None,
        valid_from=None,
        valid_until=None,
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def call(at: dt.datetime, *, answered: bool = True, point_id: int = 1, inbound: bool = False) -> InteractionView:
    return InteractionView(
        id=int(at.timestamp()),
        started_at=at,
        answered_at=at + dt.timedelta(seconds=5) if answered else None,
        ended_at=at + dt.timedelta(minutes=2),
        talk_seconds=115 if answered else None,
        contact_point_id=point_id,
        user_id=3,
        sip_code=200 if answered else 480,
        disposition_code="promise_to_pay" if answered else "no_answer",
        notes=None,
        recording_path=None,
        direction=Direction.INBOUND if inbound else Direction.OUTBOUND,
        right_party=answered,
    )


def account(**changes: object) -> AccountView:
    base = AccountView(
        id=7,
        account_number="PL7000000001",
        product="personal_loan",
        product_name="KTA",
        creditor="Bank",
        currency="IDR",
        principal=D("10000000.00"),
        outstanding=D("6000000.00"),
        arrears=D("2000000.00"),
        minimum_due=None,
        installment_amount=D("1000000.00"),
        days_past_due=45,
        bucket="dpd_31_60",
        next_due_date=dt.date(2026, 12, 5),
        status=AccountStatus.DELINQUENT,
        updated_at=NOW,
        installments=(),
        payments=(),
        instructions=(),
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def payment(pay_id: int, at: dt.datetime, amount: str, *, reverses: int | None = None) -> PaymentView:
    return PaymentView(
        id=pay_id,
        kind="reversal" if reverses else "payment",
        paid_at=at,
        amount=D(amount),
        channel="VA BCA",
        reference=f"REF{pay_id}",
        reverses_payment_id=reverses,
        posted_at=at,
    )


def profile(**changes: object) -> CustomerProfile:
    base = CustomerProfile(
        id=1,
        customer_number="CIF1",
        full_name="Siti",
        national_id_masked="••••0001",
        birth_date=dt.date(1990, 11, 25),
        language="id",
        address_line=None,
        city=None,
        province=None,
        timezone=None,
        employer=None,
        monthly_income=None,
        flags=(),
        contact_points=(),
        accounts=(),
        interactions=(),
        promises=(),
        plans=(),
        consents=(),
        actions=(),
        assigned_user_id=None,
        assigned_team_id=None,
        lease_user_id=None,
        lease_until=None,
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("raw", "e164", "shown"),
    [
        ("0812-6932-1143", "+6281269321143", "0812-••••-1143"),
        ("", "+6281269321143", "+6281•••••1143"),
        ("0812-123", None, "0812-123"),  # too short to be a real number: shown as the core system wrote it
        ("budi.santoso@mail.example", None, "b•••@mail.example"),
    ],
)
def test_numbers_are_masked_but_can_be_told_apart(raw: str, e164: str | None, shown: str) -> None:
    assert view.mask_phone(raw, e164) == shown


def test_a_number_is_dialable_or_says_why_not() -> None:
    def state(p: ContactPointView, flags: tuple[FlagView, ...] = ()) -> view.NumberState:
        return view.number_status(p, flags, NOW, debtor_owners=DEBTOR, blocking_flags=BLOCKING).state

    assert state(point()) is view.NumberState.DIALABLE
    assert state(point(dialable=False, e164=None, invalid_reason="unparseable")) is view.NumberState.INVALID
    assert state(point(invalidated_at=NOW - dt.timedelta(days=1))) is view.NumberState.INVALIDATED
    assert state(point(owner=ContactOwner.SPOUSE)) is view.NumberState.LOCATE_ONLY
    assert state(point(kind=ContactKind.EMAIL)) is view.NumberState.NOT_A_PHONE
    assert state(point(valid_until=NOW - dt.timedelta(days=1))) is view.NumberState.EXPIRED
    assert state(point(valid_from=NOW + dt.timedelta(days=1))) is view.NumberState.NOT_YET_VALID
    on_number = FlagView(1, FlagKind.DO_NOT_CALL, 1, None, NOW)
    elsewhere = FlagView(2, FlagKind.DO_NOT_CALL, 2, None, NOW)
    assert state(point(), (on_number,)) is view.NumberState.FLAGGED
    assert state(point(), (elsewhere,)) is view.NumberState.DIALABLE
    hardship = FlagView(3, FlagKind.HARDSHIP, 1, None, NOW)
    status = view.number_status(point(), (hardship,), NOW, debtor_owners=DEBTOR, blocking_flags=BLOCKING)
    assert status.dialable and status.flags == (FlagKind.HARDSHIP,)


def test_answer_hours_are_learned_per_number_in_its_zone() -> None:
    wita = dt.timezone(dt.timedelta(hours=8))
    calls = [
        call(dt.datetime(2026, 11, 2, 9, 10, tzinfo=wita)),
        call(dt.datetime(2026, 11, 3, 10, 40, tzinfo=wita)),
        call(dt.datetime(2026, 11, 4, 9, 50, tzinfo=wita)),
        call(dt.datetime(2026, 11, 5, 17, 5, tzinfo=wita)),
        call(dt.datetime(2026, 11, 6, 13, 0, tzinfo=wita), answered=False),
        call(dt.datetime(2026, 11, 7, 19, 30, tzinfo=wita), inbound=True),  # they called us: reachable then
        call(dt.datetime(2026, 11, 8, 15, 0, tzinfo=wita), point_id=2),  # another number
    ]
    hours = view.answer_hours(calls, 1, "Asia/Makassar")
    assert hours.ranges == ((9, 11), (17, 18))  # 3 answers from 9 to 11; then 17 (tie with 19, earlier first)
    assert (hours.answered, hours.attempts) == (5, 5)
    in_wib = view.answer_hours(calls, 1, "Asia/Jakarta")
    assert in_wib.ranges[0] == (8, 10)
    assert view.answer_hours(calls[:1], 1, "Asia/Makassar").ranges == ()  # one answer says nothing yet


def test_installments_say_paid_late_overdue_partly_paid_or_upcoming() -> None:
    today = dt.date(2026, 11, 24)
    parts = (
        InstallmentView(1, dt.date(2026, 8, 5), D("100.00"), D("100.00"), dt.date(2026, 8, 4)),
        InstallmentView(2, dt.date(2026, 9, 5), D("100.00"), D("100.00"), dt.date(2026, 9, 14)),
        InstallmentView(3, dt.date(2026, 10, 5), D("100.00"), D("40.00"), dt.date(2026, 10, 20)),
        InstallmentView(4, dt.date(2026, 11, 5), D("100.00"), D("0.00"), None),
        InstallmentView(5, dt.date(2026, 11, 24), D("100.00"), D("0.00"), None),
        InstallmentView(6, dt.date(2026, 12, 5), D("100.00"), D("0.00"), None),
    )
    rows = view.installment_rows(account(installments=parts), today)
    assert [(r.state, r.days) for r in rows] == [
        (view.InstallmentState.PAID, None),
        (view.InstallmentState.PAID_LATE, 9),
        (view.InstallmentState.PARTLY_PAID, 50),
        (view.InstallmentState.OVERDUE, 19),
        (view.InstallmentState.DUE_TODAY, None),
        (view.InstallmentState.UPCOMING, None),
    ]
    assert rows[2].unpaid == D("60.00")


def test_the_chart_counts_payments_in_their_local_month_and_reversals_lower_theirs() -> None:
    late_october_utc = dt.datetime(2026, 10, 31, 20, 0, tzinfo=UTC)  # 1 Nov 03:00 WIB
    payments = (
        payment(1, dt.datetime(2026, 10, 10, 3, 0, tzinfo=UTC), "1000000.00"),
        payment(2, late_october_utc, "500000.00"),
        payment(3, dt.datetime(2026, 11, 20, 3, 0, tzinfo=UTC), "-1000000.00", reverses=1),
    )
    parts = (InstallmentView(1, dt.date(2026, 10, 5), D("1000000.00"), D("0.00"), None),)
    chart = view.payment_history([account(payments=payments, installments=parts)], "IDR", "Asia/Jakarta", NOW.date())
    assert len(chart) == 12 and chart[-1].month == dt.date(2026, 11, 1)
    assert (chart[-2].due, chart[-2].paid) == (D("1000000.00"), D("1000000.00"))
    assert chart[-1].paid == D("-500000.00")  # 500 000 paid on 1 Nov (local), 1 000 000 reversed in November
    assert view.payment_history([account(payments=payments)], "USD", "Asia/Jakarta", NOW.date())[-1].paid == 0


def test_payment_lines_name_the_payment_a_reversal_undoes() -> None:
    payments = (
        payment(3, dt.datetime(2026, 11, 20, tzinfo=UTC), "-1000000.00", reverses=1),
        payment(1, dt.datetime(2026, 10, 10, tzinfo=UTC), "1000000.00"),
    )
    lines = view.payment_lines([account(payments=payments)])
    assert [(line.is_reversal, line.reversed_reference) for line in lines] == [(True, "REF1"), (False, None)]


def test_the_timeline_is_newest_first_with_actions_promises_and_plans() -> None:
    first = call(dt.datetime(2026, 11, 17, 9, 26, tzinfo=UTC))
    promise = PromiseView(
        5, 7, D("1.00"), "IDR", dt.date(2026, 11, 27), PromiseStatus.PENDING, D(0), None, first.started_at
    )
    older = call(dt.datetime(2026, 11, 12, 10, 0, tzinfo=UTC), answered=False)
    action = ActionView(9, ActionKind.PROMISE_CHECK, dt.datetime(2026, 11, 28, 1, 0, tzinfo=UTC), None, 5, NOW)
    plan = PlanView(
        4, 7, PlanKind.INSTALLMENTS, PlanStatus.ACTIVE, "IDR", D("3.00"), D(0), ((1, dt.date(2026, 11, 1), D("1.00")),)
    )
    entries = view.timeline(profile(interactions=(first, older), promises=(promise,), actions=(action,), plans=(plan,)))
    assert [entry.item for entry in entries] == [action, promise, first, older, plan]
    assert [entry.at for entry in entries] == sorted((entry.at for entry in entries), reverse=True)


def test_zone_age_totals_and_blocking_flags() -> None:
    assert view.customer_zone(profile(province="Bali"), POLICY) == "Asia/Makassar"
    assert view.customer_zone(profile(timezone="Asia/Jayapura", province="Bali"), POLICY) == "Asia/Jayapura"
    assert view.customer_zone(profile(timezone="Mars/Base"), POLICY) is None
    assert view.age_on(dt.date(1990, 11, 25), dt.date(2026, 11, 24)) == 35
    assert view.age_on(dt.date(1990, 11, 24), dt.date(2026, 11, 24)) == 36
    totals = view.totals([account(), account(id=8, currency="USD", arrears=D("5.00")), account(id=9)])
    assert [(t.currency, t.arrears, t.accounts) for t in totals] == [("IDR", D("4000000.00"), 2), ("USD", D("5.00"), 1)]
    flags = (
        FlagView(1, FlagKind.HARDSHIP, None, None, NOW),
        FlagView(2, FlagKind.DISPUTE, None, None, NOW),
        FlagView(3, FlagKind.DO_NOT_CALL, 4, None, NOW),  # on one number only: not the whole customer
    )
    assert view.blocking_flags(profile(flags=flags), BLOCKING) == [FlagKind.DISPUTE]

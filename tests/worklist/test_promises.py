"""Promise judging: kept, partially kept, broken, grace, reversal — pure, then through payment posting."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from sqlalchemy import select

from agent_desk.clock import FrozenClock
from agent_desk.scheduling.payments import PostingReport
from agent_desk.scheduling.services import post_payments_file
from agent_desk.worklist import judge_due_promises, next_for, rebuild_worklist
from agent_desk.worklist.facts import PaymentFacts
from agent_desk.worklist.promises import PromiseState, judge
from db.engine import Database
from db.models import ActionKind, ActionStatus, PaymentKind, Promise, PromiseStatus, ScheduledAction
from tests.worklist import factories as f
from tests.worklist.factories import NOW, WIB, Book

CREATED = dt.datetime(2026, 11, 20, 3, 0, tzinfo=dt.UTC)
CHECK = dt.datetime(2026, 11, 26, 2, 0, tzinfo=dt.UTC)  # due 25 Nov + 1 grace day, 09:00 WIB
PROMISE = PromiseState(1, 10, Decimal("1000000"), CREATED - dt.timedelta(hours=12), CHECK, PromiseStatus.PENDING)
BEFORE, AFTER = CHECK - dt.timedelta(days=2), CHECK + dt.timedelta(minutes=1)


def pay(pid: int, amount: str, at: dt.datetime, account: int = 10, reverses: int | None = None) -> PaymentFacts:
    kind = PaymentKind.REVERSAL if reverses else PaymentKind.PAYMENT
    return PaymentFacts(pid, account, kind, at, Decimal(amount), reverses)


@pytest.mark.parametrize(
    ("payments", "now", "status", "paid"),
    [
        ([], BEFORE, PromiseStatus.PENDING, "0"),
        ([], AFTER, PromiseStatus.BROKEN, "0"),
        ([pay(1, "1000000", BEFORE)], BEFORE, PromiseStatus.KEPT, "1000000"),  # kept as soon as it is paid
        (
            [pay(1, "600000", BEFORE), pay(2, "400000", BEFORE + dt.timedelta(hours=3))],
            AFTER,
            PromiseStatus.KEPT,
            "1000000",
        ),
        ([pay(1, "400000", BEFORE)], BEFORE, PromiseStatus.PENDING, "400000"),
        ([pay(1, "400000", BEFORE)], AFTER, PromiseStatus.PARTIALLY_KEPT, "400000"),
        # Grace: paid the day after the due date, before the 09:00 check, still counts …
        ([pay(1, "1000000", CHECK - dt.timedelta(hours=1))], AFTER, PromiseStatus.KEPT, "1000000"),
        # … but not after the check time, nor on another account, nor before the day the promise was made.
        (
            [pay(1, "1000000", CHECK + dt.timedelta(minutes=1))],
            AFTER + dt.timedelta(hours=1),
            PromiseStatus.BROKEN,
            "0",
        ),
        ([pay(1, "1000000", BEFORE, account=11)], AFTER, PromiseStatus.BROKEN, "0"),
        ([pay(1, "1000000", CREATED - dt.timedelta(days=2))], AFTER, PromiseStatus.BROKEN, "0"),
        # Reversal: the reversed money is gone from the replay.
        (
            [pay(1, "1000000", BEFORE), pay(2, "-1000000", BEFORE + dt.timedelta(days=1), reverses=1)],
            BEFORE,
            PromiseStatus.PENDING,
            "0",
        ),
        ([pay(1, "1000000", BEFORE), pay(2, "-1000000", AFTER, reverses=1)], AFTER, PromiseStatus.BROKEN, "0"),
        (
            [pay(1, "1000000", BEFORE), pay(2, "-300000", AFTER, reverses=1)],
            AFTER,
            PromiseStatus.PARTIALLY_KEPT,
            "700000",
        ),
    ],
)
def test_judging(payments: list[PaymentFacts], now: dt.datetime, status: PromiseStatus, paid: str) -> None:
    [judgement] = judge([PROMISE], payments, now)
    assert (judgement.status, judgement.amount_paid) == (status, Decimal(paid))


def test_tolerance_and_two_promises_share_nothing() -> None:
    [near] = judge([PROMISE], [pay(1, "999000", BEFORE)], AFTER, tolerance=Decimal("1000"))
    assert near.status is PromiseStatus.KEPT
    later = PromiseState(
        2, 10, Decimal("500000"), PROMISE.counts_from, CHECK + dt.timedelta(days=7), PromiseStatus.PENDING
    )
    first, second = judge([later, PROMISE], [pay(1, "1200000", BEFORE)], AFTER)
    assert (first.promise_id, first.status, first.amount_paid) == (1, PromiseStatus.KEPT, Decimal("1000000"))
    assert (second.promise_id, second.status, second.amount_paid) == (2, PromiseStatus.PENDING, Decimal("200000"))


def test_cancelled_promises_are_not_judged() -> None:
    cancelled = PromiseState(3, 10, Decimal("1"), CREATED, CHECK, PromiseStatus.CANCELLED)
    assert [j.promise_id for j in judge([cancelled, PROMISE], [], AFTER)] == [1]


@pytest.fixture
def database(any_database: Database) -> Database:
    """These tests run on SQLite and on PostgreSQL."""
    return any_database


@pytest.fixture
def promised(database: Database) -> Book:
    clock = f.prepare(database, now=CREATED)
    with database.transaction(write=True) as session:
        team = f.team(session)
        agent = f.agent(session, team_row=team)
        customer = f.customer(session, zone=WIB, team_row=team)
        f.number(session, customer, primary=True)
        account = f.account(session, customer, arrears="1000000")
        promise = f.promise(
            session, customer, account, "1000000", dt.date(2026, 11, 25), created=CREATED, check_at=CHECK
        )
        session.add(
            ScheduledAction(
                customer_id=customer.id,
                kind=ActionKind.PROMISE_CHECK,
                due_at=CHECK,
                promise_id=promise.id,
                account_id=account.id,
                created_at=CREATED,
            )
        )
        ids = {"agent": agent.id, "customer": customer.id, "account": account.account_number, "promise": promise.id}
    rebuild_worklist(database, clock)
    return clock, ids


def status_of(database: Database, promise_id: int) -> tuple[PromiseStatus, Decimal]:
    with database.session() as session:
        row = session.get(Promise, promise_id)
        assert row is not None
        return row.status, row.amount_paid


def actions(database: Database, customer_id: int) -> list[tuple[ActionKind, ActionStatus]]:
    with database.session() as session:
        return [
            (a.kind, a.status)
            for a in session.scalars(
                select(ScheduledAction).where(ScheduledAction.customer_id == customer_id).order_by(ScheduledAction.id)
            )
        ]


def post(database: Database, clock: FrozenClock, text: str) -> PostingReport:
    return post_payments_file(database, clock, io.StringIO("account_number,paid_at,amount,reference\n" + text))


def test_a_payment_keeps_the_promise_and_a_reversal_reopens_it(database: Database, promised: Book) -> None:
    clock, ids = promised
    clock.set(NOW)
    report = post(database, clock, f"{ids['account']},2026-11-24T09:00+07:00,1000000,BANK-1\n")
    assert report.posted == 1
    assert status_of(database, ids["promise"]) == (PromiseStatus.KEPT, Decimal("1000000.00"))
    assert actions(database, ids["customer"]) == [(ActionKind.PROMISE_CHECK, ActionStatus.DONE)]
    report = post(database, clock, f"{ids['account']},2026-11-24T10:00+07:00,-1000000,BANK-1\n")
    assert report.reversed == 1
    assert status_of(database, ids["promise"]) == (PromiseStatus.PENDING, Decimal("0.00"))
    assert actions(database, ids["customer"])[-1] == (ActionKind.PROMISE_CHECK, ActionStatus.OPEN)


def test_a_broken_promise_is_escalated_when_its_check_comes(database: Database, promised: Book) -> None:
    clock, ids = promised
    clock.set(CHECK + dt.timedelta(minutes=5))
    lease = next_for(database, clock, ids["agent"])  # judged on the way: broken → escalation, callable now
    assert lease is not None and lease.due_action == "escalation"
    assert "Broken promise: escalation" in [str(m) for m in lease.explanations]
    assert status_of(database, ids["promise"])[0] is PromiseStatus.BROKEN
    assert actions(database, ids["customer"]) == [
        (ActionKind.PROMISE_CHECK, ActionStatus.DONE),
        (ActionKind.ESCALATION, ActionStatus.OPEN),
    ]


def test_a_late_posted_payment_made_in_time_turns_broken_into_kept(database: Database, promised: Book) -> None:
    clock, ids = promised
    clock.set(CHECK + dt.timedelta(hours=1))
    assert judge_due_promises(database, clock) == 1
    assert status_of(database, ids["promise"])[0] is PromiseStatus.BROKEN
    clock.advance(dt.timedelta(days=1))
    post(database, clock, f"{ids['account']},2026-11-25T15:00+07:00,1000000,BANK-9\n")
    assert status_of(database, ids["promise"])[0] is PromiseStatus.KEPT
    assert actions(database, ids["customer"])[-1] == (ActionKind.ESCALATION, ActionStatus.DONE)


def test_partially_kept_gets_a_follow_up_call(database: Database, promised: Book) -> None:
    clock, ids = promised
    clock.set(NOW)
    post(database, clock, f"{ids['account']},2026-11-24T09:00+07:00,400000,BANK-2\n")
    assert status_of(database, ids["promise"]) == (PromiseStatus.PENDING, Decimal("400000.00"))
    clock.set(CHECK)
    judge_due_promises(database, clock)
    assert status_of(database, ids["promise"])[0] is PromiseStatus.PARTIALLY_KEPT
    assert actions(database, ids["customer"])[-1] == (ActionKind.CALL, ActionStatus.OPEN)

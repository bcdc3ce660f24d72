"""The cadence day by day on small hand-made books: what is queued when, once; what a delivered reminder does to
the call schedule; a message that lost its reason; and messages counted against the calls' caps."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from agent_desk.clock import FrozenClock
from agent_desk.credentials import CredentialStore
from agent_desk.outbox import run_pass, store_outbox_settings
from agent_desk.outbox.channels import SERVICE_OUTBOX
from agent_desk.outbox.settings import seed_data
from agent_desk.worklist import check_before_dial, contact_status, refresh_worklist
from db.engine import Database
from db.models import (
    AccountStatus,
    ActionKind,
    ActionStatus,
    Channel,
    ContactPoint,
    Customer,
    Installment,
    OutboxMessage,
    OutboxStatus,
    PromiseStatus,
    ScheduledAction,
)
from tests.support.gateway import TOKEN, Gateway
from tests.worklist import factories as f

MONDAY_0900_WIB = dt.datetime(2026, 11, 23, 2, 0, tzinfo=dt.UTC)


@pytest.fixture
def gateway() -> Iterator[Gateway]:
    server = Gateway().start()
    yield server
    server.stop()


@pytest.fixture
def book(tmp_path: Path, gateway: Gateway) -> Iterator[tuple[Database, FrozenClock, CredentialStore]]:
    database = f.fresh_sqlite(f.migrated_template(tmp_path), tmp_path)
    clock = f.prepare(database, MONDAY_0900_WIB)
    data, cadence = seed_data()
    data["providers"] = {"gateway": gateway.provider_config()}
    data["channels"]["sms"] = {"provider": "gateway"}
    with database.transaction(write=True) as session:
        store_outbox_settings(session, clock, data, cadence)
    credentials = CredentialStore()
    credentials.set_for_session(SERVICE_OUTBOX, "gateway", TOKEN)
    yield database, clock, credentials
    database.dispose()


def _person(database: Database, **account: object) -> tuple[int, int]:
    with database.transaction(write=True) as session:
        person = f.customer(session)
        own = f.number(session, person, primary=True)
        own.verified_count = 1
        f.account(session, person, **account)  # type: ignore[arg-type]
        return person.id, own.id


def _messages(database: Database) -> list[OutboxMessage]:
    with database.session() as session:
        rows = list(session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))
        session.expunge_all()
        return rows


def test_each_rule_queues_once_on_its_day_at_its_local_time(
    book: tuple[Database, FrozenClock, CredentialStore], gateway: Gateway
) -> None:
    database, clock, credentials = book
    today = dt.date(2026, 11, 23)
    pre_due, _ = _person(
        database, dpd=0, arrears="0", status=AccountStatus.CURRENT, next_due=today + dt.timedelta(days=3)
    )
    late, _ = _person(database, dpd=3)
    _person(database, dpd=4)  # no rule for the 4th day past due
    with database.transaction(write=True) as session:
        person = f.customer(session, zone=f.WITA)
        f.number(session, person, primary=True).verified_count = 2
        loan = f.account(session, person, dpd=12)
        f.promise(session, person, loan, "750000", today + dt.timedelta(days=1))
        promised = person.id
    first = run_pass(database, clock, credentials, deliver=False)
    assert first.cadence is not None and first.cadence.queued == 3
    assert dict(first.cadence.by_template) == {"pre_due_reminder": 1, "early_arrears": 1, "promise_due_tomorrow": 1}
    rows = {row.customer_id: row for row in _messages(database)}
    assert rows[pre_due].due_at == dt.datetime(2026, 11, 23, 2, 0, tzinfo=dt.UTC)  # 09:00 WIB
    assert rows[pre_due].expires_at == dt.datetime(2026, 11, 25, 17, 0, tzinfo=dt.UTC)  # the due date, 00:00 WIB
    assert rows[late].due_at == dt.datetime(2026, 11, 23, 3, 0, tzinfo=dt.UTC)  # 10:00 WIB
    assert rows[promised].due_at == dt.datetime(2026, 11, 23, 2, 0, tzinfo=dt.UTC)  # 10:00 WITA
    assert rows[promised].context["promise"]["amount"] == "750000.00"
    assert {row.channel for row in rows.values()} == {Channel.SMS}
    second = run_pass(database, clock, credentials, deliver=False)
    assert second.cadence is not None and (second.cadence.queued, second.cadence.already_queued) == (0, 3)
    clock.advance(dt.timedelta(hours=2))
    sent = run_pass(database, clock, credentials)
    assert sent.delivery.sent == 3 and len(gateway.delivered()) == 3
    assert any("Rp 750.000" in item.text for item in gateway.delivered())


def test_a_delivered_pre_due_reminder_keeps_the_first_call_away(
    book: tuple[Database, FrozenClock, CredentialStore], gateway: Gateway
) -> None:
    database, clock, credentials = book
    due = dt.date(2026, 11, 26)
    customer_id, _ = _person(database, dpd=0, arrears="0", status=AccountStatus.CURRENT, next_due=due)
    refresh_worklist(database, clock, [customer_id])
    before = contact_status(database, clock, customer_id)
    assert before is not None and before.allowed  # pre-due customers are called when nothing else is planned
    run_pass(database, clock, credentials)
    [message] = _messages(database)
    assert message.status is OutboxStatus.SENT
    gateway.statuses[message.provider_message_id or ""] = "delivered"
    clock.advance(dt.timedelta(minutes=30))
    report = run_pass(database, clock, credentials)
    assert (report.followups.delivered, report.followups.calls_deferred) == (1, 1)
    with database.session() as session:
        action = session.scalar(select(ScheduledAction).where(ScheduledAction.customer_id == customer_id))
        assert action is not None and (action.kind, action.status) == (ActionKind.CALL, ActionStatus.OPEN)
        assert action.due_at == clock.now() + dt.timedelta(hours=48)
        assert action.reason["template"] == "pre_due_reminder"
    after = contact_status(database, clock, customer_id)
    assert after is not None and not after.allowed and after.ready_at == clock.now() + dt.timedelta(hours=48)


def test_a_reminder_for_an_installment_paid_meanwhile_is_cancelled(
    book: tuple[Database, FrozenClock, CredentialStore], gateway: Gateway
) -> None:
    database, clock, credentials = book
    due = dt.date(2026, 11, 26)
    _person(database, dpd=0, arrears="0", status=AccountStatus.CURRENT, next_due=due, installments=[(due, "500000")])
    run_pass(database, clock, credentials, deliver=False)
    with database.transaction(write=True) as session:
        installment = session.scalar(select(Installment))
        assert installment is not None
        installment.amount_paid = installment.amount_due
    run_pass(database, clock, credentials)
    [message] = _messages(database)
    assert (message.status, message.reason) == (OutboxStatus.CANCELLED, "outbox.reason.already_paid")
    assert gateway.received == []


def test_messages_count_against_the_calls_caps(
    book: tuple[Database, FrozenClock, CredentialStore], gateway: Gateway
) -> None:
    database, clock, credentials = book
    customer_id, own = _person(database, dpd=3)
    with database.transaction(write=True) as session:
        agent = f.agent(session)
        person, point = session.get(Customer, customer_id), session.get(ContactPoint, own)
        assert person is not None and point is not None
        for half_hours in (1, 2):  # two calls earlier today
            f.call(session, person, point, clock.now() - dt.timedelta(minutes=30 * half_hours))
        agent_id = agent.id
    clock.advance(dt.timedelta(hours=1))
    run_pass(database, clock, credentials)
    [message] = _messages(database)
    assert message.status is OutboxStatus.SENT  # the third contact of the day: allowed
    refresh_worklist(database, clock, [customer_id])
    check = check_before_dial(database, clock, agent_id, customer_id, own)
    assert not check.allowed  # a fourth would break the daily cap of 3: the message counted like a call
    assert any(reason.code == "compliance.daily_cap" for reason in check.reasons)


def test_a_broken_promise_gets_one_follow_up(
    book: tuple[Database, FrozenClock, CredentialStore], gateway: Gateway
) -> None:
    database, clock, credentials = book
    with database.transaction(write=True) as session:
        person = f.customer(session)
        f.number(session, person, primary=True).verified_count = 1
        loan = f.account(session, person, dpd=20)
        broken = f.promise(session, person, loan, "400000", dt.date(2026, 11, 20), status=PromiseStatus.BROKEN)
        broken.judged_at = clock.now() - dt.timedelta(hours=20)
    clock.advance(dt.timedelta(hours=2))  # 11:00 WIB
    run_pass(database, clock, credentials)
    run_pass(database, clock, credentials)
    [message] = _messages(database)
    assert (message.template, message.status) == ("broken_promise", OutboxStatus.SENT)
    assert "Rp 400.000" in gateway.delivered()[0].text and "Jum 20 Nov 2026" in gateway.delivered()[0].text

"""Saving outcomes through the service: next actions in the database, side effects, idempotency, leases."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from agent_desk.scheduling.next_action import OutcomeError
from agent_desk.scheduling.outcomes import OutcomeDraft, PromiseDraft, save_outcome
from agent_desk.worklist import (
    check_before_dial,
    next_for,
    rebuild_worklist,
    record_call_result,
    renew_lease,
    resolve_hold,
    supervisor_list,
)
from db.engine import Database
from db.models import (
    ActionKind,
    ActionStatus,
    ContactPoint,
    CustomerFlag,
    FlagKind,
    Outcome,
    Promise,
    PromiseStatus,
    ScheduledAction,
    WorklistEntry,
)
from tests.worklist import factories as f
from tests.worklist.factories import NOW, WITA, Book


@pytest.fixture
def database(any_database: Database) -> Database:
    """These tests run on SQLite and on PostgreSQL."""
    return any_database


@pytest.fixture
def book(database: Database) -> Book:
    clock = f.prepare(database)
    with database.transaction(write=True) as session:
        team = f.team(session)
        agent = f.agent(session, team_row=team)
        other = f.agent(session, team_row=team)
        customer = f.customer(session, zone=WITA, team_row=team)
        first = f.number(session, customer, primary=True)
        second = f.number(session, customer)
        account = f.account(session, customer)
        bystander = f.customer(session, zone=WITA, team_row=team)
        f.number(session, bystander, primary=True)
        f.account(session, bystander, dpd=5, arrears="500000")
        ids = {
            "agent": agent.id,
            "other": other.id,
            "customer": customer.id,
            "first": first.id,
            "second": second.id,
            "account": account.id,
            "bystander": bystander.id,
        }
    rebuild_worklist(database, clock)
    return clock, ids


def draft(database: Database, ids: dict[str, int], code: str, **extra: object) -> OutcomeDraft:
    """The wrap-up of a call the agent made (answered when the disposition says someone answered)."""
    values: dict[str, object] = {"right_party_confirmed": True}
    if "interaction_id" not in extra:
        values["interaction_id"] = f.call_id(
            database, ids["customer"], ids["first"], ids["agent"], answered=code not in f.UNANSWERED
        )
    values.update(extra)
    return OutcomeDraft(
        draft_key=str(uuid.uuid4()),
        customer_id=ids["customer"],
        user_id=ids["agent"],
        disposition_code=code,
        contact_point_id=ids["first"],
        **values,
    )  # type: ignore[arg-type]


def open_actions(database: Database, customer_id: int) -> list[ScheduledAction]:
    with database.session() as session:
        return list(
            session.scalars(
                select(ScheduledAction).where(
                    ScheduledAction.customer_id == customer_id, ScheduledAction.status == ActionStatus.OPEN
                )
            )
        )


def test_no_answer_schedules_a_retry_on_the_next_number_and_releases_the_lease(database: Database, book: Book) -> None:
    clock, ids = book
    lease = next_for(database, clock, ids["agent"])
    assert lease is not None and lease.customer_id == ids["customer"]
    dial = check_before_dial(database, clock, ids["agent"], ids["customer"], ids["first"])
    assert dial.allowed and dial.interaction_id is not None
    saved = save_outcome(database, clock, draft(database, ids, "no_answer", interaction_id=dial.interaction_id))
    assert saved.created and saved.lease_released and saved.lease_note is None
    assert saved.next_action_kind == "retry"
    assert (
        str(saved.next_action) == "Retry Tue 24 Nov, 12:00 WITA on mobile …" + str(_e164(database, ids["second"]))[-3:]
    )
    [action] = open_actions(database, ids["customer"])
    assert (action.kind, action.contact_point_id, action.due_at) == (
        ActionKind.RETRY,
        ids["second"],
        NOW + dt.timedelta(hours=1),
    )
    with database.session() as session:
        entry = session.get(WorklistEntry, ids["customer"])
        assert entry is not None
        assert entry.lease_user_id is None
        assert entry.ready_at == NOW + dt.timedelta(hours=1)
        assert entry.contact_point_id == ids["second"]
        assert not entry.allowed


def _e164(database: Database, point_id: int) -> str:
    with database.session() as session:
        return str(session.scalar(select(ContactPoint.e164).where(ContactPoint.id == point_id)))


def test_saving_twice_with_the_same_draft_key_saves_once(database: Database, book: Book) -> None:
    clock, ids = book
    one = draft(database, ids, "refused")
    first = save_outcome(database, clock, one)
    again = save_outcome(database, clock, one)
    assert first.created and not again.created
    assert again.outcome_id == first.outcome_id
    assert again.next_action_kind == "call"
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(Outcome)) == 1
        assert session.scalar(select(func.count()).select_from(ScheduledAction)) == 1


def test_a_call_is_saved_even_when_the_lease_lapsed_or_another_agent_holds_the_customer(
    database: Database, book: Book
) -> None:
    clock, ids = book
    assert next_for(database, clock, ids["agent"]) is not None
    dial = check_before_dial(database, clock, ids["agent"], ids["customer"], ids["first"])
    assert dial.interaction_id is not None
    record_call_result(database, dial.interaction_id, sip_code=200, answered_at=clock.now())
    clock.advance(dt.timedelta(minutes=20))  # the 15-minute lease lapses while the agent talks
    # Nobody would offer the customer again so soon (stage cadence), but another agent may open them directly.
    renew_lease(database, clock, ids["other"], ids["customer"])
    saved = save_outcome(
        database,
        clock,
        draft(
            database,
            ids,
            "callback_requested",
            interaction_id=dial.interaction_id,
            callback_at=NOW + dt.timedelta(days=1),
        ),
    )
    assert saved.created and not saved.lease_released
    assert str(saved.lease_note) == "Saved. Another agent is working this customer now"
    with database.session() as session:
        entry = session.get(WorklistEntry, ids["customer"])
        assert entry is not None and entry.lease_user_id == ids["other"]  # their lease is left alone


def test_callback_at_the_customer_local_time_chosen(database: Database, book: Book) -> None:
    clock, ids = book
    chosen = dt.datetime(2026, 11, 25, 16, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))  # Wed 16:30 WITA
    saved = save_outcome(database, clock, draft(database, ids, "callback_requested", callback_at=chosen))
    assert str(saved.next_action) == "Callback Wed 25 Nov, 16:30 WITA"
    [action] = open_actions(database, ids["customer"])
    assert action.kind is ActionKind.CALLBACK and action.due_at == chosen.astimezone(dt.UTC)
    clock.set(chosen)
    lease = next_for(database, clock, ids["agent"])
    assert lease is not None and lease.customer_id == ids["customer"] and lease.due_action == "callback"


def test_promise_to_pay_saves_the_promise_with_its_check(database: Database, book: Book) -> None:
    clock, ids = book
    promise = PromiseDraft(Decimal("750000"), dt.date(2026, 11, 27), ids["account"], "VA BCA")
    saved = save_outcome(database, clock, draft(database, ids, "promise_to_pay", promise=promise))
    assert str(saved.next_action) == "Promise check Sat 28 Nov, 09:00 WITA"
    with database.session() as session:
        row = session.get(Promise, saved.promise_id)
        assert row is not None and row.status is PromiseStatus.PENDING
        assert row.check_at == dt.datetime(2026, 11, 28, 1, 0, tzinfo=dt.UTC)
    [action] = open_actions(database, ids["customer"])
    assert action.promise_id == saved.promise_id
    second = save_outcome(
        database,
        clock,
        draft(
            database,
            ids,
            "promise_to_pay",
            promise=PromiseDraft(Decimal("800000"), dt.date(2026, 11, 30), ids["account"]),
        ),
    )
    with database.session() as session:
        first_row = session.get(Promise, saved.promise_id)
        assert first_row is not None and first_row.status is PromiseStatus.CANCELLED  # replaced by the new one
    assert [a.promise_id for a in open_actions(database, ids["customer"])] == [second.promise_id]


@pytest.mark.parametrize(
    ("code", "extra", "message"),
    [
        ("callback_requested", {}, "Choose a callback time"),
        ("callback_requested", {"callback_at": NOW - dt.timedelta(minutes=1)}, "The callback time has passed"),
        ("promise_to_pay", {}, "Enter the promise"),
        ("promise_to_pay", {"promise": PromiseDraft(Decimal("0"), dt.date(2026, 11, 27))}, "more than zero"),
        ("promise_to_pay", {"promise": PromiseDraft(Decimal("10"), dt.date(2026, 11, 1))}, "has passed"),
        ("promise_to_pay", {"promise": PromiseDraft(Decimal("10.50"), dt.date(2026, 11, 27), -1)}, "another customer"),
        ("teleported", {}, "Unknown disposition teleported"),
    ],
)
def test_incomplete_drafts_are_refused_and_nothing_is_written(
    database: Database, book: Book, code: str, extra: dict[str, object], message: str
) -> None:
    clock, ids = book
    with pytest.raises(OutcomeError, match=message):
        save_outcome(database, clock, draft(database, ids, code, **extra))
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(Outcome)) == 0


def test_whole_rupiah_promises(database: Database, book: Book) -> None:
    clock, ids = book
    with pytest.raises(OutcomeError, match="IDR promises are in whole units"):
        save_outcome(
            database,
            clock,
            draft(
                database,
                ids,
                "promise_to_pay",
                promise=PromiseDraft(Decimal("750000.50"), dt.date(2026, 11, 27), ids["account"]),
            ),
        )


def test_dispute_puts_the_customer_on_hold_and_on_the_supervisor_list(database: Database, book: Book) -> None:
    clock, ids = book
    saved = save_outcome(database, clock, draft(database, ids, "dispute"))
    assert saved.next_action_kind == "hold" and not saved.queue_allowed and saved.queue_ready_at is None
    [(customer_id, _number, disposition, _since)] = supervisor_list(database)
    assert (customer_id, disposition) == (ids["customer"], "dispute")
    with database.session() as session:
        assert session.scalar(select(CustomerFlag.kind).where(CustomerFlag.customer_id == ids["customer"])) is (
            FlagKind.DISPUTE
        )
    clock.advance(dt.timedelta(days=3))
    lease = next_for(database, clock, ids["agent"])
    assert lease is None or lease.customer_id != ids["customer"]
    # The supervisor resolves the dispute: the hold closes, the flag is cleared (and kept in the history).
    assert resolve_hold(database, clock, ids["customer"], ids["other"], note="charges explained") == 1
    assert supervisor_list(database) == []
    with database.session() as session:
        flag = session.scalars(select(CustomerFlag).where(CustomerFlag.customer_id == ids["customer"])).one()
        assert flag.cleared_at == clock.now() and flag.cleared_by_user_id == ids["other"]
    lease = next_for(database, clock, ids["agent"])
    assert lease is not None and lease.customer_id == ids["customer"]


def test_wrong_number_invalidates_that_number(database: Database, book: Book) -> None:
    clock, ids = book
    save_outcome(database, clock, draft(database, ids, "wrong_number"))
    with database.session() as session:
        point = session.get(ContactPoint, ids["first"])
        assert point is not None
        assert (point.dialable, point.invalid_reason, point.wrong_number_count) == (False, "wrong_number", 1)
        assert point.invalidated_at == NOW
    refused = check_before_dial(database, clock, ids["agent"], ids["customer"], ids["first"])
    assert not refused.allowed
    assert "a person who is not the customer answered" in str(refused.reasons[0])


def test_right_party_contact_counts_the_number_as_verified(database: Database, book: Book) -> None:
    clock, ids = book
    save_outcome(database, clock, draft(database, ids, "refused"))
    with database.session() as session:
        point = session.get(ContactPoint, ids["first"])
        assert point is not None and point.verified_count == 1


def test_saving_an_outcome_updates_only_that_customer(database: Database, book: Book) -> None:
    clock, ids = book
    with database.session() as session:
        before = session.get(WorklistEntry, ids["bystander"])
        assert before is not None
        computed = before.computed_at
    clock.advance(dt.timedelta(minutes=5))
    save_outcome(database, clock, draft(database, ids, "busy"))
    with database.session() as session:
        bystander = session.get(WorklistEntry, ids["bystander"])
        customer = session.get(WorklistEntry, ids["customer"])
        assert bystander is not None and customer is not None
        assert bystander.computed_at == computed
        assert customer.computed_at == NOW + dt.timedelta(minutes=5)

"""Record only what happened, enforced in the service layer: an outcome belongs to a real call (placed through the
softphone or entered by hand, with why), a conversation needs a call that connected, a promise needs the customer
confirmed on the line, and a dial that never left the desk is no contact attempt."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from agent_desk.scheduling.attempts import AttemptError, manual_calls, record_manual_call, withdraw_attempt
from agent_desk.scheduling.next_action import OutcomeError
from agent_desk.scheduling.outcomes import OutcomeDraft, PromiseDraft, save_outcome
from agent_desk.softphone.events import CallChanged, CallSnapshot, CallState
from agent_desk.softphone.hints import EndReason
from agent_desk.softphone.records import InteractionLog
from agent_desk.worklist import check_before_dial, contact_status, next_for, rebuild_worklist, record_call_result
from db.engine import Database
from db.models import AuditEvent, Direction, Interaction, Outcome, ScheduledAction, WorklistEntry
from tests.worklist import factories as f
from tests.worklist.factories import NOW, WITA, Book


@pytest.fixture
def database(any_database: Database) -> Database:
    return any_database


@pytest.fixture
def book(database: Database) -> Book:
    clock = f.prepare(database)
    with database.transaction(write=True) as session:
        team = f.team(session)
        agent = f.agent(session, team_row=team)
        customer = f.customer(session, zone=WITA, team_row=team)
        first = f.number(session, customer, primary=True)
        account = f.account(session, customer)
        stranger = f.customer(session, zone=WITA, team_row=team)
        stranger_number = f.number(session, stranger, primary=True)
        ids = {
            "agent": agent.id,
            "customer": customer.id,
            "first": first.id,
            "account": account.id,
            "stranger_number": stranger_number.id,
        }
    rebuild_worklist(database, clock)
    return clock, ids


def wrap_up(ids: dict[str, int], code: str, **extra: object) -> OutcomeDraft:
    values: dict[str, object] = {"contact_point_id": ids["first"]}
    values.update(extra)
    return OutcomeDraft(
        draft_key=str(uuid.uuid4()),
        customer_id=ids["customer"],
        user_id=ids["agent"],
        disposition_code=code,
        **values,  # type: ignore[arg-type]
    )


def counts(database: Database) -> tuple[int, int, int]:
    with database.session() as session:
        return (
            session.scalar(select(func.count()).select_from(Outcome)) or 0,
            session.scalar(select(func.count()).select_from(Interaction)) or 0,
            session.scalar(select(func.count()).select_from(ScheduledAction)) or 0,
        )


PROMISE = PromiseDraft(Decimal("750000"), dt.date(2026, 11, 27))


@pytest.mark.parametrize(
    ("code", "extra"),
    [
        ("promise_to_pay", {"promise": PROMISE, "right_party_confirmed": True}),
        ("refused", {}),
        ("dispute", {}),
        ("no_answer", {}),
    ],
)
def test_an_outcome_without_any_call_is_refused_and_nothing_is_written(
    database: Database, book: Book, code: str, extra: dict[str, object]
) -> None:
    clock, ids = book
    before = counts(database)
    with pytest.raises(OutcomeError, match="no call was made"):
        save_outcome(database, clock, wrap_up(ids, code, **extra))
    assert counts(database) == before


def test_a_right_party_disposition_needs_a_call_that_connected(database: Database, book: Book) -> None:
    clock, ids = book
    dial = check_before_dial(database, clock, ids["agent"], ids["customer"], ids["first"])
    assert dial.allowed and dial.interaction_id is not None
    record_call_result(database, dial.interaction_id, sip_call_id="c-1", sip_code=480, ended_at=clock.now())
    for code in ("refused", "promise_to_pay", "wrong_number"):
        with pytest.raises(OutcomeError, match="did not connect"):
            save_outcome(
                database,
                clock,
                wrap_up(ids, code, interaction_id=dial.interaction_id, promise=PROMISE, right_party_confirmed=True),
            )
    saved = save_outcome(database, clock, wrap_up(ids, "no_answer", interaction_id=dial.interaction_id))
    assert saved.created and saved.next_action_kind == "retry"


def test_a_promise_needs_the_right_person_confirmed(database: Database, book: Book) -> None:
    clock, ids = book
    call = f.call_id(database, ids["customer"], ids["first"], ids["agent"])
    with pytest.raises(OutcomeError, match="confirm the right person"):
        save_outcome(database, clock, wrap_up(ids, "promise_to_pay", interaction_id=call, promise=PROMISE))
    saved = save_outcome(
        database,
        clock,
        wrap_up(ids, "promise_to_pay", interaction_id=call, promise=PROMISE, right_party_confirmed=True),
    )
    with database.session() as session:
        outcome = session.get(Outcome, saved.outcome_id)
        assert outcome is not None and outcome.right_party_confirmed


def test_a_manual_call_is_recorded_audited_listed_and_carries_the_outcome(database: Database, book: Book) -> None:
    clock, ids = book
    at = NOW - dt.timedelta(minutes=10)
    call = record_manual_call(
        database,
        clock,
        user_id=ids["agent"],
        customer_id=ids["customer"],
        contact_point_id=ids["first"],
        at=at,
        reason="  Softphone down:   called from the desk phone ",
    )
    assert call.connected and call.at == at and call.reason == "Softphone down: called from the desk phone"
    saved = save_outcome(
        database,
        clock,
        wrap_up(ids, "promise_to_pay", interaction_id=call.interaction_id, promise=PROMISE, right_party_confirmed=True),
    )
    assert saved.created and saved.promise_id is not None
    with database.session() as session:
        [listed] = manual_calls(session, since=NOW - dt.timedelta(days=1))
        audit = session.scalars(select(AuditEvent).where(AuditEvent.action == "call.manual_recorded")).one()
    assert listed.interaction_id == call.interaction_id and listed.customer_id == ids["customer"]
    assert audit.user_id == ids["agent"] and audit.after is not None and audit.after["reason"] == call.reason
    # It counts like any call: the customer is not offered again at once.
    assert not contact_status(database, clock, ids["customer"]).allowed  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"reason": "   "}, "Say why"),
        ({"at": NOW + dt.timedelta(minutes=30)}, "in the future"),
        ({"at": NOW - dt.timedelta(days=2)}, "within 12 hours"),
        ({"number": "stranger_number"}, "not one of this customer's"),
    ],
)
def test_a_manual_call_needs_a_reason_a_past_time_and_the_customers_number(
    database: Database, book: Book, change: dict[str, object], message: str
) -> None:
    clock, ids = book
    before = counts(database)
    with pytest.raises(AttemptError, match=message):
        record_manual_call(
            database,
            clock,
            user_id=ids["agent"],
            customer_id=ids["customer"],
            contact_point_id=ids[str(change.get("number", "first"))],
            at=change.get("at", NOW),  # type: ignore[arg-type]
            reason=str(change.get("reason", "line down")),
        )
    assert counts(database) == before


def test_a_dial_that_never_left_the_desk_is_no_attempt(database: Database, book: Book) -> None:
    clock, ids = book
    lease = next_for(database, clock, ids["agent"])
    assert lease is not None and lease.customer_id == ids["customer"]
    with database.session() as session:
        entry = session.get(WorklistEntry, ids["customer"])
        assert entry is not None
        ready_before, computed_before = entry.ready_at, entry.computed_at
    dial = check_before_dial(database, clock, ids["agent"], ids["customer"], ids["first"])
    assert dial.allowed and dial.interaction_id is not None
    assert withdraw_attempt(database, clock, dial.interaction_id, user_id=ids["agent"], why="no SIP account")
    assert counts(database) == (0, 0, 0)
    with database.session() as session:
        entry = session.get(WorklistEntry, ids["customer"])
        assert entry is not None and (entry.ready_at, entry.computed_at) == (ready_before, computed_before)
        audit = session.scalars(select(AuditEvent).where(AuditEvent.action == "dial.not_placed")).one()
        assert audit.after is not None and audit.after["why"] == "no SIP account"
    # Nothing counts it: the customer is as callable as before, and a real dial is allowed at once.
    assert contact_status(database, clock, ids["customer"]).allowed  # type: ignore[union-attr]
    assert check_before_dial(database, clock, ids["agent"], ids["customer"], ids["first"]).allowed


def test_an_attempt_that_went_out_is_never_withdrawn(database: Database, book: Book) -> None:
    clock, ids = book
    dial = check_before_dial(database, clock, ids["agent"], ids["customer"], ids["first"])
    assert dial.interaction_id is not None
    record_call_result(database, dial.interaction_id, sip_call_id="abc", sip_code=503)
    assert not withdraw_attempt(database, clock, dial.interaction_id, user_id=ids["agent"], why="oops")
    assert counts(database)[1] == 1


def _snapshot(key: int, state: CallState, interaction_id: int | None, **facts: object) -> CallSnapshot:
    values: dict[str, object] = {
        "key": key,
        "direction": Direction.OUTBOUND,
        "state": state,
        "number": "+6281234567890",
        "remote_uri": "sip:+6281234567890@pbx",
        "sip_call_id": None,
        "sip_code": None,
        "sip_reason": "",
        "started_at": NOW,
        "answered_at": None,
        "ended_at": None,
        "talk_seconds": 0.0,
        "muted": False,
        "recording_path": None,
        "end_reason": None,
        "hint": None,
        "caller": None,
        "customer_id": None,
        "contact_point_id": None,
        "interaction_id": interaction_id,
    }
    values.update(facts)
    return CallSnapshot(**values)  # type: ignore[arg-type]


def test_the_softphone_log_withdraws_a_call_that_never_left_and_keeps_one_that_did(
    database: Database, book: Book
) -> None:
    """What the softphone reports: a call whose sending failed (no transport) and one that reached a peer."""
    clock, ids = book
    log = InteractionLog(database.write_session, user_id=ids["agent"])
    try:
        for key, went_out in ((1, False), (2, True)):
            dial = check_before_dial(database, clock, ids["agent"], ids["customer"], ids["first"])
            facts: dict[str, object] = {"customer_id": ids["customer"], "contact_point_id": ids["first"]}
            log(CallChanged(_snapshot(key, CallState.DIALING, dial.interaction_id, **facts)))
            ended = {"ended_at": NOW, "end_reason": EndReason.FAILED, "sip_reason": "no transport"}
            if went_out:
                ended.update(sip_call_id="abc@desk", sip_code=503, sip_reason="Service Unavailable")
            log(CallChanged(_snapshot(key, CallState.ENDED, dial.interaction_id, **facts, **ended)))
            log.flush()
            with database.session() as session:
                row = session.get(Interaction, dial.interaction_id)
                assert (row is not None) == went_out
    finally:
        log.close()
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(Interaction)) == 1
        assert session.scalar(select(func.count()).where(AuditEvent.action == "dial.not_placed")) == 1


def test_supervisors_list_the_calls_entered_by_hand(database: Database, book: Book) -> None:
    import io

    from agent_desk.cli.main import build_parser, run
    from db.models import Role, User

    clock, ids = book
    with database.transaction(write=True) as session:
        agent = session.get(User, ids["agent"])
        assert agent is not None
        boss = User(login="spv.test", display_name="Boss", role=Role.SUPERVISOR, team_id=agent.team_id, created_at=NOW)
        session.add(boss)
        agent_login = agent.login
    record_manual_call(
        database,
        clock,
        user_id=ids["agent"],
        customer_id=ids["customer"],
        contact_point_id=ids["first"],
        at=NOW - dt.timedelta(minutes=5),
        reason="line down, desk phone",
    )
    url = database.engine.url.render_as_string(hide_password=False)

    def cli(login: str) -> tuple[int, str, str]:
        out, err = io.StringIO(), io.StringIO()
        args = build_parser().parse_args(["--db", url, "--at", NOW.isoformat(), "manual-calls", "--as", login])
        return run(args, out=out, err=err), out.getvalue(), err.getvalue()

    code, out, _ = cli("spv.test")
    assert code == 0 and "why: line down, desk phone" in out and "answered" in out
    code, _, err = cli(agent_login)
    assert code == 2 and "Only a supervisor or an admin" in err

"""Agent states follow the call loop and every stretch is recorded with its times."""

from __future__ import annotations

import datetime as dt

import pytest

from agent_desk.agent_states import AgentStateError, change_state, current_state, time_in_states
from agent_desk.context import open_context
from db.models import AgentState, Role, User

T0 = dt.datetime(2026, 11, 24, 1, 0, tzinfo=dt.UTC)


def minutes(n: int) -> dt.datetime:
    return T0 + dt.timedelta(minutes=n)


@pytest.fixture
def session_and_user(sqlite_url: str):  # type: ignore[no-untyped-def]
    context = open_context(sqlite_url)
    with context.database.transaction() as session:
        user = User(login="agent01", display_name="Dewi", role=Role.AGENT, created_at=T0)
        session.add(user)
        session.flush()
        yield session, user.id
    context.close()


def test_a_shift_is_recorded_state_by_state(session_and_user) -> None:  # type: ignore[no-untyped-def]
    session, user = session_and_user
    assert current_state(session, user).state is AgentState.SIGNED_OUT
    change_state(session, user, AgentState.READY, minutes(0))
    change_state(session, user, AgentState.ON_CALL, minutes(2), customer_id=None)
    change_state(session, user, AgentState.WRAP_UP, minutes(7))
    change_state(session, user, AgentState.BREAK, minutes(8), reason="prayer")
    change_state(session, user, AgentState.READY, minutes(23))
    assert current_state(session, user).state is AgentState.READY
    totals = time_in_states(session, user, T0, minutes(30))
    assert totals == {
        "ready": dt.timedelta(minutes=2 + 7),
        "on_call": dt.timedelta(minutes=5),
        "wrap_up": dt.timedelta(minutes=1),
        "break:prayer": dt.timedelta(minutes=15),
    }


def test_a_break_needs_a_known_reason(session_and_user) -> None:  # type: ignore[no-untyped-def]
    session, user = session_and_user
    change_state(session, user, AgentState.READY, minutes(0))
    with pytest.raises(AgentStateError, match="needs a reason"):
        change_state(session, user, AgentState.BREAK, minutes(1))
    with pytest.raises(AgentStateError, match="needs a reason"):
        change_state(session, user, AgentState.BREAK, minutes(1), reason="nap")


def test_no_break_in_the_middle_of_a_call(session_and_user) -> None:  # type: ignore[no-untyped-def]
    session, user = session_and_user
    change_state(session, user, AgentState.READY, minutes(0))
    change_state(session, user, AgentState.ON_CALL, minutes(1))
    with pytest.raises(AgentStateError, match="Cannot go from On a call to Break"):
        change_state(session, user, AgentState.BREAK, minutes(2), reason="meal")


def test_signing_out_closes_the_running_stretch(session_and_user) -> None:  # type: ignore[no-untyped-def]
    session, user = session_and_user
    change_state(session, user, AgentState.READY, minutes(0))
    change_state(session, user, AgentState.SIGNED_OUT, minutes(10))
    assert current_state(session, user).state is AgentState.SIGNED_OUT
    assert time_in_states(session, user, T0, minutes(60)) == {"ready": dt.timedelta(minutes=10)}

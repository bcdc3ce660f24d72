"""The agent's working state — ready, on a call, wrap-up, break (with a reason) — and its recorded history.

Every change closes the running stretch and opens the next in ``agent_state_events``, so supervisors can report
time per state and per break reason. The allowed moves follow the call loop: ready → on a call → wrap-up →
ready, a break from anywhere but a live call, and back to ready from a break.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from agent_desk.resources import load_toml
from agent_desk.text import Message
from db.models import AgentState, AgentStateEvent

ALLOWED_MOVES: dict[AgentState, frozenset[AgentState]] = {
    AgentState.SIGNED_OUT: frozenset({AgentState.READY, AgentState.BREAK}),
    AgentState.READY: frozenset({AgentState.ON_CALL, AgentState.BREAK, AgentState.WRAP_UP, AgentState.SIGNED_OUT}),
    AgentState.ON_CALL: frozenset({AgentState.WRAP_UP, AgentState.SIGNED_OUT}),
    AgentState.WRAP_UP: frozenset({AgentState.READY, AgentState.ON_CALL, AgentState.BREAK, AgentState.SIGNED_OUT}),
    AgentState.BREAK: frozenset({AgentState.READY, AgentState.SIGNED_OUT}),
}


class AgentStateError(ValueError):
    """A move the call loop does not allow; ``message`` says why in words."""

    def __init__(self, message: Message) -> None:
        super().__init__(str(message))
        self.message = message


@dataclasses.dataclass(frozen=True)
class StateStretch:
    state: AgentState
    reason: str | None
    started_at: dt.datetime
    ended_at: dt.datetime | None


def break_reasons() -> list[str]:
    return list(load_toml("break_reasons.toml")["codes"])


def current_state(session: Session, user_id: int) -> StateStretch:
    row = session.scalars(
        select(AgentStateEvent)
        .where(AgentStateEvent.user_id == user_id, AgentStateEvent.ended_at.is_(None))
        .order_by(AgentStateEvent.started_at.desc(), AgentStateEvent.id.desc())
        .limit(1)
    ).first()
    if row is None:
        return StateStretch(AgentState.SIGNED_OUT, None, dt.datetime.min.replace(tzinfo=dt.UTC), None)
    return StateStretch(row.state, row.reason, row.started_at, row.ended_at)


def change_state(
    session: Session,
    user_id: int,
    wanted: AgentState,
    at: dt.datetime,
    *,
    reason: str | None = None,
    customer_id: int | None = None,
) -> StateStretch:
    """Move the agent to ``wanted`` at ``at``; raises :class:`AgentStateError` for a move the loop forbids."""
    current = current_state(session, user_id)
    if wanted is current.state and wanted is not AgentState.BREAK:
        return current
    if wanted not in ALLOWED_MOVES[current.state] and wanted is not current.state:
        raise AgentStateError(
            Message.of(
                "agent_state.not_allowed",
                current=Message.of(f"agent_state.{current.state}"),
                wanted=Message.of(f"agent_state.{wanted}"),
            )
        )
    if wanted is AgentState.BREAK and reason not in break_reasons():
        raise AgentStateError(Message.of("agent_state.needs_reason"))
    session.execute(
        update(AgentStateEvent)
        .where(AgentStateEvent.user_id == user_id, AgentStateEvent.ended_at.is_(None))
        .values(ended_at=at)
    )
    if wanted is AgentState.SIGNED_OUT:
        return StateStretch(wanted, None, at, None)
    session.add(
        AgentStateEvent(
            user_id=user_id, state=wanted, reason=reason, customer_id=customer_id, started_at=at, ended_at=None
        )
    )
    session.flush()
    return StateStretch(wanted, reason, at, None)


def time_in_states(session: Session, user_id: int, since: dt.datetime, until: dt.datetime) -> dict[str, dt.timedelta]:
    """Time spent per state (breaks per reason as ``break:<reason>``) between two moments."""
    rows = session.execute(
        select(AgentStateEvent.state, AgentStateEvent.reason, AgentStateEvent.started_at, AgentStateEvent.ended_at)
        .where(AgentStateEvent.user_id == user_id, AgentStateEvent.started_at < until)
        .where((AgentStateEvent.ended_at.is_(None)) | (AgentStateEvent.ended_at > since))
    ).all()
    totals: dict[str, dt.timedelta] = {}
    for state, reason, started, ended in rows:
        key = f"break:{reason}" if state is AgentState.BREAK else state.value
        span = min(ended or until, until) - max(started, since)
        totals[key] = totals.get(key, dt.timedelta()) + span
    return totals

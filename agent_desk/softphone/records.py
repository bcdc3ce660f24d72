"""One Interaction row per call attempt — answered, failed, rejected or missed — written off the SIP thread.

:class:`InteractionLog` listens to the engine. The row is inserted when a call first shows up (so a crash
mid-call still leaves a trace) and completed when it ends. Writes go through one worker thread, in order, so
the poll loop never waits on the database (SQLite may hold a writer for seconds).

A call that never left the desk (nothing was sent: no transport, no route) is no contact attempt: its row is
withdrawn when it ends, with an audit event, so no cap, cadence or KPI counts it.
"""

from __future__ import annotations

import concurrent.futures
import logging
import math
from collections.abc import Callable

from sqlalchemy.orm import Session

from agent_desk.softphone.events import CallChanged, CallSnapshot, CallState, SoftphoneEvent
from agent_desk.softphone.hints import EndReason
from db.models import Channel, Interaction

log = logging.getLogger(__name__)

SessionFactory = Callable[[], Session]
SavedCallback = Callable[[int, int], None]

# Ended by us or by the far end in the ordinary way: the SIP reason alone says it.
_PLAIN_ENDINGS = (EndReason.LOCAL_HANGUP, EndReason.REMOTE_HANGUP, EndReason.FAILED)


def sip_reason_text(call: CallSnapshot) -> str:
    """The SIP reason phrase, with the engine's own reason when the phrase alone would mislead."""
    reason = call.sip_reason or ""
    ending = call.end_reason
    # An answered call's reason is "OK" whoever hung up: say who did.
    if ending is not None and (call.answered or ending not in _PLAIN_ENDINGS):
        reason = f"{reason}; {ending.value}" if reason else ending.value
    return reason[:255]


class InteractionLog:
    """Writes the Interaction of every call the engine reports.

    Args:
        session_factory: makes one session per write (``Database.session``).
        user_id: the agent on this softphone.
        on_saved: called (on the writer thread) with the call key and the Interaction id once the row exists.
    """

    def __init__(
        self,
        session_factory: SessionFactory,
        *,
        user_id: int | None = None,
        on_saved: SavedCallback | None = None,
    ) -> None:
        self._session_factory = session_factory
        self.user_id = user_id
        self._on_saved = on_saved
        self._executor = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="interaction-log")
        self._ids: dict[int, concurrent.futures.Future[int]] = {}

    def __call__(self, event: SoftphoneEvent) -> None:
        """The engine listener: insert on first sight of a call, complete it when it ends."""
        if not isinstance(event, CallChanged):
            return
        call = event.call
        if call.key not in self._ids:
            self._ids[call.key] = self._executor.submit(self._insert, call)
        if call.state is CallState.ENDED:
            future = self._ids[call.key]
            self._executor.submit(self._complete, future, call)

    def interaction_id(self, key: int, timeout: float = 5.0) -> int | None:
        """The Interaction id of a call (waits for the insert); None when the call is unknown or it failed."""
        future = self._ids.get(key)
        if future is None:
            return None
        try:
            return future.result(timeout)
        except Exception:
            return None

    def when_saved(self, key: int, callback: Callable[[int], None]) -> None:
        """Call ``callback(interaction_id)`` (on the writer thread) once the call's row exists."""
        future = self._ids.get(key)
        if future is None:
            return

        def done(finished: concurrent.futures.Future[int]) -> None:
            if finished.exception() is None:
                callback(finished.result())

        future.add_done_callback(done)

    def flush(self, timeout: float = 10.0) -> None:
        """Wait until every write submitted so far is done."""
        self._executor.submit(lambda: None).result(timeout)

    def close(self) -> None:
        self._executor.shutdown(wait=True)

    def _insert(self, call: CallSnapshot) -> int:
        if call.interaction_id is not None:  # the dial check recorded the attempt: this call is that row
            self._notify(call.key, call.interaction_id)
            return call.interaction_id
        with self._session_factory() as session, session.begin():
            row = Interaction(
                customer_id=call.customer_id,
                contact_point_id=call.contact_point_id,
                user_id=self.user_id,
                channel=Channel.CALL,
                direction=call.direction,
                dialed_number=call.number[:64] or None,
                sip_call_id=call.sip_call_id,
                started_at=call.started_at,
                recording_path=call.recording_path,
            )
            session.add(row)
            session.flush()
            interaction_id = int(row.id)
        self._notify(call.key, interaction_id)
        return interaction_id

    def _notify(self, key: int, interaction_id: int) -> None:
        if self._on_saved is not None:
            try:
                self._on_saved(key, interaction_id)
            except Exception:
                log.exception("interaction saved callback failed")

    def _complete(self, inserted: concurrent.futures.Future[int], call: CallSnapshot) -> None:
        try:
            interaction_id = inserted.result()
        except Exception:
            log.exception("the call's interaction was never inserted; it cannot be completed")
            return
        try:
            with self._session_factory() as session, session.begin():
                if not call.left_desk:
                    from agent_desk.scheduling.attempts import withdraw_in_session  # the worklist, only when needed

                    withdraw_in_session(
                        session,
                        interaction_id,
                        user_id=self.user_id,
                        why=sip_reason_text(call),
                        now=call.ended_at or call.started_at,
                    )
                    return
                row = session.get(Interaction, interaction_id)
                if row is None:
                    return
                row.customer_id = call.customer_id
                row.contact_point_id = call.contact_point_id
                row.dialed_number = call.number[:64] or None
                row.sip_call_id = call.sip_call_id
                row.sip_code = call.sip_code
                row.sip_reason = sip_reason_text(call) or None
                row.answered_at = call.answered_at
                row.ended_at = call.ended_at
                row.talk_seconds = math.floor(call.talk_seconds + 0.5) if call.answered else 0
                row.recording_path = call.recording_path
        except Exception:
            log.exception("completing the interaction of a call failed")

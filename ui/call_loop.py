"""The agent's loop — Next → Dial → hang up → wrap-up → Save → Next — and everything it must never lose.

The loop owns the lease on the open customer (renewed while open), the wrap-up draft (written to the agent's
disk as it is typed, restored after a crash and saved exactly once thanks to its key), and the agent's state
(ready, on a call, wrap-up, break). Database work runs off the GUI thread; saves go through the ordered pool.

The wrap-up's steps (draft, Save, restore) live in :mod:`ui.wrap_up_steps`, inbound and manual calls in
:mod:`ui.other_calls`; both are mixins of :class:`CallLoop`, which holds the state.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from agent_desk.agent_states import AgentStateError, change_state
from agent_desk.context import AppContext
from agent_desk.drafts import DraftStore, WrapUpDraft
from agent_desk.errors import refusal
from agent_desk.journal import OutcomeDesk, SaveJournal, is_outage
from agent_desk.logs import masked_message
from agent_desk.portfolio import UserSummary
from agent_desk.scheduling.attempts import withdraw_attempt
from agent_desk.text import Message
from agent_desk.worklist import (
    Evaluation,
    Lease,
    LeaseError,
    check_before_dial,
    contact_status,
    next_for,
    release_lease,
    renew_lease,
    skip_customer,
)
from db.models import AgentState
from ui import text
from ui.background import Background
from ui.failures import failure_text
from ui.other_calls import OpenCustomer, OtherCalls
from ui.team.reconnect import Reconnector
from ui.wrap_up_steps import WrapUpSteps

if TYPE_CHECKING:  # the softphone's event types load with the softphone, after the first paint
    from agent_desk.softphone.events import CallSnapshot

log = logging.getLogger(__name__)
LEASE_RENEW_MS = 5 * 60 * 1000
STATUS_REFRESH_MS = 30 * 1000


class CallLoop(OtherCalls, WrapUpSteps, QObject):
    """Drives the workspace's panes through the call loop. Panes only display; the loop decides."""

    state_changed = Signal(str, str)  # AgentState value, break reason
    customer_changed = Signal(object)  # OpenCustomer | None
    notice = Signal(str)  # a sentence for the agent (status bar)
    saved = Signal(object)  # SavedOutcome

    def __init__(
        self,
        context: AppContext,
        user: UserSummary,
        background: Background,
        drafts: DraftStore,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.user = user
        self.background = background
        self.drafts = drafts
        self.current: OpenCustomer | None = None
        # Outcomes go through the local journal beside the drafts: a database outage never loses one.
        self.outcomes = OutcomeDesk(context.database, context.clock, SaveJournal(drafts.directory), user.id)
        self.reconnector = Reconnector(
            self.outcomes,
            background,
            lambda: self.current.profile.id if self.current is not None else None,
            lambda: self._busy,
            self,
        )
        self.database_lost = self.reconnector.lost  # banners follow these
        self.database_back = self.reconnector.back
        self.reconnector.notice.connect(self.notice)
        self.state = AgentState.SIGNED_OUT
        self.break_reason = ""
        self._signed_in = False  # between start() and stop(): the states the loop moves through are recorded
        self._busy = False  # a Next or a save is on its way: ignore repeated key presses
        self._phone: Any = None
        # Practice mode: the practice customer's number goes to the practice line (a SIP URI); None refuses.
        self.dial_route: Callable[[str], str | None] | None = None
        self._renew = QTimer(self)
        self._renew.setInterval(LEASE_RENEW_MS)
        self._renew.timeout.connect(self._renew_lease)
        self._status_timer = QTimer(self)
        self._status_timer.setInterval(STATUS_REFRESH_MS)
        self._status_timer.timeout.connect(self.refresh_status)

    def _run(self, fn: Any, on_result: Any = None, on_error: Any = None, *, ordered: bool = False) -> None:
        self.background.run(fn, on_result, on_error, ordered=ordered, owner=self)

    # --- wiring ---

    def attach_phone(self, phone: Any) -> None:
        """The softphone pane: the loop dials through it and hears when calls end."""
        self._phone = phone
        phone.call_ended.connect(self._call_ended)
        phone.adapter.incoming_call.connect(self._incoming)

    def start(self) -> None:
        """Sign in: ready, or first the wrap-up a crash left unsaved."""
        self._signed_in = True
        self._set_state(AgentState.READY)
        if self.outcomes.waiting:  # outcomes the last session could not save: in they go first
            self._go_offline()
        pending = self.drafts.pending(self.user.login)
        if pending:
            self._restore(pending[0])

    def stop(self) -> None:
        """Sign out: the lease goes back unless a call is waiting for its outcome (its draft stays on disk).
        What happens after (a call the closing phone ends) moves the agent through no more states."""
        self._signed_in = False
        self.state, self.break_reason = AgentState.SIGNED_OUT, ""
        self._renew.stop()
        self._status_timer.stop()
        self.reconnector.stop()
        current = self.current
        if current is not None and current.lease is not None and not current.called and not self.offline:
            release_lease(self.context.database, self.context.clock, self.user.id, current.profile.id)
            self.drafts.discard(current.draft.draft_key)
        if self.offline:
            return
        self._record_state(AgentState.SIGNED_OUT, "")

    # --- Next ---

    @Slot()
    def next_customer(self) -> None:
        if self._busy:
            return
        current = self.current
        if current is not None and current.in_call:
            self.notice.emit(text.render(Message.of("loop.hang_up_first")))
            return
        if current is not None and current.called:
            self.notice.emit(text.render(Message.of("loop.save_first", name=current.profile.full_name)))
            return
        if self.offline:
            self.notice.emit(text.render(Message.of("outage.next_waits")))
            return
        self._busy = True
        if self.state is AgentState.BREAK:
            self._set_state(AgentState.READY)
        context, user_id = self.context, self.user.id
        leaving = current

        def work() -> tuple[Lease, Evaluation | None] | None:
            if leaving is not None and leaving.lease is not None:
                release_lease(context.database, context.clock, user_id, leaving.profile.id)
            lease = next_for(context.database, context.clock, user_id)
            if lease is None:
                return None
            return lease, contact_status(context.database, context.clock, lease.customer_id)

        if leaving is not None:
            self.drafts.discard(leaving.draft.draft_key)
        self._close()
        left = leaving.profile.full_name if leaving is not None else None
        self._run(work, self._leased, lambda error: self._failed(error, left))

    def _leased(self, result: tuple[Lease, Evaluation | None] | None) -> None:
        self._busy = False
        if result is None:
            self.notice.emit(text.render(Message.of("loop.nothing_callable")))
            return
        lease, status = result
        draft = WrapUpDraft.new(self.user.login, lease.customer_id, self.context.clock.now())
        self.drafts.save(draft)
        self._open(OpenCustomer(lease.profile, status, draft, lease, lease.number_id, lease.purpose))
        self._renew.start()

    # --- Dial and the call ---

    @Slot()
    def dial(self) -> None:
        current = self.current
        if current is None:
            self.notice.emit(text.render(Message.of("loop.no_customer")))
            return
        if current.in_call or self._phone is None:
            return
        number = self._number(current)
        if number is None:
            self.notice.emit(text.render(Message.of("loop.no_number")))
            return
        context = self.context
        try:
            check = check_before_dial(context.database, context.clock, self.user.id, current.profile.id, number.id)
        except Exception as error:
            reason = refusal(error)
            if reason is not None:  # the domain said no (an import still applying to them): a notice, not a fault
                log.warning("dial refused: %s", masked_message(reason))
                self.notice.emit(text.render(reason))
                return
            if not is_outage(error):  # the short paragraph; the traceback to the log, with the customer masked
                self.notice.emit(failure_text(error, context="dial check", names=[current.profile.full_name]))
                return
            self._go_offline()
            self.notice.emit(text.render(Message.of("outage.dial_waits")))
            return
        if not check.allowed:
            current.status = contact_status(context.database, context.clock, current.profile.id)
            self.customer_changed.emit(current)
            self.notice.emit("; ".join(text.render(reason) for reason in check.reasons))
            return
        current.draft = current.draft.with_changes(context.clock.now(), interaction_id=check.interaction_id)
        self.drafts.save(current.draft)
        target = check.e164 or number.e164 or number.raw_value
        if self.dial_route is not None:
            target = self.dial_route(target) or ""
        result = self._phone.dial(
            target,
            customer_id=current.profile.id,
            contact_point_id=number.id,
            label=current.profile.full_name,
            interaction_id=check.interaction_id,
        )
        if not result.placed:  # nothing left the desk: no contact attempt, nothing to wrap up
            reasons = "; ".join(text.render(reason) for reason in result.refusals)
            if check.interaction_id is not None:
                withdraw_attempt(
                    context.database, context.clock, check.interaction_id, user_id=self.user.id, why=reasons
                )
            current.draft = current.draft.with_changes(context.clock.now(), interaction_id=None)
            self.drafts.save(current.draft)
            self.notice.emit(text.render(Message.of("attempt.not_placed", reason=reasons)))
            self.customer_changed.emit(current)
            return
        current.in_call, current.call_key = True, result.key
        self._set_state(AgentState.ON_CALL)
        self.customer_changed.emit(current)

    @Slot()
    def hang_up(self) -> None:
        if self._phone is not None:
            self._phone.hang_up()

    @Slot(object)
    def _call_ended(self, call: CallSnapshot) -> None:
        current = self.current
        if current is None or call.key != current.call_key:
            return
        current.in_call = False
        if not call.left_desk:  # nothing was sent: the softphone's log withdraws the attempt; no wrap-up
            current.draft = current.draft.with_changes(self.context.clock.now(), interaction_id=None)
            self.drafts.save(current.draft)
            self._set_state(AgentState.READY)
            self.customer_changed.emit(current)
            reason = call.sip_reason or text.render(Message.of(f"softphone.ended_by_{call.end_reason}"))
            self.notice.emit(text.render(Message.of("attempt.not_placed", reason=reason)))
            return
        self._set_state(AgentState.WRAP_UP)
        self.customer_changed.emit(current)
        if call.hint and not call.answered:
            why = f"{call.sip_code or ''} {call.sip_reason}".strip()
            self.suggestion.emit(call.hint, why)

    suggestion = Signal(str, str)  # disposition code, why (the SIP result in words)
    manual_call_recorded = Signal(object)  # ManualCall
    restored = Signal(object)  # the WrapUpDraft put back on screen (ui.wrap_up_steps)

    # --- skip and break ---

    def skip(self, reason: str, note: str | None = None) -> None:
        current = self.current
        if current is None or current.called or current.in_call:
            return
        context, user_id, customer_id = self.context, self.user.id, current.profile.id
        name = current.profile.full_name
        self.drafts.discard(current.draft.draft_key)
        self._close()

        def work() -> tuple[Lease, Evaluation | None] | None:
            skip_customer(context.database, context.clock, user_id, customer_id, reason, note)
            lease = next_for(context.database, context.clock, user_id)
            return (
                None if lease is None else (lease, contact_status(context.database, context.clock, lease.customer_id))
            )

        self._busy = True
        self._run(work, self._leased, lambda error: self._failed(error, name))

    def take_break(self, reason: str) -> None:
        current = self.current
        if current is not None and (current.in_call or current.called):
            self.notice.emit(text.render(Message.of("loop.save_first", name=current.profile.full_name)))
            return
        if current is not None:
            release_lease(self.context.database, self.context.clock, self.user.id, current.profile.id)
            self.drafts.discard(current.draft.draft_key)
            self._close()
        self._set_state(AgentState.BREAK, reason)

    def back_to_ready(self) -> None:
        self._set_state(AgentState.READY)

    # --- inside ---

    def _open(self, customer: OpenCustomer) -> None:
        self.current = customer
        self._status_timer.start()
        self.customer_changed.emit(customer)

    def _close(self) -> None:
        self.current = None
        self._status_timer.stop()
        self.customer_changed.emit(None)

    def _number(self, current: OpenCustomer) -> Any:
        wanted = current.number_id
        numbers = [n for n in current.profile.contact_points if n.dialable]
        return next((n for n in numbers if n.id == wanted), numbers[0] if numbers and wanted is None else None)

    def choose_number(self, contact_point_id: int) -> None:
        current = self.current
        if current is not None and not current.in_call:
            current.number_id = contact_point_id
            self.customer_changed.emit(current)

    @Slot()
    def refresh_status(self) -> None:
        current = self.current
        if current is None:
            return
        context, customer_id = self.context, current.profile.id

        def updated(status: Evaluation | None) -> None:
            if self.current is current:
                current.status = status
                self.customer_changed.emit(current)

        self._run(
            lambda: contact_status(context.database, context.clock, customer_id),
            updated,
            lambda error: log.warning("status refresh failed: %s", type(error).__name__),
        )

    @Slot()
    def _renew_lease(self) -> None:
        current = self.current
        if current is None or current.lease is None:
            return
        context, user_id, customer_id = self.context, self.user.id, current.profile.id

        def lost(error: BaseException) -> None:
            if isinstance(error, LeaseError) and self.current is current:
                current.lease = None
                self.notice.emit(text.render(Message.of("loop.lease_lost", name=current.profile.full_name)))

        self._run(lambda: renew_lease(context.database, context.clock, user_id, customer_id), lambda _until: None, lost)

    # --- the database went away ---

    @property
    def offline(self) -> bool:
        return self.reconnector.offline

    def _go_offline(self) -> None:
        self.reconnector.go_offline()

    def _failed(self, error: BaseException, *names: str | None) -> None:
        """A step of the loop failed. ``names``: the customers it was about, masked in the logged traceback (the
        database may quote a row of theirs whole, a note the agent typed included)."""
        self._busy = False
        if is_outage(error):
            self._go_offline()
            self.notice.emit(text.render(Message.of("outage.next_waits")))
            return
        reason = refusal(error)
        if reason is not None:  # the domain said no (say, an import is still applying to the customer): not a fault
            log.warning("call loop step refused: %s", masked_message(reason))
            self.notice.emit(text.render(reason))
            return
        # Never the driver's own text on screen (SQL, values): a known failure in words, else the short "unexpected"
        # paragraph pointing at the log, which has the traceback (masked).
        self.notice.emit(failure_text(error, context="call loop step", names=names))

    def _set_state(self, state: AgentState, reason: str = "") -> None:
        if not self._signed_in or (state is self.state and reason == self.break_reason):
            return  # signed out: the state machine would refuse any move but signing in
        self.state, self.break_reason = state, reason
        self.state_changed.emit(state.value, reason)
        self._record_state(state, reason)

    def _record_state(self, state: AgentState, reason: str) -> None:
        context, user_id = self.context, self.user.id
        customer_id = self.current.profile.id if self.current else None
        at = context.clock.now()

        def work() -> None:
            with context.database.transaction(write=True) as session:  # read-then-write: take the lock first
                try:
                    change_state(session, user_id, state, at, reason=reason or None, customer_id=customer_id)
                except AgentStateError as error:  # the loop is the authority; record what happened anyway
                    log.warning("agent state %s not recorded: %s", state.value, error)

        self._run(work, None, lambda error: log.warning("agent state not recorded: %s", error), ordered=True)

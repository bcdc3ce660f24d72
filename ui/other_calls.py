"""Calls that do not start with the agent pressing Dial: an inbound call from a known customer (screen-pop), and a
call made outside the softphone, entered by hand. Part of :class:`ui.call_loop.CallLoop`, kept apart for size."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Slot

from agent_desk.drafts import WrapUpDraft
from agent_desk.scheduling.attempts import ManualCall, record_manual_call
from agent_desk.text import Message
from agent_desk.worklist import CustomerProfile, Evaluation, Lease, contact_status, release_lease
from agent_desk.worklist.viewing import open_profile
from db.models import AgentState
from ui import text

if TYPE_CHECKING:  # the softphone's event types load with the softphone, after the first paint
    from agent_desk.softphone.events import CallSnapshot


@dataclasses.dataclass
class OpenCustomer:
    """The customer on the agent's screen."""

    profile: CustomerProfile
    status: Evaluation | None
    draft: WrapUpDraft
    lease: Lease | None = None
    number_id: int | None = None
    purpose: str | None = None
    in_call: bool = False
    call_key: int | None = None

    @property
    def called(self) -> bool:
        """A call was attempted: its outcome must be saved before the agent moves on."""
        return self.draft.interaction_id is not None


class OtherCalls:
    """The inbound and manual calls of the call loop (a mixin: the loop holds the state it uses)."""

    # Provided by CallLoop.
    context: Any
    user: Any
    drafts: Any
    current: OpenCustomer | None
    notice: Any
    manual_call_recorded: Any
    customer_changed: Any

    def _run(self, fn: Any, on_result: Any = None, on_error: Any = None, *, ordered: bool = False) -> None: ...
    def _open(self, customer: OpenCustomer) -> None: ...
    def _close(self) -> None: ...
    def _failed(self, error: BaseException, *names: str | None) -> None: ...
    def _set_state(self, state: AgentState, reason: str = "") -> None: ...

    @Slot(object)
    def _incoming(self, call: CallSnapshot) -> None:
        """An inbound call from a known customer (screen-pop): open them, unless the agent is busy with someone
        else; the call's outcome is then written like any other."""
        current = self.current
        customer_id = call.customer_id
        if customer_id is None or (current is not None and (current.in_call or current.called)):
            return
        context, user_login, user_id = self.context, self.user.login, self.user.id
        # Who a failure may quote: the caller, as the number lookup named them, and whoever is on screen.
        names = (call.caller.customer_name if call.caller else None, current.profile.full_name if current else None)

        def work() -> tuple[CustomerProfile | None, Evaluation | None]:
            profile = open_profile(context.database, context.clock, user_id, customer_id, via="inbound")
            return profile, contact_status(context.database, context.clock, customer_id)

        def opened(result: tuple[CustomerProfile | None, Evaluation | None]) -> None:
            profile, status = result
            if profile is None:
                return
            draft = WrapUpDraft.new(user_login, customer_id, context.clock.now())
            leaving = self.current
            if leaving is not None and leaving.lease is not None:
                release_lease(context.database, context.clock, self.user.id, leaving.profile.id)
                self.drafts.discard(leaving.draft.draft_key)
            self._close()
            self.drafts.save(draft)
            self._open(OpenCustomer(profile, status, draft, purpose="collect", in_call=True, call_key=call.key))
            self._set_state(AgentState.ON_CALL)

        self._run(work, opened, lambda error: self._failed(error, *names))

    def inbound_saved(self, call_key: int, interaction_id: int) -> None:
        """The softphone wrote the inbound call's Interaction: the open customer's outcome belongs to it."""
        current = self.current
        if current is not None and current.call_key == call_key and current.draft.interaction_id is None:
            current.draft = current.draft.with_changes(self.context.clock.now(), interaction_id=interaction_id)
            self.drafts.save(current.draft)

    def record_manual_call(self, contact_point_id: int, at: Any, reason: str, *, connected: bool) -> None:
        """A call made outside the softphone (the line was down): recorded, audited, and the wrap-up's call."""
        current = self.current
        if current is None:
            self.notice.emit(text.render(Message.of("loop.no_customer")))
            return
        if current.in_call:
            self.notice.emit(text.render(Message.of("loop.hang_up_first")))
            return
        if current.called:
            self.notice.emit(text.render(Message.of("loop.save_first", name=current.profile.full_name)))
            return
        context, user_id, customer_id = self.context, self.user.id, current.profile.id

        def work() -> ManualCall:
            return record_manual_call(
                context.database,
                context.clock,
                user_id=user_id,
                customer_id=customer_id,
                contact_point_id=contact_point_id,
                at=at,
                reason=reason,
                connected=connected,
            )

        def recorded(call: ManualCall) -> None:
            if self.current is not current:
                return
            current.number_id = contact_point_id
            current.draft = current.draft.with_changes(context.clock.now(), interaction_id=call.interaction_id)
            self.drafts.save(current.draft)
            self._set_state(AgentState.WRAP_UP)
            self.customer_changed.emit(current)
            self.manual_call_recorded.emit(call)

        self._run(work, recorded, lambda error: self._failed(error, current.profile.full_name), ordered=True)

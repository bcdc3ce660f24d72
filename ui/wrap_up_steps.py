"""The wrap-up half of the call loop: the draft as it is typed, Save (exactly once, through the ordered pool and
the local journal), what follows a save, and the draft a crash left put back on screen. Part of
:class:`ui.call_loop.CallLoop`, kept apart for size."""

from __future__ import annotations

import logging
from typing import Any

from agent_desk.context import AppContext
from agent_desk.drafts import DraftStore, WrapUpDraft
from agent_desk.errors import refusal
from agent_desk.journal import OutcomeDesk, SaveResult
from agent_desk.logs import masked_message, people
from agent_desk.portfolio import UserSummary
from agent_desk.text import Message
from agent_desk.worklist import CustomerProfile, Evaluation, contact_status
from agent_desk.worklist.viewing import open_profile
from agent_desk.wrapup import CallContext, FormError, build_outcome
from db.models import AgentState
from ui import text
from ui.other_calls import OpenCustomer

log = logging.getLogger(__name__)


class WrapUpSteps:
    """Draft, save and restore of the call loop's wrap-up (a mixin: the loop holds the state it uses)."""

    # Provided by CallLoop.
    context: AppContext
    user: UserSummary
    drafts: DraftStore
    outcomes: OutcomeDesk
    current: OpenCustomer | None
    notice: Any
    saved: Any
    restored: Any
    _busy: bool
    _phone: Any
    _renew: Any

    def _run(self, fn: Any, on_result: Any = None, on_error: Any = None, *, ordered: bool = False) -> None: ...
    def _open(self, customer: OpenCustomer) -> None: ...
    def _close(self) -> None: ...
    def _failed(self, error: BaseException, *names: str | None) -> None: ...
    def _go_offline(self) -> None: ...
    def _set_state(self, state: AgentState, reason: str = "") -> None: ...
    def next_customer(self) -> None: ...

    def draft_edited(self, disposition: str | None, fields: dict[str, Any]) -> None:
        current = self.current
        if current is None:
            return
        current.draft = current.draft.with_changes(
            self.context.clock.now(), disposition_code=disposition, fields=fields
        )
        self.drafts.save(current.draft)

    def save(
        self,
        spec: Any,
        fields: dict[str, Any],
        script_stage: str | None,
        objections: tuple[str, ...],
        script_variant: str | None = None,
        *,
        right_party_confirmed: bool = False,
    ) -> list[Message]:
        """Save the outcome in the background; returns the form's problems (empty when the save has started)."""
        current = self.current
        if current is None or self._busy:
            return []
        if current.in_call:
            return [Message.of("loop.hang_up_first")]
        self.draft_edited(spec.code if spec else None, fields)
        zone = current.profile.timezone or (current.status.shown_zone if current.status else "Asia/Jakarta")
        main_account = current.profile.accounts[0] if current.profile.accounts else None
        call = CallContext(
            draft_key=current.draft.draft_key,
            customer_id=current.profile.id,
            user_id=self.user.id,
            zone=zone,
            currency=main_account.currency if main_account else "IDR",
            main_account_id=_main_account_id(current.profile),
            interaction_id=current.draft.interaction_id,
            contact_point_id=current.number_id if current.called else None,
            script_stage=script_stage,
            objections=objections,
            script_variant=script_variant,
            right_party_confirmed=right_party_confirmed,
        )
        try:
            outcome = build_outcome(spec, fields, call, self.context.clock.now())
        except FormError as error:
            return error.messages
        self._busy = True
        draft_key, name, desk = current.draft.draft_key, current.profile.full_name, self.outcomes
        interactions = getattr(getattr(self._phone, "adapter", None), "interactions", None)

        def work() -> SaveResult:
            if interactions is not None:  # the call's answer and end are written by the softphone's own writer
                interactions.flush()
            return desk.save(outcome, name)

        self._run(
            work,
            lambda result: self._saved(draft_key, result),
            lambda error: self._save_failed(error, name),
            ordered=True,
        )
        return []

    def _saved(self, draft_key: str, result: SaveResult) -> None:
        self._busy = False
        self.drafts.discard(draft_key)  # saved, or waiting in the journal: either way the wrap-up is done
        if result.saved is None:
            current = self.current
            name = current.profile.full_name if current is not None else ""
            if current is not None and current.draft.draft_key == draft_key:
                self._renew.stop()
                self._close()
                self._set_state(AgentState.READY)
            self._go_offline()
            self.notice.emit(text.render(Message.of("outage.queued", name=name)))
            return
        saved = result.saved
        self.saved.emit(saved)
        if self.current is not None and self.current.draft.draft_key == draft_key:
            self._renew.stop()
            self._close()
            self._set_state(AgentState.READY)
            self.next_customer()

    def _save_failed(self, error: BaseException, name: str) -> None:
        self._busy = False
        reason = refusal(error)
        if reason is not None:  # refused as drafted (OutcomeError), or not now (an import applying to the customer)
            log.warning("saving an outcome refused: %s", masked_message(reason))
            self.notice.emit(text.render(reason))
            return
        # The traceback is for whoever looks after the desk; the log masks the phone numbers in it and, since the
        # database may quote the refused row (the note the agent typed included), the customer's name too.
        log.error("saving an outcome failed: %s", type(error).__name__, exc_info=error, extra=people(name))
        self.notice.emit(text.render(Message.of("loop.save_failed", error=type(error).__name__)))

    def _restore(self, draft: WrapUpDraft) -> None:
        context, user_id = self.context, self.user.id

        def work() -> tuple[CustomerProfile | None, Evaluation | None]:
            profile = open_profile(context.database, context.clock, user_id, draft.customer_id, via="restore")
            return profile, contact_status(context.database, context.clock, draft.customer_id)

        def opened(result: tuple[CustomerProfile | None, Evaluation | None]) -> None:
            profile, status = result
            if profile is None:
                self.drafts.discard(draft.draft_key)
                return
            self._open(OpenCustomer(profile, status, draft, purpose="collect"))
            self._set_state(AgentState.WRAP_UP if draft.interaction_id else AgentState.READY)
            self.restored.emit(draft)
            self.notice.emit(text.render(Message.of("loop.restored", name=profile.full_name)))

        self._run(work, opened, self._failed)


def _main_account_id(profile: CustomerProfile) -> int | None:
    """The account a promise is booked on by default: the one with the most in arrears."""
    accounts = sorted(profile.accounts, key=lambda account: account.arrears, reverse=True)
    return accounts[0].id if accounts else None

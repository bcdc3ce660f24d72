"""The agent workspace: queue, customer profile, script, softphone and wrap-up side by side, driven by the call
loop. Each pane is its own module and knows nothing of the others; the loop decides, the panes show."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Slot
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QInputDialog, QSplitter, QVBoxLayout, QWidget

from agent_desk.agent_states import break_reasons
from agent_desk.context import AppContext
from agent_desk.dispositions import load_catalog
from agent_desk.drafts import DraftStore, WrapUpDraft
from agent_desk.language_guard import check_text
from agent_desk.paths import drafts_dir
from agent_desk.portfolio import UserSummary, list_users
from agent_desk.profile_view import mask_phone
from agent_desk.resources import load_toml
from agent_desk.scheduling.outcomes import SavedOutcome
from agent_desk.worklist import QueueLine, contact_window, count_ready, queue_lines, settings_for
from db.models import PaymentInstructionKind
from ui import text
from ui.background import Background
from ui.call_loop import CallLoop, OpenCustomer
from ui.panes.call_bar import CallBar
from ui.panes.profile_pane import ProfilePane
from ui.panes.queue_pane import QueuePane
from ui.panes.script_pane import ScriptPane
from ui.panes.wrapup_pane import WrapUpPane

QUEUE_REFRESH_MS = 60 * 1000


class AgentWorkspace(QWidget):
    def __init__(
        self,
        context: AppContext,
        background: Background,
        user: UserSummary,
        *,
        phone: Any = None,
        drafts: DraftStore | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("agent_workspace")
        self.context = context
        self.user = user
        with context.database.session() as session:
            catalog = load_catalog(session)
            self._agent_names = {u.id: u.display_name for u in list_users(session, active_only=False)}
        self.loop = CallLoop(context, user, background, drafts or DraftStore(drafts_dir()), self)
        self.queue = QueuePane(self._fetch_page, context.clock.now)
        self.profile = ProfilePane(context.clock, policy=settings_for(context.database, context.clock).policy)
        self.script = ScriptPane(context, user, background)
        self.call_bar = CallBar()
        self.phone: Any = None
        self.wrapup = WrapUpPane(catalog, context.clock.now)

        self.middle = middle = QSplitter(Qt.Orientation.Vertical)
        middle.addWidget(self.profile)
        middle.addWidget(self.script)
        middle.setStretchFactor(0, 3)
        middle.setStretchFactor(1, 2)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.call_bar)
        self._right_split = right_split = QSplitter(Qt.Orientation.Vertical)
        right_split.addWidget(self.wrapup)
        right_layout.addWidget(right_split, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.queue)
        self.splitter.addWidget(middle)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 4)
        self.splitter.setStretchFactor(1, 5)
        self.splitter.setStretchFactor(2, 3)
        self._sized = False
        self._warned_notes: str | None = None
        self.queue.setMinimumWidth(360)
        self.splitter.setChildrenCollapsible(False)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)

        self.queue.next_requested.connect(self.loop.next_customer)
        self.queue.skip_requested.connect(self.ask_skip)
        self.call_bar.dial_requested.connect(self.loop.dial)
        self.call_bar.hang_up_requested.connect(self.loop.hang_up)
        self.profile.number_chosen.connect(self.loop.choose_number)
        self.wrapup.draft_changed.connect(self._draft_changed)
        self.wrapup.save_requested.connect(self.save)
        self.script.plan_ready.connect(self._plan_ready)
        self.script.objection_met.connect(self._objection_met)
        self.loop.customer_changed.connect(self._customer_changed)
        self.loop.suggestion.connect(self.wrapup.suggest)
        self.loop.saved.connect(self._saved)
        self.loop.restored.connect(self._restored)
        if phone is not None:
            self.attach_phone(phone)
        self._queue_timer = QTimer(self)
        self._queue_timer.setInterval(QUEUE_REFRESH_MS)
        self._queue_timer.timeout.connect(self._tick)
        self._queue_timer.start()
        self._update_count()

    def attach_phone(self, phone: Any) -> None:
        """Put the softphone above the wrap-up and let the call loop use it (the window makes it after its first
        paint, so the desk shows before pjsua2 and the audio devices have loaded)."""
        self.phone = phone
        phone.pane.set_workspace_mode(True)
        self._right_split.insertWidget(0, phone.pane)
        self.loop.attach_phone(phone.pane)
        phone.pane.interaction_saved.connect(self.loop.inbound_saved)

    def warm_up(self) -> None:
        """After the first paint: make what the first customer needs but the empty desk does not (the chart)."""
        self.profile.payments.chart.ensure_plot()

    def showEvent(self, event: QShowEvent) -> None:
        """The first time the workspace shows, share the width and height out as an agent's screen needs them:
        the queue wide enough for names and reasons, the script tall enough to read from during the call."""
        super().showEvent(event)
        if not self._sized:
            self._sized = True
            width, height = self.width(), self.height()
            self.splitter.setSizes([int(width * 0.31), int(width * 0.45), int(width * 0.24)])
            self.middle.setSizes([int(height * 0.6), int(height * 0.4)])

    # --- the queue ---

    def _fetch_page(self, offset: int, limit: int, waiting: bool, search: str) -> list[QueueLine]:
        return queue_lines(
            self.context.database,
            self.context.clock,
            self.user.id,
            offset=offset,
            limit=limit,
            waiting=waiting,
            search=search,
        )

    def _update_count(self) -> None:
        self.queue.set_ready_count(count_ready(self.context.database, self.context.clock, self.user.id))

    @Slot()
    def _tick(self) -> None:
        self.queue.model.refresh_times()
        self._update_count()

    def refresh_queue(self, *_args: object) -> None:
        """Reload the queue (after a save, an import or a rebuild)."""
        self.queue.refresh()
        self._update_count()

    # --- following the loop ---

    @Slot(object)
    def _customer_changed(self, current: OpenCustomer | None) -> None:
        if current is None:
            self.profile.clear()
            self.script.clear()
            self.wrapup.clear()
            self.call_bar.show_target(None, None, allowed=False)
            self.queue.skip_button.setEnabled(False)
            self.queue.show_current(None)
            return
        profile = current.profile
        if self.profile.profile is not profile:
            self.profile.show_profile(
                profile, current.status, agent_names=self._agent_names, number_id=current.number_id
            )
            recording = bool(self.phone is not None and self.phone.records_calls)
            self.script.show_customer(profile, purpose=current.purpose, recording=recording)
            zone = profile.timezone or (current.status.shown_zone if current.status else "Asia/Jakarta")
            window = text.render(
                contact_window(settings_for(self.context.database, self.context.clock), profile.timezone)
            )
            self.wrapup.start(
                profile.full_name,
                zone,
                _channels(profile),
                current.draft.fields,
                current.draft.disposition_code,
                window=window,
            )
            self.queue.show_current(profile.id)
        else:
            self.profile.update_status(current.status)
        number = self.loop._number(current)
        shown = mask_phone(number.raw_value, number.e164) if number is not None else None
        allowed = bool(current.status and current.status.allowed) or current.called
        reasons = current.status.reasons if current.status else ()
        self.call_bar.show_target(
            profile.full_name, shown, allowed=allowed and not current.called, reasons=reasons, in_call=current.in_call
        )
        self.queue.skip_button.setEnabled(not current.called and not current.in_call)

    @Slot()
    def _draft_changed(self) -> None:
        self.loop.draft_edited(self.wrapup.disposition_code, self.wrapup.fields())

    @Slot()
    def save(self) -> None:
        """Save the wrap-up. Wording that may sound threatening, humiliating or coercive is pointed out first;
        pressing Save again with the same notes saves them as they are (the service keeps them for supervisors)."""
        notes = self.wrapup.notes.toPlainText()
        hits = check_text(notes)
        if hits and notes != self._warned_notes:
            self._warned_notes = notes
            self.wrapup.show_language_warning([hit.phrase for hit in hits])
            return
        run = self.script.run
        problems = self.loop.save(
            self.wrapup.spec,
            self.wrapup.fields(),
            self.script.stage_reached,
            self.script.objections_met,
            script_variant=run.script.variant if run is not None else None,
        )
        self.wrapup.show_problems(problems)

    @Slot(object)
    def _plan_ready(self, quote: Any) -> None:
        first = quote.schedule[0]
        currency = quote.draft.currency
        summary = self.tr("{count} × {frequency}, {total} in all, first {amount} on {day}").format(
            count=len(quote.schedule),
            frequency=text.label(f"negotiation.frequency.{quote.draft.frequency}"),
            total=text.money(quote.total, currency),
            amount=text.money(first.amount, currency),
            day=text.date(first.due_date),
        )
        if quote.needs_approval:
            summary += " · " + self.tr("needs a supervisor's approval")
        self.wrapup.attach_plan(quote.draft.to_dict(), summary, text.money(first.amount, currency), first.due_date)

    @Slot(object)
    def _objection_met(self, objection: Any) -> None:
        if objection.suggested_reason:
            self.wrapup.suggest_reason(objection.suggested_reason)

    @Slot(object)
    def _saved(self, saved: SavedOutcome) -> None:
        current = self.loop.current
        self.wrapup.show_saved(current.profile.full_name if current else "", saved.next_action, again=not saved.created)
        self.refresh_queue()

    @Slot(object)
    def _restored(self, draft: WrapUpDraft) -> None:
        current = self.loop.current
        if current is not None:
            self._customer_changed(current)
        del draft

    # --- skip and break ---

    @Slot()
    def ask_skip(self) -> None:
        codes = list(load_toml("skip_reasons.toml")["codes"])
        labels = [text.label(f"skip_reason.{code}") for code in codes]
        choice, ok = QInputDialog.getItem(self, self.tr("Skip this customer"), self.tr("Why?"), labels, 0, False)
        if ok and choice:
            self.loop.skip(codes[labels.index(choice)])

    def ask_break(self) -> None:
        codes = break_reasons()
        labels = [text.label(f"break.{code}") for code in codes]
        choice, ok = QInputDialog.getItem(self, self.tr("Take a break"), self.tr("Reason"), labels, 0, False)
        if ok and choice:
            self.loop.take_break(codes[labels.index(choice)])


def _channels(profile: Any) -> list[str]:
    """Where the customer can pay, as the wrap-up offers them: the banks of their virtual accounts, the
    minimarkets and the payment link."""
    names: list[str] = []
    for account in profile.accounts:
        for instruction in account.instructions:
            if instruction.kind == PaymentInstructionKind.VIRTUAL_ACCOUNT.value:
                name = f"VA {instruction.provider}"
            elif instruction.kind == PaymentInstructionKind.MINIMARKET_CODE.value:
                name = instruction.provider
            else:
                name = text.label("wrapup_channel.link")
            if name not in names:
                names.append(name)
    return names

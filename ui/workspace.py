"""The agent workspace: queue, customer profile, script, softphone and wrap-up side by side, driven by the call
loop. Each pane is its own module and knows nothing of the others; the loop decides, the panes show."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Slot
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import QDialog, QHBoxLayout, QSplitter, QVBoxLayout, QWidget

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
from agent_desk.text import Message
from agent_desk.worklist import QueueLine, contact_window, count_ready, queue_lines, settings_for
from db.models import PaymentInstructionKind
from ui import text
from ui.background import Background
from ui.call_loop import CallLoop
from ui.other_calls import OpenCustomer
from ui.outbox.wrapup_actions import attach_message_actions
from ui.panes.call_bar import CallBar
from ui.panes.manual_call_dialog import ManualCallDialog
from ui.panes.profile_pane import ProfilePane
from ui.panes.queue_pane import QueuePane
from ui.panes.script_pane import PLAN_TAB, ScriptPane
from ui.panes.wrapup_pane import WrapUpPane
from ui.widgets.choice_dialog import ChoiceDialog
from ui.widgets.scrolling import scrolling

QUEUE_REFRESH_MS = 60 * 1000
PLAN_PROFILE_SHARE = 0.36  # of the middle column's height, for the profile while the plan calculator is open


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
        queue: QueuePane | None = None,
    ) -> None:
        """``queue``: a queue pane showing this agent's queue already (the first frame's), taken over as it is."""
        super().__init__(parent)
        self.setObjectName("agent_workspace")
        self.context = context
        self.user = user
        with context.database.session() as session:
            catalog = load_catalog(session)
            self._agent_names = {u.id: u.display_name for u in list_users(session, active_only=False)}
        self.loop = CallLoop(context, user, background, drafts or DraftStore(drafts_dir()), self)
        if queue is None:
            self.queue = QueuePane(self._fetch_page, context.clock.now, background=background)
        else:  # its rows, selection and scroll stay; the next pages and searches come from the domain
            self.queue = queue
            queue.serve(self._fetch_page, context.clock.now, background=background)
        self.profile = ProfilePane(context.clock, policy=settings_for(context.database, context.clock).policy)
        self.script = ScriptPane(context, user, background)
        self.call_bar = CallBar()
        self.phone: Any = None
        self.wrapup = WrapUpPane(catalog, context.clock.now)
        self.messages = attach_message_actions(self)  # Send payment details / plan summary (ui/outbox)

        self.middle = middle = QSplitter(Qt.Orientation.Vertical)
        middle.addWidget(scrolling(self.profile, "profile_scroll"))  # it yields height to the plan calculator
        middle.addWidget(self.script)
        middle.setStretchFactor(0, 3)
        middle.setStretchFactor(1, 2)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.call_bar)
        # The phone (attached after the first paint) and the wrap-up scroll inside their share of the column: a
        # plan, a long warning or a small screen never pushes the window past the screen.
        self._right_split = right_split = QSplitter(Qt.Orientation.Vertical)
        right_split.setChildrenCollapsible(False)
        self._phone_pane: Any = None
        wrapup_column = QWidget()
        wrapup_layout = QVBoxLayout(wrapup_column)
        wrapup_layout.setContentsMargins(0, 0, 0, 0)
        wrapup_layout.setSpacing(0)
        wrapup_layout.addWidget(scrolling(self.wrapup, "wrapup_scroll"), 1)
        wrapup_layout.addWidget(self.wrapup.footer)  # Save stays in sight while the form scrolls
        right_split.addWidget(wrapup_column)
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
        self.queue.customer_activated.connect(self._queue_row_opened)
        self.call_bar.dial_requested.connect(self.loop.dial)
        self.call_bar.manual_call_requested.connect(self.ask_manual_call)
        self.call_bar.hang_up_requested.connect(self.loop.hang_up)
        self.profile.number_chosen.connect(self.loop.choose_number)
        self.wrapup.draft_changed.connect(self._draft_changed)
        self.wrapup.height_changed.connect(self.share_right_column)  # a plan used takes height from the phone
        self.wrapup.save_requested.connect(self.save)
        self.script.plan_ready.connect(self._plan_ready)
        self.script.confirmation_changed.connect(self._draft_changed)  # the draft keeps who was on the line
        self.script.objection_met.connect(self._objection_met)
        self._middle_before_plan: list[int] | None = None
        self.script.tabs.currentChanged.connect(self._script_tab_changed)
        self.loop.customer_changed.connect(self._customer_changed)
        self.loop.suggestion.connect(self.wrapup.suggest)
        self.loop.saved.connect(self._saved)
        self.loop.restored.connect(self._restored)
        self._reshare = QTimer(self)  # after a resize, once the column has its new height
        self._reshare.setSingleShot(True)
        self._reshare.setInterval(0)
        self._reshare.timeout.connect(self.share_right_column)
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
        self._phone_pane = phone.pane
        self._right_split.insertWidget(0, scrolling(phone.pane, "softphone_scroll"))
        self._right_split.setStretchFactor(0, 0)  # the phone keeps its height when the window resizes
        self._right_split.setStretchFactor(1, 1)
        self.share_right_column()
        self.loop.attach_phone(phone.pane)
        phone.pane.interaction_saved.connect(self.loop.inbound_saved)
        phone.pane.height_changed.connect(self._reshare.start)  # a call's lines shown: the phone may need more

    def share_right_column(self) -> None:
        """The phone gets what it needs, or less down to a quarter of the column (its state and Hold/Mute still in
        sight) where the wrap-up would otherwise scroll — a plan used, say; the wrap-up the rest. Where the phone
        would then scroll, its headset pickers fold behind a toggle and the notes give up height."""
        if self._phone_pane is None or self._right_split.count() < 2:
            return
        height = self._right_split.height()
        if height < 100:  # not laid out yet: the workspace less the call bar
            height = self.height() - self.call_bar.sizeHint().height()
        width = self._right_split.width()
        wrapup = self.wrapup.sizeHint().height()
        if self.wrapup.hasHeightForWidth() and width > 0:
            wrapup = self.wrapup.heightForWidth(width)
        wrapup += self.wrapup.footer.sizeHint().height() + self._right_split.handleWidth()
        given = max(height // 4, height - wrapup)
        pane = self._phone_pane
        pane.set_compact(False)
        phone = pane.sizeHint().height()
        if phone > given:
            pane.set_compact(True)
            notes = self.wrapup.notes
            # The notes give up height (down to their smallest) before the phone scrolls.
            squeeze = max(0, notes.sizeHint().height() - max(notes.minimumHeight(), notes.minimumSizeHint().height()))
            phone = min(pane.sizeHint().height(), max(given, height - wrapup + squeeze))
        self._right_split.setSizes([phone, max(height - phone, 1)])

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
            self.share_right_column()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """A taller or shorter window shares the right-hand column out again (the phone whole where it fits)."""
        super().resizeEvent(event)
        if self._sized:
            self._reshare.start()

    @Slot(int)
    def _script_tab_changed(self, index: int) -> None:
        """While the plan calculator is open the script takes the taller share of the middle column, so the
        read-back the agent reads aloud shows whole; the profile gets its height back when the agent leaves it."""
        sizes = self.middle.sizes()
        script = self.middle.indexOf(self.script)
        if index == PLAN_TAB and self._middle_before_plan is None and sum(sizes) > 0:
            self._middle_before_plan = list(sizes)
            given = sizes[0] - int(sum(sizes) * PLAN_PROFILE_SHARE)
            if given > 0:
                sizes[0] -= given
                sizes[script] += given
                self.middle.setSizes(sizes)
        elif index != PLAN_TAB and self._middle_before_plan is not None:
            if len(self._middle_before_plan) == len(sizes):
                self.middle.setSizes(self._middle_before_plan)
            self._middle_before_plan = None

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

    def stop_timers(self) -> None:
        """The window closes: no more queue refreshes (a closed window must not keep asking the database)."""
        self._queue_timer.stop()

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
        if current.in_call or current.called:
            self.wrapup.result_label.clear()  # the last save's note is about the previous customer
        if self.profile.profile is not profile:
            if self.phone is not None:
                self.phone.pane.clear_message()  # a refusal or SIP error was about the previous customer
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
            profile.full_name,
            shown,
            allowed=allowed and not current.called,
            reasons=reasons,
            in_call=current.in_call,
            can_record=not current.called and not current.in_call,
        )
        self.queue.skip_button.setEnabled(not current.called and not current.in_call)

    def _fields(self) -> dict[str, Any]:
        """The wrap-up's fields, with the script's right-person confirmation (kept in the draft for a restore)."""
        return {**self.wrapup.fields(), "right_party_confirmed": self.script.right_party_confirmed}

    @Slot()
    def _draft_changed(self) -> None:
        self.loop.draft_edited(self.wrapup.disposition_code, self._fields())

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
            self._fields(),
            self.script.stage_reached,
            self.script.objections_met,
            script_variant=run.script.variant if run is not None else None,
            right_party_confirmed=self.script.right_party_confirmed,
        )
        self.wrapup.show_problems(problems)
        self._reshare.start()  # what is missing shows above Save: the column shares its height out again

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
            if draft.fields.get("right_party_confirmed"):
                self.script.restore_confirmation()

    # --- skip and break ---

    @Slot()
    def ask_skip(self) -> None:
        current = self.loop.current
        if current is None or current.called or current.in_call:
            return
        codes = list(load_toml("skip_reasons.toml")["codes"])
        dialog = ChoiceDialog(
            self.tr("Skip this customer"),
            self.tr("Why pass {name} by?").format(name=current.profile.full_name),
            [(code, text.label(f"skip_reason.{code}")) for code in codes],
            ok_text=self.tr("Skip"),
            parent=self,
        )
        dialog.accepted.connect(lambda: self.loop.skip(dialog.code) if dialog.code else None)
        self._open_dialog(dialog)

    def ask_break(self) -> None:
        dialog = ChoiceDialog(
            self.tr("Take a break"),
            self.tr("Reason"),
            [(code, text.label(f"break.{code}")) for code in break_reasons()],
            ok_text=self.tr("Start the break"),
            parent=self,
        )
        dialog.accepted.connect(lambda: self.loop.take_break(dialog.code) if dialog.code else None)
        self._open_dialog(dialog)

    @Slot()
    def ask_manual_call(self) -> None:
        """Ctrl+L: record a call made outside the softphone (the loop refuses it in the middle of another)."""
        current = self.loop.current
        if current is None or current.called or current.in_call:
            self.loop.record_manual_call(0, self.context.clock.now(), "", connected=False)  # says why not
            return
        profile = current.profile
        zone = profile.timezone or (current.status.shown_zone if current.status else "Asia/Jakarta")
        dialog = ManualCallDialog(profile, zone, self.context.clock.now(), current.number_id, self)

        def record() -> None:
            number, at, reason, connected = dialog.values()
            self.loop.record_manual_call(number, at, reason, connected=connected)

        dialog.accepted.connect(record)
        self._open_dialog(dialog)

    def _open_dialog(self, dialog: QDialog) -> None:
        """Open ``dialog`` (window-modal); the one before it, long closed, goes now."""
        previous = getattr(self, "open_dialog", None)
        if previous is not None and previous is not dialog and not previous.isVisible():
            previous.deleteLater()
        self.open_dialog = dialog
        dialog.open()

    @Slot(int)
    def _queue_row_opened(self, customer_id: int) -> None:
        """A double-click on a queue row: customers open in the queue's order, and one at a time; say so."""
        current = self.loop.current
        if current is not None and current.profile.id == customer_id:
            return
        if current is None:
            message = Message.of("loop.open_with_next")
        elif current.in_call:
            message = Message.of("loop.hang_up_first")
        elif current.called:
            message = Message.of("loop.save_first", name=current.profile.full_name)
        else:
            message = Message.of("loop.one_at_a_time", name=current.profile.full_name)
        self.loop.notice.emit(text.render(message))


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

"""The practice window: the trainee's own workspace over the practice database, saying PRACTICE the whole time.

Title, a coloured banner and the status bar say PRACTICE; the workspace is the same code as on shift, given
the practice database and the practice clock only, so no production customer can be shown or dialled. The
practice customer's number is routed to the practice line (the simulated debtor's process, or the trainer's
phone in a live role-play). The debtor's lines appear as subtitles above the script; the reply box offers
suggested replies and takes free speech. When the call is over and the wrap-up saved, the report replaces the
workspace.
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMenu, QSplitter, QStackedWidget, QVBoxLayout, QWidget

from agent_desk.context import AppContext
from agent_desk.drafts import DraftStore
from agent_desk.practice.dialogue import DebtorTurn
from agent_desk.practice.errors import PracticeError
from agent_desk.practice.report import Report
from agent_desk.practice.start import PracticeSetup
from agent_desk.practice.store import abandon_session, finish_session
from agent_desk.softphone import EngineOptions
from ui import text
from ui.background import Background
from ui.practice.banner import BANNER_COLOUR, PracticeBanner
from ui.practice.controller import PracticeController
from ui.practice.reply_box import ReplyBox
from ui.practice.report_view import ReportView
from ui.practice.subtitles import SubtitlePanel
from ui.shortcuts import loop_shortcuts
from ui.workspace import AgentWorkspace

log = logging.getLogger(__name__)
PRACTICE_QUEUE_SHARE = 0.38  # of the left column: the customer's row with its whole reason, wrapped


class PracticeWindow(QMainWindow):
    """One practice session. ``done`` fires when the trainee leaves it (after the report, or by ending early)."""

    done = Signal()

    def __init__(
        self,
        production: AppContext,
        setup: PracticeSetup,
        background: Background,
        *,
        drafts_dir: Path,
        line: Any = None,
        voices: Any = None,
        phone: bool = True,
        audio: bool = True,
        phone_options: EngineOptions | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("practice_window")
        self.setup = setup
        self.background = background
        self.line = line
        self._drafts_dir = drafts_dir
        self._saved_report = False
        self.context = AppContext(
            database=setup.practice, clock=setup.clock, credentials=production.credentials, language=production.language
        )
        live = setup.mode == "live"
        self.setWindowTitle(
            self.tr("PRACTICE — Agent Desk — {name} — {scenario}").format(
                name=setup.user.display_name, scenario=setup.scenario.title
            )
        )
        self.phone = None
        if phone:
            from ui.agent_phone import AgentPhone

            options = phone_options or EngineOptions(sip_port=0, listen_host="127.0.0.1", media_timeout=20.0)
            self.phone = AgentPhone(self.context, setup.user, options, audio=audio, ask_password=False, parent=self)
        self.workspace = AgentWorkspace(
            self.context, background, setup.user, phone=self.phone, drafts=DraftStore(drafts_dir)
        )
        self.workspace.loop.dial_route = self._route
        self.banner = PracticeBanner()
        self.banner.show_scenario(setup.scenario.title, setup.scenario.persona.name, live=live)
        # The debtor's words above the script; the reply box under the queue (it holds one customer in practice).
        self.subtitles = SubtitlePanel()
        self.workspace.middle.insertWidget(1, self.subtitles)
        self.workspace.middle.setStretchFactor(1, 0)
        self.reply = ReplyBox()
        self.left = QSplitter(Qt.Orientation.Vertical)
        self.left.setChildrenCollapsible(False)
        self.workspace.splitter.replaceWidget(0, self.left)
        self.left.addWidget(self.workspace.queue)
        self.workspace.queue.wrap_reasons()  # one customer: room for the whole reason, not "Expected recovery…"
        self.left.addWidget(self.reply)
        self.left.setStretchFactor(0, 1)
        self.left.setStretchFactor(1, 3)
        self.controller = PracticeController(setup, self.workspace, line=line, voices=voices, parent=self)
        self.report_view = ReportView(closable=True)

        self.pages = QStackedWidget()
        self.pages.addWidget(self.workspace)
        self.pages.addWidget(self.report_view)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.banner)
        layout.addWidget(self.pages, 1)
        self.setCentralWidget(central)
        self._build_status_bar()
        self._build_keys()

        self.banner.end_requested.connect(self.end_practice)
        self.reply.suggestion_chosen.connect(self.controller.say_suggestion)
        self.reply.text_said.connect(self.controller.say_text)
        self.controller.debtor_spoke.connect(self._debtor_spoke)
        self.controller.suggestions_changed.connect(self.reply.show_suggestions)
        self.controller.call_state.connect(self._call_state)
        self.controller.finished.connect(self._finished)
        self.report_view.closed.connect(self.close)
        self.workspace.loop.notice.connect(self._notice)
        self.resize(1366, 768)

    def _build_keys(self) -> None:
        """The desk's keys for the call (Ctrl+D dial, Ctrl+E hang up, Ctrl+S save, Alt+arrows through the script…),
        and Ctrl+R to the reply box."""
        workspace, loop = self.workspace, self.workspace.loop
        handlers = {
            "dial": loop.dial,
            "hang_up": loop.hang_up,
            "disposition": workspace.wrapup.focus_disposition,
            "save": workspace.save,
            "script_next": workspace.script.next_stage,
            "script_back": workspace.script.previous_stage,
            "objections": workspace.script.show_objections,
        }
        # The Call menu opens from the banner (Alt+C): a menu bar of its own would cost the desk a row.
        self.call_menu = QMenu(self.tr("&Call"), self)
        self.banner.set_menu(self.call_menu)
        self.keys: dict[str, QAction] = {}
        for shortcut in loop_shortcuts():
            handler = handlers.get(shortcut.name)
            if handler is None:
                continue
            action = QAction(shortcut.title, self)
            action.setShortcut(shortcut.sequence())
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(handler)
            self.call_menu.addAction(action)
            self.keys[shortcut.name] = action
        reply = QAction(self.tr("Say something (the reply box)"), self)
        reply.setShortcut(QKeySequence("Ctrl+R"))
        reply.triggered.connect(self._focus_reply)
        self.call_menu.addAction(reply)
        self.keys["reply"] = reply
        self.addActions(list(self.keys.values()))  # their keys work with the menu closed

    @Slot()
    def _focus_reply(self) -> None:
        self.reply.suggestions.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if self.reply.suggestions.currentRow() < 0 and self.reply.suggestions.count():
            self.reply.suggestions.setCurrentRow(0)

    def _build_status_bar(self) -> None:
        status = self.statusBar()
        status.setStyleSheet(f"QStatusBar {{ background: {BANNER_COLOUR}; }} QStatusBar QLabel {{ color: white; }}")
        self.status_word = QLabel(self.tr("PRACTICE"))
        self.status_word.setObjectName("practice_status")
        self.status_word.setStyleSheet("color: #fde68a; font-weight: 800; letter-spacing: 2px;")
        self.db_label = QLabel(self.tr("Sandbox: {where}").format(where=self.setup.practice.describe()))
        self.clock_label = QLabel()
        self.notice_label = QLabel()
        self.notice_label.setObjectName("practice_notice")
        self.notice_label.setStyleSheet("color: #fde68a;")
        self._notice_timer = QTimer(self)
        self._notice_timer.setSingleShot(True)
        self._notice_timer.setInterval(15_000)
        self._notice_timer.timeout.connect(self.notice_label.clear)
        status.addWidget(self.status_word)
        status.addWidget(self.notice_label, 1)
        status.addWidget(self.db_label)
        status.addPermanentWidget(self.clock_label)
        self._clock = QTimer(self)
        self._clock.setInterval(1000)
        self._clock.timeout.connect(self._tick_clock)
        self._clock.start()
        self._tick_clock()

    @Slot(str)
    def _notice(self, message: str) -> None:
        """The loop's sentences for the trainee (never over the PRACTICE word; none once the report is up)."""
        if self.controller.report is None:
            self.notice_label.setText(message)
            self._notice_timer.start()

    @Slot()
    def _tick_clock(self) -> None:
        zone = self.setup.scenario.persona.timezone
        shown = text.local_time(self.setup.clock.now(), zone, with_date=True)
        self.clock_label.setText(self.tr("Practice time (customer): {time}").format(time=shown))

    # --- life cycle ---

    def start(self) -> None:
        """Phone on, the practice customer opened: the trainee only has to dial."""
        if self.phone is not None:
            self.phone.start()
            self.phone.pane.registration_label.setText(self.tr("Practice line: no SIP account needed"))
        self.workspace.loop.start()
        self.workspace.loop.next_customer()
        QTimer.singleShot(0, self._share_height)

    @Slot()
    def _share_height(self) -> None:
        """The middle column: the profile shorter than on shift, the subtitles, then the script."""
        height = self.workspace.middle.height()
        subtitles = max(self.subtitles.sizeHint().height(), 96)
        self.workspace.middle.setSizes([int(height * 0.42), subtitles, height - int(height * 0.42) - subtitles])
        total = self.left.height()
        queue = int(total * PRACTICE_QUEUE_SHARE)
        self.left.setSizes([queue, total - queue])
        self.workspace.share_right_column()

    def _route(self, number: str) -> str | None:
        """Only the practice customer's number is dialled, and it goes to the practice line."""
        if number != self.setup.customer.phone:
            return None
        if self.setup.live_uri:
            return self.setup.live_uri
        if self.line is None:
            return None
        try:
            return str(self.line.uri or self.line.wait_ready())
        except PracticeError as error:
            self._notice(text.render(error.message))
            return None

    @Slot(object)
    def _debtor_spoke(self, turn: DebtorTurn) -> None:
        third = self.setup.scenario.third_party
        speaker = (
            third.name if turn.speaker == "third_party" and third is not None else self.setup.scenario.persona.name
        )
        self.subtitles.add_line(speaker, turn.text)

    @Slot(str)
    def _call_state(self, state: str) -> None:
        self.reply.set_live(state == "connected")
        if state == "ended":
            self.subtitles.show_note(self.tr("The call has ended. Save the wrap-up to see your report."))

    @Slot()
    def end_practice(self) -> None:
        """End now: hang up if needed, then the report (an unsaved wrap-up is left; this was practice). Before
        the customer answered there is nothing to report: the window closes."""
        if self.controller.report is not None or not self.controller.session.connected:
            self.close()  # nothing happened on the line: no report (the session is recorded as abandoned)
            return
        if self.phone is not None and self.phone.adapter.active_call is not None:
            self.workspace.loop.hang_up()
        self.controller.finish()

    @Slot(object)
    def _finished(self, report: Report) -> None:
        recording = self.controller.recording
        setup = self.setup
        sheet_first = setup.mode == "live"

        def work() -> None:
            finish_session(setup.practice, setup.session_id, report, setup.clock.now(), recording=recording,
                           keep_sheet_score=sheet_first)  # fmt: skip

        def stored(_result: object) -> None:
            self._saved_report = True

        self.background.run(work, stored, lambda error: log.error("practice report not stored: %s", error), owner=self)
        self.report_view.show_report(report, recording)
        self.pages.setCurrentWidget(self.report_view)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.controller.report is None:
            abandon_session(self.setup.practice, self.setup.session_id, self.setup.clock.now())
        self.workspace.loop.stop()
        if self.phone is not None:
            self.phone.stop()
        if self.line is not None:
            self.line.close()
        self.background.wait()
        shutil.rmtree(self._drafts_dir, ignore_errors=True)
        super().closeEvent(event)
        self.done.emit()


def focus_dial(window: PracticeWindow) -> None:
    """Put the keyboard on the call bar's Dial button (the next thing the trainee does)."""
    button = getattr(window.workspace.call_bar, "dial_button", None)
    if button is not None:
        button.setFocus(Qt.FocusReason.OtherFocusReason)

"""The main window: menus, the signed-in user's views, and the status bar."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QDialog, QLabel, QMainWindow, QMenu, QMessageBox, QTabWidget, QVBoxLayout, QWidget

from agent_desk.auth.permissions import Actor, Permission, allowed
from agent_desk.context import AppContext
from agent_desk.drafts import DraftStore
from agent_desk.portfolio import UserSummary
from agent_desk.text import Message
from agent_desk.worklist.clock_check import may_write_worklist
from agent_desk.worklist.settings import settings_for
from db.models import AgentState, Role
from ui import text
from ui.background import Background
from ui.outbox import add_outbox
from ui.settings import Settings, restore_window
from ui.shortcuts import ShortcutsDialog, loop_shortcuts, window_keys
from ui.supervisor import agent_tabs, supervisor_tabs
from ui.team.banner import DatabaseBanner
from ui.translations import set_desk_country
from ui.widgets.deferred_tab import DeferredTab
from ui.workspace import AgentWorkspace

if TYPE_CHECKING:
    from ui.agent_phone import AgentPhone
    from ui.approvals import ApprovalsView
    from ui.panes.queue_pane import QueuePane

WINDOW_KEY = "main"
STATE_COLOURS = {"ready": "#15803d", "on_call": "#1d4ed8", "wrap_up": "#b45309", "break": "#6b7280"}


class MainWindow(QMainWindow):
    """One window per signed-in user; each role sees the views it works with."""

    switch_user_requested = Signal()
    reopen_requested = Signal()  # the interface language changed: reopen this window for the same user

    def __init__(
        self,
        context: AppContext,
        user: UserSummary,
        settings: Settings,
        background: Background,
        parent: QWidget | None = None,
        *,
        phone: bool = False,
        drafts: DraftStore | None = None,
        queue: QueuePane | None = None,
    ) -> None:
        """``queue``: the first frame's queue pane (ui.first_frame), rows and selection as the agent left them, to
        serve as the workspace's queue instead of a new one."""
        super().__init__(parent)
        self.setObjectName("main_window")
        self._context = context
        self._settings = settings
        self.user = user
        self.background = background
        # Date fields follow the desk's country where the computer's locale names none (LANG=C, "en").
        set_desk_country(settings_for(context.database, context.clock).policy.country, text.language())
        self.setWindowTitle(
            self.tr("Agent Desk — {name} ({role})").format(
                name=user.display_name, role=text.label(f"role.{user.role.value}")
            )
        )
        self.tabs = QTabWidget()
        self.tabs.setObjectName("main_tabs")
        self.tabs.setDocumentMode(True)
        self.workspace: AgentWorkspace | None = None
        self.phone: AgentPhone | None = None
        self._closed = False
        self._wants_phone = phone and user.role in (Role.AGENT, Role.SUPERVISOR)
        if user.role is Role.SUPERVISOR:  # the dashboard is a supervisor's first tab (ui/supervisor)
            for view, title in supervisor_tabs(context, background, user):
                self.tabs.addTab(view, title)
        if user.role in (Role.AGENT, Role.SUPERVISOR):
            self.workspace = AgentWorkspace(context, background, user, drafts=drafts, queue=queue)
            self.tabs.addTab(self.workspace, self.tr("Workspace"))
        self.approvals: ApprovalsView | None = None
        if user.role in (Role.SUPERVISOR, Role.ADMIN):
            from ui.approvals import ApprovalsView, FlaggedWordingView  # negotiation loads only for the roles using it

            self.approvals = ApprovalsView(context, user)
        if user.role is Role.AGENT:  # built when first opened: the desk paints without them
            for build, title in agent_tabs(context, user):
                DeferredTab(build, self.tabs, title)
        self.practice_console: Any = None
        self.practice_tab: DeferredTab | None = None
        self.practice_request: Any = None  # what the trainee chose to practise; the app opens it once we close
        if user.role is Role.TRAINER:
            from ui.practice.console import TrainerConsole

            self.practice_console = TrainerConsole(context, user)
            self.tabs.addTab(self.practice_console, self.tr("Practice"))
        if user.role is Role.AGENT:
            self.practice_tab = DeferredTab(
                functools.partial(_practice_view, context, user), self.tabs, self.tr("Practice")
            )
            self.practice_tab.built.connect(self._practice_built)
        if user.role is Role.ADMIN:
            from ui.admin.limits_view import LimitsView
            from ui.admin.users_view import UsersAdminView

            self.tabs.addTab(UsersAdminView(context, user), self.tr("Users"))
            self.tabs.addTab(LimitsView(context, user), self.tr("Limits"))
        if self.approvals is not None:
            self.tabs.addTab(self.approvals, self.tr("Approvals"))
            self.flagged = FlaggedWordingView(context, user)
            self.tabs.addTab(self.flagged, self.tr("Flagged wording"))
        add_outbox(self)  # the supervisor's Outbox tab; in team mode, the app's share of delivering messages
        self.tabs.tabBar().setVisible(self.tabs.count() > 1)
        self._build_central()
        self._build_menus()
        self._build_status_bar()
        if self.workspace is not None:
            self._build_call_menu(self.workspace)
        restore_window(self, settings, WINDOW_KEY, self.minimumSizeHint())

    def _build_central(self) -> None:
        """The tabs under the banner that appears while the database cannot be reached."""
        self.banner = DatabaseBanner()
        central = QWidget()
        central_layout = QVBoxLayout(central)
        central_layout.setContentsMargins(0, 0, 0, 0)
        central_layout.setSpacing(0)
        central_layout.addWidget(self.banner)
        central_layout.addWidget(self.tabs, 1)
        self.setCentralWidget(central)
        if self.workspace is not None:
            self.workspace.loop.database_lost.connect(self.banner.show_lost)
            self.workspace.loop.database_back.connect(self.banner.show_back)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("&File"))
        switch = QAction(self.tr("&Switch user…"), self)
        switch.triggered.connect(self.switch_user_requested)
        file_menu.addAction(switch)
        change_password = QAction(self.tr("Change &password…"), self)
        change_password.triggered.connect(self.change_password)
        file_menu.addAction(change_password)
        file_menu.addSeparator()
        quit_action = QAction(self.tr("&Quit"), self)
        quit_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Quit))
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        self.tools_menu = bar.addMenu(self.tr("&Tools"))
        if allowed(Actor(self.user.id, self.user.login, self.user.role), Permission.IMPORT_RUN):  # as the service
            import_action = QAction(self.tr("&Import a portfolio file…"), self)
            import_action.triggered.connect(self.open_import_wizard)
            self.tools_menu.addAction(import_action)
        preferences = QAction(self.tr("&Preferences…"), self)
        preferences.setShortcut(QKeySequence("Ctrl+,"))
        preferences.triggered.connect(self.open_preferences)
        self.tools_menu.addAction(preferences)
        help_menu = bar.addMenu(self.tr("&Help"))
        shortcuts = QAction(self.tr("&Keyboard shortcuts"), self)
        shortcuts.setShortcut(QKeySequence("F1"))
        shortcuts.triggered.connect(self.show_shortcuts)
        help_menu.addAction(shortcuts)
        about = QAction(self.tr("&About Agent Desk"), self)
        about.triggered.connect(self._about)
        help_menu.addAction(about)

    def _build_status_bar(self) -> None:
        status = self.statusBar()
        self.user_label = QLabel(f"{self.user.display_name} · {text.label(f'role.{self.user.role.value}')}")
        where = self._context.database.describe()
        self.db_label = QLabel(self.tr("DB: {where}").format(where=where))
        if not may_write_worklist(self._context.database):  # say so before the agent tries to save anything
            self.db_label.setText(self.tr("DB: {where} (read-only)").format(where=where))
            self.db_label.setObjectName("read_only_database")
            self.db_label.setToolTip(
                self.tr("You may only read this database: the queue and the customers show, nothing can be saved.")
            )
        self.sip_label = QLabel(self.tr("SIP: not configured"))
        self.clock_label = QLabel()
        self.state_label = QLabel()
        self.state_label.setObjectName("agent_state")
        if self._context.clock.simulated:
            self.clock_label.setObjectName("simulated_clock")
        status.addWidget(self.user_label)
        status.addWidget(self.state_label)
        status.addWidget(self.db_label, 1)
        status.addPermanentWidget(self.sip_label)
        status.addPermanentWidget(self.clock_label)
        self._clock_timer = QTimer(self)
        self._clock_timer.setInterval(1000)
        self._clock_timer.timeout.connect(self._update_clock)
        self._clock_timer.start()
        self._update_clock()

    def start(self) -> None:
        """After the window has painted: the softphone is made and starts (pjsua2 and the audio devices load only
        now), the agent is ready (or back to an unsaved wrap-up). Nothing once the window has closed (a quit can
        come before the first paint's start runs)."""
        if self._closed:
            return
        if self._wants_phone and self.phone is None and self.workspace is not None:
            from ui.agent_phone import AgentPhone  # pjsua2 and Qt Multimedia load here, after the first paint

            self.phone = AgentPhone(self._context, self.user, parent=self)
            self.workspace.attach_phone(self.phone)
        if self.phone is not None and not self.phone.started:
            self.phone.start()
        if self.workspace is not None:
            self.workspace.loop.start()
            self.workspace.warm_up()

    def _build_call_menu(self, workspace: AgentWorkspace) -> None:
        loop = workspace.loop
        self.call_menu = QMenu(self.tr("&Call"), self)
        self.menuBar().insertMenu(self.tools_menu.menuAction(), self.call_menu)

        def press(button_name: str) -> None:
            phone = self.phone  # made after the first paint
            if phone is not None:
                button = getattr(phone.pane, button_name)
                if button.isEnabled():
                    button.click()

        def toggle_break() -> None:
            if loop.state is AgentState.BREAK:
                loop.back_to_ready()
            else:
                workspace.ask_break()

        actions = {
            "next": loop.next_customer,
            "dial": loop.dial,
            "hang_up": loop.hang_up,
            "manual_call": workspace.ask_manual_call,
            "hold": lambda: press("hold_button"),
            "mute": lambda: press("mute_button"),
            "right_party": workspace.script.confirm_right_party,
            "someone_else": workspace.script.someone_else,
            "plan": workspace.script.show_plan,
            "use_plan": workspace.script.plan.use,
            "remove_plan": workspace.wrapup.remove_plan,
            "disposition": workspace.wrapup.focus_disposition,
            "save": workspace.save,
            "skip": workspace.ask_skip,
            "break": toggle_break,
            "search": workspace.queue.focus_search,
            "script_next": workspace.script.next_stage,
            "script_back": workspace.script.previous_stage,
            "objections": workspace.script.show_objections,
        }
        self.loop_actions: dict[str, QAction] = {}
        for shortcut in loop_shortcuts():
            handler = actions.get(shortcut.name)
            if handler is None:
                continue
            action = QAction(shortcut.title, self)
            action.setShortcut(shortcut.sequence())
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(handler)
            self.call_menu.addAction(action)
            self.addAction(action)
            self.loop_actions[shortcut.name] = action
        enter = QAction(self.tr("Next customer (in the queue)"), self)
        enter.setShortcuts([QKeySequence(Qt.Key.Key_Return), QKeySequence(Qt.Key.Key_Enter)])
        enter.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        enter.triggered.connect(loop.next_customer)
        workspace.queue.view.addAction(enter)
        loop.state_changed.connect(self._show_state)
        loop.notice.connect(self._show_notice)
        # Until start() signs the agent in (after the first paint, once the softphone has loaded: about a second),
        # the desk is starting: "Signed out" there would tell an agent who just signed in the opposite.
        self.state_label.setText(self.tr("Starting…"))
        self.state_label.setProperty("state", "starting")
        self.state_label.setStyleSheet("color: #6b7280; font-weight: 600;")

    @Slot(str, str)
    def _show_state(self, state: str, reason: str) -> None:
        label = text.label(f"agent_state.{state}")
        if state == AgentState.BREAK.value and reason:
            label = f"{label}: {text.label(f'break.{reason}')}"
        self.state_label.setText(label)
        self.state_label.setProperty("state", state)
        self.state_label.setStyleSheet(f"color: {STATE_COLOURS.get(state, '#1f2937')}; font-weight: 600;")

    @Slot(str)
    def _show_notice(self, message: str) -> None:
        self.statusBar().showMessage(message, 15_000)

    @Slot()
    def _update_clock(self) -> None:
        now = self._context.clock.now()
        shown = text.local_time(now, "Asia/Jakarta", with_date=True)
        if self._context.clock.simulated:
            self.clock_label.setText(self.tr("Simulated time: {time}").format(time=shown))
        else:
            self.clock_label.setText(shown)

    @property
    def practice_view(self) -> Any:
        """The trainee's practice view (built now if its tab was never opened); None for other roles."""
        return self.practice_tab.view() if self.practice_tab is not None else None

    @Slot(QWidget)
    def _practice_built(self, view: Any) -> None:
        view.start_requested.connect(self.request_practice)

    @Slot(object)
    def request_practice(self, request: Any) -> None:
        """Start practice: the desk closes (phone and lease go back, as when switching user) and the app opens
        the practice window; a call or an unsaved wrap-up must be finished first."""
        loop = self.workspace.loop if self.workspace is not None else None
        if loop is not None and loop.current is not None and (loop.current.in_call or loop.current.called):
            self._show_notice(text.render(Message.of("loop.save_first", name=loop.current.profile.full_name)))
            return
        self.practice_request = request
        self.close()

    @Slot()
    def open_import_wizard(self) -> None:
        from ui.import_wizard import ImportWizard

        wizard = ImportWizard(self._context, self.user, self, self.background)
        if self.workspace is not None:
            wizard.import_finished.connect(self.workspace.refresh_queue)
        wizard.open()

    @Slot()
    def change_password(self) -> None:
        from ui.team.account import ask_new_password

        ask_new_password(self._context, self.user.id, self)

    @Slot()
    def show_shortcuts(self) -> None:
        """F1: the keys of this window (each role's own)."""
        self._replace_dialog("shortcuts_dialog", ShortcutsDialog(window_keys(self), self)).open()

    @Slot()
    def open_preferences(self) -> None:
        from ui.preferences import PreferencesDialog

        dialog = PreferencesDialog(self._settings, self)
        dialog.language_chosen.connect(lambda _language: self.reopen_requested.emit())
        self._replace_dialog("preferences_dialog", dialog).open()

    def _replace_dialog(self, name: str, dialog: QDialog) -> QDialog:
        """Keep ``dialog`` as ``self.<name>``; the one it replaces (closed by now) goes."""
        previous = getattr(self, name, None)
        if previous is not None and not previous.isVisible():
            previous.deleteLater()
        setattr(self, name, dialog)
        return dialog

    @Slot()
    def _about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("About Agent Desk"),
            self.tr("Agent Desk — a workspace for polite, lawful collection calls."),
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        self._closed = True
        if self.practice_console is not None:
            self.practice_console.stop()
        if self.workspace is not None:
            self.workspace.loop.stop()
            self.workspace.stop_timers()
        if self.phone is not None:
            self.phone.stop()
        self._settings.save_window(WINDOW_KEY, self.saveGeometry(), self.saveState(), self.minimumSizeHint())
        self._settings.sync()
        super().closeEvent(event)


def _practice_view(context: AppContext, user: UserSummary) -> QWidget:
    from ui.practice.trainee_view import TraineePracticeView  # the practice engine loads when its tab opens

    return TraineePracticeView(context, user)

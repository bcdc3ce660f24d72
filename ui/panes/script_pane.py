"""The script pane: the staged call script, the objection replies and the plan calculator, following one call.

The agent steps through the stages (Alt+Left / Alt+Right); nothing about the debt shows until they confirm they
are speaking with the customer. An objection is one click (or Alt+digit) away; the ones met and the furthest stage
reached go with the outcome. The calculator hands a checked plan to the wrap-up (``plan_ready``).
"""

from __future__ import annotations

import contextlib
import html

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from agent_desk.context import AppContext
from agent_desk.portfolio import UserSummary
from agent_desk.scripts import (
    LOCATE,
    THIRD_PARTY,
    VARIANTS,
    CallScript,
    Objection,
    ScriptError,
    ScriptRun,
    build_script,
    load_objections,
)
from agent_desk.text import LANGUAGES
from agent_desk.worklist import CustomerProfile
from ui import text
from ui.background import Background
from ui.panes.plan_panel import PlanPanel
from ui.panes.profile_header import ElidedLabel

PLAN_TAB = 2


class ScriptPane(QWidget):
    plan_ready = Signal(object)  # a PlanQuote the agent chose to use
    stage_changed = Signal(str)
    confirmation_changed = Signal()  # the agent confirmed the customer, or said someone else answered
    objection_met = Signal(object)  # an Objection, for the wrap-up's hints
    party_confirmed = Signal(str)  # "customer" (right person confirmed) or "someone_else"; practice mode listens

    def __init__(
        self,
        context: AppContext,
        user: UserSummary,
        background: Background | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("script_pane")
        self.context = context
        self.user = user
        self._profile: CustomerProfile | None = None
        self._purpose: str | None = None
        self._recording = False
        self._run: ScriptRun | None = None
        self._objections: tuple[Objection, ...] = ()
        self._language = text.language()

        title = QLabel(self.tr("Script"))
        title.setObjectName("pane_title")
        self.variant_label = ElidedLabel()  # the third party's long title shortens, whole in its tooltip
        self.variant_label.setObjectName("script_variant")
        self.verified_label = QLabel()
        self.verified_label.setObjectName("script_verified")
        self.language_box = QComboBox()
        self.language_box.setToolTip(self.tr("The language the script is read in"))
        for code in LANGUAGES:
            self.language_box.addItem(code.upper(), code)
        head = QHBoxLayout()
        head.addWidget(title)
        head.addWidget(self.variant_label, 1)
        head.addWidget(self.verified_label)
        head.addWidget(self.language_box)

        # --- the script ---
        self.stages = QListWidget()
        self.stages.setObjectName("script_stages")
        self.stages.setMaximumWidth(215)
        self.stages.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.stage_text = QTextBrowser()
        self.stage_text.setObjectName("script_text")
        self.back_button = QPushButton(self.tr("◀ Back"))
        self.verify_button = QPushButton(self.tr("Right person confirmed"))
        self.verify_button.setObjectName("primary")
        self.verify_button.setToolTip(
            self.tr("The person on the line is the customer: the script may speak of the debt (Ctrl+R)")
        )
        self.someone_else_button = QPushButton(self.tr("Someone else answered"))
        self.someone_else_button.setToolTip(self.tr("Switch to the script that says nothing of the debt (Ctrl+T)"))
        self.next_button = QPushButton(self.tr("Next ▶"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.someone_else_button)
        buttons.addWidget(self.verify_button)
        buttons.addWidget(self.next_button)
        script_tab = QWidget()
        script_layout = QVBoxLayout(script_tab)
        script_layout.setContentsMargins(0, 4, 0, 0)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.stages)
        split.addWidget(self.stage_text)
        split.setStretchFactor(1, 1)
        split.setChildrenCollapsible(False)
        script_layout.addWidget(split, 1)
        script_layout.addLayout(buttons)

        # --- objections ---
        self.objection_list = QListWidget()
        self.objection_list.setObjectName("objection_list")
        self.objection_list.setMaximumWidth(240)
        # Titles longer than the list shorten with "…" (whole in the tooltip and in the reply beside it).
        self.objection_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.objection_list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.objection_text = QTextBrowser()
        self.objection_text.setObjectName("objection_text")
        objections_tab = QSplitter(Qt.Orientation.Horizontal)
        objections_tab.addWidget(self.objection_list)
        objections_tab.addWidget(self.objection_text)
        objections_tab.setStretchFactor(1, 1)
        objections_tab.setChildrenCollapsible(False)

        # --- the plan calculator ---
        self.plan = PlanPanel(context, user, background)

        self.tabs = QTabWidget()
        self.tabs.addTab(script_tab, self.tr("Call script"))
        self.tabs.addTab(objections_tab, self.tr("Objections"))
        plan_scroll = QScrollArea()  # the calculator needs more height than a laptop gives the pane: it scrolls
        plan_scroll.setWidgetResizable(True)
        plan_scroll.setFrameShape(QFrame.Shape.NoFrame)
        plan_scroll.setWidget(self.plan)
        self.tabs.addTab(plan_scroll, self.tr("Plan calculator"))
        # On a small screen the pane scrolls rather than squeezing the script or widening the window.
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        inner = QWidget()
        inner_layout = QVBoxLayout(inner)
        inner_layout.setContentsMargins(0, 0, 0, 0)
        inner_layout.addLayout(head)
        inner_layout.addWidget(self.tabs, 1)
        scroll.setWidget(inner)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(scroll, 1)

        self.back_button.clicked.connect(self.previous_stage)
        self.next_button.clicked.connect(self.next_stage)
        self.verify_button.clicked.connect(self.confirm_right_party)
        self.someone_else_button.clicked.connect(self.someone_else)
        self.stages.currentRowChanged.connect(self._stage_clicked)
        self.objection_list.itemActivated.connect(self._objection_clicked)
        self.objection_list.itemClicked.connect(self._objection_clicked)
        self.language_box.currentIndexChanged.connect(self._language_changed)
        self.plan.plan_ready.connect(self.plan_ready)
        self._objection_keys: list[QShortcut] = []
        for digit in "1234567890":
            key = QShortcut(QKeySequence(f"Alt+{digit}"), self)
            if digit == "1":  # one line in F1 for the ten keys
                key.setWhatsThis(self.tr("Objection replies, Alt+1 … Alt+0 in the order of the list"))
            key.setContext(Qt.ShortcutContext.WindowShortcut)
            key.activated.connect(lambda d=digit: self.choose_objection_by_shortcut(d))
            self._objection_keys.append(key)
        self.clear()

    # --- what the wrap-up keeps ---

    @property
    def stage_reached(self) -> str | None:
        return self._run.stage_reached if self._run else None

    @property
    def objections_met(self) -> tuple[str, ...]:
        return self._run.objections_met if self._run else ()

    @property
    def run(self) -> ScriptRun | None:
        return self._run

    @property
    def right_party_confirmed(self) -> bool:
        """The agent confirmed the customer is on the line (and nobody else answered since)."""
        run = self._run
        return bool(run is not None and run.verified and run.script.variant != "third_party")

    def restore_confirmation(self) -> None:
        """A restored wrap-up said the customer had been confirmed: the script picks up after verification."""
        if self._run is not None and not self._run.verified:
            self.confirm_right_party()

    # --- opening and closing a customer ---

    def show_customer(self, profile: CustomerProfile, *, purpose: str | None, recording: bool) -> None:
        self._profile = profile
        self._purpose = purpose
        self._recording = recording
        language = profile.language if profile.language in LANGUAGES else text.language()
        self._set_language_box(language)
        self._load(language, keep_progress=False)
        self.plan.show_customer(profile)
        self.tabs.setCurrentIndex(0)
        self.setEnabled(True)

    def clear(self) -> None:
        self._profile = None
        self._run = None
        self._objections = ()
        self.stages.clear()
        self.objection_list.clear()
        self.variant_label.set_full_text("")
        self.verified_label.clear()
        self.stage_text.setHtml("<p>" + html.escape(self.tr("Open a customer to see the call script.")) + "</p>")
        self.objection_text.clear()
        self.plan.clear()
        self.tabs.setTabEnabled(PLAN_TAB, False)
        self.tabs.setCurrentIndex(0)
        for button in (self.back_button, self.next_button, self.verify_button, self.someone_else_button):
            button.setEnabled(False)

    # --- stepping through the call ---

    @Slot()
    def next_stage(self) -> None:
        if self._run is None:
            return
        if self._run.can_advance:
            self._run.next()
            self._show_stage()
        elif self._needs_verification():
            self._show_stage()
            self.verified_label.setText(self.tr("Confirm the right person first"))

    @Slot()
    def previous_stage(self) -> None:
        if self._run is None:
            return
        self._run.previous()
        self._show_stage()

    @Slot()
    def confirm_right_party(self) -> None:
        if self._run is None:
            return
        self._run.confirm_right_party()
        self.party_confirmed.emit("customer")
        if self._run.can_advance:
            self._run.next()
        self._show_stage()
        self.confirmation_changed.emit()

    @Slot()
    def someone_else(self) -> None:
        """Someone other than the customer answered: the third-party script, which says nothing of the debt."""
        if self._run is None or self._profile is None:
            return
        self._run.record_objection("someone_else")
        self.party_confirmed.emit("someone_else")
        self._run.switch(self._script("third_party"))
        self._show_stage()
        self._show_objections()
        self.confirmation_changed.emit()

    def choose_objection(self, code: str) -> None:
        """Show an objection's reply and note it as met; ``someone_else`` also switches to the third-party script."""
        objection = next((o for o in self._objections if o.code == code), None)
        if objection is None or self._run is None:
            return
        if objection.switch_to and self._profile is not None and self._run.script.variant != objection.switch_to:
            self._run.switch(self._script(objection.switch_to))
            self._show_stage()
        self._run.record_objection(code)
        self.tabs.setCurrentIndex(1)
        self._show_objections(select=code)
        self.objection_text.setHtml(self._objection_html(objection))
        self.objection_met.emit(objection)

    def choose_objection_by_shortcut(self, digit: str) -> None:
        if not self.isEnabled() or not self.isVisible():
            return
        objection = next((o for o in self._objections if o.shortcut == digit), None)
        if objection is not None:
            self.choose_objection(objection.code)

    def show_objections(self) -> None:
        """Ctrl+O: the objection replies, the list focused."""
        self.tabs.setCurrentIndex(1)
        self.objection_list.setFocus()

    @Slot()
    def show_plan(self) -> None:
        """Ctrl+P: the plan calculator, for the confirmed customer only."""
        if self._run is None:
            return
        if not self.tabs.isTabEnabled(PLAN_TAB):
            if self._run.script.variant != "third_party":  # with someone else on the line the label says so already
                self.verified_label.setText(self.tr("Confirm the right person first"))
            return
        self.tabs.setCurrentIndex(PLAN_TAB)
        self.plan.kind.setFocus()

    # --- inside ---

    def _script(self, variant: str | None) -> CallScript:
        assert self._profile is not None
        return build_script(
            self._profile,
            language=self._language,
            purpose=self._purpose,
            now=self.context.clock.now(),
            agent_name=self.user.display_name,
            recording=self._recording,
            variant=variant,
        )

    def _experiment_variant(self) -> str | None:
        """The script a running champion/challenger experiment gives this customer (collection calls only)."""
        if self._profile is None or self._purpose == LOCATE:
            return None
        from agent_desk.experiments.design import variant_for  # ≈ 0.01 s: when a customer opens, not at start

        with self.context.database.session() as session:
            arm = variant_for(session, self._profile.id, "script_variant", self.context.clock.now())
        chosen = (arm or {}).get("variant")
        return str(chosen) if chosen in VARIANTS and chosen != THIRD_PARTY else None

    def _load(self, language: str, *, keep_progress: bool) -> None:
        if self._profile is None:
            return
        self._language = language
        self.plan.set_language(language)
        old = self._run
        variant = old.script.variant if (keep_progress and old) else self._experiment_variant()
        script = self._script(variant)
        if keep_progress and old is not None:
            where, verified = old.current.code, old.verified
            old.switch(script)
            if verified:
                old.confirm_right_party()
            with contextlib.suppress(ScriptError):
                old.go(where)
            self._run = old
        else:
            self._run = ScriptRun(script)
        self._objections = load_objections(
            self._profile,
            language=language,
            now=self.context.clock.now(),
            agent_name=self.user.display_name,
            recording=self._recording,
        )
        for button in (self.back_button, self.next_button, self.verify_button, self.someone_else_button):
            button.setEnabled(True)
        self._show_stage()
        self._show_objections()
        self.objection_text.setHtml(
            "<p>" + html.escape(self.tr("Choose what the customer said to see a reply (Alt+1 … Alt+0).")) + "</p>"
        )

    def _needs_verification(self) -> bool:
        run = self._run
        return run is not None and not run.verified and run.current.before_verification

    def _show_stage(self) -> None:
        run = self._run
        if run is None:
            return
        self.variant_label.set_full_text(text.label(f"script.variant.{run.script.variant}"))
        self.stages.blockSignals(True)
        self.stages.clear()
        codes = [stage.code for stage in run.script.stages]
        furthest = codes.index(run.stage_reached) if run.stage_reached in codes else run.index
        for number, stage in enumerate(run.script.stages):
            mark = "✓ " if number <= furthest and number != run.index else ""
            item = QListWidgetItem(f"{mark}{number + 1}. {stage.title}")
            item.setToolTip(stage.title)
            self.stages.addItem(item)
        self.stages.setCurrentRow(run.index)
        self.stages.blockSignals(False)
        stage = run.current
        hints = "".join(f"<li>{html.escape(hint)}</li>" for hint in stage.hints)
        tips = html.escape(self.tr("Tips"))
        body = "".join(f"<p>{html.escape(paragraph)}</p>" for paragraph in stage.text.split("\n\n") if paragraph)
        self.stage_text.setHtml(
            f"<h3>{html.escape(stage.title)}</h3>{body}"
            + (f"<p style='color:#475569'><b>{tips}</b></p><ul style='color:#475569'>{hints}</ul>" if hints else "")
        )
        waiting = self._needs_verification()
        # Plans are for the confirmed customer only: never before verification, never with someone else.
        plan_allowed = run.verified and run.script.variant != "third_party"
        self.tabs.setTabEnabled(PLAN_TAB, plan_allowed)
        self.tabs.setTabToolTip(
            PLAN_TAB, "" if plan_allowed else self.tr("Confirm you are speaking with the customer to build a plan")
        )
        self.verify_button.setVisible(waiting and run.script.variant != "third_party")
        self.someone_else_button.setVisible(waiting and run.script.variant != "third_party")
        self.back_button.setEnabled(run.index > 0)
        self.next_button.setEnabled(run.can_advance)
        if run.script.variant == "third_party":
            self.verified_label.setText(self.tr("Not the customer: say nothing about the debt"))
            self.verified_label.setStyleSheet("color: #b45309; font-weight: 600;")
        elif run.verified:
            self.verified_label.setText(self.tr("✓ Right person"))
            self.verified_label.setStyleSheet("color: #15803d; font-weight: 600;")
        else:
            self.verified_label.setText(self.tr("Not yet verified"))
            self.verified_label.setStyleSheet("color: #b45309; font-weight: 600;")
        self.stage_changed.emit(stage.code)

    def _show_objections(self, select: str | None = None) -> None:
        met = set(self.objections_met)
        self.objection_list.blockSignals(True)
        self.objection_list.clear()
        for objection in self._objections:
            key = f"Alt+{objection.shortcut} · " if objection.shortcut else ""
            mark = " ✓" if objection.code in met else ""
            item = QListWidgetItem(f"{key}{objection.title}{mark}")
            item.setToolTip(item.text())
            item.setData(Qt.ItemDataRole.UserRole, objection.code)
            self.objection_list.addItem(item)
            if objection.code == select:
                self.objection_list.setCurrentItem(item)
        self.objection_list.blockSignals(False)

    def _objection_html(self, objection: Objection) -> str:
        acknowledge, ask = html.escape(self.tr("Acknowledge")), html.escape(self.tr("Ask"))
        offer, record = html.escape(self.tr("Offer")), html.escape(self.tr("Record"))
        solutions = "".join(f"<li>{html.escape(item)}</li>" for item in objection.solutions)
        return (
            f"<h3>{html.escape(objection.title)}</h3>"
            f"<p><b>{acknowledge}</b><br>“{html.escape(objection.acknowledgement)}”</p>"
            f"<p><b>{ask}</b><br>“{html.escape(objection.question)}”</p>"
            f"<p><b>{offer}</b></p><ul>{solutions}</ul>"
            f"<p style='color:#475569'><b>{record}</b> {html.escape(objection.record)}</p>"
        )

    def _set_language_box(self, language: str) -> None:
        self.language_box.blockSignals(True)
        self.language_box.setCurrentIndex(max(self.language_box.findData(language), 0))
        self.language_box.blockSignals(False)
        self._language = language

    @Slot(int)
    def _language_changed(self, _index: int) -> None:
        self._load(str(self.language_box.currentData()), keep_progress=True)

    @Slot(int)
    def _stage_clicked(self, row: int) -> None:
        run = self._run
        if run is None or row < 0 or row >= len(run.script.stages):
            return
        try:
            run.go(run.script.stages[row].code)
        except ScriptError:
            self._show_stage()
            self.verified_label.setText(self.tr("Confirm the right person first"))
            return
        self._show_stage()

    @Slot(QListWidgetItem)
    def _objection_clicked(self, item: QListWidgetItem) -> None:
        self.choose_objection(str(item.data(Qt.ItemDataRole.UserRole)))

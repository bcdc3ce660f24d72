"""The console's Live role-play tab: the trainer plays the customer on their own phone and ticks a scoring sheet.

*Wait for the call* starts the trainer's practice phone (a softphone on the practice database, so nothing of
the role-play reaches production) and records a waiting session with the phone's address; the trainee's
assignment then dials it from their practice window. The trainer answers, reads from the scenario card, ticks
the rubric items as the call goes, and saves the sheet (with the call's recording).
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from agent_desk.context import AppContext
from agent_desk.portfolio import UserSummary
from agent_desk.practice.catalog import load_rubric
from agent_desk.practice.errors import PracticeError
from agent_desk.practice.sandbox import practice_user
from agent_desk.practice.store import abandon_session, assign, assignments, save_sheet, start_session
from agent_desk.practice.validate import library
from agent_desk.softphone import CallSnapshot, EngineOptions
from agent_desk.text import LANGUAGES
from ui import text
from ui.practice.console_assign import trainees
from ui.practice.launch import practice_database, practice_dir
from ui.practice.scenario_card import scenario_html

log = logging.getLogger(__name__)
LISTEN_ENV = "AGENT_DESK_PRACTICE_LISTEN"  # the address the trainer's practice phone listens on ("" = all)
CHOICES = ("yes", "no", "n/a")


class LiveRolePlayTab(QWidget):
    def __init__(self, context: AppContext, user: UserSummary, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.user = user
        self.phone: Any = None
        self.session_id: int | None = None
        self.recording_path: str | None = None
        self.trainee = QComboBox()
        self.trainee.setObjectName("live_trainee")
        self.scenario = QComboBox()
        self.scenario.setObjectName("live_scenario")
        self.language = QComboBox()
        for code in LANGUAGES:
            self.language.addItem(code.upper(), code)
        self.language.setCurrentIndex(max(self.language.findData("id"), 0))
        self.wait_button = QPushButton(self.tr("Wait for the call"))
        self.wait_button.setObjectName("primary")
        self.status = QLabel(self.tr("Choose a trainee and a scenario, then wait for their practice call."))
        self.status.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Trainee")))
        top.addWidget(self.trainee, 1)
        top.addWidget(QLabel(self.tr("Scenario")))
        top.addWidget(self.scenario, 2)
        top.addWidget(self.language)
        top.addWidget(self.wait_button)
        self.card = QTextBrowser()
        self.card.setObjectName("live_card")
        self.sheet = QWidget()
        self.sheet.setObjectName("live_sheet")
        grid = QGridLayout(self.sheet)
        grid.setContentsMargins(4, 4, 4, 4)
        self.marks: dict[str, QButtonGroup] = {}
        headers = [self.tr("Done"), self.tr("Missed"), self.tr("Does not apply")]
        for column, header in enumerate(headers, start=1):
            grid.addWidget(QLabel(f"<b>{header}</b>"), 0, column)
        for row, item in enumerate(load_rubric().items, start=1):
            label = QLabel(f"{item.title(text.language())} ({item.points})")
            label.setWordWrap(True)
            label.setToolTip(item.checks.get(text.language(), item.checks["en"]))
            grid.addWidget(label, row, 0)
            group = QButtonGroup(self)
            for column, choice in enumerate(CHOICES, start=1):
                button = QRadioButton()
                button.setObjectName(f"mark_{item.code}_{choice}")
                group.addButton(button, column)
                grid.addWidget(button, row, column, Qt.AlignmentFlag.AlignCenter)
            group.button(3).setChecked(True)
            self.marks[item.code] = group
        grid.setColumnStretch(0, 1)
        self.notes = QPlainTextEdit()
        self.notes.setPlaceholderText(self.tr("Notes for the trainee"))
        self.notes.setMaximumHeight(70)
        self.save_button = QPushButton(self.tr("Save the sheet"))
        self.save_button.setObjectName("primary")
        self.save_button.setEnabled(False)
        self.saved_label = QLabel()
        sheet_scroll = QScrollArea()
        sheet_scroll.setWidgetResizable(True)
        sheet_scroll.setWidget(self.sheet)
        self.phone_box = QVBoxLayout()
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(QLabel(self.tr("Scoring sheet")))
        right_layout.addWidget(sheet_scroll, 1)
        right_layout.addWidget(self.notes)
        save_row = QHBoxLayout()
        save_row.addWidget(self.saved_label, 1)
        save_row.addWidget(self.save_button)
        right_layout.addLayout(save_row)
        split = QSplitter(Qt.Orientation.Horizontal)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.card, 1)
        left_layout.addLayout(self.phone_box)  # the practice phone, under the card, once waiting
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addWidget(split, 1)
        self.language.currentIndexChanged.connect(self._fill_scenarios)
        self.scenario.currentIndexChanged.connect(self._show_card)
        self.wait_button.clicked.connect(self.wait_for_call)
        self.save_button.clicked.connect(self.save)
        self._loaded = False

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._loaded:
            self.refresh()

    @Slot()
    def refresh(self) -> None:
        self._loaded = True
        chosen = self.trainee.currentData()
        self.trainee.clear()
        for person in trainees(self.context):
            self.trainee.addItem(person.display_name, person.login)
        if chosen is not None:
            self.trainee.setCurrentIndex(max(self.trainee.findData(chosen), 0))
        self._fill_scenarios()

    @Slot()
    def _fill_scenarios(self) -> None:
        chosen = self.scenario.currentData()
        self.scenario.clear()
        for scenario in library(str(self.language.currentData())):
            self.scenario.addItem(scenario.title, scenario.id)
        if chosen is not None:
            self.scenario.setCurrentIndex(max(self.scenario.findData(chosen), 0))
        self._show_card()

    @Slot()
    def _show_card(self) -> None:
        found = {s.id: s for s in library(str(self.language.currentData()))}
        scenario = found.get(str(self.scenario.currentData()))
        self.card.setHtml(scenario_html(scenario) if scenario is not None else "")

    # --- the call ---

    @Slot()
    def wait_for_call(self) -> None:
        login, scenario = self.trainee.currentData(), self.scenario.currentData()
        if not login or not scenario:
            return
        practice = practice_database(self.context)
        language = str(self.language.currentData())
        try:
            trainee = practice_user(practice, str(login))
            me = practice_user(practice, self.user.login)
            self._start_phone(me)
            assert self.phone is not None
            uri = f"sip:trainer@{self.phone.engine.local_address}"
            assignment = next(
                (a.id for a in assignments(practice, trainee_id=trainee.id)
                 if a.mode == "live" and a.scenario == scenario and a.language == language),
                None,
            )  # fmt: skip
            if assignment is None:
                assignment = assign(practice, scenario=str(scenario), language=language, trainee_id=trainee.id,
                                    assigned_by_id=me.id, now=self.context.clock.now(), mode="live")  # fmt: skip
            self.session_id, _uid = start_session(
                practice,
                scenario=str(scenario),
                language=language,
                trainee_id=trainee.id,
                now=self.context.clock.now(),
                mode="live",
                assignment_id=assignment,
                trainer_id=me.id,
                status="waiting",
                live_uri=uri,
            )
        except PracticeError as error:
            self.status.setText(text.render(error.message))
            return
        self.wait_button.setEnabled(False)
        self.save_button.setEnabled(True)
        self.saved_label.clear()
        self.status.setText(
            self.tr(
                "Waiting for {trainee}'s practice call on {uri}. Answer it below; tick the sheet as the call goes."
            ).format(trainee=self.trainee.currentText(), uri=uri)
        )

    def _start_phone(self, me: UserSummary) -> None:
        if self.phone is not None:
            return
        from agent_desk.clock import SystemClock
        from ui.agent_phone import AgentPhone

        practice_context = AppContext(
            database=practice_database(self.context), clock=SystemClock(), credentials=self.context.credentials,
            language=self.context.language,
        )  # fmt: skip
        options = EngineOptions(
            sip_port=0,
            listen_host=os.environ.get(LISTEN_ENV, ""),
            record_calls=True,
            recordings_dir=practice_dir() / "live-recordings",
            media_timeout=30.0,
        )
        self.phone = AgentPhone(practice_context, me, options, ask_password=False, parent=self)
        self.phone.pane.set_workspace_mode(True)  # the trainer answers; no number to type
        self.phone_box.addWidget(self.phone.pane)
        self.phone.pane.call_ended.connect(self._call_ended)
        self.phone.start()
        self.phone.pane.registration_label.setText(self.tr("Practice line: no SIP account needed"))

    @Slot(object)
    def _call_ended(self, call: CallSnapshot) -> None:
        self.recording_path = call.recording_path
        self.status.setText(self.tr("The call has ended. Finish the sheet and save it."))

    def ticks(self) -> dict[str, bool | None]:
        found: dict[str, bool | None] = {}
        for code, group in self.marks.items():
            choice = group.checkedId()
            found[code] = True if choice == 1 else False if choice == 2 else None
        return found

    def mark(self, code: str, choice: str) -> None:
        """Tick one item (``yes``, ``no`` or ``n/a``): what the trainer's clicks do, for tests and shortcuts."""
        self.marks[code].button(CHOICES.index(choice) + 1).setChecked(True)

    @Slot()
    def save(self) -> None:
        if self.session_id is None:
            return
        practice = practice_database(self.context)
        wav = None
        if self.recording_path and Path(self.recording_path).exists():
            wav = Path(self.recording_path).read_bytes()
        score = save_sheet(
            practice,
            self.session_id,
            ticks=self.ticks(),
            notes=self.notes.toPlainText().strip(),
            trainer_id=practice_user(practice, self.user.login).id,
            now=self.context.clock.now(),
            recording=wav,
        )
        self.saved_label.setText(self.tr("Saved: {score} / 100").format(score=score))
        self.session_id = None
        self.wait_button.setEnabled(True)
        self.save_button.setEnabled(False)

    def stop(self) -> None:
        if self.session_id is not None:
            abandon_session(practice_database(self.context), self.session_id, self.context.clock.now())
            self.session_id = None
        if self.phone is not None:
            self.phone.stop()

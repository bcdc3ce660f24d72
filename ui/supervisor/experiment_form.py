"""Starting a champion/challenger experiment from the Experiments view: what varies, the segment, the period, the
challenger's share, the two arms — with a live preview of the split and every problem the start would meet.

The preview and the checks are :func:`agent_desk.experiments.preview_split` and :func:`spec_problems` on a
worker thread, re-run a moment after each change; *Start* is enabled only when the request has no problem and
the segment has customers, and the start itself (:func:`start_experiment`) runs on the worker too.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate, Qt, QTimer, Slot
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select

from agent_desk.context import AppContext
from agent_desk.delinquency import BUCKETS
from agent_desk.experiments import (
    CADENCE_KEYS,
    ExperimentSpec,
    SplitPreview,
    preview_split,
    priority_keys,
    spec_problems,
    start_experiment,
)
from agent_desk.scripts.library import THIRD_PARTY, VARIANTS
from agent_desk.text import Message, zone_abbreviation
from agent_desk.worklist.settings import WorklistSettings, read_settings
from db.models import Product, Team
from ui import text
from ui.background import Background
from ui.widgets.date_fields import show_local_dates

KINDS = ("script_variant", "priority_weights", "cadence")
PREVIEW_DELAY_MS = 300


def _capital(words: str) -> str:
    return words[:1].upper() + words[1:]


def _count(number: int) -> str:
    """A count with the interface language's thousands separator (1,440 / 1.440)."""
    return f"{number:,}".replace(",", "." if text.language() == "id" else ",")


class ExperimentForm(QDialog):
    """A supervisor's request to start an experiment; ``started_id`` holds the new experiment's id once started."""

    def __init__(self, context: AppContext, background: Background, user: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("experiment_form")
        self.setWindowTitle(self.tr("New experiment"))
        self.context, self.background, self.user = context, background, user
        self.started_id: int | None = None
        self.preview: SplitPreview | None = None
        self.problems: list[Message] = []
        self._asked = 0
        with context.database.session() as session:
            self.settings: WorklistSettings = read_settings(session)
            teams = session.execute(select(Team.id, Team.name).order_by(Team.name)).all()
        self.zone = self.settings.policy.zones[0]
        self.name = QLineEdit()
        self.name.setObjectName("experiment_name")
        self.name.setPlaceholderText(self.tr("e.g. Softer opening for 1–30 days"))
        self.kind = QComboBox()
        self.kind.setObjectName("experiment_kind")
        for code, label in zip(
            KINDS, (self.tr("Script variant"), self.tr("Priority weights"), self.tr("Cadence")), strict=True
        ):
            self.kind.addItem(label, code)
        self.bucket = self._combo("experiment_bucket", [(code, text.label(f"bucket.{code}")) for code in BUCKETS])
        products = [(p.value, text.label(f"product.{p.value}")) for p in Product]
        self.product = self._combo("experiment_product", products)
        self.team = self._combo("experiment_team", [(str(team_id), name) for team_id, name in teams])
        zones = sorted({*self.settings.policy.zones, *self.settings.policy.province_zones.values()})
        self.customer_zone = self._combo(
            "experiment_zone", [(zone, f"{zone_abbreviation(zone)} ({zone})") for zone in zones]
        )
        today = context.clock.now().astimezone(ZoneInfo(self.zone)).date()
        self.first = self._date("experiment_first", today)
        self.last = self._date("experiment_last", today + dt.timedelta(days=27))
        self.share = QSpinBox()
        self.share.setObjectName("experiment_share")
        self.share.setRange(1, 99)
        self.share.setValue(50)
        self.share.setSuffix(" %")
        self.seed = QSpinBox()
        self.seed.setObjectName("experiment_seed")
        self.seed.setRange(1, 999_999)
        self.seed.setValue(1)
        self.seed.setToolTip(self.tr("The same seed and segment always give the same split."))
        self.arms = QStackedWidget()
        self.arms.addWidget(self._script_arms())
        self.arms.addWidget(self._weights_table())
        self.arms.addWidget(self._cadence_table())
        self.preview_label = QLabel()
        self.preview_label.setObjectName("experiment_preview")
        self.preview_label.setWordWrap(True)
        self.problems_label = QLabel()
        self.problems_label.setObjectName("experiment_problems")
        self.problems_label.setWordWrap(True)
        self.problems_label.setStyleSheet("color: #b91c1c;")
        self.buttons = QDialogButtonBox()
        self.start_button = QPushButton(self.tr("Start experiment"))
        self.start_button.setObjectName("experiment_start")
        self.start_button.setEnabled(False)
        self.buttons.addButton(self.start_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self._lay_out()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(PREVIEW_DELAY_MS)
        self._timer.timeout.connect(self.refresh_preview)
        self._connect()
        self.refresh_preview()

    # --- building ---

    def _combo(self, name: str, items: list[tuple[str, str]]) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(name)
        combo.addItem(self.tr("Any"), None)
        for code, label in items:
            combo.addItem(label, code)
        return combo

    def _date(self, name: str, day: dt.date) -> QDateEdit:
        edit = QDateEdit(QDate(day.year, day.month, day.day))
        edit.setObjectName(name)
        show_local_dates(edit)
        return edit

    def _script_arms(self) -> QWidget:
        page = QWidget()
        layout = QFormLayout(page)
        offered = [variant for variant in VARIANTS if variant != THIRD_PARTY]
        self.champion_variant = QComboBox()
        self.champion_variant.setObjectName("experiment_champion_variant")
        self.challenger_variant = QComboBox()
        self.challenger_variant.setObjectName("experiment_challenger_variant")
        for combo in (self.champion_variant, self.challenger_variant):
            for variant in offered:
                combo.addItem(text.label(f"script.variant.{variant}"), variant)
        self.challenger_variant.setCurrentIndex(min(1, len(offered) - 1))
        layout.addRow(self.tr("Champion's script"), self.champion_variant)
        layout.addRow(self.tr("Challenger's script"), self.challenger_variant)
        return page

    def _table(self, name: str, rows: int, headers: list[str]) -> QTableWidget:
        table = QTableWidget(rows, len(headers))
        table.setObjectName(name)
        table.setHorizontalHeaderLabels(headers)
        table.verticalHeader().setVisible(False)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        return table

    def _weights_table(self) -> QTableWidget:
        self.weight_keys = list(priority_keys())
        table = self._table(
            "experiment_weights",
            len(self.weight_keys),
            [self.tr("Weight"), self.tr("Champion (today)"), self.tr("Challenger")],
        )
        for row, key in enumerate(self.weight_keys):
            current = str(getattr(self.settings.priority, key))
            self._fixed(table, row, 0, _capital(text.label(f"experiment_setting.{key}")))
            self._fixed(table, row, 1, current)
            table.setItem(row, 2, QTableWidgetItem(current))
        self.weights = table
        return table

    def _cadence_table(self) -> QTableWidget:
        self.cadence_rows = [(stage.code, key) for stage in self.settings.stages for key in CADENCE_KEYS]
        table = self._table(
            "experiment_cadence",
            len(self.cadence_rows),
            [self.tr("Stage"), self.tr("Setting"), self.tr("Champion (today)"), self.tr("Challenger")],
        )
        for row, (code, key) in enumerate(self.cadence_rows):
            stage = self.settings.stage(code)
            value = getattr(stage, key)
            current = "" if value is None else str(value)
            self._fixed(table, row, 0, _capital(text.label(f"bucket.{code}")))
            self._fixed(table, row, 1, _capital(text.label(f"experiment_setting.{key}")))
            self._fixed(table, row, 2, current or "—")
            table.setItem(row, 3, QTableWidgetItem(current))
        self.cadence = table
        return table

    @staticmethod
    def _fixed(table: QTableWidget, row: int, column: int, value: str) -> None:
        item = QTableWidgetItem(value)
        item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
        table.setItem(row, column, item)

    def _lay_out(self) -> None:
        form = QFormLayout()
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("What varies"), self.kind)
        segment = QGridLayout()
        for column, (label, combo) in enumerate(
            (
                (self.tr("Bucket"), self.bucket),
                (self.tr("Product"), self.product),
                (self.tr("Team"), self.team),
                (self.tr("Zone"), self.customer_zone),
            )
        ):
            segment.addWidget(QLabel(label), 0, column)
            segment.addWidget(combo, 1, column)
        form.addRow(self.tr("Segment"), segment)
        period = QHBoxLayout()
        for widget in (self.first, QLabel(self.tr("to")), self.last):
            period.addWidget(widget)
        period.addStretch(1)
        form.addRow(self.tr("Period (days included)"), period)
        split = QHBoxLayout()
        for part in (self.share, QLabel(self.tr("Seed")), self.seed):
            split.addWidget(part)
        split.addStretch(1)
        form.addRow(self.tr("Challenger's share"), split)
        self.arms_title = QLabel()
        self.arms_title.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.arms_title)
        layout.addWidget(self.arms, 1)
        heading = QLabel(self.tr("Preview"))
        bold = QFont(heading.font())
        bold.setBold(True)
        heading.setFont(bold)
        layout.addWidget(heading)
        layout.addWidget(self.preview_label)
        layout.addWidget(self.problems_label)
        layout.addWidget(self.buttons)
        self._kind_changed()

    def _connect(self) -> None:
        self.name.textChanged.connect(self._changed)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        for combo in (self.bucket, self.product, self.team, self.customer_zone, self.kind):
            combo.currentIndexChanged.connect(self._changed)
        for combo in (self.champion_variant, self.challenger_variant):
            combo.currentIndexChanged.connect(self._changed)
        for edit in (self.first, self.last):
            edit.dateChanged.connect(self._changed)
        for spin in (self.share, self.seed):
            spin.valueChanged.connect(self._changed)
        self.weights.itemChanged.connect(self._changed)
        self.cadence.itemChanged.connect(self._changed)
        self.buttons.accepted.connect(self._start)
        self.buttons.rejected.connect(self.reject)

    @Slot()
    def _kind_changed(self) -> None:
        self.arms.setCurrentIndex(self.kind.currentIndex())
        self.arms_title.setText(
            {
                "script_variant": self.tr("The two scripts the agents will follow, one per arm."),
                "priority_weights": self.tr(
                    "The champion keeps today's weights; type the challenger's where it should differ."
                ),
                "cadence": self.tr(
                    "The champion keeps today's cadence; type the challenger's where it should differ "
                    "(leave a maximum empty for no limit of the stage's own)."
                ),
            }[str(self.kind.currentData())]
        )

    # --- the request ---

    def spec(self) -> ExperimentSpec:
        """The request as the form stands."""
        zone = ZoneInfo(self.zone)
        first, last = _day(self.first.date()), _day(self.last.date())
        segment: dict[str, Any] = {}
        for key, combo in (
            ("bucket", self.bucket),
            ("product", self.product),
            ("team_id", self.team),
            ("timezone", self.customer_zone),
        ):
            if combo.currentData() is not None:
                segment[key] = int(combo.currentData()) if key == "team_id" else str(combo.currentData())
        kind = str(self.kind.currentData())
        champion: dict[str, Any] = {}
        challenger: dict[str, Any] = {}
        if kind == "script_variant":
            champion = {"variant": self.champion_variant.currentData()}
            challenger = {"variant": self.challenger_variant.currentData()}
        elif kind == "priority_weights":
            for row, key in enumerate(self.weight_keys):
                value = _cell(self.weights, row, 2).text().strip()
                if value != str(getattr(self.settings.priority, key)):
                    challenger[key] = value
        else:
            for row, (code, key) in enumerate(self.cadence_rows):
                value = _cell(self.cadence, row, 3).text().strip()
                now = getattr(self.settings.stage(code), key)
                if value != ("" if now is None else str(now)):
                    challenger.setdefault(code, {})[key] = value or None
        return ExperimentSpec(
            name=self.name.text().strip(),
            kind=kind,
            segment=segment,
            champion=champion,
            challenger=challenger,
            starts_at=dt.datetime.combine(first, dt.time(), tzinfo=zone),
            ends_at=dt.datetime.combine(last + dt.timedelta(days=1), dt.time(), tzinfo=zone),
            challenger_share=Decimal(self.share.value()) / 100,
            seed=self.seed.value(),
        )

    def _mark_changes(self) -> None:
        """The challenger's cells that differ from today's settings in bold."""
        for table, column, current in ((self.weights, 2, 1), (self.cadence, 3, 2)):
            table.blockSignals(True)
            for row in range(table.rowCount()):
                item, today = _cell(table, row, column), _cell(table, row, current).text()
                font = item.font()
                font.setBold(item.text().strip() != ("" if today == "—" else today))
                item.setFont(font)
            table.blockSignals(False)

    @Slot()
    def _changed(self) -> None:
        self._mark_changes()
        self._asked += 1  # an answer to the form as it was is stale now
        self.start_button.setEnabled(False)
        self.preview_label.setText(self.tr("Working out the split…"))
        self._timer.start()

    @Slot()
    def refresh_preview(self) -> None:
        """Check the request and count the split off the GUI thread; an answer to an older request is dropped."""
        self._asked += 1
        asked = self._asked
        spec, database, now, user_id = self.spec(), self.context.database, self.context.clock.now(), self.user.id

        def work() -> tuple[ExperimentSpec, list[Message], SplitPreview]:
            with database.session() as session:
                return spec, spec_problems(session, user_id, spec, now), preview_split(session, spec)

        self.background.run(
            work,
            lambda answer: self._previewed(*answer) if asked == self._asked else None,
            lambda error: self._failed(error) if asked == self._asked else None,
            owner=self,
        )

    def _previewed(self, spec: ExperimentSpec, problems: list[Message], preview: SplitPreview) -> None:
        self.problems, self.preview = problems, preview
        if preview.customers == 0:
            problems = [*problems, Message.of("experiment.empty_segment")]
        lines = [
            self.tr(
                "{customers} customers in the segment: {champion} to the champion, {challenger} to the challenger."
            ).format(
                customers=_count(preview.customers),
                champion=_count(preview.champion),
                challenger=_count(preview.challenger),
            ),
            self.tr("Runs {first} to {last} (team zone {zone}).").format(
                first=text.date(_day(self.first.date())),
                last=text.date(_day(self.last.date())),
                zone=zone_abbreviation(self.zone),
            ),
        ]
        changes = self._changes(spec)
        if changes:
            lines.append(self.tr("The challenger differs in: {changes}.").format(changes="; ".join(changes)))
        self.preview_label.setText("\n".join(lines))
        self.problems_label.setText("\n".join("• " + text.render(problem) for problem in problems))
        self.problems_label.setVisible(bool(problems))
        self.start_button.setEnabled(not problems)

    def _changes(self, spec: ExperimentSpec) -> list[str]:
        if spec.kind == "script_variant":
            champion, challenger = (
                text.label(f"script.variant.{arm['variant']}") for arm in (spec.champion, spec.challenger)
            )
            return [f"{champion} → {challenger}"]
        if spec.kind == "priority_weights":
            return [
                f"{text.label('experiment_setting.' + key)} {getattr(self.settings.priority, key)} → {value}"
                for key, value in spec.challenger.items()
            ]
        out = []
        for code, changes in spec.challenger.items():
            for key, value in changes.items():
                before = getattr(self.settings.stage(code), key)
                out.append(
                    f"{text.label('bucket.' + code)}, {text.label('experiment_setting.' + key)} "
                    f"{'—' if before is None else before} → {'—' if value is None else value}"
                )
        return out

    def _failed(self, error: BaseException) -> None:
        self.start_button.setEnabled(False)
        self.problems_label.setVisible(True)
        self.problems_label.setText(self.tr("Could not check the request: {reason}").format(reason=str(error)[:200]))

    @Slot()
    def _start(self) -> None:
        if not self.start_button.isEnabled():
            return
        self.start_button.setEnabled(False)
        spec, database, clock, user_id = self.spec(), self.context.database, self.context.clock, self.user.id

        def work() -> int:
            with database.transaction(write=True) as session:
                return start_experiment(session, user_id, spec, clock.now())

        self.background.run(work, self._started, self._start_failed, owner=self)

    def _started(self, experiment_id: int) -> None:
        self.started_id = experiment_id
        self.accept()

    def _start_failed(self, error: BaseException) -> None:
        message = getattr(error, "message", None)
        self.problems_label.setVisible(True)
        self.problems_label.setText("• " + (text.render(message) if isinstance(message, Message) else str(error)))
        self.refresh_preview()


def _day(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())


def _cell(table: QTableWidget, row: int, column: int) -> QTableWidgetItem:
    item = table.item(row, column)
    if item is None:  # every cell is filled when the table is built
        item = QTableWidgetItem("")
        table.setItem(row, column, item)
    return item

"""Experiments: the running and past champion/challenger tests, and the comparison of the selected one."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from agent_desk.context import AppContext
from agent_desk.experiments import Comparison, compare_arms, list_experiments
from agent_desk.worklist.settings import settings_for
from ui import text
from ui.background import Background
from ui.supervisor.experiment_form import ExperimentForm


def _show(metric: str, value: float | None) -> str:
    if value is None:
        return "—"
    if metric.endswith("_rate"):
        return text.percent(value)
    return text.money(Decimal(round(value)))


class ExperimentsView(QWidget):
    def __init__(self, context: AppContext, background: Background, user: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._asked = 0
        self.setObjectName("experiments")
        self.context, self.background, self.user = context, background, user
        self.form: ExperimentForm | None = None
        self.new_button = QPushButton(self.tr("New experiment…"))
        self.new_button.setObjectName("experiment_new")
        self.list = QListWidget()
        self.list.setObjectName("experiment_list")
        self.title = QLabel(self.tr("Choose an experiment to compare its arms."))
        self.title.setObjectName("pane_title")
        self.title.setWordWrap(True)
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("experiment_table")
        self.table.setHorizontalHeaderLabels([self.tr("KPI"), self.tr("Champion"), self.tr("Challenger")])
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.verdicts = QLabel()
        self.verdicts.setObjectName("experiment_verdicts")
        self.verdicts.setWordWrap(True)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(self.title)
        right_layout.addWidget(self.table, 1)
        right_layout.addWidget(self.verdicts)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.new_button)
        left_layout.addWidget(self.list, 1)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self.list.currentItemChanged.connect(self._chosen)
        self.new_button.clicked.connect(self.open_form)
        self.reload()

    @Slot()
    def open_form(self) -> ExperimentForm:
        """The form for a new experiment (non-modal, so the desk stays usable); the list shows it once started."""
        self.form = ExperimentForm(self.context, self.background, self.user, self)
        self.form.accepted.connect(self._form_done)
        self.form.resize(760, 640)
        self.form.open()
        return self.form

    @Slot()
    def _form_done(self) -> None:
        started = self.form.started_id if self.form is not None else None
        self.reload(select=started)

    def reload(self, select: int | None = None) -> None:
        self.list.clear()
        with self.context.database.session() as session:
            experiments = list_experiments(session)
        kinds = {
            "script_variant": self.tr("Script variant"),
            "priority_weights": self.tr("Priority weights"),
            "cadence": self.tr("Cadence"),
        }
        for experiment in experiments:
            item = QListWidgetItem(
                f"{experiment.name}\n{kinds.get(experiment.kind, experiment.kind)} · "
                f"{experiment.champion_customers} / {experiment.challenger_customers}"
            )
            item.setData(256, experiment.id)
            self.list.addItem(item)
        if experiments:
            ids = [experiment.id for experiment in experiments]
            self.list.setCurrentRow(ids.index(select) if select in ids else 0)
        else:
            self.title.setText(self.tr("No experiment yet: start one with New experiment…"))
        self.table.setVisible(bool(experiments))

    @Slot(QListWidgetItem, QListWidgetItem)
    def _chosen(self, current: QListWidgetItem | None, _previous: QListWidgetItem | None) -> None:
        if current is None:
            return
        experiment_id = int(current.data(256))
        context = self.context

        def work() -> Comparison:
            policy = settings_for(context.database, context.clock).policy
            with context.database.session() as session:
                return compare_arms(session, experiment_id, policy, context.clock.now())

        self._asked += 1
        asked = self._asked  # only the experiment chosen last is shown, whichever comparison ends last
        self.background.run(
            work, lambda comparison: self.show_comparison(comparison) if asked == self._asked else None, owner=self
        )

    def show_comparison(self, comparison: Comparison) -> None:
        champion, challenger = comparison.arms
        period = comparison.period
        self.title.setText(
            self.tr("{name}: {first} – {last}").format(
                name=comparison.name, first=text.date(period.first), last=text.date(period.last)
            )
        )
        rows = [
            (self.tr("Customers"), str(champion.customers), str(challenger.customers)),
            (self.tr("Attempts"), str(champion.kpis.attempts), str(challenger.kpis.attempts)),
            (self.tr("Right-party contacts"), str(champion.kpis.rpc), str(challenger.kpis.rpc)),
            (self.tr("Promises"), str(champion.kpis.ptp), str(challenger.kpis.ptp)),
            (
                self.tr("Collected"),
                text.money(champion.kpis.amount_collected),
                text.money(challenger.kpis.amount_collected),
            ),
        ]
        for metric in comparison.metrics:
            name = text.label(f"kpi.{metric.metric}")
            name = name[:1].upper() + name[1:]
            rows.append((name, _show(metric.metric, metric.champion), _show(metric.metric, metric.challenger)))
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                self.table.setItem(r, c, QTableWidgetItem(value))
        lines = [("✔ " if m.real else "… ") + text.render(m.verdict) for m in comparison.metrics]
        self.verdicts.setText("\n".join(lines))

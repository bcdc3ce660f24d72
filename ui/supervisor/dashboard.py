"""The supervisor's dashboard: today's headline tiles against the same weekday last week, four charts over a
period, filters, drill-down to the outcomes behind a bar or point, and CSV/PDF export.

Every figure comes from :func:`agent_desk.reporting.compute_kpis` on a worker thread (ui.background); the view
refreshes itself every 30 seconds while it is shown.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QMarginsF, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QPageLayout, QPageSize, QPainter, QPdfWriter
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select

from agent_desk.context import AppContext
from agent_desk.delinquency import BUCKETS
from agent_desk.qa import ScorePoint, score_trend
from agent_desk.reporting import Filters, Grouping, KpiRow, Period, Scope, compute_kpis
from agent_desk.reporting.command import csv_columns, csv_record
from agent_desk.reporting.scope import visible_scope
from agent_desk.review import OutcomeQuery, Stage
from agent_desk.text import day_and_month
from agent_desk.worklist.settings import settings_for
from db.models import Role, Team, User
from ui import text
from ui.background import Background
from ui.supervisor.charts import Chart, Values

REFRESH_MS = 30_000
PERIODS = ("today", "7", "30", "month")


@dataclasses.dataclass(frozen=True)
class DashboardData:
    scope: Scope
    today: KpiRow
    last_week: KpiRow
    total: KpiRow
    by_day: list[KpiRow]
    by_agent: list[KpiRow]
    by_hour: list[KpiRow]
    qa: list[ScorePoint]


def short_date(day: dt.date) -> str:
    """A day under a chart: "19 Nov" ("3 Agu" in Indonesian, "Nov 19" where the month comes first)."""
    return day_and_month(day, text.language())


def _total(rows: list[KpiRow]) -> KpiRow:
    return rows[0] if rows else KpiRow("all", "all")


def load_dashboard(context: AppContext, filters: Filters, period_code: str, viewer: int) -> DashboardData:
    """Everything the dashboard shows, computed off the GUI thread."""
    policy = settings_for(context.database, context.clock).policy
    zone = policy.zones[0]
    now = context.clock.now()
    today = now.astimezone(ZoneInfo(zone)).date()
    first = {
        "today": today,
        "7": today - dt.timedelta(days=6),
        "30": today - dt.timedelta(days=29),
        "month": today.replace(day=1),
    }[period_code]
    period = Period(first, today, zone)
    base = Scope(period, policy, filters, Grouping.TOTAL, now=now)
    week_ago = today - dt.timedelta(days=7)
    with context.database.session() as session:
        base = visible_scope(session, viewer, base)  # the service narrows (or refuses) what the user may see
        return DashboardData(
            scope=base,
            today=_total(_kpis(session, base, TILES, period=Period(today, today, zone))),
            last_week=_total(
                _kpis(session, base, TILES, period=Period(week_ago, week_ago, zone), now=now - dt.timedelta(days=7))
            ),
            total=_total(_kpis(session, base, TILES)),
            by_day=_kpis(session, base, TILES, grouping=Grouping.DAY),
            by_agent=_kpis(session, base, TILES, grouping=Grouping.AGENT),
            by_hour=_kpis(session, base, ("promises_made",), grouping=Grouping.HOUR),
            qa=score_trend(
                session,
                period.first,
                period.last,
                period.offset_minutes,
                agent_ids=filters.agent_ids,
                team_id=filters.team_id,
            ),
        )


# The fact tables the dashboard reads (agent_desk.reporting.kpis.MEASURES): calls, outcomes and promises for the
# tiles, the funnel, the trend and the bars (and the CSV export of the last two), the outbox's messages for their
# tile; promises alone per hour.
TILES = ("interactions", "outcomes", "promises_made", "promises_due", "messages")


def _kpis(session: Any, base: Scope, measures: tuple[str, ...], **changes: Any) -> list[KpiRow]:
    return compute_kpis(session, dataclasses.replace(base, **changes), measures)


def _team_of(context: AppContext, user: Any) -> int | None:
    """A supervisor's own team (their views open on it); None for QA reviewers and admins."""
    if getattr(user, "role", None) is not Role.SUPERVISOR:
        return None
    with context.database.session() as session:
        return session.scalar(select(User.team_id).where(User.id == user.id))


class Tile(QFrame):
    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("kpi_tile")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title = QLabel(title)
        self.value = QLabel("—")
        self.value.setObjectName("kpi_value")
        font = self.value.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.value.setFont(font)
        self.change = QLabel("")
        self.change.setObjectName("kpi_change")
        for label in (self.title, self.change):  # six tiles share 1366 pixels, in the longer Indonesian too
            label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.setSpacing(0)
        layout.addWidget(self.title)
        layout.addWidget(self.value)
        layout.addWidget(self.change)


class DashboardView(QWidget):
    """Supervisor's first tab. ``drill_down`` asks the outcome review to show the outcomes behind a chart."""

    drill_down = Signal(object)  # OutcomeQuery

    def __init__(self, context: AppContext, background: Background, user: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dashboard")
        self.context, self.background, self.user = context, background, user
        self.data: DashboardData | None = None
        self._loading = False
        self._asked = 0
        self.period = QComboBox()
        self.period.setObjectName("dashboard_period")
        labels = (self.tr("Today"), self.tr("Last 7 days"), self.tr("Last 30 days"), self.tr("This month"))
        for code, label in zip(PERIODS, labels, strict=True):
            self.period.addItem(label, code)
        self.period.setCurrentIndex(1)
        self.team = QComboBox()
        self.team.setObjectName("dashboard_team")
        self.agent = QComboBox()
        self.agent.setObjectName("dashboard_agent")
        self.bucket = QComboBox()
        self.bucket.setObjectName("dashboard_bucket")
        self.bucket.addItem(self.tr("All segments"), None)
        for code in BUCKETS:
            self.bucket.addItem(text.label(f"bucket.{code}"), code)
        self._fill_people()
        refresh = QPushButton(self.tr("Refresh"))
        self.export_csv_button = QPushButton(self.tr("Export CSV…"))
        self.export_pdf_button = QPushButton(self.tr("Export PDF…"))
        self.status = QLabel()
        self.status.setObjectName("dashboard_status")
        bar = QHBoxLayout()
        widget: QWidget
        for widget in (QLabel(self.tr("Period")), self.period, QLabel(self.tr("Team")), self.team):
            bar.addWidget(widget)
        for widget in (QLabel(self.tr("Agent")), self.agent, QLabel(self.tr("Segment")), self.bucket):
            bar.addWidget(widget)
        bar.addStretch(1)
        for widget in (self.status, refresh, self.export_csv_button, self.export_pdf_button):
            bar.addWidget(widget)
        self.tiles = {
            "attempts": Tile(self.tr("Attempts today")),
            "rpc_rate": Tile(self.tr("Right-party contact rate")),
            "ptp": Tile(self.tr("Promises today")),
            "kept_rate": Tile(self.tr("Promises kept in the period")),
            "amount_collected": Tile(self.tr("Collected on today's promises")),
            "messages_sent": Tile(self.tr("Messages sent today")),
        }
        tiles = QHBoxLayout()
        for tile in self.tiles.values():
            tiles.addWidget(tile, 1)
        self.trend = Chart(
            self.tr("Attempts per day (click a point for its outcomes)"),
            line=True,
            empty_text=self.tr("No attempts in this period"),
        )
        self.agents_chart = Chart(
            self.tr("Right-party contacts per agent"), empty_text=self.tr("No right-party contacts in this period")
        )
        self.funnel = Chart(
            self.tr("Funnel: attempts → connects → RPC → PTP → kept"), empty_text=self.tr("No attempts in this period")
        )
        self.hours = Chart(
            self.tr("Collected by hour of day (customer's local time)"),
            values=Values.MONEY,
            empty_text=self.tr("Nothing collected yet on the promises of this period"),
        )
        self.qa = Chart(
            self.tr("QA score per week (average, %)"),
            line=True,
            values=Values.PERCENT,
            empty_text=self.tr("No scorecards in this period"),
        )
        self.days: list[dt.date] = []
        grid = QGridLayout()
        grid.addWidget(self.trend, 0, 0)
        grid.addWidget(self.agents_chart, 0, 1)
        grid.addWidget(self.qa, 0, 2)
        grid.addWidget(self.funnel, 1, 0)
        grid.addWidget(self.hours, 1, 1, 1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addLayout(tiles)
        layout.addLayout(grid, 1)
        for combo in (self.period, self.team, self.agent, self.bucket):
            combo.currentIndexChanged.connect(self.reload)
        self.team.currentIndexChanged.connect(self._team_changed)
        refresh.clicked.connect(self.reload)
        self.export_csv_button.clicked.connect(self._ask_csv)
        self.export_pdf_button.clicked.connect(self._ask_pdf)
        self.trend.clicked.connect(self._day_clicked)
        self.agents_chart.clicked.connect(self._agent_clicked)
        self.funnel.clicked.connect(self._funnel_clicked)
        self.hours.clicked.connect(self._hour_clicked)
        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self._tick)
        self._timer.start()
        self.reload()

    def _fill_people(self) -> None:
        with self.context.database.session() as session:
            teams = session.execute(select(Team.id, Team.name).order_by(Team.name)).all()
            self._agents = session.execute(
                select(User.id, User.login, User.display_name, User.team_id)
                .where(User.role == Role.AGENT)
                .order_by(User.display_name)
            ).all()
        self.team.addItem(self.tr("All teams"), None)
        for team_id, name in teams:
            self.team.addItem(name, team_id)
        own = _team_of(self.context, self.user)
        if own is not None and self.team.findData(own) >= 0:
            self.team.setCurrentIndex(self.team.findData(own))
        self._fill_agents()

    def _fill_agents(self) -> None:
        team_id = self.team.currentData()
        self.agent.blockSignals(True)
        self.agent.clear()
        self.agent.addItem(self.tr("All agents"), None)
        for user_id, _login, name, agent_team in self._agents:
            if team_id is None or agent_team == team_id:
                self.agent.addItem(name, user_id)
        self.agent.blockSignals(False)

    @Slot()
    def _team_changed(self) -> None:
        self._fill_agents()

    def filters(self) -> Filters:
        agent = self.agent.currentData()
        return Filters(
            team_id=self.team.currentData(),
            agent_ids=(int(agent),) if agent is not None else None,
            bucket=self.bucket.currentData(),
        )

    @Slot()
    def _tick(self) -> None:
        if self.isVisible() and not self._loading:
            self.reload()

    @Slot()
    def reload(self) -> None:
        """Load the figures for the filters as they are now; an answer to an older request is dropped."""
        self._loading = True
        self._asked += 1
        asked = self._asked
        self.status.setText(self.tr("Loading…"))
        context, filters, period = self.context, self.filters(), str(self.period.currentData())
        viewer = self.user.id
        self.background.run(
            lambda: load_dashboard(context, filters, period, viewer),
            lambda data: self._loaded(data) if asked == self._asked else None,
            lambda error: self._failed(error) if asked == self._asked else None,
            owner=self,
        )

    def _loaded(self, data: DashboardData) -> None:
        self._loading = False
        self.data = data
        now = self.context.clock.now()
        self.status.setText(
            self.tr("Updated {time}").format(time=now.astimezone(ZoneInfo(data.scope.period.zone)).strftime("%H:%M:%S"))
        )
        self._show_tiles(data)
        attempts = {row.key: row.attempts for row in data.by_day}
        self.days = data.scope.period.days()  # every day of the period: a day without calls is a zero, not a gap
        self.trend.set_data([short_date(day) for day in self.days], [attempts.get(day, 0) for day in self.days])
        self.agents_chart.set_data([row.label for row in data.by_agent], [row.rpc for row in data.by_agent])
        total = data.total
        self.funnel.set_data(
            [self.tr("Attempts"), self.tr("Connects"), self.tr("RPC"), self.tr("PTP"), self.tr("Kept")],
            [total.attempts, total.connects, total.rpc, total.ptp, total.promises_kept],
            ["#2563eb", "#0891b2", "#0d9488", "#ca8a04", "#15803d"],
        )
        self.qa.set_data(
            [short_date(point.week) for point in data.qa],
            [float(point.average) * 100 for point in data.qa],
            empty=not data.qa,
        )
        hours = [row for row in data.by_hour if row.key is not None]
        self.hours.set_data([f"{int(row.key):02d}" for row in hours], [float(row.amount_collected) for row in hours])

    def _failed(self, error: BaseException) -> None:
        self._loading = False
        self.status.setText(self.tr("Could not load the figures: {reason}").format(reason=str(error)[:120]))

    def _show_tiles(self, data: DashboardData) -> None:
        """Today against the same weekday last week — but the kept rate over the period: a promise is judged
        the morning after its due date and grace days, so none due today is ever judged today."""
        today, before = data.today, data.last_week
        for name, tile in self.tiles.items():
            if name == "kept_rate":
                total = data.total
                tile.value.setText(self._format(name, total.kept_rate))
                tile.change.setText(
                    self.tr("{kept} of {judged} judged promises due in it").format(
                        kept=total.promises_kept, judged=total.promises_judged
                    )
                    if total.promises_judged
                    else self.tr("no promise due in it judged yet")
                )
                continue
            now_value, then_value = getattr(today, name), getattr(before, name)
            tile.value.setText(self._format(name, now_value))
            if name == "messages_sent":
                tile.setToolTip(self._channels(today))
            if now_value is None:
                tile.change.setText(self.tr("no attempts yet today"))
            elif then_value is None:
                tile.change.setText(self.tr("no attempts on the same day last week"))
            elif now_value == then_value:
                tile.change.setText(self.tr("= the same as the same day last week"))
            else:
                delta = now_value - then_value
                tile.change.setText(
                    self.tr("{arrow} {delta} vs same day last week").format(
                        arrow="▲" if delta > 0 else "▼", delta=self._format(name, abs(delta))
                    )
                )

    def _channels(self, row: KpiRow) -> str:
        """Today's messages per channel: sent, delivered, failed."""
        lines = []
        for channel, label in (
            ("sms", self.tr("SMS")),
            ("whatsapp", self.tr("WhatsApp")),
            ("email", self.tr("E-mail")),
        ):
            lines.append(
                self.tr("{channel}: {sent} sent, {delivered} delivered, {failed} failed").format(
                    channel=label,
                    sent=getattr(row, f"{channel}_sent"),
                    delivered=getattr(row, f"{channel}_delivered"),
                    failed=getattr(row, f"{channel}_failed"),
                )
            )
        return "\n".join(lines)

    def _format(self, name: str, value: Any) -> str:
        if value is None:
            return "—"
        if name.endswith("_rate"):
            return text.percent(value)
        if name.startswith("amount"):
            return text.money(value)
        return str(value)

    # --- drill-down ---

    def _query(self, grouping: Grouping, key: Any = None, stage: Stage = Stage.ATTEMPT) -> OutcomeQuery | None:
        if self.data is None:
            return None
        return OutcomeQuery(dataclasses.replace(self.data.scope, grouping=grouping), key=key, stage=stage)

    @Slot(int)
    def _day_clicked(self, index: int) -> None:
        if self.data is not None and index < len(self.days):
            self.drill_down.emit(self._query(Grouping.DAY, self.days[index]))

    @Slot(int)
    def _agent_clicked(self, index: int) -> None:
        if self.data is not None and index < len(self.data.by_agent):
            self.drill_down.emit(self._query(Grouping.AGENT, self.data.by_agent[index].key, Stage.RPC))

    @Slot(int)
    def _funnel_clicked(self, index: int) -> None:
        stages = (Stage.ATTEMPT, Stage.CONNECT, Stage.RPC, Stage.PTP, Stage.KEPT)
        if index < len(stages):
            self.drill_down.emit(self._query(Grouping.TOTAL, None, stages[index]))

    @Slot(int)
    def _hour_clicked(self, index: int) -> None:
        hours = [row for row in self.data.by_hour if row.key is not None] if self.data else []
        if index < len(hours):
            self.drill_down.emit(self._query(Grouping.HOUR, hours[index].key, Stage.PTP))

    # --- export ---

    @Slot()
    def _ask_csv(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export the dashboard as CSV"), "kpis.csv", "CSV (*.csv)")
        if path:
            self.export_csv(path)

    @Slot()
    def _ask_pdf(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export the dashboard as PDF"), "dashboard.pdf", "PDF (*.pdf)"
        )
        if path:
            self.export_pdf(path)

    def export_csv(self, path: str) -> None:
        """The figures on screen: one row per agent, then one per day (same columns as the CLI)."""
        if self.data is None:
            return
        with open(path, "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(csv_columns("agent", "bucket"))
            writer.writerows(csv_record(row) for row in self.data.by_agent)
            writer.writerow([])
            writer.writerow(csv_columns("day", "bucket"))
            writer.writerows(csv_record(row) for row in self.data.by_day)

    def export_pdf(self, path: str) -> None:
        """The dashboard as it looks, on one landscape A4 page."""
        writer = QPdfWriter(path)
        writer.setPageLayout(
            QPageLayout(
                QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Landscape, QMarginsF(10, 10, 10, 10)
            )
        )
        writer.setTitle(self.tr("Agent Desk dashboard"))
        picture = self.grab()
        painter = QPainter(writer)
        target = painter.viewport()
        scaled = picture.size().scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
        painter.setViewport(target.x(), target.y(), scaled.width(), scaled.height())
        painter.setWindow(picture.rect())
        painter.drawPixmap(0, 0, picture)
        painter.end()

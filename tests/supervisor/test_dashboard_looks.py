"""How the dashboard reads at 1366×768: day labels that never overlap (7 and 30 days, today always named), and
charts and tiles that say in words when there is nothing to show — in English and in Indonesian."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication

from db.models import Team
from ui import text
from ui.supervisor.dashboard import DashboardView, short_date
from ui.translations import install_translations

pytestmark = pytest.mark.gui


def _dashboard(qtbot, context, background, users) -> DashboardView:  # type: ignore[no-untyped-def]
    view = DashboardView(context, background, users["supervisor"])
    qtbot.addWidget(view)
    view.resize(1366, 668)  # the tab's share of a 1366×768 window
    view.show()
    qtbot.waitUntil(lambda: view.data is not None and not view._loading, timeout=15_000)
    return view


@pytest.mark.parametrize(("period", "days"), [(1, 7), (2, 30)])
def test_day_labels_never_overlap_and_today_is_named(qtbot, context, background, users, period, days) -> None:
    view = _dashboard(qtbot, context, background, users)
    view.period.setCurrentIndex(period)
    qtbot.waitUntil(lambda: len(view.trend.labels) == days and not view._loading, timeout=15_000)
    qtbot.wait(50)
    chart = view.trend
    axis = chart.plot.getAxis("bottom")
    metrics = QFontMetrics(axis.font())
    shown = [(chart.labels.index(label), label) for label in chart.shown_labels()]
    assert shown[-1][1] == short_date(view.days[-1])  # today
    if days == 7:
        assert len(shown) == 7  # a week has room for every day
    for (a, first), (b, second) in itertools.pairwise(shown):
        gap = chart.point_position(b).x() - chart.point_position(a).x()
        assert gap >= (metrics.horizontalAdvance(first) + metrics.horizontalAdvance(second)) / 2, (first, second)
    viewbox = chart.plot.getPlotItem().getViewBox()
    right_edge = chart.plot.mapFromScene(viewbox.sceneBoundingRect().topRight()).x()
    assert chart.point_position(len(chart.labels) - 1).x() + metrics.horizontalAdvance(shown[-1][1]) / 2 <= right_edge


@pytest.mark.parametrize("language", ["en", "id"])
def test_with_no_data_every_chart_and_tile_says_so(qtbot, context, background, users, language) -> None:
    with context.database.transaction(write=True) as session:
        team = Team(name="Night shift")
        session.add(team)
        session.flush()
        team_id = team.id
    app = QApplication.instance()
    words = {
        "en": ("No attempts in this period", "No scorecards in this period", "no attempts yet today"),
        "id": ("Tidak ada upaya pada periode ini", "Tidak ada kartu skor pada periode ini", "belum ada upaya hari ini"),
    }[language]
    try:
        install_translations(app, language)
        text.set_language(language)
        view = _dashboard(qtbot, context, background, users)
        view.team.setCurrentIndex(view.team.findData(team_id))
        qtbot.waitUntil(lambda: view.data.scope.filters.team_id == team_id and not view._loading, timeout=15_000)
        for chart in (view.trend, view.agents_chart, view.funnel, view.hours, view.qa):
            assert chart.is_empty and chart.empty.isVisible() and chart.empty.text(), chart.title.text()
        assert view.trend.empty.text() == view.funnel.empty.text() == words[0]
        assert view.qa.empty.text() == words[1]
        assert view.tiles["rpc_rate"].value.text() == "—"
        assert view.tiles["rpc_rate"].change.text() == words[2]
        assert view.tiles["attempts"].value.text() == "0"
        for tile in view.tiles.values():
            assert tile.change.text() and "—" not in tile.change.text()
        assert view.minimumSizeHint().width() <= 1366  # six tiles side by side fit the smallest screen
        view.team.setCurrentIndex(view.team.findText("Jakarta A"))  # back to a team with calls: the charts return
        qtbot.waitUntil(lambda: view.data.scope.filters.team_id != team_id and not view._loading, timeout=15_000)
        assert not view.trend.is_empty and view.trend.plot.isVisible()
    finally:
        install_translations(app, "en")
        text.set_language("en")


def test_short_dates_are_in_the_interface_language() -> None:
    try:
        text.set_language("id")
        assert short_date(dt.date(2026, 8, 3)) == "3 Agu"
    finally:
        text.set_language("en")
    assert short_date(dt.date(2026, 8, 3)) == "3 Aug"

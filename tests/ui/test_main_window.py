"""The main window opens on the demo portfolio, shows its data, and gives each role its views."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex
from PySide6.QtGui import QImage
from sqlalchemy import func, select

from agent_desk.context import AppContext
from agent_desk.portfolio import UserSummary
from db.models import Customer
from ui.background import Background
from ui.main_window import MainWindow
from ui.panes.queue_pane import PAGE_SIZE
from ui.settings import Settings


def _distinct_colours(image: QImage, step: int = 7) -> int:
    colours = set()
    for y in range(0, image.height(), step):
        for x in range(0, image.width(), step):
            colours.add(image.pixel(x, y))
    return len(colours)


def test_agent_sees_customers_and_their_profile_then_a_screenshot_shows_it(
    qtbot, context: AppContext, background: Background, users: dict[str, UserSummary], tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(context, users["agent"], Settings(), background)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    workspace = window.workspace
    assert workspace is not None
    model = workspace.queue.model
    assert model.rowCount() == PAGE_SIZE  # the first page only: the rest comes as the agent scrolls
    first = model.customer_at(0)
    assert first is not None
    workspace.queue.select_row(0)
    qtbot.waitUntil(lambda: workspace.profile.name.text() == first.full_name, timeout=5000)
    assert workspace.profile.accounts.rowCount() >= 1
    assert (
        "WIB" in workspace.profile.local_clock.text()
        or "WIT" in workspace.profile.local_clock.text()
        or ("unknown" in workspace.profile.local_clock.text())
    )
    assert first.full_name.split()[0] in workspace.script.body.toPlainText()
    assert "Simulated time" in window.clock_label.text()

    shot = tmp_path / "main-window.png"
    assert window.grab().save(str(shot))
    image = QImage(str(shot))
    assert (image.width(), image.height()) == (1366, 768)
    assert _distinct_colours(image) > 20, "the screenshot looks blank"


def test_the_queue_fetches_more_as_the_agent_scrolls(
    qtbot, context: AppContext, background: Background, users: dict[str, UserSummary]
) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(context, users["agent"], Settings(), background)
    qtbot.addWidget(window)
    model = window.workspace.queue.model  # type: ignore[union-attr]
    with context.database.session() as session:
        total = session.scalar(select(func.count()).select_from(Customer))
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    assert model.rowCount() == total


def test_search_narrows_the_queue(
    qtbot, context: AppContext, background: Background, users: dict[str, UserSummary]
) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(context, users["agent"], Settings(), background)
    qtbot.addWidget(window)
    queue = window.workspace.queue  # type: ignore[union-attr]
    target = queue.model.customer_at(3)
    assert target is not None
    queue.search.setText(target.customer_number)
    queue.search.returnPressed.emit()
    assert queue.model.rowCount() == 1
    assert queue.model.customer_at(0) == target


def test_each_role_gets_its_views(
    qtbot, context: AppContext, background: Background, users: dict[str, UserSummary]
) -> None:  # type: ignore[no-untyped-def]
    tabs = {}
    for role in ("agent", "supervisor", "trainer", "admin"):
        window = MainWindow(context, users[role], Settings(), background)
        qtbot.addWidget(window)
        tabs[role] = [window.tabs.tabText(i) for i in range(window.tabs.count())]
        if role == "supervisor":
            assert window.tabs.widget(1).table.rowCount() > 0  # recent outcomes from the demo history
        if role == "admin":
            assert window.tabs.widget(0).table.rowCount() >= 10
        if role == "trainer":
            assert window.tabs.widget(0).table.rowCount() >= 6
    assert tabs == {
        "agent": ["Workspace"],
        "supervisor": ["Workspace", "Team outcomes"],
        "trainer": ["Practice"],
        "admin": ["Users"],
    }


def test_window_geometry_is_remembered(
    qtbot, context: AppContext, background: Background, users: dict[str, UserSummary]
) -> None:  # type: ignore[no-untyped-def]
    settings = Settings()
    window = MainWindow(context, users["agent"], settings, background)
    qtbot.addWidget(window)
    window.show()
    window.resize(760, 560)  # inside the offscreen screen (800×600)
    qtbot.waitUntil(lambda: window.width() == 760)
    window.close()
    again = MainWindow(context, users["agent"], Settings(), background)
    qtbot.addWidget(again)
    assert (again.width(), again.height()) == (760, 560)


def test_only_supervisors_and_admins_can_import(
    qtbot, context: AppContext, background: Background, users: dict[str, UserSummary]
) -> None:  # type: ignore[no-untyped-def]
    offered = {}
    for role in ("agent", "supervisor", "admin", "trainer"):
        window = MainWindow(context, users[role], Settings(), background)
        qtbot.addWidget(window)
        offered[role] = any("Import" in action.text() for action in window.tools_menu.actions())
    assert offered == {"agent": False, "supervisor": True, "admin": True, "trainer": False}

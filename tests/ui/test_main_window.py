"""The main window opens on the demo portfolio, shows its data, and gives each role its views."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex
from PySide6.QtGui import QImage

from agent_desk.context import AppContext
from agent_desk.drafts import DraftStore
from agent_desk.first_frame.lines import PAGE_SIZE
from agent_desk.portfolio import UserSummary
from agent_desk.worklist import count_ready
from ui.background import Background
from ui.main_window import MainWindow
from ui.panes.queue_pane import WHY_ROLE
from ui.settings import Settings


def _distinct_colours(image: QImage, step: int = 7) -> int:
    colours = set()
    for y in range(0, image.height(), step):
        for x in range(0, image.width(), step):
            colours.add(image.pixel(x, y))
    return len(colours)


def _window(qtbot, context, background, user, tmp_path: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(context, user, Settings(), background, drafts=DraftStore(tmp_path / "drafts"))
    qtbot.addWidget(window)
    return window


def test_agent_gets_a_customer_with_next_and_a_screenshot_shows_it(
    qtbot, context: AppContext, background: Background, users: dict[str, UserSummary], tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    window = _window(qtbot, context, background, users["agent"], tmp_path)
    window.resize(1366, 768)
    window.show()
    window.start()
    qtbot.waitExposed(window)
    workspace = window.workspace
    assert workspace is not None
    model = workspace.queue.model
    ready = count_ready(context.database, context.clock, users["agent"].id)
    assert model.rowCount() == min(PAGE_SIZE, ready)  # the first page only: more come as the agent scrolls
    top = model.line_at(0)
    assert top is not None
    assert top.ready
    assert model.index(0, 0).data(WHY_ROLE)  # every row says why it is there
    window.loop_actions["next"].trigger()
    qtbot.waitUntil(
        lambda: workspace.profile.name.text() != "No customer open" and workspace.loop.current is not None, timeout=5000
    )
    opened = workspace.loop.current
    assert opened is not None
    assert opened.profile.id == top.customer_id  # Next takes the top of the queue
    assert workspace.profile.name.text() == top.customer_name
    assert workspace.call_bar.dial_button.isEnabled()
    assert workspace.wrapup.isEnabled()
    assert window.state_label.text() == "Ready"
    assert "Simulated time" in window.clock_label.text()

    shot = tmp_path / "main-window.png"
    assert window.grab().save(str(shot))
    image = QImage(str(shot))
    assert (image.width(), image.height()) == (1366, 768)
    assert _distinct_colours(image) > 20, "the screenshot looks blank"


def test_the_queue_fetches_more_as_the_agent_scrolls(
    qtbot, context: AppContext, background: Background, users: dict[str, UserSummary], tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    window = _window(qtbot, context, background, users["agent"], tmp_path)
    model = window.workspace.queue.model  # type: ignore[union-attr]
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    assert model.rowCount() == count_ready(context.database, context.clock, users["agent"].id)
    scores = [model.line_at(row).score for row in range(model.rowCount())]  # type: ignore[union-attr]
    assert scores == sorted(scores, reverse=True)  # best first


def test_waiting_customers_show_with_their_reason(
    qtbot, context: AppContext, background: Background, users: dict[str, UserSummary], tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    window = _window(qtbot, context, background, users["agent"], tmp_path)
    queue = window.workspace.queue  # type: ignore[union-attr]
    ready = queue.model.rowCount()
    queue.show_waiting.setChecked(True)
    while queue.model.canFetchMore(QModelIndex()):
        queue.model.fetchMore(QModelIndex())
    waiting = [queue.model.line_at(row) for row in range(queue.model.rowCount())]
    blocked = [line for line in waiting if line is not None and not line.ready]
    assert len(waiting) > ready
    assert blocked
    assert all(line.reasons or line.ready_at is None for line in blocked)
    row = queue.model.row_of(blocked[0].customer_id)
    assert row is not None
    assert queue.model.index(row, 0).data(WHY_ROLE) == queue.model._why(blocked[0])


def test_search_narrows_the_queue(
    qtbot, context: AppContext, background: Background, users: dict[str, UserSummary], tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    window = _window(qtbot, context, background, users["agent"], tmp_path)
    queue = window.workspace.queue  # type: ignore[union-attr]
    target = queue.model.line_at(3)
    assert target is not None
    queue.search.setText(target.customer_number)
    queue.search.returnPressed.emit()
    qtbot.waitUntil(lambda: not queue.model.loading and queue.model.rowCount() == 1, timeout=5000)
    assert queue.model.line_at(0) == target


def test_each_role_gets_its_views(
    qtbot, context: AppContext, background: Background, users: dict[str, UserSummary], tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    tabs = {}
    for role in ("agent", "supervisor", "trainer", "admin"):
        window = _window(qtbot, context, background, users[role], tmp_path)
        tabs[role] = [window.tabs.tabText(i) for i in range(window.tabs.count())]
        if role == "supervisor":  # the outcome review lists recent outcomes from the demo history
            review = window.tabs.widget(1)
            qtbot.waitUntil(lambda review=review: review.model.rowCount() > 0, timeout=10_000)
        if role == "admin":
            assert window.tabs.widget(0).table.rowCount() >= 10
        if role == "trainer":
            assert window.tabs.widget(0).scenarios.list.count() == 12  # the practice console's scenario library
    assert tabs == {
        "agent": ["Workspace", "My scorecards", "Practice"],
        "supervisor": [
            "Dashboard",
            "Outcome review",
            "Live board",
            "Experiments",
            "Workspace",
            "Approvals",
            "Flagged wording",
            "Outbox",
        ],
        "trainer": ["Practice"],
        "admin": ["Users", "Limits", "Approvals", "Flagged wording", "Outbox"],
    }


def test_window_geometry_is_remembered(
    qtbot, context: AppContext, background: Background, users: dict[str, UserSummary], tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    window = _window(qtbot, context, background, users["agent"], tmp_path)
    window.show()
    hint = window.minimumSizeHint()
    wanted = (max(760, hint.width()), max(560, hint.height()))  # inside the offscreen screen (800×600)
    assert wanted[0] <= 800 and wanted[1] <= 600, f"the window needs more than a small screen: {wanted}"
    window.resize(*wanted)
    qtbot.waitUntil(lambda: (window.width(), window.height()) == wanted)
    window.close()
    again = _window(qtbot, context, background, users["agent"], tmp_path)
    assert (again.width(), again.height()) == wanted


def test_only_supervisors_and_admins_can_import(
    qtbot, context: AppContext, background: Background, users: dict[str, UserSummary], tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    offered = {}
    for role in ("agent", "supervisor", "admin", "trainer"):
        window = _window(qtbot, context, background, users[role], tmp_path)
        offered[role] = any("Import" in action.text() for action in window.tools_menu.actions())
    assert offered == {"agent": False, "supervisor": True, "admin": True, "trainer": False}


def test_every_step_of_the_loop_has_a_key_and_f1_lists_them(
    qtbot, context: AppContext, background: Background, users: dict[str, UserSummary], tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from ui.shortcuts import window_keys

    window = _window(qtbot, context, background, users["agent"], tmp_path)
    listed = dict(window_keys(window))
    steps = ("next", "dial", "hang_up", "manual_call", "disposition", "save", "skip", "break")
    steps += ("right_party", "someone_else", "plan", "use_plan", "remove_plan")
    for step in steps:
        action = window.loop_actions[step]
        assert not action.shortcut().isEmpty(), step
        assert action.shortcut().toString() in listed, step
    keys = [action.shortcut().toString() for action in window.loop_actions.values()]
    assert len(keys) == len(set(keys)), "two steps share a key"

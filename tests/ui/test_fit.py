"""Every pane and dialog fits a 1366×768 and a 1920×1080 screen in English and Bahasa Indonesia: no window taller or
wider than the screen, no text cut without an elision and a tooltip, no blank drop-down.

Panes are found by walking each role's main window: every tab of the window and every tab inside it, in the
states an agent goes through (a customer open, an error, a plan in the wrap-up, an objection, after a save, the
waiting customers, a search). Dialogs are every ``QDialog`` subclass under ``ui`` (see :mod:`ui.examples`), so
views and dialogs added later are checked too.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QApplication, QTabWidget, QWidget

from agent_desk.context import AppContext
from agent_desk.drafts import DraftStore
from agent_desk.portfolio import UserSummary
from tests.ui.conftest import quote_a_plan, record_call
from tests.ui.fit import cut_text, english_left, english_sources, window_problems
from ui.background import Background
from ui.examples import Scene, build, build_window, dialog_classes, window_classes
from ui.main_window import MainWindow
from ui.settings import Settings

pytestmark = [pytest.mark.gui, pytest.mark.slow]

SIZES = (QSize(1366, 768), QSize(1920, 1080))
TRANSLATIONS = Path(__file__).resolve().parents[2] / "resources" / "translations" / "id"


class Inspector:
    """Collects what is cut, per state, size and tab."""

    def __init__(self, qtbot, background: Background, language: str) -> None:  # type: ignore[no-untyped-def]
        self.qtbot = qtbot
        self.background = background
        self.language = language
        self.problems: set[str] = set()
        self.english = english_sources(TRANSLATIONS) if language == "id" else set()

    def look(self, root: QWidget, where: str) -> None:
        self.problems.update(f"{where} {p}" for p in cut_text(root))
        self.problems.update(f"{where} {p}" for p in english_left(root, self.english))

    def settle(self) -> None:
        for _ in range(3):
            self.background.wait()
            QApplication.processEvents()
        self.qtbot.wait(5)

    def window(self, window: QWidget, state: str) -> None:
        for size in SIZES:
            window.resize(size)
            self.settle()
            where = f"[{self.language} {size.width()}×{size.height()} {state}]"
            self.problems.update(f"{where} {p}" for p in window_problems(window, size))
            self._tabs(window, where)

    def _tabs(self, window: QWidget, where: str) -> None:
        outer = [t for t in window.findChildren(QTabWidget) if t.objectName() == "main_tabs"]
        for tabs in outer or [None]:
            pages = range(tabs.count()) if tabs is not None else [None]
            original = tabs.currentIndex() if tabs is not None else 0
            for page in pages:
                if tabs is not None and page is not None:
                    tabs.setCurrentIndex(page)
                    self.settle()
                self._inner_tabs(window, where)
            if tabs is not None:
                tabs.setCurrentIndex(original)

    def _inner_tabs(self, window: QWidget, where: str) -> None:
        self.look(window, where)
        for tabs in window.findChildren(QTabWidget):
            if tabs.objectName() == "main_tabs" or not tabs.isVisible():
                continue
            original = tabs.currentIndex()
            for index in range(tabs.count()):
                if index == original or not tabs.isTabEnabled(index) or not tabs.isTabVisible(index):
                    continue
                tabs.setCurrentIndex(index)
                self.settle()
                self.look(window, where)
            tabs.setCurrentIndex(original)
            self.settle()

    def dialog(self, dialog: QWidget, name: str) -> None:
        dialog.show()
        self.settle()
        for size in SIZES:
            where = f"[{self.language} {size.width()}×{size.height()} dialog {name}]"
            self.problems.update(f"{where} {p}" for p in window_problems(dialog, size))
        self.look(dialog, f"[{self.language} dialog {name}]")
        dialog.close()


def _agent_walk(qtbot, inspector: Inspector, window: MainWindow, context: AppContext) -> None:  # type: ignore[no-untyped-def]
    workspace = window.workspace
    assert workspace is not None
    loop = workspace.loop
    inspector.window(window, "start")
    window.loop_actions["next"].trigger()
    qtbot.waitUntil(lambda: loop.current is not None, timeout=10_000)
    first = loop.current.profile.id
    inspector.window(window, "customer open")
    workspace.wrapup._select("promise_to_pay")
    workspace.save()  # no amount, no call: the form says what is missing
    inspector.window(window, "after an error")
    record_call(qtbot, window)
    panel = quote_a_plan(qtbot, workspace)
    inspector.window(window, "plan calculator")
    panel.use()
    inspector.window(window, "plan in the wrap-up")
    workspace.script.choose_objection("cannot_afford")
    inspector.window(window, "objection")
    workspace.save()
    qtbot.waitUntil(lambda: loop.current is not None and loop.current.profile.id != first, timeout=10_000)
    inspector.window(window, "saved, next customer")
    workspace.queue.show_waiting.setChecked(True)
    inspector.window(window, "waiting and blocked")
    workspace.queue.search.setText("a")
    qtbot.waitUntil(lambda: bool(workspace.queue.search_status.text()) and not workspace.queue.model.loading)
    inspector.window(window, "search")


def test_every_pane_and_dialog_fits_both_screens(  # type: ignore[no-untyped-def]
    qtbot,
    context: AppContext,
    background: Background,
    users: dict[str, UserSummary],
    tmp_path: Path,
    desk_language: str,
) -> None:
    inspector = Inspector(qtbot, background, desk_language)
    settings = Settings()
    agent_window = None
    for role in ("agent", "supervisor", "trainer", "admin"):
        window = MainWindow(
            context,
            users[role],
            settings,
            background,
            phone=role == "agent",
            drafts=DraftStore(tmp_path / f"drafts-{role}"),
        )
        qtbot.addWidget(window)
        window.show()
        window.start()
        inspector.settle()
        if role == "agent":
            _agent_walk(qtbot, inspector, window, context)
            agent_window = window
        else:
            inspector.window(window, role)
            window.close()
    assert agent_window is not None
    scene = Scene(context, users, background, settings, agent_window)
    unbuilt = []
    for dialog_class in dialog_classes():
        dialog = build(dialog_class, scene)
        if dialog is None:
            unbuilt.append(f"{dialog_class.__module__}.{dialog_class.__name__}")
            continue
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)  # the test closes it and qtbot deletes it
        qtbot.addWidget(dialog)
        inspector.dialog(dialog, dialog_class.__name__)
    for window_class in window_classes():  # other top-level windows (the practice window…)
        other = build_window(window_class, scene)
        if other is None:
            unbuilt.append(f"{window_class.__module__}.{window_class.__name__}")
            continue
        qtbot.addWidget(other)
        other.show()
        other.resize(SIZES[0])
        inspector.settle()
        inspector.window(other, window_class.__name__)
        other.close()
    agent_window.close()
    from ui.practice.launch import forget_practice_databases

    forget_practice_databases()
    assert not unbuilt, f"dialogs and windows with no example in ui/examples.py: {unbuilt}"
    problems = sorted(inspector.problems)
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)

"""Grab Agent Desk's windows to PNG files in docs/screenshots/ (offscreen; run by hand after UI changes).

Usage: .venv/bin/python scripts/screenshots.py --db sqlite:///PATH [--at ISO-TIME]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from agent_desk.context import open_context
from agent_desk.drafts import DraftStore
from agent_desk.portfolio import list_users
from agent_desk.resources import resource_path
from ui.background import Background
from ui.main_window import MainWindow
from ui.settings import Settings

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"


def settle(app: QApplication, background: Background, ms: int = 300) -> None:
    for _ in range(5):
        background.wait()
        loop = QEventLoop()
        QTimer.singleShot(ms // 5, loop.quit)
        loop.exec()
        app.processEvents()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--at", default="2026-11-24T09:30+07:00")
    args = parser.parse_args()
    app = QApplication([])
    QCoreApplication.setOrganizationName("AgentDesk-screenshots")
    app.setStyleSheet(resource_path("ui", "agent-desk.qss").read_text(encoding="utf-8"))
    context = open_context(args.db, args.at)
    background = Background()
    with context.database.session() as session:
        users = {u.role.value: u for u in reversed(list_users(session))}
    OUT.mkdir(parents=True, exist_ok=True)
    scratch = tempfile.mkdtemp(prefix="agent-desk-shots-")
    shots = [
        ("agent", 1366, 768, "workspace-1366x768.png"),
        ("agent", 1920, 1080, "workspace-1920x1080.png"),
        ("supervisor", 1366, 768, "supervisor-1366x768.png"),
        ("admin", 1366, 768, "admin-1366x768.png"),
        ("trainer", 1366, 768, "trainer-1366x768.png"),
    ]
    for role, width, height, name in shots:
        window = MainWindow(
            context,
            users[role],
            Settings(),
            background,
            drafts=DraftStore(Path(scratch)),
            phone=role in ("agent", "supervisor"),
        )
        window.resize(width, height)
        window.show()
        window.start()
        settle(app, background)
        if window.workspace is not None:
            window.workspace.loop.next_customer()
            settle(app, background, 600)
        window.grab().save(str(OUT / name))
        print(f"wrote {OUT / name}")
        window.close()
    background.wait()
    context.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

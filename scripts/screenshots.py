"""Grab Agent Desk's windows to PNG files in docs/screenshots/ (offscreen; run by hand after UI changes).

Usage: .venv/bin/python scripts/screenshots.py --db sqlite:///PATH [--at ISO-TIME] [--only SET]
(write the demo book at the same moment first: agent-desk --db URL --at 2026-11-24T09:30+07:00 demo-data)

Three sets are made by their own programs, which --only (or a run of every set) starts in turn: ``sign-in``
(scripts/team_screenshots.py, on a small demo book of its own), ``outbox`` (scripts/outbox_screenshots.py, on a copy
of --db at its own 10:30, with the local gateway and mail server) and ``import`` (the wizard's tests,
tests/importer/test_wizard.py, with AGENT_DESK_SCREENSHOTS=1, on their fixture files).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QApplication

from agent_desk.context import AppContext, open_context
from agent_desk.drafts import DraftStore
from agent_desk.portfolio import UserSummary, list_users
from agent_desk.resources import resource_path
from ui import text
from ui.background import Background
from ui.main_window import MainWindow
from ui.settings import Settings
from ui.translations import install_translations

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
SETS = ("windows", "script", "practice", "supervisor", "desk", "start")
OWN_PROGRAMS = ("sign-in", "outbox", "import")  # sets grabbed by a program of their own (see the module's text)


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
    parser.add_argument(
        "--only",
        choices=SETS + OWN_PROGRAMS,
        help="grab only the role windows, the script pane, practice, the supervisor's views, the desk, the start, "
        "the sign-in dialogs, the outbox or the import wizard",
    )
    args = parser.parse_args()
    if args.only in OWN_PROGRAMS:
        return grab_by_own_program(args.only, args.db)
    app = QApplication([])
    QCoreApplication.setOrganizationName("AgentDesk-screenshots")
    app.setStyleSheet(resource_path("ui", "agent-desk.qss").read_text(encoding="utf-8"))
    context = open_context(args.db, args.at)
    background = Background()
    with context.database.session() as session:
        users = {u.role.value: u for u in reversed(list_users(session))}
    OUT.mkdir(parents=True, exist_ok=True)
    scratch = tempfile.mkdtemp(prefix="agent-desk-shots-")
    windows = [
        ("agent", 1366, 768, "workspace-1366x768.png"),
        ("agent", 1920, 1080, "workspace-1920x1080.png"),
        ("supervisor", 1366, 768, "supervisor-1366x768.png"),
        ("admin", 1366, 768, "admin-1366x768.png"),
        ("trainer", 1366, 768, "trainer-1366x768.png"),
    ]
    shots = windows if args.only in (None, "windows") else []
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
    if args.only in (None, "supervisor"):
        from scripts.supervisor_shots import supervisor_shots

        supervisor_shots(app, args.db, args.at, Path(scratch), OUT, settle)
    if args.only in (None, "practice"):
        from practice_screenshots import practice_shots

        practice_shots(app, context, background, users, Path(scratch), settle, save)
    if args.only in (None, "script"):
        for language in ("en", "id"):
            script_pane_shots(app, context, background, users["agent"], Path(scratch), language)
        approvals_shot(app, context, background, users, Path(scratch))
    if args.only in (None, "desk"):
        from desk_shots import desk_shots

        for language in ("en", "id"):
            desk_shots(app, context, background, users, Path(scratch), language, settle, save)
    if args.only in (None, "start"):
        from start_shots import start_shots

        for language in ("en", "id"):
            start_shots(app, context, background, users, Path(scratch), language, settle, save)
    background.wait()
    context.close()
    return max(grab_by_own_program(name, args.db) for name in OWN_PROGRAMS) if args.only is None else 0


def grab_by_own_program(name: str, db: str) -> int:
    """One of the sets made by a program of its own, run as it is run by hand; its exit status."""
    python = sys.executable
    environment = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    if name == "sign-in":
        command = [python, str(ROOT / "scripts" / "team_screenshots.py")]
    elif name == "outbox":
        command = [python, str(ROOT / "scripts" / "outbox_screenshots.py"), "--db", db]
    else:
        command = [python, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/importer/test_wizard.py"]
        environment["AGENT_DESK_SCREENSHOTS"] = "1"
    print(f"{name}: {' '.join(command[1:])}", flush=True)
    return subprocess.run(command, cwd=ROOT, env=environment, check=False).returncode


def script_pane_shots(
    app: QApplication, context: AppContext, background: Background, user: UserSummary, scratch: Path, language: str
) -> None:
    """The script pane in ``language``: the workspace with the script after verification, then the pane alone on
    an objection's reply and on a plan with its read-back."""
    text.set_language(language)
    install_translations(app, language)
    window = MainWindow(context, user, Settings(), background, drafts=DraftStore(scratch / language), phone=False)
    window.resize(1366, 768)
    window.show()
    window.start()
    settle(app, background)
    workspace = window.workspace
    assert workspace is not None
    workspace.loop.next_customer()
    settle(app, background, 600)
    script = workspace.script
    script.language_box.setCurrentIndex(script.language_box.findData(language))
    script.confirm_right_party()
    settle(app, background)
    save(window.grab(), f"script-workspace-{language}-1366x768.png")
    window.resize(1920, 1080)  # the pane alone, as on a full-HD screen
    settle(app, background)
    objection = next(o for o in script._objections if o.code == "cannot_afford")
    script.choose_objection(objection.code)
    settle(app, background)
    save(script.grab(), f"script-objection-{language}.png")
    script.tabs.setCurrentIndex(2)
    panel = script.plan
    panel.account.setCurrentIndex(smallest_account(panel, workspace.loop.current.profile.accounts))
    panel.payments.setValue(3)
    panel.income.setText("6.000.000")
    panel.expenses.setText("4.000.000")
    panel.quote_now()
    settle(app, background, 600)
    save(script.grab(), f"script-plan-{language}.png")
    window.close()
    text.set_language("en")
    install_translations(app, "en")


def smallest_account(panel: Any, accounts: Any) -> int:
    """The plan panel's entry for the customer's account with the least outstanding: one account or several
    (then the list starts with "All accounts"), whichever customer an earlier run left at the head of the queue."""
    outstanding = {account.id: account.outstanding for account in accounts}
    choices = [i for i in range(panel.account.count()) if panel.account.itemData(i) in outstanding]
    if not choices:
        raise SystemExit(
            "script shots: the next customer in the agent's queue has no account to plan on; "
            "write a fresh demo book (agent-desk demo-data) and run again"
        )
    return min(choices, key=lambda i: outstanding[panel.account.itemData(i)])


def approvals_shot(
    app: QApplication, context: AppContext, background: Background, users: dict[str, UserSummary], scratch: Path
) -> None:
    """An agent offers a settlement beyond their authority; the supervisor's Approvals tab shows the request."""
    agent = MainWindow(context, users["agent"], Settings(), background, drafts=DraftStore(scratch / "a"), phone=False)
    agent.show()
    agent.start()
    settle(app, background)
    workspace = agent.workspace
    assert workspace is not None
    workspace.loop.next_customer()
    settle(app, background, 600)
    call_by_hand(workspace, context)
    settle(app, background, 600)
    workspace.script.confirm_right_party()
    panel = workspace.script.plan
    panel.kind.setCurrentIndex(panel.kind.findData("settlement"))
    panel.payments.setValue(2)
    panel.discount.setValue(20)
    panel.quote_now()
    settle(app, background, 600)
    panel.use_button.click()
    workspace.wrapup.notes.setPlainText("Lost his job in October; can pay in two parts if the discount is approved")
    workspace.save()
    settle(app, background, 600)
    agent.close()
    boss = MainWindow(
        context, users["supervisor"], Settings(), background, drafts=DraftStore(scratch / "s"), phone=False
    )
    boss.resize(1366, 768)
    boss.show()
    boss.start()
    assert boss.approvals is not None
    boss.tabs.setCurrentWidget(boss.approvals)
    boss.approvals.refresh()
    settle(app, background)
    save(boss.grab(), "approvals-1366x768.png")
    boss.close()


def call_by_hand(workspace: object, context: AppContext) -> None:
    """The window has no phone line here: the agent's call is entered by hand, as the desk allows."""
    loop = workspace.loop  # type: ignore[attr-defined]
    current = loop.current
    number = current.number_id or next(p.id for p in current.profile.contact_points if p.dialable)
    loop.record_manual_call(number, context.clock.now(), "screenshot: no phone line", connected=True)


def save(image: QPixmap, name: str) -> None:
    image.save(str(OUT / name))
    print(f"wrote {OUT / name}")


if __name__ == "__main__":
    sys.exit(main())

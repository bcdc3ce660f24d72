"""A live role-play: the trainer's window (in its own process: one pjsua2 endpoint each) waits on its practice
phone, the trainee's practice window dials it, the two talk over a real SIP call, the trainer ticks the sheet
and saves it; the session keeps the sheet, its score and the trainee's transcript — in the practice database."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from agent_desk.practice.store import session_report, sessions
from agent_desk.softphone import CallState
from db.models import Interaction
from tests.practice.helpers import table_contents
from tests.support.processes import start_child, stop_child
from ui.main_window import MainWindow
from ui.practice.launch import begin, practice_database
from ui.settings import Settings

pytestmark = [pytest.mark.gui, pytest.mark.sip, pytest.mark.slow]
ROOT = Path(__file__).resolve().parents[2]


class Trainer:
    """The trainer's desk process; its lines are read on a thread so this process's event loop keeps running
    (the trainee's phone is polled from it: blocking here would stall the SIP call)."""

    def __init__(self, qtbot, url: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
        self.qtbot = qtbot
        self.lines: list[str] = []
        env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen",
                   AGENT_DESK_PRACTICE_LISTEN="127.0.0.1", XDG_DATA_HOME=str(tmp_path / "trainer-data"))  # fmt: skip
        self.process = start_child(
            [sys.executable, "-m", "tests.practice.live_driver", url, "forgot_due_date", "en", "agent01"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, cwd=ROOT,
        )  # fmt: skip
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for raw in self.process.stdout:
            self.lines.append(raw.decode().strip())

    def expect(self, prefix: str, timeout: int = 20_000) -> str:
        self.qtbot.waitUntil(lambda: any(line.startswith(prefix) for line in self.lines), timeout=timeout)
        return next(line for line in self.lines if line.startswith(prefix))

    def send(self, command: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write((command + "\n").encode())
        self.process.stdin.flush()


def test_a_live_role_play_between_a_trainer_and_a_trainee(
    qtbot, gui_context, background, people, book_url: str, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    practice_database(gui_context)  # the practice database exists before both desks use it
    trainer = Trainer(qtbot, book_url, tmp_path)
    try:
        uri = trainer.expect("WAITING").split()[1]
        assert uri.startswith("sip:trainer@127.0.0.1:")

        desk = MainWindow(gui_context, people["agent01"], Settings(), background)
        qtbot.addWidget(desk)
        desk.show()
        desk.tabs.setCurrentWidget(desk.practice_tab)
        view = desk.practice_view
        qtbot.waitUntil(lambda: view.assignment_table.rowCount() == 1)
        assert "Live" in view.assignment_table.item(0, 1).text()
        qtbot.mouseClick(view.start_button, Qt.MouseButton.LeftButton)
        request = desk.practice_request
        assert request is not None and request.mode == "live" and request.live_uri == uri
        background.wait()
        production_before = table_contents(gui_context.database)

        window = begin(gui_context, people["agent01"], background, request, audio=False)
        qtbot.addWidget(window)
        workspace = window.workspace
        qtbot.waitUntil(lambda: workspace.loop.current is not None)
        assert "Live role-play" in window.banner.detail.text()
        qtbot.mouseClick(workspace.call_bar.dial_button, Qt.MouseButton.LeftButton)
        trainer.expect("RINGING")
        trainer.send("answer")
        trainer.expect("CONNECTED")
        qtbot.waitUntil(lambda: window.controller.session.connected, timeout=10_000)
        assert window.phone.adapter.active_call.state is CallState.CONNECTED
        assert window.phone.adapter.active_call.remote_uri == uri

        for intent in ("ask_for_customer", "ask_identity"):
            qtbot.waitUntil(lambda intent=intent: intent in window.reply.intents())
            window.reply.choose(intent)
            qtbot.wait(300)
        qtbot.mouseClick(workspace.script.verify_button, Qt.MouseButton.LeftButton)
        for item, choice in (("verification", "yes"), ("reason", "no"), ("lawful_language", "yes"),
                             ("call_length", "yes")):  # fmt: skip
            trainer.send(f"mark {item} {choice}")
        trainer.send("notes Verified well; ask why the payment was late next time.")
        qtbot.wait(500)
        workspace.loop.hang_up()
        trainer.expect("ENDED")
        trainer.send("save")
        # 20 + 0 + 10 + 5 of the 45 points that applied = 77.8 → 78
        assert trainer.expect("SAVED") == "SAVED 78"
        window.end_practice()
        background.wait()
        window.close()
        trainer.send("quit")
        assert trainer.process.wait(30) == 0
    finally:
        stop_child(trainer.process)

    practice = practice_database(gui_context)
    (row,) = [s for s in sessions(practice) if s.mode == "live"]
    assert (row.status, row.score, row.scenario) == ("finished", 78, "forgot_due_date")
    assert row.trainer == "Budi Santoso"
    report, sheet = session_report(practice, row.id)
    assert sheet["ticks"] == {"verification": True, "empathy": None, "reason": False, "objections": None,
                              "payment_info": None, "plan": None, "read_back": None, "lawful_language": True,
                              "call_length": True}  # fmt: skip
    assert "ask why" in str(sheet["notes"])
    assert report is not None and not report.failed  # live: the trainee's own confirmation counts as verification
    assert [e.kind for e in report.entries][:3] == ["connected", "intent:ask_for_customer",
                                                                           "intent:ask_identity"]  # fmt: skip
    with practice.session() as session:
        calls = session.query(Interaction).count()
    assert calls == 2  # the trainee's call out and the trainer's call in, both in the practice database
    assert table_contents(gui_context.database) == production_before

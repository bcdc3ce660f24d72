"""The trainer's desk for the live role-play test, in its own process (one pjsua2 endpoint per process).

Usage: python -m tests.practice.live_driver BOOK_URL SCENARIO LANGUAGE TRAINEE_LOGIN

Opens the trainer's window, picks the trainee and the scenario in the Live role-play tab and waits for the call.
Prints one line per milestone (WAITING uri, RINGING, CONNECTED, ENDED, SAVED score); reads commands on stdin:
``answer``, ``mark ITEM yes|no|n/a``, ``notes TEXT``, ``save``, ``quit``.
"""

from __future__ import annotations

import os
import queue
import sys
import threading
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

from agent_desk.clock import FrozenClock
from agent_desk.context import open_context
from agent_desk.drafts import DraftStore
from agent_desk.portfolio import list_users
from agent_desk.softphone import CallState
from tests.practice.conftest import NOW
from ui.background import Background
from ui.main_window import MainWindow
from ui.settings import Settings


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def main() -> int:
    url, scenario, language, trainee = sys.argv[1:5]
    app = QApplication([])
    QCoreApplication.setOrganizationName("AgentDesk-live-test")
    context = open_context(url)
    context.clock = FrozenClock(NOW)
    with context.database.session() as session:
        trainer = next(user for user in list_users(session) if user.role.value == "trainer")
    background = Background()
    window = MainWindow(context, trainer, Settings(), background, drafts=DraftStore(context_dir()))
    window.show()
    console = window.practice_console
    tab = console.live
    console.tabs.setCurrentWidget(tab)
    app.processEvents()
    tab.trainee.setCurrentIndex(tab.trainee.findData(trainee))
    tab.language.setCurrentIndex(tab.language.findData(language))
    tab.scenario.setCurrentIndex(tab.scenario.findData(scenario))
    tab.wait_for_call()
    phone = tab.phone
    uri = f"sip:trainer@{phone.engine.local_address}"
    seen: set[str] = set()

    def changed(call: object) -> None:
        state = call.state  # type: ignore[attr-defined]
        if state is CallState.INCOMING and "ringing" not in seen:
            seen.add("ringing")
            say("RINGING")
        elif state is CallState.CONNECTED and "connected" not in seen:
            seen.add("connected")
            say("CONNECTED")
        elif state is CallState.ENDED and "ended" not in seen:
            seen.add("ended")
            say("ENDED")

    phone.adapter.call_changed.connect(changed)
    commands: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [commands.put(line.strip()) for line in sys.stdin], daemon=True).start()
    say(f"WAITING {uri}")
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.005)
        try:
            command = commands.get_nowait()
        except queue.Empty:
            continue
        if command == "answer":
            phone.pane.answer_button.click()
        elif command.startswith("mark "):
            _mark, item, choice = command.split()
            tab.mark(item, choice)
        elif command.startswith("notes "):
            tab.notes.setPlainText(command.removeprefix("notes "))
        elif command == "save":
            tab.save()
            say(f"SAVED {tab.saved_label.text().split(': ')[-1].split(' /')[0]}")
        elif command == "quit":
            break
    window.close()
    background.wait()
    context.close()
    return 0


def context_dir() -> object:
    from pathlib import Path

    return Path(os.environ.get("XDG_DATA_HOME", "/tmp")) / "trainer-drafts"


if __name__ == "__main__":
    sys.exit(main())

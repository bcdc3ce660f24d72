"""A desk run in a child process for the crash test: it types a wrap-up and waits to be killed, or comes back
after a kill and saves what it finds. Prints one line per milestone for the parent test to follow.

Usage: python -m tests.ui.crash_driver DB_URL DRAFTS_DIR (type|type-save-die|restore)
"""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

from agent_desk.context import open_context
from agent_desk.drafts import DraftStore
from agent_desk.portfolio import list_users
from agent_desk.scheduling.outcomes import save_outcome
from agent_desk.wrapup import CallContext, build_outcome
from ui.background import Background
from ui.main_window import MainWindow
from ui.settings import Settings

AT = "2026-11-24T09:30+07:00"
NOTES = "Nasabah minta keringanan, sanggup bayar separuh minggu depan"


def pump(app: QApplication, until, timeout: float = 10.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not until():
        if time.monotonic() > deadline:
            print("TIMEOUT", flush=True)
            sys.exit(3)
        app.processEvents()
        time.sleep(0.005)


def main() -> int:
    url, drafts_dir, mode = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
    app = QApplication([])
    QCoreApplication.setOrganizationName("AgentDesk-crash-test")
    context = open_context(url, AT)
    with context.database.session() as session:
        agent = next(u for u in list_users(session) if u.login == "agent01")
    drafts = DraftStore(drafts_dir)
    background = Background()
    window = MainWindow(context, agent, Settings(), background, drafts=drafts)
    window.show()
    window.start()
    workspace = window.workspace
    assert workspace is not None
    loop = workspace.loop
    if mode == "restore":
        pump(app, lambda: loop.current is not None)
        wrapup = workspace.wrapup
        print(
            f"RESTORED {loop.current.draft.draft_key} {wrapup.disposition_code} {wrapup.notes.toPlainText()!r}",
            flush=True,
        )
        customer = loop.current.profile.id
        workspace.save()
        pump(app, lambda: loop.current is None or loop.current.profile.id != customer)
        print("SAVED", flush=True)
        pump(app, lambda: not loop._busy)  # the next customer has opened
        window.close()
        background.wait()
        window.deleteLater()
        app.processEvents()
        context.close()
        return 0
    window.loop_actions["next"].trigger()
    pump(app, lambda: loop.current is not None)
    # No phone line here: the call is entered by hand (an outcome always belongs to a call).
    number = loop.current.number_id or next(p.id for p in loop.current.profile.contact_points if p.dialable)
    loop.record_manual_call(number, context.clock.now(), "crash test: no phone line", connected=True)
    pump(app, lambda: loop.current is not None and loop.current.called)
    wrapup = workspace.wrapup
    wrapup.disposition.setCurrentIndex(wrapup.disposition.findData("hardship"))
    wrapup.notes.setPlainText(NOTES)
    key = loop.current.draft.draft_key
    pump(app, lambda: any(d.fields.get("notes") == NOTES for d in drafts.pending()))
    if mode == "type-save-die":  # the outcome commits, then the desk dies before it can discard its draft
        current = loop.current
        call = CallContext(
            draft_key=key,
            customer_id=current.profile.id,
            user_id=agent.id,
            zone=current.profile.timezone or "Asia/Jakarta",
            currency="IDR",
            main_account_id=None,
            interaction_id=current.draft.interaction_id,
        )
        save_outcome(
            context.database, context.clock, build_outcome(wrapup.spec, wrapup.fields(), call, context.clock.now())
        )
        print(f"COMMITTED {key}", flush=True)
        os.kill(os.getpid(), signal.SIGKILL)
    print(f"DRAFT {key}", flush=True)
    while True:  # typing on, until the parent kills us
        wrapup.notes.setPlainText(NOTES + " " * (int(time.monotonic() * 10) % 3))
        wrapup.notes.setPlainText(NOTES)
        app.processEvents()
        time.sleep(0.01)


if __name__ == "__main__":
    sys.exit(main())

"""The sign-in dialog shown before the domain loads (issue 19): Qt and the standard library only.

An agent who signs in with a password sees the dialog at about the cost of a bare Qt start; SQLAlchemy, the
models and the domain load on a thread while the name and password are typed. The password is checked once
they have loaded (:meth:`ui.sign_in.SignInDialog.set_ready`, from ``ui.application``); a Sign in pressed before
that waits for it. Cancel ends the program once the load has finished (an import cannot be stopped half-way).
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QDialog

from agent_desk.resources import resource_path
from ui.settings import LAST_USER
from ui.sign_in import SignInDialog
from ui.startup_load import early_application, load_while_shown

# bench/startup.py: print when the dialog has painted (with the CPU used), then press Cancel ("1"); or, with
# "sign-in:LOGIN" on a demo database, once the desk has loaded (as when a person has typed for a while) type LOGIN
# and the demo password, say so and press Sign in (the desk then times its first row as --smoke does).
PROBE_VARIABLE = "AGENT_DESK_SIGN_IN_PROBE"
SIGN_IN_PROBE = "sign-in:"


class EarlySignIn(QObject):
    """The dialog and whether it has painted."""

    def __init__(self, dialog: SignInDialog, probe: str = "") -> None:
        super().__init__(dialog)
        self.dialog = dialog
        self.painted = False
        self._probe = probe
        self.probe_login = probe.removeprefix(SIGN_IN_PROBE) if probe.startswith(SIGN_IN_PROBE) else ""
        dialog.installEventFilter(self)
        if self.probe_login:
            dialog.became_ready.connect(self._press_sign_in)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self.painted:
            self.painted = True
            if self._probe:
                cpu = time.process_time()
                print(f"agent-desk: the sign-in dialog painted ({cpu:.3f} s of CPU)", flush=True)  # noqa: T201
                if not self.probe_login:
                    QTimer.singleShot(0, self.dialog.reject)
        return False

    def _press_sign_in(self) -> None:
        """The probe's agent has typed: name and demo password in, Sign in pressed once the dialog runs again."""
        self.dialog.login.setText(self.probe_login)
        self.dialog.password.setText(self.dialog.demo_password or "")

        def press() -> None:
            cpu = time.process_time()
            print(f"agent-desk: Sign in pressed ({cpu:.3f} s of CPU)", flush=True)  # noqa: T201
            self.dialog.sign_in_button.click()
            if self.dialog.signed_in is None:  # refused (not a demo database, no such user): say so, sign nobody in
                print(f"agent-desk: the probe's Sign in was refused: {self.dialog.error.text()}", flush=True)  # noqa: T201
                self.dialog.reject()

        QTimer.singleShot(0, press)

    @property
    def cancelled(self) -> bool:
        return self.dialog.result() == QDialog.DialogCode.Rejected and not self.dialog.isVisible()


def show_sign_in(args: argparse.Namespace, load: Callable[[], None]) -> EarlySignIn:
    """Show the sign-in dialog, then run ``load`` on a thread while it is typed into; returns once loaded."""
    app, settings = early_application(args)
    app.setStyleSheet(resource_path("ui", "agent-desk.qss").read_text(encoding="utf-8"))
    dialog = SignInDialog(None, None, last_login=settings.get(LAST_USER) or "")
    dialog.reserve_room(_where(args.db))
    early = EarlySignIn(dialog, probe=os.environ.get(PROBE_VARIABLE, ""))
    dialog.show()
    try:
        load_while_shown(load, lambda: early.painted)
    except BaseException:  # the desk cannot load: the dialog goes (a Sign in pressed meanwhile with it) first
        dialog.pending = False
        dialog.reject()
        raise
    return early


def _where(url: str | None) -> str:
    """Near enough to the database line the desk shows once loaded (``Database.location``) to size it: the SQLite
    file's path, or the server's URL without a password."""
    from agent_desk.first_frame.page import shown_location  # loaded already (ui.app)

    return shown_location(url)

"""The sign-in dialog shown before the domain loaded is the one the desk signs in with (issue 19): a Sign in
pressed meanwhile is checked once the desk is ready, and a wrong password leaves the dialog open to type again."""

from __future__ import annotations

import argparse
import logging
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QDialog

from agent_desk.auth.passwords import policy
from agent_desk.context import AppContext
from ui import failures
from ui.application import _choose_user, _open_database
from ui.early_sign_in import _where
from ui.settings import Settings
from ui.sign_in import SignInDialog

pytestmark = pytest.mark.gui


def _args() -> argparse.Namespace:
    return argparse.Namespace(user=None, smoke=False)


def test_a_sign_in_pressed_while_loading_signs_in_with_the_shown_dialog(qtbot, context: AppContext) -> None:  # type: ignore[no-untyped-def]
    dialog = SignInDialog(None, None)  # as ui.early_sign_in shows it
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.login.setText("agent01")
    dialog.password.setText(policy().demo_password)
    dialog.sign_in_button.click()
    assert dialog.pending
    user = _choose_user(_args(), context, Settings(), dialog)  # the desk has loaded: checked now, no second dialog
    assert user is not None and user.login == "agent01"
    assert dialog.result() == QDialog.DialogCode.Accepted and not dialog.isVisible()
    assert context.database.location in dialog.where.text() and not dialog.demo_note.isHidden()


def test_a_wrong_password_typed_while_loading_keeps_the_dialog_open_then_cancel_signs_nobody_in(  # type: ignore[no-untyped-def]
    qtbot, context: AppContext
) -> None:
    dialog = SignInDialog(None, None)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.login.setText("agent01")
    dialog.password.setText("not-the-password")
    dialog.sign_in_button.click()
    seen: list[str] = []

    def look_then_cancel() -> None:  # the dialog is open again, saying why
        seen.append(dialog.error.text())
        seen.append(dialog.login.text())
        dialog.reject()

    QTimer.singleShot(100, look_then_cancel)
    assert _choose_user(_args(), context, Settings(), dialog) is None
    assert "Wrong user name or password" in seen[0] and seen[1] == "agent01"


def _broken_books(tmp_path: Path) -> dict[str, tuple[str, str]]:
    """A file that is no database, one cut short and an unreachable server: the URL and what the message says."""
    corrupt = tmp_path / "corrupt.sqlite3"
    corrupt.write_bytes(b"Agent Desk? no: " + bytes(range(256)) * 16)
    truncated = tmp_path / "truncated.sqlite3"
    with sqlite3.connect(truncated) as connection:  # a real database, then cut in the middle of its pages
        connection.execute("CREATE TABLE t (x TEXT)")
        connection.executemany("INSERT INTO t VALUES (?)", [("x" * 500,)] * 200)
    truncated.write_bytes(truncated.read_bytes()[:12_288])
    return {
        "corrupt": (f"sqlite:///{corrupt}", "is not an SQLite database"),
        "truncated": (f"sqlite:///{truncated}", "is damaged"),
        "unreachable": ("postgresql://agent@127.0.0.1:1/agentdesk", "Cannot reach the PostgreSQL server"),
    }


@pytest.mark.parametrize("case", ["corrupt", "truncated", "unreachable"])
def test_a_database_that_cannot_open_closes_the_dialog_first_then_says_why_in_one_paragraph(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, case: str
) -> None:
    """The dialog was typed into and Sign in pressed while the desk loaded; then the database cannot open. The
    dialog goes before the message is shown (nothing is left behind it), the password is never checked, and the
    desk opens nothing (run_gui returns 1)."""
    url, says = _broken_books(tmp_path)[case]
    dialog = SignInDialog(None, None)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.login.setText("agent01")
    dialog.password.setText(policy().demo_password)
    dialog.sign_in_button.click()
    assert dialog.pending
    shown_when_closed: list[int] = []
    dialog.finished.connect(lambda _result: shown_when_closed.append(len(failures.shown)))
    before = len(failures.shown)
    args = argparse.Namespace(db=url, at=None, smoke=False)
    assert _open_database(args, dialog) is None
    assert shown_when_closed == [before]  # closed before the message came
    assert not dialog.isVisible() and not dialog.pending and dialog.signed_in is None
    message = failures.shown[-1]
    assert len(failures.shown) == before + 1 and says in message
    assert "Traceback" not in message and "\n" not in message.strip()


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://agent:s3cret-pw@127.0.0.1:1/agentdesk",  # refused: a password in the URL
        # refused too: a password as a query option
        "postgresql://agent@127.0.0.1:1/agentdesk?sslmode=disable&password=s3cret-pw",
    ],
)
def test_a_password_written_into_db_is_neither_shown_nor_logged(  # type: ignore[no-untyped-def]
    qtbot, caplog: pytest.LogCaptureFixture, url: str
) -> None:
    """The dialog's database line (painted before the desk has loaded) and the failure after it show the server
    and the database, never the password."""
    caplog.set_level(logging.DEBUG)
    dialog = SignInDialog(None, None)
    qtbot.addWidget(dialog)
    dialog.reserve_room(_where(url))
    dialog.show()
    assert "127.0.0.1:1/agentdesk" in dialog.where.text() and "s3cret" not in dialog.where.text()
    before = len(failures.shown)
    assert _open_database(argparse.Namespace(db=url, at=None, smoke=False), dialog) is None
    assert len(failures.shown) == before + 1 and "s3cret" not in failures.shown[-1]
    assert "s3cret" not in caplog.text


@pytest.mark.parametrize("language", ["en", "id"])
@pytest.mark.parametrize("demo", [True, False])
def test_the_early_dialog_keeps_its_size_and_its_fields_in_place_when_the_desk_has_loaded(  # type: ignore[no-untyped-def]
    qtbot, context: AppContext, language: str, demo: bool
) -> None:
    """The database line shows from the start and the demo note has its room: set_ready moves nothing."""
    from ui import text

    text.set_language(language)
    try:
        dialog = SignInDialog(None, None, last_login="agent01")
        qtbot.addWidget(dialog)
        dialog.reserve_room(_where(f"sqlite:///{context.database.location}"))
        dialog.show()
        qtbot.waitExposed(dialog)
        size, field = dialog.size(), dialog.password.geometry()
        assert dialog.where.isVisible() and context.database.location in dialog.where.text()
        dialog.set_ready(
            lambda *_: None,  # type: ignore[arg-type,return-value]
            lambda *_: None,
            where=context.database.location,
            demo_password=policy().demo_password if demo else None,
        )
        assert dialog.size() == size and dialog.password.geometry() == field
        assert dialog.demo_note.isVisible() == demo
    finally:
        text.set_language("en")


def test_a_desk_that_fails_to_load_behind_the_dialog_closes_it_and_drops_a_waiting_sign_in(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path
) -> None:
    """Sign in was pressed while the desk loaded, and the load fails: the dialog is gone before the error
    reaches ui.app (which shows it as one short message naming the log), the password never checked."""
    import time

    from PySide6.QtWidgets import QApplication

    from ui.early_sign_in import show_sign_in

    pressed: list[bool] = []

    def press() -> None:  # the agent types and presses Sign in while the desk loads (on the GUI thread)
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, SignInDialog) and widget.isVisible():
                widget.login.setText("agent01")
                widget.password.setText("secret-typed")
                widget.sign_in_button.click()
                pressed.append(widget.pending)

    def load() -> None:
        time.sleep(0.3)
        raise ImportError("a module of the desk is missing")

    QTimer.singleShot(50, press)
    with pytest.raises(ImportError):
        show_sign_in(argparse.Namespace(lang="en", db=f"sqlite:///{tmp_path / 'book.sqlite3'}"), load)
    assert pressed == [True]  # it was waiting for the desk
    left = [w for w in QApplication.topLevelWidgets() if isinstance(w, SignInDialog) and w.isVisible()]
    assert left == []


@pytest.mark.filterwarnings("ignore:Function.*setActiveWindow:DeprecationWarning")
def test_enter_pressed_again_while_the_sign_in_waits_does_not_cancel_it(qtbot) -> None:  # type: ignore[no-untyped-def]
    """An agent who presses Enter twice: the second press, while the password waits for the desk, must not land
    on Cancel (the fields and Sign in are disabled meanwhile, so the focus would move there)."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    dialog = SignInDialog(None, None, last_login="agent01")  # as ui.early_sign_in shows it
    qtbot.addWidget(dialog)
    dialog.show()
    QApplication.setActiveWindow(dialog)  # as on a desktop, the dialog has the keyboard (requestActivate does not)
    qtbot.waitActive(dialog)
    dialog.password.setFocus()
    dialog.password.setText("typed-while-loading")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.pending and dialog.waiting.isVisible()
    focused = QApplication.focusWidget() or dialog
    qtbot.keyClick(focused, Qt.Key.Key_Return)
    qtbot.keyClick(focused, Qt.Key.Key_Enter)
    assert dialog.isVisible() and dialog.pending, "Enter while waiting cancelled the sign-in"

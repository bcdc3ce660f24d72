"""The window's half of the one error path: an error that escapes a slot is shown in one paragraph (the log's path
for an unexpected one, never its traceback); a missing database is created only after the user agrees; the window
paints before the softphone loads."""

from __future__ import annotations

import argparse
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from agent_desk.logs import log_file, setup_logging
from ui import failures, text
from ui.application import _open_database
from ui.background import Background
from ui.main_window import MainWindow
from ui.settings import Settings

pytestmark = pytest.mark.gui
ROOT = Path(__file__).resolve().parents[2]


def test_an_unexpected_error_in_a_slot_is_logged_and_shown_in_one_line(qapp, capsys, tmp_path) -> None:  # type: ignore[no-untyped-def]
    setup_logging(directory=tmp_path / "logs")
    try:
        raise RuntimeError("a bug behind a button")
    except RuntimeError as error:
        failures.excepthook(RuntimeError, error, error.__traceback__)
    shown = capsys.readouterr().err
    assert shown == (
        "agent-desk: Something went wrong that Agent Desk did not expect (RuntimeError). What was saved stays "
        "saved, and a wrap-up not yet saved is kept as a draft. The details are in the log: "
        f"{tmp_path / 'logs' / 'agent-desk.log'}. Please send that file to whoever looks after Agent Desk.\n"
    )
    assert "Traceback" not in shown
    log = log_file()
    assert log is not None
    logged = log.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in logged and "RuntimeError: a bug behind a button" in logged


def test_an_expected_error_is_explained_in_the_interface_language(qapp, capsys, tmp_path) -> None:  # type: ignore[no-untyped-def]
    book = tmp_path / "book.sqlite3"
    connection = sqlite3.connect(book)
    try:
        connection.execute("PRAGMA query_only = ON")
        connection.execute("CREATE TABLE t (x)")
    except sqlite3.OperationalError as error:
        caught = error
    finally:
        connection.close()
    text.set_language("id")
    try:
        message = failures.failure_text(caught, where=str(book))
    finally:
        text.set_language("en")
    assert message.startswith(f"Basis data di {book} hanya-baca bagi Anda, padahal ini perlu menulis")
    box = failures.failure_box(message)
    assert box.text() == message and box.detailedText() == ""  # one paragraph, no traceback behind a button
    box.deleteLater()


def _args(db: str, *, smoke: bool = False) -> argparse.Namespace:
    return argparse.Namespace(db=db, at=None, smoke=smoke, lang="en", user=None, log_level="INFO")


def _answer(button_text: str) -> None:
    """Press a button of the dialog that is about to open (the real one, on the offscreen platform)."""

    def press() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, press)
            return
        for button in box.buttons():
            if button.text().replace("&", "") == button_text:
                button.click()
                return
        raise AssertionError(f"no {button_text!r} button in {[b.text() for b in box.buttons()]}")

    QTimer.singleShot(20, press)


def test_the_first_start_creates_a_database_only_when_the_user_agrees(qapp, tmp_path) -> None:  # type: ignore[no-untyped-def]
    book = tmp_path / "new" / "agent-desk.sqlite3"
    _answer("Cancel")
    assert _open_database(_args(f"sqlite:///{book}")) is None
    assert not book.parent.exists()
    _answer("Create")
    context = _open_database(_args(f"sqlite:///{book}"))
    assert context is not None
    try:
        assert book.exists() and context.database.location == str(book)
    finally:
        context.close()


def test_smoke_with_no_database_says_so_and_creates_nothing(tmp_path) -> None:  # type: ignore[no-untyped-def]
    book = tmp_path / "missing" / "agent-desk.sqlite3"
    result = subprocess.run(
        [sys.executable, "-m", "ui.app", "--db", f"sqlite:///{book}", "--smoke"],
        capture_output=True, text=True, cwd=ROOT, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 1
    assert f"agent-desk: No Agent Desk database at {book}." in result.stderr
    assert "Traceback" not in result.stderr
    assert not book.parent.exists()


def test_the_window_paints_before_the_softphone_is_made(qtbot, context, users) -> None:  # type: ignore[no-untyped-def]
    background = Background()
    window = MainWindow(context, users["agent"], Settings(), background, phone=True)
    qtbot.addWidget(window)
    assert window.phone is None and window.workspace is not None
    window.show()
    qtbot.waitExposed(window)
    assert window.phone is None  # nothing of pjsua2 or the audio devices yet
    window.start()
    assert window.phone is not None and window.phone.started
    assert window.workspace.phone is window.phone
    window.close()
    assert background.wait(10_000)

"""The undo, at desk start, of an SQLite import that did not finish: run on a worker thread behind a small progress
window, so that the desk is seen doing something (an undo of hundreds of thousands of rows takes a while) and the
main window opens only once the book is back as it was before the import.

Loaded only when the book has such an import (ui.application looks first): the desk's usual start never imports it.
"""

from __future__ import annotations

import logging
import threading

from PySide6.QtCore import QCoreApplication, QEventLoop, QLocale, QObject, Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import QDialog, QLabel, QProgressBar, QVBoxLayout, QWidget

from agent_desk.context import AppContext
from agent_desk.errors.explain import explain, unexpected
from agent_desk.importer.journal import JournalUnreadableError, UndoProgress, recover_at_start
from agent_desk.logs import log_file
from agent_desk.text import Message
from ui import text

log = logging.getLogger(__name__)


class UndoProgressDialog(QDialog):
    """What the agent sees while an unfinished import is undone: which file, and how far the undo is. It cannot be
    closed or cancelled: the desk opens only on a book without the import's half (an undo stopped part-way goes on
    where it stopped the next time the desk starts)."""

    def __init__(self, file_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("start_undo")
        self.setWindowTitle("Agent Desk")
        self.setWindowFlag(Qt.WindowType.WindowCloseButtonHint, False)
        self.title = QLabel()
        self.title.setObjectName("start_undo_title")
        self.title.setWordWrap(True)
        self.detail = QLabel()
        self.detail.setObjectName("start_undo_detail")
        self.detail.setWordWrap(True)
        self.bar = QProgressBar()
        self.bar.setObjectName("start_undo_bar")
        self.bar.setRange(0, 0)  # busy until the journal says how much there is
        self.bar.setTextVisible(False)
        self.note = QLabel(
            self.tr(
                "The desk opens once the database is back as it was before that import. Work saved by agents meanwhile "
                "stays."
            )
        )
        self.note.setObjectName("start_undo_note")
        self.note.setWordWrap(True)
        layout = QVBoxLayout(self)
        for widget in (self.title, self.bar, self.detail, self.note):
            layout.addWidget(widget)
        self.setMinimumWidth(480)
        self.finished_undo = False
        self.show_progress(UndoProgress(file_name, 0))

    def show_progress(self, progress: UndoProgress) -> None:
        self.title.setText(self.tr("Undoing an import that did not finish: {file} …").format(file=progress.file_name))
        if progress.rows:
            self.bar.setRange(0, progress.rows)
            self.bar.setValue(progress.rows_undone)
            self.detail.setText(
                self.tr("{done} of {total} rows put back as they were (part {part} of {parts})").format(
                    done=QLocale().toString(progress.rows_undone),
                    total=QLocale().toString(progress.rows),
                    part=min(progress.batches_undone + 1, progress.batches),
                    parts=progress.batches,
                )
            )
        elif progress.batches:
            self.bar.setRange(0, progress.batches)
            self.bar.setValue(progress.batches_undone)
            self.detail.setText(
                self.tr("Part {part} of {parts}").format(
                    part=min(progress.batches_undone + 1, progress.batches), parts=progress.batches
                )
            )
        else:
            self.detail.setText(self.tr("Reading what the import wrote…"))

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.finished_undo:
            event.ignore()  # the undo goes on: the desk must not open on a half-imported book
            return
        super().closeEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and not self.finished_undo:
            return
        super().keyPressEvent(event)


class _Relay(QObject):
    progressed = Signal(object)
    ended = Signal(object, object)  # the undone files, or None; the error, or None


def undo_with_progress(context: AppContext, file_name: str, parent: QWidget | None = None) -> str | None:
    """Undo the book's unfinished imports (``file_name``: the first one's file) on a worker thread while a progress
    window shows how far it is; the GUI thread keeps handling events meanwhile. Returns None when done, else the one
    paragraph to show for a failure."""
    dialog = UndoProgressDialog(file_name, parent)
    relay = _Relay()  # made on the GUI thread: what the worker emits is delivered here, between events
    loop = QEventLoop()
    outcome: dict[str, object] = {}

    def ended(undone: object, error: object) -> None:
        outcome.update(undone=undone, error=error)
        loop.quit()

    relay.progressed.connect(dialog.show_progress)
    relay.ended.connect(ended)

    def work() -> None:
        try:
            undone = recover_at_start(context.database, relay.progressed.emit)
        except Exception as error:  # shown on the GUI thread, as one paragraph
            relay.ended.emit(None, error)
        else:
            relay.ended.emit(undone, None)

    dialog.show()
    worker = threading.Thread(target=work, name="start-undo", daemon=True)
    worker.start()
    loop.exec()
    worker.join()
    dialog.finished_undo = True
    dialog.close()
    dialog.deleteLater()
    error = outcome.get("error")
    if isinstance(error, BaseException):
        return _failure(error, context, file_name)
    for name in outcome.get("undone") or []:  # type: ignore[attr-defined]
        log.warning("an interrupted import of %s was undone", name)
    return None


def _failure(error: BaseException, context: AppContext, file_name: str) -> str:
    """One paragraph: what could not be done, why (as far as known), and what to do."""
    where = log_file()
    log_name = str(where) if where else text.render(Message.of("errors.no_log"))
    known = None if isinstance(error, JournalUnreadableError) else explain(error, where=context.database.location)
    if isinstance(error, JournalUnreadableError):
        log.error("undoing an interrupted import at start: its journal %s cannot be read: %s", error.path, error.detail)
        reason = QCoreApplication.translate(
            "UndoProgressDialog",
            "Its journal, which says what to undo ({journal}), cannot be read: {detail}. Do not delete it; send it "
            "and the log ({log}) to whoever looks after Agent Desk.",
        ).format(journal=str(error.path), detail=error.detail, log=log_name)
    elif known is not None:
        log.warning("undoing an interrupted import at start: %s", known.message.code)
        then = QCoreApplication.translate(
            "UndoProgressDialog",
            "What was undone so far stays undone; once that is dealt with, start Agent Desk again to go on.",
        )
        reason = f"{text.render(known.message)} {then}"
    else:
        unexpected(error, "undoing an interrupted import at start")  # logs the traceback
        reason = QCoreApplication.translate(
            "UndoProgressDialog",
            "Something went wrong that Agent Desk did not expect ({kind}). What was undone so far stays undone; "
            "start Agent Desk again to go on with the rest, and if this comes back, send the log ({log}) to "
            "whoever looks after Agent Desk.",
        ).format(kind=type(error).__name__, log=log_name)
    return QCoreApplication.translate(
        "UndoProgressDialog",
        "Agent Desk could not finish undoing the import of {file} that did not finish, so the desk did not open: "
        "that import's customers would be only half there. {reason}",
    ).format(file=file_name, reason=reason)

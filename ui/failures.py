"""The GUI's half of the one error path: what the CLI prints as one paragraph, the window shows in one dialog.

Expected failures (:class:`agent_desk.errors.DeskError`, or an exception :func:`agent_desk.errors.explain`
recognises: a broken or read-only database, an unreachable server…) are shown in the interface language. Anything
else is logged with its traceback and shown as one short message naming the log file — never the traceback.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Iterable
from types import TracebackType

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from agent_desk.errors import explain, unexpected
from ui import text

log = logging.getLogger(__name__)


shown: list[str] = []  # every failure shown in this process (``--smoke`` fails when there was any)


def failure_text(error: BaseException, *, where: str = "", context: str = "", names: Iterable[str | None] = ()) -> str:
    """The paragraph to show for ``error`` (logged with its traceback when it was not expected; ``names``, the
    customers the step was about, are masked in that traceback wherever it quotes them)."""
    known = explain(error, where=where)
    if known is not None:
        log.warning("%s: %s", context or "failure", known.message.code)
        return text.render(known.message)
    return text.render(unexpected(error, context, window=True, names=names))


def failure_box(message: str, parent: QWidget | None = None) -> QMessageBox:
    """The dialog that shows a failure (not yet shown: the caller ``exec()``s it)."""
    box = QMessageBox(QMessageBox.Icon.Critical, "Agent Desk", message, QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("failure_box")
    return box


def show_failure(message: str, parent: QWidget | None = None) -> None:
    """Show ``message`` in a dialog; on the offscreen platform (tests, --smoke) it goes to stderr instead."""
    shown.append(message)
    if QApplication.instance() is None or os.environ.get("QT_QPA_PLATFORM") == "offscreen":
        print(f"agent-desk: {message}", file=sys.stderr, flush=True)  # noqa: T201 - no screen to show it on
        return
    failure_box(message, parent).exec()


def install_excepthook() -> None:
    """Route exceptions that escape a slot to one dialog (the window stays open; the work done so far is kept)."""
    sys.excepthook = excepthook


def excepthook(kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
    if issubclass(kind, KeyboardInterrupt):
        QCoreApplication.quit()
        return
    error.__traceback__ = error.__traceback__ or trace
    show_failure(failure_text(error, context="the window"))

"""The desk opening a book that a killed import left half-applied: the undo runs on a worker thread behind a progress
window (ui.start_undo), the window keeps handling events meanwhile, and the book ends as before the import; an undo
that fails is one paragraph and leaves the import to be undone at the next start."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from agent_desk.clock import FrozenClock
from agent_desk.context import open_context
from agent_desk.importer import journal as journal_module
from db.engine import Database
from db.models import ImportRun
from tests.importer.conftest import NOW, digest, run
from tests.importer.test_interrupted import AT, _big_export, _kill_while_writing
from ui import application
from ui.start_undo import UndoProgressDialog

UNDO_STEP_S = 0.05  # each batch's undo made this much slower: a large import's batches take that long and more


@pytest.mark.slow
def test_the_undo_at_start_shows_its_progress_and_the_window_stays_responsive(
    database: Database, clock: FrozenClock, tmp_path: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    run(database, clock, "bank_export.csv", "bank_export.toml")
    before = digest(database)
    url = database.url.render_as_string(hide_password=False)
    _kill_while_writing(url, _big_export(tmp_path / "big.csv", 6000), database)
    real_entries = journal_module._entries

    def slower_entries(path: Path, batch: int) -> object:
        time.sleep(UNDO_STEP_S)  # on the worker thread: the GUI thread must go on meanwhile
        return real_entries(path, batch)

    monkeypatch.setattr(journal_module, "_entries", slower_entries)
    seen: list[tuple[str, str, int]] = []  # (title, detail, the bar's value) whenever a tick finds the window
    ticks: list[float] = []

    def tick() -> None:
        ticks.append(time.perf_counter())
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, UndoProgressDialog) and widget.isVisible():
                seen.append((widget.title.text(), widget.detail.text(), widget.bar.value()))

    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(tick)
    timer.start()
    context = open_context(url, AT, language="en", create=False)
    try:
        started = time.perf_counter()
        failed = application._undo_interrupted_imports(context)
        took = time.perf_counter() - started
    finally:
        timer.stop()
        context.close()
    assert failed is None
    with database.session() as session:
        batches = session.scalar(select(func.count()).select_from(ImportRun))
    assert took > UNDO_STEP_S  # it did wait for the undo
    assert len(seen) >= 3, (took, len(ticks))  # ticks arrived while the undo ran, with the window on screen
    assert seen[0][0] == "Undoing an import that did not finish: big.csv …"
    details = [detail for _, detail, _ in seen]
    assert any(" rows put back as they were (part " in detail for detail in details), details
    assert [value for *_, value in seen] == sorted(value for *_, value in seen)  # it only goes forward
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, UndoProgressDialog) and w.isVisible()]
    assert digest(database) == before  # the import's customers are gone: the queue cannot show them
    assert batches == 1  # only the first import's run is left, done


def _unfinished_run(database: Database, journal: Path, batches: int) -> None:
    with database.transaction(write=True) as session:
        session.add(
            ImportRun(
                kind="import", status="applying", started_at=NOW, finished_at=NOW, file_name="other.csv",
                file_fingerprint="0", file_size=0, mapping_fingerprint="", skip_bad_rows=False,
                full_portfolio=False, rows_read=0, rows_imported=0, rows_rejected=0, warnings=0,
                journal=str(journal), batches_applied=batches,
            )
        )  # fmt: skip


def _damaged(journal: Path) -> str:
    journal.write_bytes(b"not a journal at all" * 100)  # say, the disk damaged it
    return "Its journal, which says what to undo ("


def _unknown_table(journal: Path) -> str:
    from agent_desk.importer.journal import Journal

    written = Journal(journal)  # a journal naming a table this database does not have
    written.begin()
    written.inserted("no_such_table", [1, 2, 3])
    written.flush()
    written.close(remove=False)
    return ""


@pytest.mark.parametrize("spoil", [_damaged, _unknown_table])
def test_an_undo_that_fails_at_start_is_one_paragraph_and_is_tried_again_next_time(
    database: Database, clock: FrozenClock, qtbot: QtBot, spoil: Callable[[Path], str]
) -> None:
    from agent_desk.importer.journal import journal_path

    run(database, clock, "bank_export.csv", "bank_export.toml")
    before = digest(database)
    journal = journal_path(database, 999)
    says = spoil(journal)
    _unfinished_run(database, journal, 1)
    context = open_context(database.url.render_as_string(hide_password=False), AT, language="en", create=False)
    try:
        failed = application._undo_interrupted_imports(context)
    finally:
        context.close()
    assert failed is not None
    assert failed.startswith(
        "Agent Desk could not finish undoing the import of other.csv that did not finish, so the desk did not open: "
        "that import's customers would be only half there. " + says
    )
    assert "Traceback" not in failed and "\n" not in failed
    with database.session() as session:  # left for the next start to undo
        assert session.scalar(select(ImportRun.status).where(ImportRun.file_name == "other.csv")) == "applying"
    assert digest(database) == before

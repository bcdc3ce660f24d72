"""A step the domain refuses on purpose is told to the agent and logged as a refusal, not as a fault.

The refusal here is a real one: an import is still applying to the open customer (its ``import_runs`` row says
``applying`` with the first customer id it wrote, as the importer leaves it between batches on SQLite), so a manual
call and then an outcome on that customer are refused with ``import.desk.customer_importing``.
"""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import delete

from agent_desk.context import AppContext
from agent_desk.logs import mask_name, setup_logging
from agent_desk.text import Message
from db.models import ImportRun
from tests.ui.conftest import NOW, open_next, record_call
from ui import text
from ui.main_window import MainWindow


def _import_applying_to(context: AppContext, customer_id: int) -> None:
    run = ImportRun(
        kind="import", status="applying", started_at=NOW, finished_at=NOW, file_name="book.csv",
        file_fingerprint="0" * 64, file_size=1, mapping_fingerprint="0" * 64, skip_bad_rows=False,
        full_portfolio=False, rows_read=0, rows_imported=0, rows_rejected=0, warnings=0,
        counts={"customers_from": customer_id, "accounts_from": 10**9},
    )  # fmt: skip
    with context.database.transaction(write=True) as session:
        session.add(run)


def _import_done(context: AppContext) -> None:
    with context.database.transaction(write=True) as session:
        session.execute(delete(ImportRun).where(ImportRun.status == "applying"))


def test_a_step_an_import_refuses_is_shown_and_logged_as_a_refusal_not_an_error(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, context: AppContext, caplog
) -> None:
    workspace = window.workspace
    assert workspace is not None
    loop = workspace.loop
    notices: list[str] = []
    loop.notice.connect(notices.append)
    importing = text.render(Message.of("import.desk.customer_importing"))
    customer_id = open_next(qtbot, window)
    number = loop.current.number_id or next(p.id for p in loop.current.profile.contact_points if p.dialable)
    caplog.set_level(logging.INFO)

    _import_applying_to(context, customer_id)  # a call made by hand on them is refused (ui.call_loop._failed)
    loop.record_manual_call(number, context.clock.now(), "line down", connected=True)
    qtbot.waitUntil(lambda: importing in notices, timeout=5000)
    assert loop.current is not None and not loop.current.called  # nothing was recorded
    assert [record.getMessage() for record in caplog.records if record.levelno >= logging.ERROR] == []
    _import_done(context)

    record_call(qtbot, window)  # the import is done: the call is recorded; then another import starts
    _import_applying_to(context, customer_id)
    workspace.wrapup.disposition.setCurrentIndex(workspace.wrapup.disposition.findData("promise_to_pay"))
    workspace.wrapup.amount.setText("500.000")
    notices.clear()
    window.loop_actions["save"].trigger()  # the outcome is refused (ui.wrap_up_steps._save_failed)
    qtbot.waitUntil(lambda: importing in notices, timeout=5000)
    assert loop.current is not None and loop.current.profile.id == customer_id and loop.current.called  # kept
    _import_done(context)  # before the window closes: signing out gives the lease back

    refused = [record for record in caplog.records if "import.desk.customer_importing" in record.getMessage()]
    assert [(record.name, record.levelno) for record in refused] == [
        ("ui.call_loop", logging.WARNING),
        ("ui.wrap_up_steps", logging.WARNING),
    ]
    assert [record.getMessage() for record in caplog.records if record.levelno >= logging.ERROR] == []


def test_an_unexpected_failure_shows_the_short_paragraph_never_the_drivers_text(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, monkeypatch, caplog
) -> None:
    """What the database driver said (SQL, the values in it) goes to the log, masked, not to the agent's screen."""
    import ui.call_loop

    workspace = window.workspace
    assert workspace is not None
    notices: list[str] = []
    workspace.loop.notice.connect(notices.append)

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("SELECT … WHERE e164 = '+6281234567890' failed: disk I/O error")

    monkeypatch.setattr(ui.call_loop, "next_for", broken)
    caplog.set_level(logging.INFO)
    window.loop_actions["next"].trigger()
    qtbot.waitUntil(lambda: bool(notices), timeout=5000)
    shown = notices[-1]
    assert "RuntimeError" in shown and "log" in shown  # what happened, and where the details are
    assert "SELECT" not in shown and "6281234567890" not in shown
    logged = [record for record in caplog.records if record.levelno >= logging.ERROR]
    assert logged and logged[-1].exc_info is not None  # the traceback is in the log for whoever looks after it


def test_an_outcome_that_fails_to_save_logs_its_traceback_with_the_customer_masked(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, monkeypatch, tmp_path
) -> None:
    """The database may quote the row it refused whole (the note the agent typed included): the traceback reaches
    the log file with the customer's name down to initials and the phone number masked; the agent sees one line."""
    import agent_desk.journal.desk

    workspace = window.workspace
    assert workspace is not None
    loop = workspace.loop
    notices: list[str] = []
    loop.notice.connect(notices.append)
    open_next(qtbot, window)
    record_call(qtbot, window)
    assert loop.current is not None
    name = loop.current.profile.full_name

    def refused(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError(
            'new row for relation "outcomes" violates check constraint "ck_outcomes_amount"\n'
            f'DETAIL:  Failing row contains (7, promise_to_pay, "{name} janji bayar, WA +6281234567890").'
        )

    monkeypatch.setattr(agent_desk.journal.desk, "save_outcome", refused)
    workspace.wrapup.disposition.setCurrentIndex(workspace.wrapup.disposition.findData("promise_to_pay"))
    workspace.wrapup.amount.setText("500.000")
    notices.clear()
    with _log_file(tmp_path) as path:
        window.loop_actions["save"].trigger()
        qtbot.waitUntil(lambda: bool(notices), timeout=5000)
    assert "RuntimeError" in notices[-1] and "Failing row" not in notices[-1] and name not in notices[-1]
    assert loop.current is not None and loop.current.called  # the wrap-up stays to be saved again
    logged = path.read_text(encoding="utf-8")
    assert "saving an outcome failed: RuntimeError" in logged and "Traceback (most recent call last)" in logged
    assert f'"{mask_name(name)} janji bayar, WA +62…890"' in logged
    _assert_masked(logged, name)


def test_a_skip_that_fails_unexpectedly_logs_its_traceback_with_the_customer_masked(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, monkeypatch, tmp_path
) -> None:
    """The loop's other steps log an unexpected failure through errors.unexpected (ui.call_loop._failed): the
    skipped customer's name, quoted by the database with the note the agent typed, reaches the log as initials."""
    import ui.call_loop

    workspace = window.workspace
    assert workspace is not None
    loop = workspace.loop
    notices: list[str] = []
    loop.notice.connect(notices.append)
    open_next(qtbot, window)
    assert loop.current is not None
    name = loop.current.profile.full_name

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError(
            'new row for relation "skips" violates check constraint "ck_skips_note"\n'
            f'DETAIL:  Failing row contains (3, language, "{name} minta ditelepon di +6281234567890").'
        )

    monkeypatch.setattr(ui.call_loop, "skip_customer", broken)
    notices.clear()
    with _log_file(tmp_path) as path:
        loop.skip("language", f"{name} minta ditelepon di +6281234567890")
        qtbot.waitUntil(lambda: bool(notices), timeout=5000)
    assert "RuntimeError" in notices[-1] and "Failing row" not in notices[-1] and name not in notices[-1]
    logged = path.read_text(encoding="utf-8")
    assert "unexpected error in call loop step" in logged and "Traceback (most recent call last)" in logged
    assert f'"{mask_name(name)} minta ditelepon di +62…890"' in logged
    _assert_masked(logged, name)


@contextlib.contextmanager
def _log_file(tmp_path: Path) -> Iterator[Path]:
    """The app's own log file (masking formatter and filter) while the block runs."""
    root = logging.getLogger()
    level, handlers = root.level, list(root.handlers)
    path = setup_logging(logging.INFO, tmp_path / "logs")
    try:
        yield path
    finally:
        for handler in [handler for handler in root.handlers if handler not in handlers]:
            root.removeHandler(handler)
            handler.close()
        root.setLevel(level)


def _assert_masked(logged: str, name: str) -> None:
    """No whole phone number and no part of the name (the initials only)."""
    assert "6281234567890" not in logged
    for part in name.split():
        assert not re.search(rf"(?<!\w){re.escape(part)}(?!\w)", logged, flags=re.IGNORECASE), part

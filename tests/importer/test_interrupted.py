"""An import on SQLite is applied in short transactions; these show it stays all-or-nothing as users see it: killed
in the middle, the next import (or sync) on the database undoes what it had written; while it runs, agents' saves
get in between its batches; and a second import or a sync waits for it rather than mixing with it."""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from agent_desk.clock import FrozenClock
from agent_desk.importer import ImportFailedError
from agent_desk.sync import SyncRejectedError, apply_changes
from db.engine import Database
from db.models import Account, ImportRun
from tests.importer.conftest import FIXTURES, NOW, digest, run

ROOT = Path(__file__).resolve().parents[2]
AT = "2026-11-24T09:30+07:00"


def _big_export(path: Path, rows: int) -> Path:
    lines = (FIXTURES / "bank_export.csv").read_bytes().decode("cp1252").splitlines()
    template = lines[3]
    extra = [template.replace("KTA0000000101", f"KTA6{n:09d}").replace("CIF0001", f"CIF6{n:06d}") for n in range(rows)]
    path.write_bytes(("\r\n".join([*lines[:3], *extra]) + "\r\n").encode("cp1252"))
    return path


def _agent_desk(url: str, *argv: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", "import sys; from ui.app import main; sys.exit(main())", "--db", url, "--at", AT, *argv],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _kill_while_writing(url: str, big: Path, database: Database) -> None:
    """Start an import of ``big`` in its own process and kill -9 it once some batches are in."""
    child = _agent_desk(url, "import", str(big), "--mapping", str(FIXTURES / "bank_export.toml"), "--workers", "0")
    assert child.stdout is not None
    line = child.stdout.readline()
    while line and not (line.startswith("Writing:") and not line.startswith("Writing: 0 ")):
        line = child.stdout.readline()
    assert line.startswith("Writing:"), child.stderr.read() if child.stderr else line
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    with database.session() as session:
        half = session.scalar(select(func.count()).select_from(Account))
        status = session.scalar(select(ImportRun.status).order_by(ImportRun.id.desc()).limit(1))
    assert status == "applying" and half > 8  # some batches were in when it died


@pytest.mark.slow
def test_an_import_killed_while_writing_is_undone_by_the_next_one(
    database: Database, clock: FrozenClock, tmp_path: Path
) -> None:
    run(database, clock, "bank_export.csv", "bank_export.toml")
    before = digest(database)
    url = database.url.render_as_string(hide_password=False)
    _kill_while_writing(url, _big_export(tmp_path / "big.csv", 6000), database)
    summary = run(database, clock, "bank_export.csv", "bank_export.toml", dry_run=True)
    assert next(notice.message.render() for notice in summary.notices) == (
        "An import of big.csv was interrupted before it was complete: what it had written was undone first"
    )
    assert digest(database) == before
    assert not list(tmp_path.parent.glob(f"{Path(url.split('///')[1]).name}.import-*"))  # its journal is gone


@pytest.mark.slow
def test_an_import_killed_while_writing_is_undone_when_the_desk_starts(
    database: Database, clock: FrozenClock, tmp_path: Path
) -> None:
    """No import need follow: the desk undoes it on opening the book, so that the customers it kept out of the
    agents' reach meanwhile come back (as they were)."""
    url = database.url.render_as_string(hide_password=False)
    demo = _agent_desk(url, "demo-data", "--accounts", "30", "--quiet")  # a book with its desk users
    assert demo.wait(timeout=120) == 0
    before = digest(database)
    _kill_while_writing(url, _big_export(tmp_path / "big.csv", 6000), database)
    desk = _agent_desk(url, "--smoke")
    out, err = desk.communicate(timeout=120)
    assert desk.returncode == 0, (out, err)
    assert "Traceback" not in err and "smoke test passed" in out, (out, err)
    after = digest(database)
    signed_in = {"user_passwords", "agent_state_events"}  # the smoke run's own sign-in and agent state
    assert {k: v for k, v in after.items() if k not in signed_in} == {
        k: v for k, v in before.items() if k not in signed_in
    }
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(ImportRun).where(ImportRun.status != "done")) == 0


@pytest.mark.slow
def test_agents_save_between_the_batches_and_nothing_else_mixes_in(
    database: Database, clock: FrozenClock, tmp_path: Path
) -> None:
    from agent_desk.worklist.settings import settings_for
    from db.models import AuditEvent

    settings_for(database, clock)
    big = _big_export(tmp_path / "big.csv", 5000)
    waits: list[float] = []
    refused: list[str] = []
    done = threading.Event()

    def agent() -> None:
        """Stands for an agent's save: a short write transaction, as the wrap-up takes one."""
        while not done.is_set():
            started = time.perf_counter()
            with database.transaction(write=True) as session:
                session.add(AuditEvent(at=NOW, user_id=None, action="desk.save", entity="x", entity_id="1"))
            waits.append(time.perf_counter() - started)
            try:
                apply_changes(database, clock, [{"type": "customer", "customer_number": "S-1", "full_name": "S"}])
            except SyncRejectedError as busy:
                refused.append(busy.issues[0].message.render())
            time.sleep(0.05)

    worker = threading.Thread(target=agent)
    worker.start()
    try:
        summary = run(database, clock, big, "bank_export.toml", workers=0, rebuild_worklist=False)
    finally:
        done.set()
        worker.join()
    assert summary.imported and summary.counts["accounts_new"] == 5000
    assert len(waits) > 5 and max(waits) < 2.0  # never the whole import (several seconds) in one go
    assert refused and refused[0].startswith("big.csv is being imported into this database right now")

    # A second import is refused the same way while one runs: shown here by a run whose journal's lock is held.
    from agent_desk.importer.journal import Journal, journal_path

    with database.transaction(write=True) as session:
        session.add(
            ImportRun(
                kind="import", status="applying", started_at=NOW, finished_at=NOW, file_name="other.csv",
                file_fingerprint="0", file_size=0, mapping_fingerprint="", skip_bad_rows=False,
                full_portfolio=False, rows_read=0, rows_imported=0, rows_rejected=0, warnings=0,
                journal=str(journal_path(database, 999)),
            )
        )  # fmt: skip
    journal = Journal(journal_path(database, 999))
    try:
        with pytest.raises(ImportFailedError, match=r"other\.csv is being imported into this database right now"):
            run(database, clock, "bank_export.csv", "bank_export.toml", dry_run=True)
    finally:
        journal.close(remove=True)


def test_a_full_book_undone_puts_back_what_an_account_said_just_before_its_recall(
    database: Database, clock: FrozenClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On SQLite --full-portfolio finds the absent accounts outside the write lock; the desk may change one of them
    before its recall batch writes. The recall reads it again under the lock, so an undo puts back what it said
    then (here: a plan the agent had just set), not what it said when it was found."""
    import datetime as dt

    from agent_desk.importer import apply as apply_module
    from db.models import AccountStatus

    run(database, clock, "bank_export.csv", "bank_export.toml")
    lines = (FIXTURES / "bank_export.csv").read_bytes().decode("cp1252").splitlines()
    absent = "KTA0000000401"
    book = tmp_path / "book.csv"
    book.write_bytes(("\r\n".join(line for line in lines if absent not in line) + "\r\n").encode("cp1252"))
    planned_at = NOW + dt.timedelta(hours=1)
    meanwhile: dict[str, dict[str, str]] = {}
    real_absent_accounts = apply_module.absent_accounts

    def and_meanwhile(*args: object, **kwargs: object) -> object:
        for page in real_absent_accounts(*args, **kwargs):  # type: ignore[arg-type]
            if not meanwhile:  # found; before the recall batch, an agent puts the account on a plan…
                with database.transaction(write=True) as session:
                    session.execute(
                        update(Account)
                        .where(Account.account_number == absent)
                        .values(status=AccountStatus.IN_PLAN, updated_at=planned_at)
                    )
                meanwhile["digest"] = digest(database)
                book.write_bytes(book.read_bytes() + b"\r\n")  # …and the file changes under the import: it fails
            yield page

    monkeypatch.setattr(apply_module, "absent_accounts", and_meanwhile)
    with pytest.raises(ImportFailedError, match="changed"):
        run(database, clock, book, "bank_export.toml", full_portfolio=True, rebuild_worklist=False)
    assert meanwhile and digest(database) == meanwhile["digest"]
    with database.session() as session:
        account = session.execute(select(Account).where(Account.account_number == absent)).scalar_one()
        assert (account.status, account.updated_at, account.recalled_at) == (AccountStatus.IN_PLAN, planned_at, None)
        assert session.scalar(select(func.count()).select_from(ImportRun).where(ImportRun.status != "done")) == 0


def test_an_undo_leaves_what_the_desk_saved_between_the_batches(
    database: Database, clock: FrozenClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An account recalled in one batch, then put on a plan by an agent before the import fails: the undo takes back
    only what still holds the import's values (recalled_at here), and the plan stays."""
    import datetime as dt

    from agent_desk.importer import apply as apply_module
    from db.models import AccountStatus

    run(database, clock, "bank_export.csv", "bank_export.toml")
    lines = (FIXTURES / "bank_export.csv").read_bytes().decode("cp1252").splitlines()
    absent = "KTA0000000401"
    book = tmp_path / "book.csv"
    book.write_bytes(("\r\n".join(line for line in lines if absent not in line) + "\r\n").encode("cp1252"))
    with database.session() as session:
        account_id = session.scalars(select(Account.id).where(Account.account_number == absent)).one()
    planned_at = NOW + dt.timedelta(hours=1)
    real_absent_accounts = apply_module.absent_accounts
    planned: list[bool] = []

    def and_then(bulk: object, present: object, *, after: int = 0, page: int = 900) -> object:
        if after >= account_id and not planned:  # the account's recall batch is in: an agent plans it now
            with database.transaction(write=True) as session:
                account = session.get(Account, account_id)
                assert account is not None and account.status is AccountStatus.RECALLED
                account.status = AccountStatus.IN_PLAN
                account.updated_at = planned_at
            planned.append(True)
            book.write_bytes(book.read_bytes() + b"\r\n")  # …and the file changes under the import: it fails
        return real_absent_accounts(bulk, present, after=after, page=page)  # type: ignore[arg-type]

    monkeypatch.setattr(apply_module, "absent_accounts", and_then)
    monkeypatch.setattr(apply_module, "RECALL_PAGE", 1)  # one account per recall batch
    with pytest.raises(ImportFailedError, match="changed"):
        run(database, clock, book, "bank_export.toml", full_portfolio=True, rebuild_worklist=False)
    assert planned
    with database.session() as session:
        account = session.get(Account, account_id)
        assert account is not None
        assert (account.status, account.updated_at, account.recalled_at) == (AccountStatus.IN_PLAN, planned_at, None)
        assert session.scalar(select(func.count()).select_from(ImportRun).where(ImportRun.status != "done")) == 0

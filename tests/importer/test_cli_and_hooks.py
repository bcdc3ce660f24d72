"""``agent-desk import`` as an admin runs it (in-process, with the subcommand registered as it will be at merge),
and the worklist rebuild that follows an import."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest

from agent_desk.auth.permissions import Actor
from agent_desk.cli import main as cli_main
from agent_desk.paths import data_dir
from tests.importer.conftest import FIXTURES

NOW = "2026-11-24T09:30+07:00"
Invoke = Callable[..., tuple[int, str, str]]


@pytest.fixture
def agent_desk(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, sqlite_url: str) -> Callable[..., tuple[int, str, str]]:
    monkeypatch.chdir(tmp_path)

    def invoke(*argv: str) -> tuple[int, str, str]:
        parser = cli_main.build_parser()
        args = parser.parse_args(list(argv))
        out, err = io.StringIO(), io.StringIO()
        code = cli_main.run(args, out=out, err=err)
        return code, out.getvalue(), err.getvalue()

    assert invoke("--db", sqlite_url, "db", "upgrade")[0] == 0  # import needs a database: it never creates one
    return invoke


def test_dry_run_then_import_then_import_again(agent_desk: Invoke, sqlite_url: str) -> None:
    common = ("--db", sqlite_url, "--at", NOW, "import", str(FIXTURES / "bank_export.csv"), "--mapping")
    code, out, err = agent_desk(*common, str(FIXTURES / "bank_export.toml"), "--dry-run", "--quiet")
    assert (code, err) == (0, "")
    assert "Dry run: nothing was written" in out
    assert "Accounts: 8 new, 0 already on record; customers: 7 new, 0 already on record" in out
    assert "0812-345" not in out  # quiet: no warnings

    code, out, _ = agent_desk(*common, str(FIXTURES / "bank_export.toml"))
    assert code == 0
    assert "Checking: 8 of 8 rows" in out and "Writing: 8 of 8 rows" in out  # progress
    assert "1 × not a valid phone number: stored, but not dialable (first: row 8, HP1 “0812-345”)" in out
    assert "Accounts: 8 new, 0 updated, 0 unchanged" in out
    report = Path(
        next(line for line in out.splitlines() if line.startswith("Row report: ")).removeprefix("Row report: ")
    )
    assert report.parent == data_dir() / "import-reports" and report.name.startswith("bank_export-")
    assert report.read_text(encoding="utf-8-sig").startswith("row,severity,column,value,code,problem")
    assert not list(Path.cwd().glob("*.csv"))  # the report goes to the user's data folder, not here

    code, out, _ = agent_desk(*common, str(FIXTURES / "bank_export.toml"), "--quiet")
    assert code == 0
    assert "This same file was imported before" in out
    assert "Accounts: 0 new, 0 updated, 8 unchanged" in out


def test_bad_rows_refuse_the_file_unless_skipped(agent_desk: Invoke, sqlite_url: str) -> None:
    common = ("--db", sqlite_url, "--at", NOW, "import", str(FIXTURES / "messy.csv"), "--mapping")
    code, out, _ = agent_desk(*common, str(FIXTURES / "messy.toml"), "--quiet", "--report", "r.csv")
    assert code == 1
    assert "Nothing was imported. Rows with errors: 6" in out
    assert "row 5, balance “1.5jt”: not an amount: 1.5jt" in out
    assert "no dialable number of the customer's own" not in out  # quiet: errors only
    assert Path("r.csv").read_text(encoding="utf-8-sig").startswith("row,severity,column,value,code,problem")

    code, out, _ = agent_desk(*common, str(FIXTURES / "messy.toml"), "--quiet", "--skip-bad-rows")
    assert code == 0
    assert "Rows with errors left out: 6" in out
    assert "Accounts: 2 new" in out


def test_full_portfolio_lists_the_recalled_accounts(agent_desk: Invoke, sqlite_url: str, tmp_path: Path) -> None:
    base = ("--db", sqlite_url, "--at", NOW, "import")
    assert agent_desk(*base, str(FIXTURES / "bank_export.csv"), "--mapping", str(FIXTURES / "bank_export.toml"))[0] == 0
    lines = (FIXTURES / "bank_export.csv").read_bytes().decode("cp1252").splitlines()
    smaller = tmp_path / "book.csv"
    smaller.write_bytes("\r\n".join(line for line in lines if "PY0000000701" not in line).encode("cp1252"))
    code, out, _ = agent_desk(*base, str(smaller), "--mapping", str(FIXTURES / "bank_export.toml"), "--full-portfolio")
    assert code == 0
    assert "Accounts recalled (absent from the file): 1" in out
    assert "Recalled: PY0000000701" in out


def test_plain_reasons_for_whole_file_problems(agent_desk: Invoke, sqlite_url: str) -> None:
    code, _, err = agent_desk("--db", sqlite_url, "import", "nowhere.csv", "--mapping", str(FIXTURES / "messy.toml"))
    assert code == 2
    assert "File not found: nowhere.csv" in err
    code, _, err = agent_desk("--db", sqlite_url, "import", str(FIXTURES / "messy.csv"), "--mapping", "none.toml")
    assert code == 2
    assert "Cannot read the mapping none.toml" in err
    code, _, err = agent_desk(
        "--db", sqlite_url, "import", str(FIXTURES / "payments.csv"), "--mapping", str(FIXTURES / "messy.toml")
    )
    assert code == 2
    assert "Columns the mapping needs are not in payments.csv" in err
    assert "Traceback" not in err


def test_indonesian_output(agent_desk: Invoke, sqlite_url: str) -> None:
    code, out, _ = agent_desk(
        "--db",
        sqlite_url,
        "--lang",
        "id",
        "--at",
        NOW,
        "import",
        str(FIXTURES / "messy.csv"),
        "--mapping",
        str(FIXTURES / "messy.toml"),
        "--quiet",
    )
    assert code == 1
    assert "Tidak ada yang diimpor: 6 baris memiliki kesalahan" in out
    assert "bukan jumlah uang: 1.5jt" in out


def test_after_an_import_the_new_customers_are_in_the_queue_with_their_reasons(sqlite_url: str) -> None:
    import datetime as dt

    from agent_desk.clock import FrozenClock
    from agent_desk.importer import ImportOptions, load_mapping, run_import
    from agent_desk.worklist import list_queue
    from db import migrate
    from db.engine import open_database

    database = open_database(sqlite_url)
    migrate.upgrade(database)
    clock = FrozenClock(dt.datetime(2026, 11, 24, 2, 30, tzinfo=dt.UTC))  # Tuesday 09:30 WIB
    summary = run_import(
        database,
        clock,
        FIXTURES / "bank_export.csv",
        load_mapping(FIXTURES / "bank_export.toml"),
        ImportOptions(),
        actor=Actor.system(),
    )
    assert summary.worklist_rebuilt
    rows = list_queue(database, clock, include_all=True)
    database.dispose()
    assert {row.customer_number for row in rows} >= {"CIF0001", "CIF0003", "CIF0004"}
    for row in rows:
        assert row.allowed or row.reasons, row.customer_number  # a blocked customer always says why
        if row.allowed:
            assert row.explanations, row.customer_number  # and a callable one says why it ranks where it does


def test_a_cancel_during_the_worklist_rebuild_does_not_undo_or_deny_the_import(
    monkeypatch: pytest.MonkeyPatch, sqlite_url: str
) -> None:
    import datetime as dt

    from agent_desk.clock import FrozenClock
    from agent_desk.importer import CancelToken, ImportOptions, ImportProgress, Phase, load_mapping, run_import
    from db import migrate
    from db.engine import open_database

    token = CancelToken()

    def progress(update: ImportProgress) -> None:
        if update.phase is Phase.WORKLIST:
            token.cancel()

    database = open_database(sqlite_url)
    migrate.upgrade(database)
    clock = FrozenClock(dt.datetime(2026, 11, 24, 2, 30, tzinfo=dt.UTC))
    mapping = load_mapping(FIXTURES / "bank_export.toml")
    summary = run_import(
        database,
        clock,
        FIXTURES / "bank_export.csv",
        mapping,
        ImportOptions(),
        progress=progress,
        cancel=token,
        actor=Actor.system(),
    )
    database.dispose()
    assert token.cancelled
    assert (summary.imported, summary.worklist_rebuilt) == (True, True)

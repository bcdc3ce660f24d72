"""The mistakes people really make at the command line, each answered in one paragraph: the exact message, the
exit code (2 usage, 1 failure), no traceback, and nothing written or created where nothing should be.

Each case runs ``agent-desk`` in-process on a fresh copy of one small demo book (or on a broken one); the
files around the database are fingerprinted before and after. A few cases also run through the real entry
point in a child process, where a traceback would land on the terminal.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import io
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from agent_desk.cli.main import main, parse_arguments, run
from agent_desk.logs import log_file
from tests.support.files import read_only

ROOT = Path(__file__).resolve().parents[2]
AT = "2026-11-24T10:00+07:00"
TEMPLATE_ACCOUNTS = 30


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small demo book, written once for the module (by the command that creates)."""
    path = tmp_path_factory.mktemp("template") / "book.sqlite3"
    with contextlib.redirect_stdout(io.StringIO()):
        code = main(["--db", f"sqlite:///{path}", "--at", AT, "demo-data", "--accounts", str(TEMPLATE_ACCOUNTS)])
    assert code == 0
    return path


@dataclasses.dataclass
class Result:
    code: int
    out: str
    err: str


def agent_desk(*argv: str) -> Result:
    out, err = io.StringIO(), io.StringIO()
    try:
        args = parse_arguments(list(argv))
    except SystemExit as stop:  # argparse's own usage errors
        return Result(int(stop.code or 0), "", "")
    code = run(args, out=out, err=err)
    return Result(code, out.getvalue(), err.getvalue())


def fingerprint(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` and its content hash: what a command may not change."""
    if not folder.exists():
        return {}
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "dir"
        for path in sorted(folder.rglob("*"))
    }


def account_number(book: Path) -> str:
    with contextlib.closing(sqlite3.connect(book)) as connection:
        return str(connection.execute("SELECT account_number FROM accounts ORDER BY id LIMIT 1").fetchone()[0])


@dataclasses.dataclass(frozen=True)
class Case:
    """One mistake: how to set it up (returns the arguments), what must be printed, and the exit code."""

    name: str
    setup: Callable[[Path, Path], list[str]]
    code: int
    message: str  # the exact stderr, with {db} and {dir} for the paths
    out: str | None = None  # the exact stdout, when it matters
    unchanged: bool = True  # the folder holding the database is byte for byte as before


def _book(tmp: Path, template: Path) -> Path:
    book = tmp / "book.sqlite3"
    shutil.copyfile(template, book)
    return book


def _payments(tmp: Path, template: Path, rows: str) -> list[str]:
    book = _book(tmp, template)
    file = tmp.parent / f"{tmp.name}-payments.csv"
    file.write_text("account_number,paid_at,amount,reference\n" + rows.format(acct=account_number(book)))
    return ["--db", f"sqlite:///{book}", "--at", AT, "post-payments", str(file)]


def _broken(content: Callable[[Path], bytes]) -> Callable[[Path, Path], list[str]]:
    def setup(tmp: Path, template: Path) -> list[str]:
        book = tmp / "book.sqlite3"
        book.write_bytes(content(template))
        return ["--db", f"sqlite:///{book}", "queue"]

    return setup


def _foreign(tmp: Path, _template: Path) -> list[str]:
    book = tmp / "book.sqlite3"
    with contextlib.closing(sqlite3.connect(book)) as connection:
        connection.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)")
        connection.commit()
    return ["--db", f"sqlite:///{book}", "queue"]


def _newer(tmp: Path, template: Path) -> list[str]:
    book = _book(tmp, template)
    with contextlib.closing(sqlite3.connect(book)) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
        connection.commit()
    return ["--db", f"sqlite:///{book}", "queue"]


NO_DATABASE = (
    "agent-desk: No Agent Desk database at {db}. Check the path given with --db; to start a new one, run "
    "“agent-desk db upgrade” (empty) or “agent-desk demo-data” (a demo book). Nothing was created.\n"
)
REFUSED = (
    "Nothing posted: {n} rows have errors. Correct them and post the file again (rows already posted are never "
    "posted twice), or post the good rows with --skip-bad-rows.\n"
)

CASES = [
    Case(
        "at-not-a-time",
        lambda tmp, t: ["--db", f"sqlite:///{_book(tmp, t)}", "--at", "yesterday", "queue"],
        2,
        "agent-desk: --at “yesterday” is not a time Agent Desk can read. Write it as an ISO time: "
        "2026-11-24T09:30+07:00 (date, T, time, UTC offset).\n",
    ),
    Case(
        "at-empty",
        lambda tmp, t: ["--db", f"sqlite:///{_book(tmp, t)}", "--at", "", "queue"],
        2,
        "agent-desk: --at needs a moment, for example --at 2026-11-24T09:30+07:00 (without --at the clock runs "
        "normally).\n",
    ),
    Case(
        "at-without-offset-says-the-zone",
        lambda tmp, t: ["--db", f"sqlite:///{_book(tmp, t)}", "--at", "2026-11-24T03:00", "queue", "--limit", "1"],
        0,
        "agent-desk: note: --at 2026-11-24T03:00 has no UTC offset, so it is read as UTC (Tue 24 Nov, 03:00 UTC). "
        "Add one, such as +07:00 for WIB, to mean another zone.\n",
    ),
    Case(
        "amount-1e30",
        lambda tmp, t: _payments(tmp, t, "{acct},2026-11-23,150000,OK-1\n{acct},2026-11-23,1e30,BIG\n"),
        1,
        "",
        "Line 3: “1e30” is beyond the largest amount Agent Desk accepts (999999999999999.99)\n" + REFUSED.format(n=1),
    ),
    Case(
        "amount-overflowing-the-column",
        lambda tmp, t: _payments(tmp, t, "{acct},2026-11-23,99999999999999999999999,BIG\n{acct},2026-11-23,5,OK\n"),
        1,
        "",
        "Line 2: “99999999999999999999999” is beyond the largest amount Agent Desk accepts (999999999999999.99)\n"
        + REFUSED.format(n=1),
    ),
    Case(
        "unknown-account-posts-nothing",
        lambda tmp, t: _payments(tmp, t, "{acct},2026-11-23,150000,OK-1\nNOPE-1,2026-11-23,150000,OK-2\n"),
        1,
        "",
        "Line 3: unknown account NOPE-1\n" + REFUSED.format(n=1),
    ),
    Case(
        "the-same-row-twice-without-reference",
        lambda tmp, t: _payments(tmp, t, "{acct},2026-11-23,150000,\n{acct},2026-11-23,150000,\n"),
        1,
        "",
        "Line 3: the same account, time, amount and channel as line 2, and neither has a reference; if both are "
        "real payments give each its bank reference, else remove the copy\n" + REFUSED.format(n=1),
    ),
    Case(
        "control-characters-are-escaped",
        lambda tmp, t: _payments(tmp, t, "\x1b[31mRED,2026-11-23,1,X\n"),
        1,
        "",
        "Line 2: unknown account \\x1b[31mRED\n" + REFUSED.format(n=1),
    ),
    Case(
        "binary-payment-file",
        lambda tmp, t: [*_payments(tmp, t, "")[:-1], str(t)],  # the database file itself as the CSV
        1,
        "agent-desk: {template} is not a text (CSV) file: it holds binary data (a NUL byte at position 15). Export "
        "it as CSV, UTF-8, and try again. Nothing was posted.\n",
    ),
    Case(
        "not-a-database",
        _broken(lambda _t: b"account_number,paid_at,amount\n" * 200),
        1,
        "agent-desk: {db} is not an SQLite database (file is not a database). Check --db; if it is the right file, "
        "it is damaged: restore it from a backup.\n",
    ),
    Case(
        "truncated-database",
        _broken(lambda template: template.read_bytes()[: template.stat().st_size // 3]),
        1,
        "agent-desk: The database at {db} is damaged (database disk image is malformed). Restore it from a backup, "
        "or ask whoever looks after it. Agent Desk wrote nothing to it.\n",
    ),
    Case(
        "empty-file",
        _broken(lambda _t: b""),
        1,
        "agent-desk: No Agent Desk database at {db}: it holds no Agent Desk tables. Check --db; to set this one up, "
        "run “agent-desk db upgrade”. Nothing was written.\n",
    ),
    Case(
        "a-folder",
        lambda tmp, _t: ["--db", f"sqlite:///{tmp}", "queue"],
        1,
        "agent-desk: {dir} is a folder, not a database file. Give the database file itself, for example "
        "--db sqlite:///{dir}/agent-desk.sqlite3.\n",
    ),
    Case(
        "mistyped-path-creates-nothing",
        lambda tmp, _t: ["--db", f"sqlite:///{tmp}/no/such/dir/book.sqlite3", "queue"],
        1,
        NO_DATABASE.replace("{db}", "{dir}/no/such/dir/book.sqlite3"),
    ),
    Case(
        "someone-elses-database",
        _foreign,
        1,
        "agent-desk: {db} holds a database that is not Agent Desk's (tables moz_places). Agent Desk leaves it "
        "alone: check --db.\n",
    ),
    Case(
        "a-newer-schema",
        _newer,
        1,
        "agent-desk: The database at {db} was set up by a newer Agent Desk (schema 9999; this one knows up to "
        "{head}). Update Agent Desk on this computer. Nothing was changed.\n",
    ),
    Case(
        "password-in-the-url",
        lambda _tmp, _t: ["--db", "postgresql://agent:s3cret@127.0.0.1/desk", "queue"],
        2,
        "agent-desk: The database URL contains a password. Remove it from --db and store the password in the OS "
        "keyring (agent-desk db set-password) or in ~/.pgpass.\n",
    ),
    Case(
        "password-as-a-query-option",
        lambda _tmp, _t: ["--db", "postgresql://agent@127.0.0.1/desk?sslmode=disable&password=s3cret", "queue"],
        2,
        "agent-desk: The database URL contains a password. Remove it from --db and store the password in the OS "
        "keyring (agent-desk db set-password) or in ~/.pgpass.\n",
    ),
    Case(
        "empty-db-option",
        lambda _tmp, _t: ["--db", "", "queue"],
        2,
        "agent-desk: --db is empty. Give a database URL (sqlite:///PATH or postgresql://USER@HOST/DATABASE), or "
        "leave --db out to use your own database.\n",
    ),
    Case(
        "not-a-url",
        lambda _tmp, _t: ["--db", "my book", "queue"],
        2,
        "agent-desk: --db is not a database URL. Write it as sqlite:///PATH/agent-desk.sqlite3 or "
        "postgresql://USER@HOST/DATABASE.\n",
    ),
    Case(
        "unreachable-postgresql",
        lambda _tmp, _t: ["--db", "postgresql://desk@127.0.0.1:9/desk", "queue"],
        1,
        "agent-desk: Cannot reach the PostgreSQL server of postgresql://desk@127.0.0.1:9/desk (connection to server "
        'at "127.0.0.1", port 9 failed: Connection refused). Check the host and port in --db, that the server is '
        "running, and the network.\n",
    ),
    Case(
        "in-indonesian",
        lambda tmp, _t: ["--lang", "id", "--db", f"sqlite:///{tmp}/x/book.sqlite3", "queue"],
        1,
        "agent-desk: Tidak ada basis data Agent Desk di {dir}/x/book.sqlite3. Periksa jalur yang diberikan dengan "
        "--db; untuk memulai yang baru, jalankan “agent-desk db upgrade” (kosong) atau “agent-desk demo-data” (buku "
        "demo). Tidak ada yang dibuat.\n",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_each_mistake_gets_one_paragraph_and_the_right_exit_code(case: Case, template: Path, tmp_path: Path) -> None:
    from db.migrate import head_revisions

    folder = tmp_path / "db"
    folder.mkdir()
    argv = case.setup(folder, template)
    before = fingerprint(tmp_path)
    result = agent_desk(*argv)
    values = {"db": folder / "book.sqlite3", "dir": folder, "template": template, "head": ",".join(head_revisions())}
    assert result.err == case.message.format(**values), result.err
    if case.out is not None:
        assert result.out == case.out
    assert result.code == case.code
    assert "Traceback" not in result.out + result.err
    if case.unchanged:
        assert fingerprint(tmp_path) == before


def test_a_read_only_database_is_read_and_says_so_when_asked_to_write(template: Path, tmp_path: Path) -> None:
    book = tmp_path / "book.sqlite3"
    shutil.copyfile(template, book)
    with read_only(book):
        before = fingerprint(tmp_path)
        queue = agent_desk("--db", f"sqlite:///{book}", "--at", AT, "queue", "--limit", "3")
        assert queue.code == 0 and queue.err == ""
        assert len(queue.out.splitlines()) >= 3
        write = agent_desk("--db", f"sqlite:///{book}", "--at", AT, "worklist", "rebuild")
        assert write.code == 1
        assert write.err == (
            f"agent-desk: The database at {book} is read-only for you, and this needs to write (attempt to write a "
            "readonly database). Reading (queue, reports) still works; to write, ask for write access or work on "
            "a copy. Nothing was written.\n"
        )
        after = fingerprint(tmp_path)
    assert after[book.name] == before[book.name]


def test_queue_writes_nothing_even_when_strategy_rows_are_missing(template: Path, tmp_path: Path) -> None:
    book = tmp_path / "book.sqlite3"
    shutil.copyfile(template, book)
    with contextlib.closing(sqlite3.connect(book)) as connection:
        connection.execute("DELETE FROM strategy_settings")
        connection.execute("DELETE FROM strategy_stages")
        connection.commit()
    before = fingerprint(tmp_path)
    result = agent_desk("--db", f"sqlite:///{book}", "--at", AT, "queue", "--limit", "2")
    assert result.code == 0 and len(result.out.splitlines()) == 2
    assert fingerprint(tmp_path) == before  # defaults read, not written


def test_a_locked_database_is_named_not_a_traceback(
    template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("db.engine.BUSY_TIMEOUT_MS", 300)
    book = tmp_path / "book.sqlite3"
    shutil.copyfile(template, book)
    holder = sqlite3.connect(book, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another desk is in the middle of a write
    try:
        result = agent_desk("--db", f"sqlite:///{book}", "--at", AT, "worklist", "rebuild")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.code == 1
    assert result.err == (
        f"agent-desk: The database at {book} stayed busy for 0.3 s: another Agent Desk window or command is writing "
        "to it. Try again in a moment. Nothing was written.\n"
    )


def test_an_unexpected_error_is_logged_with_its_traceback_and_shown_in_one_line(tmp_path: Path) -> None:
    def broken(_args: object, _cli: object) -> int:
        raise RuntimeError("a bug in a handler")

    args = parse_arguments(["--db", f"sqlite:///{tmp_path}/x.sqlite3", "db", "current"])
    args.handler = broken
    err = io.StringIO()
    assert run(args, out=io.StringIO(), err=err) == 1
    log = log_file()
    assert log is not None
    assert err.getvalue() == (
        "agent-desk: Something went wrong that Agent Desk did not expect (RuntimeError); the command stopped and "
        f"wrote nothing more. The details are in the log: {log}. Please send that file to whoever looks after "
        "Agent Desk.\n"
    )
    text = log.read_text(encoding="utf-8")
    assert "Traceback" in text and "RuntimeError: a bug in a handler" in text


def test_postgresql_database_that_does_not_exist_or_is_empty(postgres_server, postgres_url: str) -> None:  # type: ignore[no-untyped-def]
    missing_url = postgres_server.url_for("no_such_book")
    missing = agent_desk("--db", missing_url, "queue")
    assert missing.code == 1
    assert missing.err.startswith(
        f"agent-desk: The PostgreSQL server has no such database: {missing_url.replace('+psycopg', '')} ("
    )
    empty = agent_desk("--db", postgres_url, "queue")
    assert empty.code == 1
    assert "holds no Agent Desk tables" in empty.err
    created = agent_desk("--db", postgres_url, "db", "upgrade")
    assert created.code == 0, created.err
    assert agent_desk("--db", postgres_url, "queue").code == 0


def test_creating_commands_create_and_the_others_do_not(tmp_path: Path) -> None:
    book = tmp_path / "new" / "book.sqlite3"
    assert agent_desk("--db", f"sqlite:///{book}", "db", "current").code == 1
    assert agent_desk("--db", f"sqlite:///{book}", "post-payments", str(tmp_path / "x.csv")).code == 2
    assert not book.parent.exists()
    assert agent_desk("--db", f"sqlite:///{book}", "db", "upgrade").code == 0
    assert book.exists()
    with contextlib.closing(sqlite3.connect(book)) as connection:  # seeded at creation, so reads never write
        assert connection.execute("SELECT count(*) FROM strategy_stages").fetchone()[0] > 0
        assert connection.execute("SELECT count(*) FROM dispositions").fetchone()[0] > 0


@pytest.mark.parametrize(
    ("argv", "code", "starts"),
    [
        (["--at", "yesterday", "queue"], 2, "agent-desk: --at “yesterday” is not a time"),
        (["--db", "sqlite:////nonexistent-agent-desk/x.sqlite3", "queue"], 1, "agent-desk: No Agent Desk database"),
    ],
)
def test_through_the_real_entry_point_nothing_but_the_paragraph(argv: list[str], code: int, starts: str) -> None:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    result = subprocess.run(
        [sys.executable, "-m", "ui.app", *argv], capture_output=True, text=True, env=env, timeout=60, check=False
    )
    assert result.returncode == code
    assert result.stderr.startswith(starts) and result.stderr.count("\n") == 1, result.stderr
    assert result.stdout == ""
    assert not Path("/nonexistent-agent-desk").exists()

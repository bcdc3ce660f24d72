"""The first frame's queue page (read through sqlite3 before SQLAlchemy loads) is the page the desk shows, and it
is refused wherever the desk would show something else (issue 19)."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import update

from agent_desk.clock import FrozenClock
from agent_desk.context import open_context
from agent_desk.demo import generate_portfolio
from agent_desk.first_frame.page import NoFirstFrameError, read_first_page
from agent_desk.worklist import count_ready, queue_lines, rebuild_worklist
from agent_desk.worklist.clock_check import rebuild_needed
from db.models import WorklistEntry
from tests.support.files import read_only

NOW = dt.datetime(2026, 11, 24, 3, 0, tzinfo=dt.UTC)  # Tuesday 10:00 WIB


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("first-frame") / "book.sqlite3"
    context = open_context(f"sqlite:///{path}")
    generate_portfolio(context.database, accounts=300, seed=5, now=NOW)
    rebuild_worklist(context.database, FrozenClock(NOW))
    context.close()
    return path


@pytest.fixture
def book(template: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "book.sqlite3"
    with sqlite3.connect(template) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    return copy


def _page(book: Path, now: dt.datetime = NOW, login: str | None = None, simulated: bool = True):  # type: ignore[no-untyped-def]
    return read_first_page(f"sqlite:///{book}", now, simulated=simulated, login=login, page_size=50)


def test_the_page_is_the_queue_the_desk_reads_row_for_row(book: Path) -> None:
    context = open_context(f"sqlite:///{book}", create=False)
    clock = FrozenClock(NOW)
    try:
        first = _page(book)
        agent = first.agent
        with context.database.transaction(write=True) as session:  # another agent holds the top customer
            top = first.lines[0].customer_id
            session.execute(
                update(WorklistEntry)
                .where(WorklistEntry.customer_id == top)
                .values(lease_user_id=agent.id + 1, lease_until=NOW + dt.timedelta(minutes=5))
            )
        page = _page(book)
        assert page.lines == tuple(queue_lines(context.database, clock, agent.id, limit=50))
        assert top not in [line.customer_id for line in page.lines]
        assert page.ready_count == count_ready(context.database, clock, agent.id) > 50
        assert page.more(50, 50) == queue_lines(context.database, clock, agent.id, offset=50, limit=50)
        assert page.lines[0].why and page.lines[0].arrears > 0  # the reasons and the sums, decoded
        other = next(line for line in page.lines if line.customer_id != top)
        assert other == next(line for line in queue_lines(context.database, clock, agent.id, limit=50) if line == other)
    finally:
        context.close()


def test_no_page_when_the_clock_check_would_rebuild_the_worklist(book: Path) -> None:
    context = open_context(f"sqlite:///{book}", create=False)
    try:
        for moment, simulated in ((NOW + dt.timedelta(hours=3), True), (NOW - dt.timedelta(hours=1), False)):
            assert rebuild_needed(context.database, FrozenClock(moment)).rebuild  # the desk would rebuild it
            with pytest.raises(NoFirstFrameError, match="rebuilt"):
                _page(book, moment, simulated=simulated)
        _page(book, NOW + dt.timedelta(minutes=4))  # within the clock check's tolerance: shown
    finally:
        context.close()


def test_no_page_for_a_read_only_file(book: Path) -> None:
    with read_only(book), pytest.raises(NoFirstFrameError, match="read-only"):
        _page(book)


def test_no_page_for_a_schema_at_another_revision(book: Path) -> None:
    with sqlite3.connect(book) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0700'")
    with pytest.raises(NoFirstFrameError, match="schema"):
        _page(book)


@pytest.mark.parametrize(
    "url",
    ["postgresql://desk@db.example/agentdesk", "sqlite://", "sqlite:///:memory:", "sqlite:////no/such/dir/x.sqlite3"],
)
def test_no_page_unless_an_existing_sqlite_file(url: str) -> None:
    with pytest.raises(NoFirstFrameError):
        read_first_page(url, NOW, simulated=True, login=None, page_size=50)


def test_no_page_for_a_practice_database_or_a_user_who_needs_the_sign_in_dialog(book: Path) -> None:
    first = _page(book)
    with sqlite3.connect(book) as connection:
        connection.execute("UPDATE user_passwords SET demo = 0 WHERE user_id = ?", (first.agent.id,))
    with pytest.raises(NoFirstFrameError, match="demo agent"):
        _page(book, login=first.agent.login)
    with pytest.raises(NoFirstFrameError, match="demo agent"):
        _page(book, login="admin")  # not an agent: the desk starts the normal way
    with sqlite3.connect(book) as connection:
        connection.execute("UPDATE user_passwords SET demo = 1")
        connection.execute("UPDATE customers SET customer_number = 'PRACTICE-' || customer_number")
    with pytest.raises(NoFirstFrameError, match="practice"):
        _page(book)


def test_no_page_while_an_import_is_being_applied(book: Path) -> None:
    """An unfinished SQLite import's customers are kept from the desk's queue: the early page would show them."""
    assert _page(book).lines
    with sqlite3.connect(book) as connection:
        connection.execute(
            "INSERT INTO import_runs (started_at, finished_at, file_name, file_fingerprint, file_size,"
            " mapping_fingerprint, skip_bad_rows, full_portfolio, rows_read, rows_imported, rows_rejected, warnings,"
            " counts, status) VALUES ('2026-11-24 02:00:00', '2026-11-24 02:00:00', 'book.csv', 'f', 1, 'm', 0, 0,"
            " 0, 0, 0, 0, '{\"customers_from\": 1, \"accounts_from\": 1}', 'applying')"
        )
    with pytest.raises(NoFirstFrameError, match="import"):
        _page(book)


def test_the_page_keeps_nothing_open_and_writes_nothing(book: Path) -> None:
    before = book.read_bytes()
    assert _page(book).lines
    assert book.read_bytes() == before


def test_the_values_the_first_frame_repeats_are_the_models_and_the_domain_s() -> None:
    """agent_desk.first_frame.page runs before db.models may be imported, so it spells a few values out; they must
    stay the ones the real queue uses (a new closed status, a renamed role or prefix would show other rows)."""
    from agent_desk.auth.guard import PRACTICE_PREFIX
    from agent_desk.first_frame import page
    from agent_desk.worklist.queue_view import CLOSED
    from db.models.enums import AccountStatus, Role

    assert set(page.CLOSED_STATUSES) == {status.value for status in CLOSED}
    assert set(page.CLOSED_STATUSES) <= {status.value for status in AccountStatus}
    assert page.PRACTICE_PREFIX == PRACTICE_PREFIX
    assert Role.AGENT.value == page.AGENT_ROLE

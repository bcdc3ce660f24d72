"""Fixtures of the practice tests: a small production book to practise beside."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

NOW = dt.datetime(2026, 11, 24, 2, 30, tzinfo=dt.UTC)  # Tuesday 09:30 WIB


@pytest.fixture(scope="session")
def book_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from agent_desk.context import open_context
    from agent_desk.demo import generate_portfolio

    path = tmp_path_factory.mktemp("practice-book") / "book.sqlite3"
    context = open_context(f"sqlite:///{path}")
    generate_portfolio(context.database, accounts=60, seed=5, now=NOW)
    context.close()
    return path


@pytest.fixture
def book_url(book_template: Path, tmp_path: Path) -> str:
    """A private copy of the production book (the practice database will be made beside it)."""
    copy = tmp_path / "book.sqlite3"
    with sqlite3.connect(book_template) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    return f"sqlite:///{copy}"


@pytest.fixture
def gui_context(book_url: str, qapp):  # type: ignore[no-untyped-def]
    """The production book for a GUI test, the clock frozen on a Tuesday morning; practice databases closed after."""
    from PySide6.QtCore import QCoreApplication

    from agent_desk.clock import FrozenClock
    from agent_desk.context import open_context
    from ui.practice.launch import forget_practice_databases

    QCoreApplication.setOrganizationName("AgentDesk-tests")
    QCoreApplication.setApplicationName("agent-desk-practice-tests")
    context = open_context(book_url)
    context.clock = FrozenClock(NOW)
    yield context
    forget_practice_databases()
    context.close()


@pytest.fixture
def background(qapp):  # type: ignore[no-untyped-def]
    from ui.background import Background

    pool = Background()
    yield pool
    assert pool.wait(10_000), "a background task was still running at the end of the test"


@pytest.fixture
def people(gui_context):  # type: ignore[no-untyped-def]
    """The book's users by login."""
    from agent_desk.portfolio import list_users

    with gui_context.database.session() as session:
        return {user.login: user for user in list_users(session)}


@pytest.fixture
def espeak() -> None:
    from agent_desk.practice.voice import espeak_available
    from tests.conftest import skip_or_fail

    if not espeak_available():
        skip_or_fail("espeak-ng is not installed (scripts/setup installs it)")


@pytest.fixture(scope="session")
def pulse() -> object:
    """The test run's PulseAudio (a null-sink speaker, a FIFO microphone), which Qt Multimedia uses."""
    from tests.conftest import PULSE, PULSE_PROBLEM, skip_or_fail

    if PULSE is None:
        skip_or_fail(PULSE_PROBLEM)
    return PULSE

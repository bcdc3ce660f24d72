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

"""Supervisor GUI tests reuse the GUI folder's demo book and fixtures; the recording test the softphone's."""

from __future__ import annotations

from tests.softphone.conftest import customer, database, make_engine, pulse  # noqa: F401
from tests.ui.conftest import background, context, demo_db_url, users, window  # noqa: F401

"""Test-wide set-up: Qt's offscreen platform, an isolated home for settings and data, shared fixtures."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

# Before anything imports Qt: real widgets without a display, and per-run homes for settings/data/logs.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_HOME = Path(tempfile.mkdtemp(prefix="agent-desk-tests-"))
os.environ["XDG_CONFIG_HOME"] = str(_HOME / "config")
os.environ["XDG_DATA_HOME"] = str(_HOME / "data")
os.environ["XDG_STATE_HOME"] = str(_HOME / "state")
os.environ["XDG_CACHE_HOME"] = str(_HOME / "cache")

import pytest  # noqa: E402

from tests.support.desk_look import desk_language  # noqa: E402, F401 - a fixture for every folder
from tests.support.pulse import shared_pulse  # noqa: E402
from tests.support.sip_fixtures import kamailio, kamailio_with, sipp  # noqa: E402, F401 - fixtures for every folder

# Qt Multimedia looks for the sound server once per process and never again: ours is started while the tests
# are collected, before any test touches Qt Multimedia (the softphone pane does, in several folders).
PULSE, PULSE_PROBLEM = shared_pulse()


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "requires_service(name): needs a real service started by the tests")


def services_required() -> bool:
    """In CI (and the README's test command) a missing service is a failure, not a skip."""
    return os.environ.get("AGENT_DESK_REQUIRE_SERVICES") == "1"


def skip_or_fail(reason: str) -> None:
    if services_required():
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def postgres_server():  # type: ignore[no-untyped-def]
    """A real PostgreSQL server for this test session (skipped locally, failed in CI, when none exists)."""
    from tests.support.postgres import start_postgres

    try:
        server = start_postgres()
    except (FileNotFoundError, OSError) as error:
        skip_or_fail(f"PostgreSQL is not available: {error}")
    yield server
    server.stop()


@pytest.fixture
def postgres_url(postgres_server, request):  # type: ignore[no-untyped-def]
    """A fresh, empty database on the session's PostgreSQL server."""
    import re
    import uuid

    name = re.sub(r"\W", "_", request.node.name.lower())[:40] + "_" + uuid.uuid4().hex[:8]
    return postgres_server.create_database(name)


@pytest.fixture
def sqlite_url(tmp_path):  # type: ignore[no-untyped-def]
    return f"sqlite:///{tmp_path / 'agent-desk.sqlite3'}"

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


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "requires_service(name): needs a real service started by the tests")


def services_required() -> bool:
    """In CI (and the README's test command) a missing service is a failure, not a skip."""
    return os.environ.get("AGENT_DESK_REQUIRE_SERVICES") == "1"


def skip_or_fail(reason: str) -> None:
    if services_required():
        pytest.fail(reason)
    pytest.skip(reason)

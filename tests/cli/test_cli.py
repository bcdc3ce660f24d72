"""The headless CLI as an admin uses it, in a real subprocess through the installed entry point."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ENTRY = [sys.executable, "-c", "import sys; from ui.app import main; sys.exit(main())"]
ROOT = Path(__file__).resolve().parents[2]


def agent_desk(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([*ENTRY, *args], capture_output=True, text=True, timeout=timeout, env=env, check=False)


def test_db_upgrade_then_current(sqlite_url: str) -> None:
    first = agent_desk("--db", sqlite_url, "db", "upgrade")
    assert first.returncode == 0, first.stderr
    assert "upgraded" in first.stdout
    again = agent_desk("--db", sqlite_url, "db", "upgrade")
    assert "up to date" in again.stdout
    current = agent_desk("--db", sqlite_url, "db", "current")
    head = current.stdout.split("(head: ")[1].rstrip(")\n")
    assert current.stdout.startswith(head)


def test_demo_data_writes_and_then_refuses_to_write_twice(sqlite_url: str) -> None:
    first = agent_desk("--db", sqlite_url, "demo-data", "--accounts", "40", "--seed", "2")
    assert first.returncode == 0, first.stderr
    assert "40 accounts" in first.stdout
    second = agent_desk("--db", sqlite_url, "demo-data", "--accounts", "40", "--seed", "2")
    assert second.returncode == 2
    assert "already holds" in second.stderr and "Traceback" not in second.stderr


def test_indonesian_output(sqlite_url: str) -> None:
    result = agent_desk("--db", sqlite_url, "--lang", "id", "demo-data", "--accounts", "5", "--quiet")
    assert "rekening" in result.stdout


def test_a_password_in_the_database_url_is_refused_plainly() -> None:
    result = agent_desk("--db", "postgresql://agent:secret@127.0.0.1/x", "db", "current")
    assert result.returncode == 2
    assert "keyring" in result.stderr and "Traceback" not in result.stderr
    assert "secret" not in result.stderr


@pytest.mark.gui
def test_smoke_opens_the_window_and_exits_zero(sqlite_url: str) -> None:
    agent_desk("--db", sqlite_url, "demo-data", "--accounts", "30", "--quiet")
    env_note = "QT_QPA_PLATFORM" in os.environ
    result = agent_desk("--db", sqlite_url, "--smoke")
    assert result.returncode == 0, (env_note, result.stdout, result.stderr)
    assert "smoke test passed" in result.stdout

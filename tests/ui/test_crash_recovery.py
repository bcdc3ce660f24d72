"""A desk killed with SIGKILL in the middle of a wrap-up loses nothing and saves the outcome exactly once."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from agent_desk.context import open_context
from db.models import Outcome
from tests.support.processes import start_child

ROOT = Path(__file__).resolve().parents[2]
RUNS = 20
NOTES = "Nasabah minta keringanan, sanggup bayar separuh minggu depan"

# Twenty desk start-ups: ~2.5 min on a quiet machine, more when it is busy.
pytestmark = [pytest.mark.gui, pytest.mark.slow, pytest.mark.timeout(900)]


def _desk(url: str, drafts: Path, mode: str) -> subprocess.Popen[bytes]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen")
    return start_child(
        [sys.executable, "-m", "tests.ui.crash_driver", url, str(drafts), mode],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
        cwd=ROOT,
    )


def _line(process: subprocess.Popen[bytes], prefix: str) -> str:
    assert process.stdout is not None
    for raw in process.stdout:
        line = raw.decode().strip()
        if line.startswith(prefix):
            return line
        if line == "TIMEOUT":
            break
    raise AssertionError(f"the desk never said {prefix}")


def test_killed_twenty_times_restored_twenty_times_saved_once_each(demo_db_url: str, tmp_path: Path) -> None:
    book = tmp_path / "book.sqlite3"
    with sqlite3.connect(demo_db_url.removeprefix("sqlite:///")) as source, sqlite3.connect(book) as target:
        source.backup(target)
    url = f"sqlite:///{book}"
    drafts = tmp_path / "drafts"
    restored = 0
    for run in range(RUNS):
        mode = "type-save-die" if run % 4 == 3 else "type"
        desk = _desk(url, drafts, mode)
        line = _line(desk, "COMMITTED" if mode == "type-save-die" else "DRAFT")
        key = line.split()[1]
        if mode == "type":
            desk.send_signal(signal.SIGKILL)
        desk.wait(timeout=30)
        assert desk.returncode == -signal.SIGKILL

        again = _desk(url, drafts, "restore")
        line = _line(again, "RESTORED")
        assert line.startswith(f"RESTORED {key} hardship ")
        assert NOTES in line
        _line(again, "SAVED")
        again.wait(timeout=30)
        assert again.returncode == 0
        context = open_context(url)
        with context.database.session() as session:
            saved = session.scalar(select(func.count()).select_from(Outcome).where(Outcome.draft_key == key))
        context.close()
        assert saved == 1, f"run {run}: the outcome was saved {saved} times"
        assert not list(drafts.glob("*.draft.json")), f"run {run}: a draft was left behind"
        restored += 1
    assert restored == RUNS

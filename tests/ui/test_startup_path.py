"""What the desk loads before it is usable: the heavy libraries stay out of the start-up path (issue 19).

A real ``agent-desk --smoke`` start in a fresh interpreter, on a small demo book, notes ``sys.modules`` at the
moment it prints "the queue's first row painted"; every module named below loads later, on first use. Without this
a single top-level import (scipy for the experiments, the outbox's delivery, the practice engine) slows every
agent's start by a second and nobody notices.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
AT = "2026-11-24T10:00+07:00"  # a Tuesday morning in Jakarta: the demo book's agents have callable customers

# Not needed to paint the agent's queue; each costs from 20 ms to 0.7 s of CPU at start.
HEAVY = (
    "scipy",
    "numpy",
    "lightgbm",
    "sklearn",
    "pyqtgraph",
    "pjsua2",
    "argon2",
    "phonenumbers",
    "holidays",
    "keyring",
    "alembic",
    "sqlalchemy.dialects.postgresql",
    "psycopg",
    "PySide6.QtMultimedia",
    "agent_desk.experiments.compare",
    "agent_desk.reporting",
    "agent_desk.scoring",
    "agent_desk.outbox.delivery",
    "agent_desk.outbox.worker",
    "agent_desk.practice",
    "agent_desk.demo",
    "agent_desk.importer",
    "agent_desk.softphone.engine",
    "ui.practice",
    "ui.supervisor.dashboard",
)

# Runs the real entry point; stdout is wrapped so that sys.modules is written down when the row has painted.
PROBE = """
import json, sys
from ui.app import main

real = sys.stdout
class Tee:
    def write(self, text):
        if "first row painted" in text:
            with open(sys.argv[1], "w") as out:
                json.dump(sorted(sys.modules), out)
        return real.write(text)
    def flush(self):
        real.flush()

sys.stdout = Tee()
sys.exit(main(sys.argv[2:]))
"""


def _run(*args: str, probe: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen")
    command = [sys.executable, "-c", PROBE, str(probe), *args] if probe else [sys.executable, "-m", "ui.app", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=180, env=env, cwd=ROOT, check=False)


@pytest.mark.gui
def test_the_queue_paints_before_any_heavy_module_loads(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'book.sqlite3'}"
    made = _run("--db", url, "--at", AT, "demo-data", "--accounts", "40", "--quiet")
    assert made.returncode == 0, made.stderr
    loaded_file = tmp_path / "modules.json"
    started = _run("--db", url, "--at", AT, "--smoke", probe=loaded_file)
    assert started.returncode == 0, started.stdout + started.stderr
    assert "the queue's first row painted" in started.stdout  # the row path was really taken
    loaded = set(json.loads(loaded_file.read_text()))
    assert "agent_desk.worklist" in loaded and "PySide6.QtWidgets" in loaded  # the probe saw the real start
    early = sorted({heavy for name in loaded for heavy in HEAVY if name == heavy or name.startswith(heavy + ".")})
    assert early == [], f"loaded before the queue's first row painted: {early}"


def test_version_loads_neither_qt_nor_the_database() -> None:
    probe = (
        "import sys, contextlib, io\n"
        "from ui.app import main\n"
        "with contextlib.suppress(SystemExit), contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(['--version'])\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'sqlalchemy', 'db')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, cwd=ROOT, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"

"""What the desk loads before it is usable: the heavy libraries stay out of the start-up path (issue 19).

A real ``agent-desk --smoke`` start in a fresh interpreter, on a small demo book, notes ``sys.modules`` at the
moment it prints "the queue's first row painted" (the first frame, ui/first_frame.py: the stored queue painted
before SQLAlchemy and the domain load) and at "hand-over done" (the real window, interactive); every module named
below loads later, on first use. Without this a single top-level import (scipy for the experiments, the outbox's
delivery, the practice engine) slows every agent's start by a second and nobody notices.
"""

from __future__ import annotations

import json
import os
import shutil
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
    "agent_desk.softphone.events",  # its dataclasses ≈ 0.01 s: with the softphone, after the first paint
    "agent_desk.experiments.design",  # ≈ 0.01 s: when a customer's script is chosen
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
        for marker, suffix in (
            ("first row painted", ".first"), ("hand-over done", ".handed"), ("sign-in dialog painted", ".dialog")
        ):
            if marker in text:
                with open(sys.argv[1] + suffix, "w") as out:
                    json.dump(sorted(sys.modules), out)
        return real.write(text)
    def flush(self):
        real.flush()

sys.stdout = Tee()
sys.exit(main(sys.argv[2:]))
"""


def _run(*args: str, probe: Path | None = None, **variables: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen", **variables)
    command = [sys.executable, "-c", PROBE, str(probe), *args] if probe else [sys.executable, "-m", "ui.app", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=180, env=env, cwd=ROOT, check=False)


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('startup') / 'book.sqlite3'}"
    made = _run("--db", url, "--at", AT, "demo-data", "--accounts", "40", "--quiet")
    assert made.returncode == 0, made.stderr
    return url


def _modules(probe: Path, suffix: str) -> set[str]:
    return set(json.loads(probe.with_name(probe.name + suffix).read_text()))


def _heavy(loaded: set[str]) -> list[str]:
    return sorted({heavy for name in loaded for heavy in HEAVY if name == heavy or name.startswith(heavy + ".")})


@pytest.mark.gui
def test_the_queue_paints_before_the_domain_loads_and_hands_over_before_any_heavy_module(
    book: str, tmp_path: Path
) -> None:
    probe = tmp_path / "modules.json"
    started = _run("--db", book, "--at", AT, "--smoke", probe=probe)
    assert started.returncode == 0, started.stdout + started.stderr
    out = started.stdout
    assert out.index("the queue's first row painted") < out.index("hand-over done") < out.index("smoke test passed")
    first, handed = _modules(probe, ".first"), _modules(probe, ".handed")
    assert "ui.first_frame" in first and "PySide6.QtWidgets" in first  # the first frame painted the row
    domain = sorted(
        name for name in first if name.split(".")[0] == "sqlalchemy" or name.startswith(("db.models", "db.engine"))
    )
    assert domain == [], f"loaded before the first frame's row painted: {domain[:5]}"
    assert "agent_desk.worklist" not in first and "agent_desk.context" not in first
    assert "agent_desk.worklist" in handed and "ui.main_window" in handed  # the probe saw the real desk
    assert _heavy(first | handed) == [], f"loaded before the hand-over: {_heavy(first | handed)}"


@pytest.mark.gui
def test_a_worklist_the_clock_check_rebuilds_gets_no_first_frame(book: str, tmp_path: Path) -> None:
    copy = tmp_path / "book.sqlite3"  # the rebuild writes: the other tests keep the book as it was
    shutil.copy(book.removeprefix("sqlite:///"), copy)
    probe = tmp_path / "modules.json"
    later = "2026-11-24T15:00+07:00"  # the book's worklist was computed for 10:00: the desk rebuilds it first
    started = _run("--db", f"sqlite:///{copy}", "--at", later, "--smoke", probe=probe)
    assert started.returncode == 0, started.stdout + started.stderr
    first = _modules(probe, ".first")
    assert "agent_desk.worklist" in first and "ui.main_window" in first  # the row painted is the real window's
    assert "hand-over done" in started.stdout  # ...and the desk is interactive from that moment


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


@pytest.mark.gui
def test_the_sign_in_dialog_paints_before_the_domain_loads_and_cancel_exits_cleanly(book: str, tmp_path: Path) -> None:
    """No --user: the password is asked in a dialog painted with Qt alone (ui.early_sign_in); the probe then
    presses Cancel, and the desk ends once the load has finished, opening nothing."""
    probe = tmp_path / "modules.json"
    home = tmp_path / "home"
    started = _run(
        "--db", book, "--at", AT, probe=probe, AGENT_DESK_SIGN_IN_PROBE="1",
        XDG_CONFIG_HOME=str(home / "config"), XDG_DATA_HOME=str(home / "data"), XDG_CACHE_HOME=str(home / "cache"),
    )  # fmt: skip
    assert started.returncode == 0, started.stdout + started.stderr
    assert "the sign-in dialog painted" in started.stdout and "Traceback" not in started.stderr
    assert "first row painted" not in started.stdout and "hand-over done" not in started.stdout  # nothing opened
    shown = _modules(probe, ".dialog")
    assert "ui.sign_in" in shown and "PySide6.QtWidgets" in shown
    domain = sorted(
        name
        for name in shown
        if name.split(".")[0] in ("sqlalchemy", "argon2") or name.startswith(("db.", "agent_desk.auth"))
    )
    assert domain == [], f"loaded before the sign-in dialog painted: {domain[:5]}"


@pytest.mark.gui
def test_signing_in_with_a_password_once_the_desk_has_loaded_opens_the_agents_queue(book: str, tmp_path: Path) -> None:
    """The password path bench/startup.py times: the probe types agent01's name and the demo password once the
    desk has loaded behind the dialog and presses Sign in; the agent's queue then paints and the desk is
    interactive (as --smoke checks it)."""
    home = tmp_path / "home"
    started = _run(
        "--db", book, "--at", AT, AGENT_DESK_SIGN_IN_PROBE="sign-in:agent01",
        XDG_CONFIG_HOME=str(home / "config"), XDG_DATA_HOME=str(home / "data"), XDG_CACHE_HOME=str(home / "cache"),
    )  # fmt: skip
    assert started.returncode == 0, started.stdout + started.stderr
    out = started.stdout
    order = ("sign-in dialog painted", "Sign in pressed", "first row painted", "hand-over done", "smoke test passed")
    assert [out.find(line) for line in order] == sorted(out.find(line) for line in order) and -1 not in [
        out.find(line) for line in order
    ], out
    assert "Traceback" not in started.stderr


@pytest.mark.gui
@pytest.mark.parametrize("case", ["truncated", "unreachable"])
def test_a_database_that_cannot_open_behind_the_early_dialog_ends_with_one_paragraph(
    book: str, tmp_path: Path, case: str
) -> None:
    """The dialog painted before the domain loaded; the database then cannot open (an SQLite file cut short, a
    PostgreSQL server nobody answers at): one paragraph saying what and what to do, no traceback, exit 1, no
    desk."""
    if case == "truncated":
        cut = tmp_path / "cut.sqlite3"
        cut.write_bytes(Path(book.removeprefix("sqlite:///")).read_bytes()[:20_480])
        url, says = f"sqlite:///{cut}", "is damaged"
    else:
        url, says = "postgresql://agent@127.0.0.1:1/agentdesk", "Cannot reach the PostgreSQL server"
    home = tmp_path / "home"
    started = _run(
        "--db", url, "--at", AT, AGENT_DESK_SIGN_IN_PROBE="sign-in:agent01",
        XDG_CONFIG_HOME=str(home / "config"), XDG_DATA_HOME=str(home / "data"), XDG_CACHE_HOME=str(home / "cache"),
    )  # fmt: skip
    assert started.returncode == 1, started.stdout + started.stderr
    assert "sign-in dialog painted" in started.stdout and "Sign in pressed" not in started.stdout
    said = [line for line in started.stderr.splitlines() if line.startswith("agent-desk: ")]
    assert len(said) == 1 and says in said[0], started.stderr
    assert "Traceback" not in started.stderr and "first row painted" not in started.stdout


def test_no_module_of_ours_switches_pyside_features_on() -> None:
    """ui.app imports the windows' modules past PySide6's import hook, which only modules using ``__feature__``
    (snake_case, true_property) need: none of ours may."""
    using = [
        str(path.relative_to(ROOT))
        for folder in ("ui", "agent_desk", "db")
        for path in (ROOT / folder).rglob("*.py")
        if "import __feature__" in path.read_text(encoding="utf-8")
        or "from __feature__" in path.read_text(encoding="utf-8")
    ]
    assert using == []

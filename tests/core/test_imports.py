"""Every module of the domain imports on its own: no package depends on being imported through another first."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Runs in a fresh interpreter: for each module, forget every agent_desk module loaded so far and import it alone.
# db and third-party modules stay loaded (they are not what can be circular here, and reloading the ORM models
# would only re-declare them).
PROBE = """
import importlib, pkgutil, sys, traceback
import agent_desk
names = sorted(m.name for m in pkgutil.walk_packages(agent_desk.__path__, "agent_desk."))
failed = []
for name in names:
    for loaded in [m for m in sys.modules if m == "agent_desk" or m.startswith("agent_desk.")]:
        del sys.modules[loaded]
    try:
        importlib.import_module(name)
    except Exception:
        failed.append(name + ": " + traceback.format_exc(limit=1).strip().splitlines()[-1])
print(len(names))
print("\\n".join(failed))
"""


def test_every_domain_module_imports_alone() -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, timeout=240, check=False
    )
    assert done.returncode == 0, done.stderr
    count, *failures = done.stdout.strip().splitlines()
    assert int(count) > 50  # the walk really found the domain
    assert failures == []


def test_scheduling_outcomes_imports_first() -> None:
    """The case that used to fail: the outcome save service imported before anything of the worklist."""
    done = subprocess.run(
        [sys.executable, "-c", "import agent_desk.scheduling.outcomes as o; print(o.save_outcome.__name__)"],
        cwd=ROOT,
        check=False,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "save_outcome"

"""Workspace benchmark: from *Next* to the customer's profile fully painted, as the agent sees it.

    python bench/workspace.py                          # 10k and 1M accounts (the 1M book takes a while once)
    python bench/workspace.py --sizes 10000 --samples 100

Each size's demo book comes from bench/worklist.py's pristine copy (written once under --workdir); this script
adds the built worklist once (kept as ``bench-workspace-N.ready.sqlite3``) and works on a fresh copy per run.
The real main window runs on the offscreen platform with the clock frozen on a Tuesday at 10:00 WIB. One sample:
the customer on screen is skipped (not timed), then the clock starts, *Next* is pressed, and the clock stops once
the lease has come back, the profile, script and wrap-up have been filled and the workspace has painted
(a synchronous repaint). The time is split into the service part (lease + profile + contact status, on the worker
thread) and the GUI part (filling and painting).
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

from agent_desk.clock import FrozenClock
from agent_desk.context import AppContext
from agent_desk.credentials import CredentialStore
from agent_desk.drafts import DraftStore
from agent_desk.portfolio import list_users
from agent_desk.worklist import rebuild_worklist, skip_customer
from db import migrate
from db.engine import open_database
from ui.background import Background
from ui.main_window import MainWindow
from ui.settings import Settings

_spec = importlib.util.spec_from_file_location("bench_worklist", Path(__file__).with_name("worklist.py"))
assert _spec is not None
assert _spec.loader is not None
bench_worklist = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench_worklist)
NOW = bench_worklist.NOW


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def ready_book(workdir: Path, accounts: int) -> Path:
    """A working copy of the book with its worklist built (the built book is kept for later runs)."""
    ready = workdir / f"bench-workspace-{accounts}.ready.sqlite3"
    if not ready.exists():
        database, _ = bench_worklist.prepare(workdir, accounts)
        say(f"building the worklist of the {accounts:,}-account book …")
        started = time.perf_counter()
        rebuild_worklist(database, FrozenClock(NOW))
        say(f"  built in {time.perf_counter() - started:.0f} s")
        with database.engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        source = Path(str(database.url.database))
        database.dispose()
        shutil.move(source, ready)
    working = workdir / f"bench-workspace-{accounts}.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{working}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(ready, working)
    return working


def warm(path: Path) -> None:
    """Read the book once so that every size starts from the page cache (steady state, as on a desk at work)."""
    with path.open("rb") as handle:
        while handle.read(16 << 20):
            pass


def run_size(app: QApplication, path: Path, samples: int) -> dict[str, list[float]]:
    database = open_database(f"sqlite:///{path}")
    migrate.upgrade(database)
    clock = FrozenClock(NOW)
    context = AppContext(database=database, clock=clock, credentials=CredentialStore())
    with database.session() as session:
        agents = [user for user in list_users(session) if user.role.value == "agent"]
    agent = agents[0]
    background = Background()
    drafts = DraftStore(Path(tempfile.mkdtemp(prefix="bench-drafts-")))
    window = MainWindow(context, agent, Settings(), background, drafts=drafts)
    window.resize(1366, 768)
    window.show()
    window.start()
    workspace = window.workspace
    assert workspace is not None
    loop = workspace.loop
    timings: dict[str, list[float]] = {"total": [], "service": [], "gui": []}
    service_done: list[float] = []
    original = loop._leased

    def leased(result: object) -> None:
        service_done.append(time.perf_counter())
        original(result)  # type: ignore[arg-type]

    loop._leased = leased  # type: ignore[method-assign]
    for index in range(samples + 5):  # the first few warm the caches and are not counted
        current = loop.current
        if current is not None:
            skip_customer(database, clock, agent.id, current.profile.id, "other", "benchmark")
            loop._close()
        service_done.clear()
        started = time.perf_counter()
        loop.next_customer()
        while loop.current is None:
            app.processEvents()
            if time.perf_counter() - started > 30:
                raise RuntimeError("Next did not answer within 30 s")
        workspace.repaint()  # paint now, synchronously: the profile as the agent sees it
        finished = time.perf_counter()
        if index >= 5:
            timings["total"].append(finished - started)
            timings["service"].append(service_done[0] - started)
            timings["gui"].append(finished - service_done[0])
    window.close()
    background.wait()
    database.dispose()
    return timings


def pct(values: list[float]) -> tuple[float, float]:
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return statistics.median(values) * 1e3, cuts[94] * 1e3


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000,1000000")
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "bench")
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    app = QApplication([])
    QCoreApplication.setOrganizationName("AgentDesk-bench")
    sizes = [int(size) for size in args.sizes.split(",")]
    books = {size: ready_book(args.workdir, size) for size in sizes}
    results = {}
    for size in sizes:
        warm(books[size])
        say(f"measuring {size:,} accounts …")
        results[size] = run_size(app, books[size], args.samples)
    print(f"Next → profile painted, {args.samples} samples per size, {time.strftime('%Y-%m-%d')}")
    print(f"{'accounts':>10} {'total p50':>10} {'total p95':>10} {'service p50':>12} {'gui p50':>8} {'gui p95':>8}")
    for size, timing in results.items():
        total, service, gui = pct(timing["total"]), pct(timing["service"]), pct(timing["gui"])
        print(
            f"{size:>10,} {total[0]:>8.1f}ms {total[1]:>8.1f}ms {service[0]:>10.1f}ms {gui[0]:>6.1f}ms {gui[1]:>6.1f}ms"
        )
    if len(sizes) >= 2:
        small, large = results[sizes[0]], results[sizes[-1]]
        ratio = pct(large["total"])[0] / pct(small["total"])[0]
        print(f"ratio {sizes[-1]:,}/{sizes[0]:,} (p50): {ratio:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

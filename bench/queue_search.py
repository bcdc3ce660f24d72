"""Queue search benchmark: what a search across the whole book costs, and what the agent's typing costs the GUI.

    python bench/queue_search.py                       # 1,000,000 accounts (≈ 667,000 customers)
    python bench/queue_search.py --accounts 10000

The book is written straight into the tables the queue reads (customers, accounts, worklist entries), all of them
in one agent's scope — the worst case for a search — and kept under --workdir for the next run. Two figures:

* **search** — :func:`agent_desk.worklist.queue_lines` with a search text, first page (50 rows), as the worker
  thread runs it: a name fragment, a rare name, a customer number.
* **typing** — the real queue pane on the offscreen platform; six characters are typed one by one as an agent
  types (120 ms apart). The longest time the GUI thread was busy in one go while the searches ran (the event loop's
  longest stall, seen by a 1 ms heartbeat timer), and the time from the last key to the rows on screen.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QElapsedTimer, QTimer
from PySide6.QtWidgets import QApplication
from sqlalchemy import insert, select

from agent_desk.clock import FrozenClock
from agent_desk.worklist import queue_lines
from db import migrate
from db.engine import Database, open_database
from db.models import Account, AccountStatus, Customer, Product, Role, Team, User, WorklistEntry

NOW = dt.datetime(2026, 11, 24, 3, 0, tzinfo=dt.UTC)
FIRST = ("Siti", "Dewi", "Agus", "Budi", "Rina", "Ahmad", "Yohanes", "Wayan", "Fitri", "Teguh", "Maria", "Lukman")
LAST = ("Santoso", "Lestari", "Wibowo", "Saputra", "Gunawan", "Hutapea", "Sembiring", "Nasution", "Tanoto", "Wenas")
BATCH = 20_000


def build(path: Path, accounts: int) -> tuple[Database, int]:
    fresh = not path.exists()
    database = open_database(f"sqlite:///{path}")
    migrate.upgrade(database)
    if not fresh:
        with database.session() as session:
            return database, int(session.scalar(select(User.id).where(User.login == "bench.agent")) or 0)
    customers = accounts * 2 // 3
    started = time.perf_counter()
    with database.transaction(write=True) as session:
        team = Team(name="Bench")
        session.add(team)
        session.flush()
        agent = User(login="bench.agent", display_name="Bench", role=Role.AGENT, team_id=team.id, created_at=NOW)
        session.add(agent)
        session.flush()
        agent_id, team_id = agent.id, team.id
    for first in range(1, customers + 1, BATCH):
        ids = range(first, min(first + BATCH, customers + 1))
        with database.transaction(write=True) as session:
            session.execute(
                insert(Customer),
                [
                    {
                        "id": i,
                        "customer_number": f"CIF{i:09d}",
                        "full_name": f"{FIRST[i % len(FIRST)]} {LAST[(i // 7) % len(LAST)]} {i % 997}",
                        "timezone": "Asia/Jakarta",
                        "assigned_user_id": agent_id,
                        "assigned_team_id": team_id,
                        "created_at": NOW,
                        "updated_at": NOW,
                    }
                    for i in ids
                ],
            )
            session.execute(
                insert(Account),
                [
                    {
                        "customer_id": i,
                        "account_number": f"PL{i:010d}{n}",
                        "product": Product.PERSONAL_LOAN,
                        "outstanding": Decimal(5_000_000 + i % 1000 * 1000),
                        "arrears": Decimal(500_000 + i % 100 * 1000),
                        "days_past_due": 10 + i % 80,
                        "bucket": "dpd_1_30",
                        "status": AccountStatus.DELINQUENT,
                        "created_at": NOW,
                        "updated_at": NOW,
                    }
                    for i in ids
                    for n in range(2 if i % 2 == 0 else 1)
                ],
            )
            session.execute(
                insert(WorklistEntry),
                [
                    {
                        "customer_id": i,
                        "assigned_user_id": agent_id,
                        "assigned_team_id": team_id,
                        "stage": "early",
                        "score": Decimal(i % 10_000) / 100,
                        "likelihood_to_pay": Decimal("0.3"),
                        "allowed": True,
                        "ready_at": NOW - dt.timedelta(hours=1),
                        "computed_at": NOW,
                    }
                    for i in ids
                ],
            )
    print(f"wrote {customers:,} customers in {time.perf_counter() - started:.0f} s")
    return database, agent_id


def search_figures(database: Database, agent_id: int, samples: int) -> None:
    clock = FrozenClock(NOW)
    terms = (("name fragment", "wibowo 12"), ("rare name", "nobody here"), ("customer number", "CIF0000421"))
    for label, term in terms:
        times = []
        for _ in range(samples):
            started = time.perf_counter()
            queue_lines(database, clock, agent_id, limit=50, search=term)
            times.append((time.perf_counter() - started) * 1000)
        print(f"search {label:16} median {statistics.median(times):8.1f} ms   max {max(times):8.1f} ms")


def typing_figures(database: Database, agent_id: int) -> None:
    from ui.background import Background
    from ui.panes.queue_pane import QueuePane

    app = QApplication.instance() or QApplication([])
    background = Background()
    clock = FrozenClock(NOW)
    pane = QueuePane(
        lambda offset, limit, waiting, search: queue_lines(
            database, clock, agent_id, offset=offset, limit=limit, waiting=waiting, search=search
        ),
        clock.now,
        background=background,
    )
    pane.resize(420, 700)
    pane.show()
    settled = time.perf_counter() + 0.5  # the first page painted before the clock starts
    while time.perf_counter() < settled:
        app.processEvents()
    beat = QElapsedTimer()
    longest = [0.0]

    def heartbeat() -> None:
        if beat.isValid():
            longest[0] = max(longest[0], beat.nsecsElapsed() / 1e6)
        beat.restart()

    timer = QTimer()
    timer.setInterval(1)
    timer.timeout.connect(heartbeat)
    timer.start()
    done = QElapsedTimer()
    for char in "wibowo":
        pane.search.setText(pane.search.text() + char)
        end = time.perf_counter() + 0.12
        while time.perf_counter() < end:
            app.processEvents()
    done.start()
    while pane.model.loading or pane.search_status.text() in ("", pane.tr("Searching…")):
        app.processEvents()
    shown = done.elapsed()
    background.wait()
    print(
        f"typing: longest GUI stall {longest[0]:.1f} ms (1 ms heartbeat); last key → rows on screen {shown} ms "
        f"({pane.model.rowCount()} rows, {pane.search_status.text()})"
    )
    timer.stop()
    pane.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--accounts", type=int, default=1_000_000)
    parser.add_argument("--samples", type=int, default=5)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/agent-desk-bench"))
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    database, agent_id = build(args.workdir / f"queue-search-{args.accounts}.sqlite3", args.accounts)
    search_figures(database, agent_id, args.samples)
    typing_figures(database, agent_id)
    database.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Profile pane benchmark: ``show_profile`` and the paint that follows, on the customers with the most history.

    python bench/profile_pane.py --db sqlite:////tmp/demo10k.db          # 200 customers, the demo's clock
    python bench/profile_pane.py --db URL --customers 200 --size 560x420 --tab all

The profiles and contact checks are loaded first (the workspace does that off the GUI thread, and the workspace's
own benchmark times the whole *Next* path); only the GUI-thread part is timed here:

* show: ``show_profile`` (models reset, header, chart data);
* layout + paint: the event loop until idle (``processEvents``): the layouts, the paint of the pane (the header
  and the visible tab) and whatever else ``show_profile`` queued;
* total: both, what the agent waits for on the GUI thread; and its CPU time on the GUI thread (on a shared,
  busy machine wall times jump; the CPU time does not wait for other processes).

Runs offscreen (``QT_QPA_PLATFORM=offscreen``: raster painting into an image, as on a real screen minus the
compositor). The pane is 560×420 by default — its size in the 1366×768 workspace.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication
from sqlalchemy import func, select, union_all

from agent_desk.clock import FrozenClock
from agent_desk.context import open_context
from agent_desk.portfolio import list_users
from agent_desk.resources import resource_path
from agent_desk.worklist.customer import load_profile
from agent_desk.worklist.evaluate import Evaluation
from agent_desk.worklist.profile import CustomerProfile
from agent_desk.worklist.status import contact_status
from db.models import Account, Interaction, Payment
from ui.panes.profile_pane import ProfilePane

NOW = dt.datetime(2026, 11, 24, 2, 30, tzinfo=dt.UTC)  # Tuesday 09:30 WIB, the demo's moment
TABS = {"accounts": 0, "pay": 1, "payments": 2, "history": 3, "numbers": 4, "customer": 5}


def ms(samples: list[float]) -> str:
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    p50, p95, top = statistics.median(samples) * 1e3, cuts[94] * 1e3, max(samples) * 1e3
    return f"p50 {p50:6.2f} ms   p95 {p95:6.2f} ms   max {top:6.2f} ms"


def busiest(database, count: int) -> list[int]:  # type: ignore[no-untyped-def]
    """The customers with the most calls and payments together."""
    calls = select(Interaction.customer_id.label("customer_id"))
    payments = select(Account.customer_id.label("customer_id")).join(Payment, Payment.account_id == Account.id)
    rows = union_all(calls, payments).subquery()
    query = (
        select(rows.c.customer_id)
        .group_by(rows.c.customer_id)
        .order_by(func.count().desc(), rows.c.customer_id)
        .limit(count)
    )
    with database.session() as session:
        return [int(value) for value in session.scalars(query)]


class PaintCounter(QObject):
    """Counts paint events in the application (to be sure the timed part includes the paint)."""

    def __init__(self) -> None:
        super().__init__()
        self.paints = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Paint:
            self.paints += 1
        return False


def stretched(profile: CustomerProfile, calls: int) -> CustomerProfile:
    """The same customer with ``calls`` calls: their own, repeated a week further back each time."""
    if not profile.interactions:
        return profile
    found = list(profile.interactions)
    week = 1
    while len(found) < calls:
        for call in profile.interactions:
            shift = dt.timedelta(weeks=week)
            found.append(dataclasses.replace(call, started_at=call.started_at - shift))
        week += 1
    return dataclasses.replace(profile, interactions=tuple(found[:calls]))


def measure(
    app: QApplication,
    pane: ProfilePane,
    loaded: list[tuple[CustomerProfile, Evaluation | None]],
    names: dict[int, str],
    counter: PaintCounter,
    rounds: int,
) -> tuple[list[float], list[float], list[float], list[float]]:
    """Show every customer ``rounds`` times: the wall times of show_profile, of the event loop after it, and of
    both; and the GUI thread's CPU time for both (steadier than wall time on a shared machine)."""
    shows: list[float] = []
    paints: list[float] = []
    totals: list[float] = []
    cpu: list[float] = []
    for _ in range(rounds):
        for profile, status in loaded:
            painted = counter.paints
            cpu_start = time.thread_time()
            start = time.perf_counter()
            pane.show_profile(profile, status, agent_names=names, number_id=status.number_id if status else None)
            shown = time.perf_counter()
            app.processEvents()  # everything show_profile queued: layouts, the paint, the chart's updates
            done = time.perf_counter()
            cpu.append(time.thread_time() - cpu_start)
            assert counter.paints > painted, "nothing was painted"
            shows.append(shown - start)
            paints.append(done - shown)
            totals.append(done - start)
    return shows, paints, totals, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="a demo portfolio, e.g. sqlite:////tmp/demo10k.db")
    parser.add_argument("--customers", type=int, default=200)
    parser.add_argument("--size", default="560x420", help="the pane's size, WIDTHxHEIGHT")
    parser.add_argument("--tab", default="all", help=f"the visible tab: {', '.join(TABS)} or all")
    parser.add_argument("--rounds", type=int, default=1, help="how many times each customer is shown")
    parser.add_argument(
        "--calls", type=int, default=0, help="stretch every history to this many calls (load_profile keeps 100)"
    )
    args = parser.parse_args()

    app = QApplication(sys.argv[:1])
    app.setStyleSheet(resource_path("ui", "agent-desk.qss").read_text(encoding="utf-8"))
    context = open_context(args.db)
    clock = FrozenClock(NOW)
    ids = busiest(context.database, args.customers)
    with context.database.session() as session:
        names = {user.id: user.display_name for user in list_users(session)}
        profiles = [load_profile(session, customer_id) for customer_id in ids]
    statuses = [contact_status(context.database, clock, customer_id) for customer_id in ids]
    loaded = [(p, s) for p, s in zip(profiles, statuses, strict=True) if p is not None]
    if args.calls:
        loaded = [(stretched(p, args.calls), s) for p, s in loaded]
    history = sorted(len(p.interactions) + sum(len(a.payments) for a in p.accounts) for p, _ in loaded)
    print(
        f"{len(loaded)} customers with the most history: {history[0]}–{history[-1]} calls and payments each "
        f"(median {statistics.median(history):.0f})"
    )

    width, height = (int(part) for part in args.size.split("x"))
    pane = ProfilePane(clock)
    counter = PaintCounter()
    app.installEventFilter(counter)
    pane.resize(width, height)
    pane.show()
    app.processEvents()
    for profile, status in loaded[:20]:  # warm-up: fonts, glyph caches, first layouts
        pane.show_profile(profile, status, agent_names=names)
        app.processEvents()

    for tab_name in TABS if args.tab == "all" else [args.tab]:
        pane.tabs.setCurrentIndex(TABS[tab_name])
        app.processEvents()
        shows, paints, totals, cpu = measure(app, pane, loaded, names, counter, args.rounds)
        print(f"tab {tab_name:9s} {width}x{height}")
        print(f"  show_profile   {ms(shows)}")
        print(f"  layout + paint {ms(paints)}")
        print(f"  total          {ms(totals)}")
        print(f"  total, CPU     {ms(cpu)}")
    context.close()


if __name__ == "__main__":
    main()

"""Worklist benchmark: next customer, outcome save, full rebuild, against the floor of one primary-key SELECT.

    python bench/worklist.py                      # 10k and 1M accounts (the acceptance run; the 1M book takes a while)
    python bench/worklist.py --sizes 10000 --samples 200

For each size a demo portfolio (``agent_desk.demo``) is written once into an SQLite file under ``--workdir`` and
reused by later runs. The clock is frozen on a Tuesday at 10:00 WIB, when every zone is inside its window.

* next-customer: ``next_for``, as an agent pressing *Next*: the atomic lease with the compliance re-check from
  fresh facts, returning the full profile the screen shows (customer, flags, numbers, accounts with installments,
  payments and payment instructions, calls with outcomes, promises, plans, consents, open actions);
* outcome-save → queue-updated: ``save_outcome`` of a no-answer after a real dial check; it returns once the
  outcome, the next action and the customer's refreshed queue row are committed;
* full rebuild: ``rebuild_worklist`` over the whole book;
* floor: one ``SELECT`` of a customer row by primary key through SQLAlchemy Core on the same engine (a pooled
  connection checked out per query, as every service call does).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import statistics
import sys
import time
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import Table, bindparam, event, func, select

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from agent_desk.clock import FrozenClock
from agent_desk.demo.generator import generate_portfolio
from agent_desk.scheduling.outcomes import OutcomeDraft, save_outcome
from agent_desk.worklist import check_before_dial, next_for, rebuild_worklist
from agent_desk.worklist.settings import settings_for
from db import migrate
from db.engine import Database, open_database
from db.models import Customer, Role, User, WorklistEntry

NOW = dt.datetime(2026, 11, 24, 3, 0, tzinfo=dt.UTC)  # Tuesday 10:00 WIB, 11:00 WITA, 12:00 WIT


def percentiles(samples: list[float]) -> tuple[float, float]:
    """p50 and p95 in milliseconds."""
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return statistics.median(samples) * 1e3, cuts[94] * 1e3


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


MMAP_BYTES = 0  # set from --sqlite-mmap-mb


def _tune(database: Database) -> Database:
    """Apply ``--sqlite-mmap-mb`` to every connection (an engine setting the product may adopt; off by default)."""
    if MMAP_BYTES:

        @event.listens_for(database.engine, "connect")
        def _mmap(connection: Any, _record: object) -> None:
            cursor = connection.cursor()
            cursor.execute(f"PRAGMA mmap_size={MMAP_BYTES}")
            cursor.close()

    return database


def prepare(workdir: Path, accounts: int) -> tuple[Database, float | None]:
    """A fresh working copy of the size's demo book (written once, kept pristine, copied for every run)."""
    pristine = workdir / f"bench-worklist-{accounts}.pristine.sqlite3"
    generated = None
    if not pristine.exists():
        say(f"writing a {accounts:,}-account demo portfolio into {pristine} …")
        partial = pristine.with_suffix(".partial")
        partial.unlink(missing_ok=True)
        database = open_database(f"sqlite:///{partial}")
        migrate.upgrade(database)
        started = time.perf_counter()
        step = max(1, accounts // 10)
        generate_portfolio(
            database,
            accounts=accounts,
            seed=1,
            now=NOW,
            progress=lambda done, total: done % step < 2000 and say(f"  {done:,}/{total:,}"),
        )
        generated = time.perf_counter() - started
        with database.engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        database.dispose()
        partial.rename(pristine)
    working = workdir / f"bench-worklist-{accounts}.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{working}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(pristine, working)
    database = _tune(open_database(f"sqlite:///{working}"))
    migrate.upgrade(database)
    return database, generated


def floor(database: Database, customers: int, samples: int, rng: random.Random) -> list[float]:
    table = Customer.__table__
    assert isinstance(table, Table)
    query = select(table).where(table.c.id == bindparam("id"))
    times = []
    for _ in range(samples):
        key = {"id": rng.randint(1, customers)}
        started = time.perf_counter()
        with database.engine.connect() as connection:
            connection.execute(query, key).one()
        times.append(time.perf_counter() - started)
    return times


class Book:
    """One portfolio under test and the samples measured on it."""

    def __init__(self, size: int, workdir: Path) -> None:
        self.size = size
        self.database, self.generated = prepare(workdir, size)
        self.clock = FrozenClock(NOW)
        self.settings = settings_for(self.database, self.clock)
        with self.database.session() as session:
            self.customers = session.scalar(select(func.count()).select_from(Customer)) or 0
            self.agents = list(session.scalars(select(User.id).where(User.role == Role.AGENT).order_by(User.id)))
        self.rng = random.Random(size)
        self.rebuild_seconds = 0.0
        self.floor: list[float] = []
        self.next: list[float] = []
        self.save: list[float] = []
        self.turn = 0

    def rebuild(self) -> None:
        say(f"{self.size:,} accounts: {self.customers:,} customers, {len(self.agents)} agents; rebuilding …")
        last = [0.0]

        def progress(done: int, total: int) -> None:
            if total and done / total - last[0] >= 0.1:
                last[0] = done / total
                say(f"  rebuild {done:,}/{total:,}")

        report = rebuild_worklist(self.database, self.clock, progress=progress, settings=self.settings)
        self.rebuild_seconds = report.seconds
        say(f"  rebuilt in {report.seconds:.1f} s ({report.allowed:,} callable now)")

    def warm(self) -> None:
        """Read the database file once, so the round runs with the book in the OS page cache (steady state of
        a machine that holds it in memory), not on whatever the kernel evicted since the last round."""
        path = Path(str(self.database.url.database))
        for name in (path, Path(f"{path}-wal")):
            if name.exists():
                with name.open("rb") as handle:
                    while handle.read(1 << 24):
                        pass

    def measure(self, cycles: int, floor_samples: int) -> None:
        self.floor.extend(floor(self.database, self.customers, floor_samples, self.rng))
        for _ in range(cycles):
            self.turn += 1
            agent = self.agents[self.turn % len(self.agents)]
            started = time.perf_counter()
            lease = next_for(self.database, self.clock, agent, settings=self.settings)
            if lease is None:
                continue
            self.next.append(time.perf_counter() - started)
            assert lease.profile.accounts
            assert lease.number_id is not None
            dial = check_before_dial(
                self.database, self.clock, agent, lease.customer_id, lease.number_id, settings=self.settings
            )
            draft = OutcomeDraft(
                draft_key=str(uuid.uuid4()),
                customer_id=lease.customer_id,
                user_id=agent,
                disposition_code=self.rng.choice(["no_answer", "busy", "voicemail"]),
                interaction_id=dial.interaction_id,
                contact_point_id=lease.number_id,
            )
            started = time.perf_counter()
            saved = save_outcome(self.database, self.clock, draft, settings=self.settings)
            self.save.append(time.perf_counter() - started)
            assert saved.lease_released, "the save released the lease"
            assert not saved.queue_allowed, "the queue row was updated by the save"

    def close(self) -> None:
        with self.database.session() as session:
            held = session.scalar(
                select(func.count()).select_from(WorklistEntry).where(WorklistEntry.lease_user_id.is_not(None))
            )
        assert held == 0, "every leased customer was released by its save"
        self.database.dispose()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000,1000000", help="portfolio sizes in accounts (comma-separated)")
    parser.add_argument("--samples", type=int, default=600, help="Next/save cycles measured per size")
    parser.add_argument("--rounds", type=int, default=12, help="the sizes take turns this many times")
    parser.add_argument("--workdir", type=Path, default=Path("bench/data"), help="where the demo books are kept")
    parser.add_argument("--prepare-only", action="store_true", help="write the demo books, measure nothing")
    parser.add_argument("--sqlite-mmap-mb", type=int, default=0, help="PRAGMA mmap_size for the run (default: off)")
    parser.add_argument(
        "--cold",
        dest="warm",
        action="store_false",
        help="do not read each book into the OS page cache before its rounds",
    )
    args = parser.parse_args()
    global MMAP_BYTES  # noqa: PLW0603 - one knob for the whole run
    MMAP_BYTES = args.sqlite_mmap_mb * 1024 * 1024
    args.workdir.mkdir(parents=True, exist_ok=True)
    books = [Book(int(size), args.workdir) for size in args.sizes.split(",")]
    if args.prepare_only:
        return 0
    for book in books:
        book.rebuild()
    # The sizes take turns, so that whatever else runs on the machine weighs on all of them alike.
    for round_number in range(args.rounds):
        for book in books:
            if args.warm:
                book.warm()
            book.measure(args.samples // args.rounds, 3000 // args.rounds)
        say(f"round {round_number + 1}/{args.rounds} done")
    for book in books:
        book.close()
    tuning = f"mmap_size {args.sqlite_mmap_mb} MB" if args.sqlite_mmap_mb else "engine defaults"
    tuning += ", file read into the page cache before each round" if args.warm else ", cold page cache"
    print(
        f"Worklist benchmark, {dt.datetime.now(dt.UTC).date().isoformat()}, SQLite ({tuning}), "
        f"clock frozen at {NOW.isoformat()}, "
        f"{args.samples} Next/save cycles per size in {args.rounds} alternating rounds"
    )
    print(
        f"{'accounts':>10} {'customers':>10} {'floor p50/p95':>16} {'next p50/p95':>16} {'save p50/p95':>16} "
        f"{'next/floor':>10} {'rebuild':>10}"
    )
    for book in books:
        fl, nx, sv = percentiles(book.floor), percentiles(book.next), percentiles(book.save)
        print(
            f"{book.size:>10,} {book.customers:>10,} {fl[0]:>7.3f}/{fl[1]:<7.3f}ms {nx[0]:>7.2f}/{nx[1]:<7.2f}ms "
            f"{sv[0]:>7.2f}/{sv[1]:<7.2f}ms {nx[0] / fl[0]:>9.1f}x {book.rebuild_seconds:>9.1f}s"
        )
    if len(books) >= 2:
        small, large = books[0], books[-1]
        next_ratio = statistics.median(large.next) / statistics.median(small.next)
        save_ratio = statistics.median(large.save) / statistics.median(small.save)
        print(
            f"{large.size:,}/{small.size:,} p50 ratio: next-customer {next_ratio:.2f} (target ≤ 1.5), "
            f"outcome-save {save_ratio:.2f} (target ≤ 1.5)"
        )
    for book in books:
        ratio = statistics.median(book.next) / statistics.median(book.floor)
        print(f"{book.size:,}: next-customer p50 = {ratio:.1f} × floor (target ≤ 50)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

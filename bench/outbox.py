"""Outbox benchmark: ``outbox run`` queueing a day's cadence messages over a demo book, then delivering some.

    python bench/outbox.py                         # 10k and 1M accounts (the 1M book takes ~20 min to write once)
    python bench/outbox.py --sizes 10000 --deliver 200

For each size a demo portfolio (``agent_desk.demo``, seed 1) is written once into an SQLite file under
``--workdir`` and copied fresh for every run; the outbox table starts empty. The clock is frozen on Tuesday
24 Nov 2026 at 06:00 WIB (before any send time), SMS and WhatsApp go to a local HTTP gateway (the tests' own),
e-mail stays off.

* queue: one ``run_pass(queue=True, deliver=False)`` — the set-wise search of the book for today's triggers,
  the channel choice per customer, the insert of the messages (the acceptance figure: ≤ 60 s at 1M on SQLite);
* queue again: the same pass a second time (finds everything already queued, adds nothing);
* deliver: at 10:00 WIB, ``--deliver`` due messages through the worker (gate, render, hand-over, record),
  messages per second.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sqlite3
import sys
import time
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import TypeVar

from sqlalchemy import func, select

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from agent_desk.clock import FrozenClock
from agent_desk.credentials import CredentialStore
from agent_desk.demo.generator import generate_portfolio
from agent_desk.outbox import run_pass, store_outbox_settings
from agent_desk.outbox.channels import SERVICE_OUTBOX
from agent_desk.outbox.settings import seed_data
from db import migrate
from db.engine import Database, open_database
from db.models import Customer, OutboxMessage
from tests.support.gateway import TOKEN, Gateway

GENERATED_AT = dt.datetime(2026, 11, 24, 3, 0, tzinfo=dt.UTC)  # the book's "now" (as bench/worklist.py)
QUEUE_AT = dt.datetime(2026, 11, 23, 23, 0, tzinfo=dt.UTC)  # Tuesday 06:00 WIB
T = TypeVar("T")
DELIVER_AT = dt.datetime(2026, 11, 24, 3, 0, tzinfo=dt.UTC)  # Tuesday 10:00 WIB


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def prepare(workdir: Path, accounts: int, *, reuse: bool = False) -> Database:
    pristine = workdir / f"bench-outbox-{accounts}.pristine.sqlite3"
    if not pristine.exists():
        say(f"writing a {accounts:,}-account demo portfolio into {pristine} …")
        partial = pristine.with_suffix(".partial")
        partial.unlink(missing_ok=True)
        database = open_database(f"sqlite:///{partial}")
        migrate.upgrade(database)
        generate_portfolio(database, accounts=accounts, seed=1, now=GENERATED_AT)
        with database.engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        database.dispose()
        partial.rename(pristine)
    working = workdir / f"bench-outbox-{accounts}.sqlite3"
    if not (reuse and working.exists()):  # the copy of a 4 GB book takes minutes on a busy disk
        for suffix in ("", "-wal", "-shm"):
            Path(f"{working}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(pristine, working)
    # An empty outbox of the current shape, whatever the book had: dropped by plain sqlite3, whose connections do
    # not check foreign keys (with them on, SQLite looks for messages pointing at each row it drops).
    with closing(sqlite3.connect(working)) as raw:
        raw.execute("DROP TABLE IF EXISTS outbox_messages")
        raw.commit()
    database = open_database(f"sqlite:///{working}")
    with database.engine.begin() as connection:
        OutboxMessage.__table__.create(connection)  # type: ignore[attr-defined]
    migrate.upgrade(database)
    return database


def timed(work: Callable[[], T]) -> tuple[T, float, float]:
    """``work()``, its wall time and this process's CPU time (on a machine shared with other jobs the CPU time
    is what the pass itself costs; the wall time is what it took that day)."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = work()
    return result, time.perf_counter() - wall, time.process_time() - cpu


def run(size: int, workdir: Path, deliver: int, gateway: Gateway, *, reuse: bool = False) -> None:
    database = prepare(workdir, size, reuse=reuse)
    with database.session() as session:
        customers = session.scalar(select(func.count()).select_from(Customer))
    clock = FrozenClock(QUEUE_AT)
    data, cadence = seed_data()
    config = gateway.provider_config()
    del config["status"], config["replies"]  # only the hand-over is measured
    data["providers"] = {"gateway": config}
    data["channels"]["sms"] = {"provider": "gateway"}
    data["channels"]["whatsapp"] = {"provider": "gateway"}
    with database.transaction(write=True) as session:
        store_outbox_settings(session, clock, data, cadence)
    credentials = CredentialStore()
    credentials.set_for_session(SERVICE_OUTBOX, "gateway", TOKEN)
    cold, cold_wall, cold_cpu = timed(lambda: run_pass(database, clock, credentials, deliver=False))
    with database.engine.begin() as connection:
        connection.execute(OutboxMessage.__table__.delete())  # type: ignore[attr-defined]
    found, wall, cpu = timed(lambda: run_pass(database, clock, credentials, deliver=False))
    again, again_wall, again_cpu = timed(lambda: run_pass(database, clock, credentials, deliver=False))
    report = found
    assert report.cadence is not None
    assert cold.cadence is not None
    assert again.cadence is not None
    assert again.cadence.queued == 0
    print(
        f"{size:,} accounts ({customers:,} customers): queued {report.cadence.queued:,} messages "
        f"(candidates {report.cadence.candidates:,}, no channel {report.cadence.no_channel:,})\n"
        f"    first pass (cold)           {cold_wall:6.1f} s wall, {cold_cpu:6.1f} s CPU\n"
        f"    again, empty outbox         {wall:6.1f} s wall, {cpu:6.1f} s CPU\n"
        f"    a second pass the same day  {again_wall:6.1f} s wall, {again_cpu:6.1f} s CPU (added 0)"
    )
    steps = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in report.cadence.seconds.items())
    print(f"    (wall time by step: {steps})")
    for template, count in sorted(report.cadence.by_template.items()):
        print(f"    {template}: {count:,}")
    if deliver:
        clock.set(DELIVER_AT)
        gateway.reset()
        sent, seconds, cpu = timed(lambda: run_pass(database, clock, credentials, queue=False, limit=deliver))
        handled = sent.delivery.sent + sent.delivery.waiting + sent.delivery.cancelled + sent.delivery.failed
        print(
            f"    deliver {handled:,} due messages in {seconds:.1f} s wall, {cpu:.1f} s CPU "
            f"({handled / seconds:.0f}/s; {cpu / max(handled, 1) * 1000:.0f} ms CPU each, gateway included): sent "
            f"{sent.delivery.sent:,}, waiting {sent.delivery.waiting:,}, cancelled {sent.delivery.cancelled:,}; "
            f"gateway received {len(gateway.received):,}"
        )
    database.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000,1000000", help="accounts per book, comma-separated")
    parser.add_argument("--workdir", type=Path, default=Path("bench/data"))
    parser.add_argument("--deliver", type=int, default=300, metavar="N", help="due messages to deliver (0: none)")
    parser.add_argument(
        "--reuse", action="store_true", help="keep the working copy of a previous run (its outbox emptied)"
    )
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    gateway = Gateway().start()
    try:
        for size in (int(text) for text in args.sizes.split(",")):
            run(size, args.workdir, args.deliver, gateway, reuse=args.reuse)
    finally:
        gateway.stop()


if __name__ == "__main__":
    main()

"""Import throughput, peak memory and agents' waits for generated bank exports, before and after, in one run.

Usage:
    .venv/bin/python bench/import.py [--rows 30000 1000000] [--postgres [--no-sqlite]] [--baseline DIR] [--reimport]
                                     [--keep DIR] [--only before|after] [--pg-setting NAME=VALUE ...]

For each size a bank export in the shape of ``tests/importer/fixtures/bank_export.csv`` is generated (Windows-1252,
semicolons, decimal comma, six monthly bill and payment columns, months-in-arrears codes, realistic Indonesian
names, numbers and provinces from the demo pools) and imported through ``bank_export.toml`` into a fresh database
that already holds a small book of 40 customers, in a child process whose peak resident memory and CPU time (its
own and its workers') are reported. Meanwhile a second process plays an agent: every 0.2 s it records a call and
saves its outcome (``record_manual_call`` and ``save_outcome``, as the desk does) and the longest of these writes is
reported — on SQLite an import that held the write
lock throughout would make it wait, then fail after 15 s. ``--baseline DIR`` runs the same files through the code
in DIR too (a checkout of the version to compare with: ``git archive main | tar -x -C DIR``), so before and after
come from one run on the same machine; ``--only before`` (or ``after``) runs one side alone, for runs too long to
make back to back (compare such runs through CPU seconds, with the load average). ``--reimport`` imports each file a
second time (the daily case where little changed). ``--pg-waits`` has the PostgreSQL server log lock waits over
50 ms, slow statements and checkpoints, and prints those that concern the agent's save (a slow save: a lock, or the
shared CPU?). On PostgreSQL the server's own CPU during each import is printed too (its processes read from
/proc). The worklist rebuild that follows a real import is not part of these figures.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CODE = Path(sys.argv[sys.argv.index("--code") + 1]).resolve() if "--code" in sys.argv else ROOT
sys.path.insert(0, str(CODE))

from agent_desk.demo.people import choose_province, display_mobile, mobile_number, person_name  # noqa: E402
from agent_desk.demo.pools import load_pools  # noqa: E402

FIXTURES = ROOT / "tests" / "importer" / "fixtures"
MAPPING = FIXTURES / "bank_export.toml"
AS_OF = dt.date(2026, 11, 23)
NOW = "2026-11-24T09:30+07:00"
PRODUCTS = (("KTA", "KTA"), ("CC", "CC"), ("MF", "MOTOR"), ("PY", "PAYLATER"))
CODES = ("M0", "M0", "M0", "M1", "M1", "M2", "M3", "M4", "M5", "M6+")


def rupiah(value: int) -> str:
    """1250000 → "1.250.000,00" (the file's Indonesian number format)."""
    return f"{value:,}".replace(",", ".") + ",00"


def generate(path: Path, rows: int, seed: int = 7) -> float:
    """Write a bank export of ``rows`` accounts; returns the seconds it took."""
    started = time.perf_counter()
    rng = random.Random(seed)
    pools = load_pools()
    header = (FIXTURES / "bank_export.csv").read_bytes().decode("cp1252").splitlines()[2].split(";")
    with path.open("w", encoding="cp1252", errors="replace", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        handle.write("LAPORAN PORTOFOLIO KOLEKSI;;;\r\nPosisi data: 23/11/2026;;;\r\n")
        writer.writerow(header)
        written = customer = 0
        while written < rows:
            customer += 1
            name, _ = person_name(rng, pools)
            province = choose_province(rng, pools)
            city, area = rng.choice(province.cities)
            mobile = display_mobile(mobile_number(rng, pools))
            second = display_mobile(mobile_number(rng, pools)) if rng.random() < 0.3 else ""
            home = f"0{area}-{rng.randint(2000000, 8999999)}" if rng.random() < 0.2 else ""
            emergency = display_mobile(mobile_number(rng, pools)) if rng.random() < 0.5 else ""
            if rng.random() < 0.03:
                mobile = f"08{rng.randint(10, 99)}-{rng.randint(100, 999)}"  # a broken number in the core system
            birth = dt.date(1960, 1, 1) + dt.timedelta(days=rng.randint(0, 40 * 365))
            nik = f"{province.code:02d}{rng.randint(10**13, 10**14 - 1):014d}"
            address = f"{rng.choice(pools.streets)} No. {rng.randint(1, 250)}"
            contact_name = person_name(rng, pools)[0].upper() if emergency else ""
            relation = rng.choice(("ISTRI", "SUAMI", "ORANG TUA", "SAUDARA")) if emergency else ""
            for _ in range(min(rng.choices((1, 2, 3), weights=(60, 30, 10))[0], rows - written)):
                written += 1
                prefix, code = rng.choice(PRODUCTS)
                installment = rng.randint(2, 150) * 10_000
                kolek = rng.choice(CODES)
                missed = {"M0": 0, "M1": 0, "M2": 1, "M3": 2, "M4": 3, "M5": 4, "M6+": 6}[kolek]
                history: list[str] = []
                for month in range(1, 7):
                    paid_day = dt.date(2026, 11 - month, rng.randint(1, 9))
                    if month <= missed:
                        history += [rupiah(installment), "", ""]
                    else:
                        history += [rupiah(installment), rupiah(installment), paid_day.strftime("%d/%m/%Y")]
                outstanding = installment * rng.randint(3, 36)
                writer.writerow(
                    [
                        f"CIF{customer:09d}",
                        name.upper(),
                        nik,
                        birth.strftime("%d/%m/%Y"),
                        address,
                        city,
                        province.name.upper(),
                        mobile,
                        second,
                        home,
                        emergency,
                        contact_name,
                        relation,
                        f"{prefix}{written:011d}",
                        code,
                        rupiah(outstanding + installment * 6),
                        rupiah(outstanding),
                        rupiah(installment * (missed + (1 if kolek != "M0" else 0))),
                        rupiah(installment),
                        kolek,
                        "05/12/2026",
                        AS_OF.strftime("%d/%m/%Y"),
                        f"3901{written:012d}",
                        f"8870{written:012d}" if rng.random() < 0.5 else "",
                        f"77{written:010d}",
                        *history,
                        f"BR{rng.randint(1, 99):02d}",
                        "",
                    ]
                )
    return time.perf_counter() - started


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime


def child(file: Path, db_url: str, runs: int) -> None:
    """Run in the child process: import ``file`` (``runs`` times) and print one JSON line per run."""
    import inspect

    from agent_desk.clock import FrozenClock, parse_moment
    from agent_desk.importer import ImportOptions, load_mapping, run_import
    from db.engine import open_database

    database = open_database(db_url)
    mapping = load_mapping(MAPPING)
    acting: dict[str, object] = {}
    if "actor" in inspect.signature(run_import).parameters:  # the code before issue 17 had no acting user
        from agent_desk.auth.permissions import Actor

        acting["actor"] = Actor.system()
    for run in range(runs):
        started = time.perf_counter()
        cpu_before = _cpu()
        summary = run_import(
            database,
            FrozenClock(parse_moment(NOW)),
            file,
            mapping,
            ImportOptions(rebuild_worklist=False, report_path=file.with_suffix(f".report{run}.csv")),
            **acting,  # type: ignore[arg-type]
        )
        seconds = time.perf_counter() - started
        print(
            json.dumps(
                {
                    "run": run,
                    "rows": summary.rows,
                    "imported": summary.imported,
                    "seconds": seconds,
                    "cpu": _cpu() - cpu_before,
                    "phases": dict(summary.seconds),
                    "peak_mib": max(
                        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                        resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
                    )
                    / 1024,
                    "counts": dict(summary.counts),
                    "warnings": summary.warnings,
                }
            ),
            flush=True,
        )
    database.dispose()


def prepare(db_url: str) -> None:
    """A fresh database with a small book the probe's agent works on: 40 customers with an account and a number."""
    from sqlalchemy import insert

    from agent_desk.clock import FrozenClock, parse_moment
    from agent_desk.dispositions import sync_catalog
    from agent_desk.worklist import rebuild_worklist
    from agent_desk.worklist.settings import settings_for
    from db import migrate
    from db.engine import open_database
    from db.models import Account, ContactPoint, Customer, Role, User

    database = open_database(db_url)
    migrate.upgrade(database)
    clock = FrozenClock(parse_moment(NOW))
    settings_for(database, clock)
    now = clock.now()
    with database.transaction(write=True) as session:
        sync_catalog(session)  # the outcomes the agent picks from
        agent = session.execute(
            insert(User).returning(User.id),
            {"login": "probe.agent", "display_name": "Probe", "role": Role.AGENT, "created_at": now},
        ).scalar_one()
        for n in range(40):
            customer_id = session.execute(
                insert(Customer).returning(Customer.id),
                {"customer_number": f"PROBE{n:04d}", "full_name": f"Probe {n}", "timezone": "Asia/Jakarta",
                 "assigned_user_id": agent, "created_at": now, "updated_at": now},  # theirs: they may save on it
            ).scalar_one()  # fmt: skip
            session.execute(
                insert(Account),
                {"customer_id": customer_id, "account_number": f"PROBE-A{n:04d}", "product": "paylater",
                 "outstanding": 1_000_000, "arrears": 250_000, "days_past_due": 20, "bucket": "dpd_1_30",
                 "status": "delinquent", "currency": "IDR", "created_at": now, "updated_at": now},
            )  # fmt: skip
            session.execute(
                insert(ContactPoint),
                {"customer_id": customer_id, "kind": "mobile", "raw_value": f"0812{n:08d}",
                 "e164": f"+62812{n:08d}", "created_at": now},
            )  # fmt: skip
    rebuild_worklist(database, clock)
    database.dispose()


def probe(db_url: str) -> None:
    """Run as the agent: every 0.2 s record a call and save its outcome (a call must have happened before an
    outcome is saved) — first with no import running (until a line on stdin), then during the import (until stdin
    closes); print the longest of these writes for each as JSON."""
    import threading
    import uuid

    from sqlalchemy import select

    from agent_desk.clock import FrozenClock, parse_moment
    from agent_desk.scheduling.attempts import record_manual_call
    from agent_desk.scheduling.outcomes import OutcomeDraft, save_outcome
    from agent_desk.worklist.settings import settings_for
    from db.engine import open_database
    from db.models import ContactPoint, Customer, User

    database = open_database(db_url)
    clock = FrozenClock(parse_moment(NOW))
    settings = settings_for(database, clock)
    with database.session() as session:
        agent = session.scalar(select(User.id).where(User.login == "probe.agent"))
        customers = list(
            session.execute(
                select(Customer.id, ContactPoint.id)
                .join(ContactPoint, ContactPoint.customer_id == Customer.id)
                .where(Customer.customer_number.like("PROBE%"))
            ).all()
        )
    assert agent is not None
    importing = threading.Event()
    stop = threading.Event()

    def listen() -> None:
        sys.stdin.readline()
        importing.set()
        sys.stdin.read()
        stop.set()

    threading.Thread(target=listen, daemon=True).start()
    waits: dict[str, list[float]] = {"idle": [], "import": []}
    failed = errors = 0
    print("ready", flush=True)
    n = 0
    while not stop.is_set():
        phase = "import" if importing.is_set() else "idle"
        customer_id, number_id = customers[n % len(customers)]
        try:
            started = time.perf_counter()
            call = record_manual_call(
                database, clock, user_id=agent, customer_id=customer_id, contact_point_id=number_id,
                at=clock.now(), reason="bench", connected=False, settings=settings,
            )  # fmt: skip
            waits[phase].append(time.perf_counter() - started)
            started = time.perf_counter()
            save_outcome(
                database,
                clock,
                OutcomeDraft(
                    str(uuid.uuid4()), customer_id, agent, "no_answer",
                    interaction_id=call.interaction_id, contact_point_id=number_id,
                ),
            )  # fmt: skip
        except Exception as error:  # a locked database is the figure we are after
            failed += phase == "import"
            errors += 1
            if errors == 1:  # a save refused for any other reason than the lock makes the figure meaningless
                print(f"the agent's write failed ({phase}): {error!r}", file=sys.stderr, flush=True)
        waits[phase].append(time.perf_counter() - started)
        n += 1
        stop.wait(0.2)
    print(
        json.dumps(
            {
                "saves": len(waits["import"]) // 2,
                "failed": failed,
                "longest": max(waits["import"], default=0.0),
                "idle_longest": max(waits["idle"], default=0.0),
            }
        ),
        flush=True,
    )


class ServerCpu:
    """The CPU seconds a PostgreSQL server's processes (the postmaster and its children) use from now until
    :meth:`stop`, read from /proc every half second (a backend that exits keeps the last figure read). The importing
    process's CPU is in the table; the server's is where a COPY's indexes and foreign-key checks are paid."""

    def __init__(self, data_dir: Path) -> None:
        import threading

        self.postmaster = int((data_dir / "postmaster.pid").read_text().split()[0])
        self.tick = os.sysconf("SC_CLK_TCK")
        self.start = self._read()
        self.seen: dict[int, float] = dict(self.start)
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _read(self) -> dict[int, float]:
        found: dict[int, float] = {}
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            pid, parent = int(entry.name), int(fields[1])
            if self.postmaster in (pid, parent):
                found[pid] = (int(fields[11]) + int(fields[12])) / self.tick
        return found

    def _run(self) -> None:
        while not self.done.wait(0.5):
            self.seen.update(self._read())

    def stop(self) -> float:
        self.done.set()
        self.thread.join()
        self.seen.update(self._read())
        return sum(seconds - self.start.get(pid, 0.0) for pid, seconds in self.seen.items())


def measure(file: Path, url: str, code: Path, runs: int, *, agent: bool) -> list[dict[str, object]]:
    """Prepare ``url``, then import ``file`` with ``code`` while (optionally) an agent saves outcomes."""
    command = [sys.executable, __file__, "--code", str(code)]
    subprocess.run([*command, "--prepare", url], check=True, capture_output=True)
    agent_process = None
    if agent:
        agent_process = subprocess.Popen(
            [*command, "--probe", url], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        assert agent_process.stdout is not None
        assert agent_process.stdin is not None
        agent_process.stdout.readline()  # ready
        time.sleep(4)  # saves with no import running, for comparison
        agent_process.stdin.write("import\n")
        agent_process.stdin.flush()
    done = subprocess.run([*command, "--child", str(file), url, str(runs)], capture_output=True, text=True, check=False)
    waits: dict[str, object] = {}
    if agent_process is not None:
        out, _ = agent_process.communicate("", timeout=60)
        waits = json.loads(out.strip().splitlines()[-1])
    if done.returncode != 0:
        print(done.stderr, file=sys.stderr)
        raise SystemExit(1)
    results = [json.loads(line) for line in done.stdout.splitlines()]
    results[0]["agent"] = waits
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, nargs="+", default=[30_000, 1_000_000])
    parser.add_argument("--postgres", action="store_true", help="also import into a throwaway PostgreSQL server")
    parser.add_argument("--no-sqlite", action="store_true", help="PostgreSQL only (with --postgres)")
    parser.add_argument("--baseline", type=Path, help="a checkout of the code to compare with, run the same way")
    parser.add_argument("--reimport", action="store_true", help="import each file a second time")
    parser.add_argument("--no-agent", action="store_true", help="no agent saving outcomes meanwhile")
    parser.add_argument("--keep", type=Path, help="keep the generated files and databases in this folder")
    parser.add_argument(
        "--pg-waits",
        action="store_true",
        help="PostgreSQL: log every lock wait over 50 ms and every statement over 100 ms, and print those of the "
        "agent's tables at the end (is a slow save a lock or the shared CPU?)",
    )
    parser.add_argument("--only", choices=("before", "after"), help="run one side only (before needs --baseline)")
    parser.add_argument(
        "--pg-setting",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a setting of the throwaway PostgreSQL server (repeatable), e.g. shared_buffers=1GB",
    )
    parser.add_argument("--code", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--child", nargs=3, metavar=("FILE", "DB_URL", "RUNS"), help=argparse.SUPPRESS)
    parser.add_argument("--prepare", metavar="DB_URL", help=argparse.SUPPRESS)
    parser.add_argument("--probe", metavar="DB_URL", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child or args.prepare or args.probe:
        return _helper(args)
    folder = args.keep or Path(tempfile.mkdtemp(prefix="agent-desk-bench-import-"))
    folder.mkdir(parents=True, exist_ok=True)
    server = None
    if args.postgres:
        from tests.support.postgres import start_postgres

        waits = "-c log_lock_waits=on -c deadlock_timeout=50ms -c log_min_duration_statement=100"
        waits += " -c log_checkpoints=on"
        settings = " ".join(f"-c {setting}" for setting in args.pg_setting)
        server = start_postgres(extra=" ".join(part for part in (waits if args.pg_waits else "", settings) if part))
    codes = _codes(args.baseline, args.only)
    if not codes:
        parser.error("--only before needs --baseline DIR")
    print(f"# bench/import.py — {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, Python {sys.version.split()[0]}")
    print(
        "| rows | database | code | run | check s | write s | total s | rows/s | CPU s | peak RSS MiB "
        "| agent's longest save s (with no import) | saves (failed) |"
    )
    print("|---:|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    try:
        for rows in args.rows:
            file = folder / f"bank_export_{rows}.csv"
            if not file.exists():
                seconds = generate(file, rows)
                print(f"<!-- generated {file.name} ({file.stat().st_size / 1e6:.0f} MB) in {seconds:.0f} s -->")
            for database in ([] if args.no_sqlite else ["SQLite"]) + (["PostgreSQL"] if server is not None else []):
                for label, code in codes:
                    url = _fresh_database(folder, f"bench_{rows}_{label}", server if database != "SQLite" else None)
                    runs = 2 if args.reimport else 1
                    sampler = ServerCpu(server.data_dir) if database != "SQLite" and server is not None else None
                    for result in measure(file, url, code, runs, agent=not args.no_agent):
                        _line(rows, database, label, result)
                    if sampler is not None:
                        print(f"<!-- PostgreSQL server CPU during {rows} {label}: {sampler.stop():.1f} s -->")
    finally:
        if server is not None:
            if args.pg_waits:
                _print_waits(server.socket_dir / "log")
            server.stop()
    return 0


AGENT_TABLES = ("interactions", "outcomes", "worklist_entries", "scheduled_actions", "promises", "audit_events")


def _print_waits(log: Path) -> None:
    """The server log's lock waits and checkpoints, and its slow statements on the tables an agent's save writes."""
    lines = log.read_text(errors="replace").splitlines() if log.exists() else []
    waits = [line for line in lines if "still waiting" in line or "acquired" in line]
    checkpoints = [line for line in lines if "checkpoint complete" in line]
    slow = [line for line in lines if "duration:" in line and any(t in line for t in AGENT_TABLES)]
    print(f"<!-- lock waits over 50 ms: {len(waits)}; checkpoints: {len(checkpoints)}; slow agent statements: "
          f"{len(slow)} -->")  # fmt: skip
    for line in [*waits, *checkpoints, *slow][:40]:
        print(f"<!-- {line[:240]} -->")


def _fresh_database(folder: Path, name: str, server: Any) -> str:
    """An empty database: a SQLite file in ``folder`` (a kept one removed with its WAL and a killed run's import
    journal), or a new database on the PostgreSQL ``server``."""
    if server is not None:
        return str(server.create_database(f"{name}_{int(time.time())}"))
    for stale in folder.glob(f"{name}.sqlite3*"):
        stale.unlink()
    return f"sqlite:///{folder / f'{name}.sqlite3'}"


def _codes(baseline: Path | None, only: str | None) -> list[tuple[str, Path]]:
    """The code to run, labelled: this checkout ("after") and the baseline ("before"), or only one of them."""
    codes = [("after", ROOT)] + ([("before", baseline.resolve())] if baseline else [])
    return [(label, code) for label, code in codes if only in (None, label)]


def _helper(args: argparse.Namespace) -> int:
    """The bench's own child processes: the import, the database's preparation, the agent."""
    if args.child:
        child(Path(args.child[0]), args.child[1], int(args.child[2]))
    elif args.prepare:
        prepare(args.prepare)
    else:
        probe(args.probe)
    return 0


def _line(rows: int, database: str, label: str, result: dict[str, object]) -> None:
    phases = result["phases"]
    assert isinstance(phases, dict)
    agent = result.get("agent") or {}
    assert isinstance(agent, dict)
    name = "first import" if result["run"] == 0 else "same file again"
    seconds = float(str(result["seconds"]))
    waits = (
        f"{agent['longest']:.2f} ({agent['idle_longest']:.2f}) | {agent['saves']} ({agent['failed']})"
        if agent
        else "— | —"
    )
    print(
        f"| {result['rows']:,} | {database} | {label} | {name} | {phases.get('checking', 0):.1f} "
        f"| {phases.get('writing', 0):.1f} | {seconds:.1f} | {int(str(result['rows'])) / seconds:,.0f} "
        f"| {float(str(result['cpu'])):.1f} | {float(str(result['peak_mib'])):.0f} | {waits} |",
        flush=True,
    )
    if result["run"] == 0:
        print(f"<!-- {database} {label} {rows}: {json.dumps(result['counts'])} -->", flush=True)


if __name__ == "__main__":
    sys.exit(main())

"""Import throughput and peak memory for generated bank exports (rows per second, peak RSS).

Usage:
    .venv/bin/python bench/import.py [--rows 30000 1000000] [--postgres] [--reimport] [--keep DIR]

For each size a bank export in the shape of ``tests/importer/fixtures/bank_export.csv`` is generated (Windows-1252,
semicolons, decimal comma, six monthly bill and payment columns, months-in-arrears codes, realistic Indonesian
names, numbers and provinces from the demo pools) and imported through ``bank_export.toml`` into a fresh database,
in a child process whose peak resident memory and CPU time are reported (CPU seconds say more than wall time on
a shared machine). ``--reimport`` imports the same file a second time (the
daily case where little changed: everything is compared, nothing is written). The worklist rebuild that follows a
real import is not part of these figures.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from agent_desk.auth.permissions import Actor  # noqa: E402
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


def child(file: Path, db_url: str, runs: int) -> None:
    """Run in the child process: import ``file`` (``runs`` times) and print one JSON line per run."""
    from agent_desk.clock import FrozenClock, parse_moment
    from agent_desk.importer import ImportOptions, load_mapping, run_import
    from db import migrate
    from db.engine import open_database

    database = open_database(db_url)
    migrate.upgrade(database)
    mapping = load_mapping(MAPPING)
    for run in range(runs):
        started = time.perf_counter()
        usage = resource.getrusage(resource.RUSAGE_SELF)
        cpu_before = usage.ru_utime + usage.ru_stime
        summary = run_import(
            database,
            FrozenClock(parse_moment(NOW)),
            file,
            mapping,
            ImportOptions(rebuild_worklist=False, report_path=file.with_suffix(f".report{run}.csv")),
            actor=Actor.system(),
        )
        seconds = time.perf_counter() - started
        usage = resource.getrusage(resource.RUSAGE_SELF)
        peak_kib = usage.ru_maxrss
        cpu = usage.ru_utime + usage.ru_stime - cpu_before
        print(
            json.dumps(
                {
                    "run": run,
                    "rows": summary.rows,
                    "imported": summary.imported,
                    "seconds": seconds,
                    "cpu": cpu,
                    "phases": dict(summary.seconds),
                    "peak_mib": peak_kib / 1024,
                    "counts": dict(summary.counts),
                    "warnings": summary.warnings,
                }
            ),
            flush=True,
        )
    database.dispose()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, nargs="+", default=[30_000, 1_000_000])
    parser.add_argument("--postgres", action="store_true", help="also import into a throwaway PostgreSQL server")
    parser.add_argument("--reimport", action="store_true", help="import each file a second time")
    parser.add_argument("--keep", type=Path, help="keep the generated files and databases in this folder")
    parser.add_argument("--child", nargs=3, metavar=("FILE", "DB_URL", "RUNS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(Path(args.child[0]), args.child[1], int(args.child[2]))
        return 0
    folder = args.keep or Path(tempfile.mkdtemp(prefix="agent-desk-bench-import-"))
    folder.mkdir(parents=True, exist_ok=True)
    server = None
    if args.postgres:
        from tests.support.postgres import start_postgres

        server = start_postgres()
    print(f"# bench/import.py — {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, Python {sys.version.split()[0]}")
    print("| rows | database | run | file MB | check s | write s | total s | rows/s | CPU s | peak RSS MiB |")
    print("|---:|---|---|---:|---:|---:|---:|---:|---:|---:|")
    try:
        for rows in args.rows:
            file = folder / f"bank_export_{rows}.csv"
            if not file.exists():
                seconds = generate(file, rows)
                print(f"<!-- generated {file.name} in {seconds:.0f} s -->", flush=True)
            targets = [("SQLite", f"sqlite:///{folder / f'bench_{rows}.sqlite3'}")]
            if server is not None:
                targets.append(("PostgreSQL", server.create_database(f"bench_{rows}_{int(time.time())}")))
            for label, url in targets:
                runs = 2 if args.reimport else 1
                done = subprocess.run(
                    [sys.executable, __file__, "--child", str(file), url, str(runs)],
                    capture_output=True,
                    text=True,
                    check=False,
                )
                if done.returncode != 0:
                    print(done.stderr, file=sys.stderr)
                    return 1
                for line in done.stdout.splitlines():
                    result = json.loads(line)
                    phases = result["phases"]
                    name = "first import" if result["run"] == 0 else "same file again"
                    print(
                        f"| {result['rows']:,} | {label} | {name} | {file.stat().st_size / 1e6:.0f} "
                        f"| {phases.get('checking', 0):.1f} | {phases.get('writing', 0):.1f} "
                        f"| {result['seconds']:.1f} | {result['rows'] / result['seconds']:,.0f} "
                        f"| {result['cpu']:.1f} | {result['peak_mib']:.0f} |",
                        flush=True,
                    )
                    if result["run"] == 0:
                        print(f"<!-- {label} {rows}: {json.dumps(result['counts'])} -->", flush=True)
    finally:
        if server is not None:
            server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())

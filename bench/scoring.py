"""Scoring and queue-listing figures on a big book: fit, score everyone, re-score one customer, print the queue.

    python bench/scoring.py --book BOOK.sqlite3 --at 2026-11-24T09:30+07:00 [--skip-fit] [--skip-rebuild]

The book is a demo portfolio (``agent-desk demo-data --accounts 1000000``) or any database at the current
migration; it is changed (a model, scores, the rebuilt worklist), so pass a copy. Each step runs in a child
process, whose wall time and peak resident memory are measured:

* **fit** — ``agent-desk scoring fit``'s work: read the whole history, fit both candidates out of time, store;
* **score** — score every customer with the active model;
* **re-score one** — ``rescore`` of one customer in its own transaction, 300 random customers (p50 / p95);
* **rebuild** — ``rebuild_worklist`` (needed once so every stored row says until when it holds);
* **queue** — ``agent-desk queue --all --format csv`` to /dev/null, and piped to ``head -5``.

Each line also gives the machine's load average (1 minute) before and after the step, and the step's CPU time:
the machine is shared, and a wall time means little without them.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable

CHILD = """
import json, random, resource, sys, time
sys.path.insert(0, {root!r})
from agent_desk.clock import FrozenClock, parse_moment
from db.engine import open_database
database = open_database({url!r})
clock = FrozenClock(parse_moment({at!r}))
step = {step!r}
started = time.perf_counter()
extra = {{}}
if step == "fit":
    from agent_desk.scoring.store import fit_and_store
    row, result = fit_and_store(database, clock)
    extra = {{"kind": row.kind, "examples": row.examples, "auc": result.validation.get("auc"),
              "calibration_error": result.validation.get("calibration_error"),
              "candidates": result.validation.get("candidates")}}
elif step == "score":
    from agent_desk.scoring.store import score_book
    extra = {{"customers": score_book(database, clock).customers}}
elif step == "rebuild":
    from agent_desk.worklist import rebuild_worklist
    extra = {{"customers": rebuild_worklist(database, clock).customers}}
elif step == "rescore":
    from sqlalchemy import func, select
    from agent_desk.scoring.store import active_model, rescore
    from db.models import Customer
    with database.session() as session:
        high = session.scalar(select(func.max(Customer.id)))
        active_model(session)
    rng = random.Random(1)
    times = []
    for _ in range(300):
        customer = rng.randint(1, high)
        begin = time.perf_counter()
        with database.transaction(write=True) as session:
            rescore(session, clock.now(), [customer])
        times.append((time.perf_counter() - begin) * 1000)
    times.sort()
    extra = {{"p50_ms": round(times[len(times) // 2], 2), "p95_ms": round(times[int(len(times) * 0.95)], 2)}}
seconds = time.perf_counter() - started
usage = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({{"seconds": round(seconds, 1), "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 1),
                  "peak_mib": round(usage.ru_maxrss / 1024), **extra}}))
"""


def child(step: str, url: str, at: str) -> dict[str, object]:
    code = CHILD.format(root=str(ROOT), url=url, at=at, step=step)
    done = subprocess.run([PYTHON, "-c", code], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{step} failed:\n{done.stderr[-3000:]}")
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def queue(url: str, at: str, head: bool) -> tuple[float, float]:
    """Wall and CPU seconds of the listing (the CPU of the children: the command, and ``head``)."""
    command = [PYTHON, "-m", "ui.app", "--db", url, "--at", at, "queue", "--all", "--format", "csv"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    if head:
        shell = " ".join(command) + " | head -5 > /dev/null"
        subprocess.run(["bash", "-o", "pipefail", "-c", shell], cwd=ROOT, check=True)
    else:
        with open(os.devnull, "w") as sink:
            subprocess.run(command, cwd=ROOT, stdout=sink, check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return time.perf_counter() - started, cpu


def load() -> str:
    return f"{os.getloadavg()[0]:.1f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--book", type=Path, required=True)
    parser.add_argument("--at", default="2026-11-24T09:30+07:00")
    parser.add_argument("--skip-fit", action="store_true")
    parser.add_argument("--skip-rebuild", action="store_true")
    args = parser.parse_args()
    url = f"sqlite:///{args.book.resolve()}"
    print(f"bench/scoring.py on {args.book.name} at {args.at}, {time.strftime('%Y-%m-%d %H:%M:%S UTC', time.gmtime())}")
    steps = [
        s
        for s in ("fit", "score", "rescore", "rebuild")
        if not ((s == "fit" and args.skip_fit) or (s == "rebuild" and args.skip_rebuild))
    ]
    for step in steps:
        before = load()
        result = child(step, url, args.at)
        print(f"  {step:<8} load {before}→{load()} {json.dumps(result)}", flush=True)
    for head in (False, True):
        before = load()
        seconds, cpu = queue(url, args.at, head)
        where = "| head -5" if head else "> /dev/null"
        print(f"  queue {where}: {seconds:.1f} s (CPU {cpu:.1f} s), load {before}→{load()}", flush=True)
    print(f"  max RSS of this process {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())

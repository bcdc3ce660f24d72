"""Start-up benchmark: a cold start of the desk to its queue's first row painted, against a bare QApplication
started the same way in the same run, and ``agent-desk --version``.

    python bench/startup.py                      # 9 samples of each, a 2,000-account demo book
    python bench/startup.py --samples 15 --accounts 10000
    python bench/startup.py --against /tmp/agent-desk-main   # also another checkout's desk, in the same run

Every sample is a new process (the interpreter, Qt and the app load from scratch; the OS file cache is warm, as
it is on an agent's PC after the first start of the day). The samples alternate — bare, app, version — so that
the shared machine's noise falls on all three alike; the figures compared are medians of the same run.

- bare: ``python -c`` that imports QtWidgets, makes the QApplication and a window, and prints when the window
  has painted;
- app: ``agent-desk --db BOOK --at AT --user AGENT --smoke``, timed to its line "the queue's first row
  painted" (the window shown, signed in, the agent's queue read and its first row on screen);
- version: ``agent-desk --version`` to its exit.

Wall time is what the agent waits; on a shared, loaded machine it stretches the longer start more than the short
one, so each child also prints the CPU time it had used at that moment, and the CPU ratio is printed beside the
wall ratio (it moves much less with the load; the load average is printed too).

With ``--against DIR`` the desk of another checkout (e.g. ``git archive main | tar -x -C DIR``) is started too, in
the same turns, on the same book and interpreter: before/after figures of a change come from one run.

The book is written once under --workdir with ``agent-desk demo-data`` (kept for later runs).
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
AT = "2026-11-24T10:00+07:00"  # a Tuesday morning in Jakarta: agents have callable customers
BARE = """
import sys
import time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel

app = QApplication(sys.argv[:1])
window = QLabel("Agent Desk")
window.resize(1366, 768)

class Painted(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            print(f"painted ({time.process_time():.3f} s of CPU)", flush=True)
            QTimer.singleShot(0, app.quit)
        return False

painted = Painted()
window.installEventFilter(painted)
window.show()
app.exec()
"""


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def environment(home: Path, root: Path = ROOT) -> dict[str, str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(root))
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed app has its bytecode compiled; so does this run
    for name in ("CONFIG", "DATA", "STATE", "CACHE"):
        env[f"XDG_{name}_HOME"] = str(home / name.lower())
    return env


CPU = re.compile(r"\(([\d.]+) s of CPU\)")


def time_to_line(
    argv: list[str], marker: str, env: dict[str, str], timeout: float = 60.0, cwd: Path = ROOT
) -> tuple[float, float]:
    """Seconds from starting ``argv`` to the first stdout line containing ``marker``, and the CPU seconds the
    process had used by then (it prints them); the process is then left to finish: teardown is not start-up."""
    started = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env, cwd=cwd)
    assert process.stdout is not None
    try:
        for line in process.stdout:
            if marker in line:
                wall = time.perf_counter() - started
                cpu = CPU.search(line)
                return wall, float(cpu.group(1)) if cpu else float("nan")
        raise RuntimeError(f"{argv[:4]}… ended without printing {marker!r} (exit {process.wait()})")
    finally:
        process.stdout.close()
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def time_to_exit(argv: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(argv, capture_output=True, check=True, env=env, timeout=60)
    return time.perf_counter() - started


def prepare_book(workdir: Path, accounts: int, env: dict[str, str]) -> tuple[Path, str]:
    """The demo book (written once) and an agent with callable customers at :data:`AT`."""
    book = workdir / f"bench-startup-{accounts}.sqlite3"
    if not book.exists():
        say(f"writing a {accounts:,}-account demo book to {book} (once)")
        subprocess.run(
            [sys.executable, "-m", "ui.app", "--db", f"sqlite:///{book}", "--at", AT, "demo-data", "--accounts",
             str(accounts), "--quiet"],
            check=True, env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
        )  # fmt: skip
    sys.path.insert(0, str(ROOT))
    from agent_desk.context import open_context
    from agent_desk.portfolio import list_users
    from agent_desk.worklist import queue_lines

    context = open_context(f"sqlite:///{book}", AT, create=False)
    try:
        with context.database.session() as session:
            agents = [user for user in list_users(session) if user.role.value == "agent"]
        for agent in agents:
            if queue_lines(context.database, context.clock, agent.id, limit=1):
                return book, agent.login
    finally:
        context.close()
    raise RuntimeError("no agent has a callable customer at the benchmark's moment")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--samples", type=int, default=9)
    parser.add_argument("--accounts", type=int, default=2000)
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "agent-desk-bench")
    parser.add_argument("--against", type=Path, metavar="DIR", help="another checkout's desk, timed in the same run")
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    home = Path(tempfile.mkdtemp(prefix="agent-desk-startup-"))
    env = environment(home)
    book, agent = prepare_book(args.workdir, args.accounts, env)
    python = sys.executable
    app = [python, "-m", "ui.app", "--db", f"sqlite:///{book}", "--at", AT, "--user", agent, "--smoke"]
    version = [python, "-m", "ui.app", "--version"]
    # One start of each first, not counted: it writes the bytecode caches and warms the file cache.
    time_to_line([python, "-c", BARE], "painted", env)
    time_to_line(app, "first row painted", env)
    other_env = environment(home, args.against) if args.against else None
    if other_env is not None:
        time_to_line(app, "first row painted", other_env, cwd=args.against)
    bare_times: list[tuple[float, float]] = []
    app_times: list[tuple[float, float]] = []
    other_times: list[tuple[float, float]] = []
    version_times: list[float] = []
    for sample in range(args.samples):
        bare_times.append(time_to_line([python, "-c", BARE], "painted", env))
        app_times.append(time_to_line(app, "first row painted", env))
        if other_env is not None:
            other_times.append(time_to_line(app, "first row painted", other_env, cwd=args.against))
        version_times.append(time_to_exit(version, env))
        say(
            f"sample {sample + 1}/{args.samples}: bare {bare_times[-1][0]:.3f} s ({bare_times[-1][1]:.3f} s CPU), "
            f"app {app_times[-1][0]:.3f} s ({app_times[-1][1]:.3f} s CPU), --version {version_times[-1]:.3f} s"
            + (f", against {other_times[-1][0]:.3f} s ({other_times[-1][1]:.3f} s CPU)" if other_times else "")
        )
    bare_wall, bare_cpu = (statistics.median(times) for times in zip(*bare_times, strict=True))
    app_wall, app_cpu = (statistics.median(times) for times in zip(*app_times, strict=True))
    version = statistics.median(version_times)
    print(f"startup, {args.accounts:,}-account book, agent {agent}, {args.samples} samples each (medians):")
    print("                                          wall      CPU")
    print(f"  bare QApplication, window painted     {bare_wall:6.3f} s  {bare_cpu:6.3f} s")
    print(f"  agent-desk, queue's first row painted {app_wall:6.3f} s  {app_cpu:6.3f} s")
    print(f"  ratio app / bare                      {app_wall / bare_wall:6.2f} x  {app_cpu / bare_cpu:6.2f} x")
    if other_times:
        other_wall, other_cpu = (statistics.median(times) for times in zip(*other_times, strict=True))
        print(f"  --against {str(args.against)[-28:]:28s}{other_wall:6.3f} s  {other_cpu:6.3f} s")
        print(f"  ratio against / bare                  {other_wall / bare_wall:6.2f} x  {other_cpu / bare_cpu:6.2f} x")
    print(f"  agent-desk --version                  {version:6.3f} s  (min {min(version_times):.3f} s)")
    print(f"  load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()

"""Start-up benchmark: a cold start of the desk to its queue's first row painted and to the hand-over (the real
window interactive), against a bare QApplication started the same way in the same run; ``agent-desk --version``
and ``agent-desk --help``.

    python bench/startup.py                      # 9 samples of each, a 2,000-account demo book
    python bench/startup.py --samples 15 --accounts 10000
    python bench/startup.py --against /tmp/agent-desk-main   # also another checkout's desk, in the same run

Every sample is a new process (the interpreter, Qt and the app load from scratch; the OS file cache is warm, as
it is on an agent's PC after the first start of the day). The samples alternate — bare, app, version — so that
the shared machine's noise falls on all three alike; the figures compared are medians of the same run.

- bare: ``python -c`` that imports QtWidgets, makes the QApplication and a window, and prints when the window
  has painted;
- app: ``agent-desk --db BOOK --at AT --user AGENT --smoke``, timed to its line "the queue's first row
  painted" (the first frame: the stored queue's first page on screen, read through sqlite3 before the domain
  loads, ui/first_frame.py) and to "hand-over done" (the real window in its place, signed in, interactive);
  a checkout without the first frame prints only the first line, which is then both;
- sign-in: ``agent-desk --db BOOK --at AT`` (no ``--user``: an agent who signs in with a password), timed to its
  line "the sign-in dialog painted" (ui/early_sign_in.py: the dialog before the domain loads), then from "Sign in
  pressed" to the queue's first row painted and the desk interactive. ``AGENT_DESK_SIGN_IN_PROBE=sign-in:AGENT``
  types the agent's name and the demo password once the desk has loaded behind the dialog (as when a person has
  typed for a second or more) and presses Sign in; the desk then times its first row as ``--smoke`` does. The
  "pressed → row" figures are differences within one start (wall and CPU); this checkout only;
- version: ``agent-desk --version`` to its exit; help: ``agent-desk --help`` to its exit.

Wall time is what the agent waits; on a shared, loaded machine it stretches the longer start more than the short
one, so each child also prints the CPU time it had used at that moment, and the CPU ratio is printed beside the
wall ratio (it moves much less with the load; the load average is printed too).

With ``--against DIR`` the desk of another checkout (e.g. ``git archive main | tar -x -C DIR``) is started too, in
the same turns, on the same book and interpreter: before/after figures of a change come from one run.

The book is written once under --workdir with ``agent-desk demo-data`` (kept for later runs); a book written by an
older revision of the schema (a workdir from before a migration) is written again, and the bench says so.
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


def time_to_lines(
    argv: list[str], markers: tuple[str, ...], env: dict[str, str], timeout: float = 60.0, cwd: Path = ROOT
) -> dict[str, tuple[float, float]]:
    """Seconds from starting ``argv`` to the first stdout line containing each marker, and the CPU seconds the
    process had used by then (it prints them); a marker the process never prints is missing from the answer
    (at least the first must come). The process is then left to finish: teardown is not start-up."""
    started = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env, cwd=cwd)
    assert process.stdout is not None
    seen: dict[str, tuple[float, float]] = {}
    try:
        for line in process.stdout:
            for marker in markers:
                if marker in line and marker not in seen:
                    cpu = CPU.search(line)
                    seen[marker] = (time.perf_counter() - started, float(cpu.group(1)) if cpu else float("nan"))
            if len(seen) == len(markers):
                break
        if markers[0] not in seen:
            raise RuntimeError(f"{argv[:4]}… ended without printing {markers[0]!r} (exit {process.wait()})")
        return seen
    finally:
        process.stdout.close()
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def time_to_line(
    argv: list[str], marker: str, env: dict[str, str], timeout: float = 60.0, cwd: Path = ROOT
) -> tuple[float, float]:
    return time_to_lines(argv, (marker,), env, timeout, cwd)[marker]


FIRST_ROW, HANDED_OVER = "first row painted", "hand-over done"
DIALOG, PRESSED = "sign-in dialog painted", "Sign in pressed"


def time_sign_in(
    argv: list[str], env: dict[str, str]
) -> tuple[tuple[float, float], tuple[float, float], tuple[float, float]]:
    """(dialog painted, Sign in pressed → first row painted, pressed → interactive) of one start: the first from
    the start, the others as differences (wall, CPU) from the moment Sign in was pressed."""
    seen = time_to_lines(argv, (DIALOG, PRESSED, FIRST_ROW, HANDED_OVER), env)
    if len(seen) < 4:
        raise RuntimeError(f"the sign-in start printed only {sorted(seen)}")
    pressed = seen[PRESSED]
    since = lambda marker: (seen[marker][0] - pressed[0], seen[marker][1] - pressed[1])  # noqa: E731
    return seen[DIALOG], since(FIRST_ROW), since(HANDED_OVER)


def time_desk(
    argv: list[str], env: dict[str, str], cwd: Path = ROOT
) -> tuple[tuple[float, float], tuple[float, float]]:
    """(first row painted, hand-over done) of one start; without a first frame both are the first row."""
    seen = time_to_lines(argv, (FIRST_ROW, HANDED_OVER), env, cwd=cwd)
    return seen[FIRST_ROW], seen.get(HANDED_OVER, seen[FIRST_ROW])


def time_to_exit(argv: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(argv, capture_output=True, check=True, env=env, timeout=60)
    return time.perf_counter() - started


def prepare_book(workdir: Path, accounts: int, env: dict[str, str]) -> tuple[Path, str]:
    """The demo book (written once) and an agent with callable customers at :data:`AT`."""
    book = workdir / f"bench-startup-{accounts}.sqlite3"
    stale = _stale_schema(book)
    if stale is not None:
        say(f"{book} does not fit this checkout ({stale}): writing it again")
        book.unlink()
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


def _stale_schema(book: Path) -> str | None:
    """The revision ``book`` was written at when it is not this checkout's head (None: current, or no book)."""
    import sqlite3

    if not book.exists():
        return None
    sys.path.insert(0, str(ROOT))
    from db.revisions import VERSION_TABLE, head_revisions

    try:
        with sqlite3.connect(f"file:{book}?mode=ro", uri=True) as connection:
            found = {row[0] for row in connection.execute(f"SELECT version_num FROM {VERSION_TABLE}")}
            demo = connection.execute("SELECT count(*) FROM user_passwords WHERE demo").fetchone()[0]
    except sqlite3.Error as error:
        return f"unreadable: {error}"
    if not demo:  # the sign-in probe types the demo password
        return "no demo passwords"
    return None if found == set(head_revisions()) else "schema revision " + (", ".join(sorted(found)) or "none")


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
    dialog = [python, "-m", "ui.app", "--db", f"sqlite:///{book}", "--at", AT]
    dialog_env = dict(env, AGENT_DESK_SIGN_IN_PROBE=f"sign-in:{agent}")
    version = [python, "-m", "ui.app", "--version"]
    help_command = [python, "-m", "ui.app", "--help"]
    # One start of each first, not counted: it writes the bytecode caches and warms the file cache.
    time_to_line([python, "-c", BARE], "painted", env)
    time_desk(app, env)
    time_sign_in(dialog, dialog_env)
    other_env = environment(home, args.against) if args.against else None
    if other_env is not None:
        time_desk(app, other_env, cwd=args.against)
    bare_times: list[tuple[float, float]] = []
    first_times: list[tuple[float, float]] = []
    ready_times: list[tuple[float, float]] = []
    sign_in_times: list[tuple[tuple[float, float], tuple[float, float], tuple[float, float]]] = []
    other_first: list[tuple[float, float]] = []
    other_ready: list[tuple[float, float]] = []
    version_times: list[float] = []
    help_times: list[float] = []
    for sample in range(args.samples):
        bare_times.append(time_to_line([python, "-c", BARE], "painted", env))
        sign_in_times.append(time_sign_in(dialog, dialog_env))
        first, ready = time_desk(app, env)
        first_times.append(first)
        ready_times.append(ready)
        if other_env is not None:
            first, ready = time_desk(app, other_env, cwd=args.against)
            other_first.append(first)
            other_ready.append(ready)
        version_times.append(time_to_exit(version, env))
        help_times.append(time_to_exit(help_command, env))
        say(
            f"sample {sample + 1}/{args.samples}: bare {bare_times[-1][1]:.3f} s CPU, "
            f"dialog {sign_in_times[-1][0][1]:.3f} s CPU, Sign in → row {sign_in_times[-1][1][1]:.3f} s CPU, first row "
            f"{first_times[-1][1]:.3f} s CPU, hand-over {ready_times[-1][1]:.3f} s CPU"
            + (f", against {other_first[-1][1]:.3f}/{other_ready[-1][1]:.3f} s CPU" if other_first else "")
            + f", --version {version_times[-1]:.3f} s, --help {help_times[-1]:.3f} s"
        )
    rows = [
        ("agent-desk, sign-in dialog painted", [times[0] for times in sign_in_times]),
        ("Sign in pressed → first row painted", [times[1] for times in sign_in_times]),
        ("Sign in pressed → desk interactive", [times[2] for times in sign_in_times]),
        ("agent-desk, queue's first row painted", first_times),
        ("agent-desk, hand-over done", ready_times),
    ]
    if other_first:
        name = str(args.against)[-16:]
        rows += [(f"--against {name}: first row", other_first), (f"--against {name}: hand-over", other_ready)]
    print(f"startup, {args.accounts:,}-account book, agent {agent}, {args.samples} samples each (medians):")
    report(bare_times, rows, [("agent-desk --version", version_times), ("agent-desk --help", help_times)])


def report(
    bare_times: list[tuple[float, float]],
    rows: list[tuple[str, list[tuple[float, float]]]],
    exits: list[tuple[str, list[float]]],
) -> None:
    bare_wall, bare_cpu = medians(bare_times)
    print("                                                wall      CPU     ratio to bare (wall, CPU)")
    print(f"  bare QApplication, window painted           {bare_wall:6.3f} s  {bare_cpu:6.3f} s")
    for label, times in rows:
        wall, cpu = medians(times)
        print(f"  {label:42s}{wall:6.3f} s  {cpu:6.3f} s  {wall / bare_wall:5.2f}x  {cpu / bare_cpu:5.2f}x")
    for label, seconds in exits:
        print(f"  {label:42s}{statistics.median(seconds):6.3f} s  (min {min(seconds):.3f} s)")
    print(f"  load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print("  (Sign in pressed → …: from the press, once the desk had loaded behind the dialog, in the same start)")


def medians(times: list[tuple[float, float]]) -> tuple[float, float]:
    wall, cpu = (statistics.median(values) for values in zip(*times, strict=True))
    return wall, cpu


if __name__ == "__main__":
    main()

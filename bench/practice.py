"""Practice benchmark: from *Start practice* to the simulated debtor's first word reaching the trainee's phone.

    python bench/practice.py                 # 5 samples of each case
    python bench/practice.py --samples 10

One sample is what the trainee's click does, timed end to end on the real code (offscreen): the practice
database and the scenario's customer, the debtor's process (started, or the spare one kept warm), the opening
line's voice (synthesized, or found in the cache), the practice window with the workspace and its softphone,
the customer opened; then *Dial* at once (the trainee's own reaction is not counted), the debtor answers after
its ring, and the clock stops at the first 20 ms of audio above speech level arriving in the trainee's softphone
(its audio bridge, where the headset is fed from). Cases:

* ``first``: the first practice on a new machine: an empty voice cache (every line is synthesized then); the
  practice database and the spare debtor process are there, made when the Practice tab opened;
* ``repeat``: a repeat session: voices cached, the practice database there, the spare process there;
* ``no-spare``: voices cached, but no spare process (it must start on the click: the app's worst repeat case).

The trainee's Practice tab opens (creating and migrating, the first time) the practice database to list the
assignments and starts the spare process, before *Start practice* can be pressed; a sample does both before the
clock starts. The one-off creation of the practice database is timed on its own.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
SCRATCH = Path(tempfile.mkdtemp(prefix="agent-desk-bench-practice-"))
os.environ["XDG_DATA_HOME"] = str(SCRATCH / "data")
os.environ["XDG_CACHE_HOME"] = str(SCRATCH / "cache")
os.environ["XDG_CONFIG_HOME"] = str(SCRATCH / "config")

import datetime as dt  # noqa: E402

from PySide6.QtCore import QCoreApplication  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from agent_desk.clock import FrozenClock  # noqa: E402
from agent_desk.context import open_context  # noqa: E402
from agent_desk.demo import generate_portfolio  # noqa: E402
from agent_desk.portfolio import list_users  # noqa: E402
from agent_desk.practice.sandbox import practice_user  # noqa: E402
from agent_desk.practice.store import assign  # noqa: E402
from agent_desk.practice.voice import cache_dir  # noqa: E402
from agent_desk.softphone.tones import rms_level  # noqa: E402
from ui import practice as _practice_ui  # noqa: E402, F401
from ui.background import Background  # noqa: E402
from ui.practice import launch  # noqa: E402

NOW = dt.datetime(2026, 11, 24, 2, 30, tzinfo=dt.UTC)
SPEECH = 0.01
SCENARIO = "forgot_due_date"


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def sample(app: QApplication, book: Path, case: str, language: str) -> tuple[float, float, float]:
    """One Start → first word; returns (total, start → ready to dial, dial → first word) in seconds."""
    context = open_context(f"sqlite:///{book}")
    context.clock = FrozenClock(NOW)
    with context.database.session() as session:
        agent = next(user for user in list_users(session) if user.login == "agent01")
    practice = launch.practice_database(context)  # the Practice tab lists the assignments
    trainee = practice_user(practice, "agent01")
    assignment = assign(practice, scenario=SCENARIO, language=language, trainee_id=trainee.id, assigned_by_id=None,
                        now=NOW)  # fmt: skip
    if case == "first":
        shutil.rmtree(cache_dir(), ignore_errors=True)
    if case != "no-spare":
        launch.prewarm()  # the Practice tab starts a spare process when the trainee opens it
        deadline = time.monotonic() + 20
        while launch._spare is not None and launch._spare.uri is None and time.monotonic() < deadline:
            launch._spare.wait_ready()
    background = Background()
    request = launch.PracticeRequest(SCENARIO, language, assignment_id=assignment)
    started = time.perf_counter()
    window = launch.begin(context, agent, background, request, audio=False)
    audio = window.phone.engine.audio
    audio.attach(microphone=False, speaker=True)  # as the headset does on shift
    workspace = window.workspace
    while workspace.loop.current is None:
        app.processEvents()
        time.sleep(0.001)
    ready = time.perf_counter()
    workspace.loop.dial()
    heard = None
    deadline = time.monotonic() + 15
    while heard is None and time.monotonic() < deadline:
        app.processEvents()
        chunk = audio.pull_speaker(640)
        if chunk and rms_level(chunk) > SPEECH:
            heard = time.perf_counter()
        elif not chunk:
            time.sleep(0.001)
    voices = window.controller.voices
    window.close()
    if voices is not None:
        voices.wait()  # the other lines, synthesized in the background meanwhile
    background.wait()
    launch.close_spare()
    launch.forget_practice_databases()
    context.close()
    if heard is None:
        raise RuntimeError("the debtor was never heard")
    return heard - started, ready - started, heard - ready


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--samples", type=int, default=5)
    parser.add_argument("--language", default="en", choices=("en", "id"))
    args = parser.parse_args()
    app = QApplication([])
    QCoreApplication.setOrganizationName("AgentDesk-bench")
    template = SCRATCH / "book.sqlite3"
    context = open_context(f"sqlite:///{template}")
    generate_portfolio(context.database, accounts=200, seed=7, now=NOW)
    context.close()
    say(f"practice benchmark: scenario {SCENARIO} ({args.language}), {args.samples} samples per case")
    created = []
    for index in range(3):
        copy = SCRATCH / f"book-create-{index}.sqlite3"
        shutil.copy(template, copy)
        context = open_context(f"sqlite:///{copy}")
        began = time.perf_counter()
        launch.practice_database(context)
        created.append(time.perf_counter() - began)
        launch.forget_practice_databases()
        context.close()
    results: dict[str, list[tuple[float, float, float]]] = {}
    for case in ("first", "repeat", "no-spare"):
        book = SCRATCH / f"book-{case}.sqlite3"
        shutil.copy(template, book)
        results[case] = [sample(app, book, case, args.language) for _ in range(args.samples)]
    print(f"Start practice → debtor's first word ({args.language}, {args.samples} samples; seconds, median [min–max])")
    for case, samples in results.items():
        totals = [s[0] for s in samples]
        setup = statistics.median(s[1] for s in samples)
        answer = statistics.median(s[2] for s in samples)
        print(
            f"  {case:8s} {statistics.median(totals):.3f} [{min(totals):.3f}–{max(totals):.3f}]"
            f"   start → ready to dial {setup:.3f}, dial → first word {answer:.3f}"
        )
    print(f"  practice database created and migrated (once, when the Practice tab first opens): "
          f"{statistics.median(created):.3f}")  # fmt: skip
    repeat = statistics.median(s[0] for s in results["repeat"])
    first = statistics.median(s[0] for s in results["first"])
    print(f"  repeat / first = {repeat / first:.2f}")
    shutil.rmtree(SCRATCH, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

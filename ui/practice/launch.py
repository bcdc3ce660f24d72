"""Opening a practice session for a trainee: what *Start practice* does, for the app and for the tests alike.

The debtor's process takes about as long to start as the sandbox takes to make, so it starts first and both
happen at once; the opening line is synthesized (or found in the cache) meanwhile, the other lines follow in
the background. A spare debtor process may be kept warm (:func:`prewarm`) so the next session finds one ready.
"""

from __future__ import annotations

import dataclasses
import logging
import uuid
from pathlib import Path
from typing import Any

from agent_desk.context import AppContext
from agent_desk.paths import data_dir
from agent_desk.portfolio import UserSummary
from agent_desk.practice.errors import PracticeError
from agent_desk.practice.line import DebtorLine
from agent_desk.practice.start import PracticeSetup, open_practice, start
from agent_desk.practice.voice import LineVoices
from agent_desk.softphone import EngineOptions
from db.engine import Database
from ui.background import Background
from ui.practice.session_window import PracticeWindow

log = logging.getLogger(__name__)
RING_SECONDS = 0.0  # the debtor picks up at once: the trainee practises the talk, not the wait


@dataclasses.dataclass(frozen=True)
class PracticeRequest:
    """What the trainee chose to practise: an assignment (or a scenario), simulated or live."""

    scenario: str
    language: str
    assignment_id: int | None = None
    mode: str = "simulated"
    live_session_id: int | None = None
    live_uri: str | None = None


def practice_dir() -> Path:
    return data_dir() / "practice"


_spare: DebtorLine | None = None
_practice_databases: dict[str, Database] = {}


def practice_database(context: AppContext) -> Database:
    """The practice database of this production database (opened once per process, users copied each time)."""
    key = context.database.url.render_as_string(hide_password=True)
    database = _practice_databases.get(key)
    if database is None:
        database = open_practice(context.database, context.credentials, context.clock.now())
        _practice_databases[key] = database
    else:
        from agent_desk.practice.sandbox import sync_from_production

        sync_from_production(context.database, database, context.clock.now())
    return database


def forget_practice_databases() -> None:
    """Close the practice databases this process opened (tests, and the app on quit)."""
    for database in _practice_databases.values():
        database.dispose()
    _practice_databases.clear()
    close_spare()


def prewarm() -> None:
    """Start a debtor process ahead of the trainee's next session (kept until used or the app quits)."""
    global _spare  # noqa: PLW0603 - one spare process per app
    if _spare is None or not _spare.running:
        _spare = DebtorLine(practice_dir() / "recordings", ring=RING_SECONDS)


def prewarm_line() -> None:
    """:func:`prewarm` when the debtor can speak at all (espeak-ng installed); never fails."""
    from agent_desk.practice.voice import espeak_available

    if espeak_available():
        try:
            prewarm()
        except PracticeError as error:
            log.warning("no spare debtor process: %s", error)


def _take_line() -> DebtorLine:
    global _spare
    line, _spare = _spare, None
    if line is not None and line.running:
        return line
    return DebtorLine(practice_dir() / "recordings", ring=RING_SECONDS)


def close_spare() -> None:
    global _spare  # noqa: PLW0603
    if _spare is not None:
        _spare.close()
        _spare = None


def begin(
    context: AppContext,
    user: UserSummary,
    background: Background,
    request: PracticeRequest,
    *,
    phone: bool = True,
    audio: bool = True,
    phone_options: EngineOptions | None = None,
) -> PracticeWindow:
    """Make the sandbox, start the debtor (unless live) and open the practice window, started."""
    line = _take_line() if request.mode != "live" else None
    try:
        practice = practice_database(context)
        setup: PracticeSetup = start(
            practice,
            context.clock,
            login=user.login,
            scenario_id=request.scenario,
            language=request.language,
            assignment_id=request.assignment_id,
            mode=request.mode,
            live_session_id=request.live_session_id,
            live_uri=request.live_uri,
        )
        voices = None
        if line is not None:  # the process boots meanwhile; the window waits for it only when the trainee dials
            voices = LineVoices(setup.scenario)
            voices.opening()
            voices.prepare_in_background()
    except BaseException:
        if line is not None:
            line.close()
        raise
    drafts = practice_dir() / "drafts" / (setup.session_uid or uuid.uuid4().hex)
    window = PracticeWindow(
        context,
        setup,
        background,
        drafts_dir=drafts,
        line=line,
        voices=voices,
        phone=phone,
        audio=audio,
        phone_options=phone_options,
    )
    window.show()
    window.start()
    return window


def run_practice(
    app: Any, context: AppContext, user: UserSummary, background: Background, request: PracticeRequest
) -> None:
    """The app's loop: open the practice window and run until the trainee leaves it (then the desk comes back)."""
    from PySide6.QtWidgets import QMessageBox

    from ui import text

    try:
        window = begin(context, user, background, request)
    except PracticeError as error:
        QMessageBox.warning(None, "Agent Desk", text.render(error.message))
        return
    window.done.connect(app.quit)
    app.exec()
    background.wait()
    window.deleteLater()
    app.processEvents()

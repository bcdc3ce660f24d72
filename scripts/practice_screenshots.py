"""Screenshots of practice mode (called by scripts/screenshots.py; needs espeak-ng): the trainer's console with a
scenario and with progress charts, a practice call in progress (banner, subtitles, reply box) and a feedback
report, in English and Bahasa Indonesia.

A few weeks of practice history is played first with scripted trainees (the same engine as ``agent-desk
practice run``), so the progress charts and the team's weakest items have something real to show.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QApplication

from agent_desk.context import AppContext
from agent_desk.portfolio import UserSummary, list_users
from agent_desk.practice.runner import Step, run_scripted
from agent_desk.practice.sandbox import PracticeClock, practice_user
from agent_desk.practice.seed import create_customer
from agent_desk.practice.start import load
from agent_desk.practice.store import assign, finish_session, start_session
from ui import text
from ui.background import Background
from ui.main_window import MainWindow
from ui.practice.launch import PracticeRequest, begin, forget_practice_databases, practice_database
from ui.settings import Settings
from ui.translations import install_translations

OPENING = [Step(1, intent="ask_for_customer"), Step(2, intent="ask_identity"), Step(3, do="verify"),
           Step(4, do="stage:purpose_disclosure")]  # fmt: skip
SIX = {"kind": "installments", "payments": 6, "first_in_days": 5}
FAIL = [Step(1, intent="disclose_debt"), Step(2, do="stage:educate"), Step(3, do="stage:close")]
POOR = [*OPENING, Step(5, do="stage:educate"), Step(6, do="plan", plan={"kind": "installments", "payments": 2}),
        Step(7, do="stage:close", seconds=40)]  # fmt: skip
FAIR = [*OPENING, Step(5, do="objection:cannot_afford"), Step(6, do="plan", plan=SIX),
        Step(7, do="stage:close", seconds=60)]  # fmt: skip
ASK = "I'm sorry to hear that. May I ask what happened?"
GOOD = [*OPENING, Step(5, do="objection:cannot_afford"), Step(6, say=ASK), Step(7, do="stage:educate"),
        Step(8, do="plan", plan=SIX), Step(9, do="stage:read_back", seconds=25)]  # fmt: skip
CAREFUL = [*OPENING, Step(5, say="I understand, that sounds hard."), Step(6, do="stage:listen"),
           Step(7, do="objection:cannot_afford"), Step(8, do="stage:educate"), Step(9, do="plan", plan=SIX),
           Step(10, do="stage:read_back", seconds=30)]  # fmt: skip


def play_history(context: AppContext) -> None:
    """Three trainees, four weeks: scripted sessions of "lost job", from failed to careful, stored as sessions."""
    practice = practice_database(context)
    scenario = load("lost_job", "en")
    plans = {"agent01": [FAIL, POOR, FAIR, GOOD], "agent02": [POOR, FAIR, GOOD, CAREFUL],
             "agent03": [POOR, POOR, FAIR, FAIR]}  # fmt: skip
    for login, runs in plans.items():
        trainee = practice_user(practice, login)
        for week, steps in enumerate(runs):
            moment = context.clock.now() - dt.timedelta(days=7 * (len(runs) - week))
            clock = PracticeClock(moment)
            customer = create_customer(practice, clock, scenario, trainee.id)
            report, _ = run_scripted(scenario, steps, practice=practice, clock=clock, user_id=trainee.id,
                                     trainee_name=trainee.display_name, customer=customer)  # fmt: skip
            session_id, _uid = start_session(practice, scenario=scenario.id, language="en", trainee_id=trainee.id,
                                             now=moment, mode="scripted", customer_id=customer.customer_id)  # fmt: skip
            finish_session(practice, session_id, report, moment + dt.timedelta(minutes=5))


def practice_shots(
    app: QApplication,
    context: AppContext,
    background: Background,
    users: dict[str, UserSummary],
    scratch: Path,
    settle: Callable[..., None],
    save: Callable[..., None],
) -> None:
    play_history(context)
    trainer = MainWindow(context, users["trainer"], Settings(), background, phone=False)
    trainer.resize(1366, 768)
    trainer.show()
    settle(app, background)
    console = trainer.practice_console
    console.scenarios.list.setCurrentRow(next(
        row for row in range(console.scenarios.list.count()) if "job" in console.scenarios.list.item(row).text()
    ))  # fmt: skip
    settle(app, background)
    save(trainer.grab(), "practice-console-1366x768.png")
    console.tabs.setCurrentWidget(console.progress)
    settle(app, background, 600)
    save(trainer.grab(), "practice-progress-1366x768.png")
    console.tabs.setCurrentWidget(console.sessions)
    settle(app, background, 600)
    save(trainer.grab(), "practice-sessions-1366x768.png")
    trainer.close()
    with context.database.session() as session:
        agent = next(user for user in list_users(session) if user.login == "agent01")
    for language in ("en", "id"):
        text.set_language(language)
        install_translations(app, language)
        call_shots(app, context, background, agent, language, settle, save)
    text.set_language("en")
    install_translations(app, "en")
    forget_practice_databases()


def call_shots(
    app: QApplication,
    context: AppContext,
    background: Background,
    agent: UserSummary,
    language: str,
    settle: Callable[..., None],
    save: Callable[..., None],
) -> None:
    """A practice call of "lost job" in ``language``: in progress (after the objection), then the report."""
    practice = practice_database(context)
    trainee = practice_user(practice, agent.login)
    assignment = assign(practice, scenario="lost_job", language=language, trainee_id=trainee.id, assigned_by_id=None,
                        now=context.clock.now())  # fmt: skip
    window = begin(context, agent, background, PracticeRequest("lost_job", language, assignment), audio=False)
    settle(app, background, 800)
    workspace = window.workspace
    workspace.loop.dial()

    def wait_for(words: str, seconds: float = 8.0) -> None:
        for _ in range(int(seconds * 10)):
            if words in window.subtitles.current:
                return
            settle(app, background, 100)

    settle(app, background, 1500)
    window.reply.choose("ask_for_customer")
    settle(app, background, 1200)
    window.reply.choose("ask_identity")
    settle(app, background, 1200)
    workspace.script.confirm_right_party()
    settle(app, background, 1200)
    workspace.script.choose_objection("cannot_afford")
    settle(app, background, 1500)
    workspace.script.tabs.setCurrentIndex(0)
    settle(app, background, 300)
    save(window.grab(), f"practice-call-{language}-1366x768.png")
    window.end_practice()
    settle(app, background, 1500)
    save(window.grab(), f"practice-report-{language}-1366x768.png")
    window.close()
    settle(app, background)
    del wait_for

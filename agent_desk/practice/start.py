"""Starting a practice session: the practice database ready, the scenario's customer in the trainee's queue,
the session recorded — everything the practice window needs, made without Qt (the benchmark uses it too).
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from agent_desk.clock import Clock
from agent_desk.credentials import CredentialStore
from agent_desk.portfolio import UserSummary
from agent_desk.practice.errors import PracticeError
from agent_desk.practice.sandbox import (
    PracticeClock,
    open_practice_database,
    practice_moment,
    practice_user,
    sync_from_production,
)
from agent_desk.practice.scenario import Scenario, ScenarioError, load_scenario
from agent_desk.practice.seed import SandboxCustomer, create_customer
from agent_desk.practice.store import join_session, start_session
from agent_desk.practice.validate import find_scenario
from agent_desk.text import Message
from agent_desk.worklist import settings_for
from db.engine import Database


@dataclasses.dataclass
class PracticeSetup:
    """A practice session ready to run in the trainee's workspace."""

    practice: Database
    clock: PracticeClock
    scenario: Scenario
    user: UserSummary  # the trainee, as the practice database knows them
    customer: SandboxCustomer
    session_id: int
    session_uid: str
    mode: str = "simulated"
    live_uri: str | None = None
    assignment_id: int | None = None


def open_practice(production: Database, credentials: CredentialStore | None, now: dt.datetime) -> Database:
    """The practice database, up to date, with production's users and rules copied in."""
    practice = open_practice_database(production, credentials)
    sync_from_production(production, practice, now)
    return practice


def load(scenario_id: str, language: str) -> Scenario:
    path = find_scenario(scenario_id, language)
    if not path.exists():
        raise PracticeError(Message.of("practice.error.unknown_scenario", scenario=scenario_id, language=language))
    try:
        return load_scenario(path, language)
    except ScenarioError as error:
        raise PracticeError(error.problems[0].message) from error


def start(
    practice: Database,
    production_clock: Clock,
    *,
    login: str,
    scenario_id: str,
    language: str,
    assignment_id: int | None = None,
    mode: str = "simulated",
    live_session_id: int | None = None,
    live_uri: str | None = None,
) -> PracticeSetup:
    """Put the scenario's customer in ``login``'s practice queue and record the session (running)."""
    scenario = load(scenario_id, language)
    user = practice_user(practice, login)
    calendar = settings_for(practice, production_clock).policy.calendar
    moment = practice_moment(scenario, production_clock.now(), calendar.holiday if calendar else None)
    clock = PracticeClock(moment)
    customer = create_customer(practice, clock, scenario, user.id)
    if live_session_id is not None:
        join_session(practice, live_session_id, customer.customer_id, clock.now())
        session_id, uid = live_session_id, ""
    else:
        session_id, uid = start_session(
            practice,
            scenario=scenario.id,
            language=scenario.language,
            trainee_id=user.id,
            now=clock.now(),
            mode=mode,
            assignment_id=assignment_id,
            customer_id=customer.customer_id,
        )
    return PracticeSetup(practice, clock, scenario, user, customer, session_id, uid, mode, live_uri, assignment_id)

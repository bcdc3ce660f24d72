"""Practice mode for trainers (Qt-free): scenarios as data, a simulated debtor, scoring and feedback.

* Scenarios: :func:`load_scenario`, :func:`find_scenario`, :func:`validate` (``agent-desk practice validate``).
* A call: :class:`PracticeSession` (dialogue graph, mood, transcript) → :func:`build_report` (rubric score).
* The sandbox: :mod:`agent_desk.practice.sandbox` (the practice database and the scenario's customer).
* The debtor's voice: :mod:`agent_desk.practice.voice` (espeak-ng, cached) and :mod:`agent_desk.practice.debtor`
  (its own process, a pjsua2 endpoint that answers the practice line).
* Headless: :mod:`agent_desk.practice.runner` (``agent-desk practice run``).
"""

from __future__ import annotations

from agent_desk.practice.catalog import load_replies, load_rubric
from agent_desk.practice.dialogue import DebtorTurn, Dialogue
from agent_desk.practice.events import TraineeAction
from agent_desk.practice.report import Report, build_report, render_text
from agent_desk.practice.scenario import Scenario, ScenarioError, load_scenario
from agent_desk.practice.session import Entry, PracticeSession
from agent_desk.practice.validate import Validation, validate

__all__ = [
    "DebtorTurn",
    "Dialogue",
    "Entry",
    "PracticeSession",
    "Report",
    "Scenario",
    "ScenarioError",
    "TraineeAction",
    "Validation",
    "build_report",
    "load_replies",
    "load_rubric",
    "load_scenario",
    "render_text",
    "validate",
]

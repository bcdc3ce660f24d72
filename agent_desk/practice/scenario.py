"""Practice scenarios as data: a persona, their debts, and a branching dialogue graph of the persona's lines.

One TOML file per scenario and language (``resources/practice/<language>/<id>.toml``); docs/PRACTICE.md
describes the format. :func:`read_scenario` turns a file into a :class:`Scenario`, collecting every problem
it meets with its line instead of stopping at the first; :mod:`agent_desk.practice.validate` checks the graph
and the pair of languages.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path

from agent_desk.practice.source import Problem, SourceMap

SPEAKERS = ("customer", "third_party")
END_STATES = ("promise", "plan", "refusal", "hang_up", "escalation", "callback", "message_left", "written_contact")
TEMPERAMENTS = ("friendly", "calm", "anxious", "evasive", "guarded", "angry")
GENDERS = ("female", "male")
HISTORY_KINDS = ("call", "promise", "payment")


@dataclasses.dataclass(frozen=True)
class Edge:
    """``when`` the trainee does this (an event kind, ``objection:<code>`` or ``any``), go ``to`` that node."""

    when: str
    to: str
    mood_at_least: int | None = None
    mood_at_most: int | None = None
    source_line: int = 0

    def allows(self, mood: int) -> bool:
        if self.mood_at_least is not None and mood < self.mood_at_least:
            return False
        return self.mood_at_most is None or mood <= self.mood_at_most


@dataclasses.dataclass(frozen=True)
class Node:
    """A line of the persona (or of the third party who answered), and where the call goes from there.

    Attributes:
        identity: in this line the customer gives the proof of identity asked for (date of birth …).
        objection: the objection this line raises (a code of the objection library), for the rubric.
        feeling: the line voices a feeling (worry, anger, shame) that deserves an acknowledgement.
        mood: how the persona's mood moves when they say this line.
        end: the call ends here, in this state; the persona hangs up after the line.
        suggest: reply intents the reply box offers after this line (empty: the defaults).
    """

    id: str
    line: str
    speaker: str = "customer"
    identity: bool = False
    objection: str | None = None
    feeling: bool = False
    mood: int = 0
    end: str | None = None
    suggest: tuple[str, ...] = ()
    edges: tuple[Edge, ...] = ()
    source_line: int = 0


@dataclasses.dataclass(frozen=True)
class Persona:
    name: str
    gender: str
    birth_date: dt.date
    national_id: str
    city: str
    province: str
    timezone: str
    phone: str
    employer: str | None
    monthly_income: Decimal
    max_payment: Decimal
    voice: str | None = None


@dataclasses.dataclass(frozen=True)
class ThirdParty:
    """Someone other than the customer who answers the customer's phone."""

    name: str
    relation: str


@dataclasses.dataclass(frozen=True)
class ScenarioAccount:
    product: str
    product_name: str
    creditor: str
    currency: str
    outstanding: Decimal
    arrears: Decimal
    installment_amount: Decimal | None
    days_past_due: int
    days_to_due: int | None


@dataclasses.dataclass(frozen=True)
class HistoryItem:
    """Something that happened before the practice call: an earlier call, a promise, a payment."""

    days_ago: int
    kind: str
    disposition: str | None = None
    amount: Decimal | None = None
    status: str | None = None
    note: str | None = None


@dataclasses.dataclass(frozen=True)
class Scenario:
    id: str
    language: str
    path: Path
    title: str
    summary: str
    goal: str
    temperament: str
    difficulty: int
    start: str
    patience_node: str
    max_turns: int
    call_time: dt.time
    skip: tuple[str, ...]
    confused: tuple[str, ...]
    silence: str
    call_seconds: tuple[int, int]
    persona: Persona
    third_party: ThirdParty | None
    mood: Mapping[str, int]
    accounts: tuple[ScenarioAccount, ...]
    history: tuple[HistoryItem, ...]
    nodes: Mapping[str, Node]

    @property
    def end_nodes(self) -> tuple[str, ...]:
        return tuple(node.id for node in self.nodes.values() if node.end)

    @property
    def objections_raised(self) -> tuple[str, ...]:
        return tuple(sorted({node.objection for node in self.nodes.values() if node.objection}))

    def lines(self) -> list[str]:
        """Every sentence the persona can say (for synthesis ahead of the call)."""
        said = [node.line for node in self.nodes.values()]
        return [*said, *self.confused, self.silence]


class ScenarioError(Exception):
    """A scenario file that cannot be used; ``problems`` say where and why."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s) in scenario files")
        self.problems = problems


@dataclasses.dataclass(frozen=True)
class ScenarioFile:
    """A file read: the scenario when it could be built, its positions, and the problems met."""

    path: Path
    language: str
    scenario: Scenario | None
    source: SourceMap
    problems: tuple[Problem, ...]


def read_scenario(path: Path, language: str | None = None) -> ScenarioFile:
    """Read one scenario file; the language is the folder's name unless given (see :mod:`.reader`)."""
    from agent_desk.practice.reader import read

    return read(path, language)


def load_scenario(path: Path, language: str | None = None) -> Scenario:
    """A scenario ready to run, or :class:`ScenarioError`."""
    entry = read_scenario(path, language)
    if entry.scenario is None:
        raise ScenarioError(list(entry.problems))
    return entry.scenario

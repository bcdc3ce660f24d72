"""The simulated debtor's side of a call: where they are in the graph, their mood, what they say next.

:class:`Dialogue` is a small state machine over a :class:`Scenario`. Each trainee action moves the mood by
the events it carries, then follows the first edge of the current node whose condition the action carries (or
``any``) and whose mood guard holds. An action the line has no answer for makes the persona ask again (one of
the scenario's ``confused`` lines) and costs a little patience; silent actions (pressing *Right person
confirmed*) get no answer at all. At the mood floor, or after ``max_turns``, the persona gives up: the call goes
to the scenario's patience node. Every path therefore ends.
"""

from __future__ import annotations

import dataclasses

from agent_desk.practice.catalog import MoodRules, load_mood_rules
from agent_desk.practice.events import ANY, TraineeAction
from agent_desk.practice.scenario import Node, Scenario

# Buttons the trainee presses without saying anything: they change what the rubric sees, not the conversation.
SILENT_EVENTS = frozenset({"verified", "someone_else"})
TRAINEE_HUNG_UP = "trainee_hung_up"


@dataclasses.dataclass(frozen=True)
class DebtorTurn:
    """What the persona says now.

    Attributes:
        kind: ``line`` (a node's line), ``confused`` (asks again), ``silence`` (checks the line is alive).
        end: the end state when the persona hangs up after this line.
    """

    node: str
    text: str
    speaker: str
    mood: int
    kind: str = "line"
    end: str | None = None
    identity: bool = False
    feeling: bool = False
    objection: str | None = None


class Dialogue:
    def __init__(self, scenario: Scenario, rules: MoodRules | None = None) -> None:
        self.scenario = scenario
        self.rules = rules or load_mood_rules()
        self.mood = self._clamp(self.rules.start.get(scenario.temperament, 0))
        self.node_id = scenario.start
        self.turns = 0
        self.end_state: str | None = None
        self._asked_again = 0

    @property
    def node(self) -> Node:
        return self.scenario.nodes[self.node_id]

    @property
    def ended(self) -> bool:
        return self.end_state is not None

    def open(self) -> DebtorTurn:
        """The first line, when the call is answered."""
        return self._enter(self.scenario.start, apply_mood=True)

    def respond(self, action: TraineeAction) -> DebtorTurn | None:
        """The persona's answer to ``action`` (None: no answer, or the call is over)."""
        if self.ended:
            return None
        if action.has("hung_up"):
            self.end_state = TRAINEE_HUNG_UP
            return None
        self.turns += 1
        self.mood = self._clamp(self.mood + self._mood_change(action.events))
        edge = next(
            (
                edge
                for edge in self.node.edges
                if (edge.when == ANY or action.has(edge.when)) and edge.allows(self.mood)
            ),
            None,
        )
        if edge is not None:
            return self._enter(edge.to, apply_mood=True)
        if action.events and set(action.events) <= SILENT_EVENTS:
            if self.turns >= self.scenario.max_turns:
                return self._enter(self.scenario.patience_node, apply_mood=False)
            return None
        silence = action.has("silence")
        penalty = self._delta("silence" if silence else "unmatched")
        self.mood = self._clamp(self.mood + penalty)
        if self._worn_out():
            return self._enter(self.scenario.patience_node, apply_mood=False)
        if silence:
            return DebtorTurn(self.node_id, self.scenario.silence, self.node.speaker, self.mood, kind="silence")
        lines = self.scenario.confused
        text = lines[self._asked_again % len(lines)]
        self._asked_again += 1
        return DebtorTurn(self.node_id, text, self.node.speaker, self.mood, kind="confused")

    def _enter(self, node_id: str, *, apply_mood: bool) -> DebtorTurn:
        node = self.scenario.nodes[node_id]
        if apply_mood:
            self.mood = self._clamp(self.mood + node.mood)
        if not node.end and self._worn_out():
            node = self.scenario.nodes[self.scenario.patience_node]
        self.node_id = node.id
        if node.end:
            self.end_state = node.end
        return DebtorTurn(
            node.id,
            node.line,
            node.speaker,
            self.mood,
            end=node.end,
            identity=node.identity,
            feeling=node.feeling,
            objection=node.objection,
        )

    def _worn_out(self) -> bool:
        return self.mood <= self.rules.floor or self.turns >= self.scenario.max_turns

    def _delta(self, event: str) -> int:
        return self.scenario.mood.get(event, self.rules.events.get(event, 0))

    def _mood_change(self, events: tuple[str, ...]) -> int:
        return sum(self._delta(event) for event in dict.fromkeys(events))

    def _clamp(self, mood: int) -> int:
        return max(self.rules.floor, min(self.rules.ceiling, mood))

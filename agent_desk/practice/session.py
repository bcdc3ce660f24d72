"""One practice call as it happens: the dialogue, the transcript, and the report at the end.

The GUI (through its controller), the headless runner and the benchmark drive the same
:class:`PracticeSession`: :meth:`connect` when the persona answers, :meth:`act` for every trainee action,
:meth:`finish` when the call is over. Time comes from a callable (seconds since the call was answered), so the
runner can play a call in virtual time.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from agent_desk.practice.catalog import Rubric, load_rubric
from agent_desk.practice.dialogue import TRAINEE_HUNG_UP, DebtorTurn, Dialogue
from agent_desk.practice.events import TraineeAction
from agent_desk.practice.scenario import Scenario

WHO = ("debtor", "third_party", "trainee", "system")


@dataclasses.dataclass(frozen=True)
class Entry:
    """A moment of the call, in order: a line of the persona, an action of the trainee, or a call event.

    Attributes:
        at: seconds since the call was answered.
        who: ``debtor`` (the customer), ``third_party`` (someone else on the customer's phone), ``trainee``,
            ``system``.
        kind: the node id (persona), the action's kind (trainee), or ``connected``/``ended`` (system).
        events: what the trainee's action carried.
    """

    at: float
    who: str
    text: str
    kind: str
    events: tuple[str, ...] = ()
    source: str = ""
    detail: str = ""
    mood: int | None = None
    identity: bool = False
    feeling: bool = False
    objection: str | None = None
    end: str | None = None

    def to_dict(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        data["events"] = list(self.events)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Entry:
        fields = {field.name for field in dataclasses.fields(cls)}
        values = {key: value for key, value in data.items() if key in fields}
        values["events"] = tuple(values.get("events", ()))
        values.setdefault("text", "")
        return cls(**values)


class PracticeSession:
    """A practice call against a simulated persona (or, live, with a trainer who plays them: no dialogue)."""

    def __init__(
        self,
        scenario: Scenario,
        *,
        clock: Callable[[], float],
        trainee: str = "",
        rubric: Rubric | None = None,
        live: bool = False,
    ) -> None:
        self.scenario = scenario
        self.trainee = trainee
        self.rubric = rubric or load_rubric()
        self.live = live
        self.dialogue = None if live else Dialogue(scenario)
        self.entries: list[Entry] = []
        self._clock = clock
        self._connected_at: float | None = None
        self._ended_at: float | None = None
        self.end_state: str | None = None

    # --- the call ---

    @property
    def connected(self) -> bool:
        return self._connected_at is not None

    @property
    def over(self) -> bool:
        return self._ended_at is not None or self.end_state is not None

    def now(self) -> float:
        return round(self._clock(), 2)

    def connect(self) -> DebtorTurn | None:
        """The persona answered: their first line (None in a live session: the trainer speaks)."""
        self._connected_at = self.now()
        self.entries.append(Entry(self._connected_at, "system", "", "connected"))
        if self.dialogue is None:
            return None
        turn = self.dialogue.open()
        self._record_turn(turn)
        return turn

    def act(self, action: TraineeAction) -> DebtorTurn | None:
        """The trainee did something: it goes into the transcript; the persona's answer comes back."""
        if self.over or not self.connected:
            return None
        self.entries.append(
            Entry(
                self.now(),
                "trainee",
                action.text,
                action.kind,
                events=action.events,
                source=action.source,
                detail=action.detail,
            )
        )
        if self.dialogue is None:
            return None
        turn = self.dialogue.respond(action)
        if turn is not None:
            self._record_turn(turn)
        if self.dialogue.end_state == TRAINEE_HUNG_UP:
            self.end_state = TRAINEE_HUNG_UP
        return turn

    def hang_up(self, by: str) -> None:
        """The call ended (``by`` is ``trainee`` or ``debtor``); the talk time stops here."""
        if self._ended_at is not None:
            return
        if by == "trainee" and self.end_state is None and self.connected:
            self.act(TraineeAction("system", "hang_up", ("hung_up",)))
            self.end_state = self.end_state or TRAINEE_HUNG_UP
        self._ended_at = self.now()
        self.entries.append(Entry(self._ended_at, "system", "", "ended", detail=by))

    @property
    def talk_seconds(self) -> int:
        if self._connected_at is None:
            return 0
        end = self._ended_at if self._ended_at is not None else self.now()
        return max(0, round(end - self._connected_at))

    def _record_turn(self, turn: DebtorTurn) -> None:
        who = "third_party" if turn.speaker == "third_party" else "debtor"
        self.entries.append(
            Entry(
                self.now(),
                who,
                turn.text,
                turn.node if turn.kind == "line" else f"{turn.kind}:{turn.node}",
                mood=turn.mood,
                identity=turn.identity and turn.kind == "line",
                feeling=turn.feeling and turn.kind == "line",
                objection=turn.objection if turn.kind == "line" else None,
                end=turn.end,
            )
        )
        if turn.end:
            self.end_state = turn.end

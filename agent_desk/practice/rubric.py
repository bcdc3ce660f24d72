"""Scoring a practice call with the rubric (``resources/practice/rubric.toml``): 0–100, every point explained.

Each item looks at the transcript and says how many of its points were earned, whether it applied at all,
and why — as notes tied to the moment of the call they are about (an entry index), so the report can show
them where they happened. Items that do not apply (skipped by the scenario, or nothing in the call called for
them) leave the total; the score is the earned share of the points that applied, rounded half up. Speaking of
the debt before the right person is verified fails the call: the score is 0.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from agent_desk.language_guard import check_text
from agent_desk.practice.catalog import Rubric, RubricItem
from agent_desk.practice.events import OBJECTION_PREFIX, PLAN_EVENTS, discloses
from agent_desk.practice.scenario import Scenario
from agent_desk.practice.session import Entry
from agent_desk.text import Message


@dataclasses.dataclass(frozen=True)
class Note:
    """Why points were earned or lost; ``entry`` is the transcript index it is about (None: the call as a whole)."""

    item: str
    entry: int | None
    message: Message
    good: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "item": self.item,
            "entry": self.entry,
            "code": self.message.code,
            "params": {key: _param(value) for key, value in self.message.params},
            "good": self.good,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Note:
        return cls(
            str(data["item"]),
            data.get("entry"),
            Message(
                str(data["code"]), tuple((key, _unparam(value)) for key, value in dict(data.get("params", {})).items())
            ),
            bool(data.get("good", False)),
        )


def _param(value: Any) -> Any:
    """A message parameter as JSON (a nested message keeps its code, so it renders in any language later)."""
    if isinstance(value, Message):
        return {"message": value.code}
    return value if isinstance(value, int | str) else str(value)


def _unparam(value: Any) -> Any:
    if isinstance(value, dict) and "message" in value:
        return Message.of(str(value["message"]))
    return value


@dataclasses.dataclass(frozen=True)
class ItemScore:
    code: str
    earned: int
    possible: int
    applies: bool


@dataclasses.dataclass(frozen=True)
class Score:
    total: int
    failed: bool
    items: tuple[ItemScore, ...]
    notes: tuple[Note, ...]
    fail_note: Note | None = None

    def item(self, code: str) -> ItemScore:
        return next(item for item in self.items if item.code == code)


def _half_up(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def share(points: int, done: int, total: int) -> int:
    """``points`` × ``done`` / ``total``, rounded half up (``total`` > 0)."""
    return _half_up(Decimal(points) * done / total)


class _Scorer:
    def __init__(
        self, entries: Sequence[Entry], scenario: Scenario, rubric: Rubric, talk_seconds: int, end_state: str | None
    ) -> None:
        self.entries = entries
        self.scenario = scenario
        self.rubric = rubric
        self.talk = talk_seconds
        self.end_state = end_state
        self.notes: list[Note] = []
        self.items: list[ItemScore] = []
        self.fail: Note | None = None
        self.verified_at: int | None = None
        self.live = False

    def note(self, item: str, entry: int | None, code: str, *, good: bool, **params: Any) -> Note:
        made = Note(item, entry, Message.of(f"practice.note.{code}", **params), good)
        self.notes.append(made)
        return made

    def trainee(self) -> list[tuple[int, Entry]]:
        return [(index, entry) for index, entry in enumerate(self.entries) if entry.who == "trainee"]

    def events_at(self, event: str) -> list[int]:
        return [index for index, entry in self.trainee() if event in entry.events]

    def result(self, item: RubricItem, earned: int, *, applies: bool = True) -> None:
        if item.code in self.scenario.skip or not applies:
            self.items.append(ItemScore(item.code, 0, 0, False))
            return
        self.items.append(ItemScore(item.code, earned, item.points, True))

    # --- the items ---

    def verification(self, item: RubricItem) -> None:
        identity_given = self.live  # live, the trainer plays the customer: the trainee's confirmation is trusted
        speaker = "debtor"
        wrong = False
        for index, entry in enumerate(self.entries):
            if entry.who in ("debtor", "third_party"):
                speaker = entry.who
                identity_given = identity_given or (entry.identity and entry.who == "debtor")
                continue
            if entry.who != "trainee":
                continue
            if "verified" in entry.events:
                if speaker == "third_party":
                    wrong = True
                    self.note(item.code, index, "wrong_party_verified", good=False)
                elif identity_given and self.verified_at is None:
                    self.verified_at = index
                    self.note(item.code, index, "verified", good=True, points=item.points)
                elif not identity_given:
                    self.note(item.code, index, "verified_without_check", good=False)
            if (
                self.fail is None
                and any(discloses(e, self.rubric.disclosing_objections) for e in entry.events)
                and (self.verified_at is None or wrong)
            ):
                self.fail = self.note(item.code, index, "disclosed_unverified", good=False)
        if self.fail is not None:
            self.result(item, 0)
            return
        if self.verified_at is not None and not wrong:
            self.result(item, item.points)
            return
        customer_spoke = any(entry.who == "debtor" for entry in self.entries)
        if not customer_spoke and not wrong:
            self.note(item.code, None, "verified_third_party", good=True, points=item.points)
            self.result(item, item.points)
            return
        if not wrong:
            self.note(item.code, None, "never_verified", good=False)
        self.result(item, 0)

    def empathy(self, item: RubricItem) -> None:
        feelings = [index for index, entry in enumerate(self.entries) if entry.feeling]
        if not feelings:
            self.result(item, 0, applies=False)
            return
        acknowledged = 0
        for index in feelings:
            following = [i for i, entry in self.trainee() if i > index][: item.window]
            hit = next((i for i in following if "empathy" in self.entries[i].events), None)
            if hit is not None:
                acknowledged += 1
                self.note(item.code, hit, "feeling_acknowledged", good=True)
            else:
                self.note(item.code, index, "feeling_missed", good=False)
        self.result(item, share(item.points, acknowledged, len(feelings)))

    def reason(self, item: RubricItem) -> None:
        asked = self.events_at("asked_reason")
        if asked:
            self.note(item.code, asked[0], "reason_asked", good=True, points=item.points)
        else:
            self.note(item.code, None, "reason_missing", good=False)
        self.result(item, item.points if asked else 0)

    def objections(self, item: RubricItem) -> None:
        raised: dict[str, int] = {}
        for index, entry in enumerate(self.entries):
            if entry.objection and entry.objection not in raised:
                raised[entry.objection] = index
        if not raised:
            self.result(item, 0, applies=False)
            return
        met = 0
        for code, at in raised.items():
            fitting = {f"{OBJECTION_PREFIX}{code}", *self.rubric.fitting.get(code, ())}
            hit = next((i for i, entry in self.trainee() if i > at and fitting & set(entry.events)), None)
            if hit is not None:
                met += 1
                self.note(
                    item.code, hit, "objection_met", good=True, objection=Message.of(f"practice.objection.{code}")
                )
            else:
                self.note(
                    item.code, at, "objection_missed", good=False, objection=Message.of(f"practice.objection.{code}")
                )
        self.result(item, share(item.points, met, len(raised)))

    def payment_info(self, item: RubricItem) -> None:
        given = self.events_at("payment_info")
        if given:
            self.note(item.code, given[0], "payment_info", good=True, points=item.points)
        else:
            self.note(item.code, None, "payment_info_missing", good=False)
        self.result(item, item.points if given else 0)

    def plan(self, item: RubricItem) -> None:
        quoted = [(index, event) for index, entry in self.trainee() for event in entry.events if event in PLAN_EVENTS]
        for index, event in quoted:
            self.note(item.code, index, event, good=event == "plan_ok")
        if not quoted:
            self.note(item.code, None, "plan_missing", good=False)
            self.result(item, 0)
            return
        last_index, last = quoted[-1]
        earned = item.points if last == "plan_ok" else 0
        if earned:
            self.note(item.code, last_index, "plan_scored", good=True, points=earned)
        self.result(item, earned)

    def read_back(self, item: RubricItem) -> None:
        plans = [(index, event) for index, entry in self.trainee() for event in entry.events if event in PLAN_EVENTS]
        agreed = (bool(plans) and plans[-1][1] == "plan_ok") or self.end_state in ("promise", "plan")
        if not agreed:
            self.result(item, 0, applies=False)
            return
        after = plans[-1][0] if plans else (self.verified_at if self.verified_at is not None else -1)
        done = [index for index in self.events_at("read_back") if index > after]
        if done:
            self.note(item.code, done[0], "read_back", good=True, points=item.points)
        else:
            self.note(item.code, None, "read_back_missing", good=False)
        self.result(item, item.points if done else 0)

    def lawful_language(self, item: RubricItem) -> None:
        hits = self.events_at("abusive")
        for index in hits:
            phrases = ", ".join(hit.phrase for hit in check_text(self.entries[index].text)) or self.entries[index].kind
            self.note(item.code, index, "abusive", good=False, phrases=phrases)
        if not hits:
            self.note(item.code, None, "lawful", good=True, points=item.points)
        self.result(item, 0 if hits else item.points)

    def call_length(self, item: RubricItem) -> None:
        low, high = self.scenario.call_seconds
        ok = low <= self.talk <= high
        code = "call_length_ok" if ok else "call_length_off"
        self.note(item.code, None, code, good=ok, points=item.points, seconds=self.talk, low=low, high=high)
        self.result(item, item.points if ok else 0)


def score_call(
    entries: Sequence[Entry],
    scenario: Scenario,
    rubric: Rubric,
    *,
    talk_seconds: int,
    end_state: str | None,
    live: bool = False,
) -> Score:
    """Score a finished call's transcript (see the module docstring). ``live``: a trainer played the customer
    (their sheet is the judgement; the trainee's own *Right person confirmed* stands for the identity check)."""
    scorer = _Scorer(entries, scenario, rubric, talk_seconds, end_state)
    scorer.live = live
    for item in rubric.items:
        if item.code in scenario.skip:
            scorer.items.append(ItemScore(item.code, 0, 0, False))
            continue
        getattr(scorer, item.code)(item)
    possible = sum(item.possible for item in scorer.items if item.applies)
    earned = sum(item.earned for item in scorer.items if item.applies)
    failed = scorer.fail is not None
    total = 0 if failed or not possible else share(100, earned, possible)
    return Score(total, failed, tuple(scorer.items), tuple(scorer.notes), scorer.fail)

"""The shared practice data: the rubric, how moods move, the suggested replies and the free-text phrases.

All of it lives in ``resources/practice/*.toml`` (the scenarios are in the language folders beside them).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from functools import cache
from pathlib import Path

from agent_desk.language_guard import check_text
from agent_desk.practice.events import EVENT_KINDS
from agent_desk.resources import load_toml, resource_path
from agent_desk.scripts.library import objection_templates
from agent_desk.text import LANGUAGES


def practice_root() -> Path:
    return resource_path("practice")


@dataclasses.dataclass(frozen=True)
class RubricItem:
    code: str
    points: int
    titles: Mapping[str, str]
    checks: Mapping[str, str]
    instant_fail: bool = False
    window: int = 2

    def title(self, language: str) -> str:
        return self.titles.get(language) or self.titles["en"]


@dataclasses.dataclass(frozen=True)
class Rubric:
    items: tuple[RubricItem, ...]
    disclosing_objections: frozenset[str]
    fitting: Mapping[str, tuple[str, ...]]

    def item(self, code: str) -> RubricItem:
        return next(item for item in self.items if item.code == code)

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(item.code for item in self.items)


@cache
def load_rubric() -> Rubric:
    data = load_toml("practice", "rubric.toml")
    items = tuple(
        RubricItem(
            code=code,
            points=int(entry["points"]),
            titles=dict(entry["title"]),
            checks=dict(entry["checks"]),
            instant_fail=bool(entry.get("instant_fail", False)),
            window=int(entry.get("window", 2)),
        )
        for code, entry in data["items"].items()
    )
    fitting = {str(code): tuple(str(e) for e in events) for code, events in data.get("fitting", {}).items()}
    return Rubric(items, frozenset(data.get("disclosing_objections", ())), fitting)


@dataclasses.dataclass(frozen=True)
class MoodRules:
    floor: int
    ceiling: int
    start: Mapping[str, int]
    events: Mapping[str, int]


@cache
def load_mood_rules() -> MoodRules:
    data = load_toml("practice", "mood.toml")
    return MoodRules(
        int(data["floor"]),
        int(data["ceiling"]),
        {str(k): int(v) for k, v in data["start"].items()},
        {str(k): int(v) for k, v in data["events"].items()},
    )


@dataclasses.dataclass(frozen=True)
class ReplyIntent:
    """A suggested reply: what it says in each language and the event kinds it carries."""

    code: str
    events: tuple[str, ...]
    texts: Mapping[str, str]

    def text(self, language: str) -> str:
        return self.texts.get(language) or self.texts["en"]


@dataclasses.dataclass(frozen=True)
class Replies:
    intents: Mapping[str, ReplyIntent]
    before_verification: tuple[str, ...]
    after_verification: tuple[str, ...]


@cache
def load_replies() -> Replies:
    data = load_toml("practice", "replies.toml")
    intents = {
        str(code): ReplyIntent(
            str(code),
            tuple(str(e) for e in entry.get("events", ())),
            {language: str(entry[language]) for language in LANGUAGES if language in entry},
        )
        for code, entry in data["intents"].items()
    }
    defaults = data["defaults"]
    return Replies(intents, tuple(defaults["before_verification"]), tuple(defaults["after_verification"]))


@cache
def objection_codes(language: str = "en") -> frozenset[str]:
    """The codes of the objection library (``resources/scripts/<language>/objections.toml``)."""
    return frozenset(str(entry["code"]) for entry in objection_templates(language))


def _phrase_pattern(phrase: str) -> re.Pattern[str]:
    words = [re.escape(word) for word in phrase.lower().split()]
    return re.compile(r"(?<!\w)" + r"\W+".join(words) + r"(?!\w)")


@cache
def _phrases(language: str) -> tuple[tuple[str, tuple[re.Pattern[str], ...]], ...]:
    data = load_toml("practice", "phrases.toml").get(language, {})
    return tuple(
        (str(event), tuple(_phrase_pattern(str(phrase)) for phrase in phrases))
        for event, phrases in data.items()
        if event in EVENT_KINDS
    )


def classify_text(text: str, language: str) -> tuple[str, ...]:
    """The event kinds a sentence typed by the trainee carries (in the phrases' order), ``abusive`` first.

    Both languages' phrases are tried: trainees switch languages mid-sentence, customers too.
    """
    lowered = text.lower()
    found: list[str] = []
    if check_text(text):
        found.append("abusive")
    for lang in (language, *(other for other in LANGUAGES if other != language)):
        for event, patterns in _phrases(lang):
            if event not in found and any(pattern.search(lowered) for pattern in patterns):
                found.append(event)
    return tuple(found)

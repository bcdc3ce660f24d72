"""Call scripts and the objection library: data in ``resources/scripts/<language>/``, filled per customer.

One TOML file per variant and language (``pre_due``, ``early``, ``middle``, ``late``, ``third_party``) holds the
stages of the call; ``objections.toml`` holds the replies to objections. Texts use ``{variable}`` placeholders
(see :mod:`agent_desk.scripts.variables`) and ``{{``/``}}`` for literal braces.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from functools import cache
from typing import Any

from agent_desk.resources import load_toml
from agent_desk.scripts.render import ScriptError, fill
from agent_desk.scripts.variables import (
    accounts_in_scope,
    generic_variables,
    script_settings,
    script_variables,
)
from agent_desk.text import LANGUAGES, Message
from agent_desk.worklist.profile import CustomerProfile

VARIANTS = ("pre_due", "early", "middle", "late", "third_party")
STAGE_CODES = (
    "greeting_verification",
    "purpose_disclosure",
    "listen",
    "educate",
    "solution",
    "commitment",
    "read_back",
    "close",
)
THIRD_PARTY = "third_party"
LOCATE = "locate"  # the purpose of a call to an emergency contact or another third-party number


@dataclasses.dataclass(frozen=True)
class ScriptStage:
    """One stage of a call; ``text`` is what the agent says, already filled for the customer."""

    code: str
    title: str
    text: str
    hints: tuple[str, ...]
    before_verification: bool


@dataclasses.dataclass(frozen=True)
class CallScript:
    variant: str
    language: str
    stages: tuple[ScriptStage, ...]

    def index_of(self, code: str) -> int | None:
        return next((i for i, stage in enumerate(self.stages) if stage.code == code), None)


@dataclasses.dataclass(frozen=True)
class Objection:
    """A reply to an objection: acknowledge, ask, offer, and what to write down."""

    code: str
    title: str
    acknowledgement: str
    question: str
    solutions: tuple[str, ...]
    record: str
    shortcut: str | None
    suggested_disposition: str | None
    suggested_reason: str | None
    switch_to: str | None


@dataclasses.dataclass(frozen=True)
class StageTemplate:
    """A stage as written in the file, before it is filled."""

    code: str
    title: str
    text: str
    hints: tuple[str, ...]
    before_verification: bool
    recording_notice: str | None


def _language(language: str) -> str:
    if language not in LANGUAGES:
        raise ScriptError(Message.of("script.unknown_language", language=language))
    return language


@cache
def stage_templates(variant: str, language: str) -> tuple[StageTemplate, ...]:
    """The stages of ``variant`` in ``language`` as the file has them (cached; the files are data)."""
    if variant not in VARIANTS:
        raise ScriptError(Message.of("script.unknown_variant", variant=variant))
    try:
        data = load_toml("scripts", _language(language), f"{variant}.toml")
    except FileNotFoundError as error:
        raise ScriptError(Message.of("script.missing_file", variant=variant, language=language)) from error
    return tuple(
        StageTemplate(
            code=str(stage["code"]),
            title=str(stage["title"]),
            text=str(stage["text"]).strip(),
            hints=tuple(str(hint) for hint in stage.get("hints", ())),
            before_verification=bool(stage.get("before_verification", False)),
            recording_notice=str(stage["recording_notice"]).strip() if "recording_notice" in stage else None,
        )
        for stage in data["stages"]
    )


def stage_title(code: str, language: str, variant: str | None = None) -> str:
    """The title the script files give stage ``code`` in ``language`` (``variant``'s first, then any variant's);
    the code itself when no file has it — a stage of a script since rewritten."""
    for name in dict.fromkeys(([variant] if variant in VARIANTS else []) + list(VARIANTS)):
        for stage in stage_templates(name, language):
            if stage.code == code:
                return stage.title
    return code


def objection_title(code: str, language: str) -> str:
    """The title the objection library gives ``code`` in ``language``, or the code when it has none."""
    return next((str(o["title"]) for o in objection_templates(language) if o.get("code") == code), code)


@cache
def objection_templates(language: str) -> tuple[Mapping[str, Any], ...]:
    """The objection entries of ``language`` as the file has them."""
    data = load_toml("scripts", _language(language), "objections.toml")
    return tuple(data["objections"])


@cache
def variant_bounds() -> tuple[tuple[str, int | None], ...]:
    """(variant, highest days past due it covers) in order, None for the last, open-ended one.

    Read from the strategy stages (``resources/strategy/stages.toml``) through the mapping in
    ``resources/scripts/settings.toml``, so the scripts age with the same stages as the cadence.
    """
    stages = load_toml("strategy", "stages.toml")
    bounds: list[tuple[str, int | None]] = []
    for variant, names in script_settings()["variants"].items():
        highs = [stages[name].get("max_dpd") for name in names]
        bounds.append((variant, None if None in highs else max(int(high) for high in highs)))
    return tuple(bounds)


def variant_for_days(days_past_due: int) -> str:
    """The script variant for a customer whose worst account is ``days_past_due`` late (≤ 0: not yet due)."""
    for variant, high in variant_bounds():
        if high is None or days_past_due <= high:
            return variant
    return variant_bounds()[-1][0]


def choose_variant(profile: CustomerProfile, *, purpose: str | None, now: dt.datetime) -> str:
    """``third_party`` for a locate call, else the variant of the customer's worst days past due.

    Days past due are the accounts' own (as the core system last computed them); ``now`` is taken for callers
    that pass one clock everywhere and for rules that will age them between updates.
    """
    del now
    if purpose == LOCATE:
        return THIRD_PARTY
    worst = max((account.days_past_due for account in accounts_in_scope(profile)), default=0)
    return variant_for_days(worst)


def build_script(
    profile: CustomerProfile,
    *,
    language: str,
    purpose: str | None,
    now: dt.datetime,
    agent_name: str,
    recording: bool,
    variant: str | None = None,
) -> CallScript:
    """The script of a call to ``profile``, every stage filled; the recording notice only when recording.

    Raises:
        ScriptError: an unknown variant or language, or a text that uses an unknown variable.
    """
    chosen = variant or choose_variant(profile, purpose=purpose, now=now)
    templates = stage_templates(chosen, language)
    values = script_variables(profile, language=language, now=now, agent_name=agent_name, recording=recording)
    return CallScript(chosen, language, tuple(_stage(template, values, recording) for template in templates))


def _stage(template: StageTemplate, values: Mapping[str, str], recording: bool) -> ScriptStage:
    text = template.text
    if recording and template.recording_notice:
        text = f"{text}\n\n{template.recording_notice}"
    return ScriptStage(
        code=template.code,
        title=fill(template.title, values),
        text=fill(text, values),
        hints=tuple(fill(hint, values) for hint in template.hints),
        before_verification=template.before_verification,
    )


def load_objections(
    profile: CustomerProfile | None,
    *,
    language: str,
    now: dt.datetime,
    agent_name: str,
    recording: bool = False,
) -> tuple[Objection, ...]:
    """The objection library in ``language``, filled for ``profile``.

    Without a profile (a trainer browsing the library), customer values are neutral placeholders such as
    "[total arrears]".
    """
    if profile is None:
        values: Mapping[str, str] = generic_variables(language=language, now=now, agent_name=agent_name)
    else:
        values = script_variables(profile, language=language, now=now, agent_name=agent_name, recording=recording)
    return tuple(_objection(entry, values) for entry in objection_templates(language))


def _objection(entry: Mapping[str, Any], values: Mapping[str, str]) -> Objection:
    def optional(key: str) -> str | None:
        value = entry.get(key)
        return None if value is None else str(value)

    return Objection(
        code=str(entry["code"]),
        title=fill(str(entry["title"]), values),
        acknowledgement=fill(str(entry["acknowledgement"]).strip(), values),
        question=fill(str(entry["question"]).strip(), values),
        solutions=tuple(fill(str(solution), values) for solution in entry["solutions"]),
        record=fill(str(entry["record"]).strip(), values),
        shortcut=optional("shortcut"),
        suggested_disposition=optional("suggested_disposition"),
        suggested_reason=optional("suggested_reason"),
        switch_to=optional("switch_to"),
    )

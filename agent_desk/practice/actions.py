"""Turning what the trainee does in the workspace (or in a replies file) into :class:`TraineeAction` objects.

One place for the GUI's controller and the headless runner: a button, a script stage, an objection reply, a
plan quote, a suggested reply or a typed sentence all become the same actions, so a scripted run and a real
session are scored alike.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from agent_desk.practice.catalog import classify_text, load_replies
from agent_desk.practice.events import OBJECTION_PREFIX, STAGE_EVENTS, TraineeAction
from agent_desk.practice.scenario import Scenario
from agent_desk.scripts.variables import script_settings
from agent_desk.text import Amount


def verify() -> TraineeAction:
    return TraineeAction("workspace", "verify", ("verified",))


def someone_else() -> TraineeAction:
    return TraineeAction("workspace", "someone_else", ("someone_else",))


def stage(code: str, text: str = "") -> TraineeAction | None:
    """Showing a script stage means reading it aloud; stages that say nothing of note give no action."""
    events = STAGE_EVENTS.get(code)
    if events is None:
        return None
    return TraineeAction("workspace", f"stage:{code}", events, text)


def objection(code: str, text: str = "", title: str = "") -> TraineeAction:
    """An objection reply from the library: it acknowledges, asks and offers."""
    if code == "someone_else":
        return TraineeAction("workspace", f"{OBJECTION_PREFIX}{code}", ("someone_else",), text, title)
    return TraineeAction(
        "workspace", f"{OBJECTION_PREFIX}{code}", (f"{OBJECTION_PREFIX}{code}", "empathy"), text, title
    )


def plan_event(*, needs_approval: bool, can_save: bool, largest_payment: Decimal, max_payment: Decimal) -> str:
    """How the persona hears a quoted plan: within authority and their means, unaffordable, or beyond authority."""
    if needs_approval or not can_save:
        return "plan_beyond_authority"
    return "plan_ok" if largest_payment <= max_payment else "plan_unaffordable"


def plan(event: str, summary: str) -> TraineeAction:
    return TraineeAction("workspace", "plan", (event, "offered_solution"), summary, event)


def hang_up() -> TraineeAction:
    return TraineeAction("system", "hang_up", ("hung_up",))


def silence() -> TraineeAction:
    return TraineeAction("system", "silence", ("silence",))


def said(text: str, language: str) -> TraineeAction:
    """A sentence typed in the reply box: its events come from the phrase lists and the language guard."""
    return TraineeAction("free_text", "say", classify_text(text, language), text.strip())


def reply_values(scenario: Scenario, agent_name: str, language: str) -> dict[str, str]:
    """The values the suggested replies are filled with, for this scenario's customer."""
    from agent_desk.text import format_value

    settings = script_settings()
    account = scenario.accounts[0]
    arrears = sum((a.arrears for a in scenario.accounts), Decimal(0)) or account.installment_amount or Decimal(0)
    return {
        "customer": scenario.persona.name,
        "agent": agent_name,
        "agent_first": agent_name.split(maxsplit=1)[0] if agent_name else "",
        "company": str(settings.get("company_name", "")),
        "callback_number": str(settings.get("callback_number", "")),
        "product": account.product_name,
        "arrears": format_value(Amount(arrears, account.currency), language),
        "channels": "VA BCA, Alfamart",
    }


def suggestion_text(intent: str, values: dict[str, str], language: str) -> str:
    template = load_replies().intents[intent].text(language)
    return template.format_map(_Defaulting(values))


def suggestion(intent: str, values: dict[str, str], language: str) -> TraineeAction:
    """A suggested reply chosen: its own events, and whatever the language guard finds in its words."""
    reply = load_replies().intents[intent]
    text = suggestion_text(intent, values, language)
    events = list(reply.events)
    if "abusive" not in events and "abusive" in classify_text(text, language):
        events.append("abusive")
    return TraineeAction("suggestion", f"intent:{intent}", tuple(events), text)


def suggestions_for(node_suggest: tuple[str, ...], verified: bool) -> tuple[str, ...]:
    """The intents the reply box offers after a line (the line's own, else the defaults for the phase)."""
    if node_suggest:
        return node_suggest
    replies = load_replies()
    return replies.after_verification if verified else replies.before_verification


class _Defaulting(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"

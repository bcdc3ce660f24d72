"""What a trainee does during a practice call, as the dialogue graph and the rubric see it.

Every action of the trainee — a button in the workspace, a script stage shown, an objection reply, a plan
quoted, a suggested reply or a sentence typed in the reply box — becomes a :class:`TraineeAction` carrying one
or more *event kinds*. Edges of the dialogue graph fire on event kinds (``when = "empathy"``) and the rubric
counts them.
"""

from __future__ import annotations

import dataclasses

# The event kinds an edge may wait for, and what each means (docs/PRACTICE.md lists them for scenario writers).
EVENT_KINDS: dict[str, str] = {
    "asked_for_customer": "asked for the customer by name, without saying why",
    "asked_identity": "asked the verification question (date of birth, last digits of the id)",
    "verified": "pressed Right person confirmed",
    "someone_else": "pressed Someone else answered (or chose that objection)",
    "disclosed": "spoke of the debt (the purpose stage, a disclosure reply, debt words)",
    "empathy": "acknowledged the customer's feeling",
    "asked_reason": "asked what got in the way of paying",
    "payment_info": "gave the amount due and how to pay",
    "offered_solution": "offered a way forward (a date, a part payment, a plan)",
    "plan_ok": "quoted a plan within authority and the customer's means",
    "plan_unaffordable": "quoted a plan beyond what the customer can pay",
    "plan_beyond_authority": "quoted a plan that needs a supervisor's approval",
    "read_back": "read the agreement back",
    "offered_callback": "offered to call back at a better time",
    "offered_writing": "offered to send the details in writing",
    "escalated": "referred the matter to a supervisor or a review",
    "took_message": "left a neutral message to call back, with no details",
    "closed": "closed the call politely",
    "abusive": "used threatening, humiliating or coercive words",
    "silence": "said nothing for a while",
    "hung_up": "hung up",
}
OBJECTION_PREFIX = "objection:"
ANY = "any"

# Event kinds that speak of the debt: before the right person is verified each one is a disclosure.
DEBT_TALK = frozenset(
    {
        "disclosed",
        "asked_reason",
        "payment_info",
        "offered_solution",
        "plan_ok",
        "plan_unaffordable",
        "plan_beyond_authority",
        "read_back",
    }
)
PLAN_EVENTS = ("plan_ok", "plan_unaffordable", "plan_beyond_authority")

# Script stages of the workspace and the event kinds showing them means (the trainee reads the stage aloud).
STAGE_EVENTS: dict[str, tuple[str, ...]] = {
    "purpose_disclosure": ("disclosed",),
    "listen": ("asked_reason",),
    "educate": ("payment_info",),
    "solution": ("offered_solution",),
    "commitment": ("offered_solution",),
    "read_back": ("read_back",),
    "close": ("closed",),
}

ACTION_SOURCES = ("workspace", "suggestion", "free_text", "system", "trainer")


@dataclasses.dataclass(frozen=True)
class TraineeAction:
    """One thing the trainee did.

    Attributes:
        source: ``workspace`` (a button, stage, objection or plan), ``suggestion`` (a suggested reply),
            ``free_text`` (typed in the reply box), ``system`` (silence, hang-up) or ``trainer``.
        kind: what it was, for the transcript: ``verify``, ``stage:listen``, ``objection:hardship``,
            ``plan``, ``intent:acknowledge``, ``say``, ``silence``, ``hang_up``.
        events: the event kinds it carries, in the order they matter.
        text: what the trainee said or read, when there is a text.
        detail: anything else the report shows (the plan's summary, the objection's title).
    """

    source: str
    kind: str
    events: tuple[str, ...]
    text: str = ""
    detail: str = ""

    def has(self, event: str) -> bool:
        return event in self.events


def is_known_condition(condition: str, objection_codes: frozenset[str]) -> bool:
    """Whether ``condition`` names an event kind, ``any``, or ``objection:<code>`` of a known objection."""
    if condition == ANY or condition in EVENT_KINDS:
        return True
    if condition.startswith(OBJECTION_PREFIX):
        return condition.removeprefix(OBJECTION_PREFIX) in objection_codes
    return False


def discloses(event: str, disclosing_objections: frozenset[str]) -> bool:
    """Whether ``event`` speaks of the debt (see :data:`DEBT_TALK`; some objection replies do too)."""
    if event in DEBT_TALK:
        return True
    return event.startswith(OBJECTION_PREFIX) and event.removeprefix(OBJECTION_PREFIX) in disclosing_objections

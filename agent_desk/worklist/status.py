"""Where one customer stands right now — for the profile's "may I call now?" line, without touching the queue."""

from __future__ import annotations

from agent_desk.clock import Clock
from agent_desk.text import Message, zone_abbreviation
from agent_desk.worklist.arms import experiment_settings
from agent_desk.worklist.evaluate import Evaluation, evaluate
from agent_desk.worklist.facts import load_facts
from agent_desk.worklist.settings import WorklistSettings, settings_for
from db.engine import Database


def contact_window(settings: WorklistSettings, zone: str | None) -> Message:
    """The policy's contact hours in words, for where a callback may be set: "Allowed Mon–Sat 08:00–20:00 WITA"."""
    window = settings.policy.window
    shown = zone_abbreviation(zone) if zone else "/".join(zone_abbreviation(z) for z in settings.policy.zones)
    return Message.of(
        "compliance.window", days=Message(window.days_label), start=window.start_text, end=window.end_text, zone=shown
    )


def contact_status(
    database: Database, clock: Clock, customer_id: int, *, settings: WorklistSettings | None = None
) -> Evaluation | None:
    """Evaluate ``customer_id`` at the clock's moment (reads only): allowed, reasons, when next, which number."""
    settings = settings or settings_for(database, clock)
    moment = clock.now()
    with database.session() as session:
        facts = load_facts(session, [customer_id], moment).get(customer_id)
        if facts is None:
            return None
        settings = experiment_settings(session, settings, moment, [customer_id])(customer_id)
    return evaluate(facts, moment, settings)

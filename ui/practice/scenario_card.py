"""A scenario card: who the customer is, what they owe, what the trainee should do, and the dialogue as an outline
(the console's preview, and what the trainer reads from in a live role-play)."""

from __future__ import annotations

import html

from PySide6.QtCore import QCoreApplication

from agent_desk.practice.scenario import Scenario
from agent_desk.text import Message
from ui import text


def condition_label(condition: str) -> str:
    """An edge's condition in the trainer's words (``objection:hardship`` → "the reply to “job loss or illness”")."""
    if condition.startswith("objection:"):
        code = condition.removeprefix("objection:")
        return text.render(Message.of("practice.event.objection", objection=Message.of(f"practice.objection.{code}")))
    return text.label(f"practice.event.{condition}")


def scenario_html(scenario: Scenario) -> str:
    """A scenario card: who, what they owe, what the trainee should do, and the dialogue as an outline."""
    translate = QCoreApplication.translate
    h = {
        key: html.escape(words)
        for key, words in {
            "arrears": translate("ScenarioCard", "arrears"),
            "outstanding": translate("ScenarioCard", "outstanding"),
            "due_in": translate("ScenarioCard", "due in"),
            "dpd": translate("ScenarioCard", "days past due"),
            "goal": translate("ScenarioCard", "Goal"),
            "customer": translate("ScenarioCard", "Customer"),
            "temperament": translate("ScenarioCard", "temperament"),
            "max": translate("ScenarioCard", "can pay at most"),
            "dialogue": translate("ScenarioCard", "Dialogue"),
            "identity": translate("ScenarioCard", "gives proof of identity"),
            "feeling": translate("ScenarioCard", "voices a feeling"),
        }.items()
    }
    persona = scenario.persona
    accounts = "".join(
        f"<li>{html.escape(a.product_name)} ({html.escape(a.creditor)}): "
        f"{h['arrears']} {html.escape(text.money(a.arrears, a.currency))}, "
        f"{h['outstanding']} {html.escape(text.money(a.outstanding, a.currency))}, "
        + (f"{h['due_in']} {a.days_to_due} d" if a.days_to_due is not None else f"{a.days_past_due} {h['dpd']}")
        + "</li>"
        for a in scenario.accounts
    )
    # The customer's lines are numbered steps (their ids are the scenario file's own words, not the trainer's); each
    # way on names the step it leads to, a link within the card.
    steps = {node_id: number for number, node_id in enumerate(scenario.nodes, start=1)}
    step = translate("ScenarioCard", "Step %1")

    def step_link(node_id: str) -> str:
        number = steps.get(node_id)
        if number is None:
            return html.escape(node_id)
        return f"<a href='#step-{number}'>{html.escape(step.replace('%1', str(number)))}</a>"

    nodes = []
    for node in scenario.nodes.values():
        who = html.escape(
            scenario.third_party.name if node.speaker == "third_party" and scenario.third_party else persona.name
        )
        flags = []
        if node.identity:
            flags.append(h["identity"])
        if node.feeling:
            flags.append(h["feeling"])
        if node.objection:
            flags.append(html.escape(text.label(f"practice.objection.{node.objection}")))
        if node.end:
            flags.append(html.escape(text.label(f"practice.end.{node.end}")))
        edges = "".join(
            f"<li><span style='color:#475569'>{html.escape(condition_label(edge.when))}</span> → "
            f"<b>{step_link(edge.to)}</b></li>"
            for edge in node.edges
        )
        marks = f" <i style='color:#b45309'>({', '.join(flags)})</i>" if flags else ""
        number = steps[node.id]
        title = html.escape(step.replace("%1", str(number)))
        nodes.append(
            f"<p style='margin:6px 0 0 0'><a name='step-{number}'></a>"
            f"<b>{title}</b>{marks}<br>{who}: “{html.escape(node.line)}”</p>"
            + (f"<ul style='margin-top:0'>{edges}</ul>" if edges else "")
        )
    return (
        f"<h2>{html.escape(scenario.title)}</h2><p>{html.escape(scenario.summary)}</p>"
        f"<p><b>{h['goal']}:</b> {html.escape(scenario.goal)}</p>"
        f"<p><b>{h['customer']}:</b> {html.escape(persona.name)}, {html.escape(persona.city)} · "
        f"{h['temperament']}: {html.escape(text.label(f'practice.temperament.{scenario.temperament}'))} · "
        f"{h['max']} {html.escape(text.money(persona.max_payment))}</p>"
        f"<ul>{accounts}</ul><h3>{h['dialogue']}</h3>{''.join(nodes)}"
    )

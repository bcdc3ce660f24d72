"""The scenario card a trainer reads from: the customer's lines are numbered steps in the trainer's language, and
each way on names the step it leads to as a link within the card — never the scenario file's own node ids."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QTextBrowser

from agent_desk.practice.scenario import load_scenario
from agent_desk.resources import resource_path
from ui.practice.scenario_card import scenario_html
from ui.translations import install_translations

pytestmark = pytest.mark.gui


@pytest.mark.parametrize(("language", "word"), [("en", "Step"), ("id", "Langkah")])
def test_the_dialogue_is_numbered_steps_that_link_to_each_other(qtbot, language: str, word: str) -> None:  # type: ignore[no-untyped-def]
    path = resource_path("practice", language, "already_paid.toml")
    scenario = load_scenario(path, language)
    app = QApplication.instance()
    install_translations(app, language)
    try:
        card = QTextBrowser()
        qtbot.addWidget(card)
        card.resize(900, 600)
        card.setHtml(scenario_html(scenario))
        shown = card.toPlainText()
    finally:
        install_translations(app, "en")
    for node_id in scenario.nodes:
        assert f"\n{node_id}\n" not in f"\n{shown}\n", node_id  # no bare id as a step's title
    assert "why_ask" not in shown and "gives_dob" not in shown
    count = len(scenario.nodes)
    assert f"{word} 1" in shown and f"{word} {count}" in shown and f"{word} {count + 1}" not in shown
    # The second step ("why do you ask?") is reached from the first; its link takes the reader there.
    hello = scenario.nodes[next(iter(scenario.nodes))]
    target = list(scenario.nodes).index(hello.edges[0].to) + 1
    html = scenario_html(scenario)
    assert f"href='#step-{target}'" in html and f"name='step-{target}'" in html
    card.show()
    qtbot.waitExposed(card)
    card.verticalScrollBar().setValue(0)
    last = count
    card.scrollToAnchor(f"step-{last}")
    assert card.verticalScrollBar().value() > 0  # the anchor is there to go to

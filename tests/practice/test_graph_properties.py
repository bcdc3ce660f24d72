"""Hypothesis over generated dialogue graphs: the validator finds exactly the nodes that could never end, and in
every graph it accepts, every reachable node reaches an end — the simulated debtor always finishes the call."""

from __future__ import annotations

import json
import random
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agent_desk.practice.dialogue import Dialogue
from agent_desk.practice.events import TraineeAction
from agent_desk.practice.scenario import read_scenario
from agent_desk.practice.validate import check_scenario

CONDITIONS = ["asked_for_customer", "verified", "empathy", "asked_reason", "plan_ok", "read_back", "closed", "any",
              "objection:hardship", "silence"]  # fmt: skip
EVENTS = [c for c in CONDITIONS if c != "any"] + ["abusive", "payment_info"]

HEAD = """id = "generated"
title = "Generated"
summary = "A generated graph."
goal = "Reach an end."
temperament = "calm"
difficulty = 1
start = "n0"
patience_node = "gives_up"
max_turns = {max_turns}
confused = ["Sorry?"]
silence = "Hello?"

[persona]
name = "Test Person"
gender = "female"
birth_date = "1990-01-01"
national_id = "1"
city = "Jakarta"
province = "DKI Jakarta"
timezone = "Asia/Jakarta"
phone = "+6281100000199"
monthly_income = "5000000"
max_payment = "1000000"

[[accounts]]
product = "credit_card"
product_name = "Card"
creditor = "Bank"
outstanding = "1000000"
arrears = "100000"
days_past_due = 5

[nodes.gives_up]
line = "Bye."
end = "hang_up"
"""


@st.composite
def graphs(draw: st.DrawFn) -> tuple[dict[str, list[tuple[str, str]]], set[str], int]:
    count = draw(st.integers(min_value=1, max_value=9))
    names = [f"n{i}" for i in range(count)]
    ends = set(draw(st.lists(st.sampled_from(names), max_size=3, unique=True)))
    edges: dict[str, list[tuple[str, str]]] = {}
    for name in names:
        if name in ends:
            edges[name] = []
            continue
        edges[name] = draw(
            st.lists(st.tuples(st.sampled_from(CONDITIONS), st.sampled_from(names)), min_size=0, max_size=4)
        )
    return edges, ends, draw(st.integers(min_value=3, max_value=25))


def _toml(edges: dict[str, list[tuple[str, str]]], ends: set[str], max_turns: int) -> str:
    parts = [HEAD.format(max_turns=max_turns)]
    for name, out in edges.items():
        parts.append(f"\n[nodes.{name}]\nline = {json.dumps('Line ' + name)}\n")
        if name in ends:
            parts.append('end = "promise"\n')
        elif out:
            parts.append("edges = [\n" + "".join(f'  {{ when = "{w}", to = "{t}" }},\n' for w, t in out) + "]\n")
    return "".join(parts)


def _oracle(edges: dict[str, list[tuple[str, str]]], ends: set[str]) -> tuple[set[str], set[str], set[str]]:
    """Unreachable, dead-end and never-ending nodes, by brute transitive closure (independent of the validator)."""
    nodes = list(edges)
    closure = {a: {a} | {t for _, t in edges[a]} for a in nodes}
    changed = True
    while changed:
        changed = False
        for a in nodes:
            grown = set().union(*(closure[b] for b in closure[a]))
            if not grown <= closure[a]:
                closure[a] |= grown
                changed = True
    reachable = closure["n0"]
    unreachable = set(nodes) - reachable
    dead = {n for n in nodes if n not in ends and not edges[n]}
    never = {n for n in reachable if edges[n] and not (closure[n] & ends)}
    return unreachable, dead, never


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(graph=graphs(), seed=st.integers(min_value=0, max_value=10_000))
def test_the_validator_finds_what_could_never_end_and_valid_graphs_always_end(
    tmp_path: Path, graph: tuple[dict[str, list[tuple[str, str]]], set[str], int], seed: int
) -> None:
    edges, ends, max_turns = graph
    path = tmp_path / "en" / "generated.toml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(_toml(edges, ends, max_turns), encoding="utf-8")
    read = read_scenario(path, "en")
    assert read.problems == ()
    problems = check_scenario(read)
    found: dict[str, set[str]] = {"unreachable": set(), "dead_end": set(), "never_ends": set()}
    for problem in problems:
        kind = problem.message.code.rsplit(".", 1)[1]
        if kind in found:
            found[kind].add(problem.message.kwargs["node"])
    unreachable, dead, never = _oracle(edges, ends)
    assert found["unreachable"] == unreachable
    assert found["dead_end"] == dead
    assert found["never_ends"] == never - dead
    if problems:
        return
    # Accepted: every reachable node reaches an end, and any run of actions ends the call in time.
    scenario = read.scenario
    assert scenario is not None
    assert not never
    rng = random.Random(seed)
    dialogue = Dialogue(scenario)
    dialogue.open()
    for _ in range(max_turns + 1):
        if dialogue.ended:
            break
        events = tuple(rng.sample(EVENTS, rng.randint(0, 2)))
        dialogue.respond(TraineeAction("workspace", "generated", events))
    assert dialogue.ended, f"still talking at {dialogue.node_id} after {max_turns + 1} actions"
    assert scenario.nodes[dialogue.node_id].end is not None

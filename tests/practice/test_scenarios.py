"""The scenario library validates, and broken scenario files fail with a clear file:line message, nothing written."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agent_desk.cli.main import main as cli_main
from agent_desk.practice.catalog import practice_root
from agent_desk.practice.scenario import END_STATES, load_scenario, read_scenario
from agent_desk.practice.validate import library, validate
from tests.practice.helpers import SCENARIOS, copy_scenario, line_of, snapshot


def test_every_shipped_scenario_validates_in_both_languages() -> None:
    result = validate()
    assert [problem.render() for problem in result.problems] == []
    assert len(result.files) == 24
    for language in ("en", "id"):
        found = library(language)
        assert sorted(s.id for s in found) == sorted(SCENARIOS)
        for scenario in found:
            assert scenario.language == language
            assert scenario.nodes[scenario.patience_node].end == "hang_up"
            assert {node.end for node in scenario.nodes.values() if node.end} <= set(END_STATES)


def test_the_library_covers_what_collectors_are_trained_for() -> None:
    scenarios = {s.id: s for s in library("en")}
    raised = {code for s in scenarios.values() for code in s.objections_raised}
    assert {"bill_not_received", "bill_wrong", "cannot_afford", "hardship", "angry_abusive", "pay_later_vague",
            "already_paid", "someone_else", "stop_calling"} <= raised  # fmt: skip
    assert scenarios["spouse_answers"].third_party is not None
    assert all(node.speaker == "third_party" for node in scenarios["spouse_answers"].nodes.values())
    assert scenarios["pre_due_reminder"].accounts[0].days_to_due == 3
    assert len(scenarios["evasive_promiser"].history) == 2
    ends = {node.end for s in scenarios.values() for node in s.nodes.values() if node.end}
    assert {"promise", "plan", "refusal", "hang_up", "escalation"} <= ends


def test_the_cli_checks_every_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_main(["practice", "validate"]) == 0
    assert "24 scenario files checked: no problems" in capsys.readouterr().out


def _problems(path: Path) -> list[tuple[str, int, str]]:
    return [
        (f"{p.path.name}@{p.path.parent.name}", p.line, p.message.code.rsplit(".", 1)[1])
        for p in validate([path]).problems
    ]


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


CLOSED_EDGE = '{ when = "closed", to = "bye_unconfirmed" },\n]'


def test_a_dangling_edge_is_reported_at_its_line(tmp_path: Path) -> None:
    en, _id = copy_scenario(tmp_path)
    _edit(en, '{ when = "asked_reason", to = "moved_house" }', '{ when = "asked_reason", to = "nowhere" }')
    line = line_of(en, 'to = "nowhere"')
    problems = _problems(en)
    assert ("forgot_due_date.toml@en", line, "dangling_edge") in problems
    rendered = [p.render(root=tmp_path) for p in validate([en]).problems]
    assert f"en/forgot_due_date.toml:{line}: the edge goes to “nowhere”, which does not exist" in rendered


def test_an_unknown_condition_a_dead_end_and_an_unreachable_node(tmp_path: Path) -> None:
    en, identity = copy_scenario(tmp_path)
    _edit(en, '{ when = "empathy", to = "statement_explained" }', '{ when = "empaty", to = "statement_explained" }')
    _edit(en, CLOSED_EDGE, CLOSED_EDGE.replace("]", '  { when = "silence", to = "stuck" },\n]'))
    with en.open("a", encoding="utf-8") as out:
        out.write('\n[nodes.orphan]\nline = "Nobody gets here."\nend = "refusal"\n')
        out.write('\n[nodes.stuck]\nline = "And then?"\n')
    problems = _problems(en)
    assert ("forgot_due_date.toml@en", line_of(en, '"empaty"'), "unknown_condition") in problems
    assert ("forgot_due_date.toml@en", line_of(en, "[nodes.orphan]"), "unreachable") in problems
    assert ("forgot_due_date.toml@en", line_of(en, "[nodes.stuck]"), "dead_end") in problems
    # The Indonesian file lacks the new nodes: that is a missing language, said against the English lines.
    assert ("forgot_due_date.toml@en", line_of(en, "[nodes.stuck]"), "node_missing_in_language") in problems
    assert identity.exists()


def test_a_loop_with_no_way_out_never_ends(tmp_path: Path) -> None:
    en, _ = copy_scenario(tmp_path)
    _edit(en, CLOSED_EDGE, CLOSED_EDGE.replace("]", '  { when = "silence", to = "loop_a" },\n]'))
    with en.open("a", encoding="utf-8") as out:
        out.write('\n[nodes.loop_a]\nline = "A"\nedges = [{ when = "any", to = "loop_b" }]\n')
        out.write('\n[nodes.loop_b]\nline = "B"\nedges = [{ when = "any", to = "loop_a" }]\n')
    problems = _problems(en)
    assert ("forgot_due_date.toml@en", line_of(en, "[nodes.loop_a]"), "never_ends") in problems
    assert ("forgot_due_date.toml@en", line_of(en, "[nodes.loop_b]"), "never_ends") in problems


def test_a_missing_language_and_a_differing_graph(tmp_path: Path) -> None:
    en, identity = copy_scenario(tmp_path)
    identity.unlink()
    assert _problems(en) == [("forgot_due_date.toml@en", 1, "missing_language")]
    en2, id2 = copy_scenario(tmp_path / "other")
    _edit(id2, 'to = "moved_house"', 'to = "knows_amount"')
    problems = _problems(en2)
    assert ("forgot_due_date.toml@en", line_of(en2, "[nodes.purpose_heard]"), "node_differs") in problems
    assert ("forgot_due_date.toml@id", line_of(id2, "[nodes.purpose_heard]"), "node_differs") in problems


def test_a_syntax_error_points_at_its_line_and_an_empty_line_is_caught(tmp_path: Path) -> None:
    en, identity = copy_scenario(tmp_path)
    lines = en.read_text(encoding="utf-8").splitlines()
    target = line_of(en, "[nodes.moved_house]")
    lines[target] = 'line = "unterminated'
    en.write_text("\n".join(lines) + "\n", encoding="utf-8")
    ((_name, line, code),) = [p for p in _problems(en) if p[0].endswith("@en")]
    assert (line, code) == (target + 1, "syntax")
    _edit(identity, 'line = "Halo?"', 'line = ""')
    assert ("forgot_due_date.toml@id", line_of(identity, 'line = ""'), "empty_text") in _problems(identity)


def test_the_cli_reports_file_and_line_and_writes_nothing(tmp_path: Path) -> None:
    en, _ = copy_scenario(tmp_path)
    _edit(en, 'start = "hello"', 'start = "helo"')
    before = snapshot(tmp_path)
    out = io.StringIO()
    import contextlib

    with contextlib.redirect_stdout(out):
        code = cli_main(["practice", "validate", str(en)])
    assert code == 1
    assert f"forgot_due_date.toml:{line_of(en, 'start =')}: no node called “helo”" in out.getvalue()
    found = re.search(r"(\d+) (problems?) in 2 scenario files", out.getvalue())
    assert found and found.group(2) == ("problem" if found.group(1) == "1" else "problems")
    assert snapshot(tmp_path) == before


_VALID = (practice_root() / "en" / "forgot_due_date.toml").read_text(encoding="utf-8")
_MUTATIONS = st.lists(
    st.tuples(
        st.sampled_from(["delete", "duplicate", "insert", "replace", "truncate"]),
        st.integers(min_value=0, max_value=len(_VALID.splitlines()) - 1),
        st.text(alphabet='[]{}="#\n abc.,1-', min_size=1, max_size=12),
    ),
    min_size=1,
    max_size=4,
)


def _mutate(text: str, mutations: list[tuple[str, int, str]]) -> str:
    lines = text.splitlines()
    for kind, wanted, junk in mutations:
        if not lines:
            break
        index = min(wanted, len(lines) - 1)
        if kind == "delete":
            del lines[index]
        elif kind == "duplicate":
            lines.insert(index, lines[index])
        elif kind == "insert":
            lines.insert(index, junk)
        elif kind == "replace":
            position = len(lines[index]) // 2
            lines[index] = lines[index][:position] + junk + lines[index][position + 1 :]
        else:
            lines = lines[:index]
    return "\n".join(lines) + "\n"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(mutations=_MUTATIONS)
def test_fuzzed_files_fail_clearly_or_still_load(tmp_path: Path, mutations: list[tuple[str, int, str]]) -> None:
    folder = tmp_path / "en"
    folder.mkdir(exist_ok=True)
    path = folder / "forgot_due_date.toml"
    text = _mutate(_VALID, mutations)
    path.write_text(text, encoding="utf-8")
    before = snapshot(tmp_path)
    read = read_scenario(path, "en")  # never raises
    problems = list(read.problems) + [p for p in validate([path]).problems if p.path == path]
    count = len(text.splitlines())
    for problem in problems:
        assert 0 <= problem.line <= count + 1, problem.render()
        assert problem.message.render("en") and problem.message.render("id")
        assert "practice.validate" not in problem.message.render("en")  # every code has words
    if not read.problems:
        assert load_scenario(path, "en").id == "forgot_due_date"
    assert snapshot(tmp_path) == before

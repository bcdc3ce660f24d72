"""The template language: variables, escaped braces, and refusals with a message code."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agent_desk.scripts import ScriptError, escape, fill, variables_in

NAMES = st.from_regex(r"[a-z_][a-z0-9_]{0,12}", fullmatch=True)


def test_variables_are_filled_and_double_braces_are_literal() -> None:
    assert fill("Halo {customer}, {{ok}}", {"customer": "Bapak/Ibu Siti"}) == "Halo Bapak/Ibu Siti, {ok}"
    assert variables_in("{a} {{b}} {c} {a}") == ["a", "c"]


def test_a_value_with_braces_is_not_read_as_a_template() -> None:
    assert fill("{name}!", {"name": "{customer}"}) == "{customer}!"


@pytest.mark.parametrize("template", ["{missing}", "a { b", "a } b", "{1x}", "{a.b}", "{a!r}"])
def test_bad_templates_raise_a_script_error(template: str) -> None:
    with pytest.raises(ScriptError) as caught:
        fill(template, {"a": "x"})
    assert caught.value.message.code in ("script.unknown_variable", "script.stray_brace")


def test_the_error_renders_in_both_languages() -> None:
    with pytest.raises(ScriptError) as caught:
        fill("{nope}", {})
    assert "nope" in caught.value.message.render("id") and "nope" in caught.value.message.render("en")


@given(st.text())
def test_any_escaped_text_fills_back_to_itself(text: str) -> None:
    assert fill(escape(text), {}) == text
    assert variables_in(escape(text)) == []


@given(st.lists(st.tuples(st.text(), NAMES), max_size=6), st.text(), st.dictionaries(NAMES, st.text()))
def test_filling_is_concatenation_of_literals_and_values(
    parts: list[tuple[str, str]], tail: str, values: dict[str, str]
) -> None:
    template = "".join(escape(literal) + "{" + name + "}" for literal, name in parts) + escape(tail)
    expected_names = list(dict.fromkeys(name for _, name in parts))
    assert variables_in(template) == expected_names
    full = {name: values.get(name, name.upper()) for name in expected_names}
    assert fill(template, full) == "".join(literal + full[name] for literal, name in parts) + tail


@given(st.text(alphabet="{}ab ", max_size=30))
def test_arbitrary_brace_soup_either_fills_or_raises_script_error(text: str) -> None:
    with contextlib.suppress(ScriptError):
        fill(text, {"a": "A", "b": "B"})

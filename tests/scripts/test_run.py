"""ScriptRun: the verification gate, the stage reached, the objections met, switching scripts."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agent_desk.scripts import STAGE_CODES, CallScript, ScriptError, ScriptRun, build_script
from tests.scripts.factories import NOW, profile

AGENT = "Rina Wulandari"


def _script(variant: str | None = None, purpose: str | None = None) -> CallScript:
    return build_script(
        profile(), language="id", purpose=purpose, now=NOW, agent_name=AGENT, recording=False, variant=variant
    )


def test_cannot_step_past_the_greeting_before_the_right_party_is_confirmed() -> None:
    run = ScriptRun(_script())
    assert run.current.code == "greeting_verification" and not run.verified
    assert not run.can_advance
    with pytest.raises(ScriptError) as caught:
        run.next()
    assert caught.value.message.code == "script.verify_first"
    with pytest.raises(ScriptError):
        run.go("educate")
    assert run.index == 0 and run.stage_reached == "greeting_verification"
    run.confirm_right_party()
    assert run.can_advance
    assert run.next().code == "purpose_disclosure"


def test_stage_reached_is_the_furthest_not_the_current() -> None:
    run = ScriptRun(_script())
    run.confirm_right_party()
    run.go("solution")
    run.previous()
    run.previous()
    assert run.current.code == "listen"
    assert run.stage_reached == "solution"
    run.go("close")
    run.go("commitment")
    assert run.stage_reached == "close"
    assert run.next().code == "read_back"


def test_next_on_the_last_stage_stays_and_previous_on_the_first_stays() -> None:
    run = ScriptRun(_script())
    assert run.previous().code == "greeting_verification"
    run.confirm_right_party()
    run.go("close")
    assert run.next().code == "close" and not run.can_advance


def test_an_unknown_stage_is_refused() -> None:
    run = ScriptRun(_script("third_party"))
    with pytest.raises(ScriptError) as caught:
        run.go("educate")
    assert caught.value.message.code == "script.unknown_stage"


def test_objections_are_kept_in_order_once() -> None:
    run = ScriptRun(_script())
    for code in ("cannot_afford", "angry_abusive", "cannot_afford", "hardship", "angry_abusive"):
        run.record_objection(code)
    assert run.objections_met == ("cannot_afford", "angry_abusive", "hardship")


def test_the_third_party_script_needs_no_verification() -> None:
    run = ScriptRun(_script(purpose="locate"))
    assert run.script.variant == "third_party"
    while run.can_advance:
        run.next()
    assert run.current.code == "close" and not run.verified and run.stage_reached == "close"


def test_switching_to_third_party_keeps_objections_and_starts_unverified() -> None:
    run = ScriptRun(_script())
    run.confirm_right_party()
    run.go("educate")
    run.record_objection("someone_else")
    run.switch(_script("third_party"))
    assert run.script.variant == "third_party"
    assert run.current.code == "greeting_verification" and not run.verified
    assert run.stage_reached == "greeting_verification"
    assert run.objections_met == ("someone_else",)
    run.next()
    run.switch(_script())
    with pytest.raises(ScriptError):
        run.next()
    assert run.objections_met == ("someone_else",)


@given(st.lists(st.sampled_from((*STAGE_CODES, "next", "previous", "confirm")), max_size=30))
def test_no_sequence_of_moves_shows_debt_talk_before_confirmation(moves: list[str]) -> None:
    run = ScriptRun(SCRIPT)
    furthest = 0
    for move in moves:
        try:
            if move == "next":
                run.next()
            elif move == "previous":
                run.previous()
            elif move == "confirm":
                run.confirm_right_party()
            else:
                run.go(move)
        except ScriptError:
            assert not run.verified
        assert run.verified or run.current.before_verification
        furthest = max(furthest, run.index)
        assert run.stage_reached == run.script.stages[furthest].code


SCRIPT = _script()

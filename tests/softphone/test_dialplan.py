"""The dial plan: Indonesian numbers in every spelling, local numbers, extensions, URIs."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agent_desk.softphone import DialPlan, DialTarget, InvalidNumberError


@pytest.mark.parametrize(
    "text", ["0812-3456-7890", "+62 812 3456 7890", "6281234567890", "(0812) 3456.7890", "+62-812-3456-7890"]
)
def test_indonesian_mobile_in_any_spelling(text):
    target = DialPlan().normalise(text)
    assert target == DialTarget(e164="+6281234567890", dial_string="081234567890")


def test_domestic_numbers_can_go_out_in_e164():
    plan = DialPlan(domestic="e164")
    assert plan.normalise("0812-3456-7890").dial_string == "+6281234567890"


def test_local_fixed_line_gets_the_area_code():
    plan = DialPlan(local_area_code="21")
    assert plan.normalise("555 1234").e164 == "+62215551234"
    assert plan.normalise("021 555 1234").e164 == "+62215551234"
    with pytest.raises(InvalidNumberError):
        DialPlan().normalise("5551234")  # no area code configured: not a valid number


def test_international_numbers_and_prefix():
    assert DialPlan().normalise("+1 650 253 0000").dial_string == "+16502530000"
    assert DialPlan(international="00").normalise("+1 650 253 0000").dial_string == "0016502530000"
    assert DialPlan(prefix="9").normalise("0812 3456 7890").dial_string == "9081234567890"


def test_extensions_and_uris_pass_through():
    assert DialPlan().normalise("2001") == DialTarget(e164=None, dial_string="2001")
    uri = DialPlan().normalise("sip:supervisor@pbx.local")
    assert uri.is_uri
    assert uri.uri("ignored") == "sip:supervisor@pbx.local"
    assert DialPlan().normalise("0812 3456 7890").uri("pbx.local:5060") == "sip:081234567890@pbx.local:5060"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "softphone.number_empty"),
        ("  ", "softphone.number_empty"),
        ("call me", "softphone.number_invalid"),
        ("0812", "softphone.number_invalid"),
        ("+62 999", "softphone.number_invalid"),
        ("08x2", "softphone.number_invalid"),
    ],
)
def test_invalid_numbers_are_refused_with_a_reason(text, code):
    plan = DialPlan(extension_digits=3)
    with pytest.raises(InvalidNumberError) as raised:
        plan.normalise(text)
    assert raised.value.message.code == code


def test_from_json_reads_and_checks_settings():
    plan = DialPlan.from_json({"region": "id", "domestic": "e164", "prefix": "0", "local_area_code": "021"})
    assert (plan.region, plan.domestic, plan.prefix, plan.local_area_code) == ("ID", "e164", "0", "21")
    assert DialPlan.from_json(plan.to_json()) == plan
    assert DialPlan.from_json(None) == DialPlan()
    for bad in ({"domestic": "local"}, {"international": "011"}, {"prefix": "9#x"}):
        with pytest.raises(ValueError, match="dial_plan"):
            DialPlan.from_json(bad)


@given(
    subscriber=st.integers(min_value=10_000_000, max_value=99_999_999),
    operator=st.sampled_from(["812", "813", "821", "852", "857", "878"]),
)
def test_every_spelling_of_a_mobile_number_is_the_same_number(subscriber, operator):
    national = f"0{operator}{subscriber}"
    spellings = [
        national,
        f"+62{operator}{subscriber}",
        f"62{operator}{subscriber}",
        f"+62 {operator}-{subscriber}",
    ]
    targets = {DialPlan().normalise(text) for text in spellings}
    assert len(targets) == 1
    (target,) = targets
    assert target.e164 == f"+62{operator}{subscriber}"
    assert target.dial_string == national

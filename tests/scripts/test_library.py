"""The script and objection files: complete in both languages, consistent with the catalogs, and safe before
verification."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from agent_desk.resources import load_toml, resource_path
from agent_desk.scripts import (
    SAFE_VARIABLES,
    STAGE_CODES,
    VARIABLES,
    VARIANTS,
    build_script,
    load_objections,
    variables_in,
)
from agent_desk.scripts.library import objection_templates, stage_templates
from agent_desk.text import LANGUAGES
from tests.scripts.disclosure import debt_words, disclosures
from tests.scripts.factories import NOW, account, profile

OBJECTION_CODES = (
    "bill_not_received",
    "bill_wrong",
    "cannot_afford",
    "already_paid",
    "pay_later_vague",
    "angry_abusive",
    "hardship",
    "dispute",
    "stop_calling",
    "someone_else",
)
# The third-party script has four stages: there is no debt to listen to, explain, solve or read back.
THIRD_PARTY_STAGES = ("greeting_verification", "purpose_disclosure", "commitment", "close")
AGENT = "Rina Wulandari"


def _texts(path: Path) -> list[tuple[str, str]]:
    """(where, text) of every string in a scripts file."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    found: list[tuple[str, str]] = []

    def walk(where: str, node: object) -> None:
        if isinstance(node, str):
            found.append((where, node))
        elif isinstance(node, dict):
            for key, value in node.items():
                walk(f"{where}.{key}", value)
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(f"{where}[{index}]", value)

    walk(path.name, data)
    return found


SCRIPT_FILES = sorted(resource_path("scripts").glob("*/*.toml"))


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("variant", VARIANTS)
def test_every_variant_has_its_stages_in_order(variant: str, language: str) -> None:
    codes = tuple(stage.code for stage in stage_templates(variant, language))
    assert codes == (THIRD_PARTY_STAGES if variant == "third_party" else STAGE_CODES)
    for stage in stage_templates(variant, language):
        assert stage.title.strip() and stage.text.strip()


@pytest.mark.parametrize("variant", VARIANTS)
def test_the_two_languages_agree_on_stages_and_gates(variant: str) -> None:
    english, indonesian = stage_templates(variant, "en"), stage_templates(variant, "id")
    assert [(s.code, s.before_verification, s.recording_notice is not None) for s in english] == [
        (s.code, s.before_verification, s.recording_notice is not None) for s in indonesian
    ]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("variant", VARIANTS)
def test_only_the_greeting_comes_before_verification_and_disclosure_tells_of_recording(
    variant: str, language: str
) -> None:
    stages = stage_templates(variant, language)
    assert stages[0].code == "greeting_verification" and stages[0].before_verification
    if variant == "third_party":
        assert all(stage.before_verification for stage in stages)
    else:
        assert not any(stage.before_verification for stage in stages[1:])
    notices = [stage.code for stage in stages if stage.recording_notice]
    assert notices == ["purpose_disclosure"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_objection_exists_with_its_parts(language: str) -> None:
    entries = {entry["code"]: entry for entry in objection_templates(language)}
    assert set(OBJECTION_CODES) <= entries.keys()
    for code, entry in entries.items():
        for part in ("title", "acknowledgement", "question", "record"):
            assert str(entry[part]).strip(), f"{language} {code}: empty {part}"
        assert entry["solutions"] and all(str(s).strip() for s in entry["solutions"]), code
    assert entries["someone_else"]["switch_to"] == "third_party"


def test_objections_agree_between_languages_and_shortcuts_are_unique() -> None:
    keys = ("code", "shortcut", "suggested_disposition", "suggested_reason", "switch_to")
    english = [{key: entry.get(key) for key in keys} for entry in objection_templates("en")]
    indonesian = [{key: entry.get(key) for key in keys} for entry in objection_templates("id")]
    assert english == indonesian
    shortcuts = [entry["shortcut"] for entry in english if entry["shortcut"] is not None]
    assert len(shortcuts) == len(set(shortcuts))
    assert all(len(key) == 1 and key.isdigit() for key in shortcuts)


def test_suggested_dispositions_reasons_and_switches_exist() -> None:
    dispositions = set(load_toml("dispositions.toml"))
    reasons = set(load_toml("delinquency_reasons.toml")["codes"])
    for language in LANGUAGES:
        for entry in objection_templates(language):
            if "suggested_disposition" in entry:
                assert entry["suggested_disposition"] in dispositions, entry["code"]
            if "suggested_reason" in entry:
                assert entry["suggested_reason"] in reasons, entry["code"]
            if "switch_to" in entry:
                assert entry["switch_to"] in VARIANTS, entry["code"]


@pytest.mark.parametrize("path", SCRIPT_FILES, ids=lambda path: f"{path.parent.name}/{path.name}")
def test_every_variable_used_is_known(path: Path) -> None:
    unknown = [
        f"{path.parent.name}/{where}: {{{name}}}"
        for where, text in _texts(path)
        for name in variables_in(text)
        if name not in VARIABLES
    ]
    assert not unknown, f"unknown variables: {unknown}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_texts_before_verification_use_only_safe_variables(language: str) -> None:
    """The template-level half of the rule (the 10k test checks the filled texts)."""
    for variant in VARIANTS:
        for stage in stage_templates(variant, language):
            if stage.before_verification or variant == "third_party":
                texts = [stage.title, stage.text, stage.recording_notice or "", *stage.hints]
                used = {name for text in texts for name in variables_in(text)}
                assert used <= SAFE_VARIABLES, f"{language}/{variant}.{stage.code}: {used - SAFE_VARIABLES}"
                assert not debt_words(stage.text + (stage.recording_notice or "")), f"{language}/{variant}"
    someone_else = next(entry for entry in objection_templates(language) if entry["code"] == "someone_else")
    texts = [
        someone_else["title"],
        someone_else["acknowledgement"],
        someone_else["question"],
        *someone_else["solutions"],
    ]
    assert {name for text in texts for name in variables_in(str(text))} <= SAFE_VARIABLES


@pytest.mark.parametrize("language", LANGUAGES)
def test_objections_are_filled_for_a_customer_and_without_one(language: str) -> None:
    customer = profile()
    filled = load_objections(customer, language=language, now=NOW, agent_name=AGENT)
    generic = load_objections(None, language=language, now=NOW, agent_name=AGENT)
    assert [o.code for o in filled] == [o.code for o in generic]
    for objection in (*filled, *generic):
        for text in (
            objection.title,
            objection.acknowledgement,
            objection.question,
            objection.record,
            *objection.solutions,
        ):
            assert "{" not in text and "}" not in text and "None" not in text
    arrears = next(o for o in filled if o.code == "bill_not_received").solutions[0]
    assert "Rp 1.250.000" in arrears
    someone_else = next(o for o in filled if o.code == "someone_else")
    spoken = " ".join((someone_else.acknowledgement, someone_else.question))
    assert not disclosures(spoken, customer, AGENT)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_recording_notice_appears_only_when_recording(language: str) -> None:
    customer = profile(account(days_past_due=40))
    on = build_script(customer, language=language, purpose=None, now=NOW, agent_name=AGENT, recording=True)
    off = build_script(customer, language=language, purpose=None, now=NOW, agent_name=AGENT, recording=False)
    notice = next(s for s in stage_templates("middle", language) if s.recording_notice).recording_notice
    assert notice is not None
    assert notice in on.stages[1].text and notice not in off.stages[1].text
    assert [s.text for s in on.stages[2:]] == [s.text for s in off.stages[2:]]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_disclosure_check_sees_what_the_disclosure_stage_says(language: str) -> None:
    """The check is not vacuous: the stage after verification names the company, creditor and product."""
    customer = profile(account(days_past_due=100))
    script = build_script(customer, language=language, purpose=None, now=NOW, agent_name=AGENT, recording=False)
    found = disclosures(script.stages[1].text, customer, AGENT)
    assert {"PT Mitra Layanan Nusantara", "Bank Contoh", "KTA Contoh"} <= set(found)
    assert "Rp 1.250.000" in disclosures(script.stages[3].text, customer, AGENT)
    assert disclosures("Your bill of Rp 5.000.000 is overdue", customer, AGENT)[:1] == ["Rp 5.000.000"]
    assert debt_words("Tagihan dan cicilan jatuh tempo; payment overdue") == [
        "Tagih",
        "cicil",
        "jatuh tempo",
        "payment",
        "overdue",
    ]

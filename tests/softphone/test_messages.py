"""Every softphone message the code can produce exists in English and Indonesian, with matching fields."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from agent_desk.softphone import EndReason
from agent_desk.text import catalog, template_fields

ROOT = Path(__file__).resolve().parents[2]
ACTIONS = ("answer", "reject", "hold", "resume", "dtmf", "transfer")


def used_codes() -> set[str]:
    codes: set[str] = set()
    for folder in ("agent_desk/softphone", "ui/softphone"):
        for path in (ROOT / folder).rglob("*.py"):
            codes.update(re.findall(r'"(softphone\.[a-z_]+)"', path.read_text()))
    codes.update(f"softphone.ended_by_{reason.value}" for reason in EndReason)
    codes.update(f"softphone.action_{action}" for action in ACTIONS)
    return codes


def fields(template: str) -> set[str]:
    return template_fields(template)


@pytest.mark.parametrize("language", ["en", "id"])
def test_every_code_has_a_text(language):
    texts = catalog(language)
    missing = sorted(code for code in used_codes() if code not in texts)
    assert not missing, missing


def test_indonesian_uses_the_same_fields():
    english, indonesian = catalog("en"), catalog("id")
    for code in sorted(c for c in english if c.startswith("softphone.")):
        assert fields(english[code]) == fields(indonesian[code]), code

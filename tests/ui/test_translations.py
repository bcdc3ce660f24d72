"""The interface is translatable, the Indonesian translation is complete and current, and English has its plural
forms."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from ui.sign_in import SignInDialog
from ui.translations import install_translations

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "resources" / "translations"


def test_the_ts_and_qm_files_match_the_code() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "translations.py"), "check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _translated(message: ET.Element) -> list[str]:
    """The translation's text, or each of its plural forms; empty when unfinished."""
    translation = message.find("translation")
    if translation is None or translation.get("type") == "unfinished":
        return []
    forms = [(form.text or "").strip() for form in translation.iter("numerusform")]
    return forms if forms else [(translation.text or "").strip()]


# Indonesian throughout; English only where a text has plural forms ("%n time" / "%n times").
@pytest.mark.parametrize(
    "ts",
    sorted([*TRANSLATIONS.glob("id/*.ts"), *TRANSLATIONS.glob("en/*.ts")]),
    ids=lambda p: f"{p.parent.name}-{p.stem}",
)
def test_every_message_is_translated(ts: Path) -> None:
    unfinished = [
        message.findtext("source")
        for message in ET.parse(ts).getroot().iter("message")
        if not _translated(message) or not all(_translated(message))
    ]
    assert unfinished == [], f"{ts.name}: {len(unfinished)} untranslated, e.g. {unfinished[:3]}"


def test_english_plural_forms_differ_and_keep_the_count() -> None:
    files = sorted(TRANSLATIONS.glob("en/*.ts"))
    assert "outbox" in [ts.stem for ts in files]  # "Handed to the provider %n time(s)"
    for ts in files:
        for message in ET.parse(ts).getroot().iter("message"):
            assert message.get("numerus") == "yes", (ts.name, message.findtext("source"))
            one, many = _translated(message)
            assert one != many and "%n" in one and "%n" in many, (ts.name, one, many)


def _refuse(*_args: object) -> None:
    raise AssertionError("nothing is typed in this test")


def test_the_sign_in_dialog_speaks_indonesian(qtbot) -> None:  # type: ignore[no-untyped-def]
    app = QApplication.instance()
    assert app is not None
    try:
        assert install_translations(app, "id") >= 1
        dialog = SignInDialog(_refuse, _refuse, demo_password="demo")
        qtbot.addWidget(dialog)
        assert dialog.windowTitle() == "Masuk ke Agent Desk"
        assert "Ini basis data demo" in dialog.demo_note.text()
    finally:
        install_translations(app, "en")
    english = SignInDialog(_refuse, _refuse)
    qtbot.addWidget(english)
    assert english.windowTitle() == "Sign in to Agent Desk"

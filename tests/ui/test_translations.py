"""The interface is translatable and the Indonesian translation is complete and current."""

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


@pytest.mark.parametrize("ts", sorted(TRANSLATIONS.glob("id/*.ts")), ids=lambda p: p.stem)
def test_every_indonesian_message_is_translated(ts: Path) -> None:
    unfinished = [
        message.findtext("source")
        for message in ET.parse(ts).getroot().iter("message")
        if (
            message.find("translation") is None
            or message.find("translation").get("type") == "unfinished"  # type: ignore[union-attr]
            or not (message.findtext("translation") or "").strip()
        )
    ]
    assert unfinished == [], f"{ts.name}: {len(unfinished)} untranslated, e.g. {unfinished[:3]}"


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

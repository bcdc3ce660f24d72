"""The desk started without a first window (no stored queue to paint, no dialog before the domain loads) sets the
application up through the same code as those windows (ui.startup_load.early_application: names, language,
translations) and asks the one display check (ui.app.has_display)."""

from __future__ import annotations

import argparse

import pytest
from PySide6.QtCore import QCoreApplication

import ui.application
from ui import text
from ui.startup_load import early_application
from ui.translations import install_translations


class _StoppedError(Exception):
    """Ends run_gui once the application is set up (the rest is the desk's, tested elsewhere)."""


def _args(**given: object) -> argparse.Namespace:
    values: dict[str, object] = {"smoke": False, "lang": "id", "log_level": "INFO", "db": None, "at": None}
    return argparse.Namespace(**(values | given))


def test_without_a_first_window_the_application_is_set_up_as_the_first_windows_do(  # type: ignore[no-untyped-def]
    qapp, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[argparse.Namespace] = []

    def set_up(args: argparse.Namespace):  # type: ignore[no-untyped-def]
        asked.append(args)
        early_application(args)
        raise _StoppedError

    monkeypatch.setattr(ui.application, "early_application", set_up)
    names = QCoreApplication.organizationName(), QCoreApplication.applicationName()
    args = _args()
    try:
        with pytest.raises(_StoppedError):
            ui.application.run_gui(args)
        assert asked == [args]
        assert (QCoreApplication.organizationName(), QCoreApplication.applicationName()) == ("AgentDesk", "agent-desk")
        assert text.language() == "id"
    finally:
        QCoreApplication.setOrganizationName(names[0])
        QCoreApplication.setApplicationName(names[1])
        text.set_language("en")
        install_translations(qapp, "en")


def test_with_no_display_the_desk_says_so_through_the_one_display_check(  # type: ignore[no-untyped-def]
    qapp, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    checked: list[argparse.Namespace] = []
    monkeypatch.setattr(ui.application, "has_display", lambda args: checked.append(args) or False)
    args = _args()
    assert ui.application.run_gui(args) == 2
    assert checked == [args] and "no display found" in capsys.readouterr().err

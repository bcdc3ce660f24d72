from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings

from ui.settings import LANGUAGE, MEDIA_WATCHDOG_SECONDS, SETTINGS_VERSION, Setting, Settings


def _settings(tmp_path) -> Settings:  # type: ignore[no-untyped-def]
    return Settings(QSettings(str(tmp_path / "prefs.ini"), QSettings.Format.IniFormat))


def test_settings_are_typed_with_defaults(qapp, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings = _settings(tmp_path)
    assert settings.get(LANGUAGE) == "en"
    settings.set(MEDIA_WATCHDOG_SECONDS, 5)
    settings.sync()
    reread = _settings(tmp_path)
    assert reread.get(MEDIA_WATCHDOG_SECONDS) == 5  # an int again, though INI files store text
    with pytest.raises(TypeError):
        settings.set(MEDIA_WATCHDOG_SECONDS, "five")  # type: ignore[arg-type]
    assert int(reread.qsettings.value("settings/version")) == SETTINGS_VERSION


def test_a_bad_stored_value_falls_back_to_the_default(qapp, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings = _settings(tmp_path)
    settings.qsettings.setValue("preferences/media_watchdog_seconds", "lots")
    assert settings.get(MEDIA_WATCHDOG_SECONDS) == 8
    flag = Setting("x", bool, False, "x")
    settings.qsettings.setValue("preferences/x", "true")
    assert settings.get(flag) is True

"""The typed registry of per-workstation preferences, over QSettings.

Each setting is declared once (name, type, default, title). The stored ``settings/version`` lets later
releases upgrade old values in :data:`UPGRADE_STEPS`. Window geometry is kept apart from preferences.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QByteArray, QCoreApplication, QSettings, QSize
from PySide6.QtWidgets import QWidget

T = TypeVar("T", bool, int, str, float)
SETTINGS_VERSION = 1


@dataclasses.dataclass(frozen=True)
class Setting(Generic[T]):
    name: str
    type: type[T]
    default: T
    title: str


class Settings:
    """All preferences of this workstation. Read with ``settings.get(LANGUAGE)``."""

    def __init__(self, backend: QSettings | None = None) -> None:
        self._qsettings = backend or QSettings()
        self._upgrade()

    @property
    def qsettings(self) -> QSettings:
        return self._qsettings

    def get(self, setting: Setting[T]) -> T:
        value = self._qsettings.value(f"preferences/{setting.name}", setting.default)
        return _coerce(value, setting.type, setting.default)

    def set(self, setting: Setting[T], value: T) -> None:
        if not isinstance(value, setting.type):
            raise TypeError(f"{setting.name} takes {setting.type.__name__}, not {type(value).__name__}")
        self._qsettings.setValue(f"preferences/{setting.name}", value)

    def window_geometry(self, window: str) -> QByteArray | None:
        value = self._qsettings.value(f"windows/{window}/geometry")
        return value if isinstance(value, QByteArray) else None

    def window_state(self, window: str) -> QByteArray | None:
        value = self._qsettings.value(f"windows/{window}/state")
        return value if isinstance(value, QByteArray) else None

    def save_window(
        self, window: str, geometry: QByteArray, state: QByteArray | None = None, least: QSize | None = None
    ) -> None:
        """``least``: the smallest size the window can take (its layout's), for :func:`restore_window`."""
        self._qsettings.setValue(f"windows/{window}/geometry", geometry)
        if state is not None:
            self._qsettings.setValue(f"windows/{window}/state", state)
        if least is not None:
            self._qsettings.setValue(f"windows/{window}/least", [least.width(), least.height()])

    def window_least(self, window: str) -> QSize | None:
        value = self._qsettings.value(f"windows/{window}/least")
        try:
            width, height = (int(number) for number in value)
        except (TypeError, ValueError):
            return None
        return QSize(width, height)

    def sync(self) -> None:
        self._qsettings.sync()

    def _upgrade(self) -> None:
        version = _coerce(self._qsettings.value("settings/version", 0), int, 0)
        for target, step in UPGRADE_STEPS:
            if version < target:
                step(self._qsettings)
                version = target
        self._qsettings.setValue("settings/version", max(version, SETTINGS_VERSION))


DESK_SIZE = QSize(1366, 768)  # the desk's size before any is saved: an agent's common laptop screen


def restore_window(window: QWidget, settings: Settings, key: str, least: QSize) -> None:
    """The default size, then the geometry saved under ``key``. A saved geometry narrower or shorter than
    ``least`` (the window's smallest: saved by an older desk, in another language, or by a first frame whose
    columns were lighter) is not kept as Qt would stretch it to the minimum only; the window gets the default size
    (within its screen) where it was."""
    window.resize(DESK_SIZE)
    geometry = settings.window_geometry(key)
    if geometry is None or not window.restoreGeometry(geometry):
        return
    if window.width() >= least.width() and window.height() >= least.height():
        return
    screen = window.screen().availableGeometry()
    window.resize(
        max(min(DESK_SIZE.width(), screen.width()), least.width()),
        max(min(DESK_SIZE.height(), screen.height()), least.height()),
    )


def _coerce(value: Any, kind: type[T], default: T) -> T:
    if isinstance(value, kind):
        return value
    try:
        if kind is bool:
            return str(value).lower() in ("1", "true", "yes", "on")
        return kind(value)
    except (TypeError, ValueError):
        return default


UPGRADE_STEPS: tuple[tuple[int, Callable[[QSettings], None]], ...] = ()

LANGUAGE = Setting("language", str, "en", QCoreApplication.translate("Settings", "Interface language"))
LAST_USER = Setting("last_user", str, "", QCoreApplication.translate("Settings", "Last signed-in user"))
QUEUE_SHOW_BLOCKED = Setting(
    "queue_show_blocked", bool, False, QCoreApplication.translate("Settings", "Show blocked customers in the queue")
)
SOFTPHONE_POLL_MS = Setting(
    "softphone_poll_ms", int, 10, QCoreApplication.translate("Settings", "Softphone event poll interval (ms)")
)
AUDIO_INPUT = Setting("audio_input", str, "", QCoreApplication.translate("Settings", "Headset microphone"))
AUDIO_OUTPUT = Setting("audio_output", str, "", QCoreApplication.translate("Settings", "Headset speaker"))
MEDIA_WATCHDOG_SECONDS = Setting(
    "media_watchdog_seconds",
    int,
    8,
    QCoreApplication.translate("Settings", "Flag a call after this many seconds of silence"),
)

ALL_SETTINGS: tuple[Setting[Any], ...] = (
    LANGUAGE,
    LAST_USER,
    QUEUE_SHOW_BLOCKED,
    SOFTPHONE_POLL_MS,
    AUDIO_INPUT,
    AUDIO_OUTPUT,
    MEDIA_WATCHDOG_SECONDS,
)

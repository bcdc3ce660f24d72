"""Where Agent Desk keeps its files on this machine (per user, from platformdirs)."""

from __future__ import annotations

from pathlib import Path

import platformdirs

APP_NAME = "agent-desk"
APP_AUTHOR = "AgentDesk"


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))


def log_dir() -> Path:
    return Path(platformdirs.user_log_dir(APP_NAME, APP_AUTHOR))


def cache_dir() -> Path:
    """Files made from others to be read faster (e.g. the message catalogs); safe to delete."""
    return Path(platformdirs.user_cache_dir(APP_NAME, APP_AUTHOR))


def default_database_path() -> Path:
    return data_dir() / "agent-desk.sqlite3"


def recordings_dir() -> Path:
    return data_dir() / "recordings"


def drafts_dir() -> Path:
    return data_dir() / "drafts"

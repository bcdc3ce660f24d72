"""Wrap-up drafts kept on the agent's own disk as they are typed, so a crash, a kill or a database that went
away loses nothing.

A draft carries a ``draft_key`` (a UUID) that the outcome save stores in ``Outcome.draft_key`` (unique): saving
the same draft twice — say, the app died after the commit but before the draft was discarded — finds the first
save instead of writing a second outcome. Writes are atomic (temporary file, fsync, rename).
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import json
import logging
import os
import uuid
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)
DRAFT_SUFFIX = ".draft.json"


@dataclasses.dataclass(frozen=True)
class WrapUpDraft:
    """What the agent has typed about a call so far."""

    draft_key: str
    user_login: str
    customer_id: int
    updated_at: dt.datetime
    interaction_id: int | None = None
    disposition_code: str | None = None
    fields: dict[str, Any] = dataclasses.field(default_factory=dict)

    @classmethod
    def new(cls, user_login: str, customer_id: int, now: dt.datetime, interaction_id: int | None = None) -> WrapUpDraft:
        return cls(str(uuid.uuid4()), user_login, customer_id, now, interaction_id)

    def with_changes(self, now: dt.datetime, **changes: Any) -> WrapUpDraft:
        return dataclasses.replace(self, updated_at=now, **changes)

    def to_json(self) -> str:
        data = dataclasses.asdict(self)
        data["updated_at"] = self.updated_at.isoformat()
        return json.dumps(data, ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> WrapUpDraft:
        data = json.loads(text)
        data["updated_at"] = dt.datetime.fromisoformat(data["updated_at"])
        return cls(**data)


class DraftStore:
    """Drafts as one small JSON file each in a directory of the agent's own machine."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def _path(self, draft_key: str) -> Path:
        uuid.UUID(draft_key)  # refuse anything that is not a draft key (no paths from outside)
        return self.directory / f"{draft_key}{DRAFT_SUFFIX}"

    def save(self, draft: WrapUpDraft) -> None:
        """Write the draft atomically: the old version or the new one is on disk, never half of one."""
        write_atomically(self._path(draft.draft_key), draft.to_json())

    def discard(self, draft_key: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            self._path(draft_key).unlink()
        fsync_directory(self.directory)

    def pending(self, user_login: str | None = None) -> list[WrapUpDraft]:
        """Drafts left behind (oldest first), e.g. by a crash; unreadable files are kept aside and logged."""
        if not self.directory.is_dir():
            return []
        drafts = []
        for path in sorted(self.directory.glob(f"*{DRAFT_SUFFIX}")):
            try:
                draft = WrapUpDraft.from_json(path.read_text(encoding="utf-8"))
            except (OSError, ValueError, TypeError, KeyError) as error:
                log.error("unreadable wrap-up draft %s kept aside: %s", path.name, error)
                with contextlib.suppress(OSError):
                    path.rename(path.with_suffix(".unreadable"))
                continue
            if user_login is None or draft.user_login == user_login:
                drafts.append(draft)
        return sorted(drafts, key=lambda draft: draft.updated_at)


def write_atomically(final: Path, body: str) -> None:
    """Write ``body`` to ``final`` so that the old file or the new one is on disk, never half of one (a crash or a
    power cut in between included): a synced temporary file renamed over it, then the folder synced."""
    final.parent.mkdir(parents=True, exist_ok=True)
    temporary = final.with_suffix(".tmp")
    with temporary.open("w", encoding="utf-8") as handle:
        handle.write(body)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, final)
    fsync_directory(final.parent)


def fsync_directory(directory: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)

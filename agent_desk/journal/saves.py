"""The local journal of outcomes: each save is written to the agent's own disk before it goes to the database,
and stays there until the database has it. When the server goes away mid-save the outcome waits here and is
replayed — exactly once, because the save is idempotent by the draft key (``outcomes.draft_key`` is unique).

A journal entry is the complete :class:`OutcomeDraft` as JSON, one file per draft key beside the wrap-up drafts
(``agent_desk.drafts``), written atomically (temporary file, fsync, rename).
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import json
import logging
import uuid
from decimal import Decimal
from pathlib import Path
from typing import Any

from agent_desk.drafts import fsync_directory, write_atomically
from agent_desk.negotiation.plans import PlanDraft
from agent_desk.scheduling.outcomes import OutcomeDraft, PromiseDraft

log = logging.getLogger(__name__)
SUFFIX = ".save.json"


def outcome_to_dict(outcome: OutcomeDraft) -> dict[str, Any]:
    promise = outcome.promise
    return {
        "draft_key": outcome.draft_key,
        "customer_id": outcome.customer_id,
        "user_id": outcome.user_id,
        "disposition_code": outcome.disposition_code,
        "interaction_id": outcome.interaction_id,
        "contact_point_id": outcome.contact_point_id,
        "callback_at": outcome.callback_at.isoformat() if outcome.callback_at else None,
        "promise": None
        if promise is None
        else {
            "amount": str(promise.amount),
            "due_date": promise.due_date.isoformat(),
            "account_id": promise.account_id,
            "channel": promise.channel,
        },
        "reason_for_delinquency": outcome.reason_for_delinquency,
        "objections": list(outcome.objections),
        "script_stage": outcome.script_stage,
        "notes": outcome.notes,
        "plan": outcome.plan.to_dict() if outcome.plan else None,
        "script_variant": outcome.script_variant,
        "right_party_confirmed": outcome.right_party_confirmed,
    }


def outcome_from_dict(data: dict[str, Any]) -> OutcomeDraft:
    promise = data.get("promise")
    return OutcomeDraft(
        draft_key=str(data["draft_key"]),
        customer_id=int(data["customer_id"]),
        user_id=data.get("user_id"),
        disposition_code=str(data["disposition_code"]),
        interaction_id=data.get("interaction_id"),
        contact_point_id=data.get("contact_point_id"),
        callback_at=dt.datetime.fromisoformat(data["callback_at"]) if data.get("callback_at") else None,
        promise=None
        if promise is None
        else PromiseDraft(
            amount=Decimal(promise["amount"]),
            due_date=dt.date.fromisoformat(promise["due_date"]),
            account_id=promise.get("account_id"),
            channel=promise.get("channel"),
        ),
        reason_for_delinquency=data.get("reason_for_delinquency"),
        objections=tuple(data.get("objections") or ()),
        script_stage=data.get("script_stage"),
        notes=data.get("notes"),
        plan=PlanDraft.from_dict(data["plan"]) if data.get("plan") else None,
        script_variant=data.get("script_variant"),
        right_party_confirmed=bool(data.get("right_party_confirmed", False)),
    )


@dataclasses.dataclass(frozen=True)
class PendingSave:
    outcome: OutcomeDraft
    queued_at: dt.datetime
    customer_name: str = ""


class SaveJournal:
    """Outcomes on their way to the database, one small JSON file each."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def _path(self, draft_key: str) -> Path:
        uuid.UUID(draft_key)  # only draft keys name files here
        return self.directory / f"{draft_key}{SUFFIX}"

    def put(self, outcome: OutcomeDraft, queued_at: dt.datetime, customer_name: str = "") -> None:
        """Keep ``outcome`` on disk (atomically) until :meth:`remove`."""
        body = {"queued_at": queued_at.isoformat(), "customer_name": customer_name, "outcome": outcome_to_dict(outcome)}
        write_atomically(self._path(outcome.draft_key), json.dumps(body, ensure_ascii=False, sort_keys=True))

    def remove(self, draft_key: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            self._path(draft_key).unlink()
        fsync_directory(self.directory)

    def set_aside(self, draft_key: str) -> None:
        """Keep an entry the database refused (renamed ``.refused``) for someone to look at; it is not replayed."""
        with contextlib.suppress(FileNotFoundError):
            path = self._path(draft_key)
            path.rename(path.with_name(path.name.removesuffix(SUFFIX) + ".refused.json"))
        fsync_directory(self.directory)

    def pending(self, user_id: int | None = None) -> list[PendingSave]:
        """Outcomes not yet in the database (oldest first); an unreadable file is set aside and logged."""
        if not self.directory.is_dir():
            return []
        found: list[PendingSave] = []
        for path in self.directory.glob(f"*{SUFFIX}"):
            try:
                body = json.loads(path.read_text(encoding="utf-8"))
                entry = PendingSave(
                    outcome_from_dict(body["outcome"]),
                    dt.datetime.fromisoformat(body["queued_at"]),
                    str(body.get("customer_name") or ""),
                )
            except (OSError, ValueError, TypeError, KeyError) as error:
                log.error("unreadable journal entry %s kept aside: %s", path.name, error)
                with contextlib.suppress(OSError):
                    path.rename(path.with_suffix(".unreadable"))
                continue
            if user_id is None or entry.outcome.user_id == user_id:
                found.append(entry)
        return sorted(found, key=lambda entry: (entry.queued_at, entry.outcome.draft_key))

    def __len__(self) -> int:
        return len(self.pending())

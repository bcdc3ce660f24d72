"""The disposition catalog: seeded from ``resources/dispositions.toml`` into the ``dispositions`` table."""

from __future__ import annotations

import dataclasses
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from agent_desk.resources import load_toml
from agent_desk.text import Message
from db.models import Disposition


@dataclasses.dataclass(frozen=True)
class DispositionSpec:
    code: str
    right_party_contact: bool
    human_answered: bool
    final: bool
    needs_callback_time: bool
    needs_promise: bool
    next_action: dict[str, Any]
    sort_order: int

    @property
    def label(self) -> Message:
        return Message.of(f"disposition.{self.code}")


def seed_catalog() -> list[DispositionSpec]:
    """The catalog as shipped in ``resources/``, in display order."""
    specs = [
        DispositionSpec(
            code=code,
            right_party_contact=bool(entry.get("right_party_contact", False)),
            human_answered=bool(entry.get("human_answered", False)),
            final=bool(entry.get("final", False)),
            needs_callback_time=bool(entry.get("needs_callback_time", False)),
            needs_promise=bool(entry.get("needs_promise", False)),
            next_action=dict(entry.get("next_action", {})),
            sort_order=int(entry.get("sort_order", 0)),
        )
        for code, entry in load_toml("dispositions.toml").items()
    ]
    return sorted(specs, key=lambda spec: (spec.sort_order, spec.code))


def sync_catalog(session: Session) -> int:
    """Add the shipped dispositions missing from the database (edits made there are kept); returns how many."""
    existing = set(session.scalars(select(Disposition.code)))
    added = 0
    for spec in seed_catalog():
        if spec.code in existing:
            continue
        session.add(Disposition(**dataclasses.asdict(spec), active=True))
        added += 1
    session.flush()
    return added


def load_catalog(session: Session) -> list[DispositionSpec]:
    """The active catalog as the database holds it, in display order."""
    rows = session.scalars(
        select(Disposition).where(Disposition.active.is_(True)).order_by(Disposition.sort_order, Disposition.code)
    )
    return [
        DispositionSpec(
            code=row.code,
            right_party_contact=row.right_party_contact,
            human_answered=row.human_answered,
            final=row.final,
            needs_callback_time=row.needs_callback_time,
            needs_promise=row.needs_promise,
            next_action=dict(row.next_action),
            sort_order=row.sort_order,
        )
        for row in rows
    ]

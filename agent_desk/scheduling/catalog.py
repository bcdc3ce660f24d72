"""The disposition catalog as the scheduler reads it: each disposition's flags and its parsed next-action rule.

The table is seeded from ``resources/dispositions.toml`` by :func:`agent_desk.dispositions.sync_catalog`;
supervisors edit it there. A rule the scheduler cannot use is refused with a clear :class:`CatalogError`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import threading
import time
import weakref
from collections.abc import Mapping
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from agent_desk.compliance.policy import parse_minutes
from agent_desk.text import Message
from db.models import ActionKind, Disposition, FlagKind

_DURATION = re.compile(r"^P(?:(?P<days>\d+)D)?(?:T(?:(?P<hours>\d+)H)?(?:(?P<minutes>\d+)M)?(?:(?P<seconds>\d+)S)?)?$")
_RULE_KEYS = {
    "kind",
    "delay",
    "grace_days",
    "at_local",
    "verify_payment",
    "invalidate_number",
    "rotate_number",
    "flag",
    "supervisor_list",
}


class CatalogError(ValueError):
    """A disposition whose next-action rule cannot be used."""


def parse_duration(text: str) -> dt.timedelta:
    """``"PT30M"`` → 30 minutes, ``"P3D"`` → 3 days (the ISO-8601 subset the catalog uses)."""
    match = _DURATION.match(text.strip().upper())
    if not match or text.strip().upper() in ("P", "PT"):
        raise CatalogError(f"not a duration: {text!r} (write e.g. PT30M, PT4H, P3D)")
    parts = {key: int(value) for key, value in match.groupdict().items() if value}
    return dt.timedelta(**parts)


@dataclasses.dataclass(frozen=True)
class NextActionRule:
    """What the schedule does after an outcome with this disposition."""

    kind: ActionKind | None
    delay: dt.timedelta | None = None
    grace_days: int | None = None
    at_local_minute: int | None = None
    verify_payment: bool = False
    invalidate_number: bool = False
    rotate_number: bool = False
    flag: FlagKind | None = None
    supervisor_list: bool = False


@dataclasses.dataclass(frozen=True)
class CatalogEntry:
    code: str
    right_party_contact: bool
    human_answered: bool
    final: bool
    needs_callback_time: bool
    needs_promise: bool
    sort_order: int
    active: bool
    rule: NextActionRule

    @property
    def label(self) -> Message:
        return Message.of(f"disposition.{self.code}")


def rule_from_data(code: str, data: Mapping[str, Any]) -> NextActionRule:
    unknown = set(data) - _RULE_KEYS
    if unknown:
        raise CatalogError(f"disposition {code}: unknown next_action keys {sorted(unknown)}")
    try:
        return NextActionRule(
            kind=ActionKind(data["kind"]) if data.get("kind") else None,
            delay=parse_duration(str(data["delay"])) if data.get("delay") else None,
            grace_days=int(data["grace_days"]) if "grace_days" in data else None,
            at_local_minute=parse_minutes(str(data["at_local"])) if data.get("at_local") else None,
            verify_payment=bool(data.get("verify_payment", False)),
            invalidate_number=bool(data.get("invalidate_number", False)),
            rotate_number=bool(data.get("rotate_number", False)),
            flag=FlagKind(data["flag"]) if data.get("flag") else None,
            supervisor_list=bool(data.get("supervisor_list", False)),
        )
    except ValueError as error:
        raise CatalogError(f"disposition {code}: {error}") from error


def spec_from_row(row: Disposition) -> CatalogEntry:
    return CatalogEntry(
        code=row.code,
        right_party_contact=row.right_party_contact,
        human_answered=row.human_answered,
        final=row.final,
        needs_callback_time=row.needs_callback_time,
        needs_promise=row.needs_promise,
        sort_order=row.sort_order,
        active=row.active,
        rule=rule_from_data(row.code, row.next_action or {}),
    )


def load_catalog(session: Session, *, include_inactive: bool = False) -> dict[str, CatalogEntry]:
    """The catalog in display order (what the wrap-up offers)."""
    query = select(Disposition).order_by(Disposition.sort_order, Disposition.code)
    if not include_inactive:
        query = query.where(Disposition.active.is_(True))
    return {row.code: spec_from_row(row) for row in session.scalars(query)}


def load_disposition(session: Session, code: str) -> CatalogEntry | None:
    """One disposition as the table holds it now, active or not (cached for a minute per process)."""
    engine = session.get_bind()
    now = time.monotonic()
    with _cache_lock:
        cached = _cache.get(engine)  # type: ignore[arg-type]
    if cached is None or now - cached[0] > CACHE_SECONDS:
        cached = (now, load_catalog(session, include_inactive=True))
        with _cache_lock:
            _cache[engine] = cached  # type: ignore[index]
    return cached[1].get(code)


def forget_catalog() -> None:
    """Drop the cached catalog (after a supervisor edits it, or in tests)."""
    with _cache_lock:
        _cache.clear()


CACHE_SECONDS = 60.0
_cache: weakref.WeakKeyDictionary[Engine, tuple[float, dict[str, CatalogEntry]]] = weakref.WeakKeyDictionary()
_cache_lock = threading.Lock()

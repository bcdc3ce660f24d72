"""One line of the agent's queue as the queue pane shows it, and when the stored worklist may be shown as it is.

Both are read before SQLAlchemy loads (the desk's first frame) and by :mod:`agent_desk.worklist`: one definition.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from decimal import Decimal

from agent_desk.text import Message

# Entries computed this close to the clock's moment count as computed for it (saves move them forward).
TOLERANCE = dt.timedelta(minutes=5)


PAGE_SIZE = 50  # rows of the queue read at a time: the queue pane's pages and the first frame's page


def out_of_date(newest: dt.datetime | None, now: dt.datetime, *, simulated: bool, has_customers: bool) -> str | None:
    """Why the stored worklist must be rebuilt before it is shown ("empty", "future", "elsewhere"), else None.

    ``newest`` is the newest entry's ``computed_at``. A real clock never rebuilds a worklist merely because it is
    old (the nightly rebuild and every save keep it current); only one computed in its future. A simulated clock
    rebuilds whenever the entries were computed for another moment.
    """
    if newest is None:
        return "empty" if has_customers else None
    if newest > now + TOLERANCE:
        return "future"
    if simulated and abs(newest - now) > TOLERANCE:
        return "elsewhere"
    return None


@dataclasses.dataclass(frozen=True)
class QueueLine:
    """One customer on the agent's queue."""

    customer_id: int
    customer_number: str
    customer_name: str
    stage: str
    score: Decimal
    ready: bool  # callable now: lawful, due, and not held by another agent
    ready_at: dt.datetime | None
    reasons: tuple[Message, ...]  # why not now
    why: tuple[Message, ...]  # why it ranks where it does (the score's parts in words)
    parts: Mapping[str, Decimal]
    due_kind: str | None
    due_at: dt.datetime | None
    timezone: str | None
    held_by_other: bool
    products: tuple[str, ...]
    max_days_past_due: int
    arrears: Decimal
    currency: str

    @property
    def headline(self) -> tuple[Message, ...]:
        """The one or two reasons worth a column: urgency first when there is any, else expected recovery."""
        urgent = [
            m
            for m in self.why
            if m.code.startswith(("priority.callback", "priority.promise", "priority.rolls", "priority.escalation"))
        ]
        recovery = [m for m in self.why if m.code == "priority.recovery"]
        return tuple((urgent or recovery or list(self.why))[:2])

"""A desk's side of a database outage: save through the journal, replay what waited, give back stray leases.

:class:`OutcomeDesk` is what the call loop (and the fault test, and bench/team.py) use to save outcomes. A save
goes to the journal first, then to the database; when the database cannot be reached the outcome stays in the
journal (``queued``) and :meth:`OutcomeDesk.replay` writes it once the server is back. A save that reached the
server but whose answer was lost is found by its draft key on replay, never written twice.
"""

from __future__ import annotations

import dataclasses
import logging

from sqlalchemy import select

from agent_desk.clock import Clock
from agent_desk.journal.outage import is_outage
from agent_desk.journal.saves import PendingSave, SaveJournal
from agent_desk.scheduling.next_action import OutcomeError
from agent_desk.scheduling.outcomes import OutcomeDraft, SavedOutcome, save_outcome
from agent_desk.text import Message
from agent_desk.worklist import release_lease
from db.engine import Database
from db.models import WorklistEntry

log = logging.getLogger(__name__)


@dataclasses.dataclass(frozen=True)
class SaveResult:
    """``saved`` when the database has the outcome; else it waits in the journal (``queued``)."""

    saved: SavedOutcome | None

    @property
    def queued(self) -> bool:
        return self.saved is None


@dataclasses.dataclass(frozen=True)
class ReplayReport:
    saved: tuple[SavedOutcome, ...] = ()
    refused: tuple[tuple[PendingSave, Message], ...] = ()
    still_waiting: int = 0

    @property
    def done(self) -> bool:
        return self.still_waiting == 0


class OutcomeDesk:
    """Saves one user's outcomes through the local journal."""

    def __init__(self, database: Database, clock: Clock, journal: SaveJournal, user_id: int) -> None:
        self.database = database
        self.clock = clock
        self.journal = journal
        self.user_id = user_id

    def save(self, outcome: OutcomeDraft, customer_name: str = "") -> SaveResult:
        """Save ``outcome``; when the database is unreachable it is kept and replayed later.

        Raises:
            OutcomeError: the outcome itself is refused (nothing written, nothing kept: the wrap-up shows why).
        """
        self.journal.put(outcome, self.clock.now(), customer_name)
        try:
            saved = save_outcome(self.database, self.clock, outcome)
        except Exception as error:
            if is_outage(error):
                log.warning("database unreachable: outcome %s kept in the local journal", outcome.draft_key)
                return SaveResult(None)
            self.journal.remove(outcome.draft_key)
            raise
        self.journal.remove(outcome.draft_key)
        return SaveResult(saved)

    @property
    def waiting(self) -> int:
        return len(self.journal.pending(self.user_id))

    def pending(self) -> list[PendingSave]:
        return self.journal.pending(self.user_id)

    def replay(self) -> ReplayReport:
        """Write every outcome that waited, oldest first; stops at the first sign the server is still away.

        An outcome the database refuses now (a callback time that passed during the outage, a disposition
        withdrawn meanwhile) is set aside and reported, never dropped silently.
        """
        saved: list[SavedOutcome] = []
        refused: list[tuple[PendingSave, Message]] = []
        waiting = self.pending()
        for index, entry in enumerate(waiting):
            try:
                result = save_outcome(self.database, self.clock, entry.outcome)
            except OutcomeError as error:
                refused.append((entry, error.message))
                self.journal.set_aside(entry.outcome.draft_key)
                continue
            except Exception as error:
                if is_outage(error):
                    return ReplayReport(tuple(saved), tuple(refused), len(waiting) - index)
                raise
            saved.append(result)
            self.journal.remove(entry.outcome.draft_key)
        return ReplayReport(tuple(saved), tuple(refused), 0)

    def give_back_stray_leases(self, keep: int | None = None) -> int:
        """Release the leases the server says this user holds, except on the customer still open (``keep``).

        After an outage a lease may have been taken on the server whose answer never reached the desk; without
        this it would hold the customer until it expires.
        """
        with self.database.session() as session:
            held = list(
                session.scalars(select(WorklistEntry.customer_id).where(WorklistEntry.lease_user_id == self.user_id))
            )
        released = 0
        for customer_id in held:
            if customer_id != keep and release_lease(self.database, self.clock, self.user_id, customer_id):
                released += 1
        return released

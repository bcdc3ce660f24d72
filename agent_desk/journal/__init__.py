"""What a desk does when the database goes away mid-shift: outcomes wait in a local journal and are replayed
exactly once when the server is back (``agent_desk.journal.desk.OutcomeDesk``)."""

from __future__ import annotations

from agent_desk.journal.desk import OutcomeDesk, ReplayReport, SaveResult
from agent_desk.journal.outage import is_outage
from agent_desk.journal.saves import PendingSave, SaveJournal

__all__ = ["OutcomeDesk", "PendingSave", "ReplayReport", "SaveJournal", "SaveResult", "is_outage"]

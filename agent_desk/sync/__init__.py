"""Sync: a core system keeps the book up to date with deltas — customers, accounts, numbers, payments, closures.

The service a nightly job, a message consumer or a simulator calls (Qt-free; the fields are in docs/SYNC.md)::

    from agent_desk.sync import SyncOptions, apply_changes

    result = apply_changes(database, clock, [
        {"type": "customer", "customer_number": "C-1", "full_name": "Budi Santoso"},
        {"type": "account", "account_number": "L-1", "customer_number": "C-1", "product": "personal_loan",
         "outstanding": "1250000", "days_past_due": 12},
        {"type": "contact", "customer_number": "C-1", "value": "0812-3456-7890"},
        {"type": "payment", "account_number": "L-1", "amount": "250000", "paid_at": "2026-11-24T10:00+07:00",
         "reference": "TRX-1"},
        {"type": "closure", "account_number": "L-1", "status": "settled"},
    ], SyncOptions(country="ID"))

* :func:`apply_changes` checks every change with the importer's own rules and writes them all in one transaction,
  or raises :class:`SyncRejectedError` (nothing written). Changes are keyed by the core system's identifiers, so
  applying the same changes twice changes nothing the second time.
* :func:`read_changes` reads a delta file (JSON Lines or CSV); ``agent-desk sync FILE`` does both.
"""

from __future__ import annotations

from agent_desk.sync.changes import CHANGE_TYPES, SyncOptions
from agent_desk.sync.files import SyncFileError, read_changes, read_json_lines
from agent_desk.sync.service import SyncRejectedError, SyncResult, apply_changes

__all__ = [
    "CHANGE_TYPES",
    "SyncFileError",
    "SyncOptions",
    "SyncRejectedError",
    "SyncResult",
    "apply_changes",
    "read_changes",
    "read_json_lines",
]

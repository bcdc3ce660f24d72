"""The worklist engine: who is called next, when and why — leased atomically, within the rules.

The GUI and the CLI use these; every call takes the :class:`~db.engine.Database` and the
:class:`~agent_desk.clock.Clock` and returns plain frozen dataclasses.

* Queue: :func:`next_for` (lease the next customer; the lease carries the full profile), :func:`renew_lease`,
  :func:`release_lease`, :func:`skip_customer`, :func:`queue_page` (the stored queue, paged),
  :func:`stream_queue` (the whole queue at the clock's moment, streamed), :func:`list_queue` (every row
  evaluated afresh), :func:`supervisor_list`,
  :func:`resolve_hold`.
* Calls: :func:`check_before_dial` (right before dialing; records the attempt), :func:`record_call_result`.
* Wrap-up and payments live in :mod:`agent_desk.scheduling` (which uses this package, never the reverse):
  ``scheduling.outcomes.save_outcome``, ``scheduling.services.post_payments`` / ``post_payments_file``.
* Profile: :func:`load_profile` (takes a Session).
* Strategy: :func:`assign_customers`, :func:`settings_for` (stages, policy pack, lease length…).
* Batch: :func:`rebuild_worklist` (nightly / after an import, with progress), :func:`refresh_worklist`,
  :func:`judge_due_promises`.
"""

from __future__ import annotations

from agent_desk.first_frame.lines import QueueLine
from agent_desk.worklist.customer import load_profile
from agent_desk.worklist.dialing import DialCheck, check_before_dial, record_call_result
from agent_desk.worklist.evaluate import Evaluation
from agent_desk.worklist.leasing import (
    Lease,
    LeaseError,
    next_for,
    release_lease,
    renew_lease,
    skip_customer,
)
from agent_desk.worklist.listing import QueueRow, list_queue, stream_queue
from agent_desk.worklist.profile import CustomerProfile
from agent_desk.worklist.queue import QueueEntry, QueueError, queue_page, supervisor_list
from agent_desk.worklist.queue_view import count_ready, queue_lines
from agent_desk.worklist.services import (
    assign_customers,
    judge_due_promises,
    refresh_worklist,
    resolve_hold,
)
from agent_desk.worklist.settings import WorklistSettings, forget_settings, settings_for
from agent_desk.worklist.status import contact_status, contact_window
from agent_desk.worklist.store import RebuildReport, rebuild_worklist

__all__ = [
    "CustomerProfile",
    "DialCheck",
    "Evaluation",
    "Lease",
    "LeaseError",
    "QueueEntry",
    "QueueError",
    "QueueLine",
    "QueueRow",
    "RebuildReport",
    "WorklistSettings",
    "assign_customers",
    "check_before_dial",
    "contact_status",
    "contact_window",
    "count_ready",
    "forget_settings",
    "judge_due_promises",
    "list_queue",
    "load_profile",
    "next_for",
    "queue_lines",
    "queue_page",
    "rebuild_worklist",
    "record_call_result",
    "refresh_worklist",
    "release_lease",
    "renew_lease",
    "resolve_hold",
    "settings_for",
    "skip_customer",
    "stream_queue",
    "supervisor_list",
]

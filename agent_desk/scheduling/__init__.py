"""Scheduling: the disposition catalog, outcome → next action, the outcome save, payment posting.

Scheduling uses the worklist (an outcome or a payment refreshes the customer's queue row), never the reverse: an
import-linter contract in pyproject.toml keeps it so. Import from the modules: :mod:`.outcomes` (``save_outcome``,
``OutcomeDraft``…), :mod:`.services` (``post_payments``, ``post_payments_file``), :mod:`.next_action`
(``OutcomeError``). Promise judging belongs to the worklist (:mod:`agent_desk.worklist.promises`), which judges
before it evaluates.
"""

from __future__ import annotations

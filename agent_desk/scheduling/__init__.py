"""Scheduling: the disposition catalog, outcome → next action, promise judging, payment posting.

The outcome save service (:mod:`agent_desk.scheduling.outcomes`) is re-exported by :mod:`agent_desk.worklist`,
which the GUI uses; import it from there.
"""

from __future__ import annotations

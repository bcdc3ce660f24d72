"""One way to fail, for the CLI and the GUI alike.

An *expected* failure — a bad argument, a bad file, a missing or broken database, an unreachable server, a
locked or read-only database — is a :class:`DeskError`: one paragraph (a :class:`agent_desk.text.Message`)
saying what happened and what to do, and an exit code (2 for a usage problem, 1 for a failure).
:func:`explain` turns the exceptions that libraries raise for those situations into one; anything else is
*unexpected*: :func:`unexpected` logs it with its traceback and returns a short message naming the log file.
"""

from __future__ import annotations

from agent_desk.errors.base import EXIT_FAILURE, EXIT_USAGE, DeskError, UsageError, refusal
from agent_desk.errors.explain import explain, unexpected

__all__ = ["EXIT_FAILURE", "EXIT_USAGE", "DeskError", "UsageError", "explain", "refusal", "unexpected"]

"""The headless command line: ``agent-desk [--db URL] [--at ISO-TIME] SUBCOMMAND …``.

The ``agent-desk`` entry point (``ui/app.py``) opens the GUI when no subcommand is given and hands everything
else to :func:`run`. Each subcommand lives in its own module with a ``register(subparsers)`` function that sets
``handler`` on its parser; the handler takes the parsed arguments and a :class:`CliSession` and returns the
exit code.
"""

from __future__ import annotations

from agent_desk.cli.main import CliSession, build_parser, run

__all__ = ["CliSession", "build_parser", "run"]

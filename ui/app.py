"""The composition root and the ``agent-desk`` entry point (GUI by default; subcommands go to the CLI).

Qt and the domain load only once it is clear what was asked: ``agent-desk --version`` loads neither.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

# What the window needs of the Qt-free side, imported before Qt (see _load_domain).
DOMAIN_MODULES = (
    "db.models",
    "agent_desk.context",
    "agent_desk.portfolio",
    "agent_desk.worklist",
    "agent_desk.scheduling.outcomes",
)


def main(argv: Sequence[str] | None = None) -> int:
    from agent_desk.cli.main import parse_arguments

    args = parse_arguments(argv)
    if args.command is not None:
        from agent_desk.cli.main import run

        return run(args)
    _load_domain()
    from ui.application import run_gui

    return run_gui(args)


def _load_domain() -> None:
    """Import the Qt-free modules the window needs before Qt itself.

    Once PySide6 is imported it hooks ``__import__`` and reads the source of every module imported after it (to
    see whether it uses PySide6); SQLAlchemy, the models and the worklist imported first are spared that.
    """
    import importlib

    for name in DOMAIN_MODULES:
        importlib.import_module(name)


if __name__ == "__main__":
    sys.exit(main())

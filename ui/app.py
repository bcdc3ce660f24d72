"""The composition root and the ``agent-desk`` entry point (GUI by default; subcommands go to the CLI).

Qt and the domain load only once it is clear what was asked: ``agent-desk --version`` loads neither.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    from agent_desk.cli.main import parse_arguments

    args = parse_arguments(argv)
    if args.command is not None:
        from agent_desk.cli.main import run

        return run(args)
    from ui.application import run_gui

    return run_gui(args)


if __name__ == "__main__":
    sys.exit(main())

"""Argument parsing and dispatch for the headless CLI."""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence
from typing import IO

from agent_desk import __version__
from agent_desk.context import AppContext, open_context
from agent_desk.logs import setup_logging
from agent_desk.text import Message
from db.engine import DatabaseUrlError

# Modules under agent_desk that add subcommands (each has ``register(subparsers)``).
COMMAND_MODULES = (
    "agent_desk.cli.db_commands",
    "agent_desk.demo.command",
    "agent_desk.importer.command",
    "agent_desk.sync.command",
    "agent_desk.softphone.cli",
    "agent_desk.cli.queue_command",
    "agent_desk.cli.payments_command",
    "agent_desk.cli.negotiation_commands",
)

log = logging.getLogger(__name__)


class CliSession:
    """What a subcommand gets: its output stream and, opened on first use, the application context."""

    def __init__(self, args: argparse.Namespace, out: IO[str] | None = None, err: IO[str] | None = None) -> None:
        self.args = args
        self.out = out or sys.stdout
        self.err = err or sys.stderr
        self._context: AppContext | None = None

    def context(self, *, upgrade: bool = True) -> AppContext:
        if self._context is None:
            self._context = open_context(self.args.db, self.args.at, upgrade=upgrade, language=self.args.lang)
        return self._context

    def say(self, message: Message | str) -> None:
        text = message.render(self.args.lang) if isinstance(message, Message) else message
        print(text, file=self.out, flush=True)

    def fail(self, message: Message | str) -> int:
        """Print a plain reason on stderr; returns the exit code 2 for the handler to return."""
        text = message.render(self.args.lang) if isinstance(message, Message) else message
        print(f"agent-desk: {text}", file=self.err, flush=True)
        return 2

    def close(self) -> None:
        if self._context is not None:
            self._context.close()


def add_global_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", metavar="URL", help="database URL (default: an SQLite file in the user data dir)")
    parser.add_argument("--at", metavar="ISO-TIME", help="freeze the clock at this moment (simulated time)")
    parser.add_argument("--lang", default="en", choices=("en", "id"), help="language of printed text")
    parser.add_argument("--log-level", default="INFO", choices=("DEBUG", "INFO", "WARNING", "ERROR"))
    parser.add_argument("--version", action="version", version=f"agent-desk {__version__}")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="agent-desk",
        description="Agent Desk: a workspace for polite, lawful telecollection. "
        "With no subcommand, opens the desktop window.",
    )
    add_global_options(parser)
    parser.add_argument("--smoke", action="store_true", help="open the window, wait for the first paint, exit")
    parser.add_argument("--user", metavar="LOGIN", help="sign in as this user (skips the sign-in dialog)")
    subparsers = parser.add_subparsers(dest="command", metavar="SUBCOMMAND")
    for module_name in COMMAND_MODULES:
        importlib.import_module(module_name).register(subparsers)
    return parser


def run(args: argparse.Namespace, out: IO[str] | None = None, err: IO[str] | None = None) -> int:
    """Run the subcommand chosen in ``args``; returns the process exit code."""
    setup_logging(getattr(logging, args.log_level), console=False)
    session = CliSession(args, out=out, err=err)
    try:
        return int(args.handler(args, session))
    except DatabaseUrlError as error:
        return session.fail(str(error))
    except KeyboardInterrupt:
        return session.fail("interrupted")
    finally:
        session.close()


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    return run(args)

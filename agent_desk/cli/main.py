"""Argument parsing and dispatch for the headless CLI: one error path for every subcommand.

An expected failure (:class:`agent_desk.errors.DeskError`, or a library error :func:`agent_desk.errors.explain`
recognises) prints one paragraph on stderr and exits 1 (2 for a usage problem); anything else is logged with
its traceback and reported in one line naming the log file. No traceback ever reaches the terminal.

This module loads little at import time: ``agent-desk --version`` and the GUI's start must not pay for the
subcommands' imports, and a subcommand imports its own module only (:data:`COMMAND_NAMES`); ``--help`` lists
every subcommand from the catalog without importing any.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from typing import IO, TYPE_CHECKING

from agent_desk import __version__

if TYPE_CHECKING:
    from agent_desk.context import AppContext
    from agent_desk.credentials import CredentialStore
    from agent_desk.text import Message

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
    "agent_desk.outbox.command",
    "agent_desk.cli.scoring_command",
    "agent_desk.reporting.command",
    "agent_desk.experiments.command",
    "agent_desk.practice.cli",
    "agent_desk.auth.cli",
    "agent_desk.audit.cli",
    "agent_desk.cli.desk_commands",
)

# The subcommands each of those modules adds, in the order it adds them. Only the module of the subcommand asked
# for is imported; the others' subcommands are listed in the help from the catalog's text (cli.help.<name>.about).
# A module missing here is imported for every subcommand (tests/cli/test_lazy_commands.py says so).
COMMAND_NAMES = {
    "agent_desk.cli.db_commands": ("db",),
    "agent_desk.demo.command": ("demo-data",),
    "agent_desk.importer.command": ("import",),
    "agent_desk.sync.command": ("sync",),
    "agent_desk.softphone.cli": ("sip-test",),
    "agent_desk.cli.queue_command": ("queue", "worklist"),
    "agent_desk.cli.payments_command": ("post-payments",),
    "agent_desk.cli.negotiation_commands": ("authority", "approvals", "language-flags"),
    "agent_desk.outbox.command": ("outbox",),
    "agent_desk.cli.scoring_command": ("scoring",),
    "agent_desk.reporting.command": ("report",),
    "agent_desk.experiments.command": ("experiment",),
    "agent_desk.practice.cli": ("practice",),
    "agent_desk.auth.cli": ("password",),
    "agent_desk.audit.cli": ("audit",),
    "agent_desk.cli.desk_commands": ("manual-calls",),
}
EVERY_COMMAND = "*"

EXIT_FAILURE = 1
EXIT_USAGE = 2


class CliSession:
    """What a subcommand gets: its output stream and, opened on first use, the application context."""

    def __init__(self, args: argparse.Namespace, out: IO[str] | None = None, err: IO[str] | None = None) -> None:
        self.args = args
        self.out = out or sys.stdout
        self.err = err or sys.stderr
        self._context: AppContext | None = None
        self._credentials: CredentialStore | None = None

    def credentials(self) -> CredentialStore:
        """The credential store (the context's once it is open; commands that need no database use their own)."""
        if self._context is not None:
            return self._context.credentials
        if self._credentials is None:
            from agent_desk.credentials import CredentialStore

            self._credentials = CredentialStore()
        return self._credentials

    def context(self, *, upgrade: bool = True, create: bool = False) -> AppContext:
        """The database and clock, opened on first use.

        Args:
            create: this command may create the database when there is none (``demo-data``, ``db upgrade``);
                every other command stops with "no Agent Desk database at …" and creates nothing.
        """
        if self._context is None:
            from agent_desk.context import open_context

            self._context = open_context(
                self.args.db,
                self.args.at,
                upgrade=upgrade,
                language=self.args.lang,
                create=create,
                credentials=self._credentials,
            )
        return self._context

    def say(self, message: Message | str) -> None:
        print(self._text(message), file=self.out, flush=True)

    def note(self, message: Message | str) -> None:
        """A remark on stderr that is no failure (e.g. which zone a time without offset was read in)."""
        print(f"agent-desk: {self._text(message)}", file=self.err, flush=True)

    def fail(self, message: Message | str, code: int = EXIT_USAGE) -> int:
        """Print a plain reason on stderr; returns ``code`` (2, usage, unless told) for the handler to return."""
        print(f"agent-desk: {self._text(message)}", file=self.err, flush=True)
        return code

    def fail_with(self, error: BaseException) -> int:
        """Report an exception a handler let through: explained when expected, else logged; the exit code."""
        from agent_desk.errors import explain, unexpected

        known = explain(error, where=self.where())
        if known is not None:
            return self.fail(known.message, known.exit_code)
        return self.fail(unexpected(error, f"agent-desk {self.args.command}"), EXIT_FAILURE)

    def where(self) -> str:
        """The database's location as the user would recognise it (for messages)."""
        from agent_desk.context import resolve_url
        from db.engine import describe_location

        try:
            return describe_location(resolve_url(self.args.db))
        except Exception:  # an unreadable URL: as typed, less a password written into it
            from agent_desk.first_frame.page import shown_location

            return shown_location(self.args.db)

    def close(self) -> None:
        if self._context is not None:
            self._context.close()
            self._context = None

    def _text(self, message: Message | str) -> str:
        return message if isinstance(message, str) else message.render(self.args.lang)


def add_global_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", metavar="URL", help="database URL (default: an SQLite file in the user data dir)")
    parser.add_argument("--at", metavar="ISO-TIME", help="freeze the clock at this moment (simulated time)")
    parser.add_argument("--lang", default="en", choices=("en", "id"), help="language of printed text")
    parser.add_argument("--log-level", default="INFO", choices=("DEBUG", "INFO", "WARNING", "ERROR"))
    parser.add_argument("--version", action="version", version=f"agent-desk {__version__}")


def _gui_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--smoke", action="store_true", help="open the window, wait for the first paint, exit")
    parser.add_argument("--user", metavar="LOGIN", help="sign in as this user (skips the sign-in dialog)")


def build_parser(language: str = "en", command: str | None = EVERY_COMMAND) -> argparse.ArgumentParser:
    """The whole command line, its help in ``language``.

    ``command``: the subcommand about to run; only its module is imported, the other subcommands are listed by
    name and one line of help (enough for the top-level help and for argparse's "invalid choice"). None: no
    subcommand (the top-level help imports no subcommand module); :data:`EVERY_COMMAND` (the default): every
    module, every subcommand complete (scripts/cli_help.py and the tests walk it).

    argparse's own words are put in at construction too: build inside :func:`argparse_language` when the
    language is not English (as :func:`parse_arguments` does).
    """
    from agent_desk.cli.usage_text import translate_help
    from agent_desk.text import catalog

    parser = argparse.ArgumentParser(
        prog="agent-desk",
        description="Agent Desk: a workspace for polite, lawful telecollection. "
        "With no subcommand, opens the desktop window.",
    )
    add_global_options(parser)
    _gui_options(parser)
    subparsers = parser.add_subparsers(dest="command", metavar="SUBCOMMAND")
    load_all = command == EVERY_COMMAND
    english = catalog("en")
    for module_name in COMMAND_MODULES:
        names = COMMAND_NAMES.get(module_name)
        if load_all or names is None or command in names:
            importlib.import_module(module_name).register(subparsers)
            continue
        for name in names:  # listed, not loaded: this run does not need the module
            subparsers.add_parser(name, help=english.get(f"cli.help.{name}.about"), add_help=False)
    return translate_help(parser, language)


def _command_in(rest: Sequence[str]) -> str | None:
    """The subcommand named in what the global options left over (None: none, e.g. a bare ``--help``)."""
    return next((arg for arg in rest if not arg.startswith("-")), None)


def parse_arguments(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Parse the command line; ``command`` is None for the GUI.

    The global options are read first by a parser that knows no subcommand: ``--version`` and a plain GUI
    start never import the subcommands' modules.
    """
    from agent_desk.cli.usage_text import argparse_language, language_of

    argv = list(sys.argv[1:] if argv is None else argv)
    language = language_of(argv)  # usage errors and --help speak the language asked for
    with argparse_language(language):
        globals_only = argparse.ArgumentParser(prog="agent-desk", add_help=False)
        add_global_options(globals_only)
        _gui_options(globals_only)
        known, rest = globals_only.parse_known_args(argv)
        if not rest:
            known.command = None
            return known
        return build_parser(language, _command_in(rest)).parse_args(argv)


def run(args: argparse.Namespace, out: IO[str] | None = None, err: IO[str] | None = None) -> int:
    """Run the subcommand chosen in ``args``; returns the process exit code (0, 1 failure, 2 usage)."""
    import logging

    from agent_desk.logs import setup_logging

    session = CliSession(args, out=out, err=err)
    try:
        setup_logging(getattr(logging, args.log_level), console=False)
        _check_clock(args, session)
        return int(args.handler(args, session))
    except SystemExit:
        raise
    except BaseException as error:  # KeyboardInterrupt too: one paragraph, never a traceback
        return session.fail_with(error)
    finally:
        try:
            session.close()
        except Exception as error:
            session.fail_with(error)


def _check_clock(args: argparse.Namespace, session: CliSession) -> None:
    """A bad ``--at`` stops here (exit 2); one without an offset is read as UTC, and the command says so."""
    if args.at is None:
        return
    from agent_desk.clock import has_offset
    from agent_desk.context import make_clock
    from agent_desk.text import LocalTime, Message

    moment = make_clock(args.at).now()
    if not has_offset(args.at):
        session.note(
            Message.of("errors.usage.at_no_offset", text=args.at.strip(), moment=LocalTime(moment, "UTC", True, True))
        )


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_arguments(argv)
    if args.command is None:
        from agent_desk.cli.usage_text import argparse_language

        with argparse_language(args.lang):
            build_parser(args.lang, None).print_help()
        return EXIT_USAGE
    return run(args)

"""The composition root and the ``agent-desk`` entry point (GUI by default; subcommands go to the CLI).

Qt and the domain load only once it is clear what was asked: ``agent-desk --version`` loads neither.
"""

from __future__ import annotations

import argparse
import builtins
import sys
from collections.abc import Sequence
from types import ModuleType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from agent_desk.first_frame.page import FirstPage

# What the window needs of the Qt-free side, imported before Qt (see _load_domain).
DOMAIN_MODULES = (
    "db.models",
    "agent_desk.context",
    "agent_desk.portfolio",
    "agent_desk.worklist",
    "agent_desk.scheduling.outcomes",
)
_PLAIN_IMPORT = builtins.__import__  # before PySide6 replaces it (see _load_domain)


def main(argv: Sequence[str] | None = None) -> int:
    from agent_desk.cli.main import parse_arguments

    args = parse_arguments(argv)
    if args.command is not None:
        from agent_desk.cli.main import run

        return run(args)
    page, skipped = _first_page(args)
    frame = None
    sign_in = None
    if page is not None:  # the queue paints (PySide6 and sqlite3 only) while the domain loads
        show_first_frame = _import_unhooked("ui.first_frame").show_first_frame
        try:
            frame = show_first_frame(args, page, _load_domain)
        except Exception as error:  # as behind the sign-in dialog: the frame has gone; one short message, logged
            return _report_load_failure(args, error)
        if frame.closed_by_user:  # closed while the desk was loading: nothing more opens
            return 0
    elif _signs_in_first(args):  # the sign-in dialog (PySide6 only) while the domain loads
        try:
            sign_in = _import_unhooked("ui.early_sign_in").show_sign_in(args, _load_domain)
        except Exception as error:  # a broken installation: the dialog has gone; one short message, logged
            return _report_load_failure(args, error)
        if sign_in.cancelled:  # cancelled while the desk was loading: nothing more opens
            return 0
    else:
        _load_domain()
    run_gui = _import_unhooked("ui.application").run_gui
    return int(run_gui(args, first_frame=frame, first_frame_skipped=skipped, sign_in=sign_in))


def _report_load_failure(args: argparse.Namespace, error: Exception) -> int:
    """The desk's modules failed to load behind the first frame or the sign-in dialog: the traceback to the log
    file, a short message naming it on screen (the one error path, ui.failures); exit 1."""
    import logging

    from agent_desk.errors import unexpected
    from agent_desk.logs import setup_logging
    from ui import text
    from ui.failures import failure_text, show_failure

    setup_logging(getattr(logging, args.log_level))
    try:
        message = failure_text(error, context="loading the desk")
    except Exception:  # explaining it needs the database layer, which may be what failed to load
        message = text.render(unexpected(error, "loading the desk", window=True))
    show_failure(message)
    return 1


def _import_unhooked(name: str) -> ModuleType:
    """Import the window's module ``name`` (and what it imports) past PySide6's ``__import__`` hook, which reads
    the source of every module imported after PySide6 to see whether it switches ``__feature__`` on (none of ours
    does: tests/ui/test_startup_path.py checks it); ≈ 0.01 s for each of the first frame's and the window's module
    sets. PySide6 itself is imported first, so that its hook is in place for everything else."""
    import importlib

    import PySide6.QtCore  # noqa: F401 - installs the hook

    hooked = builtins.__import__
    builtins.__import__ = _PLAIN_IMPORT
    try:
        return importlib.import_module(name)
    finally:
        builtins.__import__ = hooked


def _signs_in_first(args: argparse.Namespace) -> bool:
    """Whether the sign-in dialog may open before the domain loads: a password is asked (no --user/--smoke), a
    window can open, and the database is there (else the desk first offers to create one, or says why not)."""
    from agent_desk.first_frame.page import NoFirstFrameError, sqlite_path

    if args.user is not None or args.smoke or not has_display(args):
        return False
    if args.db is not None and not args.db.strip().startswith("sqlite"):
        return True  # PostgreSQL (team mode): an unreachable server is reported once the password is typed
    try:
        return sqlite_path(args.db).is_file()
    except NoFirstFrameError:  # an SQLite URL with options or in memory: the normal start
        return False


def _first_page(args: argparse.Namespace) -> tuple[FirstPage | None, str | None]:
    """The agent's first queue page when the desk may paint it before the domain loads; else None and why not."""
    import datetime as dt

    from agent_desk.clock import MomentError, parse_moment
    from agent_desk.first_frame.lines import PAGE_SIZE  # the page the queue pane reads first
    from agent_desk.first_frame.page import NoFirstFrameError, read_first_page

    if args.user is None and not args.smoke:
        return None, "the sign-in dialog comes first"
    if not has_display(args):
        return None, "no display"
    try:
        now = parse_moment(args.at) if args.at is not None else dt.datetime.now(dt.UTC)
        page = read_first_page(args.db, now, simulated=args.at is not None, login=args.user, page_size=PAGE_SIZE)
    except NoFirstFrameError as reason:
        return None, reason.reason
    except MomentError:
        return None, "a bad --at (the desk says so)"
    return page, None


def has_display(args: argparse.Namespace) -> bool:
    """Whether a window can open; ``--smoke`` without a display uses the offscreen platform."""
    import os

    if args.smoke and not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY") or os.environ.get("QT_QPA_PLATFORM"))


def _load_domain() -> None:
    """Import the Qt-free modules the window needs before Qt itself.

    Once PySide6 is imported it hooks ``__import__`` and reads the source of every module imported after it (to
    see whether it uses PySide6); SQLAlchemy, the models and the worklist imported first are spared that. When
    the first frame is shown (ui.first_frame) PySide6 is loaded already, so the plain ``__import__`` is put back
    while these load (on a thread, the frame answering keys meanwhile); only modules that use PySide6's
    ``__feature__`` switches need its hook, and none of these does.
    """
    import importlib

    hooked = builtins.__import__
    builtins.__import__ = _PLAIN_IMPORT  # PySide6 may be loaded already (the first frame): spare these its hook
    try:
        for name in DOMAIN_MODULES:
            importlib.import_module(name)
        from sqlalchemy.orm import configure_mappers
    finally:
        builtins.__import__ = hooked
    configure_mappers()  # else the first query does it, on the GUI thread


if __name__ == "__main__":
    sys.exit(main())

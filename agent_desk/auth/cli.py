"""``agent-desk password set|unlock LOGIN``: an admin's password reset and unlock from the command line.

The password is never an argument (it would stay in the shell's history): it is typed twice at a prompt, or read
as one line from standard input with ``--stdin``. ``--as LOGIN`` names the admin acting; without it the command
acts as the system — whoever may open the database with its own credentials, e.g. to give the first admin a
password — and is audited as such.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import TYPE_CHECKING, Any

from agent_desk.text import Message

if TYPE_CHECKING:
    from agent_desk.auth.permissions import Actor
    from agent_desk.cli.main import CliSession


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "password", help="set a user's password (an admin's reset) or unlock an account"
    )
    actions = parser.add_subparsers(dest="password_action", metavar="ACTION", required=True)
    set_parser = actions.add_parser("set", help="set LOGIN's password; they choose their own at the next sign-in")
    set_parser.add_argument("login", metavar="LOGIN")
    set_parser.add_argument(
        "--permanent", action="store_true", help="do not ask the user to change it at the next sign-in"
    )
    set_parser.add_argument("--stdin", action="store_true", help="read the password as one line from standard input")
    set_parser.add_argument("--as", dest="actor", metavar="ADMIN_LOGIN", help="the admin acting (default: system)")
    set_parser.set_defaults(handler=_set)
    unlock_parser = actions.add_parser("unlock", help="let LOGIN sign in again before the lockout runs out")
    unlock_parser.add_argument("login", metavar="LOGIN")
    unlock_parser.add_argument("--as", dest="actor", metavar="ADMIN_LOGIN", help="the admin acting (default: system)")
    unlock_parser.set_defaults(handler=_unlock)


def cli_actor(cli: CliSession, login: str | None) -> Actor:
    """The user named by ``--as`` (an unknown or inactive login stops the command), else the system."""
    from agent_desk.auth.actors import actor_by_login
    from agent_desk.auth.permissions import Actor
    from agent_desk.errors import UsageError

    if login is None:
        return Actor.system()
    with cli.context().database.session() as session:
        actor = actor_by_login(session, login)
    if actor is None:
        raise UsageError(Message.of("auth.no_such_user", login=login))
    return actor


def _read_password(args: argparse.Namespace) -> str | None:
    if args.stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("New password: ")
    if getpass.getpass("Repeat it: ") != first:
        return None
    return first


def _set(args: argparse.Namespace, cli: CliSession) -> int:
    from agent_desk.auth.accounts import reset_password

    context = cli.context()
    actor = cli_actor(cli, args.actor)
    password = _read_password(args)
    if password is None:
        return cli.fail(Message.of("auth.password.mismatch"))
    reset_password(context.database, context.clock, actor, args.login, password, temporary=not args.permanent)
    cli.say(Message.of("auth.password.set_permanent" if args.permanent else "auth.password.set", login=args.login))
    return 0


def _unlock(args: argparse.Namespace, cli: CliSession) -> int:
    from agent_desk.auth.accounts import unlock

    context = cli.context()
    actor = cli_actor(cli, args.actor)
    done = unlock(context.database, context.clock, actor, args.login)
    cli.say(Message.of("auth.password.unlocked" if done else "auth.password.not_locked", login=args.login))
    return 0

"""``agent-desk db upgrade|downgrade|current|set-password``."""

from __future__ import annotations

import argparse
import getpass
from typing import TYPE_CHECKING, Any

from agent_desk.context import database_account_name, resolve_url, seed_defaults
from agent_desk.credentials import SERVICE_DB, CredentialStore, NoKeyringError
from agent_desk.text import Message
from db import migrate

if TYPE_CHECKING:
    from agent_desk.cli.main import CliSession


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser("db", help="database schema and connection")
    actions = parser.add_subparsers(dest="db_action", metavar="ACTION", required=True)
    upgrade = actions.add_parser("upgrade", help="apply migrations up to REVISION (default: head)")
    upgrade.add_argument("revision", nargs="?", default="head")
    upgrade.set_defaults(handler=_upgrade)
    downgrade = actions.add_parser("downgrade", help="revert migrations down to REVISION (e.g. base)")
    downgrade.add_argument("revision")
    downgrade.set_defaults(handler=_downgrade)
    current = actions.add_parser("current", help="print the schema revision")
    current.set_defaults(handler=_current)
    password = actions.add_parser("set-password", help="store the PostgreSQL password in the OS keyring")
    password.set_defaults(handler=_set_password)


def _upgrade(args: argparse.Namespace, cli: CliSession) -> int:
    context = cli.context(upgrade=False, create=True)
    database = context.database
    changed = migrate.upgrade(database, args.revision)
    if not database.read_only and migrate.is_up_to_date(database):
        seed_defaults(database, context.clock)
    revision = ",".join(migrate.current_revisions(database)) or "base"
    cli.say(Message.of("db.upgraded" if changed else "db.up_to_date", revision=revision))
    return 0


def _downgrade(args: argparse.Namespace, cli: CliSession) -> int:
    database = cli.context(upgrade=False).database
    migrate.downgrade(database, args.revision)
    cli.say(Message.of("db.downgraded", revision=",".join(migrate.current_revisions(database)) or "base"))
    return 0


def _current(args: argparse.Namespace, cli: CliSession) -> int:
    database = cli.context(upgrade=False).database
    current = ",".join(migrate.current_revisions(database)) or "base"
    head = ",".join(migrate.head_revisions())
    cli.say(f"{current} (head: {head})")
    return 0


def _set_password(args: argparse.Namespace, cli: CliSession) -> int:
    url = resolve_url(args.db)
    if url.get_backend_name() != "postgresql":
        return cli.fail("set-password is for PostgreSQL URLs (--db postgresql://USER@HOST/DB)")
    password = getpass.getpass(f"Password for {database_account_name(url)}: ")
    try:
        CredentialStore().set(SERVICE_DB, database_account_name(url), password)
    except NoKeyringError as error:
        return cli.fail(f"{error}. Put the password in ~/.pgpass instead (chmod 600).")
    cli.say("Password stored in the OS keyring.")
    return 0

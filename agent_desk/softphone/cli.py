"""``agent-desk sip-test``: check the phone from a terminal, step by step, with timings.

    agent-desk --user alice sip-test --register                 # the configured account registers
    agent-desk sip-test --call sip:echo@127.0.0.1:5070          # a test call; no account needed for a URI
    agent-desk sip-test --call sip:echo@pbx.example --username 1001 --password-from-keyring
    agent-desk sip-test --answer --listen 127.0.0.1:5062 --count 2

A test call answers digest challenges (401/407) with the configured account's credentials (that of --user, or
the only account set up), or with --username and a password from the keyring, stdin or the terminal.

Exit status 0 when every step passed, 1 with a plain reason when one failed, 2 for a usage problem.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import TYPE_CHECKING, Any

from agent_desk.softphone.settings import (
    AccountSettings,
    EngineOptions,
    load_account_settings,
    lookup_password,
    store_password,
)
from agent_desk.text import Message
from db.models import SipAccountSettings, User

if TYPE_CHECKING:
    from agent_desk.cli.main import CliSession
    from agent_desk.softphone.diagnostics import Step

DEFAULT_LISTEN = "0.0.0.0:5060"


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "sip-test",
        help="test the softphone: register, place or answer test calls",
        description="Check the SIP account and calls step by step, printing each step's timing.",
    )
    parser.add_argument("--register", action="store_true", help="register with the configured account")
    parser.add_argument("--call", metavar="URI", help="place a test call (a full sip: URI needs no account)")
    parser.add_argument("--answer", action="store_true", help="wait for inbound calls and answer them")
    parser.add_argument(
        "--listen", metavar="ADDR:PORT", help=f"local SIP address to listen on (default {DEFAULT_LISTEN}; "
        "with no --answer, any free port)"
    )  # fmt: skip
    parser.add_argument("--count", type=int, default=1, metavar="N", help="inbound calls to answer (default 1)")
    parser.add_argument("--timeout", type=float, default=30.0, metavar="S", help="give up after S seconds")
    parser.add_argument("--talk", type=float, default=1.0, metavar="S", help="stay connected S seconds per call")
    parser.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the SIP password from stdin (kept for this run only)",
    )
    parser.add_argument(
        "--username",
        metavar="USER",
        help="answer challenges on the test call as USER (instead of the configured account's user)",
    )
    parser.add_argument(
        "--password-from-keyring",
        action="store_true",
        help="take the password of --username (or of the account) from the OS keyring only; never ask",
    )
    parser.set_defaults(handler=handle)


def _listen(args: argparse.Namespace) -> tuple[str, int]:
    text = args.listen or (DEFAULT_LISTEN if args.answer else "0.0.0.0:0")
    host, _, port = text.rpartition(":")
    if not host or not port.isdigit():
        raise ValueError(text)
    return ("" if host == "0.0.0.0" else host), int(port)


def _account(args: argparse.Namespace, cli: CliSession, *, required: bool) -> AccountSettings | None:
    """The account of ``--user``, or the only account configured; None when neither exists.

    With ``required`` false (a call to a full SIP URI), a missing database means no account, not a failure.
    """
    from sqlalchemy import func, select

    from db.engine import DatabaseMissingError

    if args.username:
        return _username_account(args)
    try:
        database = cli.context().database
    except DatabaseMissingError:
        if required:
            raise
        return None
    with database.session() as session:
        if args.user:
            return load_account_settings(session, login=args.user)
        if session.scalar(select(func.count()).select_from(SipAccountSettings)) != 1:
            return None
        login = session.scalar(select(User.login).join(SipAccountSettings, SipAccountSettings.user_id == User.id))
        return load_account_settings(session, login=login) if login else None


def _username_account(args: argparse.Namespace) -> AccountSettings:
    """A calls-only account for ``--username``: its domain is the called URI's host."""
    target = str(args.call or "")
    host = target.split("@", 1)[1] if "@" in target else target.split(":", 1)[-1]
    host = host.split(";", 1)[0].rstrip(">")
    return AccountSettings(registrar=host, user=args.username)


def _password(args: argparse.Namespace, cli: CliSession, account: AccountSettings) -> tuple[str | None, Message | None]:
    store = cli.credentials()
    found = lookup_password(store, account)
    if found.password is not None:
        return found.password, None
    if args.password_from_keyring:
        return None, found.message
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    elif sys.stdin.isatty():
        if found.message is not None:
            cli.say(found.message)
        password = getpass.getpass(f"SIP password for {account.keyring_account}: ")
    else:
        return None, found.message
    store_password(store, account, password, session_only=True)
    return password, None


def _print(cli: CliSession, step: Step) -> None:
    mark = {True: "ok", False: "FAILED", None: ".."}[step.ok]
    text = step.message.render(cli.args.lang)
    stream = cli.out if step.ok is not False else cli.err
    print(f"[{step.elapsed_ms:8.1f} ms] {mark:>6}  {text}", file=stream, flush=True)


def handle(args: argparse.Namespace, cli: CliSession) -> int:
    # pjsua2 loads only for this command, not for every ``agent-desk`` start.
    from agent_desk.softphone.diagnostics import PhoneTest, PhoneTestPlan
    from agent_desk.softphone.engine import Softphone
    from agent_desk.softphone.events import SoftphoneError

    if not (args.register or args.call or args.answer):
        return cli.fail(Message.of("softphone.test_nothing_to_do"))
    try:
        host, port = _listen(args)
    except ValueError:
        return cli.fail(Message.of("softphone.test_bad_listen", value=args.listen))
    uri_call = bool(args.call) and args.call.lower().startswith(("sip:", "sips:"))
    needs_account = bool(args.register or (args.call and not uri_call))
    account = _account(args, cli, required=needs_account) if (needs_account or args.call) else None
    if needs_account and account is None:
        return cli.fail(Message.of("softphone.test_no_account"))
    password = None
    if account is not None and account.registrar:
        password, why = _password(args, cli, account)
        if password is None and (needs_account or args.username):
            return cli.fail(why or Message.of("softphone.password_missing", account=account.keyring_account))
        if password is None:  # a call to a full URI still goes out; a challenge will say what is missing
            reason = why or Message.of("softphone.password_missing", account=account.keyring_account)
            cli.say(Message.of("softphone.test_no_credentials", account=account.keyring_account, why=reason))
    options = EngineOptions(listen_host=host, sip_port=port, media_timeout=0, pjsip_log_level=1)
    engine = Softphone(options)
    try:
        engine.start()
        if account is not None:
            engine.configure(account, password, register=bool(args.register))
        test = PhoneTest(
            engine,
            PhoneTestPlan(register=args.register, call=args.call, answer=args.count if args.answer else 0,
                          talk=args.talk, timeout=args.timeout),
        )  # fmt: skip
        while not test.done:
            engine.poll(5)
            for step in test.advance():
                _print(cli, step)
    except SoftphoneError as error:
        return cli.fail(error.message)
    finally:
        engine.shutdown()
    return 0 if test.passed else 1

"""Signing in with a password, changing it, an admin's reset (which forces a change), lockout and unlocking.

The password is checked outside any write transaction (argon2 takes a noticeable fraction of a second on
purpose); what the attempt changes — the failure count, the lock, the audit row — is written afterwards in one
short transaction, so a refused sign-in is recorded even though it raises.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math

from sqlalchemy import select
from sqlalchemy.orm import Session

from agent_desk.audit import record
from agent_desk.auth.actors import load_actor
from agent_desk.auth.passwords import (
    hash_password,
    needs_rehash,
    password_problems,
    policy,
    verify_password,
    waste_time_like_a_verification,
)
from agent_desk.auth.permissions import Actor, Permission, require
from agent_desk.clock import Clock
from agent_desk.errors import DeskError
from agent_desk.portfolio import UserSummary
from agent_desk.text import Message
from db.engine import Database
from db.models import Team, User, UserPassword


class SignInError(DeskError):
    """Sign-in refused; ``reason`` is ``wrong`` (unknown user or wrong password), ``locked``, ``inactive`` or
    ``not_demo`` (password-less sign-in asked for on a real account)."""

    def __init__(self, message: Message, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


class PasswordError(DeskError):
    """A new password refused; ``problems`` lists every rule it breaks."""

    def __init__(self, problems: list[Message]) -> None:
        super().__init__(Message.of("auth.password.refused", problems=problems))
        self.problems = problems


@dataclasses.dataclass(frozen=True)
class SignedIn:
    """Who signed in. With ``must_change`` the desk asks for a new password before anything else."""

    user: UserSummary
    actor: Actor
    must_change: bool


@dataclasses.dataclass(frozen=True)
class _Account:
    user: User
    team: str | None
    credential: UserPassword | None


def _account(session: Session, login: str, *, lock: bool = False) -> _Account | None:
    row = session.execute(
        select(User, Team.name).outerjoin(Team, Team.id == User.team_id).where(User.login == login.strip())
    ).one_or_none()
    if row is None:
        return None
    query = select(UserPassword).where(UserPassword.user_id == row[0].id)
    if lock:
        query = query.with_for_update()
    return _Account(row[0], row[1], session.scalars(query).one_or_none())


def _summary(account: _Account) -> UserSummary:
    user = account.user
    return UserSummary(user.id, user.login, user.display_name, user.role, account.team, user.language)


def _wrong() -> SignInError:
    return SignInError(Message.of("auth.sign_in.wrong"), "wrong")


def _locked(until: dt.datetime, now: dt.datetime) -> SignInError:
    minutes = max(1, math.ceil((until - now).total_seconds() / 60))
    return SignInError(Message.of("auth.sign_in.locked", minutes=minutes), "locked")


def sign_in(database: Database, clock: Clock, login: str, password: str) -> SignedIn:
    """Check ``login`` and ``password``; on success, who signed in (and whether they must change the password).

    Raises:
        SignInError: wrong user name or password (one message for both), a locked or an inactive account.
    """
    with database.session() as session:
        found = _account(session, login)
    stored = found.credential.password_hash if found and found.credential else None
    if stored is None:
        waste_time_like_a_verification(password)
        matches = False
    else:
        matches = verify_password(stored, password)
    with database.transaction(write=True) as session:
        now = clock.now()
        account = _account(session, login, lock=True)
        if account is None or account.credential is None:
            user_id = account.user.id if account else None
            reason = "unknown_login" if account is None else "no_password"
            record(
                session, now, user_id, "sign_in.failed", "user", user_id or login.strip()[:64], after={"why": reason}
            )
            failure: SignInError = _wrong()
        else:
            failure_or_done = _attempt(session, account, matches, password, now)
            if isinstance(failure_or_done, SignedIn):
                return failure_or_done
            failure = failure_or_done
    raise failure


def _attempt(
    session: Session, account: _Account, matches: bool, password: str, now: dt.datetime
) -> SignedIn | SignInError:
    user, credential = account.user, account.credential
    assert credential is not None
    rules = policy()
    if credential.locked_until is not None and credential.locked_until > now:
        record(session, now, user.id, "sign_in.refused", "user", user.id, after={"why": "locked"})
        return _locked(credential.locked_until, now)
    if not matches:
        credential.failed_attempts += 1
        if credential.failed_attempts >= rules.max_failures:
            credential.locked_until = now + dt.timedelta(minutes=rules.lock_minutes)
            failures, credential.failed_attempts = credential.failed_attempts, 0
            record(
                session,
                now,
                user.id,
                "sign_in.locked",
                "user",
                user.id,
                after={"failures": failures, "until": credential.locked_until.isoformat()},
            )
            return _locked(credential.locked_until, now)
        record(session, now, user.id, "sign_in.failed", "user", user.id, after={"why": "wrong_password"})
        return _wrong()
    if not user.active:
        record(session, now, user.id, "sign_in.refused", "user", user.id, after={"why": "inactive"})
        return SignInError(Message.of("auth.sign_in.inactive"), "inactive")
    credential.failed_attempts = 0
    credential.locked_until = None
    credential.last_sign_in_at = now
    if needs_rehash(credential.password_hash):
        credential.password_hash = hash_password(password)
    record(session, now, user.id, "sign_in.succeeded", "user", user.id, after={"must_change": credential.must_change})
    return _signed_in(session, account, credential.must_change)


def _signed_in(session: Session, account: _Account, must_change: bool) -> SignedIn:
    actor = load_actor(session, account.user.id)
    assert actor is not None
    return SignedIn(_summary(account), actor, must_change)


def sign_in_demo(database: Database, clock: Clock, login: str) -> SignedIn:
    """Sign in without a password (``--user LOGIN``, screenshots, tests): only a user who still has the published
    demo password of a demo database (``agent-desk demo-data``).

    Raises:
        SignInError: no such user, or a real account (``not_demo``).
    """
    with database.transaction(write=True) as session:
        now = clock.now()
        account = _account(session, login, lock=True)
        if account is None or account.credential is None or not account.credential.demo or not account.user.active:
            user_id = account.user.id if account else None
            record(
                session,
                now,
                user_id,
                "sign_in.refused",
                "user",
                user_id or login.strip()[:64],
                after={"why": "not_demo"},
            )
            failure = SignInError(Message.of("auth.sign_in.not_demo", login=login.strip()), "not_demo")
        else:
            account.credential.last_sign_in_at = now
            record(session, now, account.user.id, "sign_in.succeeded", "user", account.user.id, after={"via": "demo"})
            return _signed_in(session, account, False)
    raise failure


def is_demo_database(database: Database) -> bool:
    """Whether some user still has the demo password (the sign-in dialog then says what it is)."""
    with database.session() as session:
        return session.scalar(select(UserPassword.user_id).where(UserPassword.demo.is_(True)).limit(1)) is not None


def change_password(database: Database, clock: Clock, actor: Actor, current: str, new: str) -> None:
    """The signed-in user changes their own password (also the forced change after a reset).

    Raises:
        SignInError: ``current`` is not their password.
        PasswordError: ``new`` breaks a rule, or equals ``current``.
    """
    if actor.user_id is None:
        raise SignInError(Message.of("auth.sign_in.wrong"), "wrong")
    with database.session() as session:
        account = _account(session, actor.login)
    if account is None or account.credential is None or not verify_password(account.credential.password_hash, current):
        raise SignInError(Message.of("auth.password.current_wrong"), "wrong")
    problems = password_problems(new, login=account.user.login, display_name=account.user.display_name)
    if new == current:
        problems.append(Message.of("auth.password.same_as_before"))
    if problems:
        raise PasswordError(problems)
    new_hash = hash_password(new)
    with database.transaction(write=True) as session:
        now = clock.now()
        credential = session.get(UserPassword, actor.user_id, with_for_update=True)
        assert credential is not None
        was_forced = credential.must_change
        credential.password_hash = new_hash
        credential.must_change = False
        credential.demo = False
        credential.changed_at = now
        record(session, now, actor.user_id, "password.changed", "user", actor.user_id, after={"forced": was_forced})


def reset_password(
    database: Database, clock: Clock, actor: Actor, login: str, new: str, *, temporary: bool = True
) -> None:
    """An admin sets ``login``'s password (the first one, or a reset). With ``temporary`` (the default) the user must
    choose their own at the next sign-in. The account is unlocked.

    Raises:
        AccessDeniedError: the actor may not manage users.
        DeskError: no such user.
        PasswordError: ``new`` breaks a rule.
    """
    require(actor, Permission.USERS_MANAGE)
    with database.session() as session:
        account = _account(session, login)
    if account is None:
        raise DeskError(Message.of("auth.no_such_user", login=login.strip()))
    problems = password_problems(new, login=account.user.login, display_name=account.user.display_name)
    if problems:
        raise PasswordError(problems)
    new_hash = hash_password(new)
    with database.transaction(write=True) as session:
        now = clock.now()
        credential = session.get(UserPassword, account.user.id, with_for_update=True)
        action = "password.reset" if credential is not None else "password.set"
        if credential is None:
            credential = UserPassword(user_id=account.user.id, password_hash=new_hash, changed_at=now)
            session.add(credential)
        credential.password_hash = new_hash
        credential.must_change = temporary
        credential.demo = False
        credential.failed_attempts = 0
        credential.locked_until = None
        credential.changed_at = now
        record(session, now, actor.user_id, action, "user", account.user.id, after={"must_change": temporary})


def unlock(database: Database, clock: Clock, actor: Actor, login: str) -> bool:
    """An admin lifts a lockout before it runs out; False when the account was not locked."""
    require(actor, Permission.USERS_MANAGE)
    with database.transaction(write=True) as session:
        now = clock.now()
        account = _account(session, login, lock=True)
        if account is None:
            raise DeskError(Message.of("auth.no_such_user", login=login.strip()))
        credential = account.credential
        if credential is None or credential.locked_until is None or credential.locked_until <= now:
            return False
        credential.locked_until = None
        credential.failed_attempts = 0
        record(session, now, actor.user_id, "account.unlocked", "user", account.user.id)
        return True


def set_demo_passwords(session: Session, user_ids: list[int], now: dt.datetime) -> None:
    """Give demo users the published demo password (its hash is shipped in resources/auth/policy.toml)."""
    demo_hash = policy().demo_hash
    for user_id in user_ids:
        session.add(UserPassword(user_id=user_id, password_hash=demo_hash, demo=True, changed_at=now))

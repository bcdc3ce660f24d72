"""Password hashing (argon2id through argon2-cffi) and the rules a new password must meet.

Only the hash is ever stored: argon2id with a random salt per hash, its parameters written inside the hash
string (``$argon2id$v=19$m=…,t=…,p=…$salt$hash``), so parameters can be raised later and old hashes still
verify (and are rehashed at the next sign-in).
"""

from __future__ import annotations

import dataclasses
from functools import cache
from typing import TYPE_CHECKING

from agent_desk.resources import load_toml
from agent_desk.text import Message

if TYPE_CHECKING:
    from argon2 import PasswordHasher


@dataclasses.dataclass(frozen=True)
class SignInPolicy:
    min_length: int
    refused: frozenset[str]
    max_failures: int
    lock_minutes: int
    demo_password: str
    demo_hash: str


@cache
def policy() -> SignInPolicy:
    data = load_toml("auth", "policy.toml")
    return SignInPolicy(
        min_length=int(data["passwords"]["min_length"]),
        refused=frozenset(word.casefold() for word in data["passwords"]["refused"]),
        max_failures=int(data["lockout"]["max_failures"]),
        lock_minutes=int(data["lockout"]["lock_minutes"]),
        demo_password=str(data["demo"]["password"]),
        demo_hash=str(data["demo"]["hash"]),
    )


@cache
def hasher() -> PasswordHasher:
    from argon2 import PasswordHasher  # loaded at the first sign-in, not while the desk starts

    params = load_toml("auth", "policy.toml")["argon2"]
    return PasswordHasher(
        time_cost=int(params["time_cost"]),
        memory_cost=int(params["memory_kib"]),
        parallelism=int(params["parallelism"]),
    )


def hash_password(password: str) -> str:
    return hasher().hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """Whether ``password`` matches ``password_hash`` (a damaged or foreign hash matches nothing)."""
    from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

    try:
        return hasher().verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    from argon2.exceptions import InvalidHashError

    try:
        return hasher().check_needs_rehash(password_hash)
    except (InvalidHashError, ValueError):
        return True


@cache
def _decoy_hash() -> str:
    return hash_password("no user has this password: it only makes an unknown login take as long as a known one")


def waste_time_like_a_verification(password: str) -> None:
    """Spend what a real verification costs, so that an unknown login cannot be told apart by its speed."""
    verify_password(_decoy_hash(), password)


def password_problems(password: str, *, login: str, display_name: str = "") -> list[Message]:
    """What is wrong with ``password`` as a new password (empty: nothing)."""
    rules = policy()
    problems: list[Message] = []
    if len(password) < rules.min_length:
        problems.append(Message.of("auth.password.too_short", length=rules.min_length))
    if password != password.strip():
        problems.append(Message.of("auth.password.spaces_at_ends"))
    folded = password.casefold()
    names = {login.casefold(), display_name.casefold(), *display_name.casefold().split()}
    if folded in rules.refused or (folded and folded in {name for name in names if name}):
        problems.append(Message.of("auth.password.too_common"))
    elif len(set(folded)) < 4 and folded:
        problems.append(Message.of("auth.password.too_simple"))
    return problems

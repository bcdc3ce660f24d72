"""Password hashes and the rules for new passwords."""

from __future__ import annotations

import pytest

from agent_desk.auth.passwords import (
    hash_password,
    needs_rehash,
    password_problems,
    policy,
    verify_password,
)


@pytest.fixture(autouse=True)
def fast_hashes() -> None:
    """The shipped costs, here (the other team-mode tests use the lowest ones)."""


def test_a_hash_is_argon2id_salted_and_never_the_password() -> None:
    assert policy_hash_parameters() in hash_password("x" * 12)
    first, second = hash_password("kopi-tubruk-42"), hash_password("kopi-tubruk-42")
    assert first.startswith("$argon2id$")
    assert "kopi" not in first
    assert first != second  # a fresh salt each time
    assert verify_password(first, "kopi-tubruk-42") and verify_password(second, "kopi-tubruk-42")
    assert not verify_password(first, "kopi-tubruk-43")
    assert not needs_rehash(first)


def test_a_damaged_hash_matches_nothing_and_is_rehashed() -> None:
    assert not verify_password("not a hash", "anything")
    assert not verify_password(hash_password("x" * 12)[:-4], "x" * 12)
    assert needs_rehash("$argon2id$v=19$m=1024,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA")


def test_the_shipped_demo_hash_is_the_published_demo_password() -> None:
    rules = policy()
    assert verify_password(rules.demo_hash, rules.demo_password)


def test_new_passwords_must_follow_the_rules() -> None:
    codes = lambda password: [m.code for m in password_problems(password, login="dewi", display_name="Dewi Lestari")]  # noqa: E731
    assert codes("pendek") == ["auth.password.too_short"]
    assert codes("Password123") == ["auth.password.too_common"]
    assert codes("lestari") == ["auth.password.too_short", "auth.password.too_common"]
    assert codes("aaaaaaaaaaaa") == ["auth.password.too_simple"]
    assert codes(" kopi-tubruk-42") == ["auth.password.spaces_at_ends"]
    assert codes("kopi-tubruk-42") == []


def policy_hash_parameters() -> str:
    from agent_desk.resources import load_toml

    costs = load_toml("auth", "policy.toml")["argon2"]
    return f"$m={costs['memory_kib']},t={costs['time_cost']},p={costs['parallelism']}$"

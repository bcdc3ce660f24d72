"""Fixtures of the team-mode tests: the worklist tests' migrated databases (SQLite, and PostgreSQL for
``any_database``), and a few users with passwords."""

from __future__ import annotations

import dataclasses

import pytest
from argon2 import PasswordHasher

from agent_desk.auth import passwords
from agent_desk.auth.accounts import reset_password
from agent_desk.auth.permissions import Actor
from agent_desk.clock import FrozenClock
from db.engine import Database
from db.models import Role, User
from tests.worklist.conftest import any_database, database, postgres_template, sqlite_template  # noqa: F401
from tests.worklist.factories import NOW, team

PASSWORD = "kopi-tubruk-42"
FAST = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


@dataclasses.dataclass
class Staff:
    database: Database
    clock: FrozenClock
    ids: dict[str, int]


def add_users(db: Database, clock: FrozenClock) -> dict[str, int]:
    """An admin, a supervisor of team A, agents in teams A and B, a trainer; every one with PASSWORD."""
    ids: dict[str, int] = {}
    with db.transaction(write=True) as session:
        team_a, team_b = team(session, "Team A"), team(session, "Team B")
        for login, role, team_row in (
            ("admin", Role.ADMIN, None),
            ("spv.a", Role.SUPERVISOR, team_a),
            ("agent.a", Role.AGENT, team_a),
            ("agent.b", Role.AGENT, team_b),
            ("trainer", Role.TRAINER, None),
        ):
            user = User(
                login=login,
                display_name=login.title(),
                role=role,
                team_id=team_row.id if team_row else None,
                created_at=NOW,
            )
            session.add(user)
            session.flush()
            ids[login] = user.id
        ids["team_a"], ids["team_b"] = team_a.id, team_b.id
    for login in ("admin", "spv.a", "agent.a", "agent.b", "trainer"):
        reset_password(db, clock, Actor.system(), login, PASSWORD, temporary=False)
    return ids


@pytest.fixture(autouse=True)
def fast_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """argon2id with the lowest costs: the rules under test are ours, and the shipped costs (about half a second
    per hash on a busy test machine) would make these tests take minutes. test_passwords checks the shipped ones."""
    monkeypatch.setattr(passwords, "hasher", lambda: FAST)


@pytest.fixture
def staff(database: Database) -> Staff:  # noqa: F811 - the fixture imported above
    clock = FrozenClock(NOW)
    return Staff(database, clock, add_users(database, clock))

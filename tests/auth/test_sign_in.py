"""Sign-in with passwords: wrong password, lockout, an admin's reset forcing a change, the demo's one-line
sign-in — each leaving its audit row."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select

from agent_desk.auth.accounts import (
    PasswordError,
    SignInError,
    change_password,
    reset_password,
    set_demo_passwords,
    sign_in,
    sign_in_demo,
    unlock,
)
from agent_desk.auth.permissions import AccessDeniedError, Actor
from agent_desk.text import render
from db.models import AuditEvent, User, UserPassword
from tests.auth.conftest import PASSWORD, Staff, add_users
from tests.worklist.factories import NOW


def _audit(staff: Staff) -> list[tuple[str, int | None, str | None, dict | None]]:
    with staff.database.session() as session:
        rows = session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
        return [(row.action, row.user_id, row.entity_id, row.after) for row in rows]


def test_the_right_password_signs_in_and_is_audited(staff: Staff) -> None:
    signed = sign_in(staff.database, staff.clock, "agent.a", PASSWORD)
    assert signed.user.login == "agent.a" and not signed.must_change
    assert signed.actor.team_ids == {staff.ids["team_a"]}
    assert _audit(staff)[-1] == (
        "sign_in.succeeded",
        staff.ids["agent.a"],
        str(staff.ids["agent.a"]),
        {"must_change": False},
    )


def test_a_wrong_password_and_an_unknown_user_get_the_same_answer(staff: Staff) -> None:
    with pytest.raises(SignInError) as wrong:
        sign_in(staff.database, staff.clock, "agent.a", "kopi-tubruk-43")
    with pytest.raises(SignInError) as unknown:
        sign_in(staff.database, staff.clock, "nobody", PASSWORD)
    assert wrong.value.message == unknown.value.message
    assert "Wrong user name or password" in render(wrong.value.message, "en")
    assert "kata sandi salah" in render(wrong.value.message, "id")
    trail = _audit(staff)[-2:]
    assert trail[0] == ("sign_in.failed", staff.ids["agent.a"], str(staff.ids["agent.a"]), {"why": "wrong_password"})
    assert trail[1] == ("sign_in.failed", None, "nobody", {"why": "unknown_login"})


def test_five_wrong_passwords_lock_the_account_until_the_time_runs_out(staff: Staff) -> None:
    for _ in range(4):
        with pytest.raises(SignInError) as error:
            sign_in(staff.database, staff.clock, "agent.a", "wrong-password-1")
        assert error.value.reason == "wrong"
    with pytest.raises(SignInError) as locked:
        sign_in(staff.database, staff.clock, "agent.a", "wrong-password-1")
    assert locked.value.reason == "locked"
    assert "locked" in render(locked.value.message) and "15 min" in render(locked.value.message)
    action, user_id, _, after = _audit(staff)[-1]
    assert (action, user_id) == ("sign_in.locked", staff.ids["agent.a"])
    assert after == {"failures": 5, "until": (NOW + dt.timedelta(minutes=15)).isoformat()}

    staff.clock.advance(dt.timedelta(minutes=10))
    with pytest.raises(SignInError) as still:  # even the right password, while locked
        sign_in(staff.database, staff.clock, "agent.a", PASSWORD)
    assert still.value.reason == "locked" and "5 min" in render(still.value.message)
    assert _audit(staff)[-1][0] == "sign_in.refused"
    sign_in(staff.database, staff.clock, "agent.b", PASSWORD)  # others are not affected

    staff.clock.advance(dt.timedelta(minutes=5))
    assert sign_in(staff.database, staff.clock, "agent.a", PASSWORD).user.login == "agent.a"
    with staff.database.session() as session:
        credential = session.get(UserPassword, staff.ids["agent.a"])
        assert credential is not None and credential.failed_attempts == 0 and credential.locked_until is None


def test_an_admin_unlocks_a_locked_account(staff: Staff) -> None:
    for _ in range(5):
        with pytest.raises(SignInError):
            sign_in(staff.database, staff.clock, "agent.a", "wrong-password-1")
    admin = sign_in(staff.database, staff.clock, "admin", PASSWORD).actor
    agent = sign_in(staff.database, staff.clock, "agent.b", PASSWORD).actor
    with pytest.raises(AccessDeniedError):
        unlock(staff.database, staff.clock, agent, "agent.a")
    assert unlock(staff.database, staff.clock, admin, "agent.a")
    assert not unlock(staff.database, staff.clock, admin, "agent.a")
    assert sign_in(staff.database, staff.clock, "agent.a", PASSWORD)
    assert ("account.unlocked", staff.ids["admin"], str(staff.ids["agent.a"]), None) in _audit(staff)


def test_a_reset_forces_a_change_at_the_next_sign_in(staff: Staff) -> None:
    admin = sign_in(staff.database, staff.clock, "admin", PASSWORD).actor
    reset_password(staff.database, staff.clock, admin, "agent.a", "sementara-2026")
    with pytest.raises(SignInError):
        sign_in(staff.database, staff.clock, "agent.a", PASSWORD)  # the old one is gone
    signed = sign_in(staff.database, staff.clock, "agent.a", "sementara-2026")
    assert signed.must_change
    with pytest.raises(PasswordError) as same:
        change_password(staff.database, staff.clock, signed.actor, "sementara-2026", "sementara-2026")
    assert [m.code for m in same.value.problems] == ["auth.password.same_as_before"]
    with pytest.raises(PasswordError) as short:
        change_password(staff.database, staff.clock, signed.actor, "sementara-2026", "pendek")
    assert "at least 10 characters" in render(short.value.message)
    with pytest.raises(SignInError):
        change_password(staff.database, staff.clock, signed.actor, "not-the-current", "teh-manis-dingin")
    change_password(staff.database, staff.clock, signed.actor, "sementara-2026", "teh-manis-dingin")
    again = sign_in(staff.database, staff.clock, "agent.a", "teh-manis-dingin")
    assert not again.must_change
    actions = [row[0] for row in _audit(staff)]
    assert actions.count("password.reset") == 1 and actions[-2] == "password.changed"
    assert _audit(staff)[-2][3] == {"forced": True}


def test_only_admins_reset_passwords(staff: Staff) -> None:
    for login in ("spv.a", "agent.a", "trainer"):
        actor = sign_in(staff.database, staff.clock, login, PASSWORD).actor
        with pytest.raises(AccessDeniedError) as refused:
            reset_password(staff.database, staff.clock, actor, "agent.b", "teh-manis-dingin")
        assert refused.value.message.code == "auth.denied.role"
    assert sign_in(staff.database, staff.clock, "agent.b", PASSWORD)


def test_no_password_or_hash_ever_reaches_the_audit_trail(staff: Staff) -> None:
    admin = sign_in(staff.database, staff.clock, "admin", PASSWORD).actor
    reset_password(staff.database, staff.clock, admin, "agent.a", "sementara-2026")
    signed = sign_in(staff.database, staff.clock, "agent.a", "sementara-2026")
    change_password(staff.database, staff.clock, signed.actor, "sementara-2026", "teh-manis-dingin")
    with pytest.raises(SignInError):
        sign_in(staff.database, staff.clock, "agent.a", "salah-ketik-123")
    dumped = json.dumps(_audit(staff))
    for secret in (PASSWORD, "sementara", "teh-manis", "salah-ketik", "$argon2"):
        assert secret not in dumped


def test_an_inactive_user_cannot_sign_in(staff: Staff) -> None:
    with staff.database.transaction(write=True) as session:
        user = session.get(User, staff.ids["agent.a"])
        assert user is not None
        user.active = False
    with pytest.raises(SignInError) as refused:
        sign_in(staff.database, staff.clock, "agent.a", PASSWORD)
    assert refused.value.reason == "inactive"


def test_password_less_sign_in_is_only_for_demo_users(staff: Staff) -> None:
    with pytest.raises(SignInError) as real:
        sign_in_demo(staff.database, staff.clock, "agent.a")
    assert real.value.reason == "not_demo" and "--user agent.a" in render(real.value.message)
    with staff.database.transaction(write=True) as session:
        user = User(login="demo.agent", display_name="Demo", role=agent_role(), created_at=NOW)
        session.add(user)
        session.flush()
        set_demo_passwords(session, [user.id], NOW)
    signed = sign_in_demo(staff.database, staff.clock, "demo.agent")
    assert signed.user.login == "demo.agent"
    assert sign_in(staff.database, staff.clock, "demo.agent", "demo").user.login == "demo.agent"
    change_password(staff.database, staff.clock, signed.actor, "demo", "teh-manis-dingin")
    with pytest.raises(SignInError):  # a demo user who chose a real password is a real account now
        sign_in_demo(staff.database, staff.clock, "demo.agent")


def agent_role():  # type: ignore[no-untyped-def]
    from db.models import Role

    return Role.AGENT


@pytest.mark.postgres
def test_lockout_on_postgresql(any_database) -> None:  # type: ignore[no-untyped-def]
    from agent_desk.clock import FrozenClock

    clock = FrozenClock(NOW)
    add_users(any_database, clock)
    for _ in range(5):
        with pytest.raises(SignInError):
            sign_in(any_database, clock, "agent.a", "wrong-password-1")
    with pytest.raises(SignInError) as locked:
        sign_in(any_database, clock, "agent.a", PASSWORD)
    assert locked.value.reason == "locked"
    admin = sign_in(any_database, clock, "admin", PASSWORD).actor
    assert unlock(any_database, clock, admin, "agent.a")
    assert sign_in(any_database, clock, "agent.a", PASSWORD).actor == Actor(
        sign_in(any_database, clock, "agent.a", PASSWORD).user.id,
        "agent.a",
        agent_role(),
        frozenset({_team(any_database)}),
    )


def _team(database) -> int:  # type: ignore[no-untyped-def]
    from db.models import Team

    with database.session() as session:
        return int(session.scalar(select(Team.id).where(Team.name == "Team A")))

"""The audit trail: append-only on SQLite and PostgreSQL (triggers; on PostgreSQL also the desks' role's rights),
a row for each audited action, and ``agent-desk audit list`` with its filters."""

from __future__ import annotations

import datetime as dt
import io
import uuid

import psycopg
import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DatabaseError

from agent_desk.audit.grants import grant_statements
from agent_desk.auth.accounts import sign_in
from agent_desk.cli.main import parse_arguments, run
from agent_desk.context import open_context
from agent_desk.demo import generate_portfolio
from agent_desk.scheduling.outcomes import OutcomeDraft, save_outcome
from agent_desk.worklist import check_before_dial, next_for, rebuild_worklist
from db.engine import Database
from db.models import AuditEvent, User
from tests.worklist.factories import NOW


def _count(database: Database) -> int:
    with database.session() as session:
        return int(session.scalar(select(func.count()).select_from(AuditEvent)) or 0)


def test_the_trail_refuses_update_and_delete(any_database: Database) -> None:
    with any_database.transaction(write=True) as session:
        session.add(AuditEvent(at=NOW, action="test.kept", entity="test", after={"n": 1}))
    for statement in (
        "UPDATE audit_events SET action = 'test.forged'",
        "DELETE FROM audit_events",
        "UPDATE audit_events SET after = NULL WHERE action = 'test.kept'",
    ):
        with pytest.raises(DatabaseError, match="append-only"), any_database.engine.begin() as connection:
            connection.execute(text(statement))
    with any_database.session() as session:
        rows = session.scalars(select(AuditEvent)).all()
        assert [(row.action, row.after) for row in rows] == [("test.kept", {"n": 1})]


@pytest.mark.postgres
def test_on_postgresql_the_desks_role_may_only_read_and_insert(postgres_server, postgres_url: str) -> None:  # type: ignore[no-untyped-def]
    owner = open_context(postgres_url)
    role = f"desk_{uuid.uuid4().hex[:8]}"
    database_name = postgres_url.rsplit("/", 1)[1]
    with owner.database.engine.begin() as connection:
        connection.execute(text(f'CREATE ROLE "{role}" LOGIN'))
    with pytest.raises(DatabaseError, match="append-only"), owner.database.engine.begin() as connection:
        connection.execute(text("TRUNCATE audit_events"))  # even the owner is stopped by the trigger
    with owner.database.engine.begin() as connection:
        for statement in grant_statements(role):
            connection.execute(text(statement))
    owner.close()
    desk = psycopg.connect(
        host="127.0.0.1", port=postgres_server.port, user=role, dbname=database_name, autocommit=True
    )
    with desk:
        desk.execute("INSERT INTO audit_events (at, action, entity) VALUES (now(), 'test.desk', 'test')")
        assert desk.execute("SELECT count(*) FROM audit_events").fetchone() == (1,)
        desk.execute("UPDATE customers SET full_name = full_name WHERE false")  # other tables: read and write
        for statement in (
            "UPDATE audit_events SET action = 'test.forged'",
            "DELETE FROM audit_events",
            "TRUNCATE audit_events",
            "ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_change",
            "DROP TRIGGER audit_events_no_change ON audit_events",
            "DROP TABLE audit_events",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                desk.execute(statement)
        assert desk.execute("SELECT action FROM audit_events").fetchall() == [("test.desk",)]


def _cli(url: str, *argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(parse_arguments(["--db", url, *argv]), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


@pytest.mark.slow
def test_each_audited_action_writes_its_row_and_audit_list_finds_it(tmp_path) -> None:  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path / 'book.sqlite3'}"
    context = open_context(url, NOW.isoformat())
    generate_portfolio(context.database, accounts=60, seed=5, now=NOW)
    rebuild_worklist(context.database, context.clock)
    database, clock = context.database, context.clock
    assert _count(database) == 0

    signed = sign_in(database, clock, "agent01", "demo")
    lease = next_for(database, clock, signed.user.id)
    assert lease is not None and lease.number_id is not None
    dialed = check_before_dial(database, clock, signed.user.id, lease.customer_id, lease.number_id)
    assert dialed.allowed
    saved = save_outcome(
        database,
        clock,
        OutcomeDraft(
            str(uuid.uuid4()),
            lease.customer_id,
            signed.user.id,
            "no_answer",
            notes="tidak diangkat",
            interaction_id=dialed.interaction_id,
        ),
    )
    customer = str(lease.customer_id)
    context.close()
    assert _cli(url, "--at", NOW.isoformat(), "queue", "--format", "csv")[0] == 0
    assert _cli(url, "--at", NOW.isoformat(), "worklist", "policy", "us_reg_f")[0] == 0

    code, out, err = _cli(url, "audit", "list", "--customer", customer)
    assert code == 0, err
    lines = out.splitlines()
    assert [line.split("  ")[2] for line in lines] == [
        "lease.taken",
        "customer.viewed",
        "lease.renewed",
        "lease.released",
        "outcome.saved",
    ]
    assert all(line.split("  ")[1] == "agent01" for line in lines)
    assert f'"outcome": {saved.outcome_id}' in lines[4]

    code, out, _ = _cli(url, "audit", "list", "--user", "agent01")
    assert out.splitlines()[0].split("  ")[2] == "sign_in.succeeded"
    code, out, _ = _cli(url, "audit", "list")
    actions = [line.split("  ")[2] for line in out.splitlines()]
    assert {"sign_in.succeeded", "customer.viewed", "outcome.saved", "queue.exported", "policy.changed"} <= set(actions)
    later = (NOW + dt.timedelta(hours=1)).isoformat()
    code, out, err = _cli(url, "audit", "list", "--from", later)
    assert code == 0 and out == "" and "no audit rows" in err
    code, out, _ = _cli(url, "audit", "list", "--format", "csv", "--customer", customer)
    assert out.splitlines()[0] == "at,user,action,entity,entity_id,before,after" and len(out.splitlines()) == 6


def test_audit_list_refuses_an_agent_and_limits_a_supervisor_to_their_teams(tmp_path) -> None:  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path / 'book.sqlite3'}"
    context = open_context(url, NOW.isoformat())
    generate_portfolio(context.database, accounts=30, seed=5, now=NOW)
    with context.database.session() as session:
        teams = dict(session.execute(select(User.login, User.team_id)).all())
    for login in ("agent01", "agent02", "agent03", "rina.spv"):
        sign_in(context.database, context.clock, login, "demo")
    context.close()
    code, _, err = _cli(url, "audit", "list", "--as", "agent01")
    assert code == 1 and "may not read the audit trail" in err
    code, out, _ = _cli(url, "audit", "list", "--as", "rina.spv")
    seen = {line.split("  ")[1] for line in out.splitlines()}
    assert seen == {
        login for login in ("agent01", "agent02", "agent03", "rina.spv") if teams[login] == teams["rina.spv"]
    }

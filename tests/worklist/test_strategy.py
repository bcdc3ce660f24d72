"""Strategy in the database: seeding, the policy pack in force, assignment to agents and teams; and the message
catalogs covering every message the engine makes."""

from __future__ import annotations

import io
import re
from contextlib import redirect_stdout
from pathlib import Path

from sqlalchemy import select

from agent_desk.cli.main import main
from agent_desk.text import catalog
from agent_desk.worklist import assign_customers, list_queue, next_for, rebuild_worklist
from agent_desk.worklist.facts import consent_hours
from agent_desk.worklist.settings import forget_settings, settings_for
from db.engine import Database
from db.models import StrategySetting, StrategyStage, WorklistEntry
from tests.worklist import factories as f

ROOT = Path(__file__).resolve().parents[2]


def test_settings_are_seeded_once_and_edits_are_kept(database: Database) -> None:
    clock = f.prepare(database)
    with database.transaction(write=True) as session:
        stage = session.get(StrategyStage, "dpd_1_30")
        assert stage is not None and stage.max_attempts_per_day == 3
        stage.max_attempts_per_day = 1
    forget_settings(database)
    settings = settings_for(database, clock)
    assert [s.code for s in settings.stages] == ["pre_due", "dpd_1_30", "dpd_31_60", "dpd_61_90", "dpd_90_plus"]
    assert settings.stage("dpd_1_30").max_attempts_per_day == 1  # type: ignore[union-attr]
    assert settings.stage_for(45).code == "dpd_31_60"  # type: ignore[union-attr]
    assert settings.stage_for(-7).code == "pre_due" and settings.stage_for(-8) is None  # type: ignore[union-attr]
    assert settings.policy.code == "id_ojk" and settings.lease_minutes == 15


def test_the_policy_pack_can_be_switched_from_the_command_line(database: Database) -> None:
    f.prepare(database)
    url = database.url.render_as_string()
    out = io.StringIO()
    with redirect_stdout(out):
        assert main(["--db", url, "worklist", "policy"]) == 0
        assert main(["--db", url, "worklist", "policy", "us_reg_f"]) == 0
    assert out.getvalue().splitlines() == [
        "Policy in force: Indonesia — OJK (id_ojk)",
        "Policy in force: United States — Regulation F (us_reg_f)",
    ]
    with database.session() as session:
        stored = session.get(StrategySetting, "policy")
        assert stored is not None and stored.value["pack"] == "us_reg_f"


def test_assigning_customers_moves_them_between_queues_at_once(database: Database) -> None:
    clock = f.prepare(database)
    with database.transaction(write=True) as session:
        one, two = f.team(session), f.team(session)
        a, b = f.agent(session, team_row=one), f.agent(session, team_row=two)
        customers = []
        for _ in range(3):
            customer = f.customer(session, team_row=one)
            f.number(session, customer)
            f.account(session, customer)
            customers.append(customer.id)
        ids = (a.id, b.id, two.id)
        logins = (a.login, b.login)
    rebuild_worklist(database, clock)
    assert next_for(database, clock, ids[1]) is None
    assert assign_customers(database, clock, customers[:2], team_id=ids[2]) == 2
    assert assign_customers(database, clock, customers[2:], user_id=ids[1], team_id=ids[2]) == 1
    with database.session() as session:
        rows = session.execute(
            select(WorklistEntry.customer_id, WorklistEntry.assigned_user_id, WorklistEntry.assigned_team_id).order_by(
                WorklistEntry.customer_id
            )
        ).all()
    assert [tuple(row) for row in rows] == [
        (customers[0], None, ids[2]),
        (customers[1], None, ids[2]),
        (customers[2], ids[1], ids[2]),
    ]
    leased = {lease.customer_id for lease in (next_for(database, clock, ids[1]) for _ in range(4)) if lease}
    assert leased == set(customers)
    assert next_for(database, clock, ids[0]) is None
    rows = list_queue(database, clock)
    assert [row.customer_id for row in rows] == customers  # still callable, and shown as being worked
    assert {row.leased_by for row in rows} == {logins[1]}


def test_every_message_the_engine_makes_has_english_and_indonesian_text() -> None:
    codes: set[str] = set()
    for folder in ("compliance", "worklist", "scheduling", "cli"):
        for path in (ROOT / "agent_desk" / folder).glob("*.py"):
            codes.update(re.findall(r'Message\.of\(\s*"([a-z_.]+)"', path.read_text()))
    for pack in (ROOT / "resources" / "policies").glob("*.toml"):
        codes.update(re.findall(r'days_label = "([a-z_.]+)"', pack.read_text()))
    codes |= {"schedule.stage_day_limit", "schedule.stage_week_limit"}
    assert len(codes) > 80
    for language in ("en", "id"):
        missing = sorted(code for code in codes if code not in catalog(language))
        assert not missing, (language, missing)
    for prefix in ("action.", "flag.", "owner.", "invalid.", "bucket.", "disposition."):
        english = {code for code in catalog("en") if code.startswith(prefix)}
        assert english and english <= set(catalog("id")), prefix


def test_consent_hours_in_either_form_and_unreadable_ones_open_nothing() -> None:
    assert consent_hours({"hours": ["19:00", "21:30"]}) == (1140, 1290)
    assert consent_hours({"from": "06:30", "until": "21:30"}) == (390, 1290)
    assert consent_hours({}) is None  # a consent without hours: any time (within the policy's consent rules)
    assert consent_hours({"from": "late", "until": "later"}) == (0, 0)  # opens nothing

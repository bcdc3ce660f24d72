"""Leases: who gets whom, re-checking at lease time, renew/skip/release, the dial check and its caps."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from sqlalchemy import func, select

from agent_desk.auth import AccessDeniedError
from agent_desk.worklist import (
    LeaseError,
    check_before_dial,
    load_profile,
    next_for,
    queue_page,
    rebuild_worklist,
    record_call_result,
    release_lease,
    renew_lease,
    skip_customer,
)
from db.engine import Database
from db.models import AccountStatus, AuditEvent, ContactOwner, Customer, FlagKind, Interaction, WorklistEntry
from tests.worklist import factories as f
from tests.worklist.factories import NOW, WIB, WIT, WITA, Book


@pytest.fixture
def database(any_database: Database) -> Database:
    """These tests run on SQLite and on PostgreSQL."""
    return any_database


@pytest.fixture
def floor(database: Database) -> Book:
    """Two teams; agent A (team 1) has a personal customer; team 1 has a pool; team 2 has its own."""
    clock = f.prepare(database)
    with database.transaction(write=True) as session:
        one, two = f.team(session), f.team(session)
        a, b, c = f.agent(session, team_row=one), f.agent(session, team_row=one), f.agent(session, team_row=two)
        mine = f.customer(session, zone=WIB, user=a, team_row=one, name="Mine")
        pool_big = f.customer(session, zone=WITA, team_row=one, name="Pool big")
        pool_small = f.customer(session, zone=WIT, team_row=one, name="Pool small")
        theirs = f.customer(session, zone=WIB, team_row=two, name="Team two")
        nobody = f.customer(session, zone=WIB, name="Unassigned")
        for customer, arrears in (
            (mine, "800000"),
            (pool_big, "90000000"),
            (pool_small, "300000"),
            (theirs, "90000000"),
            (nobody, "90000000"),
        ):
            f.number(session, customer, primary=True)
            f.account(session, customer, arrears=arrears, outstanding="99000000")
        ids = {
            "a": a.id,
            "b": b.id,
            "c": c.id,
            "mine": mine.id,
            "pool_big": pool_big.id,
            "pool_small": pool_small.id,
            "theirs": theirs.id,
            "nobody": nobody.id,
        }
    rebuild_worklist(database, clock)
    return clock, ids


def test_each_agent_gets_only_their_own_or_their_teams_customers_best_first(database: Database, floor: Book) -> None:
    clock, ids = floor
    got_a = [next_for(database, clock, ids["a"]) for _ in range(4)]
    assert [lease.customer_id if lease else None for lease in got_a] == [
        ids["pool_big"],
        ids["mine"],
        ids["pool_small"],
        None,
    ]
    assert next_for(database, clock, ids["b"]) is None  # everything of team one is held by A
    got_c = next_for(database, clock, ids["c"])
    assert got_c is not None and got_c.customer_id == ids["theirs"]
    assert next_for(database, clock, ids["c"]) is None  # the unassigned customer is nobody's
    lease = got_a[0]
    assert lease is not None
    assert lease.until == NOW + dt.timedelta(minutes=15)
    assert lease.explanations and lease.number_id is not None and lease.purpose == "collect"


def test_the_stored_queue_pages_an_agents_customers_best_first(database: Database, floor: Book) -> None:
    _clock, ids = floor
    page = queue_page(database, ids["a"], limit=2)
    assert [row.customer_id for row in page] == [ids["pool_big"], ids["mine"]]
    assert [row.customer_id for row in queue_page(database, ids["a"], limit=2, offset=2)] == [ids["pool_small"]]
    assert [row.customer_id for row in queue_page(database, ids["c"])] == [ids["theirs"]]
    assert (
        page[0].allowed
        and page[0].reasons == ()
        and set(page[0].parts) == {"recovery", "urgency", "reachability", "pressure"}
    )


def test_a_customer_blocked_since_the_last_build_is_rechecked_and_passed_over(database: Database, floor: Book) -> None:
    clock, ids = floor
    with database.transaction(write=True) as session:
        customer = session.get(WorklistEntry, ids["pool_big"])
        assert customer is not None and customer.allowed
        row = session.get(Customer, ids["pool_big"])
        assert row is not None
        f.flag(session, row, FlagKind.CEASE_CONTACT)  # set elsewhere, the worklist not told
    lease = next_for(database, clock, ids["b"])
    assert lease is not None and lease.customer_id == ids["pool_small"]  # best allowed after the re-check
    with database.session() as session:
        entry = session.get(WorklistEntry, ids["pool_big"])
        assert entry is not None and not entry.allowed and entry.ready_at is None
        assert entry.reasons[0]["code"] == "compliance.customer_flag"


def test_windows_are_rechecked_at_lease_time(database: Database, floor: Book) -> None:
    clock, ids = floor
    clock.set(dt.datetime(2026, 11, 24, 12, 30, tzinfo=dt.UTC))  # 19:30 WIB, 20:30 WITA, 21:30 WIT
    lease = next_for(database, clock, ids["a"])
    assert lease is not None and lease.customer_id == ids["mine"]
    assert next_for(database, clock, ids["a"]) is None


def test_lapsed_leases_free_the_customer_and_renewing_a_taken_one_fails(database: Database, floor: Book) -> None:
    clock, ids = floor
    lease = next_for(database, clock, ids["a"])
    assert lease is not None
    clock.advance(dt.timedelta(minutes=10))
    assert renew_lease(database, clock, ids["a"], lease.customer_id) == NOW + dt.timedelta(minutes=25)
    clock.advance(dt.timedelta(minutes=26))  # the app died: nobody renewed
    other = next_for(database, clock, ids["b"])
    assert other is not None and other.customer_id == lease.customer_id
    with pytest.raises(LeaseError, match="Being worked by"):
        renew_lease(database, clock, ids["a"], lease.customer_id)
    assert release_lease(database, clock, ids["b"], lease.customer_id)
    assert not release_lease(database, clock, ids["b"], lease.customer_id)


def test_skip_needs_a_reason_and_keeps_the_customer_away_for_a_while(database: Database, floor: Book) -> None:
    clock, ids = floor
    lease = next_for(database, clock, ids["b"])
    assert lease is not None and lease.customer_id == ids["pool_big"]
    with pytest.raises(LeaseError, match="reason"):
        skip_customer(database, clock, ids["b"], lease.customer_id, " ")
    skip_customer(database, clock, ids["b"], lease.customer_id, "customer_in_hospital", "asked by family")
    again = next_for(database, clock, ids["b"])
    assert again is not None and again.customer_id == ids["pool_small"]
    clock.advance(dt.timedelta(minutes=61))
    later = next_for(database, clock, ids["b"])
    assert later is not None and later.customer_id == ids["pool_big"]
    with database.session() as session:
        actions = session.scalars(
            select(AuditEvent.action).where(AuditEvent.entity_id == str(ids["pool_big"])).order_by(AuditEvent.id)
        ).all()
    assert actions == ["lease.taken", "customer.viewed", "lease.skipped", "lease.taken", "customer.viewed"]


def test_dial_check_records_the_attempt_and_enforces_caps_and_holders(database: Database, floor: Book) -> None:
    clock, ids = floor
    lease = next_for(database, clock, ids["a"])
    assert lease is not None and lease.number_id is not None
    customer, number = lease.customer_id, lease.number_id
    held = check_before_dial(database, clock, ids["b"], customer, number)
    assert not held.allowed and "Being worked by" in str(held.reasons[0])
    for minute in range(3):
        clock.set(NOW + dt.timedelta(minutes=minute))
        check = check_before_dial(database, clock, ids["a"], customer, number)
        assert check.allowed and check.interaction_id is not None and check.e164
    clock.set(NOW + dt.timedelta(minutes=5))
    capped = check_before_dial(database, clock, ids["a"], customer, number)
    assert not capped.allowed
    assert "limit 3 a day" in str(capped.reasons[0])
    assert capped.next_allowed_at is not None and capped.next_allowed_at > clock.now()
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(Interaction)) == 3
    record_call_result(
        database,
        check.interaction_id,
        sip_call_id="abc@pbx",
        sip_code=200,  # type: ignore[arg-type]
        answered_at=NOW + dt.timedelta(seconds=10),
        ended_at=NOW + dt.timedelta(seconds=70),
    )
    with database.session() as session:
        row = session.get(Interaction, check.interaction_id)
        assert row is not None and (row.sip_code, row.talk_seconds) == (200, 60)


def test_dial_check_refuses_a_number_of_someone_else_or_outside_hours(database: Database, floor: Book) -> None:
    clock, ids = floor
    with database.transaction(write=True) as session:
        mine = session.get(Customer, ids["mine"])
        assert mine is not None
        spouse = f.number(session, mine, owner=ContactOwner.SPOUSE).id
    refused = check_before_dial(database, clock, ids["a"], ids["mine"], spouse)
    assert refused.allowed and refused.purpose is not None and refused.purpose.value == "locate"
    clock.set(dt.datetime(2026, 11, 24, 14, 0, tzinfo=dt.UTC))  # 21:00 WIB
    late = check_before_dial(database, clock, ids["a"], ids["mine"], spouse)
    assert not late.allowed and str(late.reasons[0]) == "Tuesday 21:00 WIB: outside 08:00–20:00"
    other = check_before_dial(database, clock, ids["c"], ids["theirs"], spouse)
    assert not other.allowed and "not one of this customer's" in str(other.reasons[0])
    with pytest.raises(AccessDeniedError):  # another team's customer: refused before any rule is looked at
        check_before_dial(database, clock, ids["a"], ids["theirs"], spouse)


def test_locate_calls_only_when_the_debtor_has_no_usable_number(database: Database) -> None:
    clock = f.prepare(database)
    with database.transaction(write=True) as session:
        team = f.team(session)
        agent = f.agent(session, team_row=team)
        customer = f.customer(session, team_row=team)
        f.number(session, customer, dialable=False)
        f.number(session, customer, owner=ContactOwner.EMERGENCY_CONTACT)
        f.account(session, customer)
        ids = (agent.id, customer.id)
    rebuild_worklist(database, clock)
    lease = next_for(database, clock, ids[0])
    assert lease is not None and lease.purpose == "locate"
    assert any("Locate-only call" in str(note) for note in lease.notes)


def test_settled_or_recalled_accounts_are_not_worked(database: Database) -> None:
    clock = f.prepare(database)
    with database.transaction(write=True) as session:
        team = f.team(session)
        agent = f.agent(session, team_row=team)
        for status in (AccountStatus.SETTLED, AccountStatus.RECALLED, AccountStatus.LEGAL):
            customer = f.customer(session, team_row=team)
            f.number(session, customer)
            f.account(session, customer, status=status)
        agent_id = agent.id
    report = rebuild_worklist(database, clock)
    assert (report.customers, report.allowed) == (3, 0)
    assert next_for(database, clock, agent_id) is None


def test_the_profile_holds_what_the_screen_shows(database: Database, floor: Book) -> None:
    clock, ids = floor
    lease = next_for(database, clock, ids["a"])
    assert lease is not None
    with database.session() as session:
        profile = load_profile(session, lease.customer_id)
        assert load_profile(session, 10_000) is None
    assert profile is not None
    assert dataclasses.replace(profile, lease_until=None) == dataclasses.replace(lease.profile, lease_until=None)
    assert profile.full_name == "Pool big" and profile.lease_user_id == ids["a"]
    assert len(profile.contact_points) == 1 and len(profile.accounts) == 1
    assert profile.accounts[0].arrears == 90000000

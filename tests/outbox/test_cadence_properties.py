"""The cadence and the worker together (Hypothesis): a customer in a random zone with a random history of calls,
flags, consents and a reminder falling due; the real worker runs pass after pass over the next days against a
real HTTP gateway. Whatever was sent went inside the customer's window, not on a holiday, under the per-person
caps (calls and messages together), to the customer's own number — and nothing at all went to an opted-out or
cease-contact customer, or to the emergency contact whose number is in the file."""

from __future__ import annotations

import datetime as dt
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from agent_desk.clock import FrozenClock
from agent_desk.compliance import load_policy
from agent_desk.credentials import CredentialStore
from agent_desk.outbox import run_pass, store_outbox_settings
from agent_desk.outbox.channels import SERVICE_OUTBOX
from agent_desk.outbox.settings import seed_data
from agent_desk.worklist.settings import seed_strategy
from db import migrate
from db.engine import Database, open_database
from db.models import (
    AccountStatus,
    Channel,
    Consent,
    ConsentKind,
    ContactOwner,
    ContactPoint,
    Direction,
    FlagKind,
    Interaction,
)
from tests.support.gateway import TOKEN, Gateway
from tests.worklist import factories as f

pytestmark = pytest.mark.slow
POLICY = load_policy("id_ojk")
ZONES = ("Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura")
START = dt.datetime(2026, 11, 20, tzinfo=dt.UTC)  # the span covers Christmas and the collective leave around it
SPAN_MINUTES = 50 * 24 * 60


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cadence") / "template.sqlite3"
    database = open_database(f"sqlite:///{path}")
    migrate.upgrade(database)
    with database.transaction(write=True) as session:
        seed_strategy(session, FrozenClock(START))
    database.dispose()
    return path


@pytest.fixture(scope="module")
def gateway() -> Iterator[Gateway]:
    server = Gateway().start()
    yield server
    server.stop()


@st.composite
def worlds(draw: st.DrawFn) -> dict[str, object]:
    return {
        "start": START + dt.timedelta(minutes=draw(st.integers(0, SPAN_MINUTES))),
        "zone": draw(st.sampled_from([*ZONES, None])),
        "customer_flag": draw(
            st.sampled_from([None] * 6 + [FlagKind.CEASE_CONTACT, FlagKind.MESSAGE_OPT_OUT, FlagKind.DISPUTE])
        ),
        "number_opt_out": draw(st.sampled_from([False] * 5 + [True])),
        "verified": draw(st.sampled_from([True] * 5 + [False])),
        "whatsapp": draw(st.booleans()),
        "trigger": draw(st.sampled_from(["pre_due", "due_day", "early_arrears", "promise_due"])),
        "calls": draw(st.lists(st.integers(1, 4 * 24 * 60), max_size=draw(st.sampled_from([0, 2, 6, 12])))),
        # The first pass at the start (a cadence that runs that day), later ones over the next three days.
        "passes": [0, *sorted(draw(st.lists(st.integers(1, 72 * 60), min_size=2, max_size=8)))],
    }


def _book(template: Path, folder: Path, world: dict[str, object], gateway: Gateway) -> tuple[Database, int, int]:
    path = folder / f"world-{uuid.uuid4().hex[:8]}.sqlite3"
    shutil.copy(template, path)
    database = open_database(f"sqlite:///{path}")
    start = world["start"]
    assert isinstance(start, dt.datetime)
    zone = world["zone"]
    local_today = start.astimezone(ZoneInfo(str(zone or ZONES[0]))).date()
    clock = FrozenClock(start)
    data, cadence = seed_data()
    data["providers"] = {"gateway": gateway.provider_config()}
    data["channels"]["sms"] = {"provider": "gateway"}
    data["channels"]["whatsapp"] = {"provider": "gateway"}
    with database.transaction(write=True) as session:
        store_outbox_settings(session, clock, data, cadence)
        person = f.customer(session, zone=zone if isinstance(zone, str) else None)
        own = f.number(session, person, primary=True)
        own.verified_count = 1 if world["verified"] else 0
        other = f.number(session, person, owner=ContactOwner.EMERGENCY_CONTACT)
        other.verified_count = 3
        trigger = world["trigger"]
        if trigger in ("pre_due", "due_day"):
            due = local_today + dt.timedelta(days=3 if trigger == "pre_due" else 0)
            f.account(session, person, dpd=0, arrears="0", status=AccountStatus.CURRENT, next_due=due)
        elif trigger == "early_arrears":
            loan = f.account(session, person, dpd=3)
            noon = dt.datetime.combine(local_today, dt.time(12), tzinfo=ZoneInfo(str(zone or ZONES[0])))
            loan.updated_at = noon.astimezone(dt.UTC)  # three days late on the customer's day of the start
        else:
            loan = f.account(session, person, dpd=5)
            f.promise(session, person, loan, "500000", local_today + dt.timedelta(days=1), created=start)
        flag = world["customer_flag"]
        if isinstance(flag, FlagKind):
            f.flag(session, person, flag)
        if world["number_opt_out"]:
            f.flag(session, person, FlagKind.MESSAGE_OPT_OUT, own)
        if world["whatsapp"]:
            session.add(
                Consent(
                    customer_id=person.id,
                    kind=ConsentKind.WHATSAPP_CONTACT,
                    granted_at=start - dt.timedelta(days=30),
                    how="call",
                    detail={},
                )
            )
        calls = world["calls"]
        assert isinstance(calls, list)
        for index, minutes in enumerate(calls):
            f.call(session, person, own if index % 3 else other, start - dt.timedelta(minutes=minutes))
        return database, person.id, own.id


def _assert_lawful(database: Database, customer_id: int, own_id: int, world: dict[str, object]) -> int:
    """Every message sent obeyed the rules; returns how many were sent."""
    with database.session() as session:
        attempts = session.execute(
            select(Interaction.started_at, Interaction.channel, ContactPoint.owner, Interaction.contact_point_id)
            .join(ContactPoint, ContactPoint.id == Interaction.contact_point_id)
            .where(Interaction.customer_id == customer_id, Interaction.direction == Direction.OUTBOUND)
            .order_by(Interaction.started_at, Interaction.id)
        ).all()
    messages = [row for row in attempts if row.channel is not Channel.CALL]
    if messages:
        assert world["customer_flag"] is None and not world["number_opt_out"] and world["verified"]
    zones = (str(world["zone"]),) if world["zone"] else ZONES
    caps = POLICY.caps
    assert caps.per_person_per_day and caps.per_person_per_7_days
    for sent in messages:
        assert sent.contact_point_id == own_id  # never the emergency contact's number
        assert sent.channel in (Channel.SMS, Channel.WHATSAPP) and (sent.channel is Channel.SMS or world["whatsapp"])
        earlier = [row for row in attempts if row.started_at < sent.started_at and row.owner is ContactOwner.SELF]
        for name in zones:
            zone = ZoneInfo(name)
            local = sent.started_at.astimezone(zone)
            day = local.date()
            assert local.weekday() in POLICY.window.days, local
            assert POLICY.window.start_minute <= local.hour * 60 + local.minute < POLICY.window.end_minute, local
            assert POLICY.calendar is not None and POLICY.calendar.holiday(day) is None, local
            same_day = [row for row in earlier if row.started_at.astimezone(zone).date() == day]
            week = [
                row for row in earlier if day - dt.timedelta(days=6) <= row.started_at.astimezone(zone).date() <= day
            ]
            assert len(same_day) < caps.per_person_per_day
            assert len(week) < caps.per_person_per_7_days
    return len(messages)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(worlds())
def test_the_worker_sends_only_what_the_rules_allow(
    template: Path, gateway: Gateway, tmp_path_factory: pytest.TempPathFactory, world: dict[str, object]
) -> None:
    gateway.reset()
    database, customer_id, own_id = _book(template, tmp_path_factory.getbasetemp(), world, gateway)
    credentials = CredentialStore()
    credentials.set_for_session(SERVICE_OUTBOX, "gateway", TOKEN)
    start = world["start"]
    assert isinstance(start, dt.datetime)
    clock = FrozenClock(start)
    try:
        passes = world["passes"]
        assert isinstance(passes, list)
        for minutes in passes:
            clock.set(start + dt.timedelta(minutes=minutes))
            run_pass(database, clock, credentials)
        sent = _assert_lawful(database, customer_id, own_id, world)
        event("sent" if sent else "nothing sent")
        with database.session() as session:
            own = session.get(ContactPoint, own_id)
            assert own is not None
            assert all(item.to == own.e164 for item in gateway.received)
        assert len(gateway.delivered()) == sent
    finally:
        database.dispose()

"""The queue's correctness findings of issue 15, one test each: a customer who paid up is not called; consent
never covers a third party; every zone that applies must be inside the window (and the CSV says which); every
callable row says why; a skip's cool-down survives a re-evaluation; the stored stream equals a fresh evaluation."""

from __future__ import annotations

import csv
import datetime as dt
import io
from contextlib import redirect_stdout
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from agent_desk.cli.main import main
from agent_desk.scheduling.payments import PaymentRow
from agent_desk.scheduling.services import post_payments
from agent_desk.worklist import (
    list_queue,
    next_for,
    rebuild_worklist,
    refresh_worklist,
    skip_customer,
    stream_queue,
)
from db.engine import Database
from db.models import ContactOwner
from tests.worklist import factories as f
from tests.worklist.factories import NOW, WIB, WITA


def at(local: str, zone: str = WIB) -> dt.datetime:
    return dt.datetime.fromisoformat(local).replace(tzinfo=ZoneInfo(zone)).astimezone(dt.UTC)


def csv_rows(database: Database, moment: dt.datetime, *argv: str) -> dict[str, dict[str, str]]:
    out = io.StringIO()
    with redirect_stdout(out):
        code = main(
            ["--db", database.url.render_as_string(), "--at", moment.isoformat(), "queue", "--format", "csv", *argv]
        )
    assert code == 0
    return {row["customer_name"]: row for row in csv.DictReader(io.StringIO(out.getvalue()))}


def test_a_customer_who_paid_all_arrears_leaves_the_calling_order(database: Database) -> None:
    clock = f.prepare(database)
    with database.transaction(write=True) as session:
        agent = f.agent(session, "ani")
        late = f.customer(session, user=agent, name="Still Late")
        f.number(session, late, primary=True)
        f.account(session, late, dpd=25, arrears="1500000", outstanding="9000000")
        paid = f.customer(session, user=agent, name="Paid Up")
        f.number(session, paid, primary=True)
        paid_account = f.account(session, paid, dpd=25, arrears="2000000", outstanding="20000000").account_number
        soon = f.customer(session, user=agent, name="Bill Soon")
        f.number(session, soon, primary=True)
        soon_account = f.account(
            session, soon, dpd=25, arrears="2000000", outstanding="20000000", next_due=dt.date(2026, 11, 27)
        ).account_number
    rebuild_worklist(database, clock)
    assert [row.customer_name for row in list_queue(database, clock)][:1] == ["Paid Up"]  # the biggest arrears
    yesterday = NOW - dt.timedelta(days=1)
    rows = [
        PaymentRow(1, paid_account, yesterday, Decimal("2000000")),
        PaymentRow(2, soon_account, yesterday, Decimal("2000000")),
    ]
    assert post_payments(database, clock, rows).posted == 2  # the real posting service, which refreshes the queue
    listed = {row.customer_name: row for row in list_queue(database, clock, include_all=True)}
    # Nothing overdue and no bill coming due: not in the calling order, whatever the balance or the kept history.
    assert not listed["Paid Up"].allowed
    assert [str(reason) for reason in listed["Paid Up"].reasons] == ["Nothing due to collect"]
    assert listed["Paid Up"].likelihood_to_pay is None
    # A bill due in three days: a pre-due reminder, worth the bill (not the balance), below the late customer.
    reminder = listed["Bill Soon"]
    assert reminder.allowed and reminder.stage == "pre_due"
    assert str(reminder.reasons[0]) == "Reminder: Rp 500.000 due Fri 27 Nov 2026"
    assert "Rp 500.000 due ×" in str(reminder.explanations[0])
    calling_order = [row.customer_name for row in list_queue(database, clock)]
    assert calling_order == ["Still Late", "Bill Soon"]
    assert calling_order == [row.customer_name for row in stream_queue(database, clock)]


def test_consent_opens_the_customers_own_numbers_only(database: Database) -> None:
    clock = f.prepare(database)
    with database.transaction(write=True) as session:
        agent = f.agent(session)
        own = f.customer(session, user=agent, name="Own Number")
        f.number(session, own, primary=True)
        f.account(session, own)
        f.consent(session, own, NOW - dt.timedelta(days=30), hours=("06:30", "21:30"))
        relatives = f.customer(session, user=agent, name="Relatives Only")
        f.number(session, relatives, dialable=False)
        f.number(session, relatives, owner=ContactOwner.SPOUSE)
        f.number(session, relatives, owner=ContactOwner.EMERGENCY_CONTACT)
        f.account(session, relatives)
        f.consent(session, relatives, NOW - dt.timedelta(days=30), hours=("06:30", "21:30"))
    rebuild_worklist(database, clock)
    early = at("2026-11-24T07:30")
    rows = csv_rows(database, early, "--all")
    assert rows["Own Number"]["allowed"] == "true"
    assert (
        "Outside the usual hours by the customer's consent of Sun 25 Oct 2026: calls 06:30–21:30, no end date (WIB),"
        " on the customer's own numbers only" in rows["Own Number"]["reasons"]
    )
    assert rows["Relatives Only"]["allowed"] == "false"
    assert rows["Relatives Only"]["next_allowed_at"] == "2026-11-24T01:00:00Z"  # 08:00 WIB, the usual hours
    assert "Tuesday 07:30 WIB: outside 08:00–20:00" in rows["Relatives Only"]["reasons"]
    at_eight = csv_rows(database, at("2026-11-24T08:00"), "--all")["Relatives Only"]
    assert at_eight["allowed"] == "true" and at_eight["purpose"] == "locate"


def test_every_zone_that_applies_must_be_inside_the_window_and_the_csv_prints_them(database: Database) -> None:
    clock = f.prepare(database)
    with database.transaction(write=True) as session:
        agent = f.agent(session)
        customer = f.customer(session, zone=WIB, user=agent, name="Jakarta With Makassar Mobile")
        f.number(session, customer, primary=True, zone=WITA)
        f.account(session, customer)
    rebuild_worklist(database, clock)
    evening = csv_rows(database, at("2026-11-24T19:30"), "--all")["Jakarta With Makassar Mobile"]
    assert evening["allowed"] == "false"
    assert evening["timezone"] == "Asia/Jakarta;Asia/Makassar"
    assert evening["local_time"] == "2026-11-24T19:30:00+07:00;2026-11-24T20:30:00+08:00"
    assert "Tuesday 20:30 WITA: outside 08:00–20:00" in evening["reasons"]
    assert evening["next_allowed_at"] == "2026-11-25T01:00:00Z"  # Wednesday 08:00 WIB (09:00 WITA)
    noon = csv_rows(database, at("2026-11-24T12:00"))["Jakarta With Makassar Mobile"]
    assert noon["allowed"] == "true" and "Inside Mon–Sat 08:00–20:00 in WIB + WITA" in noon["reasons"]


def test_a_skip_keeps_its_cool_down_through_refreshes_and_rebuilds(database: Database) -> None:
    clock = f.prepare(database)
    with database.transaction(write=True) as session:
        agent = f.agent(session)
        customer = f.customer(session, user=agent, name="Skipped")
        f.number(session, customer, primary=True)
        f.account(session, customer)
        agent_id, customer_id = agent.id, customer.id
    rebuild_worklist(database, clock)
    lease = next_for(database, clock, agent_id)
    assert lease is not None and lease.customer_id == customer_id
    skip_customer(database, clock, agent_id, customer_id, "language")
    refresh_worklist(database, clock, [customer_id])
    rebuild_worklist(database, clock)
    clock.advance(dt.timedelta(minutes=30))
    assert next_for(database, clock, agent_id) is None
    (row,) = list_queue(database, clock, include_all=True)
    assert not row.allowed and row.next_allowed_at == NOW + dt.timedelta(minutes=60)
    assert str(row.reasons[0]) == (
        "Skipped by an agent until Tue 24 Nov, 11:00 WIB: Needs an agent who speaks the customer's language"
    )
    clock.advance(dt.timedelta(minutes=31))
    lease = next_for(database, clock, agent_id)
    assert lease is not None and lease.customer_id == customer_id


@pytest.mark.slow
def test_the_stored_stream_equals_a_fresh_evaluation_through_a_day(database: Database) -> None:
    """Rows read back as stored must say what a fresh evaluation says, at any moment they claim to hold."""
    from agent_desk.demo.generator import generate_portfolio

    clock = f.prepare(database)
    generate_portfolio(database, accounts=250, seed=11, now=NOW)
    start = at("2026-11-24T06:40")
    clock.set(start)
    rebuild_worklist(database, clock)
    for hours in (0, 1.5, 3, 7.25, 13.4, 15, 19, 26):
        clock.set(start + dt.timedelta(hours=hours))
        stored = {row.customer_id: row for row in stream_queue(database, clock, include_all=True)}
        fresh = {row.customer_id: row for row in list_queue(database, clock, include_all=True)}
        assert stored.keys() == fresh.keys()
        from_store = sum(row.evaluated_at == start for row in stored.values())
        # Until the windows close (20:00 WIB) every row holds as stored; after midnight none does.
        assert from_store == (len(stored) if hours <= 7.25 else 0 if hours >= 19 else from_store), hours
        for customer_id, row in fresh.items():
            again = stored[customer_id]
            assert (again.allowed, again.next_allowed_at, again.zones) == (row.allowed, row.next_allowed_at, row.zones)
            if row.allowed:
                assert again.reasons == row.reasons
            else:
                assert again.reasons  # as of when the row was evaluated
        callable_ = [row for row in stored.values() if row.allowed]
        assert callable_ or not 8 <= (6.67 + hours) % 24 < 19, hours
        assert all(row.reasons for row in callable_), "every callable row says why"


def test_queue_piped_to_head_stops_quietly(database: Database, tmp_path: object) -> None:
    import subprocess
    import sys

    from agent_desk.demo.generator import generate_portfolio

    clock = f.prepare(database)
    generate_portfolio(database, accounts=150, seed=3, now=NOW)
    rebuild_worklist(database, clock)
    command = (
        f"{sys.executable} -m ui.app --db {database.url.render_as_string()} --at {NOW.isoformat()} "
        "queue --all --format csv | head -2"
    )
    done = subprocess.run(
        ["bash", "-o", "pipefail", "-c", command], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.stderr == ""
    assert done.returncode == 0
    assert len(done.stdout.splitlines()) == 2

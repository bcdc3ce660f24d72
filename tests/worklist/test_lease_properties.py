"""Property test through the database: random portfolios, clocks (holidays, all zones, unknown zones), flags,
consents and histories; agents lease, dial and save outcomes while time moves on.

Checked against the plain oracle with facts read back independently: no customer is ever leased (or dialed)
outside their window, over a cap, or while a flag blocks them; every blocked queue row has a reason, and its
next-allowed moment is allowed.
"""

from __future__ import annotations

import datetime as dt
import os
import uuid
from pathlib import Path
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from agent_desk.compliance import (
    Attempt,
    ConsentFacts,
    ContactHistory,
    Conversation,
    DebtFacts,
    NumberFacts,
    PartyFacts,
    Policy,
    Purpose,
    load_policy,
)
from agent_desk.compliance.policy import parse_minutes
from agent_desk.scheduling.outcomes import OutcomeDraft, save_outcome
from agent_desk.worklist import check_before_dial, next_for, rebuild_worklist, record_call_result, release_lease
from agent_desk.worklist.dues import due_accounts
from agent_desk.worklist.evaluate import customer_zone
from agent_desk.worklist.facts import load_facts
from agent_desk.worklist.settings import WorklistSettings, settings_for
from db.engine import Database
from db.models import (
    AccountStatus,
    ConsentKind,
    ContactOwner,
    Customer,
    Disposition,
    FlagKind,
    Interaction,
    Outcome,
    WorklistEntry,
)
from db.models import Consent as ConsentRow
from db.models import ContactPoint as PointRow
from db.models import CustomerFlag as FlagRow
from tests.worklist import factories as f
from tests.worklist import oracle

EXAMPLES = int(os.environ.get("AGENT_DESK_DB_EXAMPLES", "40"))
FIRST, LAST = dt.datetime(2025, 1, 1, tzinfo=dt.UTC), dt.datetime(2026, 12, 20, tzinfo=dt.UTC)
ZONES = [f.WIB, f.WITA, f.WIT, "Asia/Pontianak", None]
DISPOSITIONS = [
    "no_answer",
    "busy",
    "voicemail",
    "refused",
    "wrong_number",
    "number_invalid",
    "call_rejected",
    "network_failure",
    "third_party",
    "hardship",
    "dispute",
]


def _holidays() -> list[dt.date]:
    calendar = load_policy().calendar
    assert calendar is not None
    days = [dt.date(2025, 1, 1) + dt.timedelta(days=n) for n in range(730)]
    return [day for day in days if calendar.holiday(day)]


HOLIDAYS = _holidays()
# Monday to Saturday of any week of 2025–2026, 07:00–19:00 WIB: mostly callable somewhere.
working_hours = st.builds(
    lambda week, weekday, minute: (
        dt.datetime.combine(
            dt.date(2025, 1, 6) + dt.timedelta(weeks=week, days=weekday), dt.time(), tzinfo=ZoneInfo(f.WIB)
        ).astimezone(dt.UTC)
        + dt.timedelta(minutes=minute)
    ),
    st.integers(0, 100),
    st.integers(0, 5),
    st.integers(7 * 60, 19 * 60),
)
starts = st.one_of(
    working_hours,
    working_hours,
    st.datetimes(FIRST.replace(tzinfo=None), LAST.replace(tzinfo=None), timezones=st.just(dt.UTC)),
    st.builds(
        lambda day, minute: dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC) + dt.timedelta(minutes=minute),
        st.sampled_from(HOLIDAYS),
        st.integers(-600, 1440),
    ),
)
customer_specs = st.fixed_dictionaries(
    {
        "zone": st.sampled_from(ZONES),
        "owners": st.lists(
            st.sampled_from([ContactOwner.SELF, ContactOwner.SELF, ContactOwner.EMERGENCY_CONTACT]),
            min_size=1,
            max_size=3,
        ),
        "dead": st.lists(st.sampled_from([False] * 6 + [True]), min_size=3, max_size=3),
        "override": st.none() | st.sampled_from(ZONES[:3]),
        "flag": st.sampled_from([None] * 50 + list(FlagKind)),
        "number_flag": st.sampled_from([None] * 8 + [FlagKind.DO_NOT_CALL]),
        "consent": st.sampled_from(["none", "none", "any time", "evenings", "early mornings"]),
        "dpd": st.lists(st.sampled_from([-3, 0, 5, 29, 45, 75, 120]), min_size=1, max_size=2),
        "status": st.sampled_from([AccountStatus.DELINQUENT] * 9 + [AccountStatus.LEGAL]),
        "calls": st.lists(st.tuples(st.integers(-8 * 24 * 60, -1), st.booleans()), max_size=4),
        "assigned": st.sampled_from(["a", "b", "team", "team", "team", "a", "b", None]),
    }
)
policies = st.sampled_from(
    [
        {},
        {},
        {},
        {"policy": {"pack": "id_ojk", "overrides": {"caps": {"per_person_per_day": 1, "per_person_per_7_days": 3}}}},
        {
            "policy": {
                "pack": "id_ojk",
                "overrides": {"caps": {"per_debt_per_7_days": 2, "quiet_days_after_conversation": 2}},
            }
        },
    ]
)
pauses = st.one_of(st.sampled_from([0, 1, 5, 30, 90, 181, 600]), st.integers(0, 36 * 60))
steps = st.lists(
    st.tuples(st.sampled_from(["a", "b"]), st.booleans(), st.sampled_from(DISPOSITIONS), pauses),
    min_size=2,
    max_size=12,
)


def build(database: Database, start: dt.datetime, specs: list[dict], policy: dict) -> tuple[object, dict[str, int]]:  # type: ignore[type-arg]
    clock = f.prepare(database, now=start, **policy)
    with database.transaction(write=True) as session:
        team = f.team(session)
        agents = {"a": f.agent(session, team_row=team), "b": f.agent(session, team_row=team)}
        for spec in specs:
            assigned = spec["assigned"]
            customer = f.customer(
                session, zone=spec["zone"], user=agents.get(assigned or ""), team_row=team if assigned else None
            )
            points = []
            for index, owner in enumerate(spec["owners"]):
                point = f.number(
                    session,
                    customer,
                    owner=owner,
                    primary=index == 0,
                    dialable=not spec["dead"][index],
                    zone=spec["override"] if index == 0 else None,
                )
                points.append(point)
            if spec["flag"]:
                f.flag(session, customer, spec["flag"])
            if spec["number_flag"]:
                f.flag(session, customer, spec["number_flag"], points[0])
            if spec["consent"] != "none":
                hours = {"any time": None, "evenings": ("19:00", "21:30"), "early mornings": ("06:00", "08:00")}
                f.consent(session, customer, start - dt.timedelta(days=10), hours=hours[spec["consent"]])
            for dpd in spec["dpd"]:
                f.account(
                    session,
                    customer,
                    dpd=max(dpd, 0),
                    status=spec["status"] if dpd > 0 else AccountStatus.CURRENT,
                    arrears="1000000" if dpd > 0 else "0",
                    next_due=(start + dt.timedelta(days=-dpd)).date() if dpd <= 0 else None,
                )
            for minutes, answered in spec["calls"]:
                f.call(
                    session,
                    customer,
                    points[0],
                    start + dt.timedelta(minutes=minutes),
                    answered=answered,
                    disposition="refused" if answered else "no_answer",
                )
    return clock, {login: user.id for login, user in agents.items()}


def independent_facts(
    database: Database, customer_id: int, number_id: int, policy: Policy
) -> tuple[PartyFacts, NumberFacts, ContactHistory]:
    """The facts read back with plain ORM queries (not the engine's loader)."""
    with database.session() as session:
        customer = session.get(Customer, customer_id)
        assert customer is not None
        flags = session.scalars(
            select(FlagRow).where(FlagRow.customer_id == customer_id, FlagRow.cleared_at.is_(None))
        ).all()
        consents = [
            ConsentFacts(
                c.granted_at,
                c.expires_at,
                c.revoked_at,
                tuple(parse_minutes(h) for h in c.detail["hours"]) if c.detail.get("hours") else None,
            )
            for c in session.scalars(
                select(ConsentRow).where(
                    ConsentRow.customer_id == customer_id, ConsentRow.kind == ConsentKind.CONTACT_OUTSIDE_HOURS
                )
            )
        ]
        point = session.get(PointRow, number_id)
        assert point is not None and point.customer_id == customer_id
        owners = {p.id: p.owner for p in session.scalars(select(PointRow).where(PointRow.customer_id == customer_id))}
        calls = session.scalars(select(Interaction).where(Interaction.customer_id == customer_id)).all()
        talks = session.execute(
            select(Outcome.created_at, Interaction.answered_at, Interaction.started_at)
            .join(Disposition, Disposition.code == Outcome.disposition_code)
            .outerjoin(Interaction, Interaction.id == Outcome.interaction_id)
            .where(Outcome.customer_id == customer_id, Disposition.right_party_contact.is_(True))
        ).all()
        zone = customer.timezone or policy.zone_for_province(customer.province)
        party = PartyFacts(
            customer_id, zone, frozenset(fl.kind for fl in flags if fl.contact_point_id is None), tuple(consents)
        )
        number = NumberFacts(
            point.id,
            point.owner,
            "x",
            point.dialable and point.invalidated_at is None,
            point.invalid_reason,
            point.valid_from,
            point.valid_until,
            point.timezone_override,
            frozenset(fl.kind for fl in flags if fl.contact_point_id == point.id),
        )
        history = ContactHistory(
            tuple(
                Attempt(c.started_at, c.contact_point_id, owners.get(c.contact_point_id, ContactOwner.SELF))
                for c in calls
            ),
            tuple(Conversation(t.answered_at or t.started_at or t.created_at) for t in talks),
        )
    return party, number, history


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large],
)
@given(start=starts, specs=st.lists(customer_specs, min_size=1, max_size=8), policy=policies, plan=steps)
def test_no_lease_or_dial_ever_breaks_the_rules(
    sqlite_template: Path,
    tmp_path_factory,
    start,
    specs,
    policy,  # type: ignore[no-untyped-def]
    plan,
) -> None:
    database = f.fresh_sqlite(sqlite_template, tmp_path_factory.mktemp("prop"))
    try:
        clock, agents = build(database, start, specs, policy)
        rebuild_worklist(database, clock)  # type: ignore[arg-type]
        settings_ = settings_for(database, clock)  # type: ignore[arg-type]
        for login, dial, disposition, minutes in plan:
            now = clock.now()  # type: ignore[attr-defined]
            lease = next_for(database, clock, agents[login])  # type: ignore[arg-type]
            event("leased" if lease else "nothing to lease")
            if lease is not None:
                event(f"leased for {lease.purpose}")
                assert lease.number_id is not None
                purpose = Purpose(lease.purpose)
                party, number, history = independent_facts(
                    database, lease.customer_id, lease.number_id, settings_.policy
                )
                debts = _debts(database, lease.customer_id, now, settings_)
                assert oracle.allowed(party, number, debts, now, history, settings_.policy, purpose), (
                    "leased outside the rules"
                )
                if not dial:  # the agent moves on without calling: no outcome, the lease goes back
                    release_lease(database, clock, agents[login], lease.customer_id)  # type: ignore[arg-type]
                else:
                    check = check_before_dial(
                        database,
                        clock,
                        agents[login],
                        lease.customer_id,  # type: ignore[arg-type]
                        lease.number_id,
                        purpose,
                    )
                    assert check.allowed, check.reasons  # nothing changed since the lease
                    assert check.interaction_id is not None
                    if disposition not in f.UNANSWERED:
                        record_call_result(database, check.interaction_id, sip_code=200, answered_at=now)
                    save_outcome(
                        database,
                        clock,
                        OutcomeDraft(  # type: ignore[arg-type]
                            draft_key=str(uuid.uuid4()),
                            customer_id=lease.customer_id,
                            user_id=agents[login],
                            disposition_code=disposition,
                            interaction_id=check.interaction_id,
                            contact_point_id=lease.number_id,
                            right_party_confirmed=True,
                        ),
                    )
            _check_rows(database, now, settings_)
            clock.advance(dt.timedelta(minutes=minutes))  # type: ignore[attr-defined]
    finally:
        database.dispose()


def _debts(database: Database, customer_id: int, now: dt.datetime, settings_: WorklistSettings) -> list[DebtFacts]:
    with database.session() as session:
        facts = load_facts(session, [customer_id], now)[customer_id]
    zone = customer_zone(facts, settings_.policy) or settings_.policy.zones[0]
    today = now.astimezone(ZoneInfo(zone)).date()
    return [DebtFacts(d.account.id, d.account.account_number) for d in due_accounts(facts, settings_, today)]


def _check_rows(database: Database, now: dt.datetime, settings_: WorklistSettings) -> None:
    with database.session() as session:
        entries = session.scalars(select(WorklistEntry)).all()
    for entry in entries:
        if entry.allowed:
            assert entry.reasons == [] and entry.ready_at is not None and entry.ready_at <= now
            continue
        assert entry.reasons, f"blocked without a reason: {entry.customer_id}"
        if entry.ready_at is not None and entry.contact_point_id is not None and entry.computed_at == now:
            party, number, history = independent_facts(
                database, entry.customer_id, entry.contact_point_id, settings_.policy
            )
            debts = _debts(database, entry.customer_id, entry.ready_at, settings_)
            assert entry.ready_at > now
            assert oracle.allowed(
                party, number, debts, entry.ready_at, history, settings_.policy, Purpose(entry.purpose)
            ), "not allowed at its next-allowed moment"
            event("checked a next-allowed moment")

"""Property tests of the decision function against the plain oracle: any date (holidays included), all
three zones and unknown ones, histories, consents, flags, both policy packs."""

from __future__ import annotations

import datetime as dt
import os
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

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
    decide,
    load_policy,
)
from db.models import ContactOwner, FlagKind
from tests.worklist import oracle

POLICIES = [
    load_policy("id_ojk"),
    load_policy("us_reg_f"),
    load_policy(
        "id_ojk", {"caps": {"per_person_per_day": 1, "per_debt_per_7_days": 4, "quiet_days_after_conversation": 2}}
    ),
]
ID_ZONES = ["Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura", "Asia/Pontianak", None, "Not/AZone"]
US_ZONES = ["America/New_York", "America/Chicago", "America/Los_Angeles", "Pacific/Honolulu", None]
START = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
END = dt.datetime(2027, 12, 31, tzinfo=dt.UTC)


def _holiday_moments() -> st.SearchStrategy[dt.datetime]:
    calendar = POLICIES[0].calendar
    assert calendar is not None
    days = [dt.date(2024, 1, 1) + dt.timedelta(days=n) for n in range(365 * 4)]
    holidays = [day for day in days if calendar.holiday(day) is not None]
    return st.builds(
        lambda day, minutes, zone: (
            dt.datetime.combine(day, dt.time(), tzinfo=ZoneInfo(zone)).astimezone(dt.UTC)
            + dt.timedelta(minutes=minutes)
        ),
        st.sampled_from(holidays),
        st.integers(0, 24 * 60 - 1),
        st.sampled_from(ID_ZONES[:3]),
    )


moments = st.one_of(
    st.datetimes(START.replace(tzinfo=None), END.replace(tzinfo=None), timezones=st.just(dt.UTC)),
    _holiday_moments(),
)
flag_sets = st.one_of(st.just(frozenset()), st.frozensets(st.sampled_from(list(FlagKind)), max_size=2))


@st.composite
def cases(
    draw: st.DrawFn,
) -> tuple[PartyFacts, NumberFacts, list[DebtFacts], dt.datetime, ContactHistory, Policy, Purpose]:
    policy = draw(st.sampled_from(POLICIES))
    zones = ID_ZONES if policy.country == "ID" else US_ZONES
    moment = draw(moments)
    offsets = st.timedeltas(dt.timedelta(days=-9), dt.timedelta(0))
    consents = tuple(
        ConsentFacts(
            granted_at=moment + draw(st.timedeltas(dt.timedelta(days=-30), dt.timedelta(days=2))),
            expires_at=draw(
                st.none() | st.builds(lambda d: moment + d, st.timedeltas(dt.timedelta(days=-3), dt.timedelta(days=5)))
            ),
            revoked_at=draw(
                st.none() | st.builds(lambda d: moment + d, st.timedeltas(dt.timedelta(days=-3), dt.timedelta(days=5)))
            ),
            hours=draw(st.none() | st.tuples(st.integers(0, 1439), st.integers(0, 1440))),
        )
        for _ in range(draw(st.integers(0, 2)))
    )
    party = PartyFacts(1, draw(st.sampled_from(zones)), draw(flag_sets), consents)
    owner = draw(
        st.sampled_from([ContactOwner.SELF, ContactOwner.SELF, ContactOwner.SPOUSE, ContactOwner.EMERGENCY_CONTACT])
    )
    number = NumberFacts(
        id=1,
        owner=owner,
        label="mobile …123",
        dialable=draw(st.booleans() | st.just(True)),
        invalid_reason="number_invalid",
        valid_from=draw(
            st.none() | st.builds(lambda d: moment + d, st.timedeltas(dt.timedelta(days=-5), dt.timedelta(days=5)))
        ),
        valid_until=draw(
            st.none() | st.builds(lambda d: moment + d, st.timedeltas(dt.timedelta(days=-5), dt.timedelta(days=60)))
        ),
        zone_override=draw(st.none() | st.none() | st.sampled_from(zones)),
        flags=draw(st.just(frozenset()) | flag_sets),
    )
    attempts = tuple(
        Attempt(
            moment + draw(offsets),
            draw(st.sampled_from([1, 2, 3])),
            draw(st.sampled_from([ContactOwner.SELF, ContactOwner.SELF, ContactOwner.SPOUSE])),
        )
        for _ in range(draw(st.integers(0, 25)))
    )
    talks = tuple(
        Conversation(moment + draw(offsets), draw(st.sampled_from([frozenset(), frozenset({10}), frozenset({99})])))
        for _ in range(draw(st.integers(0, 2)))
    )
    debts = draw(st.sampled_from([[DebtFacts(10, "PL-1")], [DebtFacts(10, "PL-1"), DebtFacts(11, "CC-2")], []]))
    purpose = draw(st.sampled_from(list(Purpose)))
    return party, number, debts, moment, ContactHistory(attempts, talks), policy, purpose


@settings(
    max_examples=int(os.environ.get("AGENT_DESK_EXAMPLES", "400")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(cases(), st.lists(st.floats(0, 1), min_size=12, max_size=12))
def test_decision_matches_the_oracle_and_next_allowed_is_the_earliest(case, samples) -> None:  # type: ignore[no-untyped-def]
    party, number, debts, moment, history, policy, purpose = case
    decision = decide(party, number, debts, moment, history, policy, purpose)
    expected = oracle.allowed(party, number, debts, moment, history, policy, purpose)
    assert decision.allowed is expected
    if decision.allowed:
        assert decision.reasons == ()
        assert decision.next_allowed_at == moment
        assert decision.grounds, "every allowed call says why"
        # Allowed until open_until (a day ahead at most), and not at open_until.
        end = decision.open_until or moment + dt.timedelta(days=1)
        assert end > moment
        for fraction in samples:
            between = moment + (end - moment) * fraction
            if between < end:
                assert oracle.allowed(party, number, debts, between, history, policy, purpose), between
        if decision.open_until is not None:
            assert not oracle.allowed(party, number, debts, decision.open_until, history, policy, purpose)
        return
    assert decision.reasons, "every block has a reason"
    assert all(str(reason) and "." in reason.code for reason in decision.reasons)
    following = decision.next_allowed_at
    if following is None:
        # Blocked until something changes: no moment in the next weeks is allowed either.
        for fraction in samples:
            later = moment + dt.timedelta(days=40 * fraction)
            assert not oracle.allowed(party, number, debts, later, history, policy, purpose)
        return
    assert following > moment
    assert oracle.allowed(party, number, debts, following, history, policy, purpose), "allowed at next_allowed_at"
    just_before = following - dt.timedelta(seconds=1)
    assert not oracle.allowed(party, number, debts, just_before, history, policy, purpose), "and not a second earlier"
    for fraction in samples:
        between = moment + (following - moment) * fraction
        if between < following:
            assert not oracle.allowed(party, number, debts, between, history, policy, purpose)


@settings(max_examples=150, deadline=None)
@given(cases())
def test_reasons_render_in_both_languages_without_placeholders(case) -> None:  # type: ignore[no-untyped-def]
    decision = decide(*case)
    for reason in (*decision.reasons, *decision.notes, *decision.grounds):
        for language in ("en", "id"):
            text = reason.render(language)
            assert "{" not in text and not text.startswith(reason.code), text

"""Properties of the send rules (Hypothesis): whatever the customer, point, history and moment, a message the
gate lets go is inside the customer's local window, not on a holiday, under the per-person caps (calls and
messages counted together), to the customer's own verified point, never to an opted-out or cease-contact
customer — and when it says "later", that later moment really is allowed."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agent_desk.compliance import Attempt, ContactHistory, DebtFacts, PartyFacts, load_policy
from agent_desk.outbox.gate import check_send
from agent_desk.outbox.recipients import PointFacts
from db.models import Channel, ContactKind, ContactOwner, FlagKind

POLICY = load_policy("id_ojk")
ZONES = ("Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura")
START = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
DEBTS = (DebtFacts(1, "…0001"),)
ADDRESSES = {ContactKind.MOBILE: "+6281234567890", ContactKind.WHATSAPP: "+6281234567890", ContactKind.EMAIL: "a@b.co"}

moments = st.integers(min_value=0, max_value=2 * 365 * 24 * 60).map(lambda m: START + dt.timedelta(minutes=m))


def mostly(value: object, *others: object) -> st.SearchStrategy[object]:
    """``value`` nine times in ten, else one of ``others``: enough clean cases for the rules to say yes."""
    return st.sampled_from([value] * (9 * max(1, len(others))) + list(others))


customer_flags = st.one_of(
    st.just(frozenset()),
    st.just(frozenset()),
    st.just(frozenset()),
    st.frozensets(
        st.sampled_from([FlagKind.CEASE_CONTACT, FlagKind.MESSAGE_OPT_OUT, FlagKind.HARDSHIP, FlagKind.DISPUTE]),
        min_size=1,
        max_size=2,
    ),
)
point_flags = mostly(frozenset(), frozenset({FlagKind.MESSAGE_OPT_OUT}), frozenset({FlagKind.DO_NOT_CALL}))


@st.composite
def points(draw: st.DrawFn) -> PointFacts:
    kind = draw(st.sampled_from([ContactKind.MOBILE, ContactKind.WHATSAPP, ContactKind.EMAIL]))
    return PointFacts(
        id=7,
        kind=kind,
        owner=draw(mostly(ContactOwner.SELF, *(owner for owner in ContactOwner if owner is not ContactOwner.SELF))),
        address=draw(mostly(ADDRESSES[kind], None, "not an address")),
        invalidated=draw(mostly(False, True)),
        verified_count=draw(mostly(1, 0, 2)),
        flags=draw(point_flags),
    )


@st.composite
def histories(draw: st.DrawFn, moment: dt.datetime) -> ContactHistory:
    """Attempts on any channel in the week before ``moment`` (some on the customer, some on a third party)."""
    offsets = draw(
        st.lists(st.integers(min_value=1, max_value=8 * 24 * 60), max_size=draw(st.sampled_from([0, 3, 8, 20])))
    )
    return ContactHistory(
        tuple(
            Attempt(
                moment - dt.timedelta(minutes=offset),
                draw(st.sampled_from([7, 8, None])),
                draw(st.sampled_from([ContactOwner.SELF, ContactOwner.SELF, ContactOwner.EMERGENCY_CONTACT])),
            )
            for offset in offsets
        )
    )


FITTING = {ContactKind.MOBILE: Channel.SMS, ContactKind.WHATSAPP: Channel.WHATSAPP, ContactKind.EMAIL: Channel.EMAIL}


@st.composite
def cases(draw: st.DrawFn) -> tuple[PartyFacts, PointFacts, Channel, dt.datetime, ContactHistory, bool]:
    moment = draw(moments)
    party = PartyFacts(1, draw(st.sampled_from([*ZONES, None])), draw(customer_flags))
    point = draw(points())
    channel = draw(mostly(FITTING[point.kind], *(c for c in FITTING.values() if c is not FITTING[point.kind])))
    return party, point, channel, moment, draw(histories(moment)), draw(mostly(True, False))


def _debtor_attempts(history: ContactHistory, zone: ZoneInfo, first: dt.date, last: dt.date) -> int:
    return sum(
        1
        for attempt in history.attempts
        if attempt.owner is ContactOwner.SELF and first <= attempt.at.astimezone(zone).date() <= last
    )


def _assert_lawful(party: PartyFacts, point: PointFacts, moment: dt.datetime, history: ContactHistory) -> None:
    assert FlagKind.CEASE_CONTACT not in party.flags
    assert FlagKind.MESSAGE_OPT_OUT not in party.flags | point.flags
    assert FlagKind.DISPUTE not in party.flags  # a blocking flag of the policy, as for calls
    assert point.owner is ContactOwner.SELF  # never a third party's number or address
    assert point.verified and point.usable
    caps = POLICY.caps
    for name in (party.zone,) if party.zone else ZONES:  # unknown zone: inside the window everywhere
        zone = ZoneInfo(name)
        local = moment.astimezone(zone)
        assert local.weekday() in POLICY.window.days
        assert POLICY.window.start_minute <= local.hour * 60 + local.minute < POLICY.window.end_minute
        assert POLICY.calendar is not None and POLICY.calendar.holiday(local.date()) is None
        day = local.date()
        assert caps.per_person_per_day is not None and caps.per_person_per_7_days is not None
        assert _debtor_attempts(history, zone, day, day) < caps.per_person_per_day
        assert _debtor_attempts(history, zone, day - dt.timedelta(days=6), day) < caps.per_person_per_7_days


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_a_message_the_gate_lets_go_breaks_no_rule(
    case: tuple[PartyFacts, PointFacts, Channel, dt.datetime, ContactHistory, bool],
) -> None:
    party, point, channel, moment, history, consent = case
    check = check_send(party, point, channel, DEBTS, moment, history, POLICY, whatsapp_consent=consent)
    if check.allowed:
        _assert_lawful(party, point, moment, history)
        if channel is Channel.WHATSAPP and point.kind is ContactKind.MOBILE:
            assert consent
        assert (point.kind is ContactKind.EMAIL) == (channel is Channel.EMAIL)
    elif check.retry_at is not None:
        assert check.retry_at > moment
        later = check_send(party, point, channel, DEBTS, check.retry_at, history, POLICY, whatsapp_consent=consent)
        assert later.allowed
        _assert_lawful(party, point, check.retry_at, history)
    else:
        assert check.reasons  # a message that can never go says why


@settings(max_examples=150, deadline=None)
@given(moments, st.sampled_from(ZONES))
def test_a_clean_point_is_refused_only_by_the_clock(moment: dt.datetime, zone: str) -> None:
    """With nothing else in the way, the gate says "now" exactly when the window is open (no holiday)."""
    point = PointFacts(7, ContactKind.MOBILE, ContactOwner.SELF, "+6281234567890", verified_count=1)
    check = check_send(
        PartyFacts(1, zone), point, Channel.SMS, DEBTS, moment, ContactHistory(), POLICY, whatsapp_consent=False
    )
    local = moment.astimezone(ZoneInfo(zone))
    open_now = (
        local.weekday() in POLICY.window.days
        and POLICY.window.start_minute <= local.hour * 60 + local.minute < POLICY.window.end_minute
        and POLICY.calendar is not None
        and POLICY.calendar.holiday(local.date()) is None
    )
    assert check.allowed == open_now
    assert check.allowed or check.retry_at is not None

"""The contact rules, case by case: windows, holidays, zones, caps, Reg F, flags, third parties, consents."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from agent_desk.compliance import (
    Attempt,
    ConsentFacts,
    ContactHistory,
    Conversation,
    DebtFacts,
    NumberFacts,
    PartyFacts,
    Purpose,
    decide,
    load_policy,
)
from agent_desk.compliance.policy import PolicyError, available_policies
from db.models import ContactOwner, FlagKind

OJK = load_policy("id_ojk")
REG_F = load_policy("us_reg_f")
MOBILE = NumberFacts(1, label="mobile …789")
DEBTS = [DebtFacts(10, "PL-1")]
NO_HISTORY = ContactHistory()


def at(local: str, zone: str) -> dt.datetime:
    return dt.datetime.fromisoformat(local).replace(tzinfo=ZoneInfo(zone)).astimezone(dt.UTC)


def check(
    moment: dt.datetime,
    zone: str | None = "Asia/Makassar",
    *,
    number: NumberFacts = MOBILE,
    history: ContactHistory = NO_HISTORY,
    policy=OJK,
    **party: object,
):  # type: ignore[no-untyped-def]
    facts = PartyFacts(1, zone, **party)  # type: ignore[arg-type]
    return decide(facts, number, DEBTS, moment, history, policy)


def test_the_issue_example_reads_in_plain_words() -> None:
    decision = check(at("2026-11-22T10:12", "Asia/Makassar"))
    assert not decision.allowed
    assert [str(reason) for reason in decision.reasons] == ["Sunday 10:12 WITA: outside Mon–Sat"]
    assert decision.reasons[0].render("id") == "Minggu 10:12 WITA: di luar Senin–Sabtu"
    assert decision.next_allowed_at == at("2026-11-23T08:00", "Asia/Makassar")


@pytest.mark.parametrize(
    ("local", "zone", "allowed", "next_local"),
    [
        ("2026-11-23T08:00", "Asia/Jakarta", True, "2026-11-23T08:00"),
        ("2026-11-23T07:59", "Asia/Jakarta", False, "2026-11-23T08:00"),
        ("2026-11-23T19:59", "Asia/Jayapura", True, "2026-11-23T19:59"),
        ("2026-11-23T20:00", "Asia/Jayapura", False, "2026-11-24T08:00"),
        ("2026-11-28T19:30", "Asia/Makassar", True, "2026-11-28T19:30"),  # Saturday
        ("2026-11-28T20:30", "Asia/Makassar", False, "2026-11-30T08:00"),  # Saturday night → Monday
        ("2026-03-19T10:00", "Asia/Jakarta", False, "2026-03-25T08:00"),  # Nyepi, then Eid with collective leave
        ("2026-12-24T10:00", "Asia/Jakarta", False, "2026-12-26T08:00"),  # Christmas Eve is cuti bersama
        ("2024-02-14T10:00", "Asia/Jakarta", False, "2024-02-15T08:00"),  # election day, from the overrides file
    ],
)
def test_window_days_hours_and_holidays(local: str, zone: str, allowed: bool, next_local: str) -> None:
    decision = check(at(local, zone), zone)
    assert decision.allowed is allowed
    assert decision.next_allowed_at == at(next_local, zone)
    assert bool(decision.reasons) is not allowed


def test_holiday_reason_names_the_holiday_as_the_country_does() -> None:
    decision = check(at("2026-08-17T10:00", "Asia/Jakarta"), "Asia/Jakarta")
    name = "Hari Kemerdekaan Republik Indonesia"
    assert str(decision.reasons[0]) == f"Monday 10:00 WIB: public holiday ({name})"
    assert decision.reasons[0].render("id") == f"Senin 10:00 WIB: hari libur nasional ({name})"


def test_unknown_zone_gets_the_hours_inside_all_three_zones() -> None:
    # 08:00 WIB is 10:00 WIT; 20:00 WIT is 18:00 WIB: an unknown zone may be called 08:00–18:00 WIB only.
    assert not check(at("2026-11-23T07:59", "Asia/Jakarta"), None).allowed
    assert check(at("2026-11-23T08:00", "Asia/Jakarta"), None).allowed
    late = check(at("2026-11-23T18:00", "Asia/Jakarta"), None)
    assert not late.allowed
    assert str(late.reasons[0]) == "Monday 20:00 WIT: outside 08:00–20:00"
    assert late.next_allowed_at == at("2026-11-24T08:00", "Asia/Jakarta")
    assert late.zone is None
    assert "WIB, WITA, WIT" in str(late.notes[0])


def test_a_number_with_its_own_zone_is_called_only_when_both_zones_are_inside_the_window() -> None:
    """A Makassar mobile of a Jakarta customer: the call must be lawful where the customer lives *and* where the
    phone is, so the window is the overlap (08:00–19:00 WIB)."""
    makassar = NumberFacts(1, label="mobile …789", zone_override="Asia/Makassar")
    early = check(at("2026-11-23T07:30", "Asia/Jakarta"), "Asia/Jakarta", number=makassar)  # 08:30 WITA
    assert not early.allowed
    assert [str(reason) for reason in early.reasons] == ["Monday 07:30 WIB: outside 08:00–20:00"]
    assert early.zones == ("Asia/Jakarta", "Asia/Makassar")
    assert early.next_allowed_at == at("2026-11-23T08:00", "Asia/Jakarta")
    late = check(at("2026-11-23T19:30", "Asia/Jakarta"), "Asia/Jakarta", number=makassar)  # 20:30 WITA
    assert not late.allowed
    assert [str(reason) for reason in late.reasons] == ["Monday 20:30 WITA: outside 08:00–20:00"]
    assert late.next_allowed_at == at("2026-11-24T08:00", "Asia/Jakarta")
    noon = check(at("2026-11-23T12:00", "Asia/Jakarta"), "Asia/Jakarta", number=makassar)
    assert noon.allowed and noon.zones == ("Asia/Jakarta", "Asia/Makassar")
    assert str(noon.grounds[0]) == "Inside Mon–Sat 08:00–20:00 in WIB + WITA"
    assert noon.open_until == at("2026-11-23T19:00", "Asia/Jakarta")  # 20:00 WITA closes it first
    # A customer whose zone is unknown: every zone of the country, the number's own shown first.
    unknown = check(at("2026-11-23T12:00", "Asia/Jakarta"), None, number=makassar)
    assert unknown.zones == ("Asia/Makassar", "Asia/Jakarta", "Asia/Jayapura")


def test_consent_never_covers_a_third_party() -> None:
    """The debtor's consent to calls at 07:30 is theirs: the spouse's and the emergency contact's numbers keep
    the usual hours."""
    consent = ConsentFacts(at("2026-11-01T10:00", "Asia/Jakarta"), hours=(6 * 60 + 30, 21 * 60 + 30))
    moment = at("2026-11-23T07:30", "Asia/Jakarta")
    own = check(moment, "Asia/Jakarta", consents=(consent,))
    assert own.allowed
    assert str(own.grounds[0]) == (
        "Outside the usual hours by the customer's consent of Sun 1 Nov 2026: calls 06:30–21:30, no end date"
        " (WIB), on the customer's own numbers only"
    )
    for owner in (ContactOwner.SPOUSE, ContactOwner.EMERGENCY_CONTACT):
        other = NumberFacts(2, owner=owner, label="mobile …111")
        facts = PartyFacts(1, "Asia/Jakarta", consents=(consent,))
        decision = decide(facts, other, DEBTS, moment, NO_HISTORY, OJK, Purpose.LOCATE)
        assert not decision.allowed
        assert [str(reason) for reason in decision.reasons] == ["Monday 07:30 WIB: outside 08:00–20:00"]
        assert decision.next_allowed_at == at("2026-11-23T08:00", "Asia/Jakarta")


def test_daily_and_weekly_caps_count_every_number_of_the_person() -> None:
    monday = [Attempt(at(f"2026-11-23T{hour:02d}:00", "Asia/Jakarta"), 1 + hour % 2) for hour in (9, 11, 14)]
    decision = check(at("2026-11-23T16:00", "Asia/Jakarta"), "Asia/Jakarta", history=ContactHistory(tuple(monday)))
    assert not decision.allowed
    assert str(decision.reasons[0]) == "3 calls to the customer on Mon 23 Nov 2026 already (limit 3 a day)"
    assert decision.next_allowed_at == at("2026-11-24T08:00", "Asia/Jakarta")
    week = [Attempt(at(f"2026-11-{day}T10:00", "Asia/Jakarta"), 1) for day in (16, 17, 18, 19, 20) for _ in range(3)]
    decision = check(at("2026-11-21T10:00", "Asia/Jakarta"), "Asia/Jakarta", history=ContactHistory(tuple(week)))
    assert [str(r) for r in decision.reasons] == [
        "15 calls to the customer in the 7 days to Sat 21 Nov 2026 (limit 15)"
    ]
    # The 16th's three calls leave the window on the 23rd.
    assert decision.next_allowed_at == at("2026-11-23T08:00", "Asia/Jakarta")


def test_calls_to_a_third_party_count_for_that_person_only() -> None:
    spouse = NumberFacts(2, owner=ContactOwner.SPOUSE, label="mobile …111")
    attempts = tuple(Attempt(at(f"2026-11-23T{h:02d}:00", "Asia/Jakarta"), 2, ContactOwner.SPOUSE) for h in (9, 10, 11))
    history = ContactHistory(attempts)
    assert check(at("2026-11-23T12:00", "Asia/Jakarta"), "Asia/Jakarta", history=history).allowed
    facts = PartyFacts(1, "Asia/Jakarta")
    locate = decide(facts, spouse, DEBTS, at("2026-11-23T12:00", "Asia/Jakarta"), history, OJK, Purpose.LOCATE)
    assert not locate.allowed
    assert "the person on mobile …111" in str(locate.reasons[0])


def test_only_the_debtor_unless_locating() -> None:
    emergency = NumberFacts(3, owner=ContactOwner.EMERGENCY_CONTACT, label="mobile …222")
    moment = at("2026-11-23T10:00", "Asia/Jakarta")
    facts = PartyFacts(1, "Asia/Jakarta")
    collect = decide(facts, emergency, DEBTS, moment, ContactHistory(), OJK)
    assert not collect.allowed
    assert collect.next_allowed_at is None
    assert str(collect.reasons[0]) == (
        "Number mobile …222 belongs to an emergency contact: only a locate-only call is allowed"
    )
    locate = decide(facts, emergency, DEBTS, moment, ContactHistory(), OJK, Purpose.LOCATE)
    assert locate.allowed
    assert "do not discuss the debt" in str(locate.notes[0])


@pytest.mark.parametrize("kind", sorted(OJK.blocking_flags, key=str))
def test_blocking_flags_on_customer_and_number(kind: FlagKind) -> None:
    moment = at("2026-11-23T10:00", "Asia/Jakarta")
    on_customer = check(moment, "Asia/Jakarta", flags=frozenset({kind}))
    assert not on_customer.allowed
    assert on_customer.next_allowed_at is None
    assert str(on_customer.reasons[0]).startswith("Customer flagged: ")
    flagged_number = NumberFacts(1, label="mobile …789", flags=frozenset({kind}))
    on_number = check(moment, "Asia/Jakarta", number=flagged_number)
    assert not on_number.allowed
    assert str(on_number.reasons[0]).startswith("Number mobile …789 flagged: ")


def test_hardship_and_vulnerable_do_not_block() -> None:
    decision = check(
        at("2026-11-23T10:00", "Asia/Jakarta"),
        "Asia/Jakarta",
        flags=frozenset({FlagKind.HARDSHIP, FlagKind.VULNERABLE}),
    )
    assert decision.allowed


def test_consent_opens_other_hours_until_it_expires_or_is_revoked() -> None:
    night = at("2026-11-23T21:00", "Asia/Jakarta")
    granted = at("2026-11-01T10:00", "Asia/Jakarta")
    assert not check(night, "Asia/Jakarta").allowed
    consent = ConsentFacts(granted, expires_at=at("2026-12-01T00:00", "Asia/Jakarta"))
    allowed = check(night, "Asia/Jakarta", consents=(consent,))
    assert allowed.allowed
    assert "consent" in str(allowed.notes[-1])
    expired = ConsentFacts(granted, expires_at=at("2026-11-20T00:00", "Asia/Jakarta"))
    assert not check(night, "Asia/Jakarta", consents=(expired,)).allowed
    revoked = ConsentFacts(granted, revoked_at=at("2026-11-22T00:00", "Asia/Jakarta"))
    assert not check(night, "Asia/Jakarta", consents=(revoked,)).allowed
    evening = ConsentFacts(granted, hours=(19 * 60, 21 * 60))
    blocked = check(at("2026-11-23T21:30", "Asia/Jakarta"), "Asia/Jakarta", consents=(evening,))
    assert blocked.next_allowed_at == at("2026-11-24T08:00", "Asia/Jakarta")
    early = check(at("2026-11-23T19:30", "Asia/Jakarta"), "Asia/Jakarta", consents=(evening,))
    assert early.allowed
    holiday = check(at("2026-08-17T21:00", "Asia/Jakarta"), "Asia/Jakarta", consents=(consent,))
    assert not holiday.allowed  # a consent lifts the hours, not national holidays …
    sunday = check(at("2026-11-22T10:00", "Asia/Jakarta"), "Asia/Jakarta", consents=(consent,))
    assert not sunday.allowed  # … nor Sundays, unless the pack says so
    lenient = load_policy("id_ojk", {"consent": {"lifts": ["hours", "days"]}})
    assert check(at("2026-11-22T10:00", "Asia/Jakarta"), "Asia/Jakarta", policy=lenient, consents=(consent,)).allowed


def test_a_consent_that_ends_tonight_moves_the_next_moment_to_the_morning() -> None:
    consent = ConsentFacts(at("2026-11-01T10:00", "Asia/Jakarta"), expires_at=at("2026-11-23T22:00", "Asia/Jakarta"))
    decision = check(at("2026-11-23T22:30", "Asia/Jakarta"), "Asia/Jakarta", consents=(consent,))
    assert decision.next_allowed_at == at("2026-11-24T08:00", "Asia/Jakarta")


def test_numbers_that_cannot_be_dialled_or_are_not_valid_yet() -> None:
    moment = at("2026-11-23T10:00", "Asia/Jakarta")
    dead = NumberFacts(1, label="mobile …789", dialable=False, invalid_reason="number_invalid")
    decision = check(moment, "Asia/Jakarta", number=dead)
    assert str(decision.reasons[0]) == "Number mobile …789 cannot be dialled: not in service or invalid"
    assert decision.next_allowed_at is None
    later = NumberFacts(1, label="mobile …789", valid_from=at("2026-11-25T00:00", "Asia/Jakarta"))
    assert check(moment, "Asia/Jakarta", number=later).next_allowed_at == at("2026-11-25T08:00", "Asia/Jakarta")
    gone = NumberFacts(1, label="mobile …789", valid_until=at("2026-11-01T00:00", "Asia/Jakarta"))
    assert check(moment, "Asia/Jakarta", number=gone).next_allowed_at is None


def test_reg_f_hours_seven_in_seven_and_the_quiet_week() -> None:
    chicago = "America/Chicago"
    assert check(at("2026-11-22T20:59", chicago), chicago, policy=REG_F).allowed  # Sunday is fine in the US
    late = check(at("2026-11-22T21:00", chicago), chicago, policy=REG_F)
    assert str(late.reasons[0]) == "Sunday 21:00 CST: outside 08:00–21:00"
    seven = tuple(Attempt(at(f"2026-11-{day}T10:00", chicago), 1) for day in (16, 17, 17, 18, 19, 19, 20))
    capped = check(at("2026-11-21T10:00", chicago), chicago, policy=REG_F, history=ContactHistory(seven))
    assert [str(r) for r in capped.reasons] == [
        "7 call attempts in the 7 days to Sat 21 Nov 2026 about PL-1 (limit 7 per debt)"
    ]
    assert capped.next_allowed_at == at("2026-11-23T08:00", chicago)
    talked = ContactHistory(conversations=(Conversation(at("2026-11-20T10:00", chicago)),))
    quiet = check(at("2026-11-26T20:00", chicago), chicago, policy=REG_F, history=talked)
    assert str(quiet.reasons[0]) == "Talked with the customer on Fri 20 Nov 2026: no call about PL-1 for 7 days"
    assert quiet.next_allowed_at == at("2026-11-27T08:00", chicago)
    other_debt = ContactHistory(conversations=(Conversation(at("2026-11-20T10:00", chicago), frozenset({99})),))
    assert check(at("2026-11-26T20:00", chicago), chicago, policy=REG_F, history=other_debt).allowed


def test_policy_packs_load_and_bad_ones_are_refused() -> None:
    assert {"id_ojk", "us_reg_f"} <= set(available_policies())
    assert load_policy("id_ojk", {"caps": {"per_person_per_day": 1}}).caps.per_person_per_day == 1
    with pytest.raises(PolicyError, match="unknown policy pack"):
        load_policy("mars")
    with pytest.raises(PolicyError, match="start before it ends"):
        load_policy("id_ojk", {"window": {"hours": ["20:00", "08:00"]}})


def test_province_decides_the_zone_when_the_customer_has_none() -> None:
    assert OJK.zone_for_province("Sulawesi Selatan") == "Asia/Makassar"
    assert OJK.zone_for_province("Provinsi Papua Barat Daya") == "Asia/Jayapura"
    assert OJK.zone_for_province("Kalimantan Barat") == "Asia/Pontianak"
    assert OJK.zone_for_province("Atlantis") is None

"""Outcome → next action, for every disposition in the shipped catalog (the pure planning step)."""

from __future__ import annotations

import datetime as dt

import pytest

from agent_desk.compliance import NumberFacts, load_policy
from agent_desk.resources import load_toml
from agent_desk.scheduling.catalog import CatalogEntry, CatalogError, parse_duration, rule_from_data
from agent_desk.scheduling.next_action import OutcomeError, next_number, plan_next_action
from db.models import ActionKind, ContactOwner, FlagKind
from tests.worklist.factories import NOW, WITA

POLICY = load_policy("id_ojk")
NUMBERS = (
    NumberFacts(1, label="mobile …001", is_primary=True),
    NumberFacts(2, label="home …002"),
    NumberFacts(3, owner=ContactOwner.EMERGENCY_CONTACT, label="mobile …003"),
)
PROMISE_DUE = dt.date(2026, 11, 27)
CALLBACK = dt.datetime(2026, 11, 25, 2, 0, tzinfo=dt.UTC)  # Wed 10:00 WITA


def catalog() -> dict[str, CatalogEntry]:
    entries = {}
    for code, row in load_toml("dispositions.toml").items():
        entries[code] = CatalogEntry(
            code=code,
            right_party_contact=bool(row.get("right_party_contact")),
            human_answered=bool(row.get("human_answered")),
            final=bool(row.get("final")),
            needs_callback_time=bool(row.get("needs_callback_time")),
            needs_promise=bool(row.get("needs_promise")),
            sort_order=int(row.get("sort_order", 0)),
            active=True,
            rule=rule_from_data(code, row["next_action"]),
        )
    return entries


def local(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour - 8, tzinfo=dt.UTC)  # WITA is UTC+8


H = dt.timedelta(hours=1)
# code: (kind, due, number to dial next, number invalidated, flag set, supervisor list, description)
TABLE = {
    "promise_to_pay": (
        ActionKind.PROMISE_CHECK,
        local(dt.date(2026, 11, 28), 9),
        1,
        None,
        None,
        False,
        "Promise check Sat 28 Nov, 09:00 WITA",
    ),
    "claims_paid": (
        ActionKind.PROMISE_CHECK,
        local(dt.date(2026, 11, 26), 9),
        1,
        None,
        None,
        False,
        "Check the payment Thu 26 Nov, 09:00 WITA",
    ),
    "partial_payment": (
        ActionKind.PROMISE_CHECK,
        local(dt.date(2026, 11, 28), 9),
        1,
        None,
        None,
        False,
        "Promise check Sat 28 Nov, 09:00 WITA",
    ),
    "callback_requested": (ActionKind.CALLBACK, CALLBACK, 1, None, None, False, "Callback Wed 25 Nov, 10:00 WITA"),
    "refused": (
        ActionKind.CALL,
        NOW + 24 * H,
        1,
        None,
        None,
        False,
        "Call again Wed 25 Nov, 11:00 WITA on mobile …001",
    ),
    "dispute": (ActionKind.HOLD, NOW, None, None, FlagKind.DISPUTE, True, "On hold (Dispute): on the supervisor list"),
    "hardship": (
        ActionKind.CALL,
        NOW + 7 * 24 * H,
        1,
        None,
        FlagKind.HARDSHIP,
        False,
        "Call again Tue 1 Dec, 11:00 WITA on mobile …001",
    ),
    "wrong_number": (ActionKind.RETRY, NOW + H, 2, 1, None, False, "Retry Tue 24 Nov, 12:00 WITA on home …002"),
    "third_party": (ActionKind.RETRY, NOW + 4 * H, 2, None, None, False, "Retry Tue 24 Nov, 15:00 WITA on home …002"),
    "no_answer": (ActionKind.RETRY, NOW + 1 * H, 2, None, None, False, "Retry Tue 24 Nov, 12:00 WITA on home …002"),
    "busy": (ActionKind.RETRY, NOW + H / 2, 2, None, None, False, "Retry Tue 24 Nov, 11:30 WITA on home …002"),
    "voicemail": (ActionKind.RETRY, NOW + 2 * H, 2, None, None, False, "Retry Tue 24 Nov, 13:00 WITA on home …002"),
    "number_invalid": (ActionKind.RETRY, NOW + H / 12, 2, 1, None, False, "Retry Tue 24 Nov, 11:05 WITA on home …002"),
    "call_rejected": (ActionKind.RETRY, NOW + 6 * H, 2, None, None, False, "Retry Tue 24 Nov, 17:00 WITA on home …002"),
    "network_failure": (
        ActionKind.RETRY,
        NOW + H / 4,
        1,
        None,
        None,
        False,
        "Retry Tue 24 Nov, 11:15 WITA on mobile …001",
    ),
    "deceased": (
        ActionKind.HOLD,
        NOW,
        None,
        None,
        FlagKind.DECEASED,
        True,
        "On hold (Deceased): on the supervisor list",
    ),
}


def test_the_table_covers_the_whole_catalog_and_the_issue_list() -> None:
    required = {
        "promise_to_pay",
        "claims_paid",
        "partial_payment",
        "callback_requested",
        "refused",
        "dispute",
        "hardship",
        "wrong_number",
        "third_party",
        "no_answer",
        "busy",
        "voicemail",
        "number_invalid",
        "call_rejected",
        "network_failure",
        "deceased",
    }
    assert set(catalog()) == set(TABLE) >= required


@pytest.mark.parametrize("code", sorted(TABLE))
def test_next_action_of_every_disposition(code: str) -> None:
    kind, due, number_id, invalidated, flag, supervisor, words = TABLE[code]
    spec = catalog()[code]
    plan = plan_next_action(
        spec,
        now=NOW,
        zone=WITA,
        dialed_number_id=1,
        numbers=NUMBERS,
        policy=POLICY,
        callback_at=CALLBACK if spec.needs_callback_time else None,
        promise_due=PROMISE_DUE if spec.needs_promise else None,
    )
    assert plan.kind is kind
    assert plan.due_at == due
    assert plan.contact_point_id == number_id
    assert plan.invalidate_number_id == invalidated
    assert plan.set_flag == flag
    assert plan.supervisor_list is supervisor
    assert plan.for_promise is spec.needs_promise
    assert str(plan.description) == words


def test_rotation_goes_round_the_debtors_own_numbers_only() -> None:
    assert next_number(NUMBERS, 1, POLICY) == 2
    assert next_number(NUMBERS, 2, POLICY) == 1  # back to the primary; the emergency contact is not in the rotation
    assert next_number(NUMBERS[:1], 1, POLICY) == 1
    assert next_number(NUMBERS, 1, POLICY, exclude=1) == 2
    flagged = (NUMBERS[0], NumberFacts(2, label="home …002", flags=frozenset({FlagKind.DO_NOT_CALL})))
    assert next_number(flagged, 1, POLICY) == 1


def test_invalidating_the_last_number_says_a_new_one_is_needed() -> None:
    plan = plan_next_action(
        catalog()["number_invalid"], now=NOW, zone=WITA, dialed_number_id=1, numbers=NUMBERS[:1], policy=POLICY
    )
    assert plan.contact_point_id is None
    assert plan.invalidate_number_id == 1
    assert str(plan.description).startswith("No dialable number left")


def test_a_callback_or_promise_must_be_given() -> None:
    with pytest.raises(OutcomeError, match="callback time"):
        plan_next_action(
            catalog()["callback_requested"], now=NOW, zone=WITA, dialed_number_id=1, numbers=NUMBERS, policy=POLICY
        )
    with pytest.raises(OutcomeError, match="promise"):
        plan_next_action(
            catalog()["promise_to_pay"], now=NOW, zone=WITA, dialed_number_id=1, numbers=NUMBERS, policy=POLICY
        )


def test_durations_and_bad_rules() -> None:
    assert parse_duration("PT30M") == dt.timedelta(minutes=30)
    assert parse_duration("P1DT2H") == dt.timedelta(days=1, hours=2)
    for bad in ("30M", "P", "PT", "P1W"):
        with pytest.raises(CatalogError):
            parse_duration(bad)
    with pytest.raises(CatalogError, match="unknown next_action keys"):
        rule_from_data("x", {"kind": "retry", "dleay": "PT1H"})
    with pytest.raises(CatalogError):
        rule_from_data("x", {"kind": "teleport"})

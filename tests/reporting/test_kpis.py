"""Each KPI of docs/KPIS.md on the hand-built week, against figures worked out by hand (see fixture.py).

Every test runs on SQLite and on a real PostgreSQL server: the same numbers on both.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from agent_desk.compliance.policy import load_policy
from agent_desk.reporting import Filters, Grouping, KpiRow, Period, Scope, Segment, compute_kpis
from tests.reporting.fixture import FIRST, LAST, NOW


def kpis(week, grouping: Grouping = Grouping.AGENT, **kwargs) -> dict[str, KpiRow]:  # type: ignore[no-untyped-def]
    database, _ = week
    segment = kwargs.pop("segment", Segment.BUCKET)
    scope = Scope(Period(FIRST, LAST), load_policy("id_ojk"), Filters(**kwargs), grouping, segment, now=NOW)
    with database.session() as session:
        return {str(row.label): row for row in compute_kpis(session, scope)}


def test_attempts_count_calls_in_the_period_those_entered_by_hand_too_but_no_messages(week) -> None:
    rows = kpis(week)
    # budi's fourth is the call he made from his mobile and entered by hand; ani's SMS and WhatsApp are no calls.
    assert {name: row.attempts for name, row in rows.items()} == {"ani": 4, "budi": 4, "citra": 1}
    assert kpis(week, Grouping.TOTAL)["all"].attempts == 9
    assert rows["ani"].talk_seconds == 120 + 60 + 200


def test_messages_sent_delivered_and_failed_per_channel(week) -> None:
    rows = kpis(week)
    ani = rows["ani"]
    assert (ani.sms_sent, ani.sms_delivered, ani.sms_failed) == (2, 1, 0)
    assert (ani.whatsapp_sent, ani.whatsapp_delivered, ani.whatsapp_failed) == (1, 0, 1)
    assert (ani.messages_sent, ani.messages_delivered, ani.messages_failed) == (3, 1, 1)
    assert "" not in rows  # the cadence's reminders (a queued e-mail, an SMS failed before it went) have no agent
    total = kpis(week, Grouping.TOTAL)["all"]
    assert (total.messages_sent, total.messages_delivered, total.messages_failed) == (3, 1, 2)
    assert (total.email_sent, total.email_failed, total.sms_failed, total.attempts) == (0, 0, 1, 9)
    days = kpis(week, Grouping.DAY)
    assert (days["2026-11-04"].messages_sent, days["2026-11-06"].sms_failed) == (2, 1)


def test_connects_are_outcomes_where_a_person_answered(week) -> None:
    rows = kpis(week)
    assert (rows["ani"].connects, rows["budi"].connects, rows["citra"].connects) == (3, 3, 0)
    assert rows["ani"].connect_rate == pytest.approx(3 / 4)


def test_right_party_contacts_and_their_rate_per_attempt(week) -> None:
    rows = kpis(week)
    assert (rows["ani"].rpc, rows["budi"].rpc, rows["citra"].rpc) == (2, 3, 0)
    assert (rows["ani"].rpc_rate, rows["budi"].rpc_rate, rows["citra"].rpc_rate) == (0.5, 0.75, 0.0)
    assert kpis(week, Grouping.TOTAL)["all"].rpc_rate == pytest.approx(5 / 9)


def test_promises_to_pay_and_their_rate_per_right_party_contact(week) -> None:
    rows = kpis(week)
    assert (rows["ani"].ptp, rows["budi"].ptp, rows["citra"].ptp) == (2, 2, 0)
    assert rows["ani"].ptp_rate == 1.0
    assert rows["budi"].ptp_rate == pytest.approx(2 / 3)
    assert rows["citra"].ptp_rate is None or rows["citra"].ptp_rate == 0  # no RPC: nothing to divide by
    assert kpis(week, Grouping.TOTAL)["all"].ptp_rate == pytest.approx(0.8)


def test_kept_rate_counts_judged_promises_due_in_the_period_only(week) -> None:
    rows = kpis(week)
    # ani: P1 kept, P2 broken; budi: P4 partially kept (P3 due later, pending); citra: P5 made in October, kept.
    assert (rows["ani"].promises_judged, rows["ani"].promises_kept, rows["ani"].kept_rate) == (2, 1, 0.5)
    assert (rows["budi"].promises_judged, rows["budi"].kept_rate) == (1, 0.0)
    assert rows["citra"].kept_rate == 1.0
    assert kpis(week, Grouping.TOTAL)["all"].kept_rate == 0.5


def test_broken_promise_rate(week) -> None:
    rows = kpis(week)
    assert (rows["ani"].broken_promise_rate, rows["budi"].broken_promise_rate) == (0.5, 0.0)
    assert kpis(week, Grouping.TOTAL)["all"].broken_promise_rate == 0.25


def test_amount_promised_against_collected_on_those_promises(week) -> None:
    rows = kpis(week)
    assert (rows["ani"].amount_promised, rows["ani"].amount_collected) == (Decimal("800000.00"), Decimal("500000.00"))
    assert (rows["budi"].amount_promised, rows["budi"].amount_collected) == (
        Decimal("1200000.00"),
        Decimal("100000.00"),
    )
    total = kpis(week, Grouping.TOTAL)["all"]
    assert (total.amount_promised, total.amount_collected) == (Decimal("2000000.00"), Decimal("600000.00"))


def test_collected_per_agent_hour(week) -> None:
    rows = kpis(week)
    assert rows["ani"].agent_hours == 4.0  # 08:00–12:00 signed in, the break included
    assert rows["ani"].collected_per_agent_hour == Decimal("125000.00")
    assert rows["budi"].collected_per_agent_hour == Decimal("50000.00")


def test_average_handle_time_is_talk_and_wrap_up_per_outcome(week) -> None:
    rows = kpis(week)
    assert (rows["ani"].talk_seconds, rows["ani"].wrap_up_seconds) == (380, 180)
    assert rows["ani"].average_handle_seconds == 140
    assert rows["budi"].average_handle_seconds == 90


def test_contacts_per_hour(week) -> None:
    rows = kpis(week)
    assert rows["ani"].contacts_per_hour == 0.75
    assert rows["budi"].contacts_per_hour == 1.5
    assert rows["citra"].contacts_per_hour is None  # never signed in during the week


def test_cure_and_roll_over_the_accounts_worked(week) -> None:
    rows = kpis(week)
    assert (rows["ani"].accounts_past_due, rows["ani"].accounts_cured, rows["ani"].accounts_rolled) == (2, 1, 0)
    assert (rows["budi"].accounts_past_due, rows["budi"].accounts_rolled, rows["budi"].roll_rate) == (1, 1, 1.0)
    total = kpis(week, Grouping.TOTAL)["all"]
    assert (total.accounts_past_due, total.cure_rate, total.roll_rate) == (
        3,
        pytest.approx(1 / 3),
        pytest.approx(1 / 3),
    )


def test_cure_and_roll_rate_by_bucket_use_the_bucket_at_the_start(week) -> None:
    rows = kpis(week, Grouping.SEGMENT, segment=Segment.BUCKET)
    assert rows["dpd_1_30"].cure_rate == 1.0
    assert (rows["dpd_31_60"].cure_rate, rows["dpd_31_60"].roll_rate) == (0.0, 0.0)
    assert rows["dpd_61_90"].roll_rate == 1.0


def test_compliance_blocks_and_overrides(week) -> None:
    rows = kpis(week)
    assert (rows["budi"].compliance_blocks, rows["citra"].compliance_blocks) == (1, 1)
    assert kpis(week, Grouping.TOTAL)["all"].compliance_overrides == 0


def test_language_guard_flags(week) -> None:
    assert kpis(week)["ani"].language_flags == 1
    assert kpis(week, Grouping.TOTAL)["all"].language_flags == 1


def test_plans_approved_and_rejected_count_for_the_agent_who_asked(week) -> None:
    rows = kpis(week)
    assert (rows["budi"].plans_approved, rows["budi"].plans_rejected) == (1, 0)
    assert (rows["ani"].plans_approved, rows["ani"].plans_rejected) == (0, 1)
    assert rows["citra"].plans_approved == rows["citra"].plans_rejected == 0


def test_by_team(week) -> None:
    rows = kpis(week, Grouping.TEAM)
    assert (rows["A"].attempts, rows["B"].attempts) == (8, 1)
    assert rows["A"].agent_hours == 6.0


def test_by_day_in_the_team_zone(week) -> None:
    rows = kpis(week, Grouping.DAY)
    attempts = {day: row.attempts for day, row in rows.items()}
    assert attempts == {
        "2026-11-02": 3,
        "2026-11-03": 1,
        "2026-11-04": 1,
        "2026-11-05": 1,
        "2026-11-06": 2,
        "2026-11-07": 1,
        "2026-11-08": 0,  # only a compliance block that Sunday evening
    }
    assert rows["2026-11-08"].compliance_blocks == 1


def test_by_hour_of_day_in_the_customer_zone(week) -> None:
    rows = kpis(week, Grouping.HOUR)
    assert {hour: row.attempts for hour, row in rows.items() if row.attempts} == {
        "8": 1,
        "9": 2,
        "10": 2,
        "11": 1,
        "14": 1,
        "15": 1,
        "16": 1,
    }
    assert rows["10"].amount_collected == Decimal("500000.00")
    assert rows["15"].amount_collected == Decimal("100000.00")
    assert rows["10"].agent_hours is None  # agent time does not belong to an hour of the customers' day


def test_by_segment_of_the_lead_account(week) -> None:
    buckets = kpis(week, Grouping.SEGMENT, segment=Segment.PRODUCT)
    assert {name: row.attempts for name, row in buckets.items() if row.attempts} == {
        "personal_loan": 2,
        "credit_card": 2,
        "paylater": 2,
        "vehicle_financing": 3,
    }
    zones = kpis(week, Grouping.SEGMENT, segment=Segment.ZONE)
    assert zones["Asia/Jayapura"].attempts == 2  # C3 has no zone of its own: Papua's


def test_filters_narrow_every_kpi(week) -> None:
    _, ids = week
    only_a = kpis(week, Grouping.TOTAL, team_id=ids["ani"] and None, agent_ids=(ids["ani"],))["all"]
    assert (only_a.attempts, only_a.rpc, only_a.language_flags) == (4, 2, 1)
    late = kpis(week, Grouping.TOTAL, bucket="dpd_90_plus")["all"]
    assert (late.attempts, late.ptp, late.compliance_blocks) == (3, 2, 1)
    assert late.agent_hours is None


def test_by_script_variant(week) -> None:
    rows = kpis(week, Grouping.VARIANT)
    assert (rows["early"].attempts, rows["middle"].attempts) == (2, 7)
    assert (rows["early"].ptp, rows["middle"].ptp) == (1, 3)


def test_dates_outside_the_period_are_refused() -> None:
    with pytest.raises(ValueError, match="before it starts"):
        Period(dt.date(2026, 11, 8), dt.date(2026, 11, 2))


def test_an_outcome_saved_without_a_call_before_calls_were_required_is_an_attempt_of_its_own(sqlite_url) -> None:
    import uuid

    from db import migrate
    from db.engine import open_database
    from db.models import Outcome
    from tests.reporting import fixture

    database = open_database(sqlite_url)
    try:
        migrate.upgrade(database)
        ids = fixture.build(database)
        with database.transaction(write=True) as session:  # as the desk could save one before revision 0600
            session.add(
                Outcome(
                    draft_key=str(uuid.uuid4()),
                    interaction_id=None,
                    customer_id=ids["c1"],
                    user_id=ids["citra"],
                    disposition_code="callback_requested",
                    created_at=fixture.at(5, 11),
                )
            )
        rows = kpis((database, ids))
        assert (rows["citra"].attempts, rows["citra"].connects, rows["citra"].handled) == (2, 1, 2)
        assert rows["citra"].talk_seconds == 0
    finally:
        database.dispose()

"""The outcome review list: filters, the drill-down behind a dashboard group and funnel step, the call detail."""

from __future__ import annotations

from decimal import Decimal

from agent_desk.compliance.policy import load_policy
from agent_desk.reporting import Filters, Grouping, Period, Scope
from agent_desk.review import OutcomeQuery, Stage, call_detail, list_outcomes
from agent_desk.text import render
from tests.reporting.fixture import FIRST, LAST, NOW


def outcomes(week, grouping=Grouping.TOTAL, **kwargs):  # type: ignore[no-untyped-def]
    database, _ = week
    filters = kwargs.pop("filters", Filters())
    scope = Scope(Period(FIRST, LAST), load_policy(), filters, grouping, now=NOW)
    with database.session() as session:
        return list_outcomes(session, OutcomeQuery(scope, **kwargs))


def test_the_list_is_newest_first_with_amounts_and_calls_entered_by_hand_marked(week) -> None:
    _, ids = week
    lines = outcomes(week)
    assert len(lines) == 9
    assert [line.at for line in lines] == sorted((line.at for line in lines), reverse=True)
    manual = next(line for line in lines if line.outcome_id == ids["outcomemanual"])
    assert manual.by_hand and manual.amount_promised == Decimal("200000.00")
    assert manual.manual_reason == "line down, rang from my mobile" and not manual.without_call
    assert not next(line for line in lines if line.outcome_id == ids["outcome2"]).by_hand
    assert next(line for line in lines if line.outcome_id == ids["outcome3"]).zone == "Asia/Makassar"


def test_drill_down_by_agent_and_funnel_step_matches_the_kpis(week) -> None:
    _, ids = week
    assert len(outcomes(week, Grouping.AGENT, key=ids["budi"], stage=Stage.RPC)) == 3
    assert len(outcomes(week, Grouping.AGENT, key=ids["ani"], stage=Stage.PTP)) == 2
    assert [line.outcome_id for line in outcomes(week, stage=Stage.KEPT)] == [ids["outcome2"]]
    import datetime as dt

    assert len(outcomes(week, Grouping.DAY, key=dt.date(2026, 11, 6))) == 2


def test_filters_by_disposition_flag_amount_and_entered_by_hand(week) -> None:
    _, ids = week
    assert {line.disposition_code for line in outcomes(week, dispositions=("no_answer", "busy"))} == {
        "no_answer",
        "busy",
    }
    assert [line.outcome_id for line in outcomes(week, flagged_only=True)] == [ids["outcome4"]]
    assert len(outcomes(week, min_amount=Decimal("500000"))) == 2
    assert [line.outcome_id for line in outcomes(week, by_hand_only=True)] == [ids["outcomemanual"]]


def test_call_detail_has_the_customer_promises_flags_and_compliance(week) -> None:
    database, ids = week
    with database.session() as session:
        detail = call_detail(session, ids["outcome4"], load_policy())
        manual = call_detail(session, ids["outcomemanual"], load_policy())
    assert detail is not None and manual is not None
    assert detail.agent == "ani" and detail.zone == "Asia/Makassar"
    assert [p.status for p in detail.promises] == ["broken"]
    assert detail.language_phrases == ("x",)
    assert detail.accounts[0].bucket == "dpd_31_60"
    assert "Allowed by the contact rules" in render(detail.compliance, "en")
    assert not detail.has_recording
    assert manual.interaction_id is not None and manual.manual_reason == "line down, rang from my mobile"
    assert "entered by hand (line down, rang from my mobile)" in render(manual.compliance, "en")


def test_live_board_shows_states_queues_and_promises_due(week) -> None:
    import datetime as dt

    from agent_desk.reporting.live import live_board
    from db.models import AgentState

    database, _ = week
    now = dt.datetime(2026, 11, 4, 3, 0, tzinfo=dt.UTC)  # Wed 10:00 WIB, P1 falls due today
    with database.session() as session:
        board = live_board(session, now, "Asia/Jakarta")
        assert {a.login: a.state for a in board.agents}["citra"] is AgentState.SIGNED_OUT
        assert (board.promises_due_today, board.promises_kept_today) == (1, 1)
        assert board.queues == ()  # no worklist built in the fixture
    later = dt.datetime(2026, 11, 9, 2, 0, tzinfo=dt.UTC)  # Monday 09:00 WIB: citra on a break since 08:00
    with database.session() as session:
        citra = next(a for a in live_board(session, later, "Asia/Jakarta").agents if a.login == "citra")
    assert (citra.state, citra.reason, later - citra.since) == (AgentState.BREAK, "meal", dt.timedelta(hours=1))

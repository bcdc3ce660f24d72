"""QA: scoring a call, an instant-fail item, an agent viewing their own scorecards, calibration of two reviewers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import select

from agent_desk.qa import QaError, available_forms, calibration, load_form, score_call, scorecards_for
from db import migrate
from db.engine import open_database
from db.models import AuditEvent, Role, User, UserPermission
from tests.reporting import fixture

NOW = dt.datetime(2026, 11, 10, 4, 0, tzinfo=dt.UTC)
ALL_YES = {c.code: "yes" for c in load_form("collection_call").checkpoints}


@pytest.fixture
def week(sqlite_url):  # type: ignore[no-untyped-def]
    database = open_database(sqlite_url)
    migrate.upgrade(database)
    ids = fixture.build(database)
    with database.transaction(write=True) as session:  # a QA reviewer from outside the team
        qa = User(login="qa", display_name="Quality", role=Role.TRAINER, created_at=NOW)
        session.add(qa)
        session.flush()
        session.add(UserPermission(user_id=qa.id, permission="qa.review", granted_at=NOW))
        ids["qa"] = qa.id
    yield database, ids
    database.dispose()


def test_the_shipped_form_loads_with_sections_weights_and_instant_fails() -> None:
    assert "collection_call" in available_forms()
    form = load_form("collection_call")
    assert sum(c.points for c in form.checkpoints) == 80
    assert {i.code for i in form.instant_fail} == {"no_verification", "third_party_disclosure", "threat"}
    assert all(set(c.text) == {"en", "id"} for c in (*form.checkpoints, *form.instant_fail))


def test_scoring_a_call_weighs_checkpoints_and_leaves_na_out(week) -> None:
    database, ids = week
    answers = {**ALL_YES, "objections": "na", "read_back": "no"}  # 80 - 10 (n/a) = 70 apply, 60 met
    with database.transaction(write=True) as session:
        card = score_call(session, ids["sri"], ids["outcome2"], "collection_call", answers, set(), "Good tone", NOW)
    assert card.score == Decimal("0.8571") and not card.instant_fail
    assert card.agent_user_id == ids["ani"]
    with database.session() as session:
        audit = session.scalar(select(AuditEvent).where(AuditEvent.action == "qa.scored"))
        assert audit is not None and audit.entity_id == str(ids["outcome2"])


def test_an_instant_fail_item_makes_the_score_zero(week) -> None:
    database, ids = week
    with database.transaction(write=True) as session:
        card = score_call(
            session, ids["sri"], ids["outcome3"], "collection_call", ALL_YES, {"third_party_disclosure"}, None, NOW
        )
    assert (card.score, card.instant_fail) == (Decimal("0"), True)


def test_an_unanswered_checkpoint_or_an_unknown_one_is_refused(week) -> None:
    database, ids = week
    with database.transaction(write=True) as session:
        with pytest.raises(QaError, match="Answer every checkpoint"):
            score_call(session, ids["sri"], ids["outcome2"], "collection_call", {"greeting": "yes"}, set(), None, NOW)
        with pytest.raises(QaError, match="no checkpoint"):
            score_call(session, ids["sri"], ids["outcome2"], "collection_call", ALL_YES, {"rudeness"}, None, NOW)
        with pytest.raises(QaError, match="Only supervisors"):
            score_call(session, ids["budi"], ids["outcome2"], "collection_call", ALL_YES, set(), None, NOW)


def test_the_agent_sees_their_own_scorecards_and_comments_only(week) -> None:
    database, ids = week
    with database.transaction(write=True) as session:
        score_call(session, ids["sri"], ids["outcome2"], "collection_call", ALL_YES, set(), "Clear read-back", NOW)
        score_call(session, ids["sri"], ids["outcome7"], "collection_call", ALL_YES, set(), "For budi", NOW)
    with database.session() as session:
        own = scorecards_for(session, ids["ani"], ids["ani"])
        assert [(c.outcome_id, c.comment, c.reviewer) for c in own] == [(ids["outcome2"], "Clear read-back", "Sri")]
        with pytest.raises(QaError, match="only your own"):
            scorecards_for(session, ids["ani"], ids["budi"])
        assert len(scorecards_for(session, ids["sri"], ids["budi"])) == 1  # the supervisor sees the team's


def test_calibration_shows_the_difference_between_two_reviewers(week) -> None:
    database, ids = week
    with database.transaction(write=True) as session:
        score_call(session, ids["sri"], ids["outcome4"], "collection_call", ALL_YES, set(), None, NOW)
        second = {**ALL_YES, "empathy": "no", "listens": "no"}  # 80 apply, 60 met
        score_call(session, ids["qa"], ids["outcome4"], "collection_call", second, set(), None, NOW)
    with database.session() as session:
        result = calibration(session, ids["outcome4"])
    assert result.scores == {"sri": Decimal("1.0000"), "qa": Decimal("0.7500")}
    assert result.difference == Decimal("0.2500")
    assert result.disagreements == ("empathy", "listens")


def test_scores_per_agent_over_time_by_week(week) -> None:
    from agent_desk.qa import score_trend

    database, ids = week
    first_week = dt.datetime(2026, 11, 3, 3, 0, tzinfo=dt.UTC)  # Tue 3 Nov, 10:00 WIB
    next_week = dt.datetime(2026, 11, 10, 3, 0, tzinfo=dt.UTC)
    low = {**ALL_YES, "empathy": "no", "listens": "no"}  # 0.75
    with database.transaction(write=True) as session:
        score_call(session, ids["sri"], ids["outcome2"], "collection_call", ALL_YES, set(), None, first_week)
        score_call(session, ids["sri"], ids["outcome4"], "collection_call", low, set(), None, first_week)
        score_call(session, ids["sri"], ids["outcome1"], "collection_call", low, set(), None, next_week)
        score_call(session, ids["sri"], ids["outcome7"], "collection_call", ALL_YES, set(), None, next_week)
    with database.session() as session:
        ani = score_trend(session, dt.date(2026, 11, 1), dt.date(2026, 11, 15), 420, agent_ids=(ids["ani"],))
        team = score_trend(session, dt.date(2026, 11, 1), dt.date(2026, 11, 15), 420, team_id=None)
    assert [(p.week, p.count, p.average) for p in ani] == [
        (dt.date(2026, 11, 2), 2, Decimal("0.8750")),
        (dt.date(2026, 11, 9), 1, Decimal("0.7500")),
    ]
    assert [p.count for p in team] == [2, 2]

"""Priority-weight and cadence experiments: what an arm may change, the settings the worklist gets for a customer,
the checks a start request goes through and the preview of the split."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import select

from agent_desk.experiments import (
    ExperimentSpec,
    apply_arm,
    arm_problems,
    experiment_settings,
    preview_split,
    spec_problems,
    start_experiment,
)
from agent_desk.worklist.settings import read_settings
from db.models import ExperimentArm
from tests.experiments.test_experiments import END, START, _users, book  # noqa: F401 - the shared book

LATER = START + dt.timedelta(days=3)


def _codes(problems) -> list[str]:  # type: ignore[no-untyped-def]
    return [problem.code for problem in problems]


def test_an_arm_changes_only_weights_and_stage_cadence_that_exist(book) -> None:  # noqa: F811
    with book.session() as session:
        settings = read_settings(session)
    assert arm_problems("priority_weights", {"recovery_points": "14", "roll_horizon_days": 10}, settings) == []
    assert _codes(arm_problems("priority_weights", {"loudness": "3"}, settings)) == ["experiment.unknown_setting"]
    assert _codes(arm_problems("priority_weights", {"recovery_points": "-1"}, settings)) == ["experiment.bad_value"]
    assert _codes(arm_problems("priority_weights", {"roll_horizon_days": "2.5"}, settings)) == ["experiment.bad_value"]
    assert _codes(arm_problems("priority_weights", {"reference_amount": "5"}, settings)) == [
        "experiment.unknown_setting"
    ]
    assert arm_problems("cadence", {"dpd_1_30": {"min_minutes_between_attempts": 60}}, settings) == []
    assert _codes(arm_problems("cadence", {"dpd_7_9": {"max_attempts_per_day": 1}}, settings)) == [
        "experiment.unknown_stage"
    ]
    assert _codes(arm_problems("cadence", {"dpd_1_30": {"max_attempts_per_day": 0}}, settings)) == [
        "experiment.bad_value"
    ]


def test_apply_arm_lays_the_changes_over_the_settings(book) -> None:  # noqa: F811
    with book.session() as session:
        settings = read_settings(session)
    weighted = apply_arm(settings, "priority_weights", {"recovery_points": "14", "roll_horizon_days": 10})
    assert weighted.priority.recovery_points == Decimal("14") and weighted.priority.roll_horizon_days == 10
    assert weighted.priority.callback_points == settings.priority.callback_points
    paced = apply_arm(
        settings, "cadence", {"dpd_1_30": {"min_minutes_between_attempts": 60, "max_attempts_per_day": None}}
    )
    stage = paced.stage("dpd_1_30")
    assert stage is not None and stage.min_minutes_between_attempts == 60 and stage.max_attempts_per_day is None
    assert paced.stage("dpd_31_60") == settings.stage("dpd_31_60")
    assert apply_arm(settings, "priority_weights", {}) is settings


def test_the_worklist_gets_each_customers_arm_settings_while_the_experiment_runs(book) -> None:  # noqa: F811
    spv = _users(book)["spv"]
    spec = ExperimentSpec(
        "weights", "priority_weights", {"bucket": "dpd_1_30"}, {}, {"recovery_points": "20"}, START, END, seed=3
    )
    with book.transaction(write=True) as session:
        experiment_id = start_experiment(session, spv, spec, START)
    with book.session() as session:
        base = read_settings(session)
        arms = dict(
            session.execute(
                select(ExperimentArm.customer_id, ExperimentArm.arm).where(ExperimentArm.experiment_id == experiment_id)
            ).all()
        )
        settings_of = experiment_settings(session, base, LATER)
        challenger = next(c for c, arm in arms.items() if arm == "challenger")
        champion = next(c for c, arm in arms.items() if arm == "champion")
        outside = 10  # bucket dpd_31_60: not in the segment
        assert outside not in arms
        assert settings_of(challenger).priority.recovery_points == Decimal("20")
        assert settings_of(champion) is base and settings_of(outside) is base
        one = experiment_settings(session, base, LATER, customer_ids=[challenger])  # the hot path: one customer
        assert one(challenger).priority.recovery_points == Decimal("20")
        assert experiment_settings(session, base, END + dt.timedelta(days=1))(challenger) is base  # ended


def test_a_start_request_lists_every_problem_and_the_preview_is_the_split_it_makes(book) -> None:  # noqa: F811
    users = _users(book)
    with book.session() as session:
        bad = ExperimentSpec(" ", "cadence", {"bucket": "dpd_1_30"}, {}, {}, START, START - dt.timedelta(days=1))
        assert _codes(spec_problems(session, users["agent"], bad, START)) == [
            "experiment.not_a_supervisor",
            "experiment.no_name",
            "experiment.bad_period",
            "experiment.same_arms",
        ]
        late = ExperimentSpec("late", "cadence", {}, {}, {"dpd_1_30": {"max_attempts_per_day": 2}}, START, END)
        assert _codes(spec_problems(session, users["spv"], late, END + dt.timedelta(hours=1))) == [
            "experiment.over_already"
        ]
        spec = ExperimentSpec(
            "scripts", "script_variant", {"bucket": "dpd_1_30"}, {"variant": "early"}, {"variant": "late"}, START,
            END, challenger_share=Decimal("0.3"), seed=5,
        )  # fmt: skip
        assert spec_problems(session, users["spv"], spec, START) == []
        preview = preview_split(session, spec)
    assert preview.customers == 1_440  # nine in ten of the 1,600 customers are in dpd_1_30
    assert 0.25 < preview.challenger / preview.customers < 0.35
    with book.transaction(write=True) as session:
        experiment_id = start_experiment(session, users["spv"], spec, START)
    with book.session() as session:
        drawn = session.scalars(select(ExperimentArm.arm).where(ExperimentArm.experiment_id == experiment_id)).all()
        assert (len(drawn), drawn.count("challenger")) == (preview.customers, preview.challenger)
        assert _codes(spec_problems(session, users["spv"], spec, START)) == ["experiment.name_taken"]

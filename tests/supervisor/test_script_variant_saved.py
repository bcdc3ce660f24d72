"""The wrap-up records which script variant the agent followed, so KPIs and experiments can compare variants."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from db.models import ExperimentArm, Outcome
from tests.ui.conftest import open_next, record_call

pytestmark = pytest.mark.gui


def test_the_saved_outcome_carries_the_script_variant(qtbot, window, context) -> None:  # type: ignore[no-untyped-def]
    workspace = window.workspace
    customer = open_next(qtbot, window)
    record_call(qtbot, window)
    run = workspace.script.run
    assert run is not None
    variant = run.script.variant
    wrapup = workspace.wrapup
    wrapup.disposition.setCurrentIndex(wrapup.disposition.findData("refused"))
    window.loop_actions["save"].trigger()
    qtbot.waitUntil(
        lambda: workspace.loop.current is None or workspace.loop.current.profile.id != customer, timeout=5000
    )
    with context.database.session() as session:
        saved = session.scalars(
            select(Outcome).where(Outcome.customer_id == customer).order_by(Outcome.id.desc())
        ).first()
    assert saved is not None and saved.disposition_code == "refused"
    assert saved.script_variant == variant and variant in ("pre_due", "early", "middle", "late", "third_party")


def test_a_script_experiment_gives_the_customer_their_arms_script(qtbot, window, context, users) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    from agent_desk.experiments import ExperimentSpec, start_experiment

    now = context.clock.now()
    spec = ExperimentSpec(
        "Late against middle for everyone",
        "script_variant",
        {},
        {"variant": "late"},
        {"variant": "middle"},
        now - dt.timedelta(days=1),
        now + dt.timedelta(days=7),
    )
    with context.database.transaction(write=True) as session:
        experiment_id = start_experiment(session, users["supervisor"].id, spec, now)
    workspace = window.workspace
    customer = open_next(qtbot, window)
    with context.database.session() as session:
        arm = session.scalar(
            select(ExperimentArm.arm).where(
                ExperimentArm.experiment_id == experiment_id, ExperimentArm.customer_id == customer
            )
        )
    record_call(qtbot, window)
    run = workspace.script.run
    assert run is not None
    assert run.script.variant == {"champion": "late", "challenger": "middle"}[arm]  # whatever the days past due
    wrapup = workspace.wrapup
    wrapup.disposition.setCurrentIndex(wrapup.disposition.findData("no_answer"))
    window.loop_actions["save"].trigger()
    qtbot.waitUntil(
        lambda: workspace.loop.current is None or workspace.loop.current.profile.id != customer, timeout=5000
    )
    with context.database.session() as session:
        saved = session.scalars(
            select(Outcome).where(Outcome.customer_id == customer).order_by(Outcome.id.desc())
        ).first()
    assert saved is not None and saved.script_variant == run.script.variant

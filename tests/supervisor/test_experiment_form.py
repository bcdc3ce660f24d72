"""The Experiments view's form with real widgets offscreen: the preview shows the split the start will make, a bad
request lists its problems and cannot start, a started experiment appears in the list."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QDate, Qt
from sqlalchemy import select

from agent_desk.experiments import preview_split
from db.models import Experiment, ExperimentArm
from ui import text
from ui.supervisor.experiments_view import ExperimentsView

pytestmark = pytest.mark.gui


@pytest.fixture
def view(qtbot, context, background, users):  # type: ignore[no-untyped-def]
    experiments = ExperimentsView(context, background, users["supervisor"])
    qtbot.addWidget(experiments)
    experiments.resize(1366, 700)
    experiments.show()
    return experiments


def _settled(qtbot, form) -> None:  # type: ignore[no-untyped-def]
    """Wait for the preview of the form as it stands now (the check runs a moment after the last change)."""

    def shown() -> bool:
        label = form.preview_label.text()
        return not form._timer.isActive() and label not in ("", "Working out the split…")

    qtbot.waitUntil(shown, timeout=10_000)


def test_the_form_previews_the_split_and_starts_the_experiment(qtbot, view, context) -> None:
    form = view.open_form()
    qtbot.waitExposed(form)
    assert form.height() <= 768 and form.width() <= 1366
    _settled(qtbot, form)
    assert not form.start_button.isEnabled()  # no name yet
    assert "Give the experiment a name." in form.problems_label.text()
    qtbot.keyClicks(form.name, "Middle script for 31-60")
    form.bucket.setCurrentIndex(form.bucket.findData("dpd_31_60"))
    form.champion_variant.setCurrentIndex(form.champion_variant.findData("early"))
    form.challenger_variant.setCurrentIndex(form.challenger_variant.findData("middle"))
    form.share.setValue(30)
    _settled(qtbot, form)
    with context.database.session() as session:
        expected = preview_split(session, form.spec())
    assert expected.customers > 0
    assert f"{expected.customers:,} customers in the segment" in form.preview_label.text()
    assert f"{expected.challenger:,} to the challenger" in form.preview_label.text()
    assert form.problems_label.isHidden() and form.start_button.isEnabled()

    qtbot.mouseClick(form.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: form.started_id is not None, timeout=10_000)
    with context.database.session() as session:
        experiment = session.get(Experiment, form.started_id)
        assert experiment is not None and experiment.challenger == {"variant": "middle"}
        arms = session.scalars(select(ExperimentArm.arm).where(ExperimentArm.experiment_id == experiment.id)).all()
    assert (len(arms), arms.count("challenger")) == (expected.customers, expected.challenger)
    assert view.list.currentItem().text().startswith("Middle script for 31-60")


def test_a_bad_request_lists_its_problems_and_cannot_start(qtbot, view) -> None:
    assert view.list.count() == 0 and view.table.isHidden()  # none yet, and the view says how to start one
    assert view.title.text() == "No experiment yet: start one with New experiment…"
    form = view.open_form()
    qtbot.keyClicks(form.name, "Nothing changes")
    form.kind.setCurrentIndex(form.kind.findData("priority_weights"))
    _settled(qtbot, form)
    assert "The champion and the challenger are the same" in form.problems_label.text()
    assert not form.start_button.isEnabled()
    form.weights.item(0, 2).setText("lots")  # the first weight, typed wrong
    form.last.setDate(form.first.date().addDays(-1))
    _settled(qtbot, form)
    problems = form.problems_label.text()
    assert "lots is not a value" in problems and "ends before it starts" in problems
    assert not form.start_button.isEnabled()
    form.weights.item(0, 2).setText("14")
    form.last.setDate(QDate(form.first.date()).addDays(13))
    _settled(qtbot, form)
    assert form.problems_label.isHidden() and form.start_button.isEnabled()
    weight = text.label(f"experiment_setting.{form.weight_keys[0]}")
    assert f"{weight} {form.weights.item(0, 1).text()} → 14" in form.preview_label.text()
    assert form.weights.item(0, 2).font().bold() and not form.weights.item(1, 2).font().bold()
    form.reject()


def test_the_comparison_shown_is_the_last_chosen_experiments_even_when_an_earlier_one_ends_later(
    qtbot, monkeypatch, context, background, users
) -> None:  # type: ignore[no-untyped-def]
    """Loads run on a pool of threads: the supervisor going down the list must not end on an earlier row's figures."""
    import datetime as dt
    import time

    import ui.supervisor.experiments_view as experiments_module
    from agent_desk.experiments import ExperimentSpec, start_experiment

    now = context.clock.now()
    ids = []
    for name, variant in (("Late for everyone", "late"), ("Early for everyone", "early")):
        spec = ExperimentSpec(
            name, "script_variant", {}, {"variant": variant}, {"variant": "middle"}, now, now + dt.timedelta(days=7)
        )
        with context.database.transaction(write=True) as session:
            ids.append(start_experiment(session, users["supervisor"].id, spec, now))
    real = experiments_module.compare_arms

    def slow_for_the_first(session, experiment_id, *args):  # type: ignore[no-untyped-def]
        if experiment_id == ids[0]:
            time.sleep(0.6)
        return real(session, experiment_id, *args)

    monkeypatch.setattr(experiments_module, "compare_arms", slow_for_the_first)
    view = ExperimentsView(context, background, users["supervisor"])
    qtbot.addWidget(view)
    view.show()
    rows = {int(view.list.item(row).data(256)): row for row in range(view.list.count())}
    view.list.setCurrentRow(rows[ids[0]])
    view.list.setCurrentRow(rows[ids[1]])
    qtbot.waitUntil(lambda: view.title.text().startswith("Early for everyone"), timeout=10_000)
    qtbot.wait(1_200)  # the first experiment's comparison has ended meanwhile
    assert view.title.text().startswith("Early for everyone:")

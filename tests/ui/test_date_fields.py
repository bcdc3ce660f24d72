"""Date fields speak the user's locale: "18/11/2026" in Indonesian, never ISO "2026-11-18"."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDateTimeEdit

from ui import text
from ui.main_window import MainWindow
from ui.settings import Settings
from ui.supervisor.experiment_form import ExperimentForm
from ui.supervisor.outcome_review import OutcomeReviewView
from ui.translations import install_translations

pytestmark = pytest.mark.gui


@pytest.fixture
def indonesian(qapp):  # type: ignore[no-untyped-def]
    text.set_language("id")
    install_translations(qapp, "id")
    yield
    text.set_language("en")
    install_translations(qapp, "en")


def test_the_outcome_review_dates_read_day_month_year_in_indonesian(qtbot, indonesian, context, background, users):  # type: ignore[no-untyped-def]
    view = OutcomeReviewView(context, background, users["supervisor"])
    qtbot.addWidget(view)
    assert (view.first.text(), view.last.text()) == ("18/11/2026", "24/11/2026")  # the last seven days to Tue 24 Nov


def test_no_date_field_shows_an_iso_date(qtbot, context, background, users, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from agent_desk.drafts import DraftStore

    seen: list[tuple[str, str]] = []
    for role in ("agent", "supervisor", "trainer"):
        window = MainWindow(context, users[role], Settings(), background, drafts=DraftStore(tmp_path / role))
        qtbot.addWidget(window)
        seen += [(edit.objectName(), edit.text()) for edit in window.findChildren(QDateTimeEdit)]
    form = ExperimentForm(context, background, users["supervisor"])
    qtbot.addWidget(form)
    seen += [(edit.objectName(), edit.text()) for edit in form.findChildren(QDateTimeEdit)]
    assert len(seen) >= 6
    iso = [(name, shown) for name, shown in seen if "-" in shown]
    assert iso == [], "ISO dates in date fields"
    assert all("/" in shown for _, shown in seen), seen

"""Date fields speak the user's locale: "18/11/2026" in Indonesian, never ISO "2026-11-18"."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QApplication, QDateTimeEdit

from ui import text
from ui.main_window import MainWindow
from ui.settings import Settings
from ui.supervisor.experiment_form import ExperimentForm
from ui.supervisor.outcome_review import OutcomeReviewView
from ui.translations import install_translations, interface_locale, set_desk_country
from ui.widgets.date_fields import date_format

pytestmark = pytest.mark.gui


@pytest.fixture
def indonesian(qapp):  # type: ignore[no-untyped-def]
    text.set_language("id")
    install_translations(qapp, "id")
    yield
    text.set_language("en")
    install_translations(qapp, "en")


@pytest.fixture
def system_locale(monkeypatch):  # type: ignore[no-untyped-def]
    """Sets the computer's locale as the environment names it (LC_ALL and LC_TIME unset, LANG as given)."""

    def use(name: str) -> None:
        monkeypatch.delenv("LC_ALL", raising=False)
        monkeypatch.delenv("LC_TIME", raising=False)
        monkeypatch.setenv("LANG", name)

    yield use
    monkeypatch.undo()
    set_desk_country("ID", "en")
    install_translations(QApplication.instance(), "en")


@pytest.mark.parametrize("name", ["C", "C.UTF-8", "en", "POSIX"])
def test_english_on_a_computer_naming_no_country_writes_dates_the_desks_way(system_locale, name: str) -> None:  # type: ignore[no-untyped-def]
    system_locale(name)
    set_desk_country("ID", "en")
    assert date_format() == "dd/MM/yyyy"  # English (Indonesia), not the United States' M/d/yyyy
    assert interface_locale("en").toString(QDate(2026, 11, 24), date_format()) == "24/11/2026"
    set_desk_country("US", "en")
    assert date_format() == "M/d/yyyy"


def test_the_computers_own_country_wins_over_the_desks(system_locale) -> None:  # type: ignore[no-untyped-def]
    system_locale("en_US.UTF-8")
    set_desk_country("ID", "en")
    assert date_format() == "M/d/yyyy"
    system_locale("en_GB.UTF-8")
    set_desk_country("US", "en")
    assert date_format() == "dd/MM/yyyy"


def test_the_desk_country_is_the_policy_packs(qtbot, system_locale, context, background, users, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from agent_desk.drafts import DraftStore
    from agent_desk.worklist.policy_pack import choose_policy_pack

    system_locale("C.UTF-8")
    window = MainWindow(context, users["supervisor"], Settings(), background, drafts=DraftStore(tmp_path / "id"))
    qtbot.addWidget(window)
    view = OutcomeReviewView(context, background, users["supervisor"])
    qtbot.addWidget(view)
    assert (view.first.text(), view.last.text()) == ("18/11/2026", "24/11/2026")  # English (Indonesia)
    choose_policy_pack(context.database, context.clock, users["admin"].id, "us_reg_f")
    window = MainWindow(context, users["supervisor"], Settings(), background, drafts=DraftStore(tmp_path / "us"))
    qtbot.addWidget(window)
    view = OutcomeReviewView(context, background, users["supervisor"])
    qtbot.addWidget(view)
    assert (view.first.text(), view.last.text()) == ("11/17/2026", "11/23/2026")  # English (United States), in its zone


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


def test_dates_the_desk_writes_as_text_follow_its_locale_too(system_locale) -> None:  # type: ignore[no-untyped-def]
    """Not only Qt's date fields: the dates the app writes itself (the profile, messages, chart labels) put the month
    first in English in the United States, and the day first elsewhere."""
    import datetime as dt

    from ui.supervisor.dashboard import short_date

    day = dt.date(2026, 11, 27)
    moment = dt.datetime(2026, 11, 27, 14, 0, tzinfo=dt.UTC)
    system_locale("C.UTF-8")
    set_desk_country("US", "en")
    assert text.date(day) == "Fri Nov 27, 2026"
    assert text.local_time(moment, "America/New_York", with_date=True) == "Fri Nov 27, 09:00 EST"
    assert short_date(day) == "Nov 27"
    set_desk_country("ID", "en")
    assert text.date(day) == "Fri 27 Nov 2026"
    assert text.local_time(moment, "Asia/Jakarta", with_date=True) == "Fri 27 Nov, 21:00 WIB"
    assert short_date(day) == "27 Nov"
    system_locale("en_GB.UTF-8")
    set_desk_country("US", "en")  # the computer's own country wins here too
    assert text.date(day) == "Fri 27 Nov 2026"
    system_locale("C.UTF-8")
    text.set_language("id")
    try:
        set_desk_country("US", "id")  # Indonesian writes the day first wherever the desk is
        assert text.date(day) == "Jum 27 Nov 2026"
    finally:
        text.set_language("en")

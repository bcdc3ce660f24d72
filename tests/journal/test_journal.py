"""The local journal of outcomes and the desk that saves through it (SQLite; the outages are in test_fault)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import sqlite3
import uuid
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError

from agent_desk.journal import OutcomeDesk, SaveJournal, is_outage
from agent_desk.journal.saves import outcome_from_dict, outcome_to_dict
from agent_desk.negotiation.plans import PlanDraft
from agent_desk.scheduling.next_action import OutcomeError
from agent_desk.scheduling.outcomes import OutcomeDraft, PromiseDraft
from db.models import PlanKind

NOW = dt.datetime(2026, 11, 24, 2, 30, tzinfo=dt.UTC)


def _full() -> OutcomeDraft:
    return OutcomeDraft(
        draft_key=str(uuid.uuid4()),
        customer_id=7,
        user_id=3,
        disposition_code="promise_to_pay",
        interaction_id=11,
        contact_point_id=12,
        callback_at=NOW + dt.timedelta(days=1),
        promise=PromiseDraft(Decimal("250000"), dt.date(2026, 11, 27), 5, "VA BCA"),
        reason_for_delinquency="job_loss",
        objections=("cannot_afford",),
        script_stage="negotiate",
        notes="Janji bayar Jumat — “lunas”",
        plan=PlanDraft(
            kind=PlanKind.INSTALLMENTS,
            customer_id=7,
            account_id=5,
            currency="IDR",
            base_amount=Decimal("750000"),
            discount_rate=Decimal("0"),
            installments=3,
            first_amount=None,
            first_date=dt.date(2026, 11, 27),
            frequency="monthly",
            stated_income=Decimal("4000000"),
            stated_expenses=Decimal("3000000"),
        ),
        script_variant="empathy_b",
        right_party_confirmed=True,
    )


def test_an_outcome_survives_the_journal_unchanged(tmp_path: Path) -> None:
    outcome = _full()
    # Every field of the draft is set to something other than its default, so a field added to OutcomeDraft and
    # forgotten by the journal fails here (a replayed promise lost its right-party confirmation once).
    unset = [field.name for field in dataclasses.fields(OutcomeDraft) if getattr(outcome, field.name) == field.default]
    assert unset == []
    assert outcome_from_dict(outcome_to_dict(outcome)) == outcome
    journal = SaveJournal(tmp_path)
    journal.put(outcome, NOW, "Dewi")
    journal.put(OutcomeDraft(str(uuid.uuid4()), 8, 4, "no_answer"), NOW - dt.timedelta(minutes=1))
    pending = journal.pending()
    assert [entry.outcome.customer_id for entry in pending] == [8, 7]  # oldest first
    assert journal.pending(user_id=3)[0].outcome == outcome and journal.pending(user_id=3)[0].customer_name == "Dewi"
    journal.remove(outcome.draft_key)
    assert len(journal) == 1
    (tmp_path / f"{uuid.uuid4()}.save.json").write_text("{half a file")
    assert len(journal.pending()) == 1  # the broken one is set aside, not replayed
    assert list(tmp_path.glob("*.unreadable"))


def test_only_an_unreachable_database_counts_as_an_outage() -> None:
    def wrapped(error: Exception) -> OperationalError:
        return OperationalError("SELECT 1", {}, error)

    assert is_outage(wrapped(sqlite3.OperationalError("disk I/O error")))
    assert not is_outage(wrapped(sqlite3.OperationalError("database is locked")))
    assert not is_outage(OutcomeError.__new__(OutcomeError))
    import psycopg

    assert is_outage(wrapped(psycopg.OperationalError("connection refused")))


def test_a_refused_outcome_is_not_kept_and_a_refused_replay_is_set_aside(tmp_path: Path) -> None:
    from tests.worklist.factories import fresh_sqlite, migrated_template, prepare

    database = fresh_sqlite(migrated_template(tmp_path), tmp_path)
    clock = prepare(database)
    desk = OutcomeDesk(database, clock, SaveJournal(tmp_path / "journal"), 3)
    with pytest.raises(OutcomeError):
        desk.save(OutcomeDraft(str(uuid.uuid4()), 999, 3, "no_answer"))
    assert desk.waiting == 0
    desk.journal.put(OutcomeDraft(str(uuid.uuid4()), 999, 3, "no_answer"), NOW, "Dewi")
    report = desk.replay()
    assert report.done and report.saved == () and len(report.refused) == 1
    assert report.refused[0][1].code == "schedule.error.unknown_customer"
    assert desk.waiting == 0 and list((tmp_path / "journal").glob("*.refused.json"))

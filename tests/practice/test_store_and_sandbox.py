"""The practice database: where it lives, what is copied into it, the scenario's customer, and what the trainer
console reads (assignments, sessions, progress and the team's weakest items as SQL aggregates)."""

from __future__ import annotations

import datetime as dt
import wave
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from agent_desk.clock import FrozenClock
from agent_desk.context import open_context
from agent_desk.negotiation import authority_for
from agent_desk.practice.catalog import practice_root
from agent_desk.practice.errors import PracticeError
from agent_desk.practice.report import Report
from agent_desk.practice.rubric import ItemScore
from agent_desk.practice.sandbox import (
    open_practice_database,
    practice_moment,
    practice_url,
    practice_user,
    sync_from_production,
)
from agent_desk.practice.scenario import load_scenario
from agent_desk.practice.seed import create_customer
from agent_desk.practice.store import (
    assign,
    assignments,
    finish_session,
    progress,
    save_sheet,
    sessions,
    start_session,
    weakest_items,
)
from agent_desk.practice.voice import cached_path, pcm_of, resample, synthesize, voice_name, wav_seconds
from agent_desk.softphone.tones import rms_level, tone, tone_share
from agent_desk.worklist import next_for
from db.engine import parse_url
from db.models import Account, Customer, Installment, Promise, User
from tests.practice.conftest import NOW


def test_the_practice_database_lives_beside_production_never_in_it() -> None:
    assert str(practice_url(parse_url("sqlite:////data/agent-desk.sqlite3")).database) == (
        "/data/agent-desk-practice.sqlite3"
    )
    assert practice_url(parse_url("postgresql://collector@db/agentdesk")).database == "agentdesk_practice"
    with pytest.raises(PracticeError):
        practice_url(parse_url("sqlite://"))


def test_users_and_limits_are_copied_and_the_customer_queued_alone(book_url: str) -> None:
    context = open_context(book_url)
    with context.database.transaction() as session:  # Dewi has a personal limit in production
        dewi = session.scalars(select(User).where(User.login == "agent01")).one()
        dewi.max_installments = 9
    practice = open_practice_database(context.database)
    try:
        logins = sync_from_production(context.database, practice, NOW)
        sync_from_production(context.database, practice, NOW)  # again: no duplicates
        with practice.session() as session:
            assert session.query(User).count() == len(logins)
            trainee = practice_user(practice, "agent01")
            assert authority_for(session, trainee.id).max_installments == 9
        scenario = load_scenario(practice_root() / "en" / "evasive_promiser.toml")
        moment = practice_moment(scenario, dt.datetime(2026, 11, 28, 4, 0, tzinfo=dt.UTC))  # a Saturday
        assert moment == dt.datetime(2026, 11, 30, 3, 0, tzinfo=dt.UTC)  # Monday 10:00 WIB
        clock = FrozenClock(moment)
        first = create_customer(practice, clock, scenario, trainee.id)
        second = create_customer(practice, clock, scenario, trainee.id)
        lease = next_for(practice, clock, trainee.id)
        assert lease is not None and lease.customer_id == second.customer_id  # the earlier one left the queue
        assert next_for(practice, clock, trainee.id) is None
        with practice.session() as session:
            customer = session.get(Customer, second.customer_id)
            assert customer is not None and customer.customer_number.startswith("PRACTICE-")
            (account,) = session.scalars(select(Account).where(Account.customer_id == second.customer_id))
            assert (account.arrears, account.days_past_due, account.bucket) == (Decimal("1100000.00"), 34, "dpd_31_60")
            installments = list(session.scalars(select(Installment).where(Installment.account_id == account.id)))
            unpaid = [i for i in installments if i.amount_paid < i.amount_due]
            assert len(installments) == 5 and sum(i.amount_due for i in unpaid) == Decimal("1100000.00")
            broken = list(session.scalars(select(Promise).where(Promise.customer_id == second.customer_id)))
            assert [p.status.value for p in broken] == ["broken", "broken"]
        assert first.customer_id != second.customer_id
    finally:
        practice.dispose()
        context.close()


def test_the_console_reads_assignments_sessions_progress_and_the_weakest_items(book_url: str) -> None:
    context = open_context(book_url)
    practice = open_practice_database(context.database)
    try:
        sync_from_production(context.database, practice, NOW)
        dewi, andi = practice_user(practice, "agent01"), practice_user(practice, "agent02")
        trainer = practice_user(practice, "budi.trainer")
        with pytest.raises(PracticeError):
            assign(practice, scenario="lost_job", language="en", trainee_id=dewi.id, assigned_by_id=dewi.id, now=NOW)
        job = assign(practice, scenario="lost_job", language="en", trainee_id=dewi.id, assigned_by_id=trainer.id,
                     now=NOW, due_on=dt.date(2026, 12, 1))  # fmt: skip
        assign(practice, scenario="forgot_due_date", language="id", trainee_id=andi.id, assigned_by_id=trainer.id,
               now=NOW)  # fmt: skip

        def finished(trainee: int, days: int, items: dict[str, tuple[int, int]], assignment: int | None = None) -> int:
            session_id, _ = start_session(practice, scenario="lost_job", language="en", trainee_id=trainee,
                                          now=NOW + dt.timedelta(days=days), assignment_id=assignment)  # fmt: skip
            scored = tuple(ItemScore(code, e, p, True) for code, (e, p) in items.items())
            total = round(100 * sum(e for e, _ in items.values()) / sum(p for _, p in items.values()))
            report = Report("lost_job", "Lost job", "en", "x", "simulated", 100, "plan", total, False, scored, (), ())
            finish_session(practice, session_id, report, NOW + dt.timedelta(days=days, minutes=5))
            return session_id

        finished(dewi.id, 1, {"verification": (20, 20), "empathy": (0, 10), "reason": (0, 10)}, job)
        finished(dewi.id, 2, {"verification": (20, 20), "empathy": (5, 10), "reason": (10, 10)}, job)
        finished(andi.id, 1, {"verification": (0, 20), "empathy": (10, 10)})
        start_session(practice, scenario="lost_job", language="en", trainee_id=andi.id, now=NOW)  # still running

        rows = {row.trainee_login: row for row in assignments(practice)}
        assert (rows["agent01"].sessions, rows["agent01"].best_score) == (2, 88)  # 40/40 … 35/40 → 88
        assert rows["agent01"].due_on == dt.date(2026, 12, 1) and rows["agent02"].sessions == 0
        assert [row.status for row in sessions(practice, trainee_id=andi.id)] == ["finished", "running"]  # newest first
        points = progress(practice, dewi.id)
        assert [p.score for p in points] == [50, 88]
        assert points[1].items == {"verification": 1.0, "empathy": 0.5, "reason": 1.0}
        standings = {s.item: (s.earned, s.possible, s.sessions) for s in weakest_items(practice)}
        # verification 40 of 60; empathy 15 of 30; reason 10 of 20
        assert standings == {"verification": (40, 60, 3), "empathy": (15, 30, 3), "reason": (10, 20, 2)}
        assert [s.item for s in weakest_items(practice)] == ["empathy", "reason", "verification"]

        live, _ = start_session(practice, scenario="lost_job", language="en", trainee_id=andi.id, now=NOW,
                                mode="live", status="waiting", live_uri="sip:trainer@127.0.0.1:5070")  # fmt: skip
        ticks = {"verification": True, "empathy": False, "reason": None, "lawful_language": True}
        assert save_sheet(practice, live, ticks=ticks, notes="", trainer_id=trainer.id, now=NOW) == 75  # 30 of 40
        assert (
            save_sheet(practice, live, ticks={**ticks, "verification": False}, notes="", trainer_id=trainer.id, now=NOW)
            == 0
        )  # fmt: skip  -- speaking of the debt too early fails the call
    finally:
        practice.dispose()
        context.close()


def test_voices_are_synthesized_once_and_carry_speech(espeak: None, tmp_path: Path) -> None:
    scenario = load_scenario(practice_root() / "id" / "spouse_answers.toml")
    assert voice_name(scenario, "third_party") == "id+m3"
    path = synthesize("Halo, ini telepon Sari.", voice_name(scenario, "third_party"))
    assert path == cached_path("Halo, ini telepon Sari.", "id+m3")
    modified = path.stat().st_mtime_ns
    assert synthesize("Halo, ini telepon Sari.", "id+m3").stat().st_mtime_ns == modified  # from the cache
    with wave.open(str(path), "rb") as source:
        assert (source.getframerate(), source.getnchannels(), source.getsampwidth()) == (16000, 1, 2)
    assert 0.8 < wav_seconds(path) < 4.0
    assert rms_level(pcm_of(path)) > 0.02


def test_resampling_keeps_a_tone() -> None:
    source = tone(700, 22050, rate=22050)  # one second at 22.05 kHz
    resampled = resample(source, 22050, 16000)
    assert len(resampled) == 2 * 16000
    assert tone_share(resampled, 700) > 0.95


@pytest.mark.postgres
def test_team_mode_practises_in_a_second_postgresql_database(postgres_url: str, tmp_path: Path) -> None:
    from agent_desk.demo import generate_portfolio

    context = open_context(postgres_url)
    generate_portfolio(context.database, accounts=30, seed=3, now=NOW)
    practice = open_practice_database(context.database)
    try:
        assert practice.url.database == f"{context.database.url.database}_practice"
        logins = sync_from_production(context.database, practice, NOW)
        assert "agent01" in logins
        scenario = load_scenario(practice_root() / "en" / "forgot_due_date.toml")
        created = create_customer(practice, FrozenClock(NOW), scenario, practice_user(practice, "agent01").id)
        with practice.session() as session:
            assert session.get(Customer, created.customer_id) is not None
        with context.database.session() as session:
            assert (
                session.scalars(select(Customer).where(Customer.customer_number.startswith("PRACTICE-"))).first()
                is None
            )
    finally:
        practice.dispose()
        context.close()

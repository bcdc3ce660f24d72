"""Screenshots of the supervisor's views (called by scripts/screenshots.py --only supervisor, or after the others).

Works on a private copy of the given demo database, where it (1) gives one demo call a recording — a WAV of
two tones made here, since a demo book has calls but no audio — so the call review can show playback, and
(2) starts an experiment over the dpd 1–30 segment, so the comparison view has arms to show. The dashboard,
the call review while playing, the QA form and the experiment comparison are grabbed in English and Indonesian
at 1366×768 and 1920×1080; the form that starts a new experiment in both languages.
"""

from __future__ import annotations

import datetime as dt
import math
import sqlite3
import struct
import uuid
import wave
from decimal import Decimal
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from agent_desk.context import open_context
from agent_desk.drafts import DraftStore
from agent_desk.experiments import ExperimentSpec, start_experiment
from agent_desk.portfolio import list_users
from agent_desk.reporting import Filters, Grouping, Period, Scope
from agent_desk.review import OutcomeQuery, list_outcomes
from agent_desk.scheduling.attempts import record_manual_call
from agent_desk.worklist.settings import settings_for
from db.models import ContactPoint, Interaction, Outcome, Role, User, UserPermission
from ui import text
from ui.background import Background
from ui.main_window import MainWindow
from ui.settings import Settings
from ui.translations import install_translations

SIZES = ((1366, 768), (1920, 1080))


def _tone_wav(path: Path, seconds: float = 12.0) -> None:
    rate = 16_000
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        frames = bytearray()
        for n in range(int(rate * seconds)):
            hz = 440 if (n // rate) % 2 == 0 else 660
            frames += struct.pack("<h", int(6000 * math.sin(2 * math.pi * hz * n / rate)))
        out.writeframes(bytes(frames))


def prepare(db_path: Path, scratch: Path, at: str) -> tuple[str, int]:
    """A copy of the book with one recorded call and an experiment; returns its URL and the call's outcome."""
    copy = scratch / "supervisor-shots.sqlite3"
    with sqlite3.connect(db_path) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    url = f"sqlite:///{copy}"
    context = open_context(url, at)
    now = context.clock.now()
    policy = settings_for(context.database, context.clock).policy
    with context.database.transaction(write=True) as session:
        supervisor = session.scalar(select(User).where(User.role == Role.SUPERVISOR).order_by(User.id))
        assert supervisor is not None
        today = now.date()
        scope = Scope(
            Period(today - dt.timedelta(days=6), today),
            policy,
            Filters(team_id=supervisor.team_id),
            Grouping.TOTAL,
            now=now,
        )
        lines = [
            line
            for line in list_outcomes(session, OutcomeQuery(scope, limit=200))
            if line.disposition_code == "promise_to_pay"
        ]
        outcome = session.get(Outcome, lines[0].outcome_id)
        assert outcome is not None
        assert outcome.interaction_id is not None
        wav = scratch / "call.wav"
        _tone_wav(wav)
        interaction = session.get(Interaction, outcome.interaction_id)
        assert interaction is not None
        interaction.recording_path = str(wav)
        session.add(UserPermission(user_id=supervisor.id, permission="qa.review", granted_at=now))
        start_experiment(
            session,
            supervisor.id,
            ExperimentSpec(
                name="Empathy-first opening (dpd 1–30)",
                kind="script_variant",
                segment={"bucket": "dpd_1_30"},
                champion={"variant": "early"},
                challenger={"variant": "middle"},
                starts_at=now - dt.timedelta(days=28),
                ends_at=now + dt.timedelta(days=14),
                challenger_share=Decimal("0.5"),
                seed=3,
            ),
            now - dt.timedelta(days=28),
        )
        outcome_id = outcome.id
        by_hand = next(
            (line for line in lines[1:] if line.agent_id is not None and line.customer_id != outcome.customer_id), None
        )
    if by_hand is not None:  # a call made from a mobile while the line was down, so the list shows one marked
        _call_by_hand(context, by_hand.agent_id, by_hand.customer_id, now)
    context.close()
    return url, outcome_id


def _call_by_hand(context: Any, agent_id: int, customer_id: int, now: dt.datetime) -> None:
    with context.database.session() as session:
        number = session.scalar(select(ContactPoint.id).where(ContactPoint.customer_id == customer_id).limit(1))
    if number is None:
        return
    call = record_manual_call(
        context.database,
        context.clock,
        user_id=agent_id,
        customer_id=customer_id,
        contact_point_id=number,
        at=now - dt.timedelta(minutes=20),
        reason="SIP line down, called from the office mobile",
    )
    with context.database.transaction(write=True) as session:
        session.add(
            Outcome(
                draft_key=str(uuid.uuid4()),
                interaction_id=call.interaction_id,
                customer_id=customer_id,
                user_id=agent_id,
                disposition_code="callback_requested",
                right_party_confirmed=True,
                created_at=now - dt.timedelta(minutes=15),
            )
        )


def supervisor_shots(app: QApplication, db_url: str, at: str, scratch: Path, out: Path, settle: Any) -> None:
    url, outcome_id = prepare(Path(db_url.removeprefix("sqlite:///")), scratch, at)
    context = open_context(url, at)
    background = Background()
    with context.database.session() as session:
        supervisor = next(u for u in list_users(session) if u.role is Role.SUPERVISOR)
    for language in ("en", "id"):
        text.set_language(language)
        install_translations(app, language)
        for width, height in SIZES:
            size = f"{width}x{height}"
            window = MainWindow(
                context, supervisor, Settings(), background, drafts=DraftStore(scratch / language), phone=False
            )
            window.resize(width, height)
            window.show()
            window.start()
            settle(app, background, 900)
            _save(window.grab(), out / f"supervisor-dashboard-{language}-{size}.png")
            review = window.tabs.widget(1)
            window.tabs.setCurrentWidget(review)
            settle(app, background, 600)
            row = next(r for r, line in enumerate(review.model.lines) if line.outcome_id == outcome_id)
            review.table.selectRow(review.proxy.mapFromSource(review.model.index(row, 0)).row())
            settle(app, background)
            review.detail.listen()
            settle(app, background, 1500)
            _save(window.grab(), out / f"supervisor-call-review-{language}-{size}.png")
            review.detail.player.clear()
            review.detail.open_qa_form()
            dialog = review.detail.qa_dialog
            for code, group in dialog.answers.items():
                answer = "no" if code == "read_back" else "yes"
                next(b for b in group.buttons() if b.property("answer") == answer).setChecked(True)
            dialog._update()
            dialog.comment.setPlainText(
                "Good empathy; read the amount and date back before closing."
                if language == "en"
                else "Empati baik; bacakan ulang jumlah dan tanggal sebelum menutup."
            )
            dialog.resize(min(760, width - 40), min(700, height - 60))
            settle(app, background)
            _save(dialog.grab(), out / f"supervisor-qa-form-{language}-{size}.png")
            dialog.close()
            window.tabs.setCurrentIndex(3)
            settle(app, background, 1200)
            _save(window.grab(), out / f"supervisor-experiment-{language}-{size}.png")
            if width == 1366:
                _form_shot(
                    app,
                    background,
                    window.tabs.widget(3),
                    language,
                    out / f"supervisor-experiment-form-{language}-{size}.png",
                    settle,
                )
            window.close()
    text.set_language("en")
    install_translations(app, "en")
    background.wait()
    context.close()


def _form_shot(app: QApplication, background: Background, view: Any, language: str, path: Path, settle: Any) -> None:
    """A new priority-weight experiment being set up: one weight changed, the preview of the split below."""
    form = view.open_form()
    form.name.setText("Recovery first (dpd 1–30)" if language == "en" else "Pemulihan dulu (dpd 1–30)")
    form.kind.setCurrentIndex(form.kind.findData("priority_weights"))
    form.bucket.setCurrentIndex(form.bucket.findData("dpd_1_30"))
    form.weights.item(0, 2).setText("14")
    settle(app, background, 900)
    _save(form.grab(), path)
    form.reject()


def _save(picture: Any, path: Path) -> None:
    picture.save(str(path))
    print(f"wrote {path}")

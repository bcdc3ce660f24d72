"""The language guard: threats, humiliation and coercion found in both languages; ordinary notes left alone."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from agent_desk.language_guard import ReviewError, check_text, list_flags, mark_reviewed
from agent_desk.scheduling.outcomes import save_outcome
from db.engine import Database
from db.models import LanguageFlag
from tests.negotiation.helpers import make_book, outcome


@pytest.mark.parametrize(
    ("text", "phrase", "category", "language"),
    [
        ("Kalau tidak bayar, kamu bisa masuk penjara", "masuk penjara", "threat", "id"),
        ("Nasabah ini memang GOBLOK", "goblok", "humiliation", "id"),
        ("dasar   bodohhh", "bodoh", "humiliation", "id"),
        ("b0d0h sekali", "bodoh", "humiliation", "id"),
        ("Pinjam uang ke saudara saja, pak", "pinjam uang ke", "coercion", "id"),
        ("Kami akan viralkan kalau tidak bayar", "viralkan", "threat", "id"),
        ("Jangan macam-macam ya", "jangan macam-macam", "coercion", "id"),
        ("We know where you live.", "we know where you live", "threat", "en"),
        ("Told him he is a DEADBEAT", "deadbeat", "humiliation", "en"),
        ("stuuupid customer", "stupid", "humiliation", "en"),
        ("You should sell your car and pay today or else", "sell your car", "coercion", "en"),
        ("You will   go to\njail", "go to jail", "threat", "en"),
    ],
)
def test_hits(text: str, phrase: str, category: str, language: str) -> None:
    hits = check_text(text)
    assert (phrase, category, language) in [(h.phrase, h.category, h.language) for h in hits]
    hit = next(h for h in hits if h.phrase == phrase)
    assert text[hit.start : hit.end].lower().replace("0", "o").split()[0][0] == phrase[0]
    assert hit.message.render("id") and "{" not in hit.message.render("en")


@pytest.mark.parametrize(
    "text",
    [
        "Nasabah janji bayar tanggal 5 Desember lewat virtual account BCA, cicilan 6 kali.",
        "Nasabah minta keringanan denda karena baru kena PHK; saya jelaskan konsekuensi keterlambatan dan jatuh tempo.",
        "Istri nasabah angkat, nasabah sedang bekerja. Telepon kembali jam 19.00 WITA.",
        "Nasabah bertanya apakah bisa dipenjara karena utang; saya jelaskan bahwa tidak.",  # quoted in a note: flagged
        "Customer promised to pay Rp 1.500.000 on Friday via the payment link; sent the reminder by WhatsApp.",
        "Customer disputes the late fee and asked for a statement; escalated to the supervisor.",
        "Explained the settlement discount and the legal notice process politely; customer will call back.",
        "Skillful negotiation, the customer was grateful. Bodohan is not a word; neither is stupidity here.",
    ],
)
def test_ordinary_collection_notes_pass(text: str) -> None:
    hits = check_text(text)
    if "dipenjara" in text:
        # Reporting a customer's question with the word itself is still flagged: a supervisor reviews it.
        assert [h.phrase for h in hits] == ["dipenjara"]
    else:
        assert hits == ()


def test_an_empty_text_has_no_hits() -> None:
    assert check_text("") == () and check_text("   ") == ()


def test_longer_phrases_win_over_words_inside_them() -> None:
    hits = check_text("Dasar maling!")
    assert [h.phrase for h in hits] == ["dasar maling"]


def test_flags_are_saved_with_the_outcome_and_reviewed_by_supervisors(database: Database) -> None:
    clock, ids = make_book(database)
    saved = save_outcome(
        database,
        clock,
        outcome(
            database,
            ids,
            None,
            disposition_code="refused",
            notes="Nasabah menolak. Saya bilang dia tolol dan awas kamu.",
        ),
    )
    assert saved.language_flags == 2
    with database.session() as session:
        rows = session.scalars(select(LanguageFlag).where(LanguageFlag.outcome_id == saved.outcome_id)).all()
        assert sorted((r.phrase, r.category, r.matched_text, r.user_id) for r in rows) == [
            ("awas kamu", "threat", "awas kamu", ids["agent"]),
            ("tolol", "humiliation", "tolol", ids["agent"]),
        ]
        listed = list_flags(session)
    assert len(listed) == 2 and all(row.customer_id == ids["customer"] for row in listed)
    with pytest.raises(ReviewError):
        mark_reviewed(database, clock, flag_id=listed[0].id, reviewer_id=ids["agent"])
    mark_reviewed(database, clock, flag_id=listed[0].id, reviewer_id=ids["supervisor"])
    with database.session() as session:
        assert len(list_flags(session)) == 1
        assert len(list_flags(session, unreviewed_only=False)) == 2
    clean = save_outcome(
        database, clock, outcome(database, ids, None, disposition_code="refused", notes="Nasabah menolak bayar.")
    )
    assert clean.language_flags == 0

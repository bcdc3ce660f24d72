"""The language guard: threatening, humiliating or coercive wording in notes and free-text messages.

The phrase lists are data (``resources/language_guard/<language>.toml``). A phrase matches as whole words, in any
case, with any run of spaces or punctuation between its words, with letters drawn out ("bodohhh", "stuuupid")
and with the usual digits for letters ("b0doh", "1diot"). The GUI warns before saving; the wrap-up save always
records what it finds as ``language_flags`` rows for supervisors (:func:`record_flags`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from functools import cache

from sqlalchemy import select
from sqlalchemy.orm import Session

from agent_desk.clock import Clock
from agent_desk.resources import load_toml, resource_path
from agent_desk.text import Message
from db.engine import Database
from db.models import Customer, LanguageFlag, Role, User

CATEGORIES = ("threat", "humiliation", "coercion")
# Digits and signs written for letters; the text keeps its length so spans point into the original.
_LOOKALIKES = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"})


class ReviewError(Exception):
    def __init__(self, message: Message) -> None:
        super().__init__(message.render())
        self.message = message


@dataclasses.dataclass(frozen=True)
class GuardHit:
    """One finding: ``text[start:end]`` matched ``phrase`` of ``category`` in the ``language`` list."""

    phrase: str
    category: str
    language: str
    start: int
    end: int

    @property
    def message(self) -> Message:
        return Message.of(
            "language_guard.hit", category=Message.of(f"language_guard.category.{self.category}"), phrase=self.phrase
        )


@dataclasses.dataclass(frozen=True)
class FlagRow:
    """A stored flag as a supervisor's list shows it."""

    id: int
    customer_id: int | None
    outcome_id: int | None
    user_name: str | None
    field: str
    phrase: str
    matched_text: str
    category: str
    language: str
    created_at: dt.datetime
    reviewed_at: dt.datetime | None
    customer_name: str | None = None
    customer_zone: str | None = None


_BEFORE, _AFTER = r"(?<![^\W_])", r"(?![^\W_])"


def _pattern(phrase: str) -> str:
    return _BEFORE + _body(phrase) + _AFTER


def _body(phrase: str) -> str:
    words = [word for word in re.split(r"[\s\-]+", phrase.strip().lower()) if word]
    parts = []
    for word in words:
        parts.append("".join(f"{re.escape(char)}+" if char.isalpha() else re.escape(char) for char in word))
    return r"[\W_]+".join(parts)


@cache
def _lists() -> tuple[tuple[re.Pattern[str], str, str, str], ...]:
    """(compiled phrase, phrase, category, language) for every list under ``resources/language_guard``."""
    compiled = []
    for path in sorted(resource_path("language_guard").glob("*.toml")):
        language = path.stem
        data = load_toml("language_guard", path.name)
        for category in CATEGORIES:
            for phrase in data.get(category, {}).get("phrases", []):
                compiled.append((re.compile(_pattern(str(phrase))), str(phrase), category, language))
    return tuple(compiled)


_WORDS = re.compile(r"[^\W_]+")
_REPEATS = re.compile(r"([^\W\d_])\1+")


def _collapse(word: str) -> str:
    """A word with every run of one letter made single ("bodohhh" → "bodoh", "kill" → "kil")."""
    return _REPEATS.sub(r"\1", word)


@cache
def _by_first_word() -> dict[str, tuple[tuple[frozenset[str], tuple[re.Pattern[str], str, str, str]], ...]]:
    """The phrases by their first word, letters made single, each with all of its words made single.

    A phrase can only match where each of its words is a whole word of the text that, with its letters made
    single, is that word made single (phrases start and end on word boundaries and separate their words by
    non-word characters; the text may only draw letters out). So :func:`check_text` reads the text's words once
    and tries only the phrases whose every word is among them — usually none — instead of every phrase over the
    whole text.
    """
    grouped: dict[str, list[tuple[frozenset[str], tuple[re.Pattern[str], str, str, str]]]] = {}
    for entry in _lists():
        words = [_collapse(word) for word in _WORDS.findall(_normalise(entry[1]))]
        grouped.setdefault(words[0] if words else "", []).append((frozenset(words), entry))
    return {key: tuple(entries) for key, entries in grouped.items()}


def _normalise(text: str) -> str:
    """Lower case and look-alikes undone, keeping every character where it was (hits point into ``text``)."""
    lowered = text.lower()
    # str.lower() is the same as lower-casing each character unless a character becomes several (the length
    # tells) or a capital sigma ends a word (lowered to ς, not σ).
    if len(lowered) == len(text) and "Σ" not in text:
        return lowered.translate(_LOOKALIKES)
    lowered = "".join(char.lower() if len(char.lower()) == 1 else char for char in text)
    return lowered.translate(_LOOKALIKES)


def check_text(text: str) -> tuple[GuardHit, ...]:
    """Every listed phrase found in ``text``, in order of position (overlapping finds of longer phrases win)."""
    if not text or not text.strip():
        return ()
    normal = _normalise(text)
    index = _by_first_word()
    words = {_collapse(word) for word in set(_WORDS.findall(normal))}
    candidates = [entry for key in sorted(words & index.keys()) for needs, entry in index[key] if needs <= words]
    if "" in index:  # a phrase without a word of its own (none today) is always tried
        candidates.extend(entry for _, entry in index[""])
    found: list[GuardHit] = []
    for pattern, phrase, category, language in candidates:
        for match in pattern.finditer(normal):
            found.append(GuardHit(phrase, category, language, match.start(), match.end()))
    found.sort(key=lambda hit: (hit.start, -(hit.end - hit.start)))
    kept: list[GuardHit] = []
    for hit in found:
        if kept and hit.start < kept[-1].end:
            continue  # inside a longer (or earlier) finding
        kept.append(hit)
    return tuple(kept)


def record_flags(
    session: Session,
    text: str | None,
    *,
    field: str,
    now: dt.datetime,
    customer_id: int | None = None,
    outcome_id: int | None = None,
    user_id: int | None = None,
) -> list[LanguageFlag]:
    """Store one ``language_flags`` row per finding in ``text`` (nothing when it is clean)."""
    rows = []
    for hit in check_text(text or ""):
        row = LanguageFlag(
            customer_id=customer_id,
            outcome_id=outcome_id,
            user_id=user_id,
            field=field,
            phrase=hit.phrase[:120],
            matched_text=(text or "")[hit.start : hit.end],
            category=hit.category,
            language=hit.language,
            created_at=now,
        )
        session.add(row)
        rows.append(row)
    if rows:
        session.flush()
    return rows


def list_flags(session: Session, *, unreviewed_only: bool = True, limit: int = 200) -> list[FlagRow]:
    """Flags for supervisors, newest first."""
    query = (
        select(LanguageFlag, User.display_name, Customer.full_name, Customer.timezone)
        .outerjoin(User, User.id == LanguageFlag.user_id)
        .outerjoin(Customer, Customer.id == LanguageFlag.customer_id)
        .order_by(LanguageFlag.created_at.desc(), LanguageFlag.id.desc())
        .limit(limit)
    )
    if unreviewed_only:
        query = query.where(LanguageFlag.reviewed_at.is_(None))
    return [
        FlagRow(
            row.id,
            row.customer_id,
            row.outcome_id,
            name,
            row.field,
            row.phrase,
            row.matched_text,
            row.category,
            row.language,
            row.created_at,
            row.reviewed_at,
            customer,
            zone,
        )
        for row, name, customer, zone in session.execute(query)
    ]


def mark_reviewed(database: Database, clock: Clock, *, flag_id: int, reviewer_id: int) -> None:
    """A supervisor has looked at the flag (it leaves the unreviewed list; the row stays)."""
    with database.transaction(write=True) as session:
        reviewer = session.get(User, reviewer_id)
        if reviewer is None or reviewer.role not in (Role.SUPERVISOR, Role.ADMIN):
            raise ReviewError(Message.of("language_guard.error.supervisors_only"))
        row = session.get(LanguageFlag, flag_id)
        if row is not None and row.reviewed_at is None:
            row.reviewed_at = clock.now()
            row.reviewed_by_user_id = reviewer_id

"""Models and scores in the database: fit and store a model, apply it to the whole book or to a few customers.

``scoring_models`` keeps every fitted model with its version, fit date and validation figures (the newest
active one is used); ``customer_scores`` one row per customer: the likelihood, the strongest reasons as message
codes, the features they came from, and the answer rate by local hour. The worklist reads ``customer_scores``;
:func:`rescore` is called whenever a customer's facts change (a payment posted, an outcome saved), so the score
the queue uses is never older than the last thing that happened to the customer.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import threading
import time
import weakref
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any, cast

import numpy as np
from sqlalchemy import Engine, Table, bindparam, delete, func, insert, select, update
from sqlalchemy.orm import Session

from agent_desk.auth.guard import require_of
from agent_desk.auth.permissions import Actor, Permission
from agent_desk.clock import Clock
from agent_desk.scoring.book import Book, day_number, load_book
from agent_desk.scoring.features import NAMES, snapshot
from agent_desk.scoring.fit import FitResult, fit_book, labelled_examples
from agent_desk.scoring.model import Calibration, LikelihoodModel, fallback_model, model_from_row
from agent_desk.scoring.reach import SegmentCounts, customer_rates
from agent_desk.scoring.words import MIN_EFFECT, TOP_REASONS, best_hour_starts, describe, hours_message
from agent_desk.text import Message
from db.engine import Database
from db.models import Customer, CustomerScore, ScoringModel, StrategySetting

TARGET = "pay_30d"
SEGMENTS_KEY = "answer_rates"
BATCH_CUSTOMERS = 50_000
GROWTH_TO_REFIT = 0.10  # the nightly rebuild refits when the labelled history grew by a tenth
RATE_STEP = Decimal("0.0001")
Progress = Callable[[int, int], None]


@dataclasses.dataclass(frozen=True)
class ScoreReport:
    customers: int
    model_version: int | None
    seconds: float


def encode(messages: Sequence[Message]) -> list[dict[str, Any]]:
    return [{"code": m.code, "params": dict(m.params)} for m in messages]


def decode(data: Sequence[dict[str, Any]] | None) -> tuple[Message, ...]:
    return tuple(Message(str(item["code"]), tuple(item.get("params", {}).items())) for item in data or ())


_models: weakref.WeakKeyDictionary[Engine, tuple[float, int | None, LikelihoodModel]] = weakref.WeakKeyDictionary()
_lock = threading.Lock()
MODEL_CACHE_SECONDS = 60.0


def active_model(session: Session) -> LikelihoodModel:
    """The newest active model (the built-in scorecard when none was fitted), cached per engine for a minute."""
    engine = session.get_bind()
    assert isinstance(engine, Engine)
    with _lock:
        cached = _models.get(engine)
    if cached is not None and time.monotonic() - cached[0] < MODEL_CACHE_SECONDS:
        return cached[2]
    row = session.scalars(
        select(ScoringModel).where(ScoringModel.active.is_(True)).order_by(ScoringModel.version.desc()).limit(1)
    ).first()
    model = fallback_model()
    if row is not None:
        scorer = model_from_row(row.kind, row.parameters, row.model_text)
        model = LikelihoodModel(scorer, Calibration.from_data(row.calibration), row.version, row.id)
    with _lock:
        _models[engine] = (time.monotonic(), model.version, model)
    return model


def forget_model(database: Database) -> None:
    with _lock:
        _models.pop(database.engine, None)


def save_model(session: Session, result: FitResult, now: dt.datetime) -> ScoringModel:
    """Store a fitted model as the new active version (earlier versions stay, inactive, for the record)."""
    version = (session.scalar(select(func.max(ScoringModel.version))) or 0) + 1
    session.execute(update(ScoringModel).values(active=False))
    scorer = result.model.scorer
    row = ScoringModel(
        version=version,
        kind=scorer.kind,
        target=TARGET,
        fitted_at=now,
        book_as_of=now,
        examples=result.examples,
        features=list(NAMES),
        parameters=scorer.parameters(),
        model_text=scorer.text(),
        calibration=result.model.calibration.to_data(),
        validation=result.validation,
        active=True,
    )
    session.add(row)
    session.flush()
    return row


def fit_and_store(
    database: Database, clock: Clock, *, threads: int = 1, actor: Actor | int | None = None
) -> tuple[ScoringModel, FitResult]:
    """Fit on the whole book as of now and store the result as the active model. ``actor``: who asks
    (scoring.manage); None is the system."""
    now = clock.now()
    with database.session() as session:
        require_of(session, actor, Permission.SCORING_MANAGE)
        book = load_book(session)
    result = fit_book(book, now, threads=threads)
    with database.transaction(write=True) as session:
        row = save_model(session, result, now)
        session.expunge(row)
    forget_model(database)
    return row, result


def refit_if_grown(database: Database, clock: Clock, *, actor: Actor | int | None = None) -> ScoringModel | None:
    """Refit when no model was fitted yet or the labelled history grew by a tenth since the last fit."""
    now = clock.now()
    with database.session() as session:
        require_of(session, actor, Permission.SCORING_MANAGE)
        last = session.scalars(
            select(ScoringModel).where(ScoringModel.active.is_(True)).order_by(ScoringModel.version.desc()).limit(1)
        ).first()
        book = load_book(session)
    grown = labelled_examples(book, now)
    if last is not None and grown < last.examples * (1 + GROWTH_TO_REFIT):
        return None
    result = fit_book(book, now)
    with database.transaction(write=True) as session:
        row = save_model(session, result, now)
        session.expunge(row)
    forget_model(database)
    return row


def score_book(
    database: Database, clock: Clock, progress: Progress | None = None, *, actor: Actor | int | None = None
) -> ScoreReport:
    """Score every customer with the active model, a slice of customer ids at a time.

    Answer rates lean on the segments' rates of the previous scoring (a first scoring uses a neutral prior);
    this pass counts the calls again and stores the segments' new rates for the next one.
    """
    started = time.perf_counter()
    now = clock.now()
    with database.session() as session:
        require_of(session, actor, Permission.SCORING_MANAGE)  # None: the system (the nightly rebuild)
        model = active_model(session)
        low, high = session.execute(select(func.min(Customer.id), func.max(Customer.id))).one()
        total = session.scalar(select(func.count()).select_from(Customer)) or 0
        segments = _stored_segments(session)
    counts = SegmentCounts()
    done = 0
    start = low or 0
    while low is not None and start <= high:
        end = start + BATCH_CUSTOMERS - 1
        with database.session() as session:
            book = load_book(session, id_range=(start, end))
        if book.size:
            counts.add(book, day_number(now))
            if not segments:
                segments = counts.rates()  # the first scoring: the first slice's segments stand in
            rows = _score_rows(book, model, segments, now)
            with database.transaction(write=True) as session:
                connection = session.connection()
                connection.execute(delete(_SCORES).where(_SCORES.c.customer_id.between(start, end)))
                connection.execute(_INSERT_SCORES, rows)
        done += book.size
        if progress is not None:
            progress(done, total)
        start = end + 1
    with database.transaction(write=True) as session:
        _store_segments(session, now, counts.rates())
    return ScoreReport(done, model.version, time.perf_counter() - started)


def _store_segments(session: Session, now: dt.datetime, segments: dict[str, list[float]]) -> None:
    row = session.get(StrategySetting, SEGMENTS_KEY)
    if row is None:
        session.add(StrategySetting(key=SEGMENTS_KEY, value=segments, updated_at=now))
    else:
        row.value = segments
        row.updated_at = now
    session.flush()


_segments: weakref.WeakKeyDictionary[Engine, tuple[float, dict[str, list[float]]]] = weakref.WeakKeyDictionary()


def _stored_segments(session: Session) -> dict[str, list[float]]:
    """The segments' answer rates of the last whole-book scoring (cached for a minute per engine)."""
    engine = session.get_bind()
    assert isinstance(engine, Engine)
    with _lock:
        cached = _segments.get(engine)
    if cached is not None and time.monotonic() - cached[0] < MODEL_CACHE_SECONDS:
        return cached[1]
    value = dict(session.scalar(select(StrategySetting.value).where(StrategySetting.key == SEGMENTS_KEY)) or {})
    with _lock:
        _segments[engine] = (time.monotonic(), value)
    return value


_SCORES = cast(Table, CustomerScore.__table__)
_DELETE_SCORES = delete(_SCORES).where(_SCORES.c.customer_id.in_(bindparam("ids", expanding=True)))
_INSERT_SCORES = insert(_SCORES)


def rescore(session: Session, now: dt.datetime, customer_ids: Sequence[int]) -> None:
    """Re-score a few customers inside the caller's transaction (after a payment, an outcome, a judged promise)."""
    if not customer_ids:
        return
    book = load_book(session, sorted(set(customer_ids)))
    if not book.size:
        return
    rows = _score_rows(book, active_model(session), _stored_segments(session), now)
    connection = session.connection()
    connection.execute(_DELETE_SCORES, {"ids": [row["customer_id"] for row in rows]})
    connection.execute(_INSERT_SCORES, rows)


def usual_payment(book: Book, t: float) -> np.ndarray[Any, np.dtype[np.float64]]:
    """Each customer's mean payment over the last 180 days (0 without one): what they tend to pay at once."""
    mask = (book.payment_day < t) & (book.payment_day >= t - 180) & (book.payment_amount > 0)
    total = np.bincount(book.payment_customer[mask], weights=book.payment_amount[mask], minlength=book.size)
    count = np.bincount(book.payment_customer[mask], minlength=book.size)
    return np.asarray(np.where(count > 0, total / np.maximum(count, 1), 0.0))


def _score_rows(
    book: Book, model: LikelihoodModel, segments: dict[str, list[float]], now: dt.datetime
) -> list[dict[str, Any]]:
    t = day_number(now)
    shot = snapshot(book, t)
    likelihood = model.likelihood(shot.matrix)
    contributions = model.scorer.contributions(shot.matrix)
    rates, calls = customer_rates(book, t, segments)
    usual = usual_payment(book, t)
    strongest = np.argsort(-np.abs(contributions), axis=1)[:, :TOP_REASONS]
    hours = best_hour_starts(rates, calls)
    features = np.round(shot.matrix, 3).tolist()
    rate_lists = np.round(rates, 3).tolist()
    strong = np.take_along_axis(np.abs(contributions), strongest, axis=1) >= MIN_EFFECT
    likelihoods = [Decimal(f"{value:.4f}") for value in likelihood.tolist()]
    usual_values = np.round(usual, 2).tolist()
    rows = []
    for i, customer_id in enumerate(book.customer_ids.tolist()):
        row_features = features[i]
        reasons = [
            _reason(position, row_features[position])
            for position, keep in zip(strongest[i].tolist(), strong[i].tolist(), strict=True)
            if keep
        ]
        if hours[i] >= 0:
            reasons.append(_hours_reason(int(hours[i])))
        # The features in the order of ``scoring_models.features``, then the usual payment (a list is a third of
        # the JSON of a mapping, on every customer of the book).
        row_features.append(usual_values[i])
        rows.append(
            {
                "customer_id": customer_id,
                "model_id": model.model_id,
                "likelihood": likelihoods[i],
                "reasons": reasons,
                "features": row_features,
                "answer_rates": rate_lists[i],
                "computed_at": now,
            }
        )
    return rows


@functools.lru_cache(maxsize=65536)
def _reason(position: int, value: float) -> dict[str, Any]:
    """One feature's value in words, encoded (on the stored, rounded value: the words match the figures kept);
    the same few thousand values recur across a book, so each is described once."""
    return encode([describe(NAMES[position], value)])[0]


@functools.lru_cache(maxsize=32)
def _hours_reason(start: int) -> dict[str, Any]:
    return encode([hours_message(start)])[0]

"""Fitting the likelihood on the book itself: earlier months to fit, the next month to calibrate, the latest
month to validate (out of time), with the simple rules as the bar to beat.

Nobody supplies labels: every month-end in the past is a reference moment, and what each customer who owed
something then did in the following 30 days — paid at least half of it, or went deeper into arrears — is the
label. A logistic scorecard and gradient-boosted trees are both fitted; the trees are kept only when they rank
the calibration month measurably better. A book too young for that gets the transparent scorecard.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
from typing import Any

import numpy as np

from agent_desk.scoring.book import Book, BoolArray, FloatArray, day_number
from agent_desk.scoring.features import FEATURES, NAMES, WINDOW_DAYS, snapshot
from agent_desk.scoring.model import Boosted, Calibration, LikelihoodModel, Linear, Scorer, scorecard
from agent_desk.scoring.validate import auc, calibration_table, expected_calibration_error, lift_table

MONTH_DAYS = 30.0
MIN_TRAIN = 400  # labelled examples to fit on, at least …
MIN_CLASS = 40  # … with at least this many of each outcome
MIN_CHECK = 150  # examples in each of the calibration and validation months
ISOTONIC_MIN_ROWS = 20_000  # calibration examples for the isotonic map; Platt scaling below that
# AUC the trees must gain over the logistic model on the calibration month to be kept: they cost far more to score
# and to explain.
TREES_MARGIN = 0.02
TREE_PARAMETERS: dict[str, Any] = {
    "objective": "binary",
    "learning_rate": 0.05,
    "num_leaves": 15,
    "min_data_in_leaf": 40,
    "feature_fraction": 0.9,
    "bagging_fraction": 0.8,
    "bagging_freq": 1,
    "lambda_l2": 1.0,
    "verbose": -1,
    "deterministic": True,
    "force_row_wise": True,
}
TREE_ROUNDS = 250
# A big book is fitted on a random sample of its labelled examples (the months thinned alike): half a million
# rank as well as millions, in a fraction of the time and memory.
MAX_EXAMPLES = 500_000


@dataclasses.dataclass(frozen=True)
class FitResult:
    """The chosen model, how many examples it was fitted on, and the figures it was chosen and validated on."""

    model: LikelihoodModel
    examples: int
    validation: dict[str, Any]


@dataclasses.dataclass(frozen=True)
class _Slice:
    matrix: FloatArray
    label: BoolArray

    @property
    def rows(self) -> int:
        return len(self.label)

    def usable(self, minimum: int) -> bool:
        positives = int(self.label.sum())
        return self.rows >= minimum and positives >= MIN_CLASS and self.rows - positives >= MIN_CLASS


def reference_days(as_of: float, months: int) -> list[float]:
    """Month-ends whose 30 days after are fully in the past, latest first."""
    last = as_of - WINDOW_DAYS
    return [last - MONTH_DAYS * k for k in range(months)]


def labelled_examples(book: Book, as_of: dt.datetime, months: int = 9) -> int:
    """How many labelled examples the book holds now (the nightly rebuild refits when this has grown)."""
    return sum(_slice(book, t).rows for t in reference_days(day_number(as_of), months)[2:])


def _slice(book: Book, t: float) -> _Slice:
    shot = snapshot(book, t, with_label=True)
    mask = shot.eligible
    assert shot.label is not None
    return _Slice(shot.matrix[mask].astype(np.float32), shot.label[mask])


def _thin(piece: _Slice, limit: int, seed: int) -> _Slice:
    if piece.rows <= limit:
        return piece
    keep = np.sort(np.random.default_rng(seed).choice(piece.rows, size=limit, replace=False))
    return _Slice(piece.matrix[keep], piece.label[keep])


def _stack(slices: list[_Slice], limit: int, seed: int) -> _Slice:
    matrix = np.concatenate([s.matrix for s in slices]) if slices else np.zeros((0, len(NAMES)))
    label = np.concatenate([s.label for s in slices]) if slices else np.zeros(0, dtype=bool)
    if len(label) > limit:
        keep = np.sort(np.random.default_rng(seed).choice(len(label), size=limit, replace=False))
        matrix, label = matrix[keep], label[keep]
    return _Slice(matrix, label)


def fit_book(
    book: Book,
    as_of: dt.datetime,
    *,
    months: int = 9,
    max_examples: int = MAX_EXAMPLES,
    threads: int = 1,
    seed: int = 1,
) -> FitResult:
    """Fit, calibrate and validate on ``book`` as of ``as_of``; the scorecard when the history is too short."""
    days = reference_days(day_number(as_of), months)
    validation_slice = _slice(book, days[0])
    calibration_slice = _slice(book, days[1])
    # Each training month is thinned to its share of ``max_examples`` before stacking, so memory stays bounded.
    share = max(1, max_examples // max(len(days) - 2, 1))
    train = _stack([_thin(_slice(book, t), share, seed + n) for n, t in enumerate(days[2:])], max_examples, seed)
    figures: dict[str, Any] = {
        "as_of": as_of.isoformat(),
        "months": {
            "validation": _iso(days[0]),
            "calibration": _iso(days[1]),
            "train": [_iso(t) for t in days[2:]],
        },
        "examples": {"train": train.rows, "calibration": calibration_slice.rows, "validation": validation_slice.rows},
        "candidates": {},
    }
    enough = train.usable(MIN_TRAIN) and calibration_slice.usable(MIN_CHECK) and validation_slice.usable(MIN_CHECK)
    if not enough:
        model = LikelihoodModel(scorecard(), Calibration())
        figures["chosen"] = "scorecard"
        figures["why"] = "too little history to fit on"
        if validation_slice.usable(MIN_CLASS * 2):
            figures.update(_validation_figures(model, validation_slice))
        return FitResult(model, train.rows, figures)
    candidates: dict[str, Scorer] = {}
    started = time.perf_counter()
    candidates["logistic"] = _fit_logistic(train)
    figures["candidates"]["logistic"] = {"seconds": round(time.perf_counter() - started, 2)}
    started = time.perf_counter()
    candidates["lightgbm"] = _fit_trees(train, threads, seed)
    figures["candidates"]["lightgbm"] = {"seconds": round(time.perf_counter() - started, 2)}
    for name, scorer in candidates.items():
        figures["candidates"][name]["auc_calibration_month"] = round(
            auc(scorer.log_odds(calibration_slice.matrix), calibration_slice.label), 4
        )
        figures["candidates"][name]["auc_validation_month"] = round(
            auc(scorer.log_odds(validation_slice.matrix), validation_slice.label), 4
        )
    trees, logistic = (figures["candidates"][name]["auc_calibration_month"] for name in ("lightgbm", "logistic"))
    chosen = "lightgbm" if trees >= logistic + TREES_MARGIN else "logistic"
    scorer = candidates[chosen]
    model = LikelihoodModel(scorer, _calibrate(scorer.log_odds(calibration_slice.matrix), calibration_slice.label))
    figures["chosen"] = chosen
    figures["why"] = (
        f"AUC on the calibration month: trees {trees:.4f}, logistic {logistic:.4f} "
        f"(trees are kept when at least {TREES_MARGIN} better)"
    )
    figures.update(_validation_figures(model, validation_slice))
    return FitResult(model, train.rows, figures)


def _validation_figures(model: LikelihoodModel, check: _Slice) -> dict[str, Any]:
    probability = model.likelihood(check.matrix)
    fallback = scorecard().log_odds(check.matrix)
    latest = -check.matrix[:, NAMES.index("status_latest")]
    months_late = -check.matrix[:, NAMES.index("status_sum6")]
    table = calibration_table(probability, check.label)
    return {
        "base_rate": round(float(check.label.mean()), 4),
        "auc": {
            "model": round(auc(probability, check.label), 4),
            "scorecard": round(auc(fallback, check.label), 4),
            "latest_status": round(auc(latest, check.label), 4),
            "months_late_sum": round(auc(months_late, check.label), 4),
        },
        "calibration": table,
        "calibration_error": expected_calibration_error(table),
        "lift": lift_table(
            {"model": probability, "latest_status": latest, "months_late_sum": months_late}, check.label
        ),
    }


def _fit_logistic(train: _Slice) -> Linear:
    from sklearn.linear_model import LogisticRegression

    low = np.percentile(train.matrix, 0.5, axis=0)
    high = np.percentile(train.matrix, 99.5, axis=0)
    clipped = np.clip(train.matrix, low, high)
    centre = clipped.mean(axis=0)
    scale = clipped.std(axis=0)
    scale = np.where(scale > 1e-9, scale, 1.0)
    fitted = LogisticRegression(C=0.5, max_iter=500).fit((clipped - centre) / scale, train.label)
    return Linear(
        "logistic",
        float(fitted.intercept_[0]),
        tuple(float(w) for w in fitted.coef_[0]),
        tuple(float(v) for v in centre),
        tuple(float(v) for v in scale),
        tuple(float(v) for v in low),
        tuple(float(v) for v in high),
    )


def _fit_trees(train: _Slice, threads: int, seed: int) -> Boosted:
    """One thread unless asked: LightGBM's threads meet at a barrier after every step of every tree, so on a
    machine whose cores are busy with other work two threads took three times as long as one (24 s against 7 s on
    the 100k demo book's 427 k examples, 2 shared cores)."""
    import lightgbm

    parameters = {
        **TREE_PARAMETERS,
        "num_threads": threads,
        "seed": seed,
        "monotone_constraints": [feature.direction for feature in FEATURES],
        "monotone_constraints_method": "intermediate",
    }
    dataset = lightgbm.Dataset(train.matrix, label=train.label.astype(np.float64), feature_name=list(NAMES))
    booster = lightgbm.train(parameters, dataset, num_boost_round=TREE_ROUNDS)
    return Boosted(str(booster.model_to_string()))


def _calibrate(log_odds: FloatArray, label: BoolArray) -> Calibration:
    """Isotonic on a big calibration month, Platt scaling (two numbers, less noise) on a small one."""
    if len(label) >= ISOTONIC_MIN_ROWS:
        from sklearn.isotonic import IsotonicRegression

        fitted = IsotonicRegression(out_of_bounds="clip", y_min=0.005, y_max=0.995).fit(log_odds, label.astype(float))
        return Calibration(tuple(float(v) for v in fitted.X_thresholds_), tuple(float(v) for v in fitted.y_thresholds_))
    from sklearn.linear_model import LogisticRegression

    platt = LogisticRegression(C=1e6, max_iter=200).fit(log_odds.reshape(-1, 1), label)
    return Calibration(slope=float(platt.coef_[0][0]), shift=float(platt.intercept_[0]))


def _iso(day: float) -> str:
    return (dt.datetime(1970, 1, 1, tzinfo=dt.UTC) + dt.timedelta(days=day)).date().isoformat()

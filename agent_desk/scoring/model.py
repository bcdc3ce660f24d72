"""The three kinds of likelihood model and how each is stored without pickles.

* ``logistic``: a regularised logistic regression on standardised features — plain coefficients.
* ``lightgbm``: gradient-boosted trees with monotone constraints — LightGBM's own text model.
* ``scorecard``: the transparent fallback for a book with too little history — fixed, documented weights in
  log-odds per feature (docs/SCORING.md), nothing fitted.

Each gives log-odds and each feature's contribution to them (for the logistic model and the scorecard the
coefficient times the distance from the neutral value; for the trees LightGBM's own per-feature contributions),
then an isotonic calibration maps log-odds to a probability that means what it says.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Mapping, Sequence
from typing import Any, Protocol

import numpy as np

from agent_desk.scoring.book import FloatArray
from agent_desk.scoring.features import FEATURES, NAMES

EXPLAINED_FEATURES = 8  # the trees' reasons are looked for among their most important features

# The fallback: log-odds per unit of each feature's distance from its neutral value, and the clip applied first.
SCORECARD_INTERCEPT = -0.3
SCORECARD: Mapping[str, tuple[float, float, float]] = {  # name: (weight, low, high)
    "status_latest": (-0.55, 0, 4),
    "status_sum6": (-0.12, 0, 18),
    "late_streak": (-0.25, 0, 6),
    "status_trend": (-0.45, -3, 3),
    "bills_unpaid": (-0.15, 0, 6),
    "paid_months_3": (0.45, 0, 3),
    "paid_months_6": (0.15, 0, 6),
    "paid_trend": (0.3, -1, 1),
    "pay_ratio_3m": (0.3, 0, 1.5),
    "pay_ratio_6m": (0.2, 0, 1.5),
    "days_since_payment": (-0.008, 0, 180),
    "utilisation": (-0.4, 0, 1.5),
    "keep_rate": (1.6, 0, 1),
    "promises_broken_90d": (-0.3, 0, 3),
}


class Scorer(Protocol):
    @property
    def kind(self) -> str: ...

    def log_odds(self, matrix: FloatArray) -> FloatArray: ...

    def contributions(self, matrix: FloatArray) -> FloatArray:
        """Per row and feature, how much the feature moved the log-odds (same shape as ``matrix``)."""
        ...

    def parameters(self) -> dict[str, Any]: ...

    def text(self) -> str | None: ...


@dataclasses.dataclass(frozen=True)
class Linear:
    """Log-odds = intercept + Σ weight × (clip(x) − centre) / scale: the logistic model and the scorecard."""

    kind: str
    intercept: float
    weights: tuple[float, ...]
    centre: tuple[float, ...]
    scale: tuple[float, ...]
    low: tuple[float, ...]
    high: tuple[float, ...]

    def _scaled(self, matrix: FloatArray) -> FloatArray:
        clipped = np.clip(matrix, np.array(self.low), np.array(self.high))
        return np.asarray((clipped - np.array(self.centre)) / np.array(self.scale))

    def log_odds(self, matrix: FloatArray) -> FloatArray:
        return np.asarray(self.intercept + self._scaled(matrix) @ np.array(self.weights))

    def contributions(self, matrix: FloatArray) -> FloatArray:
        return np.asarray(self._scaled(matrix) * np.array(self.weights))

    def parameters(self) -> dict[str, Any]:
        return {
            "intercept": self.intercept,
            "weights": list(self.weights),
            "centre": list(self.centre),
            "scale": list(self.scale),
            "low": list(self.low),
            "high": list(self.high),
        }

    def text(self) -> str | None:
        return None

    @classmethod
    def from_parameters(cls, kind: str, data: Mapping[str, Any]) -> Linear:
        return cls(
            kind,
            float(data["intercept"]),
            *(tuple(float(value) for value in data[key]) for key in ("weights", "centre", "scale", "low", "high")),
        )


def scorecard() -> Linear:
    """The transparent fallback, on the neutral values of the features."""
    weights, centre, low, high = [], [], [], []
    for feature in FEATURES:
        weight, lo, hi = SCORECARD.get(feature.name, (0.0, -np.inf, np.inf))
        weights.append(weight)
        centre.append(feature.neutral)
        low.append(lo)
        high.append(hi)
    ones = tuple(1.0 for _ in FEATURES)
    return Linear("scorecard", SCORECARD_INTERCEPT, tuple(weights), tuple(centre), ones, tuple(low), tuple(high))


@dataclasses.dataclass(frozen=True)
class Boosted:
    """LightGBM trees, kept as LightGBM's text model (loading it runs no code)."""

    model_text: str
    kind: str = "lightgbm"

    @functools.cached_property
    def _booster(self) -> Any:
        import lightgbm

        return lightgbm.Booster(model_str=self.model_text)

    def log_odds(self, matrix: FloatArray) -> FloatArray:
        return np.asarray(self._booster.predict(matrix, raw_score=True, num_threads=1), dtype=np.float64)

    def contributions(self, matrix: FloatArray) -> FloatArray:
        """How much each of the most important features moves the log-odds away from its neutral value (the
        prediction with that feature set to neutral, subtracted); the others count 0. Exact per-feature
        attributions for trees cost a millisecond a customer, too much for a million."""
        base = self.log_odds(matrix)
        result = np.zeros(matrix.shape, dtype=np.float64)
        for position in self._important:
            neutral = np.array(matrix, dtype=np.float64, copy=True)
            neutral[:, position] = FEATURES[position].neutral
            result[:, position] = base - self.log_odds(neutral)
        return result

    @functools.cached_property
    def _important(self) -> list[int]:
        gains = np.asarray(self._booster.feature_importance(importance_type="gain"), dtype=np.float64)
        return [int(i) for i in np.argsort(-gains)[:EXPLAINED_FEATURES] if gains[i] > 0]

    def parameters(self) -> dict[str, Any]:
        return {}

    def text(self) -> str | None:
        return self.model_text


@dataclasses.dataclass(frozen=True)
class Calibration:
    """Log-odds → probability. Isotonic (monotone, piecewise linear: ``x`` → ``y``) when fitted on plenty of
    examples; Platt scaling (``slope`` and ``shift`` of the log-odds) on fewer; the plain logistic curve when
    nothing was fitted (the scorecard)."""

    x: tuple[float, ...] = ()
    y: tuple[float, ...] = ()
    slope: float = 1.0
    shift: float = 0.0

    def probability(self, log_odds: FloatArray) -> FloatArray:
        if self.x:
            return np.asarray(np.clip(np.interp(log_odds, np.array(self.x), np.array(self.y)), 0.005, 0.995))
        scaled = np.clip(self.slope * log_odds + self.shift, -30, 30)
        return np.asarray(np.clip(1 / (1 + np.exp(-scaled)), 0.005, 0.995))

    def to_data(self) -> dict[str, Any]:
        if self.x:
            return {"kind": "isotonic", "x": list(self.x), "y": list(self.y)}
        return {"kind": "platt", "slope": self.slope, "shift": self.shift}

    @classmethod
    def from_data(cls, data: Mapping[str, Any] | None) -> Calibration:
        if not data:
            return cls()
        if data.get("x"):
            return cls(tuple(float(v) for v in data["x"]), tuple(float(v) for v in data["y"]))
        return cls(slope=float(data.get("slope", 1.0)), shift=float(data.get("shift", 0.0)))


@dataclasses.dataclass(frozen=True)
class LikelihoodModel:
    """A scorer with its calibration: what the queue uses. ``version`` is None for the built-in scorecard."""

    scorer: Scorer
    calibration: Calibration
    version: int | None = None
    model_id: int | None = None

    @property
    def kind(self) -> str:
        return self.scorer.kind

    def likelihood(self, matrix: FloatArray) -> FloatArray:
        return self.calibration.probability(self.scorer.log_odds(matrix))


def fallback_model() -> LikelihoodModel:
    return LikelihoodModel(scorecard(), Calibration())


def model_from_row(kind: str, parameters: Mapping[str, Any], text: str | None) -> Scorer:
    """A stored model back from its plain parts."""
    if kind == "lightgbm":
        if not text:
            raise ValueError("a LightGBM model without its text")
        return Boosted(text)
    if kind in ("logistic", "scorecard"):
        return Linear.from_parameters(kind, parameters)
    raise ValueError(f"unknown model kind {kind!r}")


def feature_names() -> Sequence[str]:
    return NAMES

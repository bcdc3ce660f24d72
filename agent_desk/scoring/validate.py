"""Out-of-time validation figures: AUC, calibration by decile, lift by decile against the simple rules."""

from __future__ import annotations

from typing import Any

import numpy as np

from agent_desk.scoring.book import BoolArray, FloatArray

DECILES = 10


def auc(score: FloatArray, label: BoolArray) -> float:
    """The chance a random payer scores above a random non-payer (ties count half)."""
    positives = int(label.sum())
    negatives = len(label) - positives
    if positives == 0 or negatives == 0:
        return float("nan")
    ranks = _average_ranks(score)
    return float((ranks[label].sum() - positives * (positives + 1) / 2) / (positives * negatives))


def _average_ranks(values: FloatArray) -> FloatArray:
    order = np.argsort(values, kind="mergesort")
    sorted_values = values[order]
    ranks = np.empty(len(values))
    ranks[order] = np.arange(1, len(values) + 1, dtype=np.float64)
    # Ties share the mean of their ranks.
    _, first, counts = np.unique(sorted_values, return_index=True, return_counts=True)
    for start, count in zip(first[counts > 1], counts[counts > 1], strict=True):
        members = order[start : start + count]
        ranks[members] = ranks[members].mean()
    return ranks


def deciles(score: FloatArray, seed: int = 7) -> np.ndarray[Any, np.dtype[np.int64]]:
    """Decile of each row, 0 = highest scores; ties are broken at random (a fixed seed) so a coarse rule's
    deciles hold equal numbers of rows."""
    jitter = np.random.default_rng(seed).random(len(score))
    order = np.lexsort((jitter, -score))
    result = np.empty(len(score), dtype=np.int64)
    result[order] = (np.arange(len(score)) * DECILES) // max(len(score), 1)
    return result


def calibration_table(probability: FloatArray, label: BoolArray) -> list[dict[str, float]]:
    """Per decile of the predicted probability: mean predicted, observed rate, their absolute gap, rows."""
    groups = deciles(probability)
    table = []
    for decile in range(DECILES):
        mask = groups == decile
        if not mask.any():
            continue
        predicted = float(probability[mask].mean())
        observed = float(label[mask].mean())
        table.append(
            {
                "decile": decile + 1,
                "predicted": round(predicted, 4),
                "observed": round(observed, 4),
                "gap": round(abs(predicted - observed), 4),
                "rows": int(mask.sum()),
            }
        )
    return table


def lift_table(scores: dict[str, FloatArray], label: BoolArray) -> list[dict[str, float]]:
    """Per decile (1 = the top tenth by each ranking): the observed paying rate over the overall rate."""
    overall = float(label.mean()) or 1.0
    groups = {name: deciles(score) for name, score in scores.items()}
    table = []
    for decile in range(DECILES):
        row: dict[str, float] = {"decile": decile + 1}
        for name, group in groups.items():
            mask = group == decile
            row[name] = round(float(label[mask].mean()) / overall, 3) if mask.any() else 0.0
        table.append(row)
    return table


def expected_calibration_error(table: list[dict[str, float]]) -> float:
    rows = sum(row["rows"] for row in table) or 1
    return round(sum(row["gap"] * row["rows"] for row in table) / rows, 4)

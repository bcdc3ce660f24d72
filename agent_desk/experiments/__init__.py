"""Champion/challenger strategy experiments: a segment's customers split at random between two variants.

A supervisor names what varies — a script variant, the priority weights, or the cadence/next-action table — the
segment (bucket, product, team, zone), the challenger's share and the period. :func:`start_experiment` draws the
arms once, with a stored seed (the same seed and segment give the same split), and keeps them in
``experiment_arms``; :func:`variant_for` tells the desk which variant applies to a customer now;
:func:`compare_arms` compares the arms' KPIs (from :mod:`agent_desk.reporting`) with scipy's tests and says
plainly whether the difference is real yet.
"""

from __future__ import annotations

from agent_desk.experiments.compare import ArmFigures, Comparison, MetricComparison, compare_arms
from agent_desk.experiments.design import (
    ARMS,
    KINDS,
    ExperimentError,
    ExperimentSpec,
    list_experiments,
    start_experiment,
    variant_for,
)

__all__ = [
    "ARMS",
    "KINDS",
    "ArmFigures",
    "Comparison",
    "ExperimentError",
    "ExperimentSpec",
    "MetricComparison",
    "compare_arms",
    "list_experiments",
    "start_experiment",
    "variant_for",
]

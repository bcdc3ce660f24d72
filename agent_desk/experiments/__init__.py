"""Champion/challenger strategy experiments: a segment's customers split at random between two variants.

A supervisor names what varies — a script variant, the priority weights, or the cadence/next-action table — the
segment (bucket, product, team, zone), the challenger's share and the period. :func:`start_experiment` draws the
arms once, with a stored seed (the same seed and segment give the same split), and keeps them in
``experiment_arms``; :func:`variant_for` tells the desk which script variant applies to a customer now, and
:func:`experiment_settings` the worklist which priority weights and cadence (docs/EXPERIMENTS.md);
:func:`compare_arms` compares the arms' KPIs (from :mod:`agent_desk.reporting`) with scipy's tests and says
plainly whether the difference is real yet.
"""

from __future__ import annotations

from agent_desk.experiments.compare import ArmFigures, Comparison, MetricComparison, compare_arms
from agent_desk.experiments.design import (
    ARMS,
    KINDS,
    SEGMENT_KEYS,
    ExperimentError,
    ExperimentSpec,
    SplitPreview,
    list_experiments,
    preview_split,
    spec_problems,
    start_experiment,
    variant_for,
)
from agent_desk.experiments.overrides import (
    CADENCE_KEYS,
    apply_arm,
    arm_problems,
    experiment_settings,
    priority_keys,
)

__all__ = [
    "ARMS",
    "CADENCE_KEYS",
    "KINDS",
    "SEGMENT_KEYS",
    "ArmFigures",
    "Comparison",
    "ExperimentError",
    "ExperimentSpec",
    "MetricComparison",
    "SplitPreview",
    "apply_arm",
    "arm_problems",
    "compare_arms",
    "experiment_settings",
    "list_experiments",
    "preview_split",
    "priority_keys",
    "spec_problems",
    "start_experiment",
    "variant_for",
]

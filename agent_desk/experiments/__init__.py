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

from typing import TYPE_CHECKING, Any

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

if TYPE_CHECKING:
    from agent_desk.experiments.compare import ArmFigures, Comparison, MetricComparison, compare_arms

# The comparison (scipy, the KPI queries) loads on first use: the desk's script pane asks only variant_for.
_COMPARE = frozenset({"ArmFigures", "Comparison", "MetricComparison", "compare_arms"})


def __getattr__(name: str) -> Any:
    if name in _COMPARE:
        from agent_desk.experiments import compare

        return getattr(compare, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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

"""What an arm of a priority-weight or cadence experiment changes in the worklist's settings, and which settings
apply to a customer now.

An arm stores only what it changes, over the settings in force: ``{"recovery_points": "14"}`` for the priority
weights, ``{"dpd_1_30": {"min_minutes_between_attempts": 120}}`` for a stage's cadence; the champion is usually
``{}`` (the settings as they are). :func:`arm_problems` checks an arm before an experiment starts; laying it over
the settings (:func:`apply_arm`) and the settings of each customer (:func:`experiment_settings`, which the worklist
calls to score and pace a customer with their arm's settings) live in :mod:`agent_desk.worklist.arms`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from agent_desk.text import Message
from agent_desk.worklist.arms import (
    CADENCE,
    CADENCE_KEYS,
    CADENCE_LIMITS,
    MAX_DAYS,
    MAX_POINTS,
    PRIORITY,
    apply_arm,
    cadence_value,
    experiment_settings,
    number_value,
    priority_keys,
)
from agent_desk.worklist.settings import WorklistSettings

__all__ = [
    "CADENCE",
    "CADENCE_KEYS",
    "CADENCE_LIMITS",
    "MAX_DAYS",
    "MAX_POINTS",
    "PRIORITY",
    "apply_arm",
    "arm_problems",
    "experiment_settings",
    "priority_keys",
]


def arm_problems(kind: str, arm: Mapping[str, Any], settings: WorklistSettings) -> list[Message]:
    """What is wrong with one arm's settings (empty: nothing). Script-variant arms are checked elsewhere."""
    if kind == PRIORITY:
        keys = priority_keys()
        problems = []
        for key, value in arm.items():
            if key not in keys:
                problems.append(Message.of("experiment.unknown_setting", setting=key))
            elif number_value(value, keys[key]) is None:
                problems.append(Message.of("experiment.bad_value", setting=key, value=str(value)))
        return problems
    if kind == CADENCE:
        problems = []
        stages = {stage.code for stage in settings.stages}
        for code, changes in arm.items():
            if code not in stages:
                problems.append(Message.of("experiment.unknown_stage", stage=code, stages=", ".join(sorted(stages))))
                continue
            if not isinstance(changes, Mapping):
                problems.append(Message.of("experiment.bad_value", setting=code, value=str(changes)))
                continue
            for key, value in changes.items():
                if key not in CADENCE_KEYS:
                    problems.append(Message.of("experiment.unknown_setting", setting=f"{code}.{key}"))
                elif value is not None and cadence_value(key, value) is None:
                    problems.append(Message.of("experiment.bad_value", setting=f"{code}.{key}", value=str(value)))
        return problems
    return []

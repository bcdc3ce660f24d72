"""The worklist settings of a customer drawn into a running priority-weight or cadence experiment.

An arm of such an experiment (agent_desk/experiments, docs/EXPERIMENTS.md) stores only what it changes, over the
settings in force: ``{"recovery_points": "14"}`` for the priority weights, ``{"dpd_1_30":
{"min_minutes_between_attempts": 120}}`` for a stage's cadence; the champion is usually ``{}``. :func:`apply_arm`
lays an arm over the settings; :func:`experiment_settings` gives each customer the settings of their arm — what
the worklist scores (priority) and paces (the stage's pause and caps) them with, in the rebuild, the refresh after
a save and the check at lease time. Here, not in agent_desk/experiments, so the queue's hot path never loads
what comparing the arms needs (scipy).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from agent_desk.worklist.settings import PriorityConstants, Stage, WorklistSettings
from db.models import Experiment, ExperimentArm

PRIORITY = "priority_weights"
CADENCE = "cadence"
# A stage's cadence: the pause between attempts and the stage's own caps (None: no cap of the stage's own).
CADENCE_KEYS = ("min_minutes_between_attempts", "max_attempts_per_day", "max_attempts_per_week")
CADENCE_LIMITS = {"min_minutes_between_attempts": (0, 7 * 24 * 60), "max_attempts_per_day": (1, 20),
                  "max_attempts_per_week": (1, 100)}  # fmt: skip
MAX_POINTS = Decimal("1000")
MAX_DAYS = 365


def priority_keys() -> dict[str, type]:
    """The priority weights an experiment may change, with their type (points are Decimal, horizons int)."""
    return {
        field.name: Decimal if field.type in (Decimal, "Decimal") else int
        for field in dataclasses.fields(PriorityConstants)
        if field.type in (Decimal, "Decimal", int, "int")
    }


def number_value(value: Any, kind: type) -> Decimal | int | None:
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    if not number.is_finite() or number < 0:
        return None
    if kind is int:
        return int(number) if number == number.to_integral_value() and 1 <= number <= MAX_DAYS else None
    return number if number <= MAX_POINTS else None


def cadence_value(key: str, value: Any) -> int | None:
    try:
        number = int(str(value).strip())
    except ValueError:
        return None
    low, high = CADENCE_LIMITS[key]
    return number if low <= number <= high else None


def apply_arm(settings: WorklistSettings, kind: str, arm: Mapping[str, Any]) -> WorklistSettings:
    """``settings`` with the arm's changes laid over them (an arm that :func:`arm_problems` refuses is never
    stored; an entry that no longer fits — a stage since removed — is passed over). An empty arm (the usual
    champion) returns ``settings`` themselves."""
    if not arm:
        return settings
    if kind == PRIORITY:
        keys = priority_keys()
        numbers = {key: number_value(value, keys[key]) for key, value in arm.items() if key in keys}
        valid: dict[str, Any] = {key: value for key, value in numbers.items() if value is not None}
        return dataclasses.replace(settings, priority=dataclasses.replace(settings.priority, **valid))
    if kind == CADENCE:
        stages = []
        for stage in settings.stages:
            stage_changes = arm.get(stage.code)
            stages.append(_stage_with(stage, stage_changes) if isinstance(stage_changes, Mapping) else stage)
        return dataclasses.replace(settings, stages=tuple(stages))
    return settings


def _stage_with(stage: Stage, changes: Mapping[str, Any]) -> Stage:
    values: dict[str, int | None] = {}
    for key in CADENCE_KEYS:
        if key in changes:
            value = changes[key]
            number = None if value is None else cadence_value(key, value)
            if value is None and key != "min_minutes_between_attempts":
                values[key] = None
            elif number is not None:
                values[key] = number
    return dataclasses.replace(stage, **values)  # type: ignore[arg-type]


def experiment_settings(
    session: Session, base: WorklistSettings, now: dt.datetime, customer_ids: Iterable[int] | None = None
) -> Callable[[int], WorklistSettings]:
    """The worklist settings for each customer at ``now``: ``base`` for a customer in no running priority-weight
    or cadence experiment, else ``base`` with their arm's changes (both kinds when they are in one of each).

    One query for all customers (or only ``customer_ids``, for one customer on the hot path); the settings of
    each arm are built once. Returns a function of the customer id.
    """
    running = {
        row.id: row
        for row in session.scalars(
            select(Experiment).where(
                Experiment.kind.in_((PRIORITY, CADENCE)),
                Experiment.starts_at <= now,
                Experiment.ends_at > now,
                Experiment.stopped_at.is_(None),
            )
        )
    }
    if not running:  # the usual case: one look at the (small) experiments table
        return lambda _customer_id: base
    query = select(ExperimentArm.customer_id, ExperimentArm.experiment_id, ExperimentArm.arm).where(
        ExperimentArm.experiment_id.in_(list(running))
    )
    if customer_ids is not None:
        query = query.where(ExperimentArm.customer_id.in_(list(customer_ids)))
    arms: dict[int, list[tuple[int, str]]] = {}
    for customer_id, experiment_id, arm in session.execute(query):
        arms.setdefault(customer_id, []).append((experiment_id, arm))
    for drawn in arms.values():  # oldest first: a later experiment's change wins
        drawn.sort(key=lambda pair: (running[pair[0]].starts_at, pair[0]))
    if not arms:
        return lambda _customer_id: base
    definitions = running
    built: dict[tuple[tuple[int, str], ...], WorklistSettings] = {}

    def settings_of(customer_id: int) -> WorklistSettings:
        drawn = tuple(arms.get(customer_id, ()))
        if not drawn:
            return base
        if drawn not in built:
            settings = base
            for experiment_id, arm in drawn:  # oldest first: a later experiment's change wins
                experiment = definitions[experiment_id]
                settings = apply_arm(
                    settings, experiment.kind, experiment.challenger if arm == "challenger" else experiment.champion
                )
            built[drawn] = settings
        return built[drawn]

    return settings_of

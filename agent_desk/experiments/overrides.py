"""What an arm of a priority-weight or cadence experiment changes in the worklist's settings, and which settings
apply to a customer now.

An arm stores only what it changes, over the settings in force: ``{"recovery_points": "14"}`` for the priority
weights, ``{"dpd_1_30": {"min_minutes_between_attempts": 120}}`` for a stage's cadence; the champion is usually
``{}`` (the settings as they are). :func:`apply_arm` lays an arm over the settings; :func:`experiment_settings`
is what the worklist calls to score and schedule a customer with the settings of the arm they were drawn into
(docs/EXPERIMENTS.md).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from agent_desk.text import Message
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


def arm_problems(kind: str, arm: Mapping[str, Any], settings: WorklistSettings) -> list[Message]:
    """What is wrong with one arm's settings (empty: nothing). Script-variant arms are checked elsewhere."""
    if kind == PRIORITY:
        keys = priority_keys()
        problems = []
        for key, value in arm.items():
            if key not in keys:
                problems.append(Message.of("experiment.unknown_setting", setting=key))
            elif _number(value, keys[key]) is None:
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
                elif value is not None and _cadence_value(key, value) is None:
                    problems.append(Message.of("experiment.bad_value", setting=f"{code}.{key}", value=str(value)))
        return problems
    return []


def _number(value: Any, kind: type) -> Decimal | int | None:
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    if not number.is_finite() or number < 0:
        return None
    if kind is int:
        return int(number) if number == number.to_integral_value() and 1 <= number <= MAX_DAYS else None
    return number if number <= MAX_POINTS else None


def _cadence_value(key: str, value: Any) -> int | None:
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
        numbers = {key: _number(value, keys[key]) for key, value in arm.items() if key in keys}
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
            number = None if value is None else _cadence_value(key, value)
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
    query = (
        select(ExperimentArm.customer_id, Experiment.id, Experiment.kind, ExperimentArm.arm)
        .join(Experiment, Experiment.id == ExperimentArm.experiment_id)
        .where(
            Experiment.kind.in_((PRIORITY, CADENCE)),
            Experiment.starts_at <= now,
            Experiment.ends_at > now,
            Experiment.stopped_at.is_(None),
        )
        .order_by(Experiment.starts_at, Experiment.id)
    )
    if customer_ids is not None:
        query = query.where(ExperimentArm.customer_id.in_(list(customer_ids)))
    arms: dict[int, list[tuple[int, str]]] = {}
    for customer_id, experiment_id, _kind, arm in session.execute(query):
        arms.setdefault(customer_id, []).append((experiment_id, arm))
    if not arms:
        return lambda _customer_id: base
    definitions = {
        row.id: row
        for row in session.scalars(
            select(Experiment).where(Experiment.id.in_({e for a in arms.values() for e, _ in a}))
        )
    }
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

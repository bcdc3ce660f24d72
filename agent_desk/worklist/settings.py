"""Strategy settings in the database (stages, cadence, limits, policy choice), seeded from ``resources/strategy``."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from agent_desk.clock import Clock
from agent_desk.compliance.policy import Policy, load_policy, parse_minutes
from agent_desk.dispositions import sync_catalog
from agent_desk.resources import load_toml
from db.engine import Database, ReadCache
from db.models import AccountStatus, StrategySetting, StrategyStage

CACHE_SECONDS = 60.0


@dataclasses.dataclass(frozen=True)
class Stage:
    """A delinquency stage; ``min_dpd``/``max_dpd`` in days past due (negative: days before the due date)."""

    code: str
    sort_order: int
    min_dpd: int
    max_dpd: int | None
    min_minutes_between_attempts: int
    max_attempts_per_day: int | None
    max_attempts_per_week: int | None
    base_likelihood: Decimal
    recovery_weight: Decimal

    def covers(self, dpd: int) -> bool:
        return self.min_dpd <= dpd and (self.max_dpd is None or dpd <= self.max_dpd)


@dataclasses.dataclass(frozen=True)
class PriorityConstants:
    """The weights of the score's parts (points), from the "priority" setting."""

    reference_amount: Mapping[str, Decimal]
    recovery_points: Decimal
    history_days: int
    callback_points: Decimal
    promise_check_points: Decimal
    escalation_points: Decimal
    promise_due_points: Decimal
    roll_points: Decimal
    roll_horizon_days: int
    reachability_points: Decimal
    typical_answer_rate: Decimal
    hold_for_best_hour_ratio: float
    pressure_per_attempt_24h: Decimal
    pressure_per_attempt_7d: Decimal
    pressure_per_contact_3d: Decimal


@dataclasses.dataclass(frozen=True, eq=False)
class WorklistSettings:
    policy: Policy
    stages: tuple[Stage, ...]
    lease_minutes: int
    skip_cooldown_minutes: int
    candidates_per_lease: int
    promise_grace_days: int
    promise_check_minute: int
    promise_tolerance: Decimal
    workable_statuses: frozenset[AccountStatus]
    priority: PriorityConstants
    # The team's working hours (minutes of the day, start and end) in a zone: a customer is never held for a
    # best hour the team does not work.
    shift: tuple[int, int, str] = (8 * 60, 17 * 60 + 30, "Asia/Jakarta")
    # Next offers an early call (a retry or planned call not due yet, within every rule) rather than nothing.
    fill_idle_time: bool = True

    def stage_for(self, dpd: int) -> Stage | None:
        return next((stage for stage in self.stages if stage.covers(dpd)), None)

    def stage(self, code: str) -> Stage | None:
        return next((stage for stage in self.stages if stage.code == code), None)


def seed_strategy(session: Session, clock: Clock) -> bool:
    """Insert the stages and settings from ``resources/strategy`` (and the disposition catalog) where the
    database has none yet."""
    changed = sync_catalog(session) > 0
    if session.scalar(select(StrategyStage.code).limit(1)) is None:
        for code, row in load_toml("strategy", "stages.toml").items():
            session.add(
                StrategyStage(
                    code=code,
                    sort_order=int(row.get("sort_order", 0)),
                    min_dpd=int(row["min_dpd"]),
                    max_dpd=int(row["max_dpd"]) if "max_dpd" in row else None,
                    min_minutes_between_attempts=int(row.get("min_minutes_between_attempts", 0)),
                    max_attempts_per_day=row.get("max_attempts_per_day"),
                    max_attempts_per_week=row.get("max_attempts_per_week"),
                    base_likelihood=Decimal(str(row["base_likelihood"])),
                    recovery_weight=Decimal(str(row.get("recovery_weight", "1"))),
                )
            )
        changed = True
    present = set(session.scalars(select(StrategySetting.key)))
    for key, value in load_toml("strategy", "settings.toml").items():
        if key not in present:
            session.add(StrategySetting(key=key, value=value, updated_at=clock.now()))
            changed = True
    if changed:
        session.flush()
    return changed


def read_settings(session: Session) -> WorklistSettings:
    """The settings as stored (falling back to the seed files for anything missing)."""
    seed = load_toml("strategy", "settings.toml")
    stored = {row.key: row.value for row in session.scalars(select(StrategySetting))}
    values: dict[str, Mapping[str, Any]] = {
        key: {**seed.get(key, {}), **stored.get(key, {})} for key in set(seed) | set(stored)
    }
    stage_rows = session.scalars(
        select(StrategyStage).where(StrategyStage.active.is_(True)).order_by(StrategyStage.sort_order)
    ).all()
    stages = (
        tuple(
            Stage(
                row.code,
                row.sort_order,
                row.min_dpd,
                row.max_dpd,
                row.min_minutes_between_attempts,
                row.max_attempts_per_day,
                row.max_attempts_per_week,
                row.base_likelihood,
                row.recovery_weight,
            )
            for row in stage_rows
        )
        or _seed_stages()
    )
    policy_setting = values.get("policy", {})
    leasing = values.get("leasing", {})
    promises = values.get("promises", {})
    priority = values.get("priority", {})
    return WorklistSettings(
        policy=load_policy(str(policy_setting.get("pack", "id_ojk")), policy_setting.get("overrides") or None),
        stages=stages,
        lease_minutes=int(leasing.get("lease_minutes", 15)),
        skip_cooldown_minutes=int(leasing.get("skip_cooldown_minutes", 60)),
        candidates_per_lease=int(leasing.get("candidates_per_lease", 40)),
        promise_grace_days=int(promises.get("grace_days", 1)),
        promise_check_minute=parse_minutes(str(promises.get("check_at_local", "09:00"))),
        promise_tolerance=Decimal(str(promises.get("tolerance", "0"))),
        fill_idle_time=bool(leasing.get("fill_idle_time", True)),
        shift=(
            parse_minutes(str(leasing.get("shift_start", "08:00"))),
            parse_minutes(str(leasing.get("shift_end", "17:30"))),
            str(leasing.get("shift_zone", "Asia/Jakarta")),
        ),
        workable_statuses=frozenset(
            AccountStatus(status) for status in values.get("workable", {}).get("statuses", ["delinquent"])
        ),
        priority=PriorityConstants(
            reference_amount={
                key: Decimal(str(value)) for key, value in priority.get("reference_amount", {"IDR": "250000"}).items()
            },
            recovery_points=Decimal(str(priority.get("recovery_points", "10"))),
            history_days=int(priority.get("history_days", 90)),
            callback_points=Decimal(str(priority.get("callback_points", "30"))),
            promise_check_points=Decimal(str(priority.get("promise_check_points", "20"))),
            escalation_points=Decimal(str(priority.get("escalation_points", "35"))),
            promise_due_points=Decimal(str(priority.get("promise_due_points", "10"))),
            roll_points=Decimal(str(priority.get("roll_points", "15"))),
            roll_horizon_days=int(priority.get("roll_horizon_days", 7)),
            reachability_points=Decimal(str(priority.get("reachability_points", "20"))),
            typical_answer_rate=Decimal(str(priority.get("typical_answer_rate", "0.35"))),
            hold_for_best_hour_ratio=float(priority.get("hold_for_best_hour_ratio", "0.6")),
            pressure_per_attempt_24h=Decimal(str(priority.get("pressure_per_attempt_24h", "6"))),
            pressure_per_attempt_7d=Decimal(str(priority.get("pressure_per_attempt_7d", "2"))),
            pressure_per_contact_3d=Decimal(str(priority.get("pressure_per_contact_3d", "8"))),
        ),
    )


def _seed_stages() -> tuple[Stage, ...]:
    rows = sorted(load_toml("strategy", "stages.toml").items(), key=lambda item: item[1].get("sort_order", 0))
    return tuple(
        Stage(
            code,
            int(row.get("sort_order", 0)),
            int(row["min_dpd"]),
            int(row["max_dpd"]) if "max_dpd" in row else None,
            int(row.get("min_minutes_between_attempts", 0)),
            row.get("max_attempts_per_day"),
            row.get("max_attempts_per_week"),
            Decimal(str(row["base_likelihood"])),
            Decimal(str(row.get("recovery_weight", "1"))),
        )
        for code, row in rows
    )


def store_setting(session: Session, clock: Clock, key: str, value: Mapping[str, Any]) -> None:
    """Replace one setting (e.g. ``policy`` → ``{"pack": "us_reg_f"}``). Caches refresh within a minute."""
    row = session.get(StrategySetting, key)
    if row is None:
        session.add(StrategySetting(key=key, value=dict(value), updated_at=clock.now()))
    else:
        row.value = dict(value)
        row.updated_at = clock.now()
    session.flush()


_cache = ReadCache(read_settings)


def settings_for(database: Database, clock: Clock, *, max_age: float = CACHE_SECONDS) -> WorklistSettings:
    """The database's settings, cached for ``max_age`` seconds per process. Reads only: what the database
    lacks comes from the shipped defaults (they are written when the schema is created or upgraded)."""
    return _cache.get(database, max_age)


def forget_settings(database: Database) -> None:
    """Drop the cached settings (after a supervisor edits them, or in tests)."""
    _cache.forget(database)

"""Starting an experiment: who is in the segment, and which arm each customer is drawn into."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, insert, select
from sqlalchemy.orm import Session

from agent_desk.experiments.overrides import arm_problems
from agent_desk.scripts.library import THIRD_PARTY, VARIANTS
from agent_desk.text import Message
from agent_desk.worklist.settings import read_settings
from db.models import Account, AuditEvent, Customer, Experiment, ExperimentArm, Role, User

KINDS = ("script_variant", "priority_weights", "cadence")
ARMS = ("champion", "challenger")
SEGMENT_KEYS = ("bucket", "product", "team_id", "timezone")


class ExperimentError(ValueError):
    def __init__(self, message: Message) -> None:
        super().__init__(str(message))
        self.message = message


@dataclasses.dataclass(frozen=True)
class ExperimentSpec:
    """What a supervisor asks for. ``champion``/``challenger`` hold the variant's settings, e.g.
    ``{"variant": "early"}`` for a script, ``{"recovery_points": "14"}`` for priority weights, or a stage's
    cadence ``{"dpd_1_30": {"min_minutes_between_attempts": 120}}``."""

    name: str
    kind: str
    segment: Mapping[str, Any]
    champion: Mapping[str, Any]
    challenger: Mapping[str, Any]
    starts_at: dt.datetime
    ends_at: dt.datetime
    challenger_share: Decimal = Decimal("0.5")
    seed: int = 1


@dataclasses.dataclass(frozen=True)
class ExperimentInfo:
    id: int
    name: str
    kind: str
    segment: dict[str, Any]
    champion: dict[str, Any]
    challenger: dict[str, Any]
    starts_at: dt.datetime
    ends_at: dt.datetime
    champion_customers: int
    challenger_customers: int


def segment_customers(segment: Mapping[str, Any]) -> Select[int]:
    """The ids of the customers in ``segment`` (any of their accounts matches bucket/product)."""
    query = select(Customer.id)
    if "team_id" in segment:
        query = query.where(Customer.assigned_team_id == int(segment["team_id"]))
    if "timezone" in segment:
        query = query.where(Customer.timezone == str(segment["timezone"]))
    account_filters = []
    if "bucket" in segment:
        account_filters.append(Account.bucket == str(segment["bucket"]))
    if "product" in segment:
        account_filters.append(Account.product == str(segment["product"]))
    if account_filters:
        query = query.where(Customer.id.in_(select(Account.customer_id).where(*account_filters)))
    return query.order_by(Customer.id)


@dataclasses.dataclass(frozen=True)
class SplitPreview:
    """What starting the experiment would do: the segment's customers and how the seeded draw splits them."""

    customers: int
    champion: int
    challenger: int


def spec_problems(session: Session, user_id: int | None, spec: ExperimentSpec, now: dt.datetime) -> list[Message]:
    """Everything wrong with a request to start ``spec`` (empty: it can start), in the order a form shows them."""
    problems: list[Message] = []
    role = session.scalar(select(User.role).where(User.id == user_id)) if user_id is not None else None
    if role not in (Role.SUPERVISOR, Role.ADMIN):
        problems.append(Message.of("experiment.not_a_supervisor"))
    if not spec.name.strip():
        problems.append(Message.of("experiment.no_name"))
    elif session.scalar(select(Experiment.id).where(Experiment.name == spec.name.strip())) is not None:
        problems.append(Message.of("experiment.name_taken", name=spec.name.strip()))
    if spec.kind not in KINDS:
        return [*problems, Message.of("experiment.unknown_kind", kind=spec.kind)]
    if not Decimal("0.01") <= spec.challenger_share <= Decimal("0.99"):
        problems.append(Message.of("experiment.bad_share"))
    if spec.ends_at <= spec.starts_at:
        problems.append(Message.of("experiment.bad_period"))
    elif spec.ends_at <= now:
        problems.append(Message.of("experiment.over_already"))
    unknown = set(spec.segment) - set(SEGMENT_KEYS)
    if unknown:
        problems.append(Message.of("experiment.unknown_kind", kind=", ".join(sorted(unknown))))
    return problems + _arm_problems(session, spec)


def _arm_problems(session: Session, spec: ExperimentSpec) -> list[Message]:
    problems = []
    if spec.kind == "script_variant":
        offered = {str(arm.get("variant")) for arm in (spec.champion, spec.challenger)}
        if not offered <= set(VARIANTS) - {THIRD_PARTY}:
            problems.append(Message.of("experiment.unknown_variant", variants=", ".join(sorted(offered))))
    else:
        settings = read_settings(session)
        for arm in (spec.champion, spec.challenger):
            problems.extend(arm_problems(spec.kind, arm, settings))
    if dict(spec.champion) == dict(spec.challenger):
        problems.append(Message.of("experiment.same_arms"))
    return problems


def draw_arms(customers: list[int], seed: int, share: Decimal) -> list[str]:
    """The arm of each customer (in the order given: by id), drawn once with the experiment's seed."""
    draw = random.Random(seed)
    chance = float(share)
    return [ARMS[1] if draw.random() < chance else ARMS[0] for _ in customers]


def preview_split(session: Session, spec: ExperimentSpec) -> SplitPreview:
    """How many customers the segment holds now and how the draw would split them (nothing is written)."""
    customers = list(session.scalars(segment_customers(spec.segment)))
    arms = draw_arms(customers, spec.seed, spec.challenger_share)
    challengers = arms.count(ARMS[1])
    return SplitPreview(len(customers), len(customers) - challengers, challengers)


def start_experiment(session: Session, user_id: int, spec: ExperimentSpec, now: dt.datetime) -> int:
    """Record the experiment and draw its arms; returns its id. Only supervisors (and admins) start one."""
    problems = spec_problems(session, user_id, spec, now)
    if problems:
        raise ExperimentError(problems[0])
    customers = list(session.scalars(segment_customers(spec.segment)))
    if not customers:
        raise ExperimentError(Message.of("experiment.empty_segment"))
    experiment = Experiment(
        name=spec.name.strip(),
        kind=spec.kind,
        segment=dict(spec.segment),
        champion=dict(spec.champion),
        challenger=dict(spec.challenger),
        challenger_share=spec.challenger_share,
        seed=spec.seed,
        starts_at=spec.starts_at,
        ends_at=spec.ends_at,
        created_by_user_id=user_id,
        created_at=now,
    )
    session.add(experiment)
    session.flush()
    rows = [
        {"experiment_id": experiment.id, "customer_id": customer_id, "arm": arm, "assigned_at": now}
        for customer_id, arm in zip(customers, draw_arms(customers, spec.seed, spec.challenger_share), strict=True)
    ]
    for start in range(0, len(rows), 5_000):
        session.execute(insert(ExperimentArm), rows[start : start + 5_000])
    challengers = sum(1 for row in rows if row["arm"] == ARMS[1])
    session.add(
        AuditEvent(
            at=now,
            user_id=user_id,
            action="experiment.started",
            entity="experiment",
            entity_id=str(experiment.id),
            after={"name": experiment.name, "kind": spec.kind, "customers": len(rows), "challengers": challengers},
        )
    )
    session.flush()
    return experiment.id


def variant_for(session: Session, customer_id: int, kind: str, now: dt.datetime) -> dict[str, Any] | None:
    """The settings of the arm this customer is in for a running experiment of ``kind``; None when none."""
    row = session.execute(
        select(ExperimentArm.arm, Experiment.champion, Experiment.challenger)
        .join(Experiment, Experiment.id == ExperimentArm.experiment_id)
        .where(
            ExperimentArm.customer_id == customer_id,
            Experiment.kind == kind,
            Experiment.starts_at <= now,
            Experiment.ends_at > now,
            Experiment.stopped_at.is_(None),
        )
        .order_by(Experiment.starts_at.desc())
        .limit(1)
    ).first()
    if row is None:
        return None
    arm, champion, challenger = row
    return dict(challenger if arm == ARMS[1] else champion)


def list_experiments(session: Session) -> list[ExperimentInfo]:
    from sqlalchemy import case, func

    counts = (
        select(
            ExperimentArm.experiment_id,
            func.sum(case((ExperimentArm.arm == ARMS[0], 1), else_=0)).label("champion"),
            func.sum(case((ExperimentArm.arm == ARMS[1], 1), else_=0)).label("challenger"),
        )
        .group_by(ExperimentArm.experiment_id)
        .subquery()
    )
    rows = session.execute(
        select(Experiment, counts.c.champion, counts.c.challenger)
        .outerjoin(counts, counts.c.experiment_id == Experiment.id)
        .order_by(Experiment.starts_at.desc())
    ).all()
    return [
        ExperimentInfo(
            e.id,
            e.name,
            e.kind,
            dict(e.segment),
            dict(e.champion),
            dict(e.challenger),
            e.starts_at,
            e.ends_at,
            int(champion or 0),
            int(challenger or 0),
        )
        for e, champion, challenger in rows
    ]

"""What a report covers: the period (local dates in the team's zone), the filters, and how rows are grouped.

Every KPI query reads one table of facts (interactions, outcomes, promises…) that carries an agent column, a
customer column and a time column; :class:`Source` names those three, and the helpers here turn the scope into
WHERE clauses and a GROUP BY key over them. A customer's *segment* (bucket, product) is that of their lead
account — the one furthest past due — and their zone is the customer's time zone, else the province's.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
from collections.abc import Sequence
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Select, and_, case, func, literal, select
from sqlalchemy.orm import InstrumentedAttribute
from sqlalchemy.sql.elements import ColumnElement

from agent_desk.compliance.policy import Policy
from agent_desk.reporting.sqltime import local_date, local_hour
from db.models import Account, Customer, ExperimentArm, Team, User


class Grouping(enum.StrEnum):
    TOTAL = "total"
    AGENT = "agent"
    TEAM = "team"
    SEGMENT = "segment"
    DAY = "day"
    HOUR = "hour"  # hour of day in the customer's local time
    VARIANT = "variant"  # script variant of the outcome
    ARM = "arm"  # experiment arm (needs Filters.experiment_id)


class Segment(enum.StrEnum):
    BUCKET = "bucket"
    PRODUCT = "product"
    ZONE = "zone"


@dataclasses.dataclass(frozen=True)
class Period:
    """Local calendar days ``first``…``last`` (inclusive) in ``zone`` — the team's zone."""

    first: dt.date
    last: dt.date
    zone: str = "Asia/Jakarta"

    def __post_init__(self) -> None:
        if self.last < self.first:
            raise ValueError(f"the period ends ({self.last}) before it starts ({self.first})")

    @property
    def starts_at(self) -> dt.datetime:
        return dt.datetime.combine(self.first, dt.time(), tzinfo=ZoneInfo(self.zone)).astimezone(dt.UTC)

    @property
    def ends_at(self) -> dt.datetime:
        """The first moment after the period."""
        day_after = self.last + dt.timedelta(days=1)
        return dt.datetime.combine(day_after, dt.time(), tzinfo=ZoneInfo(self.zone)).astimezone(dt.UTC)

    @property
    def offset_minutes(self) -> int:
        """The zone's UTC offset at the start (the zones of the first markets keep no daylight saving)."""
        offset = self.starts_at.astimezone(ZoneInfo(self.zone)).utcoffset()
        return int(offset.total_seconds() // 60) if offset else 0

    def days(self) -> list[dt.date]:
        return [self.first + dt.timedelta(days=n) for n in range((self.last - self.first).days + 1)]


@dataclasses.dataclass(frozen=True)
class Filters:
    """Narrow a report; None means everyone/everything."""

    team_id: int | None = None
    agent_ids: tuple[int, ...] | None = None
    bucket: str | None = None
    product: str | None = None
    zone: str | None = None
    script_variant: str | None = None
    experiment_id: int | None = None
    arm: str | None = None

    @property
    def needs_segment(self) -> bool:
        return any(v is not None for v in (self.bucket, self.product, self.zone))


@dataclasses.dataclass(frozen=True)
class Source:
    """The agent, customer and time columns of one fact table; ``time`` may be a date column."""

    agent: Any
    customer: Any
    time: Any
    is_date: bool = False
    variant: Any = None  # the script variant, when the facts carry one (outcomes)


@dataclasses.dataclass(frozen=True)
class Scope:
    period: Period
    policy: Policy
    filters: Filters = Filters()
    grouping: Grouping = Grouping.TOTAL
    segment: Segment = Segment.BUCKET
    now: dt.datetime | None = None  # open agent-state stretches end here (default: the period's end)

    @property
    def until(self) -> dt.datetime:
        return min(self.now, self.period.ends_at) if self.now else self.period.ends_at


def in_period(source: Source, period: Period) -> ColumnElement[bool]:
    if source.is_date:
        return and_(source.time >= period.first, source.time <= period.last)
    return and_(source.time >= period.starts_at, source.time < period.ends_at)


def lead_account(customer_column: Any, column: InstrumentedAttribute[Any]) -> ColumnElement[Any]:
    """``column`` of the customer's lead account (furthest past due, then the lowest id)."""
    return (
        select(column)
        .where(Account.customer_id == customer_column)
        .order_by(Account.days_past_due.desc(), Account.id)
        .limit(1)
        .correlate_except(Account)
        .scalar_subquery()
    )


def customer_zone_name(policy: Policy, customer: Any = Customer) -> ColumnElement[str]:
    """The customer's zone: theirs when set, else their province's, else 'unknown' (``customer``: the entity
    or alias whose columns to read)."""
    provinces = dict(policy.province_zones)
    if not provinces:
        return func.coalesce(customer.timezone, literal("unknown"))
    by_province = case(provinces, value=func.lower(customer.province), else_=literal("unknown"))
    return func.coalesce(customer.timezone, by_province)


def zone_offset(policy: Policy, moment: dt.datetime, customer: Any = Customer) -> ColumnElement[int]:
    """The UTC offset in minutes at ``moment`` of the customer whose columns ``customer`` names (an entity or an
    alias in the query); an unknown zone (or no customer row) takes the policy's first zone."""
    zones = sorted({*policy.zones, *policy.province_zones.values(), "Asia/Pontianak"})

    def minutes(zone: str) -> int:
        offset = moment.astimezone(ZoneInfo(zone)).utcoffset()
        return int(offset.total_seconds() // 60) if offset else 0

    default = minutes(policy.zones[0])
    return case(
        {zone: minutes(zone) for zone in zones}, value=customer_zone_name(policy, customer), else_=literal(default)
    )


def customer_offset(policy: Policy, moment: dt.datetime, customer_id: Any) -> ColumnElement[int]:
    """The UTC offset in minutes of customer ``customer_id`` at ``moment``, as a correlated subquery."""
    offset = zone_offset(policy, moment)
    return select(offset).where(Customer.id == customer_id).correlate_except(Customer).scalar_subquery()


def needs_customer_row(source: Source, scope: Scope) -> bool:
    """The grouping reads the customer's own columns (their zone): a query joins the row once
    (:func:`with_customer`) rather than looking it up once per mention."""
    if scope.grouping is Grouping.HOUR:
        return not source.is_date
    return scope.grouping is Grouping.SEGMENT and scope.segment is Segment.ZONE


def group_key(source: Source, scope: Scope, customer: Any = None) -> ColumnElement[Any]:
    """The GROUP BY key of ``source`` rows for the scope's grouping (a constant for the total). ``customer``:
    the customer's row joined into the query (an alias), read for zones instead of a subquery per row."""
    grouping = scope.grouping
    if customer is not None and needs_customer_row(source, scope):
        if grouping is Grouping.HOUR:
            return local_hour(source.time, zone_offset(scope.policy, scope.period.starts_at, customer))
        return customer_zone_name(scope.policy, customer)
    if grouping is Grouping.AGENT:
        agent: ColumnElement[Any] = source.agent
        return agent
    if grouping is Grouping.TEAM:
        return select(User.team_id).where(User.id == source.agent).scalar_subquery()
    if grouping is Grouping.DAY:
        if source.is_date:
            day: ColumnElement[Any] = source.time
            return day
        return local_date(source.time, scope.period.offset_minutes)
    if grouping is Grouping.HOUR:
        if source.is_date:
            return literal(None)
        return local_hour(source.time, customer_offset(scope.policy, scope.period.starts_at, source.customer))
    if grouping is Grouping.SEGMENT:
        return segment_value(source, scope)
    if grouping is Grouping.VARIANT:
        return source.variant if source.variant is not None else literal(None)
    if grouping is Grouping.ARM:
        return arm_of(source, scope)
    return literal("all")


def segment_value(source: Source, scope: Scope, segment: Segment | None = None) -> ColumnElement[Any]:
    segment = segment or scope.segment
    if segment is Segment.ZONE:
        zone = select(customer_zone_name(scope.policy)).where(Customer.id == source.customer)
        return zone.correlate_except(Customer).scalar_subquery()
    column = Account.bucket if segment is Segment.BUCKET else Account.product
    return lead_account(source.customer, column)


def arm_of(source: Source, scope: Scope) -> ColumnElement[Any]:
    return (
        select(ExperimentArm.arm)
        .where(
            ExperimentArm.experiment_id == scope.filters.experiment_id,
            ExperimentArm.customer_id == source.customer,
        )
        .scalar_subquery()
    )


def filtered(query: Select[Any], source: Source, scope: Scope) -> Select[Any]:
    """``query`` narrowed to the scope's period and filters."""
    filters = scope.filters
    query = query.where(in_period(source, scope.period))
    if filters.agent_ids is not None:
        query = query.where(source.agent.in_(filters.agent_ids))
    if filters.team_id is not None:
        query = query.where(source.agent.in_(select(User.id).where(User.team_id == filters.team_id)))
    if filters.bucket is not None:
        query = query.where(segment_value(source, scope, Segment.BUCKET) == filters.bucket)
    if filters.product is not None:
        query = query.where(segment_value(source, scope, Segment.PRODUCT) == filters.product)
    if filters.zone is not None:
        query = query.where(segment_value(source, scope, Segment.ZONE) == filters.zone)
    if filters.script_variant is not None and source.variant is not None:
        query = query.where(source.variant == filters.script_variant)
    if filters.experiment_id is not None:
        arm = arm_of(source, scope)
        query = query.where(arm.is_not(None) if filters.arm is None else arm == filters.arm)
    return query


def key_labels(session: Any, grouping: Grouping, keys: Sequence[Any]) -> dict[Any, str]:
    """Readable labels of group keys: agents by login, teams by name; other keys as text."""
    present = [key for key in keys if key is not None]
    if grouping is Grouping.AGENT and present:
        return dict(session.execute(select(User.id, User.login).where(User.id.in_(present))).all())
    if grouping is Grouping.TEAM and present:
        return dict(session.execute(select(Team.id, Team.name).where(Team.id.in_(present))).all())
    return {key: "" if key is None else str(key) for key in keys}


__all__ = [
    "Filters",
    "Grouping",
    "Period",
    "Scope",
    "Segment",
    "Source",
    "customer_offset",
    "filtered",
    "group_key",
    "key_labels",
    "needs_customer_row",
    "zone_offset",
]

"""Comparing the two arms of an experiment: the KPIs per arm, and whether each difference is real yet.

Rates (right-party contacts per attempt, promises per RPC, kept per judged promise) are compared with a
chi-square test of the 2×2 table (scipy's ``chi2_contingency``, the two-proportion test) and the challenger's
rate relative to the champion's with its 95 % interval (scipy's ``relative_risk``); the amount collected per
customer with Welch's t-test and its interval (scipy's ``ttest_ind``). A difference is called real when
p < 0.05 and each arm has at least ``MIN_PER_ARM`` observations.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from agent_desk.compliance.policy import Policy
from agent_desk.experiments.design import ARMS
from agent_desk.reporting import Filters, Grouping, KpiRow, Period, Scope, compute_kpis
from agent_desk.text import Message
from db.models import Experiment, ExperimentArm, Promise

ALPHA = 0.05
MIN_PER_ARM = 30
# Rate metrics: (name, successes field, trials field).
RATE_METRICS = (
    ("rpc_rate", "rpc", "attempts"),
    ("ptp_rate", "ptp", "rpc"),
    ("kept_rate", "promises_kept", "promises_judged"),
)


@dataclasses.dataclass(frozen=True)
class ArmFigures:
    arm: str
    customers: int
    kpis: KpiRow


@dataclasses.dataclass(frozen=True)
class MetricComparison:
    metric: str
    champion: float | None
    challenger: float | None
    champion_n: int
    challenger_n: int
    p_value: float | None
    ratio: float | None  # challenger / champion (rates) or difference (amounts)
    low: float | None
    high: float | None
    real: bool
    verdict: Message


@dataclasses.dataclass(frozen=True)
class Comparison:
    experiment_id: int
    name: str
    period: Period
    arms: tuple[ArmFigures, ArmFigures]
    metrics: tuple[MetricComparison, ...]


def compare_arms(session: Session, experiment_id: int, policy: Policy, now: dt.datetime) -> Comparison:
    experiment = session.get(Experiment, experiment_id)
    if experiment is None:
        raise ValueError(f"no experiment {experiment_id}")
    zone = ZoneInfo(policy.zones[0])
    last = min(experiment.ends_at, now).astimezone(zone).date()
    first = experiment.starts_at.astimezone(zone).date()
    period = Period(first, max(first, last), policy.zones[0])
    scope = Scope(period, policy, Filters(experiment_id=experiment_id), Grouping.ARM, now=now)
    rows = {row.key: row for row in compute_kpis(session, scope)}
    sizes = dict(
        session.execute(
            select(ExperimentArm.arm, func.count())
            .where(ExperimentArm.experiment_id == experiment_id)
            .group_by(ExperimentArm.arm)
        ).all()
    )
    champion = ArmFigures(ARMS[0], int(sizes.get(ARMS[0], 0)), rows.get(ARMS[0]) or KpiRow(ARMS[0], ARMS[0]))
    challenger = ArmFigures(ARMS[1], int(sizes.get(ARMS[1], 0)), rows.get(ARMS[1]) or KpiRow(ARMS[1], ARMS[1]))
    metrics = [_rate(name, hits, trials, champion.kpis, challenger.kpis) for name, hits, trials in RATE_METRICS]
    metrics.append(_collected(session, experiment, scope, champion, challenger))
    return Comparison(experiment_id, experiment.name, period, (champion, challenger), tuple(metrics))


def _fmt(value: float | None, percent: bool = True) -> str:
    if value is None:
        return "—"
    return f"{value * 100:.1f} %" if percent else f"{value:,.0f}"


def _rate(name: str, hits: str, trials: str, a: KpiRow, b: KpiRow) -> MetricComparison:
    a_hits, a_n, b_hits, b_n = getattr(a, hits), getattr(a, trials), getattr(b, hits), getattr(b, trials)
    a_rate = a_hits / a_n if a_n else None
    b_rate = b_hits / b_n if b_n else None
    label = Message.of(f"kpi.{name}")
    if min(a_n, b_n) < MIN_PER_ARM:
        verdict = Message.of("experiment.too_few", metric=label, champion_n=a_n, challenger_n=b_n, needed=MIN_PER_ARM)
        return MetricComparison(name, a_rate, b_rate, a_n, b_n, None, None, None, None, False, verdict)
    from scipy import stats  # scipy loads when arms are compared, never on the desk's start (0.7 s)
    from scipy.stats.contingency import relative_risk

    table = [[b_hits, b_n - b_hits], [a_hits, a_n - a_hits]]
    if (a_hits + b_hits) in (0, a_n + b_n):  # no variation at all: nothing can differ
        p_value = 1.0
    else:
        p_value = float(stats.chi2_contingency(table, correction=False).pvalue)
    ratio = low = high = None
    if a_hits and b_hits:
        result = relative_risk(b_hits, b_n, a_hits, a_n)
        interval = result.confidence_interval(confidence_level=0.95)
        ratio, low, high = float(result.relative_risk), float(interval.low), float(interval.high)
    real = p_value < ALPHA
    verdict = Message.of(
        "experiment.real" if real else "experiment.not_yet",
        metric=label,
        champion=_fmt(a_rate),
        challenger=_fmt(b_rate),
        p=f"{p_value:.3f}",
        ratio="—" if ratio is None else f"{ratio:.2f}",
        low="—" if low is None else f"{low:.2f}",
        high="—" if high is None else f"{high:.2f}",
    )
    return MetricComparison(name, a_rate, b_rate, a_n, b_n, p_value, ratio, low, high, real, verdict)


def _collected(
    session: Session, experiment: Experiment, scope: Scope, champion: ArmFigures, challenger: ArmFigures
) -> MetricComparison:
    """Amount collected per customer of each arm (on promises made in the period), Welch's t-test."""
    paid = (
        select(ExperimentArm.arm, func.coalesce(func.sum(Promise.amount_paid), 0))
        .join(Promise, Promise.customer_id == ExperimentArm.customer_id)
        .where(
            ExperimentArm.experiment_id == experiment.id,
            Promise.created_at >= scope.period.starts_at,
            Promise.created_at < scope.period.ends_at,
        )
        .group_by(ExperimentArm.arm, ExperimentArm.customer_id)
    )
    samples: dict[str, list[float]] = {ARMS[0]: [], ARMS[1]: []}
    for arm, amount in session.execute(paid):
        samples[arm].append(float(Decimal(amount)))
    for figures in (champion, challenger):  # customers with nothing collected count as 0
        samples[figures.arm].extend([0.0] * max(0, figures.customers - len(samples[figures.arm])))
    a, b = samples[ARMS[0]], samples[ARMS[1]]
    a_mean = sum(a) / len(a) if a else None
    b_mean = sum(b) / len(b) if b else None
    label = Message.of("kpi.collected_per_customer")
    if min(len(a), len(b)) < MIN_PER_ARM:
        verdict = Message.of(
            "experiment.too_few", metric=label, champion_n=len(a), challenger_n=len(b), needed=MIN_PER_ARM
        )
        return MetricComparison(
            "collected_per_customer", a_mean, b_mean, len(a), len(b), None, None, None, None, False, verdict
        )
    if max(a) == min(a) and max(b) == min(b):
        p_value, low, high = (1.0, 0.0, 0.0) if a[0] == b[0] else (0.0, b[0] - a[0], b[0] - a[0])
    else:
        from scipy import stats

        result = stats.ttest_ind(b, a, equal_var=False)
        interval = result.confidence_interval(confidence_level=0.95)
        p_value, low, high = float(result.pvalue), float(interval.low), float(interval.high)
    real = p_value < ALPHA
    verdict = Message.of(
        "experiment.real_amount" if real else "experiment.not_yet_amount",
        metric=label,
        champion=_fmt(a_mean, percent=False),
        challenger=_fmt(b_mean, percent=False),
        p=f"{p_value:.3f}",
        low=f"{low:,.0f}",
        high=f"{high:,.0f}",
    )
    difference = (b_mean or 0.0) - (a_mean or 0.0)
    return MetricComparison(
        "collected_per_customer", a_mean, b_mean, len(a), len(b), p_value, difference, low, high, real, verdict
    )

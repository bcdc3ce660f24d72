"""Supervisors' reporting: KPIs as SQL aggregates (docs/KPIS.md), the outcomes behind them, exports.

The CLI (``agent-desk report kpis``), the dashboard and the exports all call :func:`compute_kpis`.
"""

from __future__ import annotations

from agent_desk.reporting.kpis import COUNT_FIELDS, RATE_FIELDS, KpiRow, compute_kpis
from agent_desk.reporting.scope import Filters, Grouping, Period, Scope, Segment

__all__ = [
    "COUNT_FIELDS",
    "RATE_FIELDS",
    "Filters",
    "Grouping",
    "KpiRow",
    "Period",
    "Scope",
    "Segment",
    "compute_kpis",
]

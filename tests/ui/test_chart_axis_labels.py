"""The practice Progress charts name each session under its point: on a narrow chart every second, third… label,
never two drawn over each other (twelve sessions' dates ran into one line of text at 1366×768)."""

from __future__ import annotations

import itertools

import pytest
from PySide6.QtGui import QFontMetrics

pytestmark = pytest.mark.gui


def _shown(qtbot, width: int) -> tuple[list[float], float, int]:  # type: ignore[no-untyped-def]
    """The indexes labelled on a chart ``width`` pixels wide, the pixels per index and the widest label."""
    from ui.practice.console_progress import IndexAxis, _plot

    axis = IndexAxis()
    axis.labels = [f"{day} Nov 2026" for day in range(10, 22)]
    plot = _plot(axis)
    qtbot.addWidget(plot)
    plot.resize(width, 300)
    plot.plot(list(range(12)), [50] * 12)
    plot.setXRange(-0.5, 11.5, padding=0)
    plot.show()
    qtbot.waitExposed(plot)
    low, high = axis.range
    size = axis.geometry().width()
    ((_, values),) = axis.tickValues(low, high, size)
    widest = max(QFontMetrics(axis.font()).horizontalAdvance(label) for label in axis.labels)
    return values, size / (high - low), widest


def test_a_narrow_chart_labels_every_few_sessions_without_overlap(qtbot) -> None:  # type: ignore[no-untyped-def]
    values, per_index, widest = _shown(qtbot, 700)
    assert 1 < len(values) < 12
    gaps = [(b - a) * per_index for a, b in itertools.pairwise(values)]
    assert min(gaps) >= widest, f"labels {widest}px wide drawn {min(gaps):.0f}px apart"


def test_a_wide_chart_labels_every_session(qtbot) -> None:  # type: ignore[no-untyped-def]
    values, _, _ = _shown(qtbot, 1900)
    assert values == [float(i) for i in range(12)]

"""The demo portfolio: a deterministic, realistic Indonesian collection book for demos, tests and benchmarks."""

from __future__ import annotations

from agent_desk.demo.generator import DemoDataExistsError, DemoSummary, generate_portfolio

__all__ = ["DemoDataExistsError", "DemoSummary", "generate_portfolio"]

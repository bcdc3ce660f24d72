"""Simulated debtor populations with hidden traits, for the scoring tests and the shift simulator."""

from __future__ import annotations

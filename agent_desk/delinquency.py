"""Delinquency buckets: where an account stands by its days past due (shared by the demo and the importer)."""

from __future__ import annotations

BUCKETS = ("current", "pre_due", "dpd_1_30", "dpd_31_60", "dpd_61_90", "dpd_90_plus")


def bucket_for(days_past_due: int, days_to_next_due: int | None, pre_due_days: int = 7) -> str:
    """The delinquency bucket code of an account."""
    if days_past_due <= 0:
        if days_to_next_due is not None and 0 <= days_to_next_due <= pre_due_days:
            return "pre_due"
        return "current"
    if days_past_due <= 30:
        return "dpd_1_30"
    if days_past_due <= 60:
        return "dpd_31_60"
    if days_past_due <= 90:
        return "dpd_61_90"
    return "dpd_90_plus"

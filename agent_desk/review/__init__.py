"""Outcome review for supervisors and QA: the filterable outcome list (the dashboard's drill-down), one call in
detail, and access to its recording (a permission checked here; every playback audited)."""

from __future__ import annotations

from agent_desk.review.detail import CallDetail, call_detail
from agent_desk.review.outcomes import OutcomeLine, OutcomeQuery, Stage, list_outcomes
from agent_desk.review.recordings import Recording, RecordingError, may_listen, open_recording

__all__ = [
    "CallDetail",
    "OutcomeLine",
    "OutcomeQuery",
    "Recording",
    "RecordingError",
    "Stage",
    "call_detail",
    "list_outcomes",
    "may_listen",
    "open_recording",
]

"""Scheduling services that feed the queue: payments posted, their promises judged, the customers' rows refreshed."""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy.orm import Session

from agent_desk.clock import Clock
from agent_desk.scheduling.payments import PaymentRow, PostingReport, RowError, read_payments_csv
from agent_desk.scheduling.payments import post_payments as post_payment_rows
from agent_desk.worklist.promises import judge_customers
from agent_desk.worklist.settings import WorklistSettings, settings_for
from agent_desk.worklist.store import default_check, refresh_customers
from db.engine import Database


def post_payments(
    database: Database,
    clock: Clock,
    rows: Sequence[PaymentRow],
    *,
    source: str | None = None,
    settings: WorklistSettings | None = None,
    skip_bad_rows: bool = False,
    read_errors: Sequence[RowError] = (),
) -> PostingReport:
    """Post payment rows (all or nothing, unless ``skip_bad_rows``), re-judge the promises they touch, and
    refresh those customers' queue rows."""
    settings = settings or settings_for(database, clock)
    resolved = settings

    def after(session: Session, customer_ids: set[int]) -> None:
        now = clock.now()
        ids = sorted(customer_ids)
        judge_customers(session, now, ids, tolerance=resolved.promise_tolerance, default_check=default_check(resolved))
        refresh_customers(session, now, ids, resolved)

    def bucket(dpd: int) -> str:
        stage = resolved.stage_for(dpd)
        return stage.code if stage else "current"

    return post_payment_rows(
        database,
        clock,
        rows,
        source=source,
        after_posting=after,
        bucket_for=bucket,
        default_zone=resolved.policy.zones[0],
        skip_bad_rows=skip_bad_rows,
        read_errors=read_errors,
    )


def post_payments_file(
    database: Database,
    clock: Clock,
    source: Path | str | io.TextIOBase,
    *,
    settings: WorklistSettings | None = None,
    skip_bad_rows: bool = False,
) -> PostingReport:
    """``agent-desk post-payments FILE.csv`` as a call: every row checked; any error and nothing posts (the
    report lists them by line), unless ``skip_bad_rows``.

    Raises:
        agent_desk.scheduling.payment_file.PaymentFileError: the file is binary or not UTF-8 text.
    """
    rows, errors = read_payments_csv(source)
    name = str(source) if isinstance(source, (str, Path)) else None
    return post_payments(
        database, clock, rows, source=name, settings=settings, skip_bad_rows=skip_bad_rows, read_errors=errors
    )

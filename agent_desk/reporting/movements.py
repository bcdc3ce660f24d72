"""Cure and roll (docs/KPIS.md): each worked account's delinquency bucket on the period's first day against the
day after it, from the dates the database keeps on the account (``first_unpaid_due``, ``last_paid_on``, revision
0510) and, only for an account paid since the day in question, from its installment schedule."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from sqlalchemy import case, func, literal, or_, select
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql.elements import ColumnElement

from agent_desk.reporting.scope import Grouping, Scope, Segment, Source, filtered, group_key
from db.models import Account, Channel, Customer, Installment, Interaction

BUCKET_BY_INDEX = ("current", "dpd_1_30", "dpd_31_60", "dpd_61_90", "dpd_90_plus")


def bucket_of(oldest_unpaid: Any, day: dt.date) -> ColumnElement[int]:
    """The delinquency bucket on ``day`` (0 current … 4 over 90 days) of an account whose oldest installment due
    before that day and not fully paid by then fell due on ``oldest_unpaid`` (NULL: none)."""
    return case(
        (oldest_unpaid.is_(None), 0),
        (oldest_unpaid >= day - dt.timedelta(days=30), 1),
        (oldest_unpaid >= day - dt.timedelta(days=60), 2),
        (oldest_unpaid >= day - dt.timedelta(days=90), 3),
        else_=4,
    )


def bucket_on(day: dt.date, *, kept_dates: bool = True) -> ColumnElement[int]:
    """The bucket on ``day`` of the account in the row.

    No installment of the account was paid after ``day`` (``last_paid_on``): the installments not fully paid by
    then are those not fully paid now, so the oldest is ``first_unpaid_due`` (past due when before the day) —
    read from the index the query reaches the account through. Otherwise the schedule is read: the oldest
    installment due before the day and not fully paid by then (one aggregate, so its bucket is worked out once).
    ``kept_dates=False`` reads every account's schedule, as before revision 0510 (bench/reporting.py compares).
    """
    from_account = bucket_of(case((Account.first_unpaid_due < day, Account.first_unpaid_due), else_=None), day)
    from_schedule = (
        select(bucket_of(func.min(Installment.due_date), day))
        .where(
            Installment.account_id == Account.id,
            Installment.due_date < day,
            or_(Installment.paid_on.is_(None), Installment.paid_on > day),
        )
        .correlate(Account)
        .scalar_subquery()
    )
    if not kept_dates:
        return from_schedule
    return case((or_(Account.last_paid_on.is_(None), Account.last_paid_on <= day), from_account), else_=from_schedule)


def movements(
    session: Session, scope: Scope, source: Source, *, kept_dates: bool = True
) -> Iterator[tuple[Any, dict[str, Any]]]:
    """Cure and roll over the accounts the group worked (called about: calls only) in the period: bucket on the
    first day against the bucket the day after the period (or today, while it runs). ``source`` is the calls'
    (with their script variant). Each (group, customer) pair once; each of its accounts' two buckets worked out
    once (a materialized CTE) before they are counted."""
    start_day = scope.period.first
    end_day = min(scope.period.last + dt.timedelta(days=1), (scope.now or scope.period.ends_at).date())
    by_start_bucket = scope.grouping is Grouping.SEGMENT and scope.segment is Segment.BUCKET
    if scope.grouping is Grouping.SEGMENT and not by_start_bucket:
        # A product or zone belongs to the customer: worked out once per customer called, in customer order,
        # rather than once per call.
        calls = select(Interaction.customer_id.label("customer_id")).where(Interaction.channel == Channel.CALL)
        called = filtered(calls, source, scope).distinct().subquery()
        person = aliased(Customer, name="person") if scope.segment is Segment.ZONE else None
        key = group_key(Source(None, called.c.customer_id, None), scope, person)
        worked_query = select(key.label("key"), called.c.customer_id.label("customer_id")).select_from(called)
        if person is not None:
            worked_query = worked_query.outerjoin(person, person.id == called.c.customer_id)
        worked = worked_query.subquery("worked")
    else:
        key = literal(None) if by_start_bucket else group_key(source, scope)
        worked_query = select(key.label("key"), Interaction.customer_id.label("customer_id"))
        worked_query = worked_query.where(Interaction.channel == Channel.CALL)
        worked = filtered(worked_query, source, scope).distinct().subquery("worked")
    moves = (
        select(
            worked.c.key,
            bucket_on(start_day, kept_dates=kept_dates).label("before"),
            bucket_on(end_day, kept_dates=kept_dates).label("after"),
        )
        .select_from(worked)
        .join(Account, Account.customer_id == worked.c.customer_id)
        .cte("moves")
        .prefix_with("MATERIALIZED")
    )
    group: ColumnElement[Any] = moves.c.key
    if by_start_bucket:
        group = case(*[(moves.c.before == i, name) for i, name in enumerate(BUCKET_BY_INDEX)], else_=None)
    query = (
        select(
            group.label("key"),
            func.count().label("accounts_past_due"),
            func.sum(case((moves.c.after == 0, 1), else_=0)).label("accounts_cured"),
            func.sum(case((moves.c.after > moves.c.before, 1), else_=0)).label("accounts_rolled"),
        )
        .where(moves.c.before > 0)
        .group_by(group)
    )
    for row in session.execute(query).mappings():
        yield row["key"], {k: row[k] for k in ("accounts_past_due", "accounts_cured", "accounts_rolled")}

"""The book's history as plain arrays: bills (statements), payments, promises and calls of a set of customers.

Read with a handful of set-based queries that return numbers only (days and seconds since 1970, amounts in minor
units), so a million customers' history loads in seconds and takes a few hundred megabytes; every feature and
label is then computed from these arrays with vectorised code (:mod:`agent_desk.scoring.features`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from collections.abc import Callable, Sequence
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
import numpy.typing as npt
from sqlalchemy import BigInteger, ColumnElement, Float, Integer, bindparam, case, cast, func, select, type_coerce
from sqlalchemy.orm import Session

from agent_desk.compliance.policy import DEFAULT_POLICY, load_policy, valid_zone
from db.models import (
    Account,
    Customer,
    Direction,
    Disposition,
    Installment,
    Interaction,
    Outcome,
    Payment,
    Promise,
    PromiseStatus,
)

FloatArray = npt.NDArray[np.floating[Any]]
IntArray = npt.NDArray[np.signedinteger[Any]]
BoolArray = npt.NDArray[np.bool_]
CHUNK = 100_000
DAY = 86400.0
NEVER = 1e9  # a day number far in the future: "not (yet) paid"
JULIAN_EPOCH = 2440587.5
PROMISE_CODES = {
    PromiseStatus.PENDING: 0,
    PromiseStatus.KEPT: 1,
    PromiseStatus.PARTIALLY_KEPT: 2,
    PromiseStatus.BROKEN: 3,
}


@dataclasses.dataclass(frozen=True)
class Book:
    """Arrays of one set of customers; ``*_customer`` columns are indexes into ``customer_ids``.

    Days are days since 1970-01-01 (floats for moments), amounts are in the currency's main unit (floats: these
    are features, never money that is stored or shown).
    """

    customer_ids: IntArray
    utc_offset_hours: FloatArray
    created_day: FloatArray
    principal: FloatArray
    outstanding: FloatArray
    bill_customer: IntArray
    bill_due: FloatArray
    bill_amount: FloatArray
    bill_paid_on: FloatArray
    payment_customer: IntArray
    payment_day: FloatArray
    payment_amount: FloatArray
    promise_customer: IntArray
    promise_day: FloatArray
    promise_judged_day: FloatArray
    promise_status: IntArray
    call_customer: IntArray
    call_day: FloatArray
    call_answered: BoolArray
    call_right_party: BoolArray

    @property
    def size(self) -> int:
        return len(self.customer_ids)

    def index_of(self, customer_id: int) -> int | None:
        position = int(np.searchsorted(self.customer_ids, customer_id))
        if position < self.size and self.customer_ids[position] == customer_id:
            return position
        return None


def day_number(moment: dt.datetime | dt.date) -> float:
    """Days since 1970-01-01 (UTC) as a float."""
    if isinstance(moment, dt.datetime):
        return moment.timestamp() / DAY
    return float((moment - dt.date(1970, 1, 1)).days)


@dataclasses.dataclass(frozen=True)
class _Queries:
    customers: Any
    accounts: Any
    bills: Any
    payments: Any
    promises: Any
    calls: Any


@functools.cache
def _queries(sqlite: bool, scope: str) -> _Queries:
    """The statements of :func:`load_book`, built once per database kind and scope ("all", "ids", "range"): on
    the hot path (one customer after each outcome) building them would cost more than running them."""
    days = _days(sqlite)
    minor = _minor(sqlite)

    def scoped(query: Any, column: Any) -> Any:
        if scope == "ids":
            return query.where(column.in_(bindparam("ids", expanding=True)))
        if scope == "range":
            return query.where(column.between(bindparam("low"), bindparam("high")))
        return query

    def history(account: Any, *values: Any) -> Any:
        """Installments or payments with their owner: for a few customers, the account id (looked up by the ids
        of their accounts, read just before, rather than joined to accounts: the join, planned on statistics an
        import in progress has made stale, became a scan of the whole table on PostgreSQL, 0.1 s on every save
        during an import, while the account ids meet the ``(account_id, …)`` indexes whatever the statistics say);
        for the bulk scopes, which read everything anyway, the customer id through the join."""
        if scope == "ids":
            return select(account, *values).where(account.in_(bindparam("accounts", expanding=True)))
        return scoped(select(Account.customer_id, *values).join(Account, Account.id == account), Account.customer_id)

    return _Queries(
        customers=scoped(
            select(Customer.id, days(Customer.created_at), Customer.timezone, Customer.province).order_by(Customer.id),
            Customer.id,
        ),
        accounts=scoped(
            select(
                Account.customer_id,
                minor(func.coalesce(Account.principal, 0)),
                minor(Account.outstanding),
                Account.id,
            ),
            Account.customer_id,
        ),
        bills=history(
            Installment.account_id,
            days(Installment.due_date),
            minor(Installment.amount_due),
            func.coalesce(days(Installment.paid_on), NEVER),
        ),
        payments=history(Payment.account_id, days(Payment.paid_at), minor(Payment.amount)),
        promises=scoped(
            select(
                Promise.customer_id,
                days(Promise.created_at),
                func.coalesce(days(Promise.judged_at), NEVER),
                case(*((Promise.status == status, code) for status, code in PROMISE_CODES.items()), else_=-1),
            ),
            Promise.customer_id,
        ),
        calls=scoped(
            select(
                Interaction.customer_id,
                days(Interaction.started_at),
                cast(Interaction.answered_at.is_not(None), Integer),
                func.coalesce(cast(Disposition.right_party_contact, Integer), 0),
            )
            .select_from(Interaction)
            .outerjoin(Outcome, Outcome.interaction_id == Interaction.id)
            .outerjoin(Disposition, Disposition.code == Outcome.disposition_code)
            .where(Interaction.direction == Direction.OUTBOUND, Interaction.customer_id.is_not(None)),
            Interaction.customer_id,
        ),
    )


def load_book(
    session: Session, customer_ids: Sequence[int] | None = None, *, id_range: tuple[int, int] | None = None
) -> Book:
    """The history of ``customer_ids`` (or of the customers with ids in ``id_range`` [low, high]; every customer
    when neither is given)."""
    sqlite = session.get_bind().dialect.name == "sqlite"
    params: dict[str, Any] = {}
    scope = "all"
    if customer_ids is not None:
        params["ids"] = list(customer_ids)
        scope = "ids"
    elif id_range is not None:
        params["low"], params["high"] = id_range
        scope = "range"
    queries = _queries(sqlite, scope)
    connection = session.connection()

    ids, created, offsets = _customers(connection, queries.customers, params)

    accounts: tuple[IntArray, npt.NDArray[np.int32]] | None = None

    def columns(query: Any, kinds: str) -> list[npt.NDArray[Any]]:
        """The query's columns as compact arrays: ``c`` a customer id turned into an index into ``ids``, ``A`` an
        account id turned into its customer's index (through ``accounts``), ``a`` an account id, ``f`` single
        precision, ``d`` double, ``i`` a small integer."""
        return _columns(connection, query, params, kinds, ids, accounts)

    account_customer, account_principal, account_outstanding, account_ids = columns(queries.accounts, "cdda")
    principal = np.bincount(account_customer, weights=account_principal, minlength=len(ids)) / 100
    outstanding = np.bincount(account_customer, weights=account_outstanding, minlength=len(ids)) / 100
    del account_principal, account_outstanding
    by_account = scope == "ids"
    if by_account:
        # A few customers' installments and payments come with their account id (see _queries).
        order = np.argsort(account_ids)
        accounts = (account_ids[order], account_customer[order])
        params["accounts"] = accounts[0].tolist()
    del account_customer, account_ids
    owner = "A" if by_account else "c"
    bill_customer, bill_due, bill_amount, bill_paid_on = columns(queries.bills, owner + "fff")
    order = np.lexsort((bill_due, bill_customer))
    # One column at a time, so only one of them is ever held twice.
    bill_customer = bill_customer[order]
    bill_due = bill_due[order]
    bill_amount = bill_amount[order]
    bill_paid_on = bill_paid_on[order]
    del order
    payment_customer, payment_day, payment_amount = columns(queries.payments, owner + "ff")
    promise_customer, promise_day, promise_judged, promise_status = columns(queries.promises, "cddi")
    call_customer, call_day, call_answered, call_right_party = columns(queries.calls, "cfii")
    return Book(
        customer_ids=ids,
        utc_offset_hours=offsets,
        created_day=created,
        principal=principal,
        outstanding=outstanding,
        bill_customer=bill_customer,
        bill_due=bill_due,
        bill_amount=bill_amount / np.float32(100),
        bill_paid_on=bill_paid_on,
        payment_customer=payment_customer,
        payment_day=payment_day,
        payment_amount=payment_amount / np.float32(100),
        promise_customer=promise_customer,
        promise_day=promise_day,
        promise_judged_day=promise_judged,
        promise_status=promise_status.astype(np.int64),
        call_customer=call_customer,
        call_day=call_day,
        call_answered=call_answered > 0,
        call_right_party=call_right_party > 0,
    )


def _customers(connection: Any, query: Any, params: dict[str, Any]) -> tuple[IntArray, FloatArray, FloatArray]:
    """Customer ids (sorted), the day each was created and their zone's hours ahead of UTC, a slice at a time."""
    result = connection.execute(query, params)
    ids: list[int] = []
    created: list[float] = []
    offsets: list[float] = []
    try:
        while chunk := result.cursor.fetchmany(CHUNK):
            for customer_id, created_day, timezone, province in chunk:
                ids.append(customer_id)
                created.append(created_day)
                offsets.append(_offset(timezone, province))
    finally:
        result.close()
    return (
        np.array(ids, dtype=np.int64),
        np.array(created, dtype=np.float64),
        np.array(offsets, dtype=np.float64),
    )


_KINDS = {"c": np.int32, "A": np.int32, "a": np.int64, "f": np.float32, "d": np.float64, "i": np.int8}


def _columns(
    connection: Any,
    query: Any,
    params: dict[str, Any],
    kinds: str,
    ids: IntArray,
    accounts: tuple[IntArray, npt.NDArray[np.int32]] | None = None,
) -> list[npt.NDArray[Any]]:
    """Run ``query`` and return its columns as arrays of the ``kinds`` (see :func:`load_book`); ``accounts`` are
    the sorted account ids and each one's customer index, for ``A`` columns.

    The rows are read from the driver's cursor a slice at a time, each slice turned into numbers by numpy at
    once and then into compact column arrays: no Python object per row beyond the driver's tuple, and a million
    customers' history never held in double precision all at once. Single precision is plenty for features
    (minutes on a day number, 7 digits of an amount).
    """
    result = connection.execute(query, params)
    cursor = result.cursor
    parts: list[list[npt.NDArray[Any]]] = [[] for _ in kinds]
    try:
        while True:
            chunk = cursor.fetchmany(CHUNK)
            if not chunk:
                break
            block = np.array(chunk, dtype=np.float64).reshape(len(chunk), len(kinds))
            for position, kind in enumerate(kinds):
                column = block[:, position]
                if kind == "c":
                    parts[position].append(np.searchsorted(ids, column.astype(np.int64)).astype(np.int32))
                elif kind == "A":
                    assert accounts is not None
                    account_ids, customers = accounts
                    parts[position].append(customers[np.searchsorted(account_ids, column.astype(np.int64))])
                else:
                    parts[position].append(column.astype(_KINDS[kind]))
    finally:
        result.close()
    arrays = []
    for position, kind in enumerate(kinds):
        part, parts[position] = parts[position], []  # each column's slices let go as soon as it is joined
        arrays.append(np.concatenate(part) if part else np.zeros(0, dtype=_KINDS[kind]))
        del part
    return arrays


def _days(sqlite: bool) -> Callable[[Any], ColumnElement[float]]:
    """Days since 1970 of a date or a moment column, computed by the database (no Python per value)."""

    def days(column: Any) -> ColumnElement[float]:
        if sqlite:
            return type_coerce(func.julianday(column) - JULIAN_EPOCH, Float)
        return cast(func.extract("epoch", column) / DAY, Float)

    return days


def _minor(sqlite: bool) -> Callable[[Any], ColumnElement[int]]:
    """An amount column in minor units: SQLite stores them so; elsewhere the database multiplies."""

    def minor(column: Any) -> ColumnElement[int]:
        if sqlite:
            return type_coerce(column, BigInteger)
        return cast(column * 100, BigInteger)

    return minor


_POLICY_ZONES: dict[str | None, str | None] = {}


@functools.cache
def _offset(timezone: str | None, province: str | None) -> float:
    """Hours ahead of UTC of the customer's zone (the country's first zone when unknown)."""
    zone = valid_zone(timezone)
    if zone is None:
        if province not in _POLICY_ZONES:
            policy = load_policy(DEFAULT_POLICY)
            _POLICY_ZONES[province] = policy.zone_for_province(province) or policy.zones[0]
        zone = _POLICY_ZONES[province]
    assert zone is not None
    offset = dt.datetime(2026, 1, 1, tzinfo=ZoneInfo(zone)).utcoffset()
    return offset.total_seconds() / 3600 if offset else 0.0

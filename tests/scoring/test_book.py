"""A few customers' history (read after each outcome or payment, to re-score them) is the same history the whole
book gives for them, on SQLite and on PostgreSQL: installments and payments looked up by account id land on their
customers, whichever accounts those are."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import select

from agent_desk.scoring.book import Book, load_book
from agent_desk.simulation.population import draw_history, draw_population
from agent_desk.simulation.records import write_population
from db.engine import Database, open_database
from db.models import Customer
from tests.worklist import factories as f

NOW = dt.datetime(2026, 11, 24, 3, 0, tzinfo=dt.UTC)


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """60 debtors with a year of history; two of them have a second account with its own bills and payments, and
    one customer has no account at all."""
    if request.param == "sqlite":
        database = f.fresh_sqlite(f.migrated_template(tmp_path), tmp_path)
    else:
        from db import migrate

        database = open_database(request.getfixturevalue("postgres_url"))
        migrate.upgrade(database)
    f.prepare(database, NOW)
    people = draw_population(60, seed=3)
    write_population(database, NOW, people, [draw_history(person, NOW.date(), seed=3) for person in people])
    with database.transaction(write=True) as session:
        ids = session.scalars(select(Customer.id).order_by(Customer.id)).all()
        for customer_id, amount in ((ids[4], "250000"), (ids[31], "125000")):
            second = f.account(
                session,
                session.get_one(Customer, customer_id),
                installments=[(dt.date(2026, 9, 5), "400000"), (dt.date(2026, 10, 5), "400000")],
            )
            f.payment(session, second, amount, NOW - dt.timedelta(days=40))
        f.customer(session)  # no account
    yield database
    database.dispose()


def _rows(book: Book, position: int) -> dict[str, list[tuple[float, ...]]]:
    """One customer's history in ``book``, as sorted rows per kind (the order of rows within a customer is not
    part of the contract, except that bills are in due order)."""

    def of(customers: np.ndarray, *columns: np.ndarray) -> list[tuple[float, ...]]:
        mask = customers == position
        return sorted(zip(*(column[mask].tolist() for column in columns), strict=True))

    return {
        "customer": [
            (book.created_day[position], book.utc_offset_hours[position]),
            (book.principal[position], book.outstanding[position]),
        ],
        "bills": of(book.bill_customer, book.bill_due, book.bill_amount, book.bill_paid_on),
        "bill order": [(day,) for day in book.bill_due[book.bill_customer == position].tolist()],
        "payments": of(book.payment_customer, book.payment_day, book.payment_amount),
        "promises": of(book.promise_customer, book.promise_day, book.promise_judged_day, book.promise_status),
        "calls": of(book.call_customer, book.call_day, book.call_answered, book.call_right_party),
    }


def test_a_few_customers_history_is_what_the_whole_book_says_of_them(database: Database) -> None:
    with database.session() as session:
        whole = load_book(session)
        every = whole.customer_ids.tolist()
        assert len(every) == 61
        picks = [every[4], every[31], every[-1]]  # two with a second account, the one without any
        few = load_book(session, [*picks, every[10], 10**9])  # and an id nobody has
        alone = load_book(session, [every[31]])
    assert few.customer_ids.tolist() == sorted([*picks, every[10]])
    for book in (few, alone):
        for position, customer_id in enumerate(book.customer_ids.tolist()):
            mine = _rows(book, position)
            assert mine == _rows(whole, whole.customer_ids.tolist().index(customer_id)), customer_id
            assert mine["bill order"] == sorted(mine["bill order"])
    second = _rows(alone, 0)
    assert len(second["payments"]) >= 2 and any(amount == 125000.0 for _day, amount in second["payments"])
    assert _rows(few, few.customer_ids.tolist().index(every[-1]))["bills"] == []
    empty = load_book_of(database, [])
    assert empty.size == 0 and empty.payment_customer.size == 0


def load_book_of(database: Database, ids: list[int]) -> Book:
    with database.session() as session:
        return load_book(session, ids)

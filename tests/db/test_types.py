"""Money stays exact and times stay UTC on every database."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import Column, Integer, MetaData, Table, insert, select

from db.engine import open_database
from db.types import Money, Rate, UtcDateTime

metadata = MetaData()
samples = Table(
    "samples",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("amount", Money()),
    Column("rate", Rate()),
    Column("at", UtcDateTime()),
)

money = st.decimals(
    min_value=Decimal("-9999999999999.99"),
    max_value=Decimal("9999999999999.99"),
    places=2,
    allow_nan=False,
    allow_infinity=False,
)


@pytest.fixture(scope="module")
def memory_db():  # type: ignore[no-untyped-def]
    database = open_database("sqlite://")
    metadata.create_all(database.engine)
    yield database
    database.dispose()


@settings(max_examples=200, deadline=None)
@given(amount=money)
def test_money_round_trips_exactly_on_sqlite(memory_db, amount: Decimal) -> None:  # type: ignore[no-untyped-def]
    with memory_db.engine.begin() as connection:
        key = connection.execute(insert(samples).values(amount=amount)).inserted_primary_key[0]
        stored = connection.execute(select(samples.c.amount).where(samples.c.id == key)).scalar_one()
    assert stored == amount
    assert isinstance(stored, Decimal)


def test_sums_of_money_are_exact_in_sql(memory_db) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import func

    with memory_db.engine.begin() as connection:
        connection.execute(samples.delete())
        connection.execute(insert(samples), [{"amount": Decimal("0.10")}] * 3)
        total = connection.execute(select(func.sum(samples.c.amount))).scalar_one()
    assert total == Decimal("0.30")  # 0.1 + 0.1 + 0.1 in binary floating point is not 0.3


def test_float_money_is_refused(memory_db) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(Exception, match="Decimal, not float"), memory_db.engine.begin() as connection:
        connection.execute(insert(samples).values(amount=0.1))


def test_sub_cent_money_is_refused(memory_db) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(Exception, match="more than 2 decimal places"), memory_db.engine.begin() as connection:
        connection.execute(insert(samples).values(amount=Decimal("1.005")))


def test_rates_keep_four_places(memory_db) -> None:  # type: ignore[no-untyped-def]
    with memory_db.engine.begin() as connection:
        key = connection.execute(insert(samples).values(rate=Decimal("0.1250"))).inserted_primary_key[0]
        assert connection.execute(select(samples.c.rate).where(samples.c.id == key)).scalar_one() == Decimal("0.1250")


def test_naive_datetimes_are_refused(memory_db) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(Exception, match="naive datetime"), memory_db.engine.begin() as connection:
        connection.execute(insert(samples).values(at=dt.datetime(2026, 11, 24, 9, 30)))  # noqa: DTZ001


@given(
    moment=st.datetimes(
        min_value=dt.datetime(1990, 1, 1),  # noqa: DTZ001 - hypothesis adds the zones
        max_value=dt.datetime(2090, 1, 1),  # noqa: DTZ001
        timezones=st.sampled_from([dt.UTC, dt.timezone(dt.timedelta(hours=7)), dt.timezone(dt.timedelta(hours=9))]),
    )
)
@settings(max_examples=100, deadline=None)
def test_times_come_back_as_the_same_moment_in_utc(memory_db, moment: dt.datetime) -> None:  # type: ignore[no-untyped-def]
    with memory_db.engine.begin() as connection:
        key = connection.execute(insert(samples).values(at=moment)).inserted_primary_key[0]
        stored = connection.execute(select(samples.c.at).where(samples.c.id == key)).scalar_one()
    assert stored == moment
    assert stored.utcoffset() == dt.timedelta(0)


@pytest.mark.postgres
def test_money_and_times_on_postgresql(postgres_url: str) -> None:
    database = open_database(postgres_url)
    metadata.create_all(database.engine)
    moment = dt.datetime(2026, 11, 24, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    with database.engine.begin() as connection:
        key = connection.execute(
            insert(samples).values(amount=Decimal("12345678901.23"), rate=Decimal("0.0750"), at=moment)
        ).inserted_primary_key[0]
        row = connection.execute(select(samples).where(samples.c.id == key)).one()
    database.dispose()
    assert row.amount == Decimal("12345678901.23")
    assert row.rate == Decimal("0.0750")
    assert row.at == moment
    assert row.at.utcoffset() == dt.timedelta(0)

"""The demo portfolio is deterministic, realistic and complete enough to demo every screen."""

from __future__ import annotations

import datetime as dt
import hashlib
import tracemalloc
from collections import Counter

import phonenumbers
import pytest
from sqlalchemy import func, select

from agent_desk.demo import DemoDataExistsError, generate_portfolio
from db import migrate
from db.engine import Database, open_database
from db.models import (
    Account,
    Base,
    Consent,
    ContactKind,
    ContactOwner,
    ContactPoint,
    Customer,
    CustomerFlag,
    Installment,
    Interaction,
    Outcome,
    Payment,
    Promise,
    PromiseStatus,
    Role,
    User,
)

NOW = dt.datetime(2026, 11, 24, 2, 30, tzinfo=dt.UTC)  # Tuesday 09:30 WIB


def _fresh(url: str) -> Database:
    database = open_database(url)
    migrate.upgrade(database)
    return database


@pytest.fixture(scope="module")
def portfolio(tmp_path_factory: pytest.TempPathFactory) -> Database:
    database = _fresh(f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.sqlite3'}")
    generate_portfolio(database, accounts=3_000, seed=1, now=NOW)
    return database


def _digest(database: Database) -> str:
    digest = hashlib.sha256()
    with database.engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            if table.name in ("alembic_version",):
                continue
            for row in connection.execute(select(table).order_by(*table.primary_key.columns)):
                digest.update(repr(tuple(row)).encode())
    return digest.hexdigest()


def test_same_seed_same_book_other_seed_other_book(tmp_path) -> None:  # type: ignore[no-untyped-def]
    books = []
    for name, seed in (("a", 5), ("b", 5), ("c", 6)):
        database = _fresh(f"sqlite:///{tmp_path / name}.sqlite3")
        generate_portfolio(database, accounts=300, seed=seed, now=NOW)
        books.append(_digest(database))
        database.dispose()
    assert books[0] == books[1]
    assert books[0] != books[2]


def test_exactly_the_accounts_asked_for_on_one_to_three_per_customer(portfolio: Database) -> None:
    with portfolio.session() as session:
        assert session.scalar(select(func.count()).select_from(Account)) == 3_000
        per_customer = Counter(session.scalars(select(func.count()).select_from(Account).group_by(Account.customer_id)))
    assert set(per_customer) == {1, 2, 3}


def test_numbers_are_valid_indonesian_mobiles_except_the_few_invalid(portfolio: Database) -> None:
    with portfolio.session() as session:
        points = session.execute(
            select(ContactPoint.e164, ContactPoint.dialable, ContactPoint.kind).where(
                ContactPoint.kind != ContactKind.EMAIL
            )
        ).all()
    dialable = [p for p in points if p.dialable]
    invalid = [p for p in points if not p.dialable]
    for e164, _, kind in dialable:
        number = phonenumbers.parse(e164)
        assert phonenumbers.is_valid_number(number), e164
        assert number.country_code == 62
        if kind.value == "mobile":
            assert phonenumbers.number_type(number) == phonenumbers.PhoneNumberType.MOBILE
    assert 0.01 < len(invalid) / len(points) < 0.08


def test_customers_live_in_all_three_zones_and_some_zones_are_unknown(portfolio: Database) -> None:
    with portfolio.session() as session:
        zones = Counter(session.scalars(select(Customer.timezone)))
    assert {"Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"} <= set(zones)
    assert zones[None] > 0
    assert zones["Asia/Jakarta"] > zones["Asia/Makassar"] > zones["Asia/Jayapura"]


def test_delinquency_spreads_over_every_bucket(portfolio: Database) -> None:
    with portfolio.session() as session:
        buckets = Counter(session.scalars(select(Account.bucket)))
        worst = session.scalar(select(func.max(Account.days_past_due)))
    for bucket in ("current", "pre_due", "dpd_1_30", "dpd_31_60", "dpd_61_90", "dpd_90_plus"):
        assert buckets[bucket] > 0.03 * 3_000, bucket
    assert worst is not None and worst > 90


def test_arrears_match_the_unpaid_installments(portfolio: Database) -> None:
    with portfolio.session() as session:
        unpaid = dict(
            session.execute(
                select(Installment.account_id, func.sum(Installment.amount_due - Installment.amount_paid))
                .where(Installment.due_date < NOW.date())
                .group_by(Installment.account_id)
            ).all()
        )
        accounts = session.execute(select(Account.id, Account.arrears, Account.days_past_due)).all()
    for account_id, arrears, dpd in accounts:
        assert arrears == unpaid.get(account_id, 0), account_id
        assert (arrears > 0) == (dpd > 0), account_id


def test_history_has_calls_outcomes_and_promises_kept_and_broken(portfolio: Database) -> None:
    with portfolio.session() as session:
        statuses = Counter(session.scalars(select(Promise.status)))
        codes = Counter(session.scalars(select(Outcome.disposition_code)))
        interactions = session.scalar(select(func.count()).select_from(Interaction))
        payments = session.scalar(select(func.count()).select_from(Payment))
    assert statuses[PromiseStatus.KEPT] and statuses[PromiseStatus.BROKEN] and statuses[PromiseStatus.PENDING]
    assert {"promise_to_pay", "no_answer", "busy", "callback_requested", "third_party"} <= set(codes)
    assert interactions and payments


def test_flags_consents_and_emergency_contacts_are_there(portfolio: Database) -> None:
    with portfolio.session() as session:
        flags = Counter(session.scalars(select(CustomerFlag.kind)))
        consents = session.scalar(select(func.count()).select_from(Consent))
        emergency = session.scalar(
            select(func.count()).select_from(ContactPoint).where(ContactPoint.owner != ContactOwner.SELF)
        )
        roles = Counter(session.scalars(select(User.role)))
    assert {"dispute", "hardship"} <= {flag.value for flag in flags}
    assert consents and emergency
    assert roles[Role.AGENT] >= 6 and roles[Role.SUPERVISOR] and roles[Role.TRAINER] and roles[Role.ADMIN]


def test_calls_in_the_history_were_made_in_lawful_hours(portfolio: Database) -> None:
    from zoneinfo import ZoneInfo

    with portfolio.session() as session:
        rows = session.execute(
            select(Interaction.started_at, Customer.timezone).join(Customer, Customer.id == Interaction.customer_id)
        ).all()
    for started, zone in rows:
        local = started.astimezone(ZoneInfo(zone or "Asia/Jakarta"))
        assert local.weekday() != 6
        assert dt.time(8, 0) <= local.time() < dt.time(20, 0)


def test_demo_data_refuses_a_database_that_holds_customers(portfolio: Database) -> None:
    with pytest.raises(DemoDataExistsError, match="already holds"):
        generate_portfolio(portfolio, accounts=10, seed=1, now=NOW)


def test_memory_stays_flat_as_the_book_grows(tmp_path) -> None:  # type: ignore[no-untyped-def]
    peaks = []
    for size in (1_000, 4_000):  # both many chunks long, so the peak is one chunk's worth
        database = _fresh(f"sqlite:///{tmp_path / str(size)}.sqlite3")
        tracemalloc.start()
        generate_portfolio(database, accounts=size, seed=3, now=NOW, chunk_customers=100)
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
        database.dispose()
    assert peaks[1] < peaks[0] * 1.5, f"peak memory grew with the book: {peaks}"

"""The installment dates kept on each account by the database (revision 0510's triggers), and the bucket on a day
worked out from them, against the schedule itself — on SQLite and on a real PostgreSQL."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, func, insert, inspect, or_, select, update

from agent_desk.reporting.movements import bucket_of, bucket_on
from db import migrate
from db.engine import Database, open_database
from db.models import Account, AccountStatus, Customer, Installment, Product

CREATED = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
BASE = dt.date(2026, 6, 1)
_numbers = itertools.count(1)


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database(request, tmp_path_factory):  # type: ignore[no-untyped-def]
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('dates') / 'dates.sqlite3'}"
    else:
        url = request.getfixturevalue("postgres_server").create_database("installment_dates")
    database = open_database(url)
    migrate.upgrade(database)
    yield database
    database.dispose()


def _accounts(database: Database, count: int) -> list[int]:
    n = next(_numbers)
    with database.transaction(write=True) as session:
        customer = Customer(customer_number=f"D{n}", full_name="Dates", created_at=CREATED, updated_at=CREATED)
        session.add(customer)
        session.flush()
        accounts = [
            Account(
                customer_id=customer.id,
                account_number=f"D{n}-{k}",
                product=Product.PERSONAL_LOAN,
                outstanding=Decimal("100.00"),
                arrears=Decimal("0.00"),
                bucket="current",
                status=AccountStatus.CURRENT,
                created_at=CREATED,
                updated_at=CREATED,
            )
            for k in range(count)
        ]
        session.add_all(accounts)
        session.flush()
        return [account.id for account in accounts]


def _dates_match_the_schedules(database: Database, accounts: list[int]) -> None:
    with database.session() as session:
        kept = session.execute(
            select(Account.id, Account.first_unpaid_due, Account.last_paid_on).where(Account.id.in_(accounts))
        ).all()
        for account_id, first_unpaid, last_paid in kept:
            schedule = Installment.account_id == account_id
            assert first_unpaid == session.scalar(
                select(func.min(Installment.due_date)).where(schedule, Installment.paid_on.is_(None))
            )
            assert last_paid == session.scalar(select(func.max(Installment.paid_on)).where(schedule))


day_offsets = st.integers(min_value=0, max_value=200)
installments = st.lists(
    st.tuples(st.integers(0, 2), day_offsets, st.one_of(st.none(), day_offsets)), min_size=0, max_size=8
)
changes = st.lists(
    st.tuples(st.sampled_from(["pay", "unpay", "move_due", "delete", "reassign"]), st.integers(0, 20), day_offsets),
    max_size=6,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=installments, steps=changes, days=st.lists(day_offsets, min_size=1, max_size=4))
def test_the_kept_dates_and_the_bucket_on_a_day_follow_the_schedule(
    database: Database, rows: list[tuple[int, int, int | None]], steps: list[tuple[str, int, int]], days: list[int]
) -> None:
    accounts = _accounts(database, 3)
    with database.transaction(write=True) as session:
        if rows:  # one statement for all (a bulk insert, as the importer and the demo write schedules)
            session.execute(
                insert(Installment),
                [
                    {
                        "account_id": accounts[owner],
                        "seq": seq,
                        "due_date": BASE + dt.timedelta(days=due),
                        "amount_due": Decimal("10.00"),
                        "paid_on": None if paid is None else BASE + dt.timedelta(days=paid),
                    }
                    for seq, (owner, due, paid) in enumerate(rows, 1)
                ],
            )
    _dates_match_the_schedules(database, accounts)
    for action, pick, offset in steps:
        with database.transaction(write=True) as session:
            ids = list(session.scalars(select(Installment.id).where(Installment.account_id.in_(accounts))))
            if not ids:
                break
            target = Installment.id == ids[pick % len(ids)]
            day = BASE + dt.timedelta(days=offset)
            if action == "pay":
                session.execute(update(Installment).where(target).values(paid_on=day))
            elif action == "unpay":  # a reversal
                session.execute(update(Installment).where(target).values(paid_on=None))
            elif action == "move_due":
                session.execute(update(Installment).where(target).values(due_date=day))
            elif action == "delete":
                session.execute(delete(Installment).where(target))
            else:
                session.execute(update(Installment).where(target).values(account_id=accounts[offset % 3]))
        _dates_match_the_schedules(database, accounts)
    with database.session() as session:
        for offset in days:
            day = BASE + dt.timedelta(days=offset)
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
            pairs = session.execute(
                select(Account.id, bucket_on(day), from_schedule).where(Account.id.in_(accounts))
            ).all()
            for account_id, fast, slow in pairs:
                assert fast == slow, f"account {account_id} on {day}"


def test_the_dates_are_kept_by_triggers_at_the_head_revision(database: Database) -> None:
    """A later migration that copies the installments table (an SQLite batch) would drop them silently."""
    with database.session() as session:
        if database.engine.dialect.name == "sqlite":
            rows = session.connection().exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'installments'"
            )
        else:
            rows = session.connection().exec_driver_sql(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = 'installments'::regclass AND NOT tgisinternal"
            )
        names = {row[0] for row in rows}
    assert {f"trg_installments_dates_{event}" for event in ("insert", "update", "delete")} <= names
    assert {"first_unpaid_due", "last_paid_on"} <= {c["name"] for c in inspect(database.engine).get_columns("accounts")}


@pytest.mark.postgres
def test_on_postgresql_the_triggers_reach_accounts_by_key_however_the_table_grew(postgres_url: str) -> None:
    """PL/pgSQL keeps a trigger's plan for the session. Planned while ``accounts`` was small (an import into a new
    book, in one transaction the statistics have not seen), it must still look accounts up by key once the table has
    grown, not scan it whole for every statement: the server's own plans, shown by auto_explain, say which."""
    database = open_database(postgres_url)
    migrate.upgrade(database)
    plans: list[str] = []
    try:
        with database.engine.connect() as connection:
            raw = connection.connection.dbapi_connection
            raw.add_notice_handler(lambda notice: plans.append(str(notice.message_primary)))
            sql = connection.exec_driver_sql
            customer = connection.execute(
                insert(Customer).returning(Customer.id),
                {"customer_number": "G1", "full_name": "Grows", "created_at": CREATED, "updated_at": CREATED},
            ).scalar_one()

            def accounts(first: int, last: int) -> None:
                connection.execute(
                    insert(Account),
                    [
                        {"customer_id": customer, "account_number": f"G1-{n}", "product": Product.PERSONAL_LOAN,
                         "outstanding": Decimal("100.00"), "arrears": Decimal("0.00"), "bucket": "current",
                         "status": AccountStatus.CURRENT, "created_at": CREATED, "updated_at": CREATED}
                        for n in range(first, last + 1)
                    ],
                )  # fmt: skip

            bills = (
                "INSERT INTO installments (account_id, seq, due_date, amount_due, amount_paid) "
                "SELECT id, 1, DATE '2026-06-01', 100, 0 FROM accounts WHERE account_number IN ({})"
            )
            accounts(1, 3)
            for statement in (  # each trigger runs, and keeps its plan, while the table holds three accounts
                bills.format("'G1-1'"),
                "UPDATE installments SET paid_on = DATE '2026-06-02'",
                "DELETE FROM installments",
            ):
                sql(statement)
            accounts(4, 3000)
            for setting in ("auto_explain.log_min_duration = 0", "auto_explain.log_nested_statements = on"):
                sql(f"SET LOCAL {setting}")
            sql("LOAD 'auto_explain'")
            sql("SET LOCAL client_min_messages = log")
            sql(bills.format("'G1-2', 'G1-2999'"))
            sql("UPDATE installments SET paid_on = DATE '2026-06-03'")
            sql("DELETE FROM installments")
            sql("SET LOCAL client_min_messages = notice")
            connection.rollback()
    finally:
        database.dispose()
    updates = [plan for plan in plans if "Update on accounts" in plan]
    assert len(updates) == 3, plans  # one for each trigger
    for plan in updates:
        assert "Seq Scan on accounts" not in plan, plan
        assert "Index Scan using pk_accounts on accounts" in plan, plan

"""Posting payment files: line-numbered errors, idempotency, reversals, balances, the CLI."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from agent_desk.cli.main import main
from agent_desk.clock import FrozenClock
from agent_desk.scheduling.payments import PostingReport
from agent_desk.scheduling.services import post_payments_file
from db.engine import Database
from db.models import Account, AccountStatus, Installment, Payment, PaymentKind
from tests.worklist import factories as f
from tests.worklist.factories import NOW


@pytest.fixture
def database(any_database: Database) -> Database:
    """These tests run on SQLite and on PostgreSQL."""
    return any_database


@pytest.fixture
def accounts(database: Database) -> tuple[FrozenClock, tuple[str, str]]:
    clock = f.prepare(database)
    with database.transaction(write=True) as session:
        customer = f.customer(session)
        loan = f.account(
            session,
            customer,
            dpd=40,
            arrears="1000000",
            outstanding="3000000",
            installments=[
                (dt.date(2026, 10, 15), "500000"),
                (dt.date(2026, 11, 15), "500000"),
                (dt.date(2026, 12, 15), "500000"),
            ],
        )
        card = f.account(session, customer, dpd=10, arrears="200000", outstanding="200000")
        numbers = (loan.account_number, card.account_number)
    return clock, numbers


def post(database: Database, clock: FrozenClock, text: str, *, skip_bad_rows: bool = False) -> PostingReport:
    return post_payments_file(database, clock, io.StringIO(text), skip_bad_rows=skip_bad_rows)


def payment_count(database: Database) -> int:
    with database.session() as session:
        return int(session.scalar(select(func.count()).select_from(Payment)) or 0)


def account(database: Database, number: str) -> Account:
    with database.session() as session:
        return session.scalars(select(Account).where(Account.account_number == number)).one()


def test_malformed_rows_are_reported_by_line_and_nothing_posts_unless_bad_rows_are_skipped(
    database: Database, accounts: tuple[FrozenClock, tuple[str, str]]
) -> None:
    clock, (loan, card) = accounts
    text = (
        "account_number,paid_at,amount,reference,channel\n"
        f"{loan},2026-11-23T10:00+07:00,500000,B1,VA BCA\n"  # line 2: fine
        f"{loan},yesterday,500000,B2,\n"  # line 3
        f"{loan},2026-11-23,12,5,B3,\n"  # line 4: a comma in the amount shifts columns
        f"NOPE,2026-11-23,100,B4,\n"  # line 5
        f"{card},2026-11-23,-100,,\n"  # line 6: reversal without reference
        f"{card},2026-11-23,-100,B404,\n"  # line 7: nothing to reverse
        f"{card},2026-12-30,100,B5,\n"  # line 8: in the future
        f"{card},2026-11-23,abc,B6,\n"  # line 9
        f"{card},2026-11-23,0.001,B7,\n"  # line 10
        "\n"
        f"{card},2026-11-23,200000,,Alfamart\n"  # line 12: fine, no reference
    )
    refused = post(database, clock, text)
    assert refused.refused and (refused.posted, refused.reversed, refused.duplicates) == (0, 0, 0)
    assert [error.line for error in refused.errors] == [3, 4, 5, 6, 7, 8, 9, 10]
    assert str(refused.summary).startswith("Nothing posted: 8 rows have errors.")
    assert payment_count(database) == 0
    assert account(database, card).outstanding == Decimal("200000.00")
    report = post(database, clock, text, skip_bad_rows=True)
    assert (report.posted, report.reversed, report.duplicates) == (2, 0, 0)
    lines = [(error.line, str(error.message)) for error in report.errors]
    assert [line for line, _ in lines] == [3, 4, 5, 6, 7, 8, 9, 10]
    assert lines[0][1] == ("Line 3: “yesterday” is not a date or time (write 2026-11-24 or 2026-11-24T10:30+07:00)")
    assert lines[2][1] == "Line 5: unknown account NOPE"
    assert "needs that payment's reference" in lines[3][1]
    assert lines[4][1] == f"Line 7: no payment B404 on account {card} to reverse"
    assert "in the future" in lines[5][1]
    assert str(report.summary) == "2 payments posted, 0 reversed, 0 already posted, 8 rows with errors"


def test_the_same_file_twice_posts_nothing_twice(
    database: Database, accounts: tuple[FrozenClock, tuple[str, str]]
) -> None:
    clock, (loan, card) = accounts
    text = (
        "account_number,paid_at,amount,reference,channel\n"
        f"{loan},2026-11-23T10:00+07:00,100000,R1,VA\n"
        f"{card},2026-11-23T10:00+07:00,50000,,Alfamart\n"
        f"{card},2026-11-23T10:05+07:00,50000,,Alfamart\n"  # five minutes later: a second payment
        f"{loan},2026-11-23T11:00+07:00,-100000,R1,VA\n"
    )
    first = post(database, clock, text)
    assert (first.posted, first.reversed, first.duplicates, first.errors) == (3, 1, 0, ())
    second = post(database, clock, text)
    assert (second.posted, second.reversed, second.duplicates) == (0, 0, 4)
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(Payment)) == 4
        references = set(session.scalars(select(Payment.reference).where(Payment.reference.like("AUTO-%"))))
        assert len(references) == 2


def test_a_row_repeated_inside_one_file_is_an_error_not_a_second_payment(
    database: Database, accounts: tuple[FrozenClock, tuple[str, str]]
) -> None:
    clock, (loan, card) = accounts
    text = (
        "account_number,paid_at,amount,reference,channel\n"
        f"{card},2026-11-23T10:00+07:00,50000,,Alfamart\n"
        f"{card},2026-11-23T10:00+07:00,50000,,Alfamart\n"  # line 3: the same, no reference to tell them apart
        f"{loan},2026-11-23T10:00+07:00,100000,R1,VA\n"
        f"{loan},2026-11-22T09:00+07:00,100000,R1,VA\n"  # line 5: reference R1 again on the same account
        f"{card},2026-11-23T10:00+07:00,100000,R1,VA\n"  # the same reference on another account is fine
    )
    report = post(database, clock, text)
    assert report.refused and payment_count(database) == 0
    assert [str(error.message) for error in report.errors] == [
        (
            "Line 3: the same account, time, amount and channel as line 2, and neither has a reference; if both are "
            "real payments give each its bank reference, else remove the copy"
        ),
        "Line 5: reference R1 on this account already appears on line 4; remove the copy",
    ]
    skipped = post(database, clock, text, skip_bad_rows=True)
    assert (skipped.posted, len(skipped.errors)) == (3, 2)
    assert payment_count(database) == 3


def test_payments_and_reversals_move_balances_through_the_installments(
    database: Database, accounts: tuple[FrozenClock, tuple[str, str]]
) -> None:
    clock, (loan, card) = accounts
    post(database, clock, f"account_number,paid_at,amount,reference\n{loan},2026-11-23,700000,P1\n")
    paid = account(database, loan)
    assert (paid.outstanding, paid.arrears, paid.days_past_due) == (Decimal("2300000.00"), Decimal("300000.00"), 9)
    with database.session() as session:
        parts = session.scalars(
            select(Installment.amount_paid).where(Installment.account_id == paid.id).order_by(Installment.seq)
        ).all()
    assert parts == [Decimal("500000.00"), Decimal("200000.00"), Decimal("0.00")]
    post(database, clock, f"account_number,paid_at,amount,reference\n{loan},2026-11-24,-700000,P1\n")
    back = account(database, loan)
    assert (back.outstanding, back.arrears, back.days_past_due) == (Decimal("3000000.00"), Decimal("1000000.00"), 40)
    post(database, clock, f"account_number,paid_at,amount,reference\n{card},2026-11-23,200000,C1\n")
    settled = account(database, card)
    assert (settled.outstanding, settled.arrears, settled.status) == (
        Decimal("0.00"),
        Decimal("0.00"),
        AccountStatus.SETTLED,
    )


def test_a_reversal_cannot_exceed_the_payment(
    database: Database, accounts: tuple[FrozenClock, tuple[str, str]]
) -> None:
    clock, (loan, _card) = accounts
    post(database, clock, f"account_number,paid_at,amount,reference\n{loan},2026-11-23,100000,P1\n")
    report = post(database, clock, f"account_number,paid_at,amount,reference\n{loan},2026-11-23,-100001,P1\n")
    assert [str(e.message) for e in report.errors] == [
        "Line 2: a reversal of Rp 100.001 is more than the payment of Rp 100.000"
    ]
    with database.session() as session:
        assert (
            session.scalar(select(func.count()).select_from(Payment).where(Payment.kind == PaymentKind.REVERSAL)) == 0
        )


def test_missing_columns_are_named(database: Database, accounts: tuple[FrozenClock, tuple[str, str]]) -> None:
    clock, _ = accounts
    report = post(database, clock, "account,paid,amount\nX,2026-11-23,1\n")
    assert [str(e.message) for e in report.errors] == [
        "Line 1: missing columns account_number, paid_at (expected account_number, paid_at, amount, reference, channel)"
    ]


def test_cli_post_payments(
    database: Database,
    accounts: tuple[FrozenClock, tuple[str, str]],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:  # type: ignore[no-untyped-def]
    _clock, (loan, _card) = accounts
    file = tmp_path / "bank.csv"
    file.write_text(f"account_number,paid_at,amount,reference\n{loan},2026-11-23,100000,P1\n{loan},x,1,P2\n")
    url = database.url.render_as_string()
    at = NOW.isoformat()
    assert main(["--db", url, "--at", at, "post-payments", str(file)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out == [
        "Line 3: “x” is not a date or time (write 2026-11-24 or 2026-11-24T10:30+07:00)",
        (
            "Nothing posted: 1 rows have errors. Correct them and post the file again (rows already posted are never "
            "posted twice), or post the good rows with --skip-bad-rows."
        ),
    ]
    assert main(["--db", url, "--at", at, "post-payments", "--skip-bad-rows", str(file)]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == (
        "1 payments posted, 0 reversed, 0 already posted, 1 rows with errors"
    )
    file.write_text(f"account_number,paid_at,amount,reference\n{loan},2026-11-23,100000,P1\n")
    assert main(["--db", url, "--at", at, "post-payments", str(file)]) == 0
    assert capsys.readouterr().out.strip() == "0 payments posted, 0 reversed, 1 already posted, 0 rows with errors"
    assert main(["--db", url, "post-payments", str(tmp_path / "missing.csv")]) == 2

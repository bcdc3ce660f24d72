"""An anonymised card export with a statement history (tests/importer/fixtures/statements.csv): no names, no numbers,
no dates, round amounts in scientific notation, months-late status codes — imported through one block per history
with computed fields, a status table and typed attributes, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal
from pathlib import Path

from sqlalchemy import func, select

from agent_desk.clock import FrozenClock
from db.engine import Database
from db.models import (
    Account,
    AccountStatus,
    Customer,
    CustomerAttribute,
    CustomerFlag,
    Installment,
    Payment,
)
from tests.importer.conftest import FIXTURES, digest, run

FILE = "statements.csv"
MAPPING = "statements.toml"


def _account(session: object, number: str) -> Account:
    return session.scalars(select(Account).where(Account.account_number == number)).one()  # type: ignore[attr-defined]


def test_the_statement_export_lands_with_status_codes_and_history(any_database: Database, clock: FrozenClock) -> None:
    summary = run(any_database, clock, FILE, MAPPING)
    assert summary.imported and summary.errors == 0
    assert summary.counts["accounts_new"] == 12
    with any_database.session() as session:
        late = _account(session, "CARD-1")  # PAY_0 = 2: two months late at the end of October
        assert (late.days_past_due, late.bucket, late.status) == (31 + 24, "dpd_31_60", AccountStatus.DELINQUENT)
        assert (late.credit_limit, late.outstanding, late.arrears, late.currency) == (
            Decimal("20000.00"),  # 2e+04
            Decimal("24192.00"),
            Decimal("31250.00"),  # last month's bill, nothing paid since
            "USD",
        )
        assert _account(session, "CARD-10").days_past_due == 211 + 24  # eight months late, aged to today
        assert _account(session, "CARD-6").bucket == "dpd_1_30"  # one month late
        paid_duly = _account(session, "CARD-12")
        assert (paid_duly.days_past_due, paid_duly.bucket, paid_duly.status, paid_duly.arrears) == (
            0,
            "current",
            AccountStatus.CURRENT,
            Decimal("0.00"),
        )
        assert _account(session, "CARD-7").credit_limit == Decimal("500000.00")  # 5e+05

        bills = session.execute(
            select(Installment.seq, Installment.due_date, Installment.status_code, Installment.days_past_due)
            .where(Installment.account_id == late.id)
            .order_by(Installment.seq)
        ).all()
        assert bills == [
            (202605, dt.date(2026, 5, 25), "-2", 0),
            (202606, dt.date(2026, 6, 25), "-2", 0),
            (202607, dt.date(2026, 7, 25), "-1", 0),
            (202608, dt.date(2026, 8, 25), "-1", 0),
            (202609, dt.date(2026, 9, 25), "2", 31),  # PAY_2
            (202610, dt.date(2026, 10, 25), "2", 31),  # PAY_0
        ]
        payments = session.execute(
            select(Payment.reference, Payment.paid_at, Payment.amount)
            .where(Payment.account_id == _account(session, "CARD-3").id)
            .order_by(Payment.paid_at)
        ).all()
        assert [reference for reference, _, _ in payments] == [f"CARD-3/2026-{month:02d}" for month in range(5, 11)]
        assert payments[-1][1:] == (dt.datetime(2026, 10, 30, 17, 0, tzinfo=dt.UTC), Decimal("4042.00"))  # 31 Oct WIB

        customers = session.execute(select(Customer.customer_number, Customer.full_name, Customer.name_generated)).all()
        assert ("CARD-7", "Customer CARD-7", True) in customers
        assert all(generated for _, _, generated in customers)
        attributes = {
            row.name: row
            for row in session.scalars(
                select(CustomerAttribute)
                .join(Customer, Customer.id == CustomerAttribute.customer_id)
                .where(Customer.customer_number == "CARD-1")
            )
        }
        assert {name: row.kind for name, row in attributes.items()} == {
            "sex": "text",
            "education": "text",
            "marital_status": "text",
            "birth_year": "number",
            "defaulted_next_month": "flag",
        }
        assert (attributes["sex"].text_value, attributes["education"].text_value) == ("female", "graduate school")
        assert attributes["birth_year"].number_value == Decimal("1988.0000")
        assert attributes["defaulted_next_month"].flag_value is True
        assert session.scalar(select(func.count()).select_from(CustomerFlag)) == 12  # no numbers at all


def _next_month(tmp_path: Path) -> tuple[Path, Path]:
    """November's export: every history column moves one month back, a new month comes first."""
    with (FIXTURES / FILE).open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        for prefix in ("BILL_AMT", "PAY_AMT"):
            for n in range(6, 1, -1):
                row[f"{prefix}{n}"] = row[f"{prefix}{n - 1}"]
        for n in range(6, 2, -1):
            row[f"PAY_{n}"] = row[f"PAY_{n - 1}" if n > 3 else "PAY_2"]
        row["PAY_2"] = row["PAY_0"]
        row["BILL_AMT1"], row["PAY_AMT1"] = "1000", "100"
    file = tmp_path / "statements_2026_11.csv"
    with file.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    mapping = tmp_path / "statements_2026_11.toml"
    mapping.write_text((FIXTURES / MAPPING).read_text().replace("2026-10-31", "2026-11-30"))
    return file, mapping


def test_again_nothing_changes_and_next_month_adds_only_the_new_month(
    any_database: Database, clock: FrozenClock, tmp_path: Path
) -> None:
    first = run(any_database, clock, FILE, MAPPING)
    before = digest(any_database)
    again = run(any_database, clock, FILE, MAPPING)
    assert digest(any_database) == before
    assert again.counts["payments_known"] == first.counts["payments_new"]

    clock.advance(dt.timedelta(days=30))
    file, mapping = _next_month(tmp_path)
    november = run(any_database, clock, file, mapping)
    assert november.imported
    # The references carry the month, so the five months both files hold are recognised; only November is new.
    assert november.counts["payments_new"] == 12
    assert november.counts["installments_new"] == 12
    with any_database.session() as session:
        references = session.scalars(
            select(Payment.reference).where(Payment.account_id == _account(session, "CARD-3").id)
        ).all()
    assert sorted(references)[-2:] == ["CARD-3/2026-10", "CARD-3/2026-11"]
    assert len(references) == 7


def test_docs_import_shows_this_mapping_whole() -> None:
    """docs/IMPORT.md's complete example is the mapping these tests import, word for word."""
    docs = (Path(__file__).resolve().parents[2] / "docs" / "IMPORT.md").read_text(encoding="utf-8")
    section = docs.split("### A card book with status codes and a statement history, anonymised", 1)[1]
    shown = section.split("```toml\n", 1)[1].split("\n```", 1)[0]
    assert shown + "\n" == (FIXTURES / MAPPING).read_text(encoding="utf-8")

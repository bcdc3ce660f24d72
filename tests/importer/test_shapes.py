"""Other file shapes: one row per payment, a messy file with bad rows, an XLSX workbook; dry runs, cancel,
missing columns, and what a re-import must not undo."""

from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from agent_desk.auth.permissions import Actor
from agent_desk.clock import FrozenClock
from agent_desk.importer import (
    CancelToken,
    ImportCancelledError,
    ImportFailedError,
    ImportOptions,
    Phase,
    load_mapping,
    run_import,
)
from db.engine import Database
from db.models import (
    Account,
    AccountStatus,
    ContactPoint,
    Customer,
    CustomerFlag,
    FlagKind,
    Installment,
    Payment,
    PaymentKind,
)
from tests.importer.conftest import FIXTURES, digest, run, wall


def test_a_payment_file_adds_payments_and_links_reversals(any_database: Database, clock: FrozenClock) -> None:
    run(any_database, clock, "bank_export.csv", "bank_export.toml")
    summary = run(any_database, clock, "payments.csv", "payments.toml")
    assert summary.imported
    assert summary.counts == {"payments_new": 5}
    with any_database.session() as session:
        rows = {
            row.reference: row
            for row in session.execute(
                select(
                    Payment.id,
                    Payment.reference,
                    Payment.kind,
                    Payment.amount,
                    Payment.paid_at,
                    Payment.channel,
                    Payment.reverses_payment_id,
                ).where(Payment.source == "import:payments.csv")
            )
        }
    assert rows["TRX-88001"].paid_at == dt.datetime(2026, 11, 20, 7, 5, tzinfo=dt.UTC)  # 14:05 WIB
    assert rows["TRX-88004"].paid_at == dt.datetime(2026, 11, 23, 0, 15, tzinfo=dt.UTC)  # its own +08:00
    reversal = rows["TRX-88002-R"]
    assert (reversal.kind, reversal.amount) == (PaymentKind.REVERSAL, Decimal("-850000.00"))
    assert reversal.reverses_payment_id == rows["TRX-88002"].id
    keyed = [reference for reference in rows if reference.startswith("file:")]
    assert keyed == [f"file:{summary.fingerprint[:16]}:5"]  # no reference: the file's fingerprint and row
    assert rows[keyed[0]].amount == Decimal("400000.00")

    again = run(any_database, clock, "payments.csv", "payments.toml")
    assert again.counts == {"payments_known": 5, "payments_new": 0}


def test_a_payment_for_an_unknown_account_is_a_row_error(database: Database, clock: FrozenClock) -> None:
    run(database, clock, "bank_export.csv", "bank_export.toml")
    before = digest(database)
    summary = run(database, clock, "payments.csv", "payments.toml", dry_run=False)
    assert summary.imported
    database_after_payments = digest(database)
    assert database_after_payments != before

    text = (FIXTURES / "payments.csv").read_text(encoding="utf-8-sig")
    path = Path(database.url.database or "").with_name("unknown.csv")
    path.write_text(text.replace("PY0000000301", "PY9999999999"), encoding="utf-8")
    refused = run(database, clock, path, "payments.toml")
    assert not refused.imported
    assert [(item.row, item.value, item.message.code) for item in refused.issues if item.is_error] == [
        (6, "PY9999999999", "import.row.unknown_account")
    ]
    assert digest(database) == database_after_payments


def test_the_messy_file_is_refused_whole_with_a_row_report(
    database: Database, clock: FrozenClock, tmp_path: Path
) -> None:
    before = digest(database)
    report = tmp_path / "messy.report.csv"
    summary = run(database, clock, "messy.csv", "messy.toml", report_path=report)
    assert not summary.imported
    assert digest(database) == before
    assert (summary.rows, summary.rows_with_errors, summary.skipped_blank_rows) == (8, 6, 1)
    with report.open(encoding="utf-8-sig", newline="") as handle:
        lines = list(csv.DictReader(handle))
    errors = [
        (line["row"], line["column"], line["value"], line["code"]) for line in lines if line["severity"] == "error"
    ]
    assert errors == [
        ("2", "account_number", "A-001", "import.row.duplicate_account"),
        ("4", "account", "", "import.row.no_account_number"),
        ("5", "balance", "1.5jt", "import.value.amount"),
        ("6", "due", "31/02/2026", "import.value.date"),
        ("10", "product", "mortgage", "import.value.choice"),
    ]  # a duplicated account number is one error, on its first row, naming both
    problems = {line["row"]: line["problem"] for line in lines if line["severity"] == "error"}
    assert problems["2"] == "account number A-001 appears more than once in the file (rows 2, 7)"
    assert problems["5"] == "not an amount: 1.5jt"
    warnings = [(line["row"], line["code"]) for line in lines if line["severity"] == "warning"]
    assert ("3", "import.row.phone_invalid") in warnings
    assert ("3", "import.row.no_contact_point") in warnings


def test_skip_bad_rows_imports_the_good_ones_and_flags_the_unreachable(
    database: Database, clock: FrozenClock, tmp_path: Path
) -> None:
    summary = run(database, clock, "messy.csv", "messy.toml", skip_bad_rows=True, report_path=tmp_path / "r.csv")
    assert summary.imported
    assert summary.rows_imported == 2
    assert summary.counts["accounts_new"] == 2
    with database.session() as session:
        accounts = dict(session.execute(select(Account.account_number, Account.outstanding)).all())
        flagged = session.scalars(
            select(Customer.customer_number).join(CustomerFlag).where(CustomerFlag.kind == FlagKind.NO_CONTACT_POINT)
        ).all()
        citra = session.scalars(select(Customer).where(Customer.customer_number == "C-007")).one()
    assert accounts == {"A-002": Decimal("2000000.00"), "A-007": Decimal("300000.00")}
    assert flagged == ["C-002"]
    assert citra.full_name == 'Citra "Cici" Anggraini'
    assert citra.timezone == "Asia/Makassar"


def _workbook(path: Path) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    notes = book.active
    notes.title = "Catatan"
    notes.append(["Exported from LoanCore 7.2"])
    sheet = book.create_sheet("Portofolio")
    sheet.append(
        [
            "Loan No",
            "Client ID",
            "Client Name",
            "Mobile",
            "Product Code",
            "Balance",
            "Overdue",
            "DPD",
            "Next Due",
            "Region",
            "Due 1",
            "Bill 1",
            "Paid 1",
            "Due 2",
            "Bill 2",
            "Paid 2",
        ]
    )
    sheet.append(
        [
            5500012345678,
            900001,
            "Wayan Sudarsana",
            81234567890,
            "PL",
            7250000.5,
            1000000,
            35,
            wall(2026, 12, 15),
            "Bali",
            wall(2026, 10, 15),
            500000,
            500000,
            wall(2026, 11, 15),
            500000,
            None,
        ]
    )
    sheet.append(
        [
            "5500012345679",
            "900002",
            "Nur Aisyah",
            "0856-7000-1111",
            "BNPL",
            "1250000",
            0,
            0,
            dt.date(2026, 12, 1),
            "Sulawesi Selatan",
            None,
            None,
            None,
            None,
            None,
            None,
        ]
    )
    sheet.append([None] * 16)
    book.save(path)
    return path


XLSX_MAPPING = """
name = "LoanCore workbook"
[source]
sheet = "Portofolio"
[customer]
customer_number = { template = "LC-{Client ID}" }
full_name = "Client Name"
province = "Region"
[[contacts]]
value = "Mobile"
[account]
account_number = "Loan No"
product = { column = "Product Code", map = { PL = "personal_loan", BNPL = "paylater" } }
outstanding = "Balance"
arrears = "Overdue"
days_past_due = "DPD"
next_due_date = "Next Due"
[[installments]]
periods = 2
due_date = "Due {n}"
amount_due = "Bill {n}"
amount_paid = "Paid {n}"
"""


def test_an_xlsx_workbook_keeps_its_typed_cells(any_database: Database, clock: FrozenClock, tmp_path: Path) -> None:
    book = _workbook(tmp_path / "loancore.xlsx")
    mapping = tmp_path / "loancore.toml"
    mapping.write_text(XLSX_MAPPING, encoding="utf-8")
    summary = run(any_database, clock, book, mapping)
    assert summary.imported, [item.message.render() for item in summary.issues]
    assert (summary.rows, summary.skipped_blank_rows, summary.errors) == (2, 1, 0)
    with any_database.session() as session:
        wayan = session.scalars(select(Account).where(Account.account_number == "5500012345678")).one()
        customer = session.get(Customer, wayan.customer_id)
        number = session.scalars(select(ContactPoint.e164).where(ContactPoint.customer_id == wayan.customer_id)).one()
        bills = session.execute(
            select(Installment.seq, Installment.due_date, Installment.amount_paid)
            .where(Installment.account_id == wayan.id)
            .order_by(Installment.seq)
        ).all()
        nur = session.scalars(select(Account).where(Account.account_number == "5500012345679")).one()
    assert customer is not None
    assert (customer.customer_number, customer.timezone) == ("LC-900001", "Asia/Makassar")
    assert wayan.outstanding == Decimal("7250000.50")  # a float cell, read exactly
    assert (wayan.days_past_due, wayan.bucket, wayan.next_due_date) == (35, "dpd_31_60", dt.date(2026, 12, 15))
    assert number == "+6281234567890"  # the spreadsheet dropped the leading 0
    assert bills == [
        (202610, dt.date(2026, 10, 15), Decimal("500000.00")),
        (202611, dt.date(2026, 11, 15), Decimal("0.00")),
    ]
    assert (nur.product, nur.outstanding, nur.status) == ("paylater", Decimal("1250000.00"), AccountStatus.CURRENT)


def test_a_dry_run_writes_nothing_and_says_what_would_happen(database: Database, clock: FrozenClock) -> None:
    run(database, clock, "messy.csv", "messy.toml", skip_bad_rows=True)
    before = digest(database)
    summary = run(database, clock, "bank_export.csv", "bank_export.toml", dry_run=True)
    assert summary.dry_run
    assert not summary.imported
    assert digest(database) == before
    assert summary.counts == {"accounts_new": 8, "accounts_known": 0, "customers_new": 7, "customers_known": 0}
    assert summary.lines()[-1].code == "import.summary.would_write"


def test_cancel_while_writing_rolls_back(database: Database, clock: FrozenClock, tmp_path: Path) -> None:
    run(database, clock, "messy.csv", "messy.toml", skip_bad_rows=True)
    before = digest(database)
    lines = (FIXTURES / "bank_export.csv").read_bytes().decode("cp1252").splitlines()
    extra = [lines[3].replace("KTA0000000101", f"KTA8{n:09d}").replace("CIF0001", f"CIF8{n:06d}") for n in range(300)]
    big = tmp_path / "big.csv"
    big.write_bytes(("\r\n".join(lines[:-1] + extra) + "\r\n").encode("cp1252"))
    token = CancelToken()
    phases = []

    def progress(update: object) -> None:
        phases.append(getattr(update, "phase", None))
        if getattr(update, "phase", None) is Phase.WRITING and getattr(update, "done", 0) >= 100:
            token.cancel()

    with pytest.raises(ImportCancelledError):
        run_import(
            database,
            clock,
            big,
            load_mapping(FIXTURES / "bank_export.toml"),
            ImportOptions(batch_size=100),
            progress=progress,
            cancel=token,
            actor=Actor.system(),
        )
    assert Phase.WRITING in phases
    assert digest(database) == before


def test_a_missing_mapped_column_is_a_clear_error_before_anything_is_written(
    database: Database, clock: FrozenClock, tmp_path: Path
) -> None:
    mapping = tmp_path / "typo.toml"
    mapping.write_text(
        (FIXTURES / "messy.toml").read_text().replace('outstanding = "balance"', 'outstanding = "saldo"'),
        encoding="utf-8",
    )
    before = digest(database)
    with pytest.raises(ImportFailedError) as caught:
        run(database, clock, "messy.csv", mapping)
    assert caught.value.message.code == "import.columns.missing"
    assert "saldo (account.outstanding)" in str(caught.value)
    assert digest(database) == before


def test_a_reimport_keeps_what_the_desk_decided(database: Database, clock: FrozenClock, tmp_path: Path) -> None:
    run(database, clock, "bank_export.csv", "bank_export.toml")
    with database.transaction(write=True) as session:
        # An agent marked Budi's mobile a wrong number; a supervisor put Siti's card on a plan.
        session.execute(
            update(ContactPoint)
            .where(ContactPoint.raw_value == "0812-3456-7890")
            .values(dialable=False, invalidated_at=clock.now(), wrong_number_count=1)
        )
        session.execute(
            update(Account).where(Account.account_number == "CC0000000201").values(status=AccountStatus.IN_PLAN)
        )
    kept = digest(database)
    summary = run(database, clock, "bank_export.csv", "bank_export.toml")
    assert summary.counts["accounts_unchanged"] == 8
    assert digest(database) == kept


def test_the_no_contact_flag_clears_once_a_good_number_arrives(
    database: Database, clock: FrozenClock, tmp_path: Path
) -> None:
    run(database, clock, "bank_export.csv", "bank_export.toml")
    fixed = tmp_path / "fixed.csv"
    text = (FIXTURES / "bank_export.csv").read_bytes().decode("cp1252").replace(";0812-345;", ";0812-3450-1122;")
    fixed.write_bytes(text.encode("cp1252"))
    clock.advance(dt.timedelta(days=1))
    summary = run(database, clock, fixed, "bank_export.toml")
    assert (summary.counts["flags_cleared"], summary.counts["contact_points_new"]) == (1, 1)
    with database.session() as session:
        flag = session.scalars(select(CustomerFlag).where(CustomerFlag.kind == FlagKind.NO_CONTACT_POINT)).one()
        assert flag.cleared_at == clock.now()
        assert session.scalar(select(func.count()).select_from(CustomerFlag)) == 1  # cleared, never deleted


def test_control_characters_and_odd_text_never_reach_the_database(
    any_database: Database, clock: FrozenClock, tmp_path: Path
) -> None:
    lines = (FIXTURES / "messy.csv").read_bytes().splitlines()[:3]
    lines[1] = lines[1].replace(b"Ani Wulandari", "Ani\x00 Wulan\u200bdari \U0001f600 \u202eRTL".encode())
    path = tmp_path / "odd.csv"
    path.write_bytes(b"\n".join(lines) + b"\n")
    summary = run(any_database, clock, path, "messy.toml")
    assert summary.imported, [item.message.render() for item in summary.issues]
    with any_database.session() as session:
        name = session.scalar(select(Customer.full_name).where(Customer.customer_number == "C-001"))
    assert name == "Ani Wulan\u200bdari \U0001f600 RTL"  # NUL and the direction override gone, the rest kept

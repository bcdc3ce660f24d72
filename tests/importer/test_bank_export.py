"""The bank export (monthly bill/payment columns, months-in-arrears codes) on SQLite and PostgreSQL: what lands,
re-importing changes nothing, a bad last row or a failure while writing leaves the database as it was, and
--full-portfolio recalls exactly the absent accounts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from agent_desk.clock import FrozenClock
from agent_desk.importer import writer as writer_module
from db.engine import Database
from db.models import (
    Account,
    AccountStatus,
    AuditEvent,
    ContactKind,
    ContactOwner,
    ContactPoint,
    Customer,
    CustomerFlag,
    FlagKind,
    ImportRun,
    Installment,
    Payment,
    PaymentInstruction,
)
from tests.importer.conftest import FIXTURES, NOW, digest, run

BANK = "bank_export.csv"
MAPPING = "bank_export.toml"


def _bank_lines() -> list[str]:
    return (FIXTURES / BANK).read_bytes().decode("cp1252").splitlines()


def _write_cp1252(path: Path, lines: list[str]) -> Path:
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))
    return path


def test_the_bank_export_lands_whole(any_database: Database, clock: FrozenClock) -> None:
    summary = run(any_database, clock, BANK, MAPPING)
    assert summary.imported
    assert (summary.rows, summary.errors, summary.skipped_blank_rows) == (8, 0, 1)
    assert summary.counts["accounts_new"] == 8
    assert summary.counts["customers_new"] == 7  # Siti holds two accounts
    assert [notice.message.code for notice in summary.notices] == ["import.columns.ignored"]
    assert "CABANG, PETUGAS_LAMA" in summary.notices[0].message.render()

    with any_database.session() as session:
        zones = dict(session.execute(select(Customer.customer_number, Customer.timezone)).all())
        assert zones == {
            "CIF0001": "Asia/Jakarta",
            "CIF0002": "Asia/Jakarta",
            "CIF0003": "Asia/Makassar",  # BALI → WITA
            "CIF0004": "Asia/Jayapura",  # PAPUA → WIT
            "CIF0005": None,  # "KEP RIAU" is no name the zone table knows: unknown, with a warning
            "CIF0006": "Asia/Jakarta",
            "CIF0007": "Asia/Jakarta",
        }
        andre = session.scalars(select(Customer).where(Customer.customer_number == "CIF0006")).one()
        assert andre.full_name == "ANDRÉ WIJAYA"  # read as Windows-1252
        assert andre.birth_date == dt.date(1970, 2, 20)
        assert (andre.language, andre.country) == ("id", "ID")

        card = session.scalars(select(Account).where(Account.account_number == "CC0000000201")).one()
        assert (card.product, card.days_past_due, card.bucket, card.status) == (
            "credit_card",
            31,  # KOLEK M2
            "dpd_31_60",
            AccountStatus.DELINQUENT,
        )
        assert (card.outstanding, card.arrears, card.principal) == (
            Decimal("12750000.00"),
            Decimal("1700000.00"),
            Decimal("15000000.00"),
        )
        assert card.currency == "IDR"
        assert card.creditor == "Bank Nusantara"
        motor = session.scalars(select(Account).where(Account.account_number == "MF0000000202")).one()
        assert motor.customer_id == card.customer_id
        loan = session.scalars(select(Account).where(Account.account_number == "KTA0000000101")).one()
        assert (loan.status, loan.bucket, loan.next_due_date) == (
            AccountStatus.CURRENT,
            "current",
            dt.date(2026, 12, 5),
        )
        dewi = session.scalars(select(Account).where(Account.account_number == "PY0000000701")).one()
        assert (dewi.days_past_due, dewi.bucket) == (151, "dpd_90_plus")

        bills = session.execute(
            select(Installment.seq, Installment.due_date, Installment.amount_due, Installment.amount_paid)
            .where(Installment.account_id == card.id)
            .order_by(Installment.seq)
        ).all()
        # TAG_1 is October (one month before TGL_DATA 23/11/2026), due on JATUH_TEMPO's day (the 5th).
        assert [(seq, due) for seq, due, _, _ in bills] == [
            (202605, dt.date(2026, 5, 5)),
            (202606, dt.date(2026, 6, 5)),
            (202607, dt.date(2026, 7, 5)),
            (202608, dt.date(2026, 8, 5)),
            (202609, dt.date(2026, 9, 5)),
            (202610, dt.date(2026, 10, 5)),
        ]
        assert bills[-1][2:] == (Decimal("850000.00"), Decimal("0.00"))
        assert bills[-2][2:] == (Decimal("850000.00"), Decimal("850000.00"))

        paid = session.execute(
            select(Payment.reference, Payment.paid_at, Payment.amount, Payment.channel, Payment.source)
            .where(Payment.account_id == loan.id)
            .order_by(Payment.paid_at)
        ).all()
        assert len(paid) == 6
        assert paid[-1] == (
            "KTA0000000101/04/10/2026",
            dt.datetime(2026, 10, 3, 17, 0, tzinfo=dt.UTC),  # 4 Oct 00:00 WIB
            Decimal("1250000.00"),
            "core banking",
            "import:bank_export.csv",
        )

        numbers = {
            row.raw_value: row
            for row in session.execute(
                select(
                    ContactPoint.raw_value,
                    ContactPoint.kind,
                    ContactPoint.owner,
                    ContactPoint.relationship_to_customer,
                    ContactPoint.e164,
                    ContactPoint.dialable,
                    ContactPoint.invalid_reason,
                    ContactPoint.owner_name,
                )
            )
        }
        assert numbers["0812-3456-7890"].e164 == "+6281234567890"
        assert numbers["022-4201234"].kind is ContactKind.HOME
        assert numbers["+62 813 1111 2222"].kind is ContactKind.MOBILE
        bad = numbers["0812-345"]
        assert (bad.dialable, bad.e164, bad.invalid_reason) == (False, None, "not a valid phone number")
        wife = numbers["0813-4444-5555"]
        assert (wife.owner, wife.relationship_to_customer, wife.owner_name) == (
            ContactOwner.SPOUSE,
            "spouse",
            "MARIA PATTIASINA",
        )
        sibling = numbers["0812-9999-0000"]
        assert (sibling.owner, sibling.relationship_to_customer) == (ContactOwner.EMERGENCY_CONTACT, "sibling")
        assert session.scalar(select(func.count()).select_from(ContactPoint)) == 13  # Siti's numbers once

        flagged = session.scalars(
            select(Customer.customer_number)
            .join(CustomerFlag, CustomerFlag.customer_id == Customer.id)
            .where(CustomerFlag.kind == FlagKind.NO_CONTACT_POINT, CustomerFlag.cleared_at.is_(None))
        ).all()
        assert flagged == ["CIF0004"]  # only a wrong own number and his wife's

        instructions = session.execute(
            select(PaymentInstruction.kind, PaymentInstruction.provider, PaymentInstruction.value)
            .where(PaymentInstruction.account_id == loan.id)
            .order_by(PaymentInstruction.provider)
        ).all()
        assert instructions == [
            ("minimarket_code", "Alfamart", "770000000101"),
            ("virtual_account", "BCA", "3901000000010112"),
            ("virtual_account", "Mandiri", "8870000000010155"),
        ]
        run_row = session.scalars(select(ImportRun)).one()
        assert run_row.file_name == BANK
        assert run_row.rows_read == 8
        assert run_row.counts["accounts_new"] == 8
        assert run_row.finished_at == NOW


def test_each_accounts_schedule_dates_are_those_of_its_bills(any_database: Database, clock: FrozenClock) -> None:
    """The importer writes a new account's first unpaid due date and last paid day with the account (so the
    installments' triggers have nothing to change): they must be exactly what its bills say, then and after a
    second file pays a bill."""
    run(any_database, clock, BANK, MAPPING)

    def kept_and_computed() -> list[tuple[object, ...]]:
        with any_database.session() as session:
            unpaid = (
                select(func.min(Installment.due_date))
                .where(Installment.account_id == Account.id, Installment.paid_on.is_(None))
                .scalar_subquery()
            )
            paid = select(func.max(Installment.paid_on)).where(Installment.account_id == Account.id).scalar_subquery()
            return [
                tuple(row)
                for row in session.execute(
                    select(
                        Account.account_number, Account.first_unpaid_due, unpaid, Account.last_paid_on, paid
                    ).order_by(Account.account_number)
                ).all()
            ]

    rows = kept_and_computed()
    assert len(rows) == 8
    assert all(kept == computed for _, kept, computed, _, _ in rows)
    assert all(kept == computed for _, _, _, kept, computed in rows)
    assert sum(first is not None for _, first, _, _, _ in rows) >= 2  # the file has unpaid bills…
    assert sum(last is not None for _, _, _, last, _ in rows) >= 2  # …and paid ones


def test_importing_the_same_file_twice_changes_nothing(any_database: Database, clock: FrozenClock) -> None:
    first = run(any_database, clock, BANK, MAPPING)
    before = digest(any_database)
    clock.advance(dt.timedelta(hours=3))  # a later run would stamp updated_at if it wrote anything
    second = run(any_database, clock, BANK, MAPPING)
    assert digest(any_database) == before
    assert second.previous_import == first_run_time(any_database)
    assert second.counts["accounts_unchanged"] == 8
    assert second.counts["customers_unchanged"] == 7
    assert second.counts["payments_known"] == first.counts["payments_new"] == 29
    assert sum(second.counts[key] for key in ("accounts_new", "accounts_updated", "payments_new", "flags_set")) == 0
    with any_database.session() as session:
        assert session.scalar(select(func.count()).select_from(ImportRun)) == 2  # both runs are on record
        events = session.execute(select(AuditEvent.action, AuditEvent.entity, AuditEvent.after)).all()
    assert [(action, entity) for action, entity, _ in events] == [("portfolio.import", "import_runs")] * 2
    assert events[0].after["accounts_new"] == 8


def test_a_customer_described_two_ways_keeps_the_last_rows_details_even_across_batches(
    any_database: Database, clock: FrozenClock, tmp_path: Path
) -> None:
    lines = _bank_lines()
    lines[5] = lines[5].replace("Jl. Kenanga No. 7", "Jl. Kenanga No. 9")  # Siti's second account moved house
    path = _write_cp1252(tmp_path / "moved.csv", lines)
    first = run(any_database, clock, path, MAPPING, batch_size=1)  # her two rows land in different batches
    assert [item.message.code for item in first.issues if item.row == 6] == ["import.row.customer_differs"]
    with any_database.session() as session:
        address = session.scalar(select(Customer.address_line).where(Customer.customer_number == "CIF0002"))
    assert address == "Jl. Kenanga No. 9"
    before = digest(any_database)
    clock.advance(dt.timedelta(hours=1))
    again = run(any_database, clock, path, MAPPING, batch_size=1)
    assert again.counts["customers_updated"] == 0
    assert digest(any_database) == before


def first_run_time(database: Database) -> dt.datetime | None:
    with database.session() as session:
        return session.scalar(select(func.min(ImportRun.finished_at)))


def _changed_export(tmp_path: Path, extra: list[str]) -> Path:
    """The bank export with every balance changed (so a write would show), plus ``extra`` lines at the end."""
    lines = [line.replace(";M0;", ";M1;") for line in _bank_lines()[:-1]]
    return _write_cp1252(tmp_path / "next_day.csv", lines + extra)


def test_a_bad_row_at_the_very_end_leaves_the_database_unchanged(
    any_database: Database, clock: FrozenClock, tmp_path: Path
) -> None:
    run(any_database, clock, BANK, MAPPING)
    before = digest(any_database)
    # 2,500 more good accounts (more than two batches), then one whose balance cannot be read.
    template = _bank_lines()[3]
    extra = [template.replace("KTA0000000101", f"KTA9{n:09d}").replace("CIF0001", f"CIF9{n:06d}") for n in range(2500)]
    extra.append(template.replace("KTA0000000101", "KTA9999999999").replace("24.500.000,00", "24.500.000,0,0"))
    summary = run(any_database, clock, _changed_export(tmp_path, extra), MAPPING, batch_size=1000)
    assert not summary.imported
    assert summary.rows_with_errors == 1
    assert [(item.row, item.column, item.value) for item in summary.issues if item.is_error] == [
        (2512, "SALDO", "24.500.000,0,0")
    ]
    assert digest(any_database) == before


def test_a_failure_while_writing_the_last_batch_rolls_everything_back(
    any_database: Database, clock: FrozenClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run(any_database, clock, BANK, MAPPING)
    before = digest(any_database)
    real_write = writer_module.PortfolioWriter.write
    calls = []

    def failing_write(self: writer_module.PortfolioWriter, records: list[dict[str, object]]) -> object:
        calls.append(len(records))
        if any(record["account_number"] == "KTA9000002099" for record in records):  # the file's last row
            raise RuntimeError("disk full")
        return real_write(self, records)  # type: ignore[arg-type]

    monkeypatch.setattr(writer_module.PortfolioWriter, "write", failing_write)
    template = _bank_lines()[3]
    extra = [template.replace("KTA0000000101", f"KTA9{n:09d}").replace("CIF0001", f"CIF9{n:06d}") for n in range(2100)]
    with pytest.raises(RuntimeError, match="disk full"):
        run(any_database, clock, _changed_export(tmp_path, extra), MAPPING, batch_size=1000)
    assert len(calls) >= 2 and sum(calls[:-1]) > 0  # batches in (committed, on SQLite) before the failing one
    assert digest(any_database) == before


def test_full_portfolio_recalls_exactly_the_absent_accounts(
    any_database: Database, clock: FrozenClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from agent_desk.importer import apply as apply_module

    monkeypatch.setattr(apply_module, "RECALL_PAGE", 2)  # SQLite recalls a page per batch: several pages here
    run(any_database, clock, BANK, MAPPING)
    lines = _bank_lines()
    absent = {"MF0000000202", "KTA0000000401", "PY0000000701"}
    kept = [line for line in lines if not any(number in line for number in absent)]
    new_account = lines[3].replace("KTA0000000101", "KTA0000000901").replace("CIF0001", "CIF0009")
    smaller = _write_cp1252(tmp_path / "book.csv", [*kept[:-1], new_account, kept[-1]])

    dry = run(any_database, clock, smaller, MAPPING, full_portfolio=True, dry_run=True)
    assert set(dry.recalled) == absent
    assert (dry.counts["accounts_new"], dry.counts["accounts_known"]) == (1, 5)

    clock.advance(dt.timedelta(days=1))
    summary = run(any_database, clock, smaller, MAPPING, full_portfolio=True)
    assert set(summary.recalled) == absent
    assert summary.counts["accounts_recalled"] == 3
    with any_database.session() as session:
        statuses = dict(session.execute(select(Account.account_number, Account.status)).all())
        recalled_at = dict(session.execute(select(Account.account_number, Account.recalled_at)).all())
    assert {number for number, status in statuses.items() if status is AccountStatus.RECALLED} == absent
    assert all(recalled_at[number] == NOW + dt.timedelta(days=1) for number in absent)
    assert all(recalled_at[number] is None for number in statuses if number not in absent)

    # The next full book holds them again: they come back, no longer recalled.
    back = run(any_database, clock, BANK, MAPPING, full_portfolio=True)
    assert back.recalled == ("KTA0000000901",)
    assert back.counts["accounts_returned"] == 3
    with any_database.session() as session:
        returned = session.execute(
            select(Account.status, Account.recalled_at).where(Account.account_number.in_(absent))
        ).all()
    assert {status for status, _ in returned} == {AccountStatus.DELINQUENT}
    assert all(moment is None for _, moment in returned)


def test_full_portfolio_with_an_empty_file_refuses_to_recall_the_book(
    database: Database, clock: FrozenClock, tmp_path: Path
) -> None:
    from agent_desk.importer import ImportFailedError

    run(database, clock, BANK, MAPPING)
    before = digest(database)
    empty = _write_cp1252(tmp_path / "empty.csv", _bank_lines()[:3])
    with pytest.raises(ImportFailedError, match="whole book"):
        run(database, clock, empty, MAPPING, full_portfolio=True)
    assert digest(database) == before


def test_checking_in_worker_processes_gives_the_same_book(sqlite_url: str, clock: FrozenClock, tmp_path: Path) -> None:
    """The same file checked here and in two worker processes lands the same, row for row."""
    from db import migrate
    from db.engine import open_database

    template = _bank_lines()[3]
    extra = [template.replace("KTA0000000101", f"KTA7{n:09d}").replace("CIF0001", f"CIF7{n:06d}") for n in range(1500)]
    path = _write_cp1252(tmp_path / "bigger.csv", [*_bank_lines()[:-1], *extra])
    books = []
    for workers in (0, 2):
        database = open_database(f"sqlite:///{tmp_path / f'w{workers}.sqlite3'}")
        migrate.upgrade(database)
        summary = run(database, clock, path, MAPPING, workers=workers, rebuild_worklist=False)
        assert summary.imported and summary.counts["accounts_new"] == 1508
        books.append(digest(database))
        database.dispose()
    assert books[0] == books[1]


@pytest.mark.postgres
def test_on_postgresql_every_id_comes_from_its_sequence(postgres_url: str, clock: FrozenClock) -> None:
    """The import reserves its ids with nextval, so the desk's own inserts afterwards never collide with them."""
    from sqlalchemy import text

    from db import migrate
    from db.engine import open_database

    database = open_database(postgres_url)
    migrate.upgrade(database)
    run(database, clock, BANK, MAPPING, rebuild_worklist=False)
    with database.transaction(write=True) as session:
        for table in (Customer, Account, ContactPoint, CustomerFlag, PaymentInstruction, Installment, Payment):
            name = table.__tablename__
            highest = session.scalar(select(func.max(table.id)))
            assert session.scalar(text(f"SELECT last_value FROM {name}_id_seq")) >= highest, name
        account_id = session.scalar(select(Account.id).limit(1))
        session.add(Payment(account_id=account_id, kind="payment", paid_at=NOW, amount=Decimal("1.00"), posted_at=NOW))
        session.flush()  # the next id is free
    database.dispose()

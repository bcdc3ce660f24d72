"""``agent-desk sync`` and :func:`agent_desk.sync.apply_changes`: a delta lands whole, applying it again changes
nothing, JSON Lines and CSV say the same, every bad change is named with its line and nothing is written, and a
``kill -9`` in the middle leaves the book as it was."""

from __future__ import annotations

import datetime as dt
import io
import json
import signal
import subprocess
import sys
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, insert, select, text, update

from agent_desk.cli import main as cli_main
from agent_desk.clock import FrozenClock
from agent_desk.sync import SyncOptions, SyncRejectedError, apply_changes, read_changes
from db.engine import Database
from db.models import (
    Account,
    AccountStatus,
    ContactOwner,
    ContactPoint,
    Customer,
    CustomerAttribute,
    CustomerFlag,
    FlagKind,
    ImportRun,
    Payment,
    PaymentKind,
    WorklistEntry,
)
from tests.importer.conftest import NOW, digest

FIXTURES = Path(__file__).resolve().parent / "fixtures"
AT = "2026-11-24T09:30+07:00"
Invoke = Callable[..., tuple[int, str, str]]
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def agent_desk(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Invoke:
    monkeypatch.chdir(tmp_path)

    def invoke(*argv: str) -> tuple[int, str, str]:
        args = cli_main.build_parser().parse_args(list(argv))
        out, err = io.StringIO(), io.StringIO()
        code = cli_main.run(args, out=out, err=err)
        return code, out.getvalue(), err.getvalue()

    return invoke


def _url(database: Database) -> str:
    return database.url.render_as_string(hide_password=False)


def test_a_delta_lands_whole_and_applying_it_again_changes_nothing(any_database: Database, agent_desk: Invoke) -> None:
    url = _url(any_database)
    code, out, err = agent_desk("--db", url, "--at", AT, "sync", str(FIXTURES / "delta.jsonl"))
    assert (code, err) == (0, "")
    assert "Applied 12 changes" in out
    assert "Customers: 2 new, 0 updated, 0 unchanged" in out
    assert "Accounts: 2 new, 0 updated, 0 unchanged" in out
    assert "Numbers: 3 new, 0 updated" in out
    assert "Payments: 2 new, 0 already on record" in out
    assert "Accounts closed: 1" in out
    assert "Customer attributes: 4 new, 0 updated" in out
    assert '"No contact point" flags: 1 set, 0 cleared' in out
    with any_database.session() as session:
        budi = session.scalars(select(Customer).where(Customer.customer_number == "C-1")).one()
        assert (budi.full_name, budi.city, budi.timezone, budi.name_generated) == (
            "Budi Santoso",
            "Bandung",  # the second change of C-1, merged over the first
            "Asia/Jakarta",  # from the province, as an import does
            False,
        )
        assert budi.monthly_income == Decimal("8500000.00")
        anonymous = session.scalars(select(Customer).where(Customer.customer_number == "C-2")).one()
        assert (anonymous.full_name, anonymous.name_generated, anonymous.timezone) == (
            "Nasabah C-2",
            True,
            "Asia/Makassar",
        )
        loan = session.scalars(select(Account).where(Account.account_number == "L-1")).one()
        assert (loan.days_past_due, loan.bucket, loan.status, loan.credit_limit) == (
            14,
            "dpd_1_30",
            AccountStatus.DELINQUENT,
            Decimal("30000000.00"),
        )
        card = session.scalars(select(Account).where(Account.account_number == "K-2")).one()
        assert (card.status, card.outstanding, card.currency) == (
            AccountStatus.WRITTEN_OFF,
            Decimal("5000000.00"),
            "IDR",
        )
        attributes = {
            row.name: (row.kind, row.text_value, row.number_value, row.date_value, row.flag_value)
            for row in session.scalars(select(CustomerAttribute).where(CustomerAttribute.customer_id == budi.id))
        }
        assert attributes == {
            "segment": ("text", "mass", None, None, None),
            "tier": ("number", None, Decimal("2.0000"), None, None),
            "since": ("date", None, None, dt.date(2019, 3, 1), None),
            "payroll": ("flag", None, None, None, True),
        }
        payments = {row.reference: row for row in session.scalars(select(Payment).where(Payment.account_id == loan.id))}
        assert payments["TRX-1-R"].kind is PaymentKind.REVERSAL
        assert payments["TRX-1-R"].amount == Decimal("-1250000.00")
        assert payments["TRX-1-R"].reverses_payment_id == payments["TRX-1"].id
        assert payments["TRX-1"].paid_at == dt.datetime(2026, 11, 20, 7, 5, tzinfo=dt.UTC)
        assert payments["TRX-1-R"].paid_at == dt.datetime(2026, 11, 21, 2, 0, tzinfo=dt.UTC)  # 09:00 WIB
        spouse = session.scalars(select(ContactPoint).where(ContactPoint.customer_id == anonymous.id)).one()
        assert (spouse.owner, spouse.owner_name, spouse.e164) == (ContactOwner.SPOUSE, "Made", "+6281311112222")
        flagged = session.scalars(
            select(CustomerFlag.customer_id).where(
                CustomerFlag.kind == FlagKind.NO_CONTACT_POINT, CustomerFlag.cleared_at.is_(None)
            )
        ).all()
        assert flagged == [anonymous.id]  # only a spouse's number
        assert session.scalar(select(func.count()).select_from(WorklistEntry)) == 2  # the queue knows them now
        run = session.scalars(select(ImportRun)).one()
        assert (run.kind, run.status, run.file_name, run.rows_read) == ("sync", "done", "delta.jsonl", 12)

    before = digest(any_database)
    code, out, _ = agent_desk("--db", url, "--at", "2026-11-24T12:30+07:00", "sync", str(FIXTURES / "delta.jsonl"))
    assert code == 0
    assert "Nothing changed: the book already says all of this" in out
    assert "Customers: 0 new, 0 updated, 2 unchanged" in out
    assert digest(any_database) == before


def test_csv_says_the_same_as_json_lines(database: Database, clock: FrozenClock, tmp_path: Path) -> None:
    from db import migrate
    from db.engine import open_database

    from_csv = open_database(f"sqlite:///{tmp_path / 'csv.sqlite3'}")
    migrate.upgrade(from_csv)
    for target, name in ((database, "delta.jsonl"), (from_csv, "delta.csv")):
        changes, problems = read_changes(FIXTURES / name)
        assert problems == []
        result = apply_changes(target, clock, changes, name=name)
        assert result.counts["customers_new"] == 2
    assert digest(database) == digest(from_csv)
    from_csv.dispose()


def _rejected(database: Database, clock: FrozenClock, changes: list[dict[str, object]]) -> list[tuple[int, str, str]]:
    before = digest(database)
    with pytest.raises(SyncRejectedError) as caught:
        apply_changes(database, clock, changes)
    assert digest(database) == before  # nothing half-written
    return [(item.row or 0, item.column, item.message.render()) for item in caught.value.issues if item.is_error]


def test_every_bad_change_is_named_and_nothing_is_written(database: Database, clock: FrozenClock) -> None:
    apply_changes(database, clock, read_changes(FIXTURES / "delta.jsonl")[0])
    good = {"type": "customer", "customer_number": "C-9", "full_name": "Sari"}
    assert _rejected(
        database,
        clock,
        [
            good,
            {"type": "debtor", "customer_number": "C-3"},
            {"type": "customer", "customer_number": "C-4"},
            {"type": "customer", "customer_number": "C-1", "full_name": None},
            {"type": "customer", "customer_number": "C-1", "nickname": "Bud"},
            {"type": "account", "account_number": "X-1", "customer_number": "C-9"},
            {"type": "account", "account_number": "L-1", "outstanding": "12.345,678"},
            {"type": "account", "account_number": "L-1", "customer_number": "C-404"},
            {"type": "account", "account_number": "L-1", "days_past_due": -3},
            {"type": "contact", "customer_number": "C-1"},
            {"type": "payment", "account_number": "L-404", "amount": 1, "paid_at": "2026-11-20", "reference": "R"},
            {"type": "payment", "account_number": "L-1", "amount": 1, "paid_at": "yesterday", "reference": "R2"},
            {"type": "payment", "account_number": "L-1", "amount": 5, "paid_at": "2026-11-20"},
            {"type": "closure", "account_number": "L-404", "status": "settled"},
            {"type": "closure", "account_number": "L-1", "status": "paid"},
            {"type": "customer", "customer_number": "C-1", "attributes": {"tier": {"type": "colour", "value": 1}}},
            {"type": "customer", "customer_number": ["C-1"]},
            {"type": "customer", "full_name": "Nobody"},
        ],
    ) == [
        (2, "type", "a change needs a type: one of customer, account, contact, payment, closure"),
        (3, "full_name", "a new customer needs full_name (or anonymised = true)"),
        (4, "full_name", "a customer's name cannot be cleared"),
        (
            5,
            "nickname",
            (
                "not a field of a customer change (fields: address_line, agent, anonymised, attributes, "
                "birth_date, city, country, customer_number, employer, full_name, language, monthly_income, "
                "national_id, postal_code, province, team, timezone, type)"
            ),
        ),
        (6, "account_number", "a new account needs product, outstanding"),
        (7, "outstanding", "not an amount: 12.345,678"),
        (8, "customer_number", "no customer with this number on record or in the delta"),
        (9, "days_past_due", "days past due cannot be negative"),
        (10, "value", "value (the number or e-mail) is missing"),
        (11, "account_number", "no account with this number on record or in the delta"),
        (
            12,
            "paid_at",
            (
                "not a date and time: yesterday (write 2026-11-24T10:30+07:00, or 2026-11-24 10:30 in the "
                "time zone given to the sync)"
            ),
        ),
        (13, "reference", "reference is missing"),
        (14, "account_number", "no account with this number on record or in the delta"),
        (15, "status", "paid is not one of settled, written_off, recalled"),
        (16, "attributes.tier", "an attribute's type is text, number, date or flag, not colour"),
        (17, "customer_number", "not a single value (a list or an object): write text, a number, true or false"),
        (18, "customer_number", "customer_number is missing: it says which record the change is about"),
    ]


def test_a_desk_decision_survives_a_sync(database: Database, clock: FrozenClock) -> None:
    """A number an agent found wrong stays invalid; a plan's status stays; a number the core system retires goes."""
    apply_changes(database, clock, read_changes(FIXTURES / "delta.jsonl")[0])
    with database.transaction(write=True) as session:
        session.execute(update(ContactPoint).where(ContactPoint.raw_value == "022-4201234").values(invalidated_at=NOW))
        session.execute(update(Account).where(Account.account_number == "L-1").values(status=AccountStatus.IN_PLAN))
    clock.advance(dt.timedelta(hours=1))
    result = apply_changes(
        database,
        clock,
        [
            {"type": "contact", "customer_number": "C-1", "value": "022-4201234", "active": True},
            {"type": "contact", "customer_number": "C-1", "value": "0812-3456-7890", "active": False},
            {"type": "account", "account_number": "L-1", "days_past_due": 20},
        ],
    )
    assert result.counts["contact_points_updated"] == 1
    with database.session() as session:
        points = dict(session.execute(select(ContactPoint.raw_value, ContactPoint.invalidated_at)).all())
        status = session.scalar(select(Account.status).where(Account.account_number == "L-1"))
        flagged = session.scalar(
            select(func.count())
            .select_from(CustomerFlag)
            .join(Customer, Customer.id == CustomerFlag.customer_id)
            .where(Customer.customer_number == "C-1", CustomerFlag.cleared_at.is_(None))
        )
    assert points["022-4201234"] == NOW  # still the agent's finding
    assert points["0812-3456-7890"] == NOW + dt.timedelta(hours=1)  # retired by the core system
    assert status is AccountStatus.IN_PLAN  # a plan is the desk's, not the core system's
    assert flagged == 1  # no usable number of his own left


def test_a_dry_run_counts_and_writes_nothing(database: Database, clock: FrozenClock) -> None:
    before = digest(database)
    result = apply_changes(database, clock, read_changes(FIXTURES / "delta.jsonl")[0], SyncOptions(dry_run=True))
    assert result.dry_run and result.counts["accounts_new"] == 2
    assert digest(database) == before


@pytest.mark.postgres
def test_ids_keep_coming_from_the_sequences_after_a_sync(postgres_url: str, clock: FrozenClock) -> None:
    """The service writes through the sequences, so the desk's own inserts never collide with synced rows."""
    from db import migrate
    from db.engine import open_database

    database = open_database(postgres_url)
    migrate.upgrade(database)
    apply_changes(database, clock, read_changes(FIXTURES / "delta.jsonl")[0])
    with database.transaction(write=True) as session:
        for table in (Customer, Account, ContactPoint, Payment, CustomerAttribute):
            name = table.__tablename__
            highest = session.scalar(select(func.max(table.id)))
            last = session.scalar(text(f"SELECT last_value FROM {name}_id_seq"))
            assert last >= highest, name
        new_id = session.execute(
            insert(Customer).returning(Customer.id),
            {"customer_number": "DESK-1", "full_name": "Walk-in", "created_at": NOW, "updated_at": NOW},
        ).scalar_one()
        assert new_id > 2
    database.dispose()


def _big_delta(path: Path, customers: int) -> Path:
    with path.open("w", encoding="utf-8") as handle:
        for n in range(customers):
            number = f"K-{n:06d}"
            handle.write(
                json.dumps({"type": "customer", "customer_number": number, "full_name": f"Nasabah {n}"}) + "\n"
            )
            handle.write(
                json.dumps(
                    {
                        "type": "account",
                        "account_number": f"A-{n:06d}",
                        "customer_number": number,
                        "product": "paylater",
                        "outstanding": "750000",
                        "arrears": "250000",
                        "days_past_due": n % 120,
                    }
                )
                + "\n"
            )
            handle.write(json.dumps({"type": "contact", "customer_number": number, "value": f"0812{n:08d}"}) + "\n")
    return path


@pytest.mark.slow
def test_kill_minus_nine_mid_apply_leaves_the_book_as_it_was(any_database: Database, tmp_path: Path) -> None:
    from agent_desk.worklist.settings import settings_for

    url = _url(any_database)
    delta = _big_delta(tmp_path / "big.jsonl", 3000)
    settings_for(any_database, FrozenClock(NOW))  # the strategy tables are seeded once, on first use, as in the app
    before = digest(any_database)
    child = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from ui.app import main; sys.exit(main())",
            "--db",
            url,
            "--at",
            AT,
            "sync",
            str(delta),
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    line = child.stdout.readline()
    while line and not line.startswith("Writing:"):
        line = child.stdout.readline()
    assert line.startswith("Writing: 1000 of"), line  # in the middle of the transaction
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    assert digest(any_database) == before  # nothing of the delta, not a row

    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from ui.app import main; sys.exit(main())",
            "--db",
            url,
            "--at",
            AT,
            "sync",
            str(delta),
            "--quiet",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    with any_database.session() as session:
        assert session.scalar(select(func.count()).select_from(Account)) == 3000


def test_a_message_consumer_can_pipe_json_lines_in(
    agent_desk: Invoke, sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert agent_desk("--db", sqlite_url, "db", "upgrade")[0] == 0  # sync needs a database: it never creates one
    lines = (FIXTURES / "delta.jsonl").read_bytes() + b'{"type": "closure", "account_number": "L-1", "status": "x"}\n'
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(lines)))
    code, out, _ = agent_desk("--db", sqlite_url, "--at", AT, "sync", "-", "--quiet")
    assert code == 1
    assert "line 14, status: x is not one of settled, written_off, recalled" in out
    assert "Nothing was written — errors: 1. Fix them and apply the delta again" in out
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO((FIXTURES / "delta.jsonl").read_bytes())))
    code, out, _ = agent_desk("--db", sqlite_url, "--at", AT, "sync", "-", "--quiet")
    assert code == 0
    assert "Applied 12 changes" in out

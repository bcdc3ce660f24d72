"""Errors said as what they are, each once, and noise kept down: short, long and cut rows; one error per bad cell and
per duplicated number; warnings counted instead of repeated, ``--quiet`` quiet; the report printable and bounded;
settings the book lacks named with what to configure — and in every failing case nothing written."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select

from agent_desk.cli import main as cli_main
from agent_desk.clock import FrozenClock
from agent_desk.importer import ImportFailedError
from agent_desk.importer.summary import write_report
from agent_desk.worklist.settings import forget_settings, read_settings
from db.engine import Database
from db.models import Account, AuditEvent
from tests.importer.conftest import FIXTURES, digest, run

HEADER = "account,customer,name,phone,product,balance"
TOML = """
[customer]
customer_number = "customer"
full_name = "name"

[[contacts]]
value = "phone"

[account]
account_number = "account"
product = { value = "paylater" }
outstanding = "balance"
arrears = { expr = "balance / 10" }
"""
Invoke = Callable[..., tuple[int, str, str]]


def _file(tmp_path: Path, *lines: str, end: str = "\n", mapping: str = TOML) -> tuple[Path, Path]:
    data = tmp_path / "book.csv"
    data.write_text("\n".join((HEADER, *lines)) + end, encoding="utf-8")
    toml = tmp_path / "book.toml"
    toml.write_text(mapping, encoding="utf-8")
    return data, toml


def _errors(summary: object) -> list[tuple[int | None, str, str]]:
    return [
        (item.row, item.column, item.message.render())
        for item in summary.issues  # type: ignore[attr-defined]
        if item.is_error
    ]


def test_short_and_long_rows_are_named_as_such(database: Database, clock: FrozenClock, tmp_path: Path) -> None:
    before = digest(database)
    data, toml = _file(
        tmp_path,
        "A-1,C-1,Ani,0812 1111 2222,x,1000",
        "A-2,C-2,Budi",  # cut short: 3 of 6 fields
        "A-3,C-3,Citra,0812 3333 4444,x,1,250",  # an unquoted comma inside the amount
        "A-4,C-4,Dewi,0812 5555 6666,x,2000,,",  # trailing empty fields are harmless
    )
    summary = run(database, clock, data, toml)
    assert not summary.imported
    assert _errors(summary) == [
        (3, "", "3 of 6 fields: the row is cut short"),
        (4, "", "7 fields where the header has 6: is a delimiter inside a value that has no quotes?"),
    ]
    assert digest(database) == before


def test_a_last_line_cut_in_a_number_is_refused_not_read_as_a_smaller_number(
    database: Database, clock: FrozenClock, tmp_path: Path
) -> None:
    before = digest(database)
    data, toml = _file(tmp_path, "A-1,C-1,Ani,0812 1111 2222,x,1000", "A-2,C-2,Budi,0812 2222 3333,x,1", end="")
    summary = run(database, clock, data, toml)
    assert _errors(summary) == [
        (
            3,
            "",
            (
                "the file ends inside this row (6 of 6 fields, no line end after it): it looks cut short. Export it "
                "again, or if it is whole, set [source] require_final_newline = false"
            ),
        )
    ]
    assert digest(database) == before
    data, toml = _file(
        tmp_path, "A-2,C-2,Budi,0812 2222 3333,x,1", end="", mapping="[source]\nrequire_final_newline = false\n" + TOML
    )
    assert run(database, clock, data, toml).imported


def test_one_bad_cell_is_one_error_however_many_fields_read_it(
    database: Database, clock: FrozenClock, tmp_path: Path
) -> None:
    mapping = TOML + '\n[attributes]\nbalance_band = { expr = "floor(balance / 1000)", type = "number" }\n'
    data, toml = _file(tmp_path, "A-1,C-1,Ani,0812 1111 2222,x,12.5.0", mapping=mapping)
    summary = run(database, clock, data, toml)
    assert _errors(summary) == [
        (
            2,
            "balance",
            (
                "not an amount: 12.5.0 (more than one decimal point; if the file "
                "writes 1.250.000,00 set decimal_comma = true)"
            ),
        )
    ]


def test_a_duplicated_number_is_one_error_even_when_it_feeds_the_history(
    database: Database, clock: FrozenClock, tmp_path: Path
) -> None:
    lines = (FIXTURES / "statements.csv").read_text().splitlines()
    lines.append(lines[3])  # card 3 twice: its account number and its six payment references repeat
    data = tmp_path / "statements.csv"
    data.write_text("\n".join(lines) + "\n")
    summary = run(database, clock, data, FIXTURES / "statements.toml")
    assert _errors(summary) == [
        (4, "account_number", "account number CARD-3 appears more than once in the file (rows 4, 14)")
    ]
    assert summary.rows_with_errors == 2


@pytest.fixture
def agent_desk(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Invoke:
    monkeypatch.chdir(tmp_path)

    def invoke(*argv: str) -> tuple[int, str, str]:
        args = cli_main.build_parser().parse_args(list(argv))
        out, err = io.StringIO(), io.StringIO()
        code = cli_main.run(args, out=out, err=err)
        return code, out.getvalue(), err.getvalue()

    return invoke


def test_warnings_are_counted_once_and_quiet_is_quiet(agent_desk: Invoke, sqlite_url: str, tmp_path: Path) -> None:
    assert agent_desk("--db", sqlite_url, "db", "upgrade")[0] == 0  # import needs a database: it never creates one
    command = ("--db", sqlite_url, "--at", "2026-11-24T09:30+07:00", "import", str(FIXTURES / "statements.csv"))
    mapping = ("--mapping", str(FIXTURES / "statements.toml"))
    code, out, _ = agent_desk(*command, *mapping, "--dry-run")
    assert code == 0
    lines = out.splitlines()
    assert (
        '12 × no dialable number of the customer\'s own: imported and flagged "no contact point" unless one is on '
        "record (first: row 2)"
    ) in lines
    assert sum("no dialable number" in line for line in lines) == 1
    code, out, _ = agent_desk(*command, *mapping, "--quiet", "--report", str(tmp_path / "r.csv"))
    assert code == 0
    assert out.splitlines() == [
        "statements.csv through the mapping Card book — anonymised statements: 12 rows",
        "Errors: 0 (rows with errors: 0); warnings: 12",
        "Accounts: 12 new, 0 updated, 0 unchanged",
        "Customers: 12 new, 0 updated, 0 unchanged",
        "Added or changed: numbers 0, payment instructions 0, bills 72, payments 47 (payments already on record: 0)",
        "Customer attributes: 60 new, 0 changed",
        "Display names made up (the file has no names): 12, marked as made up",
        '"No contact point" flags: 12 set, 0 cleared',
        "The worklist was rebuilt",
        f"Row report: {tmp_path / 'r.csv'}",
    ]


def test_the_report_is_printable_and_bounded(tmp_path: Path) -> None:
    from agent_desk.importer.issues import Severity, issue

    issues = [
        issue(row, "NAME", f"A\x00B\u202e{row}", Severity.WARNING, "import.row.phone_invalid") for row in range(2, 9)
    ]
    issues.append(issue(9, "X", "=HYPERLINK(1)", Severity.ERROR, "import.value.amount", value="=HYPERLINK(1)"))
    report = tmp_path / "r.csv"
    write_report(report, issues, [], "en", per_kind=3)
    with report.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[1][:5] == ["2", "warning", "NAME", "A\\x00B\\u202e2", "import.row.phone_invalid"]
    assert [row[0] for row in rows[1:]] == ["2", "3", "4", "9", ""]
    assert rows[4][3] == "'=HYPERLINK(1)"  # never a formula in a spreadsheet
    assert rows[5][4:] == ["import.row.phone_invalid", "… and 4 more with this problem (7 in all), not listed"]


def test_a_currency_the_book_cannot_rank_and_a_country_without_a_policy_are_refused_with_what_to_do(
    any_database: Database, clock: FrozenClock, tmp_path: Path
) -> None:
    before = digest(any_database)
    mapping = tmp_path / "twd.toml"
    mapping.write_text(
        (FIXTURES / "statements.toml").read_text().replace('currency = "USD"', 'currency = "TWD"')
        .replace('country = "ID"', 'country = "TW"')
    )  # fmt: skip
    with pytest.raises(ImportFailedError) as caught:
        run(any_database, clock, "statements.csv", mapping)
    assert [message.render() for message in caught.value.messages] == [
        (
            "12 rows are in TWD, which has no reference amount for the priority score (a typical monthly payment in "
            'TWD, the unit expected recovery is measured in): give one — [format] reference_amount = "…" in the import '
            "mapping — and run again. Nothing was written."
        ),
        (
            "12 rows are customers in TW, but the queue's policy pack is Indonesia — OJK (id_ojk), for ID: choose a "
            "pack for TW with agent-desk worklist policy PACK (packs: id_ojk (ID), us_reg_f (US)), or add one to "
            "resources/policies/. Nothing was written."
        ),
    ]
    assert digest(any_database) == before

    # Given a reference amount (and customers in a country the pack covers), the import goes through and the
    # amount is kept for the queue, with an audit event.
    mapping.write_text(
        mapping.read_text().replace('country = "TW"', 'country = "ID"')
        .replace('currency = "TWD"', 'currency = "TWD"\nreference_amount = "8000"')
    )  # fmt: skip
    summary = run(any_database, clock, "statements.csv", mapping)
    assert summary.imported and summary.added_references == {"TWD": "8000"}
    forget_settings(any_database)
    with any_database.session() as session:
        assert read_settings(session).priority.reference_amount["TWD"] == 8000
        assert session.scalar(select(Account.currency).limit(1)) == "TWD"
        assert session.scalar(select(AuditEvent.after).where(AuditEvent.action == "strategy.reference_amount")) == {
            "added": {"TWD": "8000"}
        }

"""Hypothesis-fuzzed rows never crash the importer: every problem is a row error or a warning."""

from __future__ import annotations

import csv
import datetime as dt
import tempfile
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from agent_desk.auth.permissions import Actor
from agent_desk.clock import FrozenClock
from agent_desk.importer import ImportOptions, Issue, load_mapping, run_import
from agent_desk.importer.records import Record
from agent_desk.importer.sources import Cell
from agent_desk.importer.transform import RowReader, compile_mapping
from db import migrate
from db.engine import open_database
from db.models import Account
from tests.importer.conftest import FIXTURES, NOW

BANK = load_mapping(FIXTURES / "bank_export.toml")
MESSY = load_mapping(FIXTURES / "messy.toml")
BANK_HEADER = (FIXTURES / "bank_export.csv").read_bytes().decode("cp1252").splitlines()[2].split(";")
MESSY_HEADER = (FIXTURES / "messy.csv").read_text(encoding="utf-8").splitlines()[0].split("\t")

# Text a core system might emit, and text nobody should: amounts and dates in odd shapes, numbers, codes,
# control characters, NULs, other scripts, very long strings.
plausible = st.sampled_from(
    [
        "",
        " ",
        "0",
        "-1",
        "1.250.000,00",
        "1,250,000.00",
        "Rp 50.000,-",
        "(850.000)",
        "12,5",
        "1e9",
        "NaN",
        "05/12/2026",
        "31/02/2026",
        "2026-12-05",
        "0812-3456-7890",
        "+62 21 555 0123",
        "08123",
        "M2",
        "M6+",
        "CC",
        "KTA",
        "MOTOR",
        "card",
        "loan",
        "ISTRI",
        "BALI",
        "Papua",
        "x" * 300,
        "9" * 40,
        "\x00",
        "≠",
        "١٢٣",
    ]
)
cell_text = st.one_of(plausible, st.text(max_size=40), st.text(alphabet="0123456789.,-+() /:", max_size=25))
typed_cell: st.SearchStrategy[Cell] = st.one_of(
    st.none(),
    cell_text,
    st.decimals(allow_nan=True, allow_infinity=True, places=None),
    st.dates(min_value=dt.date(1, 1, 1)),
    st.datetimes(),
)


def _reader(mapping_name: str) -> RowReader:
    mapping, header = (BANK, BANK_HEADER) if mapping_name == "bank" else (MESSY, MESSY_HEADER)
    check, reader = compile_mapping(mapping, header, fingerprint="f" * 64, today=dt.date(2026, 11, 24))
    assert reader is not None, check
    return reader


READERS = {"bank": _reader("bank"), "messy": _reader("messy")}


def _assert_sound(record: Record) -> None:
    assert all(isinstance(item, Issue) for item in record.issues)
    if record.has_errors:
        return
    # A row without errors is complete and its money exact.
    assert record.account_number
    assert record.customer_number
    assert isinstance(record.account["outstanding"], Decimal)
    assert record.account["outstanding"] == record.account["outstanding"].quantize(Decimal("0.01"))
    assert len(record.account_number) <= 64
    for payment in record.payments:
        assert payment["paid_at"].tzinfo is not None


@settings(max_examples=300, deadline=None)
@given(cells=st.lists(cell_text, min_size=0, max_size=50))
def test_fuzzed_csv_rows_only_produce_issues(cells: list[str]) -> None:
    for reader in READERS.values():
        _assert_sound(reader.read(7, tuple(cells)))


@settings(max_examples=300, deadline=None)
@given(cells=st.lists(typed_cell, min_size=0, max_size=50))
def test_fuzzed_spreadsheet_cells_only_produce_issues(cells: list[Cell]) -> None:
    for reader in READERS.values():
        _assert_sound(reader.read(7, tuple(cells)))


@pytest.fixture(scope="module")
def fuzz_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(st.lists(cell_text, min_size=11, max_size=11), min_size=1, max_size=12))
def test_fuzzed_files_import_their_good_rows_and_report_the_rest(fuzz_folder: Path, rows: list[list[str]]) -> None:
    folder = Path(tempfile.mkdtemp(dir=fuzz_folder))
    path = folder / "fuzz.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t")
        writer.writerow(MESSY_HEADER)
        writer.writerows([[cell.replace("\x00", "") for cell in row] for row in rows])  # csv cannot write NUL
    database = open_database(f"sqlite:///{folder / 'db.sqlite3'}")
    try:
        migrate.upgrade(database)
        summary = run_import(
            database,
            FrozenClock(NOW),
            path,
            MESSY,
            ImportOptions(skip_bad_rows=True, report_path=folder / "report.csv", rebuild_worklist=False),
            actor=Actor.system(),
        )
        with database.session() as session:
            accounts = session.scalar(select(func.count()).select_from(Account))
        assert summary.imported
        assert accounts == summary.counts.get("accounts_new", 0)
        assert accounts <= summary.rows - summary.rows_with_errors
        assert (folder / "report.csv").exists()
    finally:
        database.dispose()

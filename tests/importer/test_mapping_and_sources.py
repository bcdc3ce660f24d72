"""Mapping files are checked whole before a row is read; files are read in any delimiter and encoding."""

from __future__ import annotations

import codecs
import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from agent_desk.importer import MappingError, load_mapping, parse_mapping
from agent_desk.importer.sources import SourceError, SourceSettings, open_source
from agent_desk.importer.transform import compile_mapping
from tests.importer.conftest import FIXTURES, wall

MINIMAL: dict[str, Any] = {
    "customer": {"customer_number": "cif", "full_name": "name"},
    "account": {"account_number": "acct", "product": {"value": "personal_loan"}, "outstanding": "balance"},
}


def _with(**changes: Any) -> dict[str, Any]:
    data = {key: dict(value) for key, value in MINIMAL.items()}
    for path, value in changes.items():
        table, _, key = path.partition("__")
        data.setdefault(table, {})
        if key:
            data[table][key] = value
        else:
            data[table] = value
    return data


def test_the_fixture_mappings_load() -> None:
    bank = load_mapping(FIXTURES / "bank_export.toml")
    assert bank.name == "Bank Nusantara daily export"
    assert bank.source.header_row == 3
    assert bank.formats.decimal_comma
    assert len(bank.installments[0].periods) == 6
    assert "TAG_6" in bank.column_uses()
    assert "TGLBYR_3" in bank.column_uses()  # from inside the reference template of period 3
    assert len(bank.fingerprint) == 64
    assert load_mapping(FIXTURES / "payments.toml").grain == "payment"


@pytest.mark.parametrize(
    ("data", "code", "where"),
    [
        (_with(account__outstandng="balance"), "import.mapping.unknown_field", "account.outstandng"),
        (_with(account__product={"colum": "p"}), "import.mapping.unknown_option", "account.product.colum"),
        (_with(account__product={"column": "p", "value": "paylater"}), "import.mapping.bad_spec", "account.product"),
        (_with(account__product={"value": "mortgage"}), "import.mapping.bad_choice", "account.product.value"),
        (
            _with(account__product={"column": "p", "map": {"KPR": "mortgage"}}),
            "import.mapping.bad_choice",
            "account.product.map.KPR",
        ),
        (_with(account__days_past_due={"column": "k", "map": {"M1": "one"}}), "import.mapping.bad_constant", "M1"),
        (_with(account__outstanding=12), "import.mapping.bad_spec", "account.outstanding"),
        (_with(customer__full_name={"template": "no columns"}), "import.mapping.bad_template", "customer.full_name"),
        (_with(customer__timezone={"value": "WIB+1"}), "import.mapping.bad_zone", "customer.timezone"),
        (_with(format__timezone="Mars/Olympus"), "import.mapping.bad_zone", "format.timezone"),
        (_with(format__amount_scale=9), "import.mapping.bad_option", "format.amount_scale"),
        (_with(format__date_format="dd/mm/yyyy"), "import.mapping.bad_option", "format.date_format"),
        (_with(source__delimiter=";;"), "import.mapping.bad_option", "source.delimiter"),
        (_with(source__grain="bill"), "import.mapping.bad_option", "source.grain"),
        (
            _with(account__outstanding=None) | {"account": {"account_number": "a", "product": "p"}},
            "import.mapping.required",
            "account.outstanding",
        ),
        (_with(installments=[{"amount_due": "bill"}]), "import.mapping.installment_when", "installments[1]"),
        (_with(installments=[{"months_back": {"value": "1"}, "amount_due": "b"}]), "import.mapping.months_back", ""),
        (_with(payments=[{"periods": 3, "amount": "paid", "paid_at": "date"}]), "import.mapping.periods_unused", ""),
        (_with(source__grain="payment"), "import.mapping.payment_grain", "customer.customer_number"),
        (_with(contacts=[{"kind": {"value": "mobile"}}]), "import.mapping.required", "contacts[1].value"),
        (_with(extra={"x": 1}), "import.mapping.unknown_option", "extra"),
    ],
)
def test_mapping_mistakes_are_named(data: dict[str, Any], code: str, where: str) -> None:
    with pytest.raises(MappingError) as caught:
        parse_mapping(data)
    assert caught.value.message.code == code
    assert where in str(caught.value)


def test_a_mapping_that_is_not_toml_says_so(tmp_path: Path) -> None:
    path = tmp_path / "broken.toml"
    path.write_text("[account\naccount_number = 1", encoding="utf-8")
    with pytest.raises(MappingError, match="not valid TOML"):
        load_mapping(path)
    with pytest.raises(MappingError, match="Cannot read"):
        load_mapping(tmp_path / "absent.toml")


ROWS = [["acct", "cif", "name", "balance"], ["A1", "C1", "José Müller", "1.000,50"], ["A2", "C2", "Siti", "2"]]


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "utf-16"])
def test_csv_in_any_delimiter_and_encoding(tmp_path: Path, delimiter: str, encoding: str) -> None:
    def field(value: str) -> str:
        return f'"{value}"' if delimiter == "," and "," in value else value

    text = "\r\n".join(delimiter.join(field(cell) for cell in row) for row in ROWS) + "\r\n"
    path = tmp_path / "file.csv"
    path.write_bytes(text.encode(encoding))
    source = open_source(path)
    assert source.info.delimiter == delimiter
    assert source.info.header == ("acct", "cif", "name", "balance")
    rows = list(source.rows())
    assert [row.number for row in rows] == [2, 3]
    assert rows[0].cells == ("A1", "C1", "José Müller", "1.000,50")
    assert source.fraction() == 1.0


def test_windows_1252_bytes_without_a_character_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "odd.csv"
    path.write_bytes(b"acct,name\r\nA1,Caf\xe9 \x81\r\n")
    source = open_source(path)
    assert source.info.encoding == "cp1252"
    assert next(iter(source.rows())).cells == ("A1", "Café \x81")


def test_a_header_below_title_lines_and_an_explicit_delimiter(tmp_path: Path) -> None:
    path = tmp_path / "titled.csv"
    path.write_text("Report, printed 23/11/2026\n\nacct;name\nA1;Budi, S.E.\n", encoding="utf-8")
    source = open_source(path, SourceSettings(header_row=3, delimiter=";"))
    assert source.info.header == ("acct", "name")
    assert [row.cells for row in source.rows()] == [("A1", "Budi, S.E.")]


def test_broken_files_say_why(tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(SourceError, match="empty"):
        open_source(empty)
    with pytest.raises(SourceError, match="not found"):
        open_source(tmp_path / "absent.csv")
    old = tmp_path / "old.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    with pytest.raises(SourceError, match=r"\.xls"):
        open_source(old)
    fake = tmp_path / "fake.xlsx"
    fake.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(SourceError, match="XLSX"):
        open_source(fake)
    bad_utf16 = tmp_path / "cut.csv"
    bad_utf16.write_bytes(codecs.BOM_UTF16_LE + "acct,name\r\nA1,B".encode("utf-16-le") + b"\x00")
    with pytest.raises(SourceError):
        list(open_source(bad_utf16).rows())


def test_xlsx_cells_keep_their_types(tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["acct", "when", "amount", "count", "flag"])
    sheet.append([1234567890123, wall(2026, 11, 5), 0.1, 7, True])
    path = tmp_path / "typed.xlsx"
    book.save(path)
    source = open_source(path)
    assert source.info.format == "xlsx"
    (row,) = list(source.rows())
    assert row.cells == (Decimal(1234567890123), wall(2026, 11, 5), Decimal("0.1"), Decimal(7), "TRUE")
    with pytest.raises(SourceError, match="no sheet Data"):
        open_source(path, SourceSettings(sheet="Data"))


def test_the_header_check_finds_missing_ambiguous_and_ignored_columns() -> None:
    mapping = parse_mapping(_with(customer__city={"column": "kota", "optional": True}))
    check, reader = compile_mapping(
        mapping, ["ACCT", "cif", "cif", "Name ", "extra"], fingerprint="0" * 64, today=dt.date(2026, 11, 24)
    )
    assert reader is None
    assert check.missing == (("balance", "account.outstanding"),)
    assert check.ambiguous == ("cif",)
    assert check.optional_missing == (("kota", "customer.city"),)
    assert check.ignored == ("cif", "cif", "extra")  # ambiguous ones are not read either


def test_number_options_per_file_and_per_column() -> None:
    mapping = parse_mapping(
        {
            "format": {"decimal_comma": True, "thousands": "space", "scientific": False},
            "customer": {"customer_number": "CIF", "full_name": "NAME"},
            "account": {
                "account_number": "NO",
                "product": {"value": "paylater"},
                "outstanding": {"column": "BAL", "decimal_comma": False, "thousands": ",", "scientific": True},
            },
        }
    )
    assert (mapping.formats.thousands, mapping.formats.scientific) == (" ", False)
    spec = mapping.account["outstanding"]
    assert (spec.decimal_comma, spec.thousands, spec.scientific) == (False, ",", True)
    with pytest.raises(MappingError, match=r"account.days_past_due.thousands = , is not valid"):
        parse_mapping(
            {
                "customer": {"customer_number": "CIF", "full_name": "NAME"},
                "account": {
                    "account_number": "NO",
                    "product": {"value": "paylater"},
                    "outstanding": "BAL",
                    "days_past_due": {"column": "DPD", "thousands": ","},
                },
            }
        )
    with pytest.raises(MappingError, match=r"format.thousands = _ is not valid"):
        parse_mapping({"format": {"thousands": "_"}})

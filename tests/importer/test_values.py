"""Cells into exact values: amounts (decimal comma, scale), whole numbers, dates, moments, phone numbers, text."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import phonenumbers
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agent_desk.importer import values
from agent_desk.importer.numbers import NumberFormat, parse_amount
from agent_desk.importer.values import (
    CellError,
    DateReader,
    MomentReader,
    add_months,
    clean_text,
    parse_int,
    parse_phone,
)
from tests.importer.conftest import wall

INDONESIAN = NumberFormat(decimal_comma=True)
PLAIN = NumberFormat()


@pytest.mark.parametrize(
    ("text", "number_format", "expected"),
    [
        ("1.250.000,50", INDONESIAN, "1250000.50"),
        ("1.250.000", INDONESIAN, "1250000.00"),
        ("Rp 1.250.000,-", INDONESIAN, "1250000.00"),  # ",-": no cents (how Indonesians write whole rupiah)
        ("Rp 50.000,--", INDONESIAN, "50000.00"),
        ("1.250.000-", INDONESIAN, "-1250000.00"),  # a trailing minus (SAP and other core systems): negative
        ("Rp1.250.000", INDONESIAN, "1250000.00"),
        ("1 250 000,5", INDONESIAN, "1250000.50"),
        ("(850.000)", INDONESIAN, "-850000.00"),
        ("1,250,000.50", PLAIN, "1250000.50"),
        ("-42", PLAIN, "-42.00"),
        ("IDR 900", PLAIN, "900.00"),
        (".5", PLAIN, "0.50"),
        ("125050", NumberFormat(scale=2), "1250.50"),  # minor units in the file
        ("1250", NumberFormat(scale=-3), "1250000.00"),  # thousands in the file
        # Scientific notation, as spreadsheets write round amounts.
        ("5e+05", PLAIN, "500000.00"),
        ("5E5", PLAIN, "500000.00"),
        ("1.5e6", PLAIN, "1500000.00"),
        ("1,5e6", INDONESIAN, "1500000.00"),
        ("2.5e-1", PLAIN, "0.25"),
        ("-3e2", PLAIN, "-300.00"),
        # Thousands separators of every kind, currency signs and codes on either side.
        ("1'250'000.00", PLAIN, "1250000.00"),
        ("1\u202f250\u202f000,00", INDONESIAN, "1250000.00"),
        ("NT$ 30,000", PLAIN, "30000.00"),
        ("30,000 TWD", PLAIN, "30000.00"),
        ("US$1,250.00", PLAIN, "1250.00"),
        ("€ 1.250,00", INDONESIAN, "1250.00"),
        ("$(1,250.00)", PLAIN, "-1250.00"),
        ("(1,250.00) USD", PLAIN, "-1250.00"),
        ("-Rp 1.000", INDONESIAN, "-1000.00"),
        ("1.250", NumberFormat(thousands="none"), "1.25"),
        ("1 250 000", NumberFormat(thousands=" "), "1250000.00"),
    ],
)
def test_amounts_are_read_exactly(text: str, number_format: NumberFormat, expected: str) -> None:
    assert parse_amount(text, number_format) == Decimal(expected)


@pytest.mark.parametrize(
    ("text", "number_format", "code"),
    [
        ("1.5jt", PLAIN, "import.value.amount"),
        ("1,25", PLAIN, "import.value.amount_groups"),  # a decimal comma in a point file: refused, not read as 125
        ("1.25", INDONESIAN, "import.value.amount_groups"),  # and the other way round
        ("1,2,3", PLAIN, "import.value.amount_groups"),
        ("1,25,000", PLAIN, "import.value.amount_groups"),
        ("1.250.000", PLAIN, "import.value.amount_hint_comma"),  # an Indonesian figure in a point file
        ("1,250,000", INDONESIAN, "import.value.amount_hint_point"),
        ("1,250.000", INDONESIAN, "import.value.amount"),
        ("12.345", PLAIN, "import.value.amount_decimals"),
        ("١٢٣", PLAIN, "import.value.amount"),  # digits of another script are not ASCII digits
        ("1e6", NumberFormat(scientific=False), "import.value.amount_scientific"),
        ("1e999", PLAIN, "import.value.amount_too_large"),
        ("1e5e5", PLAIN, "import.value.amount"),
        ("1,5e6", PLAIN, "import.value.amount"),
        ("USD 30", NumberFormat(currency="TWD"), "import.value.amount_currency"),
        ("Rp 30 IDR", PLAIN, "import.value.amount"),
        ("1,250", NumberFormat(thousands="none"), "import.value.amount_separator"),
        ("1.250,00", NumberFormat(decimal_comma=True, thousands=" "), "import.value.amount_separator"),
        ("99999999999999999", PLAIN, "import.value.amount_too_large"),
        ("Rp", PLAIN, "import.value.amount"),
        ("", PLAIN, "import.value.amount"),
    ],
)
def test_unreadable_amounts_are_refused_with_a_reason(text: str, number_format: NumberFormat, code: str) -> None:
    with pytest.raises(CellError) as caught:
        parse_amount(text, number_format)
    assert caught.value.message.code == code


@pytest.mark.parametrize(
    ("text", "number_format", "message"),
    [
        (
            "1,25",
            PLAIN,
            "not an amount: 1,25 (after “,” come groups of three digits; check decimal_comma and thousands)",
        ),
        (
            "1.250.000",
            PLAIN,
            (
                "not an amount: 1.250.000 (more than one decimal point; if the file writes 1.250.000,00 set "
                "decimal_comma = true)"
            ),
        ),
        (
            "1,250,000",
            INDONESIAN,
            (
                "not an amount: 1,250,000 (more than one decimal comma; if the file writes 1,250,000.00 set "
                "decimal_comma = false)"
            ),
        ),
        (
            "1.250,00",
            NumberFormat(decimal_comma=True, thousands=" "),
            "not an amount: 1.250,00 (“.” does not separate thousands in this file; check decimal_comma and thousands)",
        ),
        ("USD 30", NumberFormat(currency="TWD"), "USD 30 is an amount in USD, but this file's amounts are in TWD"),
        (
            "5e+05",
            NumberFormat(scientific=False),
            "5e+05 is in scientific notation, which this mapping refuses (scientific = false)",
        ),
        ("12.345", PLAIN, "more than two decimals: 12.345 (check decimal_comma and amount_scale)"),
    ],
)
def test_each_refusal_says_what_to_check(text: str, number_format: NumberFormat, message: str) -> None:
    with pytest.raises(CellError) as caught:
        parse_amount(text, number_format)
    assert caught.value.message.render("en") == message


def test_spreadsheet_numbers_are_decimals_and_scaled() -> None:
    assert parse_amount(Decimal("7250000.5"), PLAIN) == Decimal("7250000.50")
    assert parse_amount(Decimal("125050"), NumberFormat(scale=2)) == Decimal("1250.50")
    with pytest.raises(CellError):
        parse_amount(Decimal("NaN"), PLAIN)
    with pytest.raises(CellError):
        parse_amount(dt.date(2026, 1, 1), PLAIN)


def test_whole_numbers() -> None:
    assert parse_int("45") == 45
    assert parse_int(Decimal("45.0")) == 45
    assert parse_int(" 7 ") == 7
    for bad in ("4.5", "x", "", Decimal("4.5"), "1" * 13):
        with pytest.raises(CellError):
            parse_int(bad)


def test_dates_in_the_mappings_formats() -> None:
    reader = DateReader(("%d/%m/%Y", "%Y-%m-%d", "%d %b %Y"))
    assert reader.date("05/12/2026") == dt.date(2026, 12, 5)
    assert reader.date("2026-12-05") == dt.date(2026, 12, 5)
    assert reader.date("5 Dec 2026") == dt.date(2026, 12, 5)  # through strptime
    assert reader.date(wall(2026, 12, 5, 13, 0)) == dt.date(2026, 12, 5)
    assert reader.date(Decimal(46361)) == dt.date(2026, 12, 5)  # an Excel serial number
    for bad in ("31/02/2026", "05/12/0026", "yesterday", "2026-13-01"):
        with pytest.raises(CellError) as caught:
            reader.date(bad)
        assert caught.value.message.code == "import.value.date"


def test_months() -> None:
    reader = DateReader(("%Y-%m", "%m/%Y", "%Y%m"))
    assert reader.month("2026-06") == dt.date(2026, 6, 1)
    assert reader.month("06/2026") == dt.date(2026, 6, 1)
    assert reader.month("202606") == dt.date(2026, 6, 1)
    assert add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert add_months(dt.date(2026, 3, 15), -15) == dt.date(2024, 12, 15)


def test_moments_without_a_zone_are_read_in_the_mappings_zone() -> None:
    dates = DateReader(("%d/%m/%Y",))
    wib = MomentReader(("%d/%m/%Y %H:%M",), dates, ZoneInfo("Asia/Jakarta"))
    wita = MomentReader(("%d/%m/%Y %H:%M",), dates, ZoneInfo("Asia/Makassar"))
    assert wib.moment("21/11/2026 16:45") == dt.datetime(2026, 11, 21, 9, 45, tzinfo=dt.UTC)
    assert wita.moment("21/11/2026 16:45") == dt.datetime(2026, 11, 21, 8, 45, tzinfo=dt.UTC)
    assert wib.moment("21/11/2026") == dt.datetime(2026, 11, 20, 17, 0, tzinfo=dt.UTC)  # a date: local midnight
    assert wib.moment("2026-11-23T08:15:00+08:00") == dt.datetime(2026, 11, 23, 0, 15, tzinfo=dt.UTC)
    assert wib.moment(wall(2026, 11, 21, 16, 45)).tzinfo is dt.UTC
    with pytest.raises(CellError):
        wib.moment("21/11/2026 25:00")


def test_phone_numbers() -> None:
    assert parse_phone("0812-3456-7890", "ID").e164 == "+6281234567890"
    assert parse_phone("6281234567890", "ID").e164 == "+6281234567890"
    assert parse_phone("81234567890", "ID").e164 == "+6281234567890"  # a spreadsheet ate the 0
    landline = parse_phone("(021) 555 0123", "ID")
    assert (landline.e164, landline.mobile) == ("+62215550123", False)
    assert parse_phone("0812-3456-7890", "ID").mobile is True
    for bad in ("0812-345", "abc", "+1 555", ""):
        result = parse_phone(bad, "ID")
        assert (result.e164, result.dialable, result.invalid_reason) == (None, False, "not a valid phone number")


REGIONS = ("ID", "PH", "MY", "VN", "TH", "IN", "GB", "DE", "US", "IT", "SG", "BR", "CN", "AU")


def _written(digits: str, separators: list[str]) -> str:
    return (
        "".join(digit + separator for digit, separator in zip(digits, separators, strict=False))
        + digits[len(separators) :]
    )


@settings(max_examples=400, deadline=None)
@given(
    region=st.sampled_from(REGIONS),
    digits=st.text("0123456789", min_size=1, max_size=19).map(lambda rest: "0" + rest),
    separators=st.lists(st.sampled_from(["", "", "", " ", "-", ".", "(", ")", "  ", "/", "x", "+"]), max_size=20),
    lead=st.sampled_from(["", "", "(", " ", "+"]),
)
def test_a_national_number_read_without_parse_is_the_number_parse_reads(
    region: str, digits: str, separators: list[str], lead: str
) -> None:
    """The short way for numbers such as 0812-3456-7890 gives exactly what phonenumbers.parse gives, or stands aside."""
    raw = lead + _written(digits, separators)
    quick = values._national(raw, region)
    if quick is None:
        return
    slow = phonenumbers.parse(raw, region)  # raises if the quick way accepted something parse refuses
    assert (quick.country_code, quick.national_number, quick.italian_leading_zero) == (
        slow.country_code,
        slow.national_number,
        slow.italian_leading_zero,
    )


def test_the_short_way_takes_the_common_numbers_and_leaves_the_rest() -> None:
    assert values._national("0812-3456-7890", "ID") is not None
    assert values._national("(021) 555 0123", "ID") is not None
    for raw, region in (("+62 812 3456 7890", "ID"), ("00862112345678", "ID"), ("0812 ext 12", "ID"), ("0812", "ID")):
        assert values._national(raw, region) is None, raw
    assert values._national("0212 345 6789", "US") is None  # national prefix 1, not 0


def test_text_is_cleaned_of_control_characters_and_extra_spaces() -> None:
    assert clean_text("  BUDI\x00  SANTOSO\r\n ") == "BUDI SANTOSO"
    assert clean_text(Decimal("5500012345678")) == "5500012345678"
    assert clean_text(Decimal("12.50")) == "12.50"
    assert clean_text(None) == ""
    assert clean_text(dt.date(2026, 1, 2)) == "2026-01-02"

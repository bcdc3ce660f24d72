"""Script variables from a profile, and the choice of variant by days past due."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agent_desk.resources import load_toml
from agent_desk.scripts import VARIABLES, build_script, choose_variant, script_variables, variant_for_days
from agent_desk.scripts.library import variant_bounds
from agent_desk.scripts.variables import greeting
from db.models import AccountStatus
from tests.scripts.factories import NOW, account, profile, with_days

AGENT = "Rina Wulandari"


def test_variant_bounds_follow_the_strategy_stages() -> None:
    stages = load_toml("strategy", "stages.toml")
    assert variant_bounds() == (
        ("pre_due", stages["pre_due"]["max_dpd"]),
        ("early", stages["dpd_1_30"]["max_dpd"]),
        ("middle", stages["dpd_61_90"]["max_dpd"]),
        ("late", None),
    )
    assert variant_bounds()[:3] == (("pre_due", 0), ("early", 30), ("middle", 90))


@given(st.integers(min_value=-400, max_value=5000))
def test_variant_by_days_past_due(days: int) -> None:
    expected = "pre_due" if days <= 0 else "early" if days <= 30 else "middle" if days <= 90 else "late"
    assert variant_for_days(days) == expected
    assert choose_variant(with_days(profile(), days), purpose=None, now=NOW) == expected
    assert choose_variant(with_days(profile(), days), purpose="locate", now=NOW) == "third_party"


def test_the_worst_workable_account_decides() -> None:
    customer = profile(
        account(days_past_due=5),
        account(days_past_due=45),
        account(days_past_due=400, status=AccountStatus.RECALLED),
    )
    assert choose_variant(customer, purpose=None, now=NOW) == "middle"


@pytest.mark.parametrize(
    ("hour", "indonesian", "english"),
    [
        (3, "Selamat malam", "Good evening"),
        (4, "Selamat pagi", "Good morning"),
        (10, "Selamat pagi", "Good morning"),
        (11, "Selamat siang", "Good morning"),
        (12, "Selamat siang", "Good afternoon"),
        (15, "Selamat sore", "Good afternoon"),
        (17, "Selamat sore", "Good afternoon"),
        (18, "Selamat malam", "Good evening"),
        (23, "Selamat malam", "Good evening"),
    ],
)
def test_greeting_by_local_hour(hour: int, indonesian: str, english: str) -> None:
    assert greeting(hour, "id") == indonesian
    assert greeting(hour, "en") == english


def test_the_greeting_follows_the_customers_zone() -> None:
    # 02:30 UTC is 09:30 WIB (pagi) and 11:30 WIT (siang).
    west = script_variables(profile(), language="id", now=NOW, agent_name=AGENT, recording=False)
    east = script_variables(
        profile(timezone="Asia/Jayapura"), language="id", now=NOW, agent_name=AGENT, recording=False
    )
    assert (west["greeting"], east["greeting"]) == ("Selamat pagi", "Selamat siang")
    unknown = script_variables(profile(timezone=None), language="en", now=NOW, agent_name=AGENT, recording=False)
    assert unknown["greeting"] == "Good morning"


def test_values_of_one_account() -> None:
    values = script_variables(profile(), language="id", now=NOW, agent_name=AGENT, recording=True)
    assert set(values) == VARIABLES
    assert values["customer"] == "Bapak/Ibu Siti Rahmawati"
    assert values["agent_first_name"] == "Rina"
    assert values["total_arrears"] == "Rp 1.250.000"
    assert values["total_outstanding"] == "Rp 5.000.000"
    assert values["amount_due_now"] == "Rp 1.250.000"
    assert values["next_amount"] == "Rp 625.000"
    assert values["days_past_due"] == "12"
    assert values["next_due_date"] == "Sab 12 Des 2026"
    assert values["oldest_due_date"] == "Kam 12 Nov 2026"  # 24 Nov less 12 days (no schedule)
    assert values["creditors"] == "Bank Contoh"
    assert values["products"] == "KTA Contoh"
    assert "virtual account BCA 390112345678" in values["payment_channels"]
    assert "kode bayar Indomaret 7712345678" in values["payment_channels"]
    assert values["payment_link"] == "tautan pembayaran https://pay.example/abc"
    english = script_variables(profile(), language="en", now=NOW, agent_name=AGENT, recording=True)
    assert english["next_due_date"] == "Sat 12 Dec 2026"
    assert english["virtual_accounts"] == "BCA virtual account 390112345678"


def test_values_of_several_accounts_and_missing_data() -> None:
    first = account(number="PL0000001111", creditor=None, product_name=None, instructions=())
    second = dataclasses.replace(
        account(number="CC0000002222", days_past_due=0, arrears="0", next_due_date=dt.date(2026, 12, 1)),
        currency="USD",
        outstanding=account().outstanding / 100,
    )
    values = script_variables(profile(first, second), language="en", now=NOW, agent_name="", recording=False)
    assert values["agent_name"] == "your agent"
    assert values["creditors"] == "PT Mitra Layanan Nusantara and Bank Contoh"
    assert values["products"] == "Personal loan and KTA Contoh"
    assert values["total_outstanding"] == "Rp 5.000.000 + $ 50,000.00"
    assert values["amount_due_now"] == "Rp 1.250.000 + $ 625,000.00"  # arrears of one, next installment of the other
    assert values["next_due_date"] == "Tue 1 Dec 2026"
    # Only the second account has channels, so they are not labelled with the account.
    assert values["payment_channels"].startswith("BCA virtual account 390112345678, Indomaret payment code")
    both = script_variables(
        profile(account(number="PL0000001111"), account(number="CC0000002222")),
        language="en",
        now=NOW,
        agent_name=AGENT,
        recording=False,
    )
    assert "(for KTA Contoh ending 1111); " in both["payment_channels"]
    assert both["payment_channels"].endswith("(for KTA Contoh ending 2222)")
    no_channels = script_variables(profile(first), language="id", now=NOW, agent_name=AGENT, recording=False)
    assert no_channels["payment_channels"] == "kanal pembayaran yang tertera di lembar tagihan"
    no_dates = script_variables(
        profile(account(days_past_due=0, next_due_date=None)), language="id", now=NOW, agent_name=AGENT, recording=False
    )
    assert no_dates["next_due_date"] == no_dates["oldest_due_date"] == "tanggal yang tertera di lembar tagihan"


def test_a_variant_can_be_forced_and_an_unknown_one_is_refused() -> None:
    from agent_desk.scripts import ScriptError

    script = build_script(
        profile(), language="en", purpose=None, now=NOW, agent_name=AGENT, recording=False, variant="late"
    )
    assert script.variant == "late" and script.language == "en"
    with pytest.raises(ScriptError):
        build_script(profile(), language="en", purpose=None, now=NOW, agent_name=AGENT, recording=False, variant="x")
    with pytest.raises(ScriptError):
        build_script(profile(), language="fr", purpose=None, now=NOW, agent_name=AGENT, recording=False)

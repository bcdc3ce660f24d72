"""The plan summary an agent sends after a promise: every way to pay said once, naming the account it pays when the
customer has more than one account, in English and Indonesian (the SMS gives one way per account; WhatsApp and
e-mail every way)."""

from __future__ import annotations

import dataclasses
from typing import Any

from agent_desk.outbox import load_template, message_variables, render_template
from agent_desk.worklist.profile import CustomerProfile, InstructionView
from db.models import Channel
from tests.scripts.factories import NOW, account, profile

# A single promise of Rp 750.000 for Saturday, as the wrap-up's plan context carries it (agent_desk.outbox.desk).
PROMISE: dict[str, Any] = {"plan": {"lines": [["2026-11-28", "750000"]], "currency": "IDR", "pending_approval": False}}


def _link(url: str) -> tuple[InstructionView, ...]:
    return (
        InstructionView("virtual_account", "BCA", "390112345678"),
        InstructionView("payment_link", "link", url),
    )


def _two_accounts(first_link: str, second_link: str) -> CustomerProfile:
    loan = account(number="PL0000001111", instructions=_link(first_link))
    card = dataclasses.replace(
        account(number="CC0000002222", instructions=_link(second_link)), id=2, product_name="Kartu Kredit Contoh"
    )
    return profile(loan, card)


def _summary(customer: CustomerProfile, language: str, channel: Channel) -> str:
    values = message_variables(
        customer, language=language, channel=channel, now=NOW, agent_name="Rina", context=PROMISE
    )
    return render_template(load_template("plan_summary", language), channel, values).body


def test_one_account_gets_its_link_once_with_no_account_named() -> None:
    customer = profile(account(instructions=_link("https://pay.example/abc")))
    assert _summary(customer, "en", Channel.SMS) == (
        "PT Mitra Layanan Nusantara: as agreed, you will pay Rp 750.000 on Sat 28 Nov 2026. Total Rp 750.000. "
        "Pay via the payment link https://pay.example/abc. Info: 021-5088-1234. Reply STOP to stop these messages."
    )
    assert _summary(customer, "id", Channel.SMS) == (
        "PT Mitra Layanan Nusantara: sesuai kesepakatan, Anda akan membayar Rp 750.000 pada Sab 28 Nov 2026. "
        "Total Rp 750.000. Bayar melalui tautan pembayaran https://pay.example/abc. Info: 021-5088-1234. "
        "Balas STOP untuk berhenti menerima pesan ini."
    )
    whatsapp = _summary(customer, "id", Channel.WHATSAPP)
    assert whatsapp.count("tautan pembayaran") == 1 and "akhiran" not in whatsapp


def test_two_accounts_get_each_link_once_naming_the_account_it_pays() -> None:
    customer = _two_accounts("https://pay.example/abc", "https://pay.example/def")
    assert _summary(customer, "en", Channel.SMS) == (
        "PT Mitra Layanan Nusantara: as agreed, you will pay Rp 750.000 on Sat 28 Nov 2026. Total Rp 750.000. "
        "Pay via the payment link https://pay.example/abc (for KTA Contoh ending 1111); "
        "the payment link https://pay.example/def (for Kartu Kredit Contoh ending 2222). "
        "Info: 021-5088-1234. Reply STOP to stop these messages."
    )
    assert _summary(customer, "id", Channel.SMS) == (
        "PT Mitra Layanan Nusantara: sesuai kesepakatan, Anda akan membayar Rp 750.000 pada Sab 28 Nov 2026. "
        "Total Rp 750.000. Bayar melalui tautan pembayaran https://pay.example/abc (untuk KTA Contoh akhiran 1111); "
        "tautan pembayaran https://pay.example/def (untuk Kartu Kredit Contoh akhiran 2222). Info: 021-5088-1234. "
        "Balas STOP untuk berhenti menerima pesan ini."
    )
    # WhatsApp lists every way to pay, each account's under its name: still one link per account.
    whatsapp = _summary(customer, "en", Channel.WHATSAPP)
    assert whatsapp.count("the payment link") == 2
    assert "the payment link https://pay.example/abc (for KTA Contoh ending 1111)" in whatsapp
    assert "the payment link https://pay.example/def (for Kartu Kredit Contoh ending 2222)" in whatsapp


def test_a_link_that_pays_both_accounts_is_given_once_naming_both() -> None:
    customer = _two_accounts("https://pay.example/same", "https://pay.example/same")
    assert (
        "Pay via the payment link https://pay.example/same (for KTA Contoh ending 1111 and Kartu Kredit Contoh "
        "ending 2222). Info:"
    ) in _summary(customer, "en", Channel.SMS)
    indonesian = _summary(customer, "id", Channel.SMS)
    assert indonesian.count("tautan pembayaran") == 1
    assert "(untuk KTA Contoh akhiran 1111 dan Kartu Kredit Contoh akhiran 2222)" in indonesian

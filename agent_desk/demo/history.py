"""Demo contact history: earlier calls with their SIP results, outcomes, notes and promises."""

from __future__ import annotations

import datetime as dt
import random
import uuid
from decimal import Decimal
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

import holidays

from agent_desk.demo.accounts import AccountRows, rupiah
from agent_desk.demo.people import CustomerRows
from db.models import Channel, ContactOwner, Direction, PromiseStatus

# Outcome of an outbound attempt: (disposition, weight, SIP code, human answered).
CALL_RESULTS = (
    ("no_answer", 34, 480, False),
    ("busy", 8, 486, False),
    ("voicemail", 5, 200, False),
    ("call_rejected", 5, 603, False),
    ("network_failure", 2, 503, False),
    ("number_invalid", 2, 404, False),
    ("promise_to_pay", 14, 200, True),
    ("callback_requested", 7, 200, True),
    ("refused", 4, 200, True),
    ("third_party", 6, 200, True),
    ("wrong_number", 2, 200, True),
    ("claims_paid", 3, 200, True),
    ("partial_payment", 3, 200, True),
    ("hardship", 2, 200, True),
    ("dispute", 1, 200, True),
)
CALLS_BY_BUCKET = {
    "current": (0, 0),
    "pre_due": (0, 2),
    "dpd_1_30": (1, 5),
    "dpd_31_60": (2, 7),
    "dpd_61_90": (3, 8),
    "dpd_90_plus": (2, 9),
}
DELINQUENCY_REASONS = (
    "job_loss",
    "illness",
    "business_slow",
    "forgot",
    "family_emergency",
    "overindebted",
    "salary_late",
    "disputes_charges",
)
NOTES = {
    "promise_to_pay": "Nasabah janji bayar {amount} tanggal {date} via {channel}.",
    "partial_payment": "Nasabah sanggup bayar sebagian {amount} tanggal {date}, sisanya bulan depan.",
    "callback_requested": "Nasabah sedang bekerja, minta ditelepon kembali sore hari.",
    "refused": "Nasabah menolak bayar, merasa tagihan terlalu besar. Dijelaskan pilihan cicilan.",
    "claims_paid": "Nasabah mengaku sudah bayar lewat {channel}, minta dicek.",
    "hardship": "Nasabah baru kehilangan pekerjaan, minta keringanan. Dicatat kesulitan keuangan.",
    "dispute": "Nasabah menyanggah sebagian tagihan, minta rincian transaksi.",
    "third_party": "Diterima keluarga, pesan untuk menghubungi kembali ditinggalkan tanpa menyebut tagihan.",
    "wrong_number": "Nomor milik orang lain, bukan nasabah.",
}
SAFE_ZONE = "Asia/Jakarta"


@cache
def _holidays(year: int) -> frozenset[dt.date]:
    return frozenset(holidays.country_holidays("ID", years=year))


def lawful_moment(rng: random.Random, day: dt.date, zone: str | None) -> dt.datetime | None:
    """A moment on ``day`` between 08:00 and 20:00 customer-local (10:00–18:00 WIB when the zone is unknown)."""
    if day.weekday() == 6 or day in _holidays(day.year):
        return None
    minutes = rng.randint(8 * 60, 19 * 60 + 40) if zone else rng.randint(10 * 60, 17 * 60 + 30)
    local = dt.datetime.combine(day, dt.time(minutes // 60, minutes % 60), tzinfo=ZoneInfo(zone or SAFE_ZONE))
    return local.astimezone(dt.UTC)


def make_history(
    rng: random.Random,
    customer: CustomerRows,
    accounts: list[AccountRows],
    worst_bucket: str,
    *,
    agent_ids: list[int],
    today: dt.date,
    now: dt.datetime,
    ids: dict[str, int],
) -> dict[str, list[dict[str, Any]]]:
    """Earlier calls about the customer's debts, newest within the last 30 days; promises from them."""
    out: dict[str, list[dict[str, Any]]] = {
        "interactions": [],
        "outcomes": [],
        "promises": [],
        "payments": [],
    }
    low, high = CALLS_BY_BUCKET[worst_bucket]
    count = rng.randint(low, high)
    numbers = [cp for cp in customer.contact_points if cp["dialable"]]
    if not numbers or count == 0 or not agent_ids:
        return out
    days = sorted({today - dt.timedelta(days=rng.randint(1, 30)) for _ in range(count)})
    customer_id = customer.customer["id"]
    for day in days:
        started = lawful_moment(rng, day, customer.zone)
        if started is None or started >= now:
            continue
        number = rng.choice(numbers)
        code, _, sip_code, answered = rng.choices(CALL_RESULTS, weights=[r[1] for r in CALL_RESULTS])[0]
        if number["owner"] != ContactOwner.SELF and code not in ("no_answer", "busy", "third_party"):
            code, sip_code, answered = "third_party", 200, True
        talk = rng.randint(40, 420) if answered else (rng.randint(15, 35) if code == "voicemail" else 0)
        answered_at = started + dt.timedelta(seconds=rng.randint(4, 25)) if sip_code == 200 else None
        ended = (answered_at or started) + dt.timedelta(seconds=talk or rng.randint(20, 45))
        interaction_id = ids["interaction"]
        ids["interaction"] += 1
        agent = rng.choice(agent_ids)
        out["interactions"].append(
            {
                "id": interaction_id,
                "customer_id": customer_id,
                "contact_point_id": number["id"],
                "user_id": agent,
                "channel": Channel.CALL,
                "direction": Direction.OUTBOUND,
                "dialed_number": number["e164"],
                "sip_call_id": f"demo-{interaction_id}@agent-desk",
                "sip_code": sip_code,
                "sip_reason": {
                    200: "OK",
                    480: "Temporarily Unavailable",
                    486: "Busy Here",
                    603: "Decline",
                    503: "Service Unavailable",
                    404: "Not Found",
                }[sip_code],
                "started_at": started,
                "answered_at": answered_at,
                "ended_at": ended,
                "talk_seconds": talk if answered_at else None,
                "recording_path": None,
            }
        )
        outcome_id = ids["outcome"]
        ids["outcome"] += 1
        promise = None
        if code in ("promise_to_pay", "partial_payment"):
            promise = _promise(rng, accounts, customer_id, outcome_id, agent, started, today, now, ids, out)
            if promise is None:  # nothing in arrears to promise: the customer asked to be called back
                code = "callback_requested"
        note = NOTES.get(code)
        if note and promise is not None:
            note = note.format(
                amount=f"Rp {int(promise['amount']):,}".replace(",", "."),
                date=promise["due_date"].strftime("%d/%m"),
                channel=promise["channel"],
            )
        elif note:
            note = note.format(channel=rng.choice(("VA BCA", "Alfamart", "transfer")))
        out["outcomes"].append(
            {
                "id": outcome_id,
                "draft_key": str(uuid.UUID(int=rng.getrandbits(128))),
                "interaction_id": interaction_id,
                "customer_id": customer_id,
                "user_id": agent,
                "disposition_code": code,
                "reason_for_delinquency": rng.choice(DELINQUENCY_REASONS)
                if answered and code != "third_party"
                else None,
                "objections": [],
                "script_stage": "close" if answered else None,
                "notes": note,
                "callback_at": ended + dt.timedelta(days=1) if code == "callback_requested" else None,
                "created_at": ended + dt.timedelta(seconds=rng.randint(10, 90)),
            }
        )
    return out


def _promise(
    rng: random.Random,
    accounts: list[AccountRows],
    customer_id: int,
    outcome_id: int,
    agent: int,
    started: dt.datetime,
    today: dt.date,
    now: dt.datetime,
    ids: dict[str, int],
    out: dict[str, list[dict[str, Any]]],
) -> dict[str, Any] | None:
    delinquent = [a for a in accounts if a.account["arrears"] > 0]
    if not delinquent:
        return None
    account = rng.choice(delinquent)
    arrears: Decimal = account.account["arrears"]
    amount = arrears if rng.random() < 0.6 else rupiah(float(arrears) * rng.uniform(0.3, 0.8))
    due = started.date() + dt.timedelta(days=rng.randint(1, 10))
    channel = rng.choice(("VA BCA", "VA Mandiri", "Alfamart", "Indomaret"))
    status, paid = PromiseStatus.PENDING, Decimal("0.00")
    judged_at = None
    if due < today - dt.timedelta(days=1):
        roll = rng.random()
        status = (
            PromiseStatus.KEPT
            if roll < 0.5
            else PromiseStatus.BROKEN
            if roll < 0.85
            else (PromiseStatus.PARTIALLY_KEPT)
        )
        judged_at = dt.datetime.combine(due + dt.timedelta(days=2), dt.time(1, 0), tzinfo=dt.UTC)
        if status is not PromiseStatus.BROKEN:
            paid = amount if status is PromiseStatus.KEPT else rupiah(float(amount) * rng.uniform(0.3, 0.7))
            paid_at = dt.datetime.combine(due - dt.timedelta(days=rng.randint(0, 2)), dt.time(3, 0), tzinfo=dt.UTC)
            out["payments"].append(
                {
                    "id": ids["payment"],
                    "account_id": account.account["id"],
                    "kind": "payment",
                    "paid_at": paid_at,
                    "amount": paid,
                    "channel": channel,
                    "reference": f"PTP{outcome_id}",
                    "reverses_payment_id": None,
                    "source": "demo",
                    "posted_at": min(paid_at + dt.timedelta(hours=2), now),
                }
            )
            ids["payment"] += 1
            _apply_payment(account, paid)
    promise = {
        "id": ids["promise"],
        "customer_id": customer_id,
        "account_id": account.account["id"],
        "outcome_id": outcome_id,
        "payment_plan_id": None,
        "amount": amount,
        "currency": "IDR",
        "due_date": due,
        "channel": channel,
        "status": status,
        "amount_paid": paid,
        "judged_at": judged_at,
        "created_by_user_id": agent,
        "created_at": started,
    }
    ids["promise"] += 1
    out["promises"].append(promise)
    return promise


def _apply_payment(account: AccountRows, amount: Decimal) -> None:
    """Spread a payment over the oldest open installments and lower arrears and outstanding with it."""
    left = amount
    for row in account.open_installments:
        if left <= 0:
            break
        take = min(left, row["amount_due"] - row["amount_paid"])
        row["amount_paid"] += take
        left -= take
    paid = amount - left
    account.account["arrears"] = max(Decimal("0.00"), account.account["arrears"] - paid)
    account.account["outstanding"] = max(Decimal("0.00"), account.account["outstanding"] - paid)

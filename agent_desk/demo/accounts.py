"""Demo accounts: products, balances, installment schedules, payment history and payment instructions."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from decimal import Decimal
from typing import Any

from agent_desk.delinquency import bucket_for
from agent_desk.demo.pools import Pools
from db.models import AccountStatus, PaymentInstructionKind, PaymentKind, Product

ZERO = Decimal("0.00")
PRODUCT_WEIGHTS = (
    (Product.CREDIT_CARD, 30),
    (Product.PERSONAL_LOAN, 25),
    (Product.VEHICLE_FINANCING, 25),
    (Product.PAYLATER, 20),
)
PRODUCT_PREFIX = {
    Product.CREDIT_CARD: "CC",
    Product.PERSONAL_LOAN: "PL",
    Product.VEHICLE_FINANCING: "MF",
    Product.PAYLATER: "PY",
    Product.B2B_INVOICE: "IV",
}
PRODUCT_NAMES = {
    Product.CREDIT_CARD: "Kartu Kredit Gold",
    Product.PERSONAL_LOAN: "KTA Sahabat",
    Product.VEHICLE_FINANCING: "Kredit Motor",
    Product.PAYLATER: "Paylater",
}
# Delinquency spread across the book: (bucket, share in percent).
BUCKET_WEIGHTS = (
    ("current", 15),
    ("pre_due", 15),
    ("dpd_1_30", 30),
    ("dpd_31_60", 15),
    ("dpd_61_90", 10),
    ("dpd_90_plus", 15),
)
SEGMENTS = {
    "current": "current",
    "pre_due": "reminder",
    "dpd_1_30": "early",
    "dpd_31_60": "middle",
    "dpd_61_90": "middle",
    "dpd_90_plus": "late",
}


def add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    return dt.date(day.year + month_index // 12, month_index % 12 + 1, min(day.day, 28))


def rupiah(value: float, step: int = 1000) -> Decimal:
    """A whole-rupiah amount rounded to ``step`` (the demo's balances look like real ones)."""
    return Decimal(max(step, round(value / step) * step)).quantize(Decimal("0.01"))


@dataclasses.dataclass
class AccountRows:
    account: dict[str, Any]
    installments: list[dict[str, Any]]
    payments: list[dict[str, Any]]
    instructions: list[dict[str, Any]]

    @property
    def open_installments(self) -> list[dict[str, Any]]:
        return [row for row in self.installments if row["amount_paid"] < row["amount_due"]]


def choose_bucket(rng: random.Random) -> str:
    return rng.choices([b for b, _ in BUCKET_WEIGHTS], weights=[w for _, w in BUCKET_WEIGHTS])[0]


def days_past_due_for(rng: random.Random, bucket: str) -> int:
    ranges = {
        "current": (0, 0),
        "pre_due": (0, 0),
        "dpd_1_30": (1, 30),
        "dpd_31_60": (31, 60),
        "dpd_61_90": (61, 90),
        "dpd_90_plus": (91, 420),
    }
    low, high = ranges[bucket]
    return rng.randint(low, high)


@dataclasses.dataclass(frozen=True)
class _Terms:
    principal: Decimal
    balance: Decimal
    installment: Decimal
    tenor: int | None


def _terms(rng: random.Random, product: Product) -> _Terms:
    """Limit or principal, revolving balance, monthly amount due and tenor of a new account."""
    if product is Product.CREDIT_CARD:
        limit = rupiah(rng.choice((5, 8, 10, 15, 20, 30, 50)) * 1_000_000.0, 1_000_000)
        balance = rupiah(float(limit) * rng.uniform(0.3, 1.05))
        return _Terms(limit, balance, rupiah(max(50_000.0, float(balance) * 0.05)), None)
    low, high, tenors, monthly_rate = {
        Product.PERSONAL_LOAN: (10e6, 150e6, (12, 24, 36), 0.012),
        Product.VEHICLE_FINANCING: (15e6, 35e6, (12, 24, 36), 0.015),
        Product.PAYLATER: (0.5e6, 10e6, (3, 6, 12), 0.025),
    }[product]
    principal = rupiah(rng.uniform(low, high), 100_000)
    tenor = rng.choice(tenors)
    return _Terms(principal, ZERO, rupiah(float(principal) * (1 + monthly_rate * tenor) / tenor), tenor)


def _first_due(rng: random.Random, bucket: str, dpd: int, unpaid: int, months: int, today: dt.date) -> dt.date:
    """The first due date of the schedule: the oldest unpaid one sits exactly ``dpd`` days ago."""
    if dpd > 0:
        first_unpaid_due = today - dt.timedelta(days=dpd)
        first_unpaid_due = first_unpaid_due.replace(day=min(first_unpaid_due.day, 28))
        return add_months(first_unpaid_due, -(months - unpaid))
    days_ahead = rng.randint(0, 7) if bucket == "pre_due" else rng.randint(8, 27)
    next_due = today + dt.timedelta(days=days_ahead)
    return add_months(next_due.replace(day=min(next_due.day, 28)), -months)


def make_account(
    rng: random.Random,
    pools: Pools,
    *,
    account_id: int,
    customer_id: int,
    bucket: str,
    today: dt.date,
    now: dt.datetime,
    ids: dict[str, int],
) -> AccountRows:
    """One account with a schedule consistent with its bucket: paid months, then the unpaid ones."""
    product = rng.choices([p for p, _ in PRODUCT_WEIGHTS], weights=[w for _, w in PRODUCT_WEIGHTS])[0]
    dpd = days_past_due_for(rng, bucket)
    terms = _terms(rng, product)
    unpaid = 0 if dpd == 0 else (dpd - 1) // 30 + 1
    history_months = max(rng.randint(6, 12), unpaid + 1)
    tenor = None if terms.tenor is None else max(terms.tenor, history_months + 1)
    installment = terms.installment
    installments: list[dict[str, Any]] = []
    payments: list[dict[str, Any]] = []
    first_due = due = _first_due(rng, bucket, dpd, unpaid, history_months, today)
    for seq in range(1, (tenor or history_months + 3) + 1):
        is_past = due < today  # an installment due today is not yet in arrears
        if not is_past and seq > history_months + 3:
            break
        row: dict[str, Any] = {
            "id": ids["installment"],
            "account_id": account_id,
            "seq": seq,
            "due_date": due,
            "amount_due": installment,
            "amount_paid": ZERO,
            "paid_on": None,
        }
        ids["installment"] += 1
        if is_past and seq <= history_months - unpaid:
            paid_on = min(due + dt.timedelta(days=rng.choice((-3, -2, -1, 0, 0, 1, 2, 5, 9))), today)
            row["amount_paid"] = installment
            row["paid_on"] = paid_on
            payments.append(_payment(rng, pools, ids, account_id, paid_on, installment, f"{account_id}-{seq}", now))
        elif is_past and unpaid and rng.random() < 0.12:
            part = rupiah(float(installment) * rng.uniform(0.2, 0.6))
            paid_on = min(due + dt.timedelta(days=rng.randint(3, 20)), today)
            row["amount_paid"] = part
            payments.append(_payment(rng, pools, ids, account_id, paid_on, part, f"{account_id}-{seq}p", now))
        installments.append(row)
        due = add_months(due, 1)

    arrears = sum((r["amount_due"] - r["amount_paid"] for r in installments if r["due_date"] < today), ZERO)
    if product is Product.CREDIT_CARD:
        outstanding = terms.balance + arrears
    else:
        outstanding = sum((r["amount_due"] - r["amount_paid"] for r in installments), ZERO)
        outstanding += installment * max(0, (tenor or 0) - len(installments))
    next_due_date = next((r["due_date"] for r in installments if r["due_date"] >= today), None)
    days_to_due = (next_due_date - today).days if next_due_date else None
    status = AccountStatus.DELINQUENT if dpd > 0 else AccountStatus.CURRENT
    if dpd > 180 and rng.random() < 0.1:
        status = AccountStatus.LEGAL
    number = f"{PRODUCT_PREFIX[product]}{7_000_000_000 + account_id * 7 % 3_000_000_000:010d}"
    account = {
        "id": account_id,
        "customer_id": customer_id,
        "account_number": number,
        "product": product,
        "product_name": PRODUCT_NAMES[product],
        "creditor": rng.choice(pools.creditors[product.value]),
        "currency": "IDR",
        "principal": terms.principal,
        "outstanding": outstanding,
        "arrears": arrears,
        "minimum_due": installment if product is Product.CREDIT_CARD else None,
        "installment_amount": installment,
        "days_past_due": dpd,
        "bucket": bucket_for(dpd, days_to_due),
        "next_due_date": next_due_date,
        "opened_on": add_months(first_due, -1),
        "status": status,
        "strategy_segment": SEGMENTS[bucket],
        "recalled_at": None,
        "created_at": now,
        "updated_at": now,
    }
    return AccountRows(account, installments, payments, _instructions(rng, pools, ids, account_id, number))


def _payment(
    rng: random.Random,
    pools: Pools,
    ids: dict[str, int],
    account_id: int,
    paid_on: dt.date,
    amount: Decimal,
    reference: str,
    now: dt.datetime,
) -> dict[str, Any]:
    moment = dt.datetime.combine(paid_on, dt.time(rng.randint(1, 14), rng.randint(0, 59)), tzinfo=dt.UTC)
    row = {
        "id": ids["payment"],
        "account_id": account_id,
        "kind": PaymentKind.PAYMENT,
        "paid_at": moment,
        "amount": amount,
        "channel": rng.choice(pools.channels),
        "reference": f"TRX{reference}",
        "reverses_payment_id": None,
        "source": "demo",
        "posted_at": min(moment + dt.timedelta(hours=2), now),
    }
    ids["payment"] += 1
    return row


def _instructions(
    rng: random.Random, pools: Pools, ids: dict[str, int], account_id: int, number: str
) -> list[dict[str, Any]]:
    digits = "".join(ch for ch in number if ch.isdigit())[-10:]
    rows = []
    for bank in rng.sample(pools.va_banks, 2):
        prefix = {"BCA": "3901", "Mandiri": "8870", "BNI": "9880", "BRI": "2626", "Permata": "8528"}[bank]
        rows.append((PaymentInstructionKind.VIRTUAL_ACCOUNT, bank, f"{prefix}{digits}{rng.randint(10, 99)}"))
    rows.append((PaymentInstructionKind.MINIMARKET_CODE, rng.choice(pools.minimarkets), f"77{digits}"))
    token = "".join(rng.choice("abcdefghjkmnpqrstuvwxyz23456789") for _ in range(10))
    rows.append((PaymentInstructionKind.PAYMENT_LINK, "link", f"{pools.link_base}{token}"))
    out = []
    for kind, provider, value in rows:
        out.append(
            {
                "id": ids["instruction"],
                "account_id": account_id,
                "kind": kind,
                "provider": provider,
                "value": value,
            }
        )
        ids["instruction"] += 1
    return out


def refresh_delinquency(rows: AccountRows, today: dt.date) -> None:
    """Recompute days past due, bucket and status after payments were applied to the schedule."""
    account = rows.account
    overdue = [r for r in rows.open_installments if r["due_date"] < today]
    dpd = (today - overdue[0]["due_date"]).days if overdue else 0
    account["days_past_due"] = dpd
    next_due = account["next_due_date"]
    account["bucket"] = bucket_for(dpd, (next_due - today).days if next_due else None)
    if dpd == 0 and account["status"] is AccountStatus.DELINQUENT:
        account["status"] = AccountStatus.CURRENT

"""Customer profiles built in memory (no database) for the script tests."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

from agent_desk.worklist.profile import AccountView, CustomerProfile, InstallmentView, InstructionView
from db.models import AccountStatus, Product

# Tuesday 24 November 2026, 09:30 WIB.
NOW = dt.datetime(2026, 11, 24, 2, 30, tzinfo=dt.UTC)


def account(
    *,
    number: str = "PL1234567890",
    days_past_due: int = 12,
    outstanding: str = "5000000",
    arrears: str = "1250000",
    creditor: str | None = "Bank Contoh",
    product_name: str | None = "KTA Contoh",
    status: AccountStatus = AccountStatus.DELINQUENT,
    instructions: tuple[InstructionView, ...] | None = None,
    installments: tuple[InstallmentView, ...] = (),
    next_due_date: dt.date | None = dt.date(2026, 12, 12),
) -> AccountView:
    if instructions is None:
        instructions = (
            InstructionView("virtual_account", "BCA", "390112345678"),
            InstructionView("minimarket_code", "Indomaret", "7712345678"),
            InstructionView("payment_link", "link", "https://pay.example/abc"),
        )
    return AccountView(
        id=1,
        account_number=number,
        product=Product.PERSONAL_LOAN,
        product_name=product_name,
        creditor=creditor,
        currency="IDR",
        principal=None,
        outstanding=Decimal(outstanding),
        arrears=Decimal(arrears),
        minimum_due=None,
        installment_amount=Decimal("625000"),
        days_past_due=days_past_due,
        bucket="dpd_1_30",
        next_due_date=next_due_date,
        status=status,
        updated_at=NOW,
        installments=installments,
        payments=(),
        instructions=instructions,
    )


def profile(
    *accounts: AccountView, name: str = "Siti Rahmawati", timezone: str | None = "Asia/Jakarta"
) -> CustomerProfile:
    return CustomerProfile(
        id=1,
        customer_number="C-1",
        full_name=name,
        national_id_masked=None,
        birth_date=None,
        language="id",
        address_line=None,
        city=None,
        province=None,
        timezone=timezone,
        employer=None,
        monthly_income=None,
        flags=(),
        contact_points=(),
        accounts=accounts or (account(),),
        interactions=(),
        promises=(),
        plans=(),
        consents=(),
        actions=(),
        assigned_user_id=None,
        assigned_team_id=None,
        lease_user_id=None,
        lease_until=None,
    )


def with_days(base: CustomerProfile, days: int) -> CustomerProfile:
    return dataclasses.replace(base, accounts=tuple(dataclasses.replace(a, days_past_due=days) for a in base.accounts))

"""Accounts (debts), how to pay them, their installments and the payments that posted."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.models.base import Base, enum_type
from db.models.enums import AccountStatus, PaymentInstructionKind, PaymentKind, Product

if TYPE_CHECKING:
    from db.models.customers import Customer


class Account(Base):
    """One debt of a customer: a card, a loan, a financing contract, a paylater line, an invoice."""

    __tablename__ = "accounts"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"))
    account_number: Mapped[str] = mapped_column(String(64), unique=True)
    product: Mapped[Product] = mapped_column(enum_type(Product))
    product_name: Mapped[str | None] = mapped_column(String(120))
    creditor: Mapped[str | None] = mapped_column(String(120))
    currency: Mapped[str] = mapped_column(String(3), default="IDR")
    principal: Mapped[Decimal | None]
    outstanding: Mapped[Decimal]
    arrears: Mapped[Decimal]
    minimum_due: Mapped[Decimal | None]
    installment_amount: Mapped[Decimal | None]
    days_past_due: Mapped[int] = mapped_column(default=0)
    bucket: Mapped[str] = mapped_column(String(16))
    next_due_date: Mapped[dt.date | None]
    opened_on: Mapped[dt.date | None]
    status: Mapped[AccountStatus] = mapped_column(enum_type(AccountStatus), index=True)
    strategy_segment: Mapped[str | None] = mapped_column(String(64))
    recalled_at: Mapped[dt.datetime | None]
    created_at: Mapped[dt.datetime]
    updated_at: Mapped[dt.datetime]
    # Kept by database triggers on installments (revision 0510), never written by the code: the due date of the
    # oldest installment not fully paid, and the latest day an installment was fully paid. With them the
    # account's days past due on any day since ``last_paid_on`` need no read of its schedule.
    first_unpaid_due: Mapped[dt.date | None]
    last_paid_on: Mapped[dt.date | None]

    customer: Mapped[Customer] = relationship(back_populates="accounts", lazy="raise")
    payment_instructions: Mapped[list[PaymentInstruction]] = relationship(back_populates="account", lazy="raise")
    installments: Mapped[list[Installment]] = relationship(back_populates="account", lazy="raise")
    payments: Mapped[list[Payment]] = relationship(back_populates="account", lazy="raise")


# A customer's accounts, lead account first (furthest past due, then the lowest id), with what reports read of
# them (agent_desk/reporting: the lead account's segment; cure and roll from the installment dates), so those
# reads never leave the index.
Index(
    "ix_accounts_customer_id_lead",
    Account.customer_id,
    Account.days_past_due.desc(),
    Account.id,
    Account.bucket,
    Account.product,
    Account.first_unpaid_due,
    Account.last_paid_on,
)


class PaymentInstruction(Base):
    """How the customer can pay: a virtual account at a bank, a minimarket code, or a payment link."""

    __tablename__ = "payment_instructions"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    kind: Mapped[PaymentInstructionKind] = mapped_column(enum_type(PaymentInstructionKind))
    provider: Mapped[str] = mapped_column(String(64))
    value: Mapped[str] = mapped_column(String(500))

    account: Mapped[Account] = relationship(back_populates="payment_instructions", lazy="raise")


class Installment(Base):
    """One scheduled amount due of an account (a loan installment or a card statement)."""

    __tablename__ = "installments"
    __table_args__ = (
        UniqueConstraint("account_id", "seq"),
        # Days past due on a given day (reports: cure and roll) read only this index.
        Index("ix_installments_account_id_due_date_paid_on", "account_id", "due_date", "paid_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    seq: Mapped[int]
    due_date: Mapped[dt.date]
    amount_due: Mapped[Decimal]
    amount_paid: Mapped[Decimal] = mapped_column(default=Decimal("0.00"))
    paid_on: Mapped[dt.date | None]

    account: Mapped[Account] = relationship(back_populates="installments", lazy="raise")


class Payment(Base):
    """Money that posted to an account, or the reversal of such a payment.

    A reversal is its own row (kind ``reversal``, negative amount) that points at the payment it undoes;
    rows are never edited or deleted, so history and promise judgements can always be replayed.
    """

    __tablename__ = "payments"
    __table_args__ = (
        UniqueConstraint("account_id", "reference", "kind"),
        Index("ix_payments_account_id_paid_at", "account_id", "paid_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    kind: Mapped[PaymentKind] = mapped_column(enum_type(PaymentKind), default=PaymentKind.PAYMENT)
    paid_at: Mapped[dt.datetime]
    amount: Mapped[Decimal]
    channel: Mapped[str | None] = mapped_column(String(64))
    reference: Mapped[str | None] = mapped_column(String(128))
    reverses_payment_id: Mapped[int | None] = mapped_column(ForeignKey("payments.id"))
    source: Mapped[str | None] = mapped_column(String(128))
    posted_at: Mapped[dt.datetime]

    account: Mapped[Account] = relationship(back_populates="payments", lazy="raise")

"""The fields a mapping can fill, with their kind of value and the limits of the column they land in."""

from __future__ import annotations

import dataclasses
import enum

from sqlalchemy import Column, String

from db.models import (
    Account,
    AccountStatus,
    ContactKind,
    ContactOwner,
    ContactPoint,
    Customer,
    Installment,
    Payment,
    PaymentInstruction,
    PaymentInstructionKind,
    PaymentKind,
    Product,
)

AUTO_KIND = "auto"  # a contact's kind read from the number itself: mobile or home line


class Kind(enum.StrEnum):
    TEXT = "text"
    NUMBER = "number"  # a plain number (an attribute): four decimals at most
    FLAG = "flag"  # true or false
    AMOUNT = "amount"
    INTEGER = "integer"
    DATE = "date"
    MOMENT = "moment"
    MONTH = "month"
    ZONE = "zone"
    CHOICE = "choice"
    CURRENCY = "currency"


@dataclasses.dataclass(frozen=True)
class FieldType:
    kind: Kind
    required: bool = False  # the mapping must map it (and, for keys, the cell must not be empty)
    max_length: int | None = None
    identifier: bool = False  # too long is an error rather than a cut with a warning
    choices: tuple[str, ...] = ()


def _length(column: object) -> int | None:
    assert isinstance(column, Column)
    return column.type.length if isinstance(column.type, String) else None


def text(column: object, *, required: bool = False, identifier: bool = False) -> FieldType:
    return FieldType(Kind.TEXT, required=required, max_length=_length(column), identifier=identifier)


def choice(values: type[enum.StrEnum], *extra: str, required: bool = False) -> FieldType:
    return FieldType(Kind.CHOICE, required=required, choices=tuple(m.value for m in values) + extra)


AMOUNT = FieldType(Kind.AMOUNT)
DATE = FieldType(Kind.DATE)

_c = Customer.__table__.c
CUSTOMER_FIELDS = {
    "customer_number": text(_c.customer_number, required=True, identifier=True),
    "full_name": text(_c.full_name, required=True),
    "national_id": text(_c.national_id),
    "birth_date": DATE,
    "language": text(_c.language),
    "address_line": text(_c.address_line),
    "city": text(_c.city),
    "province": text(_c.province),
    "postal_code": text(_c.postal_code),
    "country": text(_c.country),
    "timezone": FieldType(Kind.ZONE),
    "employer": text(_c.employer),
    "monthly_income": AMOUNT,
    "team": FieldType(Kind.TEXT, max_length=100),  # a team's name
    "agent": FieldType(Kind.TEXT, max_length=64),  # a user's login
}

_a = Account.__table__.c
ACCOUNT_FIELDS = {
    "account_number": text(_a.account_number, required=True, identifier=True),
    "product": choice(Product, required=True),
    "product_name": text(_a.product_name),
    "creditor": text(_a.creditor),
    "currency": FieldType(Kind.CURRENCY),
    "principal": AMOUNT,
    "credit_limit": AMOUNT,
    "outstanding": FieldType(Kind.AMOUNT, required=True),
    "arrears": AMOUNT,
    "minimum_due": AMOUNT,
    "installment_amount": AMOUNT,
    "days_past_due": FieldType(Kind.INTEGER),
    "next_due_date": DATE,
    "opened_on": DATE,
    "status": choice(AccountStatus),
    "strategy_segment": text(_a.strategy_segment),
    "as_of": DATE,  # the date the file's balances stand at (not stored; the base of months_back)
}

_cp = ContactPoint.__table__.c
CONTACT_FIELDS = {
    "value": text(_cp.raw_value, required=True),
    "kind": choice(ContactKind, AUTO_KIND),
    "owner": choice(ContactOwner),
    "owner_name": text(_cp.owner_name),
    "relationship": text(_cp.relationship_to_customer),
    "timezone": FieldType(Kind.ZONE),
}

_pi = PaymentInstruction.__table__.c
INSTRUCTION_FIELDS = {
    "kind": choice(PaymentInstructionKind, required=True),
    "provider": text(_pi.provider, required=True),
    "value": text(_pi.value, required=True),
}

# The kinds of value a customer attribute may hold (``[attributes]`` in a mapping), and their fields.
ATTRIBUTE_TYPES = {
    "text": FieldType(Kind.TEXT, max_length=255),
    "number": FieldType(Kind.NUMBER),
    "date": DATE,
    "flag": FieldType(Kind.FLAG),
}

INSTALLMENT_FIELDS = {
    "seq": FieldType(Kind.INTEGER),
    "due_date": DATE,
    "month": FieldType(Kind.MONTH),
    "months_back": FieldType(Kind.INTEGER),
    "due_day": FieldType(Kind.INTEGER),
    "amount_due": FieldType(Kind.AMOUNT, required=True),
    "amount_paid": AMOUNT,
    "paid_on": DATE,
    "status_code": FieldType(Kind.TEXT, max_length=16),  # the lender's repayment-status code of the statement
}
assert "seq" in Installment.__table__.c

_p = Payment.__table__.c
PAYMENT_FIELDS = {
    "amount": FieldType(Kind.AMOUNT, required=True),
    "paid_at": FieldType(Kind.MOMENT, required=True),
    "reference": text(_p.reference, identifier=True),
    "channel": text(_p.channel),
    "kind": choice(PaymentKind),
    "reverses": text(_p.reference, identifier=True),  # the reference of the payment a reversal undoes
}

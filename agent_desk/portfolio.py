"""Read-only views of the portfolio for screens and reports: plain dataclasses, never ORM objects."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from typing import Any, TypeVar

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from agent_desk.auth.guard import importing, unfinished_import_floors
from db.models import Account, ContactPoint, Customer, CustomerFlag, FlagKind, Role, Team, User


@dataclasses.dataclass(frozen=True)
class UserSummary:
    id: int
    login: str
    display_name: str
    role: Role
    team: str | None
    language: str


@dataclasses.dataclass(frozen=True)
class CustomerRow:
    """One line of a customer list."""

    customer_id: int
    customer_number: str
    full_name: str
    timezone: str | None
    products: tuple[str, ...]
    max_days_past_due: int
    arrears: Decimal
    outstanding: Decimal
    currency: str


@dataclasses.dataclass(frozen=True)
class AccountLine:
    account_id: int
    account_number: str
    product: str
    creditor: str | None
    currency: str
    outstanding: Decimal
    arrears: Decimal
    days_past_due: int
    bucket: str
    next_due_date: dt.date | None
    status: str


@dataclasses.dataclass(frozen=True)
class ContactLine:
    contact_point_id: int
    kind: str
    owner: str
    value: str
    e164: str | None
    dialable: bool
    relationship: str | None


@dataclasses.dataclass(frozen=True)
class CustomerBasics:
    customer_id: int
    customer_number: str
    full_name: str
    national_id: str | None
    city: str | None
    province: str | None
    timezone: str | None
    flags: tuple[FlagKind, ...]
    accounts: tuple[AccountLine, ...]
    contacts: tuple[ContactLine, ...]


def list_users(session: Session, *, active_only: bool = True) -> list[UserSummary]:
    query = select(User, Team.name).outerjoin(Team, User.team_id == Team.id).order_by(User.role, User.login)
    if active_only:
        query = query.where(User.active.is_(True))
    return [
        UserSummary(user.id, user.login, user.display_name, user.role, team_name, user.language)
        for user, team_name in session.execute(query)
    ]


def mask_national_id(value: str | None) -> str:
    """Show only the last four digits of a national id: ``************1234``."""
    if not value:
        return ""
    return "*" * max(0, len(value) - 4) + value[-4:]


def count_customers(session: Session, search: str = "") -> int:
    query = select(func.count()).select_from(Customer)
    query = _narrowed(session, query, search)
    return int(session.scalar(query) or 0)


def customer_rows(session: Session, *, offset: int, limit: int, search: str = "") -> list[CustomerRow]:
    """A page of customers in id order with their account totals (one query for the page's accounts)."""
    query = select(Customer.id, Customer.customer_number, Customer.full_name, Customer.timezone).order_by(Customer.id)
    query = _narrowed(session, query, search)
    customers = session.execute(query.offset(offset).limit(limit)).all()
    if not customers:
        return []
    ids = [row.id for row in customers]
    accounts = session.execute(
        select(
            Account.customer_id,
            Account.product,
            Account.days_past_due,
            Account.arrears,
            Account.outstanding,
            Account.currency,
        ).where(Account.customer_id.in_(ids))
    ).all()
    by_customer: dict[int, list[tuple[str, int, Decimal, Decimal, str]]] = {}
    for account in accounts:
        by_customer.setdefault(account.customer_id, []).append(
            (
                account.product.value,
                account.days_past_due,
                account.arrears,
                account.outstanding,
                account.currency,
            )
        )
    rows = []
    for customer in customers:
        lines = by_customer.get(customer.id, [])
        rows.append(
            CustomerRow(
                customer_id=customer.id,
                customer_number=customer.customer_number,
                full_name=customer.full_name,
                timezone=customer.timezone,
                products=tuple(sorted({line[0] for line in lines})),
                max_days_past_due=max((line[1] for line in lines), default=0),
                arrears=sum((line[2] for line in lines), Decimal("0.00")),
                outstanding=sum((line[3] for line in lines), Decimal("0.00")),
                currency=lines[0][4] if lines else "IDR",
            )
        )
    return rows


def customer_basics(session: Session, customer_id: int) -> CustomerBasics | None:
    customer = session.get(Customer, customer_id)
    if customer is None:
        return None
    accounts = session.scalars(select(Account).where(Account.customer_id == customer_id).order_by(Account.id))
    contacts = session.scalars(
        select(ContactPoint).where(ContactPoint.customer_id == customer_id).order_by(ContactPoint.id)
    )
    flags = session.scalars(
        select(CustomerFlag.kind).where(CustomerFlag.customer_id == customer_id, CustomerFlag.cleared_at.is_(None))
    )
    return CustomerBasics(
        customer_id=customer.id,
        customer_number=customer.customer_number,
        full_name=customer.full_name,
        national_id=customer.national_id,
        city=customer.city,
        province=customer.province,
        timezone=customer.timezone,
        flags=tuple(sorted(set(flags))),
        accounts=tuple(
            AccountLine(
                a.id,
                a.account_number,
                a.product.value,
                a.creditor,
                a.currency,
                a.outstanding,
                a.arrears,
                a.days_past_due,
                a.bucket,
                a.next_due_date,
                a.status.value,
            )
            for a in accounts
        ),
        contacts=tuple(
            ContactLine(c.id, c.kind.value, c.owner.value, c.raw_value, c.e164, c.dialable, c.relationship_to_customer)
            for c in contacts
        ),
    )


_Query = TypeVar("_Query", bound=Select[*tuple[Any, ...]])


def _narrowed(session: Session, query: _Query, search: str) -> _Query:
    """``query`` narrowed to names or customer numbers containing ``search``, and never to the customers of an
    import still being applied (it may take them back out)."""
    if search.strip():
        pattern = f"%{search.strip()}%"
        query = query.where(or_(Customer.full_name.ilike(pattern), Customer.customer_number.ilike(pattern)))
    floors = unfinished_import_floors(session)
    return query if floors is None else query.where(~importing(floors, Customer.id))

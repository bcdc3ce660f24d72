"""Who is calling: an inbound number looked up among the customers' contact points (by E.164)."""

from __future__ import annotations

from collections.abc import Callable

import phonenumbers
from sqlalchemy import case, select
from sqlalchemy.orm import Session

from agent_desk.auth.guard import importing, unfinished_import_floors
from agent_desk.softphone.events import CallerMatch
from db.models import ContactOwner, ContactPoint, Customer


def to_e164(number: str, region: str = "ID") -> str | None:
    """``0812…``, ``62812…`` or ``+62 812…`` → ``+62812…``; None when it is no valid phone number."""
    try:
        parsed = phonenumbers.parse(number, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(parsed):
        return None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def find_caller(session: Session, number: str, region: str = "ID") -> CallerMatch | None:
    """The customer whose contact point has this number; their own number wins over a relative's.

    Returns None when the number is not a valid phone number or nobody has it.
    """
    e164 = to_e164(number, region)
    if e164 is None:
        return None
    own_first = case((ContactPoint.owner == ContactOwner.SELF, 0), else_=1)
    query = select(ContactPoint.id, Customer.id, Customer.full_name).join(
        Customer, Customer.id == ContactPoint.customer_id
    )
    floors = unfinished_import_floors(session)
    if floors is not None:  # an import's customers are not there until it is done (it may be taken back out)
        query = query.where(~importing(floors, Customer.id))
    row = session.execute(
        query.where(ContactPoint.e164 == e164)
        .order_by(own_first, ContactPoint.is_primary.desc(), ContactPoint.id)
        .limit(1)
    ).first()
    if row is None:
        return None
    contact_point_id, customer_id, name = row
    return CallerMatch(customer_id=customer_id, customer_name=name, contact_point_id=contact_point_id)


def caller_directory(session_factory: Callable[[], Session], region: str = "ID") -> Callable[[str], CallerMatch | None]:
    """A lookup function for :class:`Softphone` (``caller_lookup=``): one short session per inbound call."""

    def lookup(number: str) -> CallerMatch | None:
        with session_factory() as session:
            return find_caller(session, number, region)

    return lookup

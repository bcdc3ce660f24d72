"""What the outbox needs to know about customers, read in a few set-based queries.

:func:`load_contacts` reads, for many customers at once, where they can be written to (the cadence chooses a
channel for thousands of customers per pass). :func:`load_send_facts` reads, for one customer right before a
message goes, everything the rules decide on — through the worklist's own loader, so calls and messages are
judged on the same facts.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from typing import Any, cast
from zoneinfo import ZoneInfo

from sqlalchemy import String, Table, select, type_coerce
from sqlalchemy.orm import Session

from agent_desk.compliance import Attempt, ContactHistory, DebtFacts, PartyFacts, Policy
from agent_desk.compliance.policy import valid_zone
from agent_desk.outbox.recipients import PointFacts
from agent_desk.worklist.dues import due_accounts
from agent_desk.worklist.facts import load_facts
from agent_desk.worklist.settings import WorklistSettings
from db.models import Consent as ConsentRow
from db.models import (
    ConsentKind,
    ContactKind,
    ContactOwner,
    ContactPoint,
    Customer,
    CustomerFlag,
    FlagKind,
    WorklistEntry,
)

CHUNK = 5_000
MESSAGE_KINDS = (ContactKind.MOBILE, ContactKind.WHATSAPP, ContactKind.EMAIL)
_KINDS = {kind.value: kind for kind in ContactKind}
_OWNERS = {owner.value: owner for owner in ContactOwner}


def _table(model: Any) -> Table:
    return cast(Table, model.__table__)


_C = _table(Customer).c
_P = _table(ContactPoint).c
_F = _table(CustomerFlag).c
_K = _table(ConsentRow).c
_E = _table(WorklistEntry).c


@dataclasses.dataclass(frozen=True)
class CustomerContacts:
    """Where one customer can be written to. ``zone`` is None when unknown; ``local_zone`` is always set."""

    customer_id: int
    zone: str | None
    local_zone: str
    language: str
    flags: frozenset[FlagKind]
    points: tuple[PointFacts, ...]
    whatsapp_consent: bool

    def point(self, point_id: int | None) -> PointFacts | None:
        return next((point for point in self.points if point.id == point_id), None)


def load_contacts(
    session: Session, customer_ids: Sequence[int], now: dt.datetime, policy: Policy, *, validity: bool = True
) -> dict[int, CustomerContacts]:
    """The contacts of ``customer_ids`` as of ``now`` (active flags and consents only).

    ``validity=False`` leaves out the points' validity dates and zone overrides (the cadence, which only chooses a
    channel, reads a hundred thousand customers; the dates are checked when the message goes). Kinds and owners
    are read as plain text and the "taken out of use" moment as a yes/no: converting every value to its Python type
    costs more than the query itself.
    """
    result: dict[int, CustomerContacts] = {}
    connection = session.connection()
    ids = sorted(set(customer_ids))
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        customers = connection.execute(
            select(_C.id, _C.timezone, _C.province, _C.language).where(_C.id.in_(chunk))
        ).all()
        flags: dict[int, set[FlagKind]] = defaultdict(set)
        point_flags: dict[int, set[FlagKind]] = defaultdict(set)
        for customer_id, point_id, kind in connection.execute(
            select(_F.customer_id, _F.contact_point_id, _F.kind).where(
                _F.customer_id.in_(chunk), _F.cleared_at.is_(None)
            )
        ):
            (point_flags[point_id] if point_id is not None else flags[customer_id]).add(FlagKind(kind))
        points: dict[int, list[PointFacts]] = defaultdict(list)
        columns = [
            _P.customer_id,
            _P.id,
            type_coerce(_P.kind, String()).label("kind"),
            type_coerce(_P.owner, String()).label("owner"),
            _P.e164,
            _P.raw_value,
            _P.invalidated_at.is_not(None).label("invalidated"),
            _P.verified_count,
            _P.is_primary,
        ]
        if validity:
            columns += [_P.timezone_override, _P.valid_from, _P.valid_until]
        for row in connection.execute(
            # No ORDER BY: SQLite would then walk the whole table in id order instead of the customer_id index.
            select(*columns).where(_P.customer_id.in_(chunk), _P.kind.in_(MESSAGE_KINDS))
        ):
            kind = _KINDS[row.kind]
            points[row.customer_id].append(
                PointFacts(
                    id=row.id,
                    kind=kind,
                    owner=_OWNERS[row.owner],
                    address=row.raw_value.strip() if kind is ContactKind.EMAIL else row.e164,
                    invalidated=bool(row.invalidated),
                    verified_count=int(row.verified_count or 0),
                    is_primary=bool(row.is_primary),
                    flags=frozenset(point_flags.get(row.id, ())),
                    zone_override=row.timezone_override if validity else None,
                    valid_from=row.valid_from if validity else None,
                    valid_until=row.valid_until if validity else None,
                )
            )
        consenting = {
            customer_id
            for customer_id, granted_at, expires_at, revoked_at in connection.execute(
                select(_K.customer_id, _K.granted_at, _K.expires_at, _K.revoked_at).where(
                    _K.customer_id.in_(chunk), _K.kind == ConsentKind.WHATSAPP_CONTACT
                )
            )
            if granted_at <= now and all(end is None or end > now for end in (expires_at, revoked_at))
        }
        for customer in customers:
            zone = valid_zone(customer.timezone) or policy.zone_for_province(customer.province)
            result[customer.id] = CustomerContacts(
                customer_id=customer.id,
                zone=zone,
                local_zone=zone or policy.zones[0],
                language=str(customer.language or "id"),
                flags=frozenset(flags.get(customer.id, ())),
                points=tuple(points.get(customer.id, ())),
                whatsapp_consent=customer.id in consenting,
            )
    return result


@dataclasses.dataclass(frozen=True)
class SendFacts:
    """Everything the gate decides one message on."""

    contacts: CustomerContacts
    party: PartyFacts
    debts: tuple[DebtFacts, ...]
    history: ContactHistory
    lease_user_id: int | None
    lease_until: dt.datetime | None


def load_send_facts(
    session: Session,
    customer_id: int,
    now: dt.datetime,
    settings: WorklistSettings,
    *,
    own_attempt: tuple[dt.datetime, int | None] | None = None,
) -> SendFacts | None:
    """The facts for a message to ``customer_id`` at ``now``; ``own_attempt`` (the message's own interaction,
    when it has one already) is left out of the history so that a message never counts against itself."""
    policy = settings.policy
    contacts = load_contacts(session, [customer_id], now, policy).get(customer_id)
    if contacts is None:
        return None
    facts = load_facts(session, [customer_id], now, history_days=8)[customer_id]
    calls = list(facts.calls)
    if own_attempt is not None:
        mine = next((c for c in calls if c.at == own_attempt[0] and c.contact_point_id == own_attempt[1]), None)
        if mine is not None:
            calls.remove(mine)
    today = now.astimezone(ZoneInfo(contacts.local_zone)).date()
    debts = tuple(
        DebtFacts(item.account.id, item.account.account_number) for item in due_accounts(facts, settings, today)
    )
    lease = session.execute(select(_E.lease_user_id, _E.lease_until).where(_E.customer_id == customer_id)).first()
    return SendFacts(
        contacts=contacts,
        party=PartyFacts(customer_id, contacts.zone, facts.flags | contacts.flags, facts.consents),
        debts=debts,
        history=ContactHistory(
            tuple(Attempt(call.at, call.contact_point_id, call.owner) for call in calls), facts.conversations
        ),
        lease_user_id=lease.lease_user_id if lease else None,
        lease_until=lease.lease_until if lease else None,
    )

"""What hangs off a customer: contact points, the *no contact point* flag and typed attributes.

Called by :class:`~agent_desk.importer.writer.PortfolioWriter` inside the caller's transaction, a batch at a time.
Contact points are keyed by the number in E.164 (or its text when invalid) per customer; attributes by
(customer, name); the flag is one active row per customer.
"""

from __future__ import annotations

import collections
import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, delete, func, insert, select

from agent_desk.importer.records import ContactData, Record
from agent_desk.importer.tables import ATTRIBUTES, CONTACTS, FLAGS, in_, update_many
from db.models import ContactKind, ContactOwner, FlagKind

ATTRIBUTE_KINDS = ("text", "number", "date", "flag")
_VALUE_COLUMN = {"text": "text_value", "number": "number_value", "date": "date_value", "flag": "flag_value"}
# What a sync may change on a number already on record (never its counts or what an agent found).
_CONTACT_UPDATES = (
    ("kind", "kind"),
    ("owner", "owner"),
    ("owner_name", "owner_name"),
    ("relationship", "relationship_to_customer"),
    ("timezone", "timezone_override"),
)


def raw_key(raw: str) -> str:
    return "".join(ch for ch in raw.casefold() if not ch.isspace() and ch not in "-().")


def _contact_row(customer_id: int, contact: ContactData, primary: bool, now: dt.datetime) -> dict[str, Any]:
    return {
        "customer_id": customer_id,
        "kind": contact.kind,
        "owner": contact.owner,
        "owner_name": contact.owner_name,
        "relationship_to_customer": contact.relationship,
        "raw_value": contact.raw_value,
        "e164": contact.e164,
        "dialable": contact.e164 is not None,
        "invalid_reason": contact.invalid_reason,
        "is_primary": primary,
        "timezone_override": contact.timezone,
        "invalidated_at": None if contact.active else now,
        "verified_count": 0,
        "wrong_number_count": 0,
        "preferred_hours": [],
        "created_at": now,
    }


def write_contacts(
    connection: Connection,
    records: Sequence[Record],
    customer_ids: dict[str, int],
    counts: collections.Counter[str],
    *,
    now: dt.datetime,
    update_known: bool = False,
) -> None:
    """Add the numbers not on record. With ``update_known`` (a sync) a known number also takes the given details,
    and one given as no longer active is invalidated; a number an agent invalidated is never made active again."""
    ids = {customer_ids[record.customer_number] for record in records if record.customer_number and record.contacts}
    known: dict[int, dict[str, dict[str, Any]]] = collections.defaultdict(dict)
    has_primary: set[int] = set()
    for found in connection.execute(select(CONTACTS).where(in_(CONTACTS.c.customer_id, ids))):
        known[found.customer_id][found.e164 or raw_key(found.raw_value)] = dict(found._mapping)
        if found.is_primary:
            has_primary.add(found.customer_id)
    new_rows: list[dict[str, Any]] = []
    updates: dict[int, dict[str, Any]] = {}
    for record in records:
        if not record.contacts or record.customer_number is None:
            continue
        customer_id = customer_ids[record.customer_number]
        for contact in record.contacts:
            current = known[customer_id].get(contact.key)
            if current is None:
                primary = contact.usable and contact.active and customer_id not in has_primary
                if primary:
                    has_primary.add(customer_id)
                row = _contact_row(customer_id, contact, primary, now)
                known[customer_id][contact.key] = row
                new_rows.append(row)
            elif update_known and "id" in current:
                changed = _contact_changes(current, contact, now)
                if changed:
                    current.update(changed)
                    updates.setdefault(current["id"], {"_id": current["id"]}).update(changed)
    if new_rows:
        connection.execute(insert(CONTACTS), new_rows)
    update_many(connection, CONTACTS, list(updates.values()))
    counts["contact_points_new"] += len(new_rows)
    counts["contact_points_updated"] += len(updates)


def _contact_changes(current: dict[str, Any], contact: ContactData, now: dt.datetime) -> dict[str, Any]:
    changed = {
        column: getattr(contact, attribute)
        for attribute, column in _CONTACT_UPDATES
        if (contact.given is None or attribute in contact.given) and current[column] != getattr(contact, attribute)
    }
    if not contact.active and current["invalidated_at"] is None:
        changed["invalidated_at"] = now
        if current["is_primary"]:
            changed["is_primary"] = False
    return changed


def write_flags(
    connection: Connection, customer_ids: set[int], counts: collections.Counter[str], *, now: dt.datetime
) -> None:
    """Flag customers with no usable number of their own; clear the flag once they have one."""
    if not customer_ids:
        return
    usable = set(
        connection.scalars(
            select(CONTACTS.c.customer_id)
            .where(
                in_(CONTACTS.c.customer_id, customer_ids),
                CONTACTS.c.dialable.is_(True),
                CONTACTS.c.invalidated_at.is_(None),
                CONTACTS.c.owner == ContactOwner.SELF,
                CONTACTS.c.kind != ContactKind.EMAIL,
            )
            .distinct()
        )
    )
    flagged = dict(
        connection.execute(
            select(FLAGS.c.customer_id, func.min(FLAGS.c.id))
            .where(
                in_(FLAGS.c.customer_id, customer_ids),
                FLAGS.c.kind == FlagKind.NO_CONTACT_POINT,
                FLAGS.c.cleared_at.is_(None),
                FLAGS.c.contact_point_id.is_(None),
            )
            .group_by(FLAGS.c.customer_id)
        ).all()
    )
    to_flag = [
        {
            "customer_id": customer_id,
            "contact_point_id": None,
            "kind": FlagKind.NO_CONTACT_POINT,
            "note": None,
            "set_at": now,
            "set_by_user_id": None,
        }
        for customer_id in sorted(customer_ids - usable - set(flagged))
    ]
    if to_flag:
        connection.execute(insert(FLAGS), to_flag)
    to_clear = [{"_id": flagged[customer_id], "cleared_at": now} for customer_id in usable & set(flagged)]
    update_many(connection, FLAGS, to_clear)
    counts["flags_set"] += len(to_flag)
    counts["flags_cleared"] += len(to_clear)


def write_attributes(
    connection: Connection,
    records: Sequence[Record],
    customer_ids: dict[str, int],
    counts: collections.Counter[str],
    *,
    now: dt.datetime,
) -> None:
    """Attributes keyed by (customer, name): a changed value is updated, a removed one deleted, a new one added.

    Within a batch the last record of a customer wins, as for the customer's other details."""
    wanted: dict[tuple[int, str], tuple[str, Any]] = {}
    for record in records:
        if record.attributes is None or record.customer_number is None:
            continue
        customer_id = customer_ids[record.customer_number]
        for name, kind_value in record.attributes.items():
            wanted[(customer_id, name)] = kind_value
    if not wanted:
        return
    known: dict[tuple[int, str], dict[str, Any]] = {}
    for row in connection.execute(
        select(ATTRIBUTES).where(in_(ATTRIBUTES.c.customer_id, {customer_id for customer_id, _ in wanted}))
    ):
        known[(row.customer_id, row.name)] = dict(row._mapping)
    new_rows = []
    updates = []
    removed = []
    for (customer_id, name), (kind, value) in wanted.items():
        current = known.get((customer_id, name))
        if value is None:
            if current is not None:
                removed.append(current["id"])
            continue
        values: dict[str, Any] = {"kind": kind, **dict.fromkeys(_VALUE_COLUMN.values()), _VALUE_COLUMN[kind]: value}
        if current is None:
            new_rows.append({"customer_id": customer_id, "name": name, **values, "updated_at": now})
            continue
        changed = {key: item for key, item in values.items() if current[key] != item}
        if changed:
            updates.append({"_id": current["id"], **changed, "updated_at": now})
    if new_rows:
        connection.execute(insert(ATTRIBUTES), new_rows)
    update_many(connection, ATTRIBUTES, updates)
    if removed:
        connection.execute(delete(ATTRIBUTES).where(in_(ATTRIBUTES.c.id, removed)))
    counts["attributes_new"] += len(new_rows)
    counts["attributes_updated"] += len(updates) + len(removed)

"""What hangs off a customer: contact points, the *no contact point* flag and typed attributes, from staged records.

Called by :class:`~agent_desk.importer.writer.PortfolioWriter`, a batch at a time. Contact points are keyed by the
number in E.164 (or its text when invalid) per customer; attributes by (customer, name); the flag is one active
row per customer.
"""

from __future__ import annotations

import collections
from collections.abc import Sequence

from agent_desk.importer.bulk import Bulk, Change, Row
from agent_desk.importer.stage import Staged
from agent_desk.importer.tables import ATTRIBUTES, CONTACTS, FLAGS
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
_KNOWN_COLUMNS = (
    "id",
    "customer_id",
    "e164",
    "raw_value",
    "is_primary",
    "invalidated_at",
    *(column for _, column in _CONTACT_UPDATES),
)


def raw_key(raw: str) -> str:
    return "".join(ch for ch in raw.casefold() if not ch.isspace() and ch not in "-().")


def _contact_row(customer_id: int, contact: Staged, primary: bool, now: str | None) -> Row:
    return {
        "customer_id": customer_id,
        "kind": contact["kind"],
        "owner": contact["owner"],
        "owner_name": contact["owner_name"],
        "relationship_to_customer": contact["relationship"],
        "raw_value": contact["raw_value"],
        "e164": contact["e164"],
        "dialable": int(contact["e164"] is not None),
        "invalid_reason": contact["invalid_reason"],
        "is_primary": int(primary),
        "timezone_override": contact["timezone"],
        "invalidated_at": None if contact["active"] else now,
        "verified_count": 0,
        "wrong_number_count": 0,
        "preferred_hours": "[]",
        "created_at": now,
    }


def write_contacts(
    bulk: Bulk,
    records: Sequence[Staged],
    customer_ids: dict[str, int],
    counts: collections.Counter[str],
    *,
    now: str | None,
    update_known: bool = False,
) -> None:
    """Add the numbers not on record. With ``update_known`` (a sync) a known number also takes the given details,
    and one given as no longer active is invalidated; a number an agent invalidated is never made active again."""
    with_some = [record for record in records if record["customer_number"] and record["contacts"]]
    known: dict[int, dict[str, Row]] = collections.defaultdict(dict)
    has_primary: set[int] = set()
    for found in bulk.select(
        CONTACTS, _KNOWN_COLUMNS, "customer_id", {customer_ids[r["customer_number"]] for r in with_some}
    ):
        known[found["customer_id"]][found["e164"] or raw_key(found["raw_value"])] = found
        if found["is_primary"]:
            has_primary.add(found["customer_id"])
    new_rows: list[Row] = []
    updates: dict[int, tuple[Row, Row]] = {}
    for record in with_some:
        customer_id = customer_ids[record["customer_number"]]
        for contact in record["contacts"]:
            current = known[customer_id].get(contact["key"])
            if current is None:
                primary = contact["usable"] and contact["active"] and customer_id not in has_primary
                if primary:
                    has_primary.add(customer_id)
                row = _contact_row(customer_id, contact, primary, now)
                known[customer_id][contact["key"]] = row
                new_rows.append(row)
            elif update_known and "id" in current:
                changed = _contact_changes(current, contact, now)
                if changed:
                    new, old = updates.setdefault(current["id"], ({}, {}))
                    old.update({key: current[key] for key in changed if key not in old})
                    new.update(changed)
                    current.update(changed)
    for row, new_id in zip(new_rows, bulk.new_ids(CONTACTS, len(new_rows)), strict=True):
        row["id"] = new_id
    bulk.insert(CONTACTS, new_rows)
    bulk.update(CONTACTS, [(row_id, new, old) for row_id, (new, old) in updates.items()])
    counts["contact_points_new"] += len(new_rows)
    counts["contact_points_updated"] += len(updates)


def _contact_changes(current: Row, contact: Staged, now: str | None) -> Row:
    given = contact["given"]
    changed = {
        column: contact[attribute]
        for attribute, column in _CONTACT_UPDATES
        if (given is None or attribute in given) and current[column] != contact[attribute]
    }
    if not contact["active"] and current["invalidated_at"] is None:
        changed["invalidated_at"] = now
        if current["is_primary"]:
            changed["is_primary"] = 0
    return changed


def write_flags(
    bulk: Bulk, customer_ids: set[int], counts: collections.Counter[str], *, now: str | None
) -> tuple[set[int], set[int]]:
    """Flag customers with no usable number of their own; clear the flag once they have one. Returns the customers
    flagged and those cleared."""
    if not customer_ids:
        return set(), set()
    usable: set[int] = set()
    flagged: dict[int, int] = {}
    for ids, parameters in bulk.pages(sorted(customer_ids)):
        usable.update(
            row[0]
            for row in bulk.query(
                f"SELECT DISTINCT customer_id FROM contact_points WHERE customer_id {ids} "
                "AND dialable = ? AND invalidated_at IS NULL AND owner = ? AND kind != ?",
                (*parameters, True if bulk.postgresql else 1, ContactOwner.SELF.value, ContactKind.EMAIL.value),
            )
        )
        flagged.update(
            (row[0], row[1])
            for row in bulk.query(
                f"SELECT customer_id, min(id) FROM customer_flags WHERE customer_id {ids} "
                "AND kind = ? AND cleared_at IS NULL AND contact_point_id IS NULL GROUP BY customer_id",
                (*parameters, FlagKind.NO_CONTACT_POINT.value),
            )
        )
    to_flag: list[Row] = [
        {
            "customer_id": customer_id,
            "contact_point_id": None,
            "kind": FlagKind.NO_CONTACT_POINT.value,
            "note": None,
            "set_at": now,
            "set_by_user_id": None,
            "cleared_at": None,
            "cleared_by_user_id": None,
        }
        for customer_id in sorted(customer_ids - usable - set(flagged))
    ]
    for row, new_id in zip(to_flag, bulk.new_ids(FLAGS, len(to_flag)), strict=True):
        row["id"] = new_id
    bulk.insert(FLAGS, to_flag)
    to_clear: list[Change] = [
        (flagged[customer_id], {"cleared_at": now}, {"cleared_at": None}) for customer_id in usable & set(flagged)
    ]
    bulk.update(FLAGS, to_clear)
    counts["flags_set"] += len(to_flag)
    counts["flags_cleared"] += len(to_clear)
    return {int(row["customer_id"]) for row in to_flag}, usable & set(flagged)


def write_attributes(
    bulk: Bulk,
    records: Sequence[Staged],
    customer_ids: dict[str, int],
    counts: collections.Counter[str],
    *,
    now: str | None,
) -> None:
    """Attributes keyed by (customer, name): a changed value is updated, a removed one deleted, a new one added.

    Within a batch the last record of a customer wins, as for the customer's other details."""
    wanted: dict[tuple[int, str], tuple[str, object]] = {}
    for record in records:
        if record["attributes"] is None or record["customer_number"] is None:
            continue
        customer_id = customer_ids[record["customer_number"]]
        for name, (kind, value) in record["attributes"].items():
            wanted[(customer_id, name)] = (kind, value)
    if not wanted:
        return
    columns = ("id", "customer_id", "name", "kind", *_VALUE_COLUMN.values(), "updated_at")
    known = {
        (row["customer_id"], row["name"]): row
        for row in bulk.select(ATTRIBUTES, columns, "customer_id", {customer_id for customer_id, _ in wanted})
    }
    new_rows: list[Row] = []
    updates: list[Change] = []
    removed: list[Row] = []
    for (customer_id, name), (kind, value) in wanted.items():
        current = known.get((customer_id, name))
        if value is None:
            if current is not None:
                removed.append(current)
            continue
        values: Row = {"kind": kind, **dict.fromkeys(_VALUE_COLUMN.values()), _VALUE_COLUMN[kind]: value}
        if current is None:
            new_rows.append({"customer_id": customer_id, "name": name, **values, "updated_at": now})
            continue
        changed = {key: item for key, item in values.items() if current[key] != item}
        if changed:
            old = {key: current[key] for key in (*changed, "updated_at")}
            updates.append((current["id"], {**changed, "updated_at": now}, old))
    for row, new_id in zip(new_rows, bulk.new_ids(ATTRIBUTES, len(new_rows)), strict=True):
        row["id"] = new_id
    bulk.insert(ATTRIBUTES, new_rows)
    bulk.update(ATTRIBUTES, updates)
    bulk.delete(ATTRIBUTES, removed)
    counts["attributes_new"] += len(new_rows)
    counts["attributes_updated"] += len(updates) + len(removed)

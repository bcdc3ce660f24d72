"""Checked records into the database, a batch at a time, inside the caller's one transaction.

Everything is an upsert keyed by the file's own identifiers — customer number, account number, (account, period)
for bills, (account, reference, kind) for payments, the number itself for contact points — and a row is only
written when a value differs, so importing the same file again changes nothing (not even ``updated_at``).
Only the fields the mapping maps are written over existing rows; everything the desk keeps itself (a number
marked wrong, a plan's status, assignments the file does not give) stays as it is.
"""

from __future__ import annotations

import collections
import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, func, insert, select

from agent_desk.delinquency import bucket_for
from agent_desk.importer.fields import ACCOUNT_FIELDS
from agent_desk.importer.history import write_installments, write_instructions, write_payments
from agent_desk.importer.issues import Issue, Severity, issue
from agent_desk.importer.records import ZERO, Record
from agent_desk.importer.tables import ACCOUNTS, CONTACTS, CUSTOMERS, FLAGS, in_, update_many
from agent_desk.importer.transform import derived_status
from db.models import (
    AccountStatus,
    ContactKind,
    ContactOwner,
    FlagKind,
    Team,
    User,
)

# Statuses the desk itself sets (a plan, legal action, settlement): a file that does not map a status leaves them.
FILE_DRIVEN_STATUSES = (AccountStatus.CURRENT, AccountStatus.DELINQUENT, AccountStatus.RECALLED)
_NULLABLE = {column.name for column in CUSTOMERS.columns if column.nullable}
_ACCOUNT_COLUMNS = [name for name in ACCOUNT_FIELDS if name not in ("account_number", "as_of")]


class PortfolioWriter:
    """Writes batches of records; counts what it did in :attr:`counts`."""

    def __init__(
        self,
        connection: Connection,
        *,
        now: dt.datetime,
        today: dt.date,
        currency: str,
        language: str,
        country: str,
        source_label: str,
    ) -> None:
        self.connection = connection
        self.now = now
        self.today = today
        self.currency = currency
        self.language = language
        self.country = country
        self.source_label = source_label[:128]
        self.counts: collections.Counter[str] = collections.Counter()
        self.kept_rows: dict[str, int] = {}  # customers described differently on several rows → the row kept
        self.teams = {name.casefold(): id_ for id_, name in connection.execute(select(Team.id, Team.name))}
        self.users = {login.casefold(): id_ for id_, login in connection.execute(select(User.id, User.login))}

    def write(self, records: Sequence[Record]) -> list[Issue]:
        """Write one batch of good records; returns warnings found on the way (unknown team, payment conflicts)."""
        warnings: list[Issue] = []
        customer_ids = self._customers(records, warnings)
        account_ids = self._accounts(records, customer_ids)
        self._contacts(records, customer_ids)
        self._flags(set(customer_ids.values()))
        write_instructions(self.connection, records, account_ids, self.counts)
        write_installments(self.connection, records, account_ids, self.counts)
        self._payments(records, account_ids, warnings)
        return warnings

    def _payments(self, records: Sequence[Record], account_ids: dict[str, int], warnings: list[Issue]) -> None:
        write_payments(
            self.connection, records, account_ids, self.counts, warnings, now=self.now, source=self.source_label
        )

    def write_payments(self, records: Sequence[Record]) -> list[Issue]:
        """A payment file: payments of accounts already on record."""
        warnings: list[Issue] = []
        numbers = {record.account_number for record in records if record.account_number}
        account_ids = dict(
            self.connection.execute(
                select(ACCOUNTS.c.account_number, ACCOUNTS.c.id).where(in_(ACCOUNTS.c.account_number, numbers))
            ).all()
        )
        self._payments(records, account_ids, warnings)
        return warnings

    # -- customers and accounts --------------------------------------------------------------------------------

    def _customer_values(self, record: Record, warnings: list[Issue]) -> dict[str, Any]:
        values = {key: value for key, value in record.customer.items() if value is not None or key in _NULLABLE}
        for attribute, names, column, code in (
            ("team", self.teams, "assigned_team_id", "import.row.unknown_team"),
            ("agent", self.users, "assigned_user_id", "import.row.unknown_agent"),
        ):
            name = getattr(record, attribute)
            if name is None:
                continue
            found = names.get(name.casefold())
            if found is None:
                warnings.append(issue(record.row, attribute, name, Severity.WARNING, code))
            else:
                values[column] = found
        return values

    def _customers(self, records: Sequence[Record], warnings: list[Issue]) -> dict[str, int]:
        wanted: dict[str, dict[str, Any]] = {}
        first_seen: dict[str, dict[str, Any]] = {}  # for a customer whose kept row comes later in the file
        for record in records:
            number = record.customer_number
            assert number is not None
            values = self._customer_values(record, warnings)
            kept_row = self.kept_rows.get(number)
            if kept_row is None or kept_row == record.row:
                wanted[number] = values  # within a batch the last row wins, like across the file
            else:
                first_seen.setdefault(number, values)
        numbers = set(wanted) | set(first_seen)
        columns = sorted({key for values in (*wanted.values(), *first_seen.values()) for key in values})
        existing = {
            row.customer_number: row
            for row in self.connection.execute(
                select(CUSTOMERS.c.id, CUSTOMERS.c.customer_number, *(CUSTOMERS.c[name] for name in columns)).where(
                    in_(CUSTOMERS.c.customer_number, numbers)
                )
            )
        }
        updates = []
        new_rows = []
        for number in sorted(numbers):
            row = existing.get(number)
            if row is None:
                values = wanted.get(number) or first_seen[number]
                new_rows.append(
                    {
                        **dict.fromkeys(columns),
                        "language": self.language,
                        "country": self.country,
                        **values,
                        "customer_number": number,
                        "created_at": self.now,
                        "updated_at": self.now,
                    }
                )
                continue
            if number not in wanted:
                continue
            mapping = row._mapping
            changed = {key: value for key, value in wanted[number].items() if mapping[key] != value}
            if changed:
                updates.append({"_id": row.id, **changed, "updated_at": self.now})
        if new_rows:
            self.connection.execute(insert(CUSTOMERS), new_rows)
        update_many(self.connection, CUSTOMERS, updates)
        self.counts["customers_new"] += len(new_rows)
        self.counts["customers_updated"] += len(updates)
        self.counts["customers_unchanged"] += len(numbers) - len(new_rows) - len(updates)
        ids = {number: row.id for number, row in existing.items()}
        if new_rows:
            ids.update(
                self.connection.execute(
                    select(CUSTOMERS.c.customer_number, CUSTOMERS.c.id).where(
                        in_(CUSTOMERS.c.customer_number, [row["customer_number"] for row in new_rows])
                    )
                ).all()
            )
        return ids

    def _account_row(self, record: Record, customer_id: int, current: dict[str, Any] | None) -> dict[str, Any]:
        """The account's columns after this import: the file's fields over what is on record."""
        values = dict(record.account)
        values.setdefault("currency", self.currency)
        merged = {**(current or {}), **values}
        dpd = merged.get("days_past_due") or 0
        if current is None:
            values.setdefault("arrears", ZERO)
            values.setdefault("days_past_due", 0)
        for key in ("arrears",):
            if key in values and values[key] is None:
                values[key] = ZERO
        if "days_past_due" in values and values["days_past_due"] is None:
            values["days_past_due"] = 0
        if "status" not in values or values["status"] is None:
            previous = None if current is None else current["status"]
            values["status"] = derived_status(dpd) if previous is None or previous in FILE_DRIVEN_STATUSES else previous
        status = AccountStatus(values["status"])
        if status is not AccountStatus.RECALLED:
            values["recalled_at"] = None
        elif current is None or current.get("recalled_at") is None:
            values["recalled_at"] = self.now
        next_due = merged.get("next_due_date")
        values["bucket"] = bucket_for(dpd, (next_due - self.today).days if isinstance(next_due, dt.date) else None)
        values["customer_id"] = customer_id
        return values

    def _accounts(self, records: Sequence[Record], customer_ids: dict[str, int]) -> dict[str, int]:
        numbers = [record.account_number for record in records]
        columns = ["customer_id", "bucket", "recalled_at", *_ACCOUNT_COLUMNS]
        existing = {
            row.account_number: dict(row._mapping)
            for row in self.connection.execute(
                select(ACCOUNTS.c.id, ACCOUNTS.c.account_number, *(ACCOUNTS.c[name] for name in columns)).where(
                    in_(ACCOUNTS.c.account_number, numbers)
                )
            )
        }
        new_rows = []
        updates = []
        for record in records:
            assert record.account_number is not None
            assert record.customer_number is not None
            current = existing.get(record.account_number)
            values = self._account_row(record, customer_ids[record.customer_number], current)
            if current is None:
                new_rows.append(
                    {
                        **dict.fromkeys(_ACCOUNT_COLUMNS),
                        **values,
                        "account_number": record.account_number,
                        "created_at": self.now,
                        "updated_at": self.now,
                    }
                )
                continue
            changed = {key: value for key, value in values.items() if current[key] != value}
            if changed:
                if current["status"] is AccountStatus.RECALLED and values["status"] is not AccountStatus.RECALLED:
                    self.counts["accounts_returned"] += 1
                updates.append({"_id": current["id"], **changed, "updated_at": self.now})
        if new_rows:
            self.connection.execute(insert(ACCOUNTS), new_rows)
        update_many(self.connection, ACCOUNTS, updates)
        self.counts["accounts_new"] += len(new_rows)
        self.counts["accounts_updated"] += len(updates)
        self.counts["accounts_unchanged"] += len(records) - len(new_rows) - len(updates)
        ids = {number: row["id"] for number, row in existing.items()}
        if new_rows:
            ids.update(
                self.connection.execute(
                    select(ACCOUNTS.c.account_number, ACCOUNTS.c.id).where(
                        in_(ACCOUNTS.c.account_number, [row["account_number"] for row in new_rows])
                    )
                ).all()
            )
        return ids

    # -- contact points and the "no contact point" flag --------------------------------------------------------

    def _contacts(self, records: Sequence[Record], customer_ids: dict[str, int]) -> None:
        ids = {customer_ids[record.customer_number] for record in records if record.customer_number}
        known: dict[int, set[str]] = collections.defaultdict(set)
        has_primary: set[int] = set()
        for row in self.connection.execute(
            select(CONTACTS.c.customer_id, CONTACTS.c.e164, CONTACTS.c.raw_value, CONTACTS.c.is_primary).where(
                in_(CONTACTS.c.customer_id, ids)
            )
        ):
            known[row.customer_id].add(row.e164 or _raw_key(row.raw_value))
            if row.is_primary:
                has_primary.add(row.customer_id)
        new_rows = []
        for record in records:
            assert record.customer_number is not None
            customer_id = customer_ids[record.customer_number]
            for contact in record.contacts:
                if contact.key in known[customer_id]:
                    continue
                known[customer_id].add(contact.key)
                primary = contact.usable and customer_id not in has_primary
                if primary:
                    has_primary.add(customer_id)
                new_rows.append(
                    {
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
                        "verified_count": 0,
                        "wrong_number_count": 0,
                        "preferred_hours": [],
                        "created_at": self.now,
                    }
                )
        if new_rows:
            self.connection.execute(insert(CONTACTS), new_rows)
        self.counts["contact_points_new"] += len(new_rows)

    def _flags(self, customer_ids: set[int]) -> None:
        """Flag customers with no usable number of their own; clear the flag once they have one."""
        if not customer_ids:
            return
        usable = set(
            self.connection.scalars(
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
            self.connection.execute(
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
                "set_at": self.now,
                "set_by_user_id": None,
            }
            for customer_id in sorted(customer_ids - usable - set(flagged))
        ]
        if to_flag:
            self.connection.execute(insert(FLAGS), to_flag)
        to_clear = [{"_id": flagged[customer_id], "cleared_at": self.now} for customer_id in usable & set(flagged)]
        update_many(self.connection, FLAGS, to_clear)
        self.counts["flags_set"] += len(to_flag)
        self.counts["flags_cleared"] += len(to_clear)

    # -- the whole book ----------------------------------------------------------------------------------------

    def recall_absent(self, present: Any, page: int = 900) -> list[str]:
        """Mark recalled every account not in the file (``present(numbers) → the subset the file holds``)."""
        recalled: list[str] = []
        last_id = 0
        while True:
            rows = self.connection.execute(
                select(ACCOUNTS.c.id, ACCOUNTS.c.account_number)
                .where(ACCOUNTS.c.id > last_id, ACCOUNTS.c.status != AccountStatus.RECALLED)
                .order_by(ACCOUNTS.c.id)
                .limit(page)
            ).all()
            if not rows:
                break
            last_id = rows[-1].id
            held = present([row.account_number for row in rows])
            absent = [row for row in rows if row.account_number not in held]
            update_many(
                self.connection,
                ACCOUNTS,
                [
                    {"_id": row.id, "status": AccountStatus.RECALLED, "recalled_at": self.now, "updated_at": self.now}
                    for row in absent
                ],
            )
            recalled.extend(row.account_number for row in absent)
        self.counts["accounts_recalled"] += len(recalled)
        return recalled


def _raw_key(raw: str) -> str:
    return "".join(ch for ch in raw.casefold() if not ch.isspace() and ch not in "-().")

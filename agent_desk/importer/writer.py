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

from sqlalchemy import Connection, insert, select

from agent_desk.delinquency import bucket_for
from agent_desk.importer.contacts import write_attributes, write_contacts, write_flags
from agent_desk.importer.fields import ACCOUNT_FIELDS
from agent_desk.importer.history import write_installments, write_instructions, write_payments
from agent_desk.importer.issues import Issue, Severity, issue
from agent_desk.importer.records import ZERO, Record
from agent_desk.importer.tables import ACCOUNTS, CUSTOMERS, in_, update_many
from agent_desk.importer.transform import derived_status
from db.models import AccountStatus, Team, User

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
        customer_ids = self.write_customers(records, warnings)
        account_ids = self.write_accounts(records, customer_ids)
        self.write_people(records, customer_ids)
        self.write_flags(set(customer_ids.values()))
        write_instructions(self.connection, records, account_ids, self.counts)
        write_installments(self.connection, records, account_ids, self.counts)
        self._payments(records, account_ids, warnings)
        return warnings

    def write_people(self, records: Sequence[Record], customer_ids: dict[str, int], *, sync: bool = False) -> None:
        """Contact points and attributes of the records' customers (a sync also updates known numbers)."""
        write_contacts(self.connection, records, customer_ids, self.counts, now=self.now, update_known=sync)
        write_attributes(self.connection, records, customer_ids, self.counts, now=self.now)

    def write_flags(self, customer_ids: set[int]) -> None:
        """Set or clear the *no contact point* flag of these customers from their numbers on record."""
        write_flags(self.connection, customer_ids, self.counts, now=self.now)

    def _payments(self, records: Sequence[Record], account_ids: dict[str, int], warnings: list[Issue]) -> None:
        write_payments(
            self.connection, records, account_ids, self.counts, warnings, now=self.now, source=self.source_label
        )

    def write_payments(self, records: Sequence[Record]) -> list[Issue]:
        """Payments of accounts already on record (a payment file, or a sync)."""
        warnings: list[Issue] = []
        account_ids = self.account_ids({record.account_number for record in records if record.account_number})
        self._payments(records, account_ids, warnings)
        return warnings

    def account_ids(self, numbers: set[str]) -> dict[str, int]:
        return dict(
            self.connection.execute(
                select(ACCOUNTS.c.account_number, ACCOUNTS.c.id).where(in_(ACCOUNTS.c.account_number, numbers))
            ).all()
        )

    def customer_ids(self, numbers: set[str]) -> dict[str, int]:
        return dict(
            self.connection.execute(
                select(CUSTOMERS.c.customer_number, CUSTOMERS.c.id).where(in_(CUSTOMERS.c.customer_number, numbers))
            ).all()
        )

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

    def write_customers(self, records: Sequence[Record], warnings: list[Issue]) -> dict[str, int]:
        """Customers of the records (each must have a customer number), added or updated; returns their ids."""
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
                        "name_generated": False,
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

    def _account_row(self, record: Record, customer_id: int | None, current: dict[str, Any] | None) -> dict[str, Any]:
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
        if customer_id is not None:
            values["customer_id"] = customer_id
        return values

    def write_accounts(self, records: Sequence[Record], customer_ids: dict[str, int]) -> dict[str, int]:
        """Accounts of the records, added or updated; returns their ids.

        A record without a customer number updates an account on record and leaves it with its customer."""
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
            current = existing.get(record.account_number)
            customer_id = None if record.customer_number is None else customer_ids[record.customer_number]
            assert customer_id is not None or current is not None
            values = self._account_row(record, customer_id, current)
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

"""Staged records into the database, a batch at a time, through :class:`~agent_desk.importer.bulk.Bulk`.

Everything is an upsert keyed by the file's own identifiers — customer number, account number, (account, period)
for bills, (account, reference, kind) for payments, the number itself for contact points — and a row is only
written when a value differs, so importing the same file again changes nothing (not even ``updated_at``).
Only the fields the mapping maps are written over existing rows; everything the desk keeps itself (a number
marked wrong, a plan's status, assignments the file does not give) stays as it is.
"""

from __future__ import annotations

import collections
import datetime as dt
from collections.abc import Callable, Iterator, Sequence

from agent_desk.delinquency import bucket_for
from agent_desk.importer.bulk import Bulk, Change, Row
from agent_desk.importer.contacts import write_attributes, write_contacts, write_flags
from agent_desk.importer.fields import ACCOUNT_FIELDS
from agent_desk.importer.history import write_installments, write_instructions, write_payments
from agent_desk.importer.issues import Issue, Severity, issue
from agent_desk.importer.stage import Staged, moment
from agent_desk.importer.tables import ACCOUNTS, CUSTOMERS
from db.models import AccountStatus

# Statuses the desk itself sets (a plan, legal action, settlement): a file that does not map a status leaves them.
FILE_DRIVEN_STATUSES = (AccountStatus.CURRENT.value, AccountStatus.DELINQUENT.value, AccountStatus.RECALLED.value)
CURRENT, DELINQUENT, RECALLED = (
    status.value for status in (AccountStatus.CURRENT, AccountStatus.DELINQUENT, AccountStatus.RECALLED)
)
_NULLABLE = {column.name for column in CUSTOMERS.columns if column.nullable}
_ACCOUNT_COLUMNS = [name for name in ACCOUNT_FIELDS if name not in ("account_number", "as_of")]
_RECALL_COLUMNS = ["id", "account_number", "status", "recalled_at", "updated_at"]


def _schedule_dates(bills: Sequence[Staged]) -> Row:
    """A new account's first unpaid due date and last paid day, as the installments' triggers would set them once its
    bills are written: written with the account, the triggers find nothing to change (on PostgreSQL each change
    would be a second version of every new account's row and of its index entries)."""
    unpaid = [bill["due_date"] for bill in bills if bill.get("paid_on") is None and bill.get("due_date") is not None]
    paid = [bill["paid_on"] for bill in bills if bill.get("paid_on") is not None]
    return {"first_unpaid_due": min(unpaid, default=None), "last_paid_on": max(paid, default=None)}


class PortfolioWriter:
    """Writes batches of staged records; counts what it did in :attr:`counts`.

    The writer outlives the transactions: each batch is written with the :class:`Bulk` of the transaction it goes
    in (one for the whole import on PostgreSQL, one per batch on SQLite)."""

    def __init__(
        self,
        bulk: Bulk,
        *,
        now: dt.datetime,
        today: dt.date,
        currency: str,
        language: str,
        country: str,
        source_label: str,
    ) -> None:
        self.bulk = bulk
        self.now = now
        self.stamp = moment(now)
        self.today = today
        self.currency = currency
        self.language = language
        self.country = country
        self.source_label = source_label[:128]
        self.counts: collections.Counter[str] = collections.Counter()
        self.kept_rows: dict[str, int] = {}  # customers described differently on several rows → the row kept
        self.new_customers: set[int] = set()
        self.new_without_number: set[int] = set()  # new customers flagged "no contact point" (out of the queue)
        self.teams = {str(name).casefold(): id_ for id_, name in bulk.query("SELECT id, name FROM teams")}
        self.users = {str(login).casefold(): id_ for id_, login in bulk.query("SELECT id, login FROM users")}

    def write(self, records: Sequence[Staged]) -> list[Issue]:
        """Write one batch of good records; returns warnings found on the way (unknown team, payment conflicts)."""
        warnings: list[Issue] = []
        customer_ids = self.write_customers(records, warnings)
        account_ids = self.write_accounts(records, customer_ids)
        self.write_people(records, customer_ids)
        self.write_flags(set(customer_ids.values()))
        write_instructions(self.bulk, records, account_ids, self.counts)
        write_installments(self.bulk, records, account_ids, self.counts)
        self._payments(records, account_ids, warnings)
        return warnings

    def write_people(self, records: Sequence[Staged], customer_ids: dict[str, int], *, sync: bool = False) -> None:
        """Contact points and attributes of the records' customers (a sync also updates known numbers)."""
        write_contacts(self.bulk, records, customer_ids, self.counts, now=self.stamp, update_known=sync)
        write_attributes(self.bulk, records, customer_ids, self.counts, now=self.stamp)

    def write_flags(self, customer_ids: set[int]) -> None:
        """Set or clear the *no contact point* flag of these customers from their numbers on record."""
        flagged, cleared = write_flags(self.bulk, customer_ids, self.counts, now=self.stamp)
        self.new_without_number |= flagged & self.new_customers
        self.new_without_number -= cleared
        if self.new_without_number:
            self.counts["customers_new_without_number"] = len(self.new_without_number)
        else:
            self.counts.pop("customers_new_without_number", None)

    def _payments(self, records: Sequence[Staged], account_ids: dict[str, int], warnings: list[Issue]) -> None:
        write_payments(self.bulk, records, account_ids, self.counts, warnings, now=self.stamp, source=self.source_label)

    def write_payments(self, records: Sequence[Staged]) -> list[Issue]:
        """Payments of accounts already on record (a payment file, or a sync)."""
        warnings: list[Issue] = []
        account_ids = self.account_ids({record["account_number"] for record in records if record["account_number"]})
        self._payments(records, account_ids, warnings)
        return warnings

    def account_ids(self, numbers: set[str]) -> dict[str, int]:
        rows = self.bulk.select(ACCOUNTS, ("account_number", "id"), "account_number", numbers)
        return {row["account_number"]: row["id"] for row in rows}

    def customer_ids(self, numbers: set[str]) -> dict[str, int]:
        rows = self.bulk.select(CUSTOMERS, ("customer_number", "id"), "customer_number", numbers)
        return {row["customer_number"]: row["id"] for row in rows}

    # -- customers and accounts --------------------------------------------------------------------------------

    def _customer_values(self, record: Staged, warnings: list[Issue]) -> Row:
        values = {key: value for key, value in record["customer"].items() if value is not None or key in _NULLABLE}
        for attribute, names, column, code in (
            ("team", self.teams, "assigned_team_id", "import.row.unknown_team"),
            ("agent", self.users, "assigned_user_id", "import.row.unknown_agent"),
        ):
            name = record[attribute]
            if name is None:
                continue
            found = names.get(name.casefold())
            if found is None:
                warnings.append(issue(record["row"], attribute, name, Severity.WARNING, code))
            else:
                values[column] = found
        return values

    def write_customers(self, records: Sequence[Staged], warnings: list[Issue]) -> dict[str, int]:
        """Customers of the records (each must have a customer number), added or updated; returns their ids."""
        wanted: dict[str, Row] = {}
        first_seen: dict[str, Row] = {}  # for a customer whose kept row comes later in the file
        for record in records:
            number = record["customer_number"]
            assert number is not None
            values = self._customer_values(record, warnings)
            kept_row = self.kept_rows.get(number)
            if kept_row is None or kept_row == record["row"]:
                wanted[number] = values  # within a batch the last row wins, like across the file
            else:
                first_seen.setdefault(number, values)
        numbers = set(wanted) | set(first_seen)
        columns = sorted({key for values in (*wanted.values(), *first_seen.values()) for key in values})
        existing = {
            row["customer_number"]: row
            for row in self.bulk.select(
                CUSTOMERS, ("id", "customer_number", "updated_at", *columns), "customer_number", numbers
            )
        }
        updates: list[Change] = []
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
                        "name_generated": 0,
                        **values,
                        "customer_number": number,
                        "created_at": self.stamp,
                        "updated_at": self.stamp,
                    }
                )
                continue
            if number not in wanted:
                continue
            changed = {key: value for key, value in wanted[number].items() if row[key] != value}
            if changed:
                old = {key: row[key] for key in (*changed, "updated_at")}
                updates.append((row["id"], {**changed, "updated_at": self.stamp}, old))
        for row, new_id in zip(new_rows, self.bulk.new_ids(CUSTOMERS, len(new_rows)), strict=True):
            row["id"] = new_id
        self.bulk.insert(CUSTOMERS, _uniform(new_rows))
        self.bulk.update(CUSTOMERS, updates)
        self.counts["customers_new"] += len(new_rows)
        self.new_customers.update(row["id"] for row in new_rows)
        self.counts["names_made_up"] += sum(1 for row in new_rows if row.get("name_generated"))
        self.counts["customers_updated"] += len(updates)
        self.counts["customers_unchanged"] += len(numbers) - len(new_rows) - len(updates)
        ids = {number: row["id"] for number, row in existing.items()}
        ids.update((row["customer_number"], row["id"]) for row in new_rows)
        return ids

    def _account_row(self, record: Staged, customer_id: int | None, current: Row | None) -> Row:
        """The account's columns after this import: the file's fields over what is on record."""
        values = dict(record["account"])
        values.setdefault("currency", self.currency)
        merged = {**(current or {}), **values}
        dpd = merged.get("days_past_due") or 0
        if current is None:
            values.setdefault("arrears", 0)
            values.setdefault("days_past_due", 0)
        if "arrears" in values and values["arrears"] is None:
            values["arrears"] = 0
        if "days_past_due" in values and values["days_past_due"] is None:
            values["days_past_due"] = 0
        if values.get("status") is None:
            previous = None if current is None else current["status"]
            derived = DELINQUENT if dpd > 0 else CURRENT
            values["status"] = derived if previous is None or previous in FILE_DRIVEN_STATUSES else previous
        if values["status"] != RECALLED:
            values["recalled_at"] = None
        elif current is None or current.get("recalled_at") is None:
            values["recalled_at"] = self.stamp
        next_due = merged.get("next_due_date")
        to_due = (dt.date.fromisoformat(next_due) - self.today).days if next_due else None
        values["bucket"] = bucket_for(dpd, to_due)
        if customer_id is not None:
            values["customer_id"] = customer_id
        return values

    def write_accounts(self, records: Sequence[Staged], customer_ids: dict[str, int]) -> dict[str, int]:
        """Accounts of the records, added or updated; returns their ids.

        A record without a customer number updates an account on record and leaves it with its customer."""
        columns = ["customer_id", "bucket", "recalled_at", "updated_at", *_ACCOUNT_COLUMNS]
        existing = {
            row["account_number"]: row
            for row in self.bulk.select(
                ACCOUNTS, ("id", "account_number", *columns), "account_number", [r["account_number"] for r in records]
            )
        }
        new_rows = []
        updates: list[Change] = []
        for record in records:
            number = record["account_number"]
            assert number is not None
            current = existing.get(number)
            customer_id = None if record["customer_number"] is None else customer_ids[record["customer_number"]]
            assert customer_id is not None or current is not None
            values = self._account_row(record, customer_id, current)
            if current is None:
                new_rows.append(
                    {
                        **dict.fromkeys(_ACCOUNT_COLUMNS),
                        **values,
                        "account_number": number,
                        "created_at": self.stamp,
                        "updated_at": self.stamp,
                        **_schedule_dates(record.get("installments") or ()),
                    }
                )
                continue
            changed = {key: value for key, value in values.items() if current[key] != value}
            if changed:
                if (
                    current["status"] == AccountStatus.RECALLED.value
                    and values["status"] != AccountStatus.RECALLED.value
                ):
                    self.counts["accounts_returned"] += 1
                old = {key: current[key] for key in (*changed, "updated_at")}
                updates.append((current["id"], {**changed, "updated_at": self.stamp}, old))
        for row, new_id in zip(new_rows, self.bulk.new_ids(ACCOUNTS, len(new_rows)), strict=True):
            row["id"] = new_id
        self.bulk.insert(ACCOUNTS, _uniform(new_rows))
        self.bulk.update(ACCOUNTS, updates)
        self.counts["accounts_new"] += len(new_rows)
        self.counts["accounts_updated"] += len(updates)
        self.counts["accounts_unchanged"] += len(records) - len(new_rows) - len(updates)
        ids = {number: row["id"] for number, row in existing.items()}
        ids.update((row["account_number"], row["id"]) for row in new_rows)
        return ids

    # -- the whole book ----------------------------------------------------------------------------------------

    def recall_absent(self, present: Callable[[list[str]], set[str]]) -> list[str]:
        """Mark recalled every account not in the file (``present(numbers) → the subset the file holds``)."""
        recalled: list[str] = []
        for _, ids in absent_accounts(self.bulk, present):
            recalled.extend(self.recall(ids))
        return recalled

    def recall(self, ids: list[int]) -> list[str]:
        """Recall these accounts (ids from :func:`absent_accounts`); returns the numbers of those recalled.

        The accounts are read again here, in the transaction that writes, so that the values an undo puts back are
        the ones this replaces even when the ids were found earlier, outside the write lock (on SQLite an agent or
        the desk may have changed an account in between); one that is recalled by now is left as it is."""
        rows = [row for row in self.bulk.select(ACCOUNTS, _RECALL_COLUMNS, "id", ids) if row["status"] != RECALLED]
        self.bulk.update(
            ACCOUNTS,
            [
                (
                    row["id"],
                    {"status": RECALLED, "recalled_at": self.stamp, "updated_at": self.stamp},
                    {"status": row["status"], "recalled_at": row["recalled_at"], "updated_at": row["updated_at"]},
                )
                for row in rows
            ],
        )
        self.counts["accounts_recalled"] += len(rows)
        return [row["account_number"] for row in sorted(rows, key=lambda row: row["id"])]


def absent_accounts(
    bulk: Bulk, present: Callable[[list[str]], set[str]], *, after: int = 0, page: int = 900
) -> Iterator[tuple[int, list[int]]]:
    """Ids of the accounts on record (not recalled yet) that the file does not hold, a page at a time, by id after
    ``after``: (the page's last id, the absent ids in it)."""
    last_id = after
    while True:
        rows = bulk.query(
            "SELECT id, account_number FROM accounts WHERE id > ? AND status != ? ORDER BY id LIMIT ?",
            (last_id, RECALLED, page),
        )
        if not rows:
            return
        last_id = rows[-1][0]
        held = present([row[1] for row in rows])
        yield last_id, [row[0] for row in rows if row[1] not in held]


def _uniform(rows: list[Row]) -> list[Row]:
    """Rows that all set the same columns (an insert names its columns once)."""
    if not rows:
        return rows
    columns = set().union(*rows)
    return [{**dict.fromkeys(columns), **row} if len(row) != len(columns) else row for row in rows]

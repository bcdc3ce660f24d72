"""Applying a delta: every change checked first, then all of them written in one transaction — or none.

Changes are merged per external key before anything is written (customer number; account number; the number
itself per customer; account, reference and kind per payment), later ones over earlier ones, so a delta says what
the book must look like and applying it twice changes nothing the second time.
"""

from __future__ import annotations

import collections
import dataclasses
import datetime as dt
import hashlib
import json
import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, insert, select

from agent_desk.clock import Clock
from agent_desk.importer.bulk import Bulk
from agent_desk.importer.configuration import configuration_problems
from agent_desk.importer.issues import Issue, Severity, issue
from agent_desk.importer.records import Record
from agent_desk.importer.stage import Staged, stage
from agent_desk.importer.summary import ImportFailedError
from agent_desk.importer.tables import ACCOUNTS, CUSTOMERS, in_
from agent_desk.importer.writer import PortfolioWriter
from agent_desk.sync.changes import Change, ChangeReader, SyncOptions
from agent_desk.text import Message
from db.engine import Database
from db.models import AuditEvent, ImportRun

log = logging.getLogger(__name__)
BATCH = 1000
SHOWN_ISSUES = 200


class _DryRunDoneError(Exception):
    """Unwinds the transaction of a dry run once everything has been written (and counted)."""


class SyncRejectedError(Exception):
    """The delta has errors; nothing was written. ``issues`` holds every problem found (errors and warnings)."""

    def __init__(self, issues: Sequence[Issue]) -> None:
        errors = sum(1 for item in issues if item.is_error)
        self.message = Message.of("sync.rejected", errors=errors)
        super().__init__(self.message.render())
        self.issues = tuple(issues)


@dataclasses.dataclass(frozen=True)
class SyncResult:
    """What a delta did: per-table counts (``customers_new``, ``accounts_updated``, ``payments_known``…),
    warnings, and the customers whose queue rows were refreshed."""

    changes: int
    counts: Mapping[str, int]
    warnings: tuple[Issue, ...]
    customers_touched: int
    dry_run: bool = False
    run_id: int | None = None

    @property
    def changed_anything(self) -> bool:
        return any(
            value for key, value in self.counts.items() if not key.endswith(("_unchanged", "_known", "_already"))
        )


def apply_changes(
    database: Database,
    clock: Clock,
    changes: Iterable[Mapping[str, Any] | tuple[int, Mapping[str, Any]]],
    options: SyncOptions | None = None,
    *,
    name: str = "api",
    progress: Callable[[int, int], None] | None = None,
) -> SyncResult:
    """Check ``changes`` and apply them in one transaction (see docs/SYNC.md for their fields).

    Each change is a mapping with a ``type``; it may come as ``(line, change)`` so problems name the line.
    ``progress(done, total)`` is called as the merged changes are written (before the commit).

    Raises:
        SyncRejectedError: a change has an error (nothing written).
    """
    options = options or SyncOptions()
    from agent_desk.importer.runner import recover_or_refuse

    try:
        recover_or_refuse(database)  # never on top of a half-applied import
    except ImportFailedError as busy:
        raise SyncRejectedError([Issue(None, "", "", Severity.ERROR, busy.message)]) from busy
    reader = ChangeReader(options)
    checked: list[Change] = []
    digest = hashlib.sha256()
    for position, item in enumerate(changes, start=1):
        line, raw = item if isinstance(item, tuple) else (position, item)
        digest.update(json.dumps(raw, sort_keys=True, default=str).encode())
        checked.append(reader.read(line, raw))
    issues = [problem for change in checked for problem in change.record.issues]
    merged = _merge(checked, issues)
    settings = None
    if options.refresh_worklist and not options.dry_run:
        from agent_desk.worklist.settings import settings_for

        settings = settings_for(database, clock)  # outside the transaction: it may seed the strategy tables
    now = clock.now()
    run_id = None
    try:
        with database.transaction(write=True) as session:
            connection = session.connection()
            known = _check_references(connection, merged, issues)
            _check_configuration(session, merged, known, options, issues)
            if any(item.is_error for item in issues):
                raise SyncRejectedError(sorted(issues, key=lambda item: (item.row or 0, item.column)))
            writer = PortfolioWriter(
                Bulk(connection),
                now=now,
                today=now.astimezone(ZoneInfo(options.timezone)).date(),
                currency=options.currency,
                language=options.language,
                country=options.country,
                source_label=options.source,
            )
            warnings = [item for item in issues if not item.is_error]
            touched = _write(writer, merged, warnings, known, progress or _silent)
            if options.dry_run:
                raise _DryRunDoneError
            if settings is not None and touched:
                _refresh(session, now, settings, touched)
            run_id = _record(connection, options, name, digest.hexdigest(), len(checked), writer, warnings, now)
    except _DryRunDoneError:
        pass
    log.info("sync %s: %d changes, %s", name, len(checked), dict(writer.counts))
    return SyncResult(
        changes=len(checked),
        counts=dict(writer.counts),
        warnings=tuple(warnings[:SHOWN_ISSUES]),
        customers_touched=len(touched),
        dry_run=options.dry_run,
        run_id=run_id,
    )


# -- merging and references -----------------------------------------------------------------------------------------


@dataclasses.dataclass
class _Merged:
    customers: dict[str, Change] = dataclasses.field(default_factory=dict)
    accounts: dict[str, Change] = dataclasses.field(default_factory=dict)
    contacts: dict[tuple[str, str], Change] = dataclasses.field(default_factory=dict)
    payments: dict[tuple[str, str, str], Change] = dataclasses.field(default_factory=dict)


def _merge(changes: list[Change], issues: list[Issue]) -> _Merged:
    """One change per external key: fields of later changes over earlier ones."""
    merged = _Merged()
    for change in changes:
        record = change.record
        if record.has_errors or change.key is None:
            continue
        if change.type == "customer":
            _merge_into(merged.customers, change.key, change)
        elif change.type in ("account", "closure"):
            _merge_into(merged.accounts, change.key, change)
        elif change.type == "contact":
            contact = record.contacts[0]
            _merge_into(merged.contacts, (change.key, contact.key), change)
        elif change.type == "payment":
            payment = record.payments[0]
            key = (change.key, payment["reference"], payment["kind"].value)
            earlier = merged.payments.get(key)
            if earlier is not None and earlier.record.payments[0] != payment:
                issues.append(
                    issue(
                        change.line,
                        "reference",
                        payment["reference"],
                        Severity.ERROR,
                        "sync.change.payment_twice",
                        line=earlier.line,
                    )
                )
            merged.payments.setdefault(key, change)
    return merged


def _merge_into(target: dict[Any, Change], key: Any, change: Change) -> None:
    earlier = target.get(key)
    if earlier is None:
        target[key] = dataclasses.replace(change, record=dataclasses.replace(change.record))
        return
    mine, theirs = earlier.record, change.record
    mine.customer = {**mine.customer, **theirs.customer}
    mine.account = {**mine.account, **theirs.account}
    mine.customer_number = theirs.customer_number or mine.customer_number
    mine.team = theirs.team or mine.team
    mine.agent = theirs.agent or mine.agent
    if theirs.attributes is not None:
        mine.attributes = {**(mine.attributes or {}), **theirs.attributes}
    if theirs.contacts:
        contact = dataclasses.replace(theirs.contacts[0])
        if mine.contacts:
            given = (mine.contacts[0].given or frozenset()) | (contact.given or frozenset())
            contact.given = given
            for attribute in ("owner_name", "relationship", "timezone"):
                if getattr(contact, attribute) is None:
                    setattr(contact, attribute, getattr(mine.contacts[0], attribute))
        mine.contacts = [contact]
    closing = change.closing if change.type == "closure" else None if "status" in theirs.account else earlier.closing
    target[key] = dataclasses.replace(earlier, given=earlier.given | change.given, record=mine, closing=closing)


def _check_references(connection: Connection, merged: _Merged, issues: list[Issue]) -> set[str]:
    """New customers need a name, new accounts a customer, a product and a balance; references must resolve.

    Returns the customer numbers already on record."""
    customers = set(
        connection.scalars(
            select(CUSTOMERS.c.customer_number).where(in_(CUSTOMERS.c.customer_number, _customer_numbers(merged)))
        )
    )
    wanted_accounts = set(merged.accounts) | {key[0] for key in merged.payments}
    accounts = set(
        connection.scalars(select(ACCOUNTS.c.account_number).where(in_(ACCOUNTS.c.account_number, wanted_accounts)))
    )
    for number, change in merged.customers.items():
        values = change.record.customer
        if number not in customers and not values.get("full_name") and not values.get("name_generated"):
            issues.append(issue(change.line, "full_name", "", Severity.ERROR, "sync.change.new_customer_name"))
    known_customers = customers | set(merged.customers)
    known_accounts = set(accounts)
    for number, change in merged.accounts.items():
        record = change.record
        if record.customer_number is not None and record.customer_number not in known_customers:
            issues.append(
                issue(change.line, "customer_number", record.customer_number, Severity.ERROR, "sync.change.no_customer")
            )
        if number in accounts:
            continue
        if record.customer_number is None and set(record.account) <= {"status"}:
            issues.append(issue(change.line, "account_number", number, Severity.ERROR, "sync.change.no_account"))
            continue
        missing = [
            name
            for name, present in (
                ("customer_number", record.customer_number is not None),
                ("product", "product" in record.account),
                ("outstanding", "outstanding" in record.account),
            )
            if not present
        ]
        if missing:
            issues.append(
                issue(
                    change.line,
                    "account_number",
                    number,
                    Severity.ERROR,
                    "sync.change.new_account_needs",
                    fields=", ".join(missing),
                )
            )
        else:
            known_accounts.add(number)
    for (number, _), change in merged.contacts.items():
        if number not in known_customers:
            issues.append(issue(change.line, "customer_number", number, Severity.ERROR, "sync.change.no_customer"))
    for (number, _, _), change in merged.payments.items():
        if number not in known_accounts:
            issues.append(issue(change.line, "account_number", number, Severity.ERROR, "sync.change.no_account"))
    return customers


def _check_configuration(
    session: Any, merged: _Merged, known: set[str], options: SyncOptions, issues: list[Issue]
) -> None:
    """New accounts' currencies need a reference amount and new customers' country a policy pack, as on import."""
    existing = set(
        session.scalars(select(ACCOUNTS.c.account_number).where(in_(ACCOUNTS.c.account_number, set(merged.accounts))))
    )
    currencies: collections.Counter[str] = collections.Counter(
        change.record.account.get("currency") or options.currency
        for number, change in merged.accounts.items()
        if number not in existing and change.closing is None
    )
    countries: collections.Counter[str] = collections.Counter(
        change.record.customer.get("country") or options.country
        for number, change in merged.customers.items()
        if number not in known
    )
    for problem in configuration_problems(session, currencies, countries):
        issues.append(Issue(None, "", "", Severity.ERROR, problem))


def _customer_numbers(merged: _Merged) -> set[str]:
    numbers = set(merged.customers) | {key[0] for key in merged.contacts}
    numbers.update(c.record.customer_number for c in merged.accounts.values() if c.record.customer_number)
    return numbers


# -- writing --------------------------------------------------------------------------------------------------------


def _batches(records: list[Record]) -> Iterable[list[Staged]]:
    for start in range(0, len(records), BATCH):
        yield [stage(record) for record in records[start : start + BATCH]]


def _silent(done: int, total: int) -> None:
    pass


def _write(
    writer: PortfolioWriter,
    merged: _Merged,
    warnings: list[Issue],
    known: set[str],
    progress: Callable[[int, int], None],
) -> set[int]:
    """Write the merged changes; returns the ids of every customer they touched.

    ``known`` are the customer numbers on record before the delta."""
    connection = writer.bulk.connection
    touched: set[int] = set()
    total = len(merged.customers) + len(merged.accounts) + len(merged.contacts) + len(merged.payments)
    done = 0
    customers = [change.record for change in merged.customers.values()]
    for batch in _batches(customers):
        touched.update(writer.write_customers(batch, warnings).values())
        done += len(batch)
        progress(done, total)
    for batch in _batches([change.record for change in merged.accounts.values()]):
        numbers = {record["customer_number"] for record in batch if record["customer_number"]}
        before = {
            row.account_number: row
            for row in connection.execute(
                select(ACCOUNTS.c.account_number, ACCOUNTS.c.customer_id, ACCOUNTS.c.status).where(
                    in_(ACCOUNTS.c.account_number, {record["account_number"] for record in batch})
                )
            )
        }
        customer_ids = writer.customer_ids({number for number in numbers if number})
        writer.write_accounts(batch, customer_ids)
        touched.update(row.customer_id for row in before.values())
        touched.update(customer_ids.values())
        closing = {number: change.closing for number, change in merged.accounts.items() if change.closing}
        writer.counts["closures"] += sum(
            1
            for record in batch
            if record["account_number"] in closing
            and (
                record["account_number"] not in before
                or before[record["account_number"]].status != closing[record["account_number"]]
            )
        )
    people = [change.record for change in merged.contacts.values()] + [
        change.record for change in merged.customers.values() if change.record.attributes is not None
    ]
    for batch in _batches(people):
        customer_ids = writer.customer_ids({record["customer_number"] for record in batch if record["customer_number"]})
        writer.write_people(batch, customer_ids, sync=True)
        touched.update(customer_ids.values())
        done += sum(1 for record in batch if record["contacts"])
        progress(done, total)
    # Customers whose numbers changed, and new ones (who may have none yet), get the "no contact point" flag
    # set or cleared, as in an import.
    flagged = {number for number, _ in merged.contacts} | (set(merged.customers) - known)
    ordered = sorted(flagged)
    for start in range(0, len(ordered), BATCH):
        writer.write_flags(set(writer.customer_ids(set(ordered[start : start + BATCH])).values()))
    for batch in _batches([change.record for change in merged.payments.values()]):
        writer.write_payments(batch)
        numbers = {record["account_number"] for record in batch if record["account_number"]}
        touched.update(
            connection.scalars(select(ACCOUNTS.c.customer_id).where(in_(ACCOUNTS.c.account_number, numbers)))
        )
        done += len(batch)
        progress(done, total)
    return touched


def _refresh(session: Any, now: dt.datetime, settings: Any, customer_ids: set[int]) -> None:
    """The touched customers' queue rows, re-evaluated inside the same transaction."""
    from agent_desk.worklist.store import refresh_customers

    ids = sorted(customer_ids)
    for start in range(0, len(ids), BATCH):
        refresh_customers(session, now, ids[start : start + BATCH], settings)


def _record(
    connection: Connection,
    options: SyncOptions,
    name: str,
    fingerprint: str,
    changes: int,
    writer: PortfolioWriter,
    warnings: list[Issue],
    now: Any,
) -> int:
    counts = dict(writer.counts)
    run_id: int = connection.execute(
        insert(ImportRun).returning(ImportRun.id),
        {
            "kind": "sync",
            "status": "done",
            "started_at": now,
            "finished_at": now,
            "file_name": name[:255],
            "file_fingerprint": fingerprint,
            "file_size": 0,
            "mapping_name": None,
            "mapping_fingerprint": "",
            "user_id": options.user_id,
            "run_by": (options.run_by or "")[:120] or None,
            "skip_bad_rows": False,
            "full_portfolio": False,
            "rows_read": changes,
            "rows_imported": changes,
            "rows_rejected": 0,
            "warnings": len(warnings),
            "counts": counts,
        },
    ).scalar_one()
    connection.execute(
        insert(AuditEvent),
        {
            "at": now,
            "user_id": options.user_id,
            "action": "portfolio.sync",
            "entity": "import_runs",
            "entity_id": str(run_id),
            "before": None,
            "after": {"source": name[:255], "changes": changes, **counts},
        },
    )
    return run_id


__all__ = ["BATCH", "SyncRejectedError", "SyncResult", "apply_changes"]

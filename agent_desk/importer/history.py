"""The history under an account: payment instructions, bills (installments) and payments.

Called by :class:`~agent_desk.importer.writer.PortfolioWriter` inside the import's transaction, a batch at a time.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, insert, select

from agent_desk.importer.issues import Issue, Severity, issue
from agent_desk.importer.records import Record
from agent_desk.importer.tables import INSTALLMENTS, INSTRUCTIONS, PAYMENTS, in_, update_many
from db.models import PaymentKind


def write_instructions(
    connection: Connection, records: Sequence[Record], account_ids: dict[str, int], counts: Counter[str]
) -> None:
    """Payment instructions keyed by (account, kind, provider): a changed value is updated, a new one added."""
    ids = [account_ids[record.account_number] for record in records if record.instructions and record.account_number]
    known: dict[tuple[int, str, str], tuple[int, str]] = {}
    for row in connection.execute(
        select(
            INSTRUCTIONS.c.id,
            INSTRUCTIONS.c.account_id,
            INSTRUCTIONS.c.kind,
            INSTRUCTIONS.c.provider,
            INSTRUCTIONS.c.value,
        ).where(in_(INSTRUCTIONS.c.account_id, ids))
    ):
        known[(row.account_id, str(row.kind), row.provider.casefold())] = (row.id, row.value)
    new_rows = []
    updates = []
    for record in records:
        if not record.instructions or record.account_number is None:
            continue
        account_id = account_ids[record.account_number]
        for kind, provider, value in record.instructions:
            found = known.get((account_id, kind, provider.casefold()))
            if found is None:
                new_rows.append({"account_id": account_id, "kind": kind, "provider": provider, "value": value})
            elif found[1] != value:
                updates.append({"_id": found[0], "value": value})
    if new_rows:
        connection.execute(insert(INSTRUCTIONS), new_rows)
    update_many(connection, INSTRUCTIONS, updates)
    counts["instructions_new"] += len(new_rows)
    counts["instructions_updated"] += len(updates)


def write_installments(
    connection: Connection, records: Sequence[Record], account_ids: dict[str, int], counts: Counter[str]
) -> None:
    """Bills keyed by (account, seq): changed amounts or dates are updated, new periods added."""
    ids = [account_ids[r.account_number] for r in records if r.installments and r.account_number]
    known: dict[tuple[int, int], dict[str, Any]] = {}
    for row in connection.execute(select(INSTALLMENTS).where(in_(INSTALLMENTS.c.account_id, ids))):
        known[(row.account_id, row.seq)] = dict(row._mapping)
    new_rows = []
    updates = []
    for record in records:
        if not record.installments or record.account_number is None:
            continue
        account_id = account_ids[record.account_number]
        for bill in record.installments:
            current = known.get((account_id, bill["seq"]))
            if current is None:
                new_rows.append({"account_id": account_id, **bill})
                continue
            changed = {key: value for key, value in bill.items() if current[key] != value}
            if changed:
                updates.append({"_id": current["id"], **changed})
    if new_rows:
        connection.execute(insert(INSTALLMENTS), new_rows)
    update_many(connection, INSTALLMENTS, updates)
    counts["installments_new"] += len(new_rows)
    counts["installments_updated"] += len(updates)


def write_payments(
    connection: Connection,
    records: Sequence[Record],
    account_ids: dict[str, int],
    counts: Counter[str],
    warnings: list[Issue],
    *,
    now: dt.datetime,
    source: str,
) -> None:
    """Payments keyed by (account, reference, kind); never edited once recorded (a different amount is a warning)."""
    ids = [account_ids[r.account_number] for r in records if r.payments and r.account_number in account_ids]
    known: dict[tuple[int, str, str], tuple[int, Decimal]] = {}
    for row in connection.execute(
        select(PAYMENTS.c.id, PAYMENTS.c.account_id, PAYMENTS.c.reference, PAYMENTS.c.kind, PAYMENTS.c.amount).where(
            in_(PAYMENTS.c.account_id, ids)
        )
    ):
        known[(row.account_id, row.reference or "", str(row.kind))] = (row.id, row.amount)
    pending: list[tuple[Record, int, dict[str, Any]]] = []
    for record in records:
        if record.account_number not in account_ids:
            continue
        account_id = account_ids[record.account_number]
        for payment in record.payments:
            key = (account_id, payment["reference"], payment["kind"].value)
            found = known.get(key)
            if found is not None:
                counts["payments_known"] += 1
                if found[1] != payment["amount"]:
                    warnings.append(
                        issue(
                            record.row,
                            "reference",
                            payment["reference"],
                            Severity.WARNING,
                            "import.row.payment_differs",
                            recorded=str(found[1]),
                            amount=str(payment["amount"]),
                        )
                    )
                continue
            known[key] = (0, payment["amount"])
            pending.append((record, account_id, payment))
    # Payments first, so that a reversal in the same batch finds the payment it undoes.
    for kinds in ((PaymentKind.PAYMENT,), (PaymentKind.REVERSAL,)):
        rows = []
        for record, account_id, payment in pending:
            if payment["kind"] not in kinds:
                continue
            reverses_id = None
            if payment["kind"] is PaymentKind.REVERSAL and payment["reverses"]:
                reverses_id = connection.scalar(
                    select(PAYMENTS.c.id).where(
                        PAYMENTS.c.account_id == account_id,
                        PAYMENTS.c.reference == payment["reverses"],
                        PAYMENTS.c.kind == PaymentKind.PAYMENT,
                    )
                )
                if reverses_id is None:
                    warnings.append(
                        issue(
                            record.row,
                            "reverses",
                            payment["reverses"],
                            Severity.WARNING,
                            "import.row.reversal_unmatched",
                        )
                    )
            rows.append(
                {
                    "account_id": account_id,
                    "kind": payment["kind"],
                    "paid_at": payment["paid_at"],
                    "amount": payment["amount"],
                    "channel": payment["channel"],
                    "reference": payment["reference"],
                    "reverses_payment_id": reverses_id,
                    "source": source,
                    "posted_at": now,
                }
            )
        if rows:
            connection.execute(insert(PAYMENTS), rows)
        counts["payments_new"] += len(rows)

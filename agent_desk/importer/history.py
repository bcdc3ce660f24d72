"""The history under an account: payment instructions, bills (installments) and payments, from staged records.

Called by :class:`~agent_desk.importer.writer.PortfolioWriter`, a batch at a time.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from agent_desk.importer.bulk import Bulk, Change, Row
from agent_desk.importer.issues import Issue, Severity, issue
from agent_desk.importer.stage import Staged
from agent_desk.importer.tables import INSTALLMENTS, INSTRUCTIONS, PAYMENTS
from db.models import PaymentKind

_BILL_COLUMNS = ("seq", "due_date", "amount_due", "amount_paid", "paid_on", "status_code", "days_past_due")
PAYMENT, REVERSAL = PaymentKind.PAYMENT.value, PaymentKind.REVERSAL.value


def write_instructions(
    bulk: Bulk, records: Sequence[Staged], account_ids: dict[str, int], counts: Counter[str]
) -> None:
    """Payment instructions keyed by (account, kind, provider): a changed value is updated, a new one added."""
    with_some = [record for record in records if record["instructions"] and record["account_number"]]
    known: dict[tuple[int, str, str], Row] = {
        (row["account_id"], row["kind"], row["provider"].casefold()): row
        for row in bulk.select(
            INSTRUCTIONS,
            ("id", "account_id", "kind", "provider", "value"),
            "account_id",
            [account_ids[record["account_number"]] for record in with_some],
        )
    }
    new_rows: list[Row] = []
    updates: list[Change] = []
    for record in with_some:
        account_id = account_ids[record["account_number"]]
        for kind, provider, value in record["instructions"]:
            found = known.get((account_id, kind, provider.casefold()))
            if found is None:
                new_rows.append({"account_id": account_id, "kind": kind, "provider": provider, "value": value})
            elif found["value"] != value:
                updates.append((found["id"], {"value": value}, {"value": found["value"]}))
    for row, new_id in zip(new_rows, bulk.new_ids(INSTRUCTIONS, len(new_rows)), strict=True):
        row["id"] = new_id
    bulk.insert(INSTRUCTIONS, new_rows)
    bulk.update(INSTRUCTIONS, updates)
    counts["instructions_new"] += len(new_rows)
    counts["instructions_updated"] += len(updates)


def write_installments(
    bulk: Bulk, records: Sequence[Staged], account_ids: dict[str, int], counts: Counter[str]
) -> None:
    """Bills keyed by (account, seq): changed amounts, dates or status codes are updated, new periods added."""
    with_some = [record for record in records if record["installments"] and record["account_number"]]
    known: dict[tuple[int, int], Row] = {
        (row["account_id"], row["seq"]): row
        for row in bulk.select(
            INSTALLMENTS,
            ("id", "account_id", *_BILL_COLUMNS),
            "account_id",
            [account_ids[record["account_number"]] for record in with_some],
        )
    }
    new_rows: list[Row] = []
    updates: list[Change] = []
    for record in with_some:
        account_id = account_ids[record["account_number"]]
        for bill in record["installments"]:
            current = known.get((account_id, bill["seq"]))
            if current is None:
                new_rows.append({"account_id": account_id, "status_code": None, "days_past_due": None, **bill})
                continue
            changed = {key: value for key, value in bill.items() if current[key] != value}
            if changed:
                updates.append((current["id"], changed, {key: current[key] for key in changed}))
    for row, new_id in zip(new_rows, bulk.new_ids(INSTALLMENTS, len(new_rows)), strict=True):
        row["id"] = new_id
    bulk.insert(INSTALLMENTS, new_rows)
    bulk.update(INSTALLMENTS, updates)
    counts["installments_new"] += len(new_rows)
    counts["installments_updated"] += len(updates)


def write_payments(
    bulk: Bulk,
    records: Sequence[Staged],
    account_ids: dict[str, int],
    counts: Counter[str],
    warnings: list[Issue],
    *,
    now: str | None,
    source: str,
) -> None:
    """Payments keyed by (account, reference, kind); never edited once recorded (a different amount is a warning)."""
    ids = [account_ids[r["account_number"]] for r in records if r["payments"] and r["account_number"] in account_ids]
    known: dict[tuple[int, str, str], tuple[int, int]] = {
        (row["account_id"], row["reference"] or "", row["kind"]): (row["id"], row["amount"])
        for row in bulk.select(PAYMENTS, ("id", "account_id", "reference", "kind", "amount"), "account_id", ids)
    }
    pending: list[tuple[Staged, int, Staged]] = []
    for record in records:
        if record["account_number"] not in account_ids:
            continue
        account_id = account_ids[record["account_number"]]
        for payment in record["payments"]:
            key = (account_id, payment["reference"], payment["kind"])
            found = known.get(key)
            if found is not None:
                counts["payments_known"] += 1
                if found[1] != payment["amount"]:
                    warnings.append(
                        issue(
                            record["row"],
                            "reference",
                            payment["reference"],
                            Severity.WARNING,
                            "import.row.payment_differs",
                            recorded=_money(found[1]),
                            amount=_money(payment["amount"]),
                        )
                    )
                continue
            known[key] = (0, payment["amount"])
            pending.append((record, account_id, payment))
    rows = _payment_rows(bulk, pending, warnings, now=now, source=source)
    bulk.insert(PAYMENTS, rows)
    counts["payments_new"] += len(rows)


def _payment_rows(
    bulk: Bulk, pending: list[tuple[Staged, int, Staged]], warnings: list[Issue], *, now: str | None, source: str
) -> list[Row]:
    """The new payments' rows with their ids, payments before reversals so a reversal finds what it undoes."""
    reversed_ids = _reversed_ids(bulk, pending)
    rows: list[Row] = []
    for kind in (PAYMENT, REVERSAL):
        batch: list[Row] = []
        for record, account_id, payment in pending:
            if payment["kind"] != kind:
                continue
            reverses_id = None
            if kind == REVERSAL and payment["reverses"]:
                reverses_id = reversed_ids.get((account_id, payment["reverses"]))
                if reverses_id is None:
                    warnings.append(
                        issue(
                            record["row"],
                            "reverses",
                            payment["reverses"],
                            Severity.WARNING,
                            "import.row.reversal_unmatched",
                        )
                    )
            batch.append(
                {
                    "account_id": account_id,
                    "kind": kind,
                    "paid_at": payment["paid_at"],
                    "amount": payment["amount"],
                    "channel": payment["channel"],
                    "reference": payment["reference"],
                    "reverses_payment_id": reverses_id,
                    "source": source,
                    "posted_at": now,
                }
            )
        for row, new_id in zip(batch, bulk.new_ids(PAYMENTS, len(batch)), strict=True):
            row["id"] = new_id
            reversed_ids.setdefault((row["account_id"], row["reference"]), new_id)
        rows.extend(batch)
    return rows


def _reversed_ids(bulk: Bulk, pending: list[tuple[Staged, int, Staged]]) -> dict[tuple[int, str], int]:
    """The payments on record that this batch's reversals undo, by (account, reference)."""
    wanted = {(account_id, p["reverses"]) for _, account_id, p in pending if p["kind"] == "reversal" and p["reverses"]}
    if not wanted:
        return {}
    found: dict[tuple[int, str], int] = {}
    for row in bulk.select(PAYMENTS, ("id", "account_id", "reference", "kind"), "account_id", {a for a, _ in wanted}):
        key = (row["account_id"], row["reference"])
        if row["kind"] == PAYMENT and key in wanted:
            found[key] = row["id"]
    return found


def _money(cents: int | None) -> str:
    """Minor units shown as the amount they are (``125000000`` → ``1250000.00``)."""
    if cents is None:
        return ""
    sign = "-" if cents < 0 else ""
    whole, part = divmod(abs(cents), 100)
    return f"{sign}{whole}.{part:02d}"

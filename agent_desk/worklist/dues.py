"""What a customer owes *now*: the accounts with something overdue, or a bill coming due soon (a pre-due reminder).

An account that is current and has no bill coming due inside the pre-due stage owes nothing now, whatever its
balance: it is not in the calling order, and its balance never counts as expected recovery. The amount due now is
the arrears of an overdue account; the coming bill (installment or minimum due) of a current one.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

from agent_desk.worklist.facts import AccountFacts, CustomerFacts
from agent_desk.worklist.settings import Stage, WorklistSettings
from db.models import AccountStatus

ZERO = Decimal(0)


@dataclasses.dataclass(frozen=True)
class DueAccount:
    """A workable account with something due: days past due today (≤ 0: days before the due date), the stage,
    and the amount due now."""

    account: AccountFacts
    dpd: int
    stage: Stage
    amount: Decimal

    @property
    def overdue(self) -> bool:
        return self.dpd > 0


def effective_dpd(account: AccountFacts, today: dt.date) -> int | None:
    """Days past due today (the stored figure aged since the account was last updated); for a current account
    the days to its next due date as a negative number (0: due today); None when nothing is due."""
    delinquent = account.arrears > 0 or (account.days_past_due > 0 and account.status is not AccountStatus.CURRENT)
    if delinquent and account.days_past_due > 0:
        return account.days_past_due + max(0, (today - account.updated_at.date()).days)
    if delinquent:
        return 0  # arrears with no days past due recorded: due today
    if account.next_due_date is not None and account.next_due_date >= today:
        return -(account.next_due_date - today).days
    return None


def amount_due_now(account: AccountFacts, dpd: int) -> Decimal:
    """Overdue: the arrears (when the file gave none, the bills the days past due stand for). Current: what is
    unpaid of the coming bill (the installment or minimum due when the bills are not on record); never the whole
    balance."""
    bill = next((a for a in (account.minimum_due, account.installment_amount) if a is not None and a > 0), None)
    if dpd > 0 or account.arrears > 0:
        if account.arrears > 0:
            return min(account.arrears, account.outstanding)
        if bill is not None:
            months = max(1, -(-dpd // 30))
            return min(bill * months, account.outstanding)
        return account.outstanding
    if account.next_bill_unpaid is not None:
        return max(ZERO, min(account.next_bill_unpaid, account.outstanding))
    return min(bill, account.outstanding) if bill is not None else ZERO


def due_accounts(facts: CustomerFacts, settings: WorklistSettings, today: dt.date) -> list[DueAccount]:
    """The customer's workable accounts with something due now (an empty list: nothing to call about)."""
    due = []
    for account in facts.accounts:
        if account.status not in settings.workable_statuses or account.outstanding <= 0:
            continue
        dpd = effective_dpd(account, today)
        if dpd is None:
            continue
        stage = settings.stage_for(dpd)
        if stage is None:
            continue
        amount = amount_due_now(account, dpd)
        if dpd <= 0 and amount <= 0 and account.arrears <= 0:
            continue  # the coming bill is paid already: no reminder
        due.append(DueAccount(account, dpd, stage, amount))
    return due

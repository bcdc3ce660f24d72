"""The wrap-up form, Qt-free: what the agent typed → a checked :class:`OutcomeDraft`, with reasons in words.

The form's values are kept as text (as typed, and as the draft file stores them); :func:`build_outcome` checks
exactly what the chosen disposition needs and turns the text into typed values. The save service checks again.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo

from agent_desk.dispositions import DispositionSpec
from agent_desk.negotiation import PlanDraft
from agent_desk.resources import load_toml
from agent_desk.scheduling.outcomes import OutcomeDraft, PromiseDraft
from agent_desk.text import Amount, LocalTime, Message, currency_format

FIELDS = ("promise_amount", "promise_date", "promise_account", "promise_channel", "callback_local", "reason", "notes")


class FormError(ValueError):
    """The form cannot be saved yet; ``messages`` say why, one per problem."""

    def __init__(self, messages: list[Message]) -> None:
        super().__init__("; ".join(str(message) for message in messages))
        self.messages = messages


@dataclasses.dataclass(frozen=True)
class CallContext:
    """What the wrap-up knows about the call and the customer, beside the form."""

    draft_key: str
    customer_id: int
    user_id: int | None
    zone: str  # the customer's zone (the shown zone when unknown)
    currency: str
    main_account_id: int | None
    interaction_id: int | None = None
    contact_point_id: int | None = None
    script_stage: str | None = None
    objections: tuple[str, ...] = ()
    script_variant: str | None = None
    right_party_confirmed: bool = False


def delinquency_reasons() -> list[str]:
    return list(load_toml("delinquency_reasons.toml")["codes"])


def parse_amount(text: str, currency: str) -> Decimal:
    """Read an amount the way collectors type it: "1.250.000", "1250000", "Rp 1.250.000,00", "1,250,000"."""
    fmt = currency_format(currency)
    cleaned = re.sub(r"[^\d.,\-]", "", text.strip())
    if not cleaned or not re.search(r"\d", cleaned):
        raise ValueError(text)
    if (
        fmt.decimal_separator in cleaned
        and cleaned.rsplit(fmt.decimal_separator, 1)[1].isdigit()
        and len(cleaned.rsplit(fmt.decimal_separator, 1)[1]) <= 2
        and fmt.decimal_separator != fmt.group_separator
    ):
        whole, fraction = cleaned.rsplit(fmt.decimal_separator, 1)
    else:
        whole, fraction = cleaned, ""
    whole = whole.replace(".", "").replace(",", "")
    try:
        return Decimal(f"{whole}.{fraction}" if fraction else whole)
    except InvalidOperation as error:
        raise ValueError(text) from error


def build_outcome(
    spec: DispositionSpec | None, fields: dict[str, Any], call: CallContext, now: dt.datetime
) -> OutcomeDraft:
    """The outcome to save, or :class:`FormError` listing everything still missing or wrong."""
    if spec is None:
        raise FormError([Message.of("wrapup.choose_disposition")])
    problems: list[Message] = []
    promise = _promise(spec, fields, call, now, problems) if spec.needs_promise else None
    callback = _callback(fields, call, now, problems) if spec.needs_callback_time else None
    if problems:
        raise FormError(problems)
    plan = _plan(spec, fields, call, problems)
    if problems:
        raise FormError(problems)
    if plan is not None and promise is not None:  # the promise is the plan's first payment, on the plan's account
        promise = dataclasses.replace(promise, account_id=plan.account_id)
    reason = str(fields.get("reason") or "") or None
    notes = str(fields.get("notes") or "").strip() or None
    return OutcomeDraft(
        draft_key=call.draft_key,
        customer_id=call.customer_id,
        user_id=call.user_id,
        disposition_code=spec.code,
        interaction_id=call.interaction_id,
        contact_point_id=call.contact_point_id,
        callback_at=callback,
        promise=promise,
        plan=plan,
        reason_for_delinquency=reason,
        objections=call.objections,
        script_stage=call.script_stage,
        script_variant=call.script_variant,
        notes=notes,
        right_party_confirmed=call.right_party_confirmed,
    )


def _plan(
    spec: DispositionSpec, fields: dict[str, Any], call: CallContext, problems: list[Message]
) -> PlanDraft | None:
    """The calculator's plan, kept in the draft as a dict; only with a disposition that takes a promise."""
    data = fields.get("plan")
    if not data or not spec.needs_promise:
        return None
    try:
        plan = PlanDraft.from_dict(dict(data))
    except (KeyError, TypeError, ValueError, InvalidOperation):
        problems.append(Message.of("wrapup.plan_invalid"))
        return None
    if plan.customer_id != call.customer_id:
        problems.append(Message.of("wrapup.plan_invalid"))
        return None
    return plan


def _promise(
    spec: DispositionSpec, fields: dict[str, Any], call: CallContext, now: dt.datetime, problems: list[Message]
) -> PromiseDraft | None:
    del spec
    amount_text = str(fields.get("promise_amount") or "").strip()
    date_text = str(fields.get("promise_date") or "").strip()
    amount: Decimal | None = None
    if not amount_text:
        problems.append(Message.of("wrapup.amount_needed"))
    else:
        try:
            amount = parse_amount(amount_text, call.currency)
        except ValueError:
            problems.append(Message.of("wrapup.amount_invalid", text=amount_text))
        else:
            minor = currency_format(call.currency).minor_unit
            if amount <= 0:
                problems.append(Message.of("wrapup.amount_positive"))
                amount = None
            elif amount != amount.quantize(Decimal(1).scaleb(-minor)):
                problems.append(
                    Message.of("wrapup.amount_minor_unit", currency=call.currency, amount=Amount(amount, call.currency))
                )
                amount = None
    day: dt.date | None = None
    if not date_text:
        problems.append(Message.of("wrapup.date_needed"))
    else:
        try:
            day = dt.date.fromisoformat(date_text)
        except ValueError:
            problems.append(Message.of("wrapup.date_needed"))
        else:
            if day < now.astimezone(ZoneInfo(call.zone)).date():
                problems.append(Message.of("wrapup.date_past", day=day))
                day = None
    if amount is None or day is None:
        return None
    account = fields.get("promise_account")
    return PromiseDraft(
        amount=amount.quantize(Decimal("0.01")),
        due_date=day,
        account_id=int(account) if account else call.main_account_id,
        channel=str(fields.get("promise_channel") or "") or None,
    )


def _callback(
    fields: dict[str, Any], call: CallContext, now: dt.datetime, problems: list[Message]
) -> dt.datetime | None:
    text = str(fields.get("callback_local") or "").strip()
    if not text:
        problems.append(Message.of("wrapup.callback_needed"))
        return None
    try:
        local = dt.datetime.fromisoformat(text)
    except ValueError:
        problems.append(Message.of("wrapup.callback_needed"))
        return None
    moment = (local if local.tzinfo else local.replace(tzinfo=ZoneInfo(call.zone))).astimezone(dt.UTC)
    if moment <= now:
        problems.append(Message.of("wrapup.callback_past", local=LocalTime(moment, call.zone, with_date=True)))
        return None
    return moment

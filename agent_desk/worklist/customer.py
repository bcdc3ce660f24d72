"""One customer, read once for both uses: the profile the screen shows and the facts the rules decide on.

*Next* needs both for the same customer within milliseconds, so they come from one set of queries (built once,
run on the session's connection): :func:`load_customer`. :func:`load_profile` is the profile alone, for the
GUI when it opens a customer some other way. The set-based :func:`agent_desk.worklist.facts.load_facts` serves
the rebuild; a test holds the two paths to the same facts.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from decimal import Decimal
from typing import Any, TypeVar, cast

from sqlalchemy import BindParameter, Connection, Table, and_, bindparam, select
from sqlalchemy.orm import Session

from agent_desk.worklist.facts import (
    CustomerFacts,
    StoredScore,
    consent_hours,
    load_facts,
)
from agent_desk.worklist.profile import (
    AccountView,
    ActionView,
    ConsentView,
    ContactPointView,
    CustomerProfile,
    FlagView,
    InstallmentView,
    InstructionView,
    InteractionView,
    PaymentView,
    PlanView,
    PromiseView,
    mask_national_id,
)
from agent_desk.worklist.profile_facts import facts_from_profile
from db.models import (
    Account,
    ActionStatus,
    Consent,
    ContactPoint,
    Customer,
    CustomerFlag,
    CustomerScore,
    Disposition,
    Installment,
    Interaction,
    OutboxMessage,
    Outcome,
    PaymentPlan,
    PlanInstallment,
    Promise,
    ScheduledAction,
    WorklistEntry,
)
from db.models import Payment as PaymentRow
from db.models import PaymentInstruction as InstructionRow

# Calls read for one customer: enough for any lawful history (caps allow a few a day), checked below.
CALL_ROWS = 500
T = TypeVar("T")


def _make(cls: type[T], *values: Any) -> T:
    """A view from a result row's values (positional, in the view's field order)."""
    return cls(*values)


def _table(model: Any) -> Table:
    return cast(Table, model.__table__)


_C = _table(Customer).c
_F = _table(CustomerFlag).c
_P = _table(ContactPoint).c
_A = _table(Account).c
_I = _table(Installment).c
_PAY = _table(PaymentRow).c
_HOW = _table(InstructionRow).c
_CALL = _table(Interaction).c
_OUT = _table(Outcome).c
_DISP = _table(Disposition).c
_PROM = _table(Promise).c
_ACT = _table(ScheduledAction).c
_PLAN = _table(PaymentPlan).c
_PLAN_PART = _table(PlanInstallment).c
_CONS = _table(Consent).c
_ENTRY = _table(WorklistEntry).c
_MSG = _table(OutboxMessage).c
_SCORE = _table(CustomerScore).c
_ID: BindParameter[Any] = bindparam("customer_id")

_CUSTOMER = (
    select(
        _C.id,
        _C.customer_number,
        _C.full_name,
        _C.national_id,
        _C.birth_date,
        _C.language,
        _C.address_line,
        _C.city,
        _C.province,
        _C.timezone,
        _C.employer,
        _C.monthly_income,
        _C.assigned_user_id,
        _C.assigned_team_id,
        _ENTRY.lease_user_id,
        _ENTRY.lease_until,
        _ENTRY.skipped_until,
        _ENTRY.skip_reason,
        _SCORE.likelihood,
        _SCORE.reasons.label("score_reasons"),
        _SCORE.answer_rates,
        _SCORE.model_id,
        _SCORE.features.label("score_features"),
    )
    .select_from(_table(Customer))
    .outerjoin(_table(WorklistEntry), _ENTRY.customer_id == _C.id)
    .outerjoin(_table(CustomerScore), _SCORE.customer_id == _C.id)
    .where(_C.id == _ID)
)
_FLAGS = select(_F.id, _F.kind, _F.contact_point_id, _F.note, _F.set_at).where(
    _F.customer_id == _ID, _F.cleared_at.is_(None)
)
_POINTS = (
    select(
        _P.id,
        _P.kind,
        _P.owner,
        _P.owner_name,
        _P.e164,
        _P.raw_value,
        _P.dialable,
        _P.invalid_reason,
        _P.is_primary,
        _P.timezone_override,
        _P.verified_count,
        _P.wrong_number_count,
        _P.invalidated_at,
        _P.valid_from,
        _P.valid_until,
        _P.relationship_to_customer,
    )
    .where(_P.customer_id == _ID)
    .order_by(_P.id)
)
_ACCOUNTS = (
    select(
        _A.id,
        _A.account_number,
        _A.product,
        _A.product_name,
        _A.creditor,
        _A.currency,
        _A.principal,
        _A.outstanding,
        _A.arrears,
        _A.minimum_due,
        _A.installment_amount,
        _A.days_past_due,
        _A.bucket,
        _A.next_due_date,
        _A.status,
        _A.updated_at,
    )
    .where(_A.customer_id == _ID)
    .order_by(_A.id)
)
_INSTALLMENTS = (
    select(_I.account_id, _I.seq, _I.due_date, _I.amount_due, _I.amount_paid, _I.paid_on)
    .join(_table(Account), _A.id == _I.account_id)
    .where(_A.customer_id == _ID)
    .order_by(_I.account_id, _I.seq)
)
_PAYMENTS = (
    select(
        _PAY.account_id,
        _PAY.id,
        _PAY.kind,
        _PAY.paid_at,
        _PAY.amount,
        _PAY.channel,
        _PAY.reference,
        _PAY.reverses_payment_id,
        _PAY.posted_at,
    )
    .join(_table(Account), _A.id == _PAY.account_id)
    .where(_A.customer_id == _ID)
    .order_by(_PAY.paid_at.desc(), _PAY.id.desc())
)
_INSTRUCTIONS = (
    select(_HOW.account_id, _HOW.kind, _HOW.provider, _HOW.value)
    .join(_table(Account), _A.id == _HOW.account_id)
    .where(_A.customer_id == _ID)
    .order_by(_HOW.id)
)
_CALLS = (
    select(
        _CALL.id,
        _CALL.started_at,
        _CALL.answered_at,
        _CALL.ended_at,
        _CALL.talk_seconds,
        _CALL.contact_point_id,
        _CALL.user_id,
        _CALL.sip_code,
        _OUT.disposition_code,
        _OUT.notes,
        _CALL.recording_path,
        _CALL.direction,
        _DISP.right_party_contact,
        _CALL.manual_reason,
        _CALL.channel,
        _MSG.template,
        _MSG.status,
    )
    .select_from(_table(Interaction))
    .outerjoin(_table(Outcome), _OUT.interaction_id == _CALL.id)
    .outerjoin(_table(Disposition), _DISP.code == _OUT.disposition_code)
    .outerjoin(_table(OutboxMessage), _MSG.interaction_id == _CALL.id)
    .where(_CALL.customer_id == _ID)
    .order_by(_CALL.started_at.desc(), _CALL.id.desc())
    .limit(bindparam("limit"))
)
_TALKS = (
    select(_OUT.created_at)
    .join(_table(Disposition), and_(_DISP.code == _OUT.disposition_code, _DISP.right_party_contact.is_(True)))
    .where(
        _OUT.customer_id == _ID,
        _OUT.interaction_id.is_(None),
        _OUT.created_at >= bindparam("since"),
        _OUT.created_at <= bindparam("until"),
    )
)
_PROMISES = (
    select(
        _PROM.id,
        _PROM.account_id,
        _PROM.amount,
        _PROM.currency,
        _PROM.due_date,
        _PROM.status,
        _PROM.amount_paid,
        _PROM.check_at,
        _PROM.created_at,
    )
    .where(_PROM.customer_id == _ID)
    .order_by(_PROM.created_at.desc())
)
_ACTIONS = (
    select(_ACT.id, _ACT.kind, _ACT.due_at, _ACT.contact_point_id, _ACT.promise_id, _ACT.created_at)
    .where(_ACT.customer_id == _ID, _ACT.status == ActionStatus.OPEN)
    .order_by(_ACT.due_at, _ACT.id)
)
_PLANS = (
    select(
        _PLAN.id,
        _PLAN.account_id,
        _PLAN.kind,
        _PLAN.status,
        _PLAN.currency,
        _PLAN.total,
        _PLAN.discount_amount,
        _PLAN.created_at,
        _PLAN.decision_reason,
        _PLAN.decided_by_user_id,
        _PLAN.decided_at,
    )
    .where(_PLAN.customer_id == _ID)
    .order_by(_PLAN.created_at.desc())
)
_PLAN_PARTS = (
    select(_PLAN_PART.plan_id, _PLAN_PART.seq, _PLAN_PART.due_date, _PLAN_PART.amount)
    .join(_table(PaymentPlan), _PLAN.id == _PLAN_PART.plan_id)
    .where(_PLAN.customer_id == _ID)
    .order_by(_PLAN_PART.plan_id, _PLAN_PART.seq)
)
_CONSENTS = (
    select(_CONS.kind, _CONS.granted_at, _CONS.how, _CONS.expires_at, _CONS.revoked_at, _CONS.detail)
    .where(_CONS.customer_id == _ID)
    .order_by(_CONS.granted_at)
)


def load_profile(session: Session, customer_id: int, *, interactions: int = 100) -> CustomerProfile | None:
    """The profile of ``customer_id`` (its last ``interactions`` calls), or None if there is no such customer."""
    return _profile(session.connection(), customer_id, interactions)


def load_customer(
    session: Session, customer_id: int, now: dt.datetime, history_days: int = 90, *, interactions: int = 100
) -> tuple[CustomerProfile, CustomerFacts] | None:
    """The profile and the facts (as of ``now``, history back ``history_days``) of one customer."""
    connection = session.connection()
    profile = _profile(connection, customer_id, max(interactions, CALL_ROWS))
    if profile is None:
        return None
    since = now - dt.timedelta(days=history_days)
    if len(profile.interactions) == CALL_ROWS and profile.interactions[-1].started_at >= since:
        facts = load_facts(session, [customer_id], now, history_days)[customer_id]  # an unusually long history
    else:
        window = {"customer_id": customer_id, "since": since, "until": now}
        talks = [row.created_at for row in connection.execute(_TALKS, window)]
        facts = facts_from_profile(profile, talks, since, now)
    return dataclasses.replace(profile, interactions=profile.interactions[:interactions]), facts


def _profile(connection: Connection, customer_id: int, calls: int) -> CustomerProfile | None:
    key = {"customer_id": customer_id}
    customer = connection.execute(_CUSTOMER, key).first()
    if customer is None:
        return None
    installments: dict[int, list[InstallmentView]] = defaultdict(list)
    for part in connection.execute(_INSTALLMENTS, key):
        installments[part.account_id].append(InstallmentView(*tuple(part)[1:]))
    payments: dict[int, list[PaymentView]] = defaultdict(list)
    for pay in connection.execute(_PAYMENTS, key):
        payments[pay.account_id].append(
            PaymentView(
                pay.id,
                str(pay.kind),
                pay.paid_at,
                pay.amount,
                pay.channel,
                pay.reference,
                pay.reverses_payment_id,
                pay.posted_at,
            )
        )
    instructions: dict[int, list[InstructionView]] = defaultdict(list)
    for how in connection.execute(_INSTRUCTIONS, key):
        instructions[how.account_id].append(InstructionView(str(how.kind), how.provider, how.value))
    accounts = tuple(
        _make(AccountView, *row, tuple(installments[row.id]), tuple(payments[row.id]), tuple(instructions[row.id]))
        for row in connection.execute(_ACCOUNTS, key)
    )
    plans: tuple[PlanView, ...] = ()
    plan_rows = connection.execute(_PLANS, key).all()
    if plan_rows:
        parts: dict[int, list[tuple[int, dt.date, Decimal]]] = defaultdict(list)
        for row in connection.execute(_PLAN_PARTS, key):
            parts[row.plan_id].append((row.seq, row.due_date, row.amount))
        plans = tuple(
            _make(
                PlanView,
                *tuple(row)[:7],
                tuple(parts[row.id]),
                row.created_at,
                row.decision_reason,
                row.decided_by_user_id,
                row.decided_at,
            )
            for row in plan_rows
        )
    return CustomerProfile(
        id=customer.id,
        customer_number=customer.customer_number,
        full_name=customer.full_name,
        national_id_masked=mask_national_id(customer.national_id),
        birth_date=customer.birth_date,
        language=customer.language,
        address_line=customer.address_line,
        city=customer.city,
        province=customer.province,
        timezone=customer.timezone,
        employer=customer.employer,
        monthly_income=customer.monthly_income,
        flags=tuple(FlagView(*tuple(row)) for row in connection.execute(_FLAGS, key)),
        contact_points=tuple(ContactPointView(*tuple(row)) for row in connection.execute(_POINTS, key)),
        accounts=accounts,
        interactions=tuple(
            _make(InteractionView, *tuple(row)[:-5], bool(row.right_party_contact), row.manual_reason, *tuple(row)[-3:])
            for row in connection.execute(_CALLS, {**key, "limit": calls})
        ),
        promises=tuple(PromiseView(*tuple(row)) for row in connection.execute(_PROMISES, key)),
        plans=plans,
        consents=tuple(
            _make(ConsentView, *tuple(row)[:-1], consent_hours(row.detail))
            for row in connection.execute(_CONSENTS, key)
        ),
        actions=tuple(ActionView(*tuple(row)) for row in connection.execute(_ACTIONS, key)),
        assigned_user_id=customer.assigned_user_id,
        assigned_team_id=customer.assigned_team_id,
        lease_user_id=customer.lease_user_id,
        lease_until=customer.lease_until,
        skipped_until=customer.skipped_until,
        skip_reason=customer.skip_reason,
        score=StoredScore.from_row(
            customer.likelihood,
            customer.score_reasons,
            customer.answer_rates,
            customer.model_id,
            customer.score_features,
        ),
    )

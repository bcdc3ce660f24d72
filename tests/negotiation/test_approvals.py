"""The wrap-up save with a plan, and the approval flow — on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import select

from agent_desk.clock import FrozenClock
from agent_desk.negotiation import NegotiationError, decide, pending_approvals, plan_decisions
from agent_desk.scheduling.next_action import OutcomeError
from agent_desk.scheduling.outcomes import PromiseDraft, save_outcome
from db.engine import Database
from db.models import (
    ActionKind,
    ActionStatus,
    AuditEvent,
    PaymentPlan,
    PlanInstallment,
    PlanKind,
    PlanStatus,
    Promise,
    PromiseStatus,
    ScheduledAction,
)
from tests.negotiation.helpers import TODAY, make_book, outcome, plan
from tests.worklist.factories import NOW

Book = tuple[FrozenClock, dict[str, int]]


@pytest.fixture
def database(any_database: Database) -> Database:
    return any_database


@pytest.fixture
def book(database: Database) -> Book:
    return make_book(database)


def promises(database: Database, customer_id: int) -> list[Promise]:
    with database.session() as session:
        return list(session.scalars(select(Promise).where(Promise.customer_id == customer_id).order_by(Promise.id)))


def open_actions(database: Database, customer_id: int) -> list[ScheduledAction]:
    with database.session() as session:
        return list(
            session.scalars(
                select(ScheduledAction).where(
                    ScheduledAction.customer_id == customer_id, ScheduledAction.status == ActionStatus.OPEN
                )
            )
        )


def test_a_plan_within_authority_is_active_with_a_promise_per_installment(database: Database, book: Book) -> None:
    clock, ids = book
    saved = save_outcome(
        database, clock, outcome(database, ids, plan(ids, installments=3, first_date=TODAY + dt.timedelta(days=6)))
    )
    assert saved.plan_status == "active" and saved.plan_id is not None
    rows = promises(database, ids["customer"])
    assert [(p.amount, p.due_date, p.payment_plan_id) for p in rows] == [
        (Decimal(3_000_000), dt.date(2026, 11, 30), saved.plan_id),
        (Decimal(3_000_000), dt.date(2026, 12, 30), saved.plan_id),
        (Decimal(3_000_000), dt.date(2027, 1, 30), saved.plan_id),
    ]
    assert saved.promise_ids == tuple(p.id for p in rows) and saved.promise_id == rows[0].id
    assert all(p.check_at is not None for p in rows)
    # The first installment is the promise the check is scheduled for: 1 Dec (grace 1 day), 09:00 WITA.
    [check] = open_actions(database, ids["customer"])
    assert check.kind is ActionKind.PROMISE_CHECK and check.promise_id == rows[0].id
    assert check.due_at == dt.datetime(2026, 12, 1, 1, 0, tzinfo=dt.UTC) == rows[0].check_at
    with database.session() as session:
        stored = session.get(PaymentPlan, saved.plan_id)
        assert stored is not None
        assert stored.authority_used == "role:agent" and stored.decided_by_user_id == ids["agent"]
        assert session.query(PlanInstallment).filter_by(plan_id=saved.plan_id).count() == 3
    again = save_outcome(database, clock, outcome(database, ids, None, draft_key=_key(database, saved.outcome_id)))
    assert not again.created and again.plan_id == saved.plan_id and again.promise_ids == saved.promise_ids


def _key(database: Database, outcome_id: int) -> str:
    from db.models import Outcome

    with database.session() as session:
        return session.scalars(select(Outcome.draft_key).where(Outcome.id == outcome_id)).one()


def test_a_promise_given_with_the_plan_must_be_its_first_payment(database: Database, book: Book) -> None:
    clock, ids = book
    draft_plan = plan(ids, installments=2, first_date=TODAY + dt.timedelta(days=3))
    wrong = PromiseDraft(amount=Decimal(100_000), due_date=TODAY + dt.timedelta(days=3), account_id=ids["account"])
    with pytest.raises(OutcomeError) as refused:
        save_outcome(database, clock, outcome(database, ids, draft_plan, promise=wrong))
    assert refused.value.message.code == "negotiation.error.promise_differs"
    right = dataclasses.replace(wrong, amount=Decimal(4_500_000), channel="virtual_account")
    saved = save_outcome(database, clock, outcome(database, ids, draft_plan, promise=right))
    assert saved.plan_status == "active"
    assert [p.channel for p in promises(database, ids["customer"])] == ["virtual_account"] * 2


def test_a_direct_call_beyond_authority_only_requests_approval(database: Database, book: Book) -> None:
    clock, ids = book
    draft_plan = plan(ids, PlanKind.SETTLEMENT, discount_rate=Decimal("0.25"), installments=1)
    saved = save_outcome(database, clock, outcome(database, ids, draft_plan))
    assert saved.plan_status == "pending_approval" and saved.promise_ids == () and saved.promise_id is None
    assert promises(database, ids["customer"]) == []
    assert saved.next_action.code == "negotiation.next.awaiting_approval"
    [waiting] = open_actions(database, ids["customer"])
    assert waiting.kind is ActionKind.CALL and waiting.due_at == NOW + dt.timedelta(hours=48)
    with database.session() as session:
        stored = session.get(PaymentPlan, saved.plan_id)
        assert stored is not None
        assert stored.status is PlanStatus.PENDING_APPROVAL
        assert stored.authority_used is None and stored.decided_by_user_id is None
        assert (stored.discount_amount, stored.total) == (Decimal(2_250_000), Decimal(6_750_000))
    [decision] = [d for d in _decisions(database, ids) if d.plan_id == saved.plan_id]
    assert decision.summary.code == "negotiation.decision.pending"


def _decisions(database: Database, ids: dict[str, int]):  # type: ignore[no-untyped-def]
    with database.session() as session:
        return plan_decisions(session, ids["customer"])


def test_a_forged_draft_cannot_approve_itself_or_skip_the_policy(database: Database, book: Book) -> None:
    clock, ids = book
    # Nothing in a draft says "approved": the service decides from the user's authority in the database.
    saved = save_outcome(database, clock, outcome(database, ids, plan(ids, installments=12)))
    assert saved.plan_status == "pending_approval"
    # A base below the outstanding would be a hidden discount.
    with pytest.raises(OutcomeError) as hidden:
        save_outcome(
            database,
            clock,
            outcome(database, ids, plan(ids, PlanKind.SETTLEMENT, base_amount=Decimal(1_000_000), installments=1)),
        )
    assert hidden.value.message.code == "negotiation.error.cannot_save"
    assert "outstanding balance Rp 9.000.000" in hidden.value.message.render("en")
    with pytest.raises(OutcomeError):
        save_outcome(database, clock, outcome(database, ids, plan(ids, first_date=TODAY + dt.timedelta(days=90))))
    with pytest.raises(OutcomeError) as anonymous:
        save_outcome(database, clock, outcome(database, ids, plan(ids), user_id=None))
    assert anonymous.value.message.code == "negotiation.error.no_user"
    with database.session() as session:
        assert session.query(PaymentPlan).count() == 1  # nothing written by the refused saves


def test_an_agent_cannot_decide(database: Database, book: Book) -> None:
    clock, ids = book
    saved = save_outcome(database, clock, outcome(database, ids, plan(ids, installments=12)))
    assert saved.plan_id is not None
    with pytest.raises(NegotiationError) as refused:
        decide(database, clock, plan_id=saved.plan_id, supervisor_id=ids["agent"], approve=True, reason="")
    assert refused.value.message.code == "negotiation.error.not_approver"
    with pytest.raises(NegotiationError):
        pending_approvals(database, supervisor_id=ids["agent"])


def test_approval_creates_the_promises_and_the_first_check(database: Database, book: Book) -> None:
    clock, ids = book
    draft_plan = plan(ids, PlanKind.SETTLEMENT, discount_rate=Decimal("0.2"), installments=2, frequency="biweekly")
    saved = save_outcome(database, clock, outcome(database, ids, draft_plan))
    assert saved.plan_id is not None
    [request] = pending_approvals(database, supervisor_id=ids["supervisor"])
    assert request.plan_id == saved.plan_id and request.customer_name == "Siti Rahma"
    assert request.total == Decimal(7_200_000) and request.installments == 2
    assert [r.code for r in request.reasons] == ["negotiation.beyond_of.settlement"]  # names whose limit
    assert pending_approvals(database, supervisor_id=ids["other_supervisor"]) == []  # another team's
    assert len(pending_approvals(database, supervisor_id=ids["admin"])) == 1
    with pytest.raises(NegotiationError) as other_team:
        decide(database, clock, plan_id=saved.plan_id, supervisor_id=ids["other_supervisor"], approve=True, reason="")
    assert other_team.value.message.code == "negotiation.error.not_your_team"

    decision = decide(database, clock, plan_id=saved.plan_id, supervisor_id=ids["supervisor"], approve=True, reason="")
    assert decision.status is PlanStatus.ACTIVE and len(decision.promise_ids) == 2
    rows = promises(database, ids["customer"])
    assert [(p.amount, p.due_date, p.status) for p in rows] == [
        (Decimal(3_600_000), TODAY + dt.timedelta(days=7), PromiseStatus.PENDING),
        (Decimal(3_600_000), TODAY + dt.timedelta(days=21), PromiseStatus.PENDING),
    ]
    actions = open_actions(database, ids["customer"])
    assert [(a.kind, a.promise_id) for a in actions] == [(ActionKind.PROMISE_CHECK, rows[0].id)]
    with database.session() as session:
        stored = session.get(PaymentPlan, saved.plan_id)
        assert stored is not None
        assert stored.authority_used == "role:supervisor" and stored.decided_by_user_id == ids["supervisor"]
        assert session.query(AuditEvent).filter_by(action="plan.approved", entity_id=str(saved.plan_id)).count() == 1
    assert pending_approvals(database, supervisor_id=ids["supervisor"]) == []
    with pytest.raises(NegotiationError) as twice:
        decide(database, clock, plan_id=saved.plan_id, supervisor_id=ids["supervisor"], approve=False, reason="x")
    assert twice.value.message.code == "negotiation.error.not_pending"


def test_a_supervisor_cannot_approve_beyond_their_own_authority(database: Database, book: Book) -> None:
    clock, ids = book
    saved = save_outcome(
        database,
        clock,
        outcome(database, ids, plan(ids, PlanKind.SETTLEMENT, discount_rate=Decimal("0.5"), installments=1)),
    )
    assert saved.plan_id is not None
    with pytest.raises(NegotiationError) as refused:
        decide(database, clock, plan_id=saved.plan_id, supervisor_id=ids["supervisor"], approve=True, reason="")
    assert refused.value.message.code == "negotiation.error.beyond_approver"
    assert "50% is above your limit of 30%" in refused.value.message.render("en")
    decision = decide(
        database, clock, plan_id=saved.plan_id, supervisor_id=ids["supervisor"], approve=False, reason="Too large"
    )
    assert decision.status is PlanStatus.REJECTED


def test_the_policy_is_checked_again_at_decision_time(database: Database, book: Book) -> None:
    clock, ids = book
    saved = save_outcome(
        database, clock, outcome(database, ids, plan(ids, installments=12, first_date=TODAY + dt.timedelta(days=2)))
    )
    assert saved.plan_id is not None
    late = FrozenClock(NOW + dt.timedelta(days=4))  # the first payment date has passed meanwhile
    with pytest.raises(NegotiationError) as refused:
        decide(database, late, plan_id=saved.plan_id, supervisor_id=ids["supervisor"], approve=True, reason="")
    assert refused.value.message.code == "negotiation.error.policy_now"
    assert "has passed" in refused.value.message.render("en")
    assert promises(database, ids["customer"]) == []


def test_a_rejection_needs_a_reason_and_brings_the_customer_back(database: Database, book: Book) -> None:
    clock, ids = book
    saved = save_outcome(database, clock, outcome(database, ids, plan(ids, installments=12)))
    assert saved.plan_id is not None
    for blank in ("", "   "):
        with pytest.raises(NegotiationError) as refused:
            decide(database, clock, plan_id=saved.plan_id, supervisor_id=ids["supervisor"], approve=False, reason=blank)
        assert refused.value.message.code == "negotiation.error.reason_needed"
    decision = decide(
        database,
        clock,
        plan_id=saved.plan_id,
        supervisor_id=ids["supervisor"],
        approve=False,
        reason="Twelve months is too long for this balance; offer six",
    )
    assert decision.status is PlanStatus.REJECTED and decision.promise_ids == ()
    actions = open_actions(database, ids["customer"])
    assert [(a.kind, a.due_at, a.reason.get("plan_rejected")) for a in actions] == [
        (ActionKind.CALL, NOW, saved.plan_id)
    ]
    assert promises(database, ids["customer"]) == []
    [seen] = _decisions(database, ids)
    assert seen.status is PlanStatus.REJECTED and seen.reason is not None and "offer six" in seen.reason
    assert seen.decided_by is not None and seen.requested_by is not None
    assert "offer six" in seen.summary.render("id")

"""A plan beyond the supervisor's own authority: the reasons name whose limit is exceeded, and the request can be
escalated to someone whose authority covers it, who then sees it (whatever their team) and decides it."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from agent_desk.negotiation import (
    NegotiationError,
    approvers_for,
    decide,
    escalate,
    pending_approvals,
    set_user_authority,
)
from agent_desk.scheduling.outcomes import save_outcome
from db.engine import Database
from db.models import AuditEvent, PaymentPlan, PlanKind, PlanStatus, User
from tests.negotiation.helpers import make_book, outcome, plan

Book = tuple[object, dict[str, int]]


@pytest.fixture
def database(any_database: Database) -> Database:
    return any_database


@pytest.fixture
def book(database: Database) -> Book:
    return make_book(database)


def _names(database: Database, ids: dict[str, int]) -> dict[str, str]:
    with database.session() as session:
        return {key: session.get(User, ids[key]).display_name for key in ("agent", "supervisor", "other_supervisor")}  # type: ignore[union-attr]


def _half_off(database: Database, clock: object, ids: dict[str, int]) -> int:
    """An agent offers a settlement at 50 % off: beyond the agent (10 %) and a supervisor (30 %)."""
    saved = save_outcome(
        database,
        clock,  # type: ignore[arg-type]
        outcome(database, ids, plan(ids, PlanKind.SETTLEMENT, discount_rate=Decimal("0.5"), installments=1)),
    )
    assert saved.plan_status == "pending_approval" and saved.plan_id is not None
    return saved.plan_id


def test_the_reasons_name_whose_limit_is_exceeded(database: Database, book: Book) -> None:
    clock, ids = book
    names = _names(database, ids)
    _half_off(database, clock, ids)
    [request] = pending_approvals(database, supervisor_id=ids["supervisor"])
    assert [m.render("en") for m in request.reasons] == [
        f"A settlement discount of 50% is above the limit of {names['agent']} (10%)"
    ]
    assert [m.render("en") for m in request.beyond_you] == [
        f"A settlement discount of 50% is above the limit of {names['supervisor']} (30%)"
    ]
    assert "melebihi batas" in request.reasons[0].render("id")


def test_a_request_beyond_the_supervisor_is_escalated_to_someone_whose_authority_covers_it(
    database: Database, book: Book
) -> None:
    clock, ids = book
    names = _names(database, ids)
    plan_id = _half_off(database, clock, ids)
    assert approvers_for(database, plan_id=plan_id, supervisor_id=ids["supervisor"]) == []  # nobody's limit covers it
    set_user_authority(
        database,
        clock,
        actor_id=ids["admin"],
        user_id=ids["other_supervisor"],
        settlement=Decimal("0.6"),  # type: ignore[arg-type]
    )
    [choice] = approvers_for(database, plan_id=plan_id, supervisor_id=ids["supervisor"])
    assert (choice.user_id, choice.authority.max_settlement_discount) == (ids["other_supervisor"], Decimal("0.6"))
    # Not theirs to see before (another team), theirs once escalated.
    assert pending_approvals(database, supervisor_id=ids["other_supervisor"]) == []
    escalate(
        database,
        clock,  # type: ignore[arg-type]
        plan_id=plan_id,
        supervisor_id=ids["supervisor"],
        to_user_id=ids["other_supervisor"],
        note="Hardship, recommend",
    )
    [request] = pending_approvals(database, supervisor_id=ids["other_supervisor"])
    assert request.plan_id == plan_id and request.beyond_you == ()
    assert request.escalation is not None
    assert request.escalation.render("en") == f"Escalated to {names['other_supervisor']} by {names['supervisor']}"
    decision = decide(
        database,
        clock,  # type: ignore[arg-type]
        plan_id=plan_id,
        supervisor_id=ids["other_supervisor"],
        approve=True,
        reason="",
    )
    assert decision.status is PlanStatus.ACTIVE and decision.promise_ids
    with database.session() as session:
        stored = session.get(PaymentPlan, plan_id)
        assert stored is not None and stored.escalated_by_user_id == ids["supervisor"]
        assert stored.authority_used == f"user:{session.get(User, ids['other_supervisor']).login}"  # type: ignore[union-attr]
        audit = session.scalars(select(AuditEvent).where(AuditEvent.action == "plan.escalated")).one()
        assert audit.user_id == ids["supervisor"] and audit.after == {
            "escalated_to": ids["other_supervisor"],
            "note": "Hardship, recommend",
        }


@pytest.mark.parametrize(
    ("discount", "to", "code"),
    [
        ("0.2", "other_supervisor", "negotiation.escalation.error.not_beyond"),  # within the supervisor's own limit
        ("0.5", "admin", "negotiation.escalation.error.beyond_target"),  # the admin's limit is 30 % too
        ("0.5", "supervisor", "negotiation.escalation.error.to_self"),
        ("0.5", "agent", "negotiation.escalation.error.not_approver"),
    ],
)
def test_escalation_goes_only_where_it_helps(database: Database, book: Book, discount: str, to: str, code: str) -> None:
    clock, ids = book
    saved = save_outcome(
        database,
        clock,  # type: ignore[arg-type]
        outcome(database, ids, plan(ids, PlanKind.SETTLEMENT, discount_rate=Decimal(discount), installments=1)),
    )
    assert saved.plan_id is not None
    with pytest.raises(NegotiationError) as refused:
        escalate(
            database,
            clock,  # type: ignore[arg-type]
            plan_id=saved.plan_id,
            supervisor_id=ids["supervisor"],
            to_user_id=ids[to],
        )
    assert refused.value.message.code == code
    with database.session() as session:
        assert session.scalars(select(AuditEvent).where(AuditEvent.action == "plan.escalated")).first() is None

"""A small book for the negotiation tests: a team with an agent and a supervisor, a customer in WITA."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

from agent_desk.clock import FrozenClock
from agent_desk.negotiation import PlanDraft
from agent_desk.scheduling.outcomes import OutcomeDraft
from agent_desk.worklist import rebuild_worklist
from db.engine import Database
from db.models import PlanKind, Role, User
from tests.worklist import factories as f
from tests.worklist.factories import NOW, WITA

# NOW is Tuesday 24 November 2026, 11:00 WITA: the customer's today.
TODAY = dt.date(2026, 11, 24)


def staff(session: Any, role: Role, login: str, team_id: int | None) -> User:
    user = User(login=login, display_name=login.title(), role=role, team_id=team_id, created_at=NOW)
    session.add(user)
    session.flush()
    return user


def make_book(database: Database) -> tuple[FrozenClock, dict[str, int]]:
    clock = f.prepare(database)
    with database.transaction(write=True) as session:
        team = f.team(session)
        other_team = f.team(session)
        agent = f.agent(session, team_row=team)
        customer = f.customer(session, zone=WITA, team_row=team, name="Siti Rahma")
        first = f.number(session, customer, primary=True)
        account = f.account(session, customer, outstanding="9000000", arrears="1500000")
        ids = {
            "agent": agent.id,
            "supervisor": staff(session, Role.SUPERVISOR, f"spv{uuid.uuid4().hex[:6]}", team.id).id,
            "other_supervisor": staff(session, Role.SUPERVISOR, f"spv{uuid.uuid4().hex[:6]}", other_team.id).id,
            "admin": staff(session, Role.ADMIN, f"admin{uuid.uuid4().hex[:6]}", None).id,
            "customer": customer.id,
            "first": first.id,
            "account": account.id,
        }
    rebuild_worklist(database, clock)
    return clock, ids


def plan(ids: dict[str, int], kind: PlanKind = PlanKind.INSTALLMENTS, **extra: Any) -> PlanDraft:
    base = {
        PlanKind.INSTALLMENTS: Decimal(9_000_000),
        PlanKind.SETTLEMENT: Decimal(9_000_000),
        PlanKind.EARLY_PAYMENT: Decimal(1_500_000),
    }[kind]
    values: dict[str, Any] = {
        "kind": kind,
        "customer_id": ids["customer"],
        "account_id": ids["account"],
        "currency": "IDR",
        "base_amount": base,
        "installments": 6,
        "first_date": TODAY + dt.timedelta(days=7),
        "frequency": "monthly",
    }
    values.update(extra)
    return PlanDraft(**values)


def outcome(database: Database, ids: dict[str, int], draft_plan: PlanDraft | None, **extra: Any) -> OutcomeDraft:
    """The wrap-up of an answered call with the customer confirmed on the line."""
    values: dict[str, Any] = {
        "draft_key": str(uuid.uuid4()),
        "customer_id": ids["customer"],
        "user_id": ids["agent"],
        "disposition_code": "promise_to_pay",
        "contact_point_id": ids["first"],
        "plan": draft_plan,
        "right_party_confirmed": True,
    }
    values.update(extra)
    if "interaction_id" not in values:
        values["interaction_id"] = f.call_id(database, ids["customer"], ids["first"], values["user_id"])
    return OutcomeDraft(**values)

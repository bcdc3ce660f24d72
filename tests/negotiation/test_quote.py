"""Quoting: authority from the role or the user, the promise policy, consistency with the account, read-back."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agent_desk.clock import FrozenClock
from agent_desk.negotiation import (
    NegotiationError,
    authority_for,
    quote_plan,
    set_role_authority,
    set_user_authority,
    store_promise_policy,
)
from db.engine import Database
from db.models import AuditEvent, PlanKind, Role
from tests.negotiation.helpers import TODAY, make_book, plan


@pytest.fixture
def book(database: Database) -> tuple[FrozenClock, dict[str, int]]:
    return make_book(database)


def quote(database: Database, user_id: int, draft: object):  # type: ignore[no-untyped-def]
    with database.session() as session:
        return quote_plan(session, user_id, draft, today=TODAY)  # type: ignore[arg-type]


def codes(messages: tuple[object, ...]) -> list[str]:
    return [m.code for m in messages]  # type: ignore[attr-defined]


def test_role_defaults_come_from_the_resources_until_an_admin_changes_them(database: Database, book) -> None:  # type: ignore[no-untyped-def]
    clock, ids = book
    with database.session() as session:
        agent = authority_for(session, ids["agent"])
        supervisor = authority_for(session, ids["supervisor"])
    assert (agent.max_settlement_discount, agent.max_early_payment_discount, agent.max_installments) == (
        Decimal("0.10"),
        Decimal("0.05"),
        6,
    )
    assert agent.source == "role" and agent.label == "role:agent"
    assert supervisor.max_settlement_discount == Decimal("0.30") and supervisor.max_installments == 24
    changed = set_role_authority(database, clock, actor_id=ids["admin"], role=Role.AGENT, installments=9)
    assert changed.max_installments == 9 and changed.max_settlement_discount == Decimal("0.10")
    with database.session() as session:
        assert authority_for(session, ids["agent"]).max_installments == 9
        assert session.query(AuditEvent).filter_by(action="authority.role_changed").count() == 1


def test_a_user_override_wins_field_by_field(database: Database, book) -> None:  # type: ignore[no-untyped-def]
    clock, ids = book
    set_user_authority(database, clock, actor_id=ids["admin"], user_id=ids["agent"], settlement=Decimal("0.20"))
    with database.session() as session:
        authority = authority_for(session, ids["agent"])
    assert authority.max_settlement_discount == Decimal("0.20")
    assert authority.max_early_payment_discount == Decimal("0.05")  # still the role's
    assert authority.source == "user" and authority.label.startswith("user:agent")
    within = quote(
        database, ids["agent"], plan(ids, PlanKind.SETTLEMENT, discount_rate=Decimal("0.20"), installments=1)
    )
    assert not within.needs_approval and within.can_save
    set_user_authority(database, clock, actor_id=ids["admin"], user_id=ids["agent"], clear=True)
    beyond = quote(
        database, ids["agent"], plan(ids, PlanKind.SETTLEMENT, discount_rate=Decimal("0.20"), installments=1)
    )
    assert codes(beyond.beyond_authority) == ["negotiation.beyond.settlement"]


def test_only_an_admin_changes_limits(database: Database, book) -> None:  # type: ignore[no-untyped-def]
    clock, ids = book
    for actor in ("agent", "supervisor"):
        with pytest.raises(NegotiationError) as refused:
            set_role_authority(database, clock, actor_id=ids[actor], role=Role.AGENT, settlement=Decimal("0.9"))
        assert refused.value.message.code == "negotiation.error.admin_only"
        with pytest.raises(NegotiationError):
            set_user_authority(database, clock, actor_id=ids[actor], user_id=ids["agent"], installments=48)
    with pytest.raises(NegotiationError) as bad:
        set_role_authority(database, clock, actor_id=ids["admin"], role=Role.AGENT, settlement=Decimal("1.5"))
    assert bad.value.message.code == "negotiation.error.bad_rate"


def test_a_plan_within_the_agents_authority(database: Database, book) -> None:  # type: ignore[no-untyped-def]
    _, ids = book
    result = quote(
        database,
        ids["agent"],
        plan(ids, stated_income=Decimal(10_000_000), stated_expenses=Decimal(4_000_000)),
    )
    assert result.can_save and not result.needs_approval
    assert result.total == Decimal(9_000_000) and result.discount_amount == 0
    assert [p.amount for p in result.schedule] == [Decimal(1_500_000)] * 6
    assert result.affordability.affordable is True and result.affordability.share == Decimal("0.25")


def test_beyond_authority_lists_every_reason(database: Database, book) -> None:  # type: ignore[no-untyped-def]
    _, ids = book
    result = quote(
        database, ids["agent"], plan(ids, PlanKind.SETTLEMENT, discount_rate=Decimal("0.25"), installments=8)
    )
    assert result.can_save and result.needs_approval
    assert codes(result.beyond_authority) == ["negotiation.beyond.settlement", "negotiation.beyond.installments"]
    assert "25% is above your limit of 10%" in result.beyond_authority[0].render("en")
    assert result.discount_amount == Decimal(2_250_000) and result.total == Decimal(6_750_000)
    supervisor = quote(database, ids["supervisor"], result.draft)
    assert not supervisor.needs_approval


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"first_date": TODAY - dt.timedelta(days=1)}, "negotiation.error.first_date_past"),
        ({"first_date": TODAY + dt.timedelta(days=31)}, "negotiation.error.first_date_too_far"),
        ({"installments": 60, "frequency": "monthly"}, "negotiation.error.plan_too_long"),
        ({"installments": 61}, "negotiation.error.bad_installments"),
        ({"installments": 2, "first_amount": Decimal(40_000)}, "negotiation.error.payment_too_small"),
        ({"first_amount": Decimal(100_000)}, "negotiation.error.first_too_small"),
        ({"frequency": "daily"}, "negotiation.error.frequency"),
        ({"discount_rate": Decimal("0.05")}, "negotiation.error.installments_no_discount"),
        ({"base_amount": Decimal(9_500_000)}, "negotiation.error.base_above_outstanding"),
        ({"currency": "USD"}, "negotiation.error.currency"),
        ({"first_amount": Decimal(9_000_000)}, "negotiation.error.first_too_large"),
        ({"stated_income": Decimal(-1)}, "negotiation.error.negative_budget"),
    ],
)
def test_the_promise_policy_and_bad_input_refuse_a_plan(database: Database, book, changes, code) -> None:  # type: ignore[no-untyped-def]
    _, ids = book
    result = quote(database, ids["agent"], plan(ids, **changes))
    assert not result.can_save
    assert code in codes(result.policy_problems), codes(result.policy_problems)
    assert all(not message.render("id").startswith("negotiation.") for message in result.policy_problems)


def test_a_minimum_below_the_minimum_payment_is_fine_for_a_single_payment(database: Database, book) -> None:  # type: ignore[no-untyped-def]
    _, ids = book
    with database.transaction(write=True) as session:
        from db.models import Account

        account = session.get(Account, ids["account"])
        assert account is not None
        account.arrears = Decimal(30_000)
    result = quote(
        database, ids["agent"], plan(ids, PlanKind.EARLY_PAYMENT, base_amount=Decimal(30_000), installments=1)
    )
    assert result.can_save, codes(result.policy_problems)


def test_the_base_must_be_what_is_owed(database: Database, book) -> None:  # type: ignore[no-untyped-def]
    _, ids = book
    hidden = quote(
        database, ids["agent"], plan(ids, PlanKind.SETTLEMENT, base_amount=Decimal(5_000_000), installments=1)
    )
    assert "negotiation.error.base_outstanding" in codes(hidden.policy_problems)
    early = quote(
        database, ids["agent"], plan(ids, PlanKind.EARLY_PAYMENT, base_amount=Decimal(9_000_000), installments=1)
    )
    assert "negotiation.error.base_arrears" in codes(early.policy_problems)


def test_the_policy_is_editable_by_an_admin(database: Database, book) -> None:  # type: ignore[no-untyped-def]
    clock, ids = book
    far = plan(ids, first_date=TODAY + dt.timedelta(days=40))
    assert "negotiation.error.first_date_too_far" in codes(quote(database, ids["agent"], far).policy_problems)
    with pytest.raises(NegotiationError):
        store_promise_policy(database, clock, actor_id=ids["supervisor"], values={"max_days_ahead": 45})
    store_promise_policy(database, clock, actor_id=ids["admin"], values={"max_days_ahead": 45})
    assert quote(database, ids["agent"], far).can_save


def test_the_read_back_in_both_languages(database: Database, book) -> None:  # type: ignore[no-untyped-def]
    _, ids = book
    result = quote(
        database,
        ids["agent"],
        plan(ids, PlanKind.SETTLEMENT, discount_rate=Decimal("0.1"), installments=3, first_date=dt.date(2026, 11, 30)),
    )
    english = result.read_back("en", "Siti Rahma")
    assert "Siti Rahma" in english
    assert "Rp 900.000" in english and "Rp 8.100.000" in english and "10%" in english
    assert "Payment 1: Rp 2.700.000 by Mon 30 Nov 2026." in english
    assert "Payment 3: Rp 2.700.000 by" in english and "Jan 2027" in english
    indonesian = result.read_back("id", "Siti Rahma")
    assert indonesian.startswith("Bapak/Ibu Siti Rahma")
    assert "Pembayaran ke-1: Rp 2.700.000, paling lambat" in indonesian and "Nov 2026" in indonesian
    assert "{" not in english + indonesian
    pending = quote(
        database, ids["agent"], plan(ids, PlanKind.SETTLEMENT, discount_rate=Decimal("0.2"), installments=1)
    )
    assert "supervisor" in pending.read_back("en", "Siti")
    assert "persetujuan supervisor" in pending.read_back("id", "Siti")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    kind=st.sampled_from((PlanKind.SETTLEMENT, PlanKind.EARLY_PAYMENT)),
    basis=st.integers(0, 9_999),
    count=st.integers(1, 12),
)
def test_approval_is_needed_exactly_beyond_the_limits(database: Database, book, kind, basis, count) -> None:  # type: ignore[no-untyped-def]
    _, ids = book
    rate = Decimal(basis).scaleb(-4)
    first_date = TODAY + dt.timedelta(days=3)
    result = quote(
        database, ids["agent"], plan(ids, kind, discount_rate=rate, installments=count, first_date=first_date)
    )
    limit = Decimal("0.10") if kind is PlanKind.SETTLEMENT else Decimal("0.05")
    assert result.needs_approval == (rate > limit or count > 6)
    assert result.discount_amount + result.total == result.draft.base_amount
    if result.schedule:
        assert sum(p.amount for p in result.schedule) == result.total

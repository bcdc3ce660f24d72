"""The supervisor's call detail names the plan made in the call in words, in the interface language, never by
its codes ("settlement:pending_approval")."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from agent_desk.compliance.policy import load_policy
from db.models import Outcome, PaymentPlan, PlanKind, PlanStatus, User
from ui import text
from ui.supervisor.call_detail import CallDetailPane
from ui.translations import install_translations

pytestmark = [pytest.mark.gui]


def _team_outcome(session, supervisor) -> Outcome:  # type: ignore[no-untyped-def]
    """The first outcome saved by an agent of the supervisor's team (one the supervisor may review)."""
    team = session.get(User, supervisor.id).team_id
    outcome = session.scalars(
        select(Outcome).join(User, User.id == Outcome.user_id).where(User.team_id == team).order_by(Outcome.id)
    ).first()
    assert outcome is not None
    return outcome


def _detail_text(qtbot, qapp, context, background, supervisor, language, outcome_id, first_word) -> str:  # type: ignore[no-untyped-def]
    """The call detail's summary of ``outcome_id`` as the supervisor sees it in ``language``."""
    text.set_language(language)
    install_translations(qapp, language)
    try:
        pane = CallDetailPane(context, background, supervisor, load_policy())
        qtbot.addWidget(pane)
        pane.show()
        pane.show_outcome(outcome_id)
        qtbot.waitUntil(lambda: first_word in pane.summary.text(), timeout=10_000)
        return pane.summary.text()
    finally:
        text.set_language("en")
        install_translations(qapp, "en")


@pytest.mark.parametrize(
    ("language", "kind", "status"),
    [("en", "Settlement", "awaiting approval"), ("id", "Pelunasan", "menunggu persetujuan")],
)
def test_plan_is_shown_in_words(qtbot, qapp, context, background, users, language, kind, status) -> None:  # type: ignore[no-untyped-def]
    supervisor = users["supervisor"]
    with context.database.transaction(write=True) as session:
        outcome = _team_outcome(session, supervisor)
        outcome_id = outcome.id
        for old in session.scalars(select(PaymentPlan).where(PaymentPlan.outcome_id == outcome_id)):
            session.delete(old)
        session.add(
            PaymentPlan(
                customer_id=outcome.customer_id,
                outcome_id=outcome_id,
                kind=PlanKind.SETTLEMENT,
                status=PlanStatus.PENDING_APPROVAL,
                base_amount=Decimal("1000000.00"),
                total=Decimal("500000.00"),
                created_at=outcome.created_at,
            )
        )
    shown = _detail_text(qtbot, qapp, context, background, supervisor, language, outcome_id, kind)
    assert status in shown
    assert "pending_approval" not in shown and "settlement" not in shown


@pytest.mark.parametrize(
    ("language", "words", "codes"),
    [
        ("en", ("Arrears of 31–90 days", "stage reached: Close", "Cannot afford it now"), ("middle,", "cannot_afford")),
        ("id", ("Tunggakan 31–90 hari", "Penutup", "Belum mampu membayar sekarang"), ("middle,", "cannot_afford")),
    ],
)
def test_script_stage_and_objections_are_shown_in_words(  # type: ignore[no-untyped-def]
    qtbot, qapp, context, background, users, language, words, codes
) -> None:
    supervisor = users["supervisor"]
    with context.database.transaction(write=True) as session:
        outcome = _team_outcome(session, supervisor)
        outcome.script_variant, outcome.script_stage, outcome.objections = "middle", "close", ["cannot_afford"]
        outcome_id = outcome.id
    shown = _detail_text(qtbot, qapp, context, background, supervisor, language, outcome_id, words[0])
    assert all(word in shown for word in words), shown
    assert not any(code in shown for code in codes), shown

"""scripts/screenshots.py picks the account for its plan shot whatever customer heads the queue: one with a single
account (no "All accounts" entry, which once made it fail with ``min() arg is an empty sequence``) or several."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from agent_desk.worklist.customer import load_profile
from db.models import Account
from scripts.screenshots import smallest_account
from ui.panes.plan_panel import ALL_ACCOUNTS, PlanPanel

pytestmark = [pytest.mark.gui]


@pytest.mark.parametrize("accounts", [1, 3])
def test_plan_shot_picks_the_smallest_account(qtbot, context, background, users, accounts: int) -> None:  # type: ignore[no-untyped-def]
    with context.database.session() as session:
        customer_id = session.scalar(
            select(Account.customer_id).group_by(Account.customer_id).having(func.count() == accounts).limit(1)
        )
        assert customer_id is not None
        profile = load_profile(session, customer_id)
    assert profile is not None and len(profile.accounts) == accounts
    panel = PlanPanel(context, users["agent"], background)
    qtbot.addWidget(panel)
    panel.show_customer(profile)
    index = smallest_account(panel, profile.accounts)
    chosen = panel.account.itemData(index)
    assert chosen != ALL_ACCOUNTS
    assert chosen == min(profile.accounts, key=lambda a: a.outstanding).id

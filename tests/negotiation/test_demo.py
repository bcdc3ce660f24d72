"""A demo database has working limits before any admin sets them (role defaults from the resources)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import select

from agent_desk.demo import generate_portfolio
from agent_desk.negotiation import authority_for
from db.engine import Database
from db.models import Role, User


def test_demo_users_have_authority(database: Database) -> None:
    generate_portfolio(database, accounts=20, seed=3, now=dt.datetime(2026, 11, 24, 3, 0, tzinfo=dt.UTC))
    with database.session() as session:
        agent = session.scalars(select(User.id).where(User.role == Role.AGENT)).first()
        supervisor = session.scalars(select(User.id).where(User.role == Role.SUPERVISOR)).first()
        admin = session.scalars(select(User.id).where(User.role == Role.ADMIN)).first()
        assert agent is not None and supervisor is not None and admin is not None
        assert authority_for(session, agent).max_settlement_discount == Decimal("0.10")
        assert authority_for(session, agent).max_installments == 6
        assert authority_for(session, supervisor).max_early_payment_discount == Decimal("0.15")
        assert authority_for(session, admin).max_installments == 24

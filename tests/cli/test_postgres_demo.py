"""Team mode on a demo book: after ``demo-data`` on a real PostgreSQL server, the ordinary writes work.

The demo writes rows with ids of its own; PostgreSQL's id sequences must follow them, or the next payment, the
dial check's attempt and the wrap-up's outcome each fail with a duplicate key.
"""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from sqlalchemy import func, select

from agent_desk.cli.main import main
from agent_desk.clock import FrozenClock, parse_moment
from agent_desk.scheduling.outcomes import OutcomeDraft, save_outcome
from agent_desk.worklist import check_before_dial, next_for
from db.engine import open_database
from db.models import Account, Interaction, Outcome, Payment, Role, User
from db.sequences import reset_sequences

pytestmark = pytest.mark.postgres

AT = "2026-11-24T10:00+07:00"  # a Tuesday morning in Jakarta: calls are allowed


def test_demo_data_then_a_payment_a_dial_check_and_a_save(postgres_url: str, tmp_path: Path) -> None:
    assert main(["--db", postgres_url, "--at", AT, "demo-data", "--accounts", "60", "--seed", "3", "--quiet"]) == 0
    database = open_database(postgres_url, create=False)
    clock = FrozenClock(parse_moment(AT))
    try:
        with database.session() as session:
            account_number, payments_before = session.execute(
                select(Account.account_number, select(func.max(Payment.id)).scalar_subquery()).limit(1)
            ).one()
            agent_id = session.scalar(select(User.id).where(User.role == Role.AGENT).order_by(User.id))
        file = tmp_path / "bank.csv"
        file.write_text(f"account_number,paid_at,amount,reference\n{account_number},2026-11-23,150000,BANK-1\n")
        assert main(["--db", postgres_url, "--at", AT, "post-payments", str(file)]) == 0
        with database.session() as session:
            posted = session.scalar(select(Payment).where(Payment.reference == "BANK-1"))
            assert posted is not None and posted.id > (payments_before or 0)

        lease = None
        for _ in range(5):  # the agent's own queue may be empty at this hour: any agent with work will do
            lease = next_for(database, clock, agent_id)
            if lease is not None:
                break
            agent_id += 1
        assert lease is not None and lease.number_id is not None
        point_id = lease.number_id
        dial = check_before_dial(database, clock, agent_id, lease.customer_id, point_id)
        assert dial.allowed, dial.reasons
        saved = save_outcome(
            database,
            clock,
            OutcomeDraft(
                draft_key=str(uuid.uuid4()),
                customer_id=lease.customer_id,
                user_id=agent_id,
                disposition_code="no_answer",
                interaction_id=dial.interaction_id,
                contact_point_id=point_id,
            ),
        )
        assert saved.created
        with database.session() as session:
            largest_before = session.scalar(select(func.max(Outcome.id)).where(Outcome.id != saved.outcome_id))
            assert saved.outcome_id > (largest_before or 0)
            assert session.get(Interaction, dial.interaction_id) is not None
            # Setting them again changes nothing: every sequence already stands past its table's ids.
            assert reset_sequences(session) > 10
    finally:
        database.dispose()

"""A priority-weight or cadence experiment changes the queue itself: the rebuild scores each customer with their
arm's weights (so the challenger's customers move up the agent's queue), and the check at lease time and the
contact status pace them with their arm's cadence. The champion's customers are untouched."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select

from agent_desk.clock import FrozenClock
from agent_desk.demo import generate_portfolio
from agent_desk.experiments import ExperimentSpec, start_experiment
from agent_desk.worklist import rebuild_worklist
from agent_desk.worklist.queue_view import queue_lines
from agent_desk.worklist.settings import read_settings
from agent_desk.worklist.status import contact_status
from db.models import Channel, ExperimentArm, Interaction, Role, User, WorklistEntry
from tests.worklist import factories as f

WRITTEN = dt.datetime(2026, 11, 24, 2, 0, tzinfo=dt.UTC)
NOW = WRITTEN + dt.timedelta(hours=1)  # Tue 10:00 WIB
STARTS, ENDS = WRITTEN - dt.timedelta(days=1), WRITTEN + dt.timedelta(days=14)


def _start(database, kind: str, challenger: dict, seed: int) -> dict[int, str]:  # type: ignore[no-untyped-def]
    with database.transaction(write=True) as session:
        supervisor = session.scalar(select(User.id).where(User.role == Role.SUPERVISOR).limit(1))
        spec = ExperimentSpec(f"{kind} test", kind, {}, {}, challenger, STARTS, ENDS, seed=seed)
        experiment = start_experiment(session, supervisor, spec, STARTS)
        return dict(
            session.execute(
                select(ExperimentArm.customer_id, ExperimentArm.arm).where(ExperimentArm.experiment_id == experiment)
            ).all()
        )


def _scores(database) -> dict[int, Decimal]:  # type: ignore[no-untyped-def]
    with database.session() as session:
        return dict(session.execute(select(WorklistEntry.customer_id, WorklistEntry.score)).all())


def test_priority_weights_of_the_arm_rank_the_queue(sqlite_template: Path, tmp_path: Path) -> None:
    database = f.fresh_sqlite(sqlite_template, tmp_path)
    try:
        generate_portfolio(database, accounts=150, seed=5, now=WRITTEN)
        clock = FrozenClock(NOW)
        rebuild_worklist(database, clock)
        before = _scores(database)
        with database.session() as session:
            agent = session.scalar(select(User.id).where(User.role == Role.AGENT).order_by(User.id).limit(1))
            base = read_settings(session).priority.recovery_points
        arms = _start(database, "priority_weights", {"recovery_points": str(base * 20)}, seed=4)
        rebuild_worklist(database, clock)
        after = _scores(database)
        champion = [c for c, arm in arms.items() if arm == "champion" and before.get(c)]
        challenger = [c for c, arm in arms.items() if arm == "challenger" and before.get(c)]
        assert champion and challenger
        assert all(after[c] == before[c] for c in champion)  # the settings in force, to the cent
        raised = [c for c in challenger if after[c] > before[c]]
        assert len(raised) >= len(challenger) * 0.8  # everyone with something to recover scores higher
        assert all(after[c] >= before[c] for c in challenger)
        top = [line.customer_id for line in queue_lines(database, clock, agent, limit=10)]
        assert top and sum(arms.get(c) == "challenger" for c in top) > len(top) / 2
    finally:
        database.dispose()


def test_the_arms_cadence_paces_a_customer_called_today(sqlite_template: Path, tmp_path: Path) -> None:
    database = f.fresh_sqlite(sqlite_template, tmp_path)
    try:
        generate_portfolio(database, accounts=150, seed=5, now=WRITTEN)
        clock = FrozenClock(NOW)
        rebuild_worklist(database, clock)
        with database.session() as session:
            stages = read_settings(session).stages
        week = {stage.code: {"min_minutes_between_attempts": 7 * 24 * 60} for stage in stages}
        arms = _start(database, "cadence", week, seed=9)
        with database.transaction(write=True) as session:  # one unanswered call to each customer an hour ago
            agent = session.scalar(select(User.id).where(User.role == Role.AGENT).limit(1))
            for customer in arms:
                session.add(
                    Interaction(
                        customer_id=customer,
                        user_id=agent,
                        channel=Channel.CALL,
                        started_at=NOW - dt.timedelta(hours=1),
                        ended_at=NOW - dt.timedelta(hours=1) + dt.timedelta(seconds=30),
                        sip_code=480,
                    )
                )
        later = FrozenClock(NOW + dt.timedelta(days=2))
        paced = {c: contact_status(database, later, c) for c in arms}
        # Customers the schedule paces by the cadence (no callback or promise of their own due first).
        cadenced = {
            c: e for c, e in paced.items() if e is not None and any(r.code == "schedule.cadence" for r in e.reasons)
        }
        week_later = NOW - dt.timedelta(hours=1) + dt.timedelta(days=7)
        challenger = [e for c, e in cadenced.items() if arms[c] == "challenger"]
        assert len(challenger) >= 5
        assert all(e.ready_at is not None and e.ready_at >= week_later and not e.allowed for e in challenger)
        # The champion's customers keep the stage's own pause (hours): none is still held by the cadence.
        assert not [c for c in cadenced if arms[c] == "champion"]
        assert any(e.allowed for c, e in paced.items() if arms[c] == "champion" and e is not None)
    finally:
        database.dispose()

"""Champion/challenger: a seeded simulated split with a known effect is detected, one with no effect is not."""

from __future__ import annotations

import datetime as dt
import random
import uuid
from decimal import Decimal

import pytest
from sqlalchemy import func, insert, select

from agent_desk.compliance.policy import load_policy
from agent_desk.dispositions import sync_catalog
from agent_desk.experiments import ExperimentError, ExperimentSpec, compare_arms, start_experiment, variant_for
from agent_desk.text import render
from db import migrate
from db.engine import open_database
from db.models import (
    Account,
    AccountStatus,
    Customer,
    ExperimentArm,
    Interaction,
    Outcome,
    Product,
    Promise,
    PromiseStatus,
    Role,
    User,
)

START = dt.datetime(2026, 11, 2, 1, 0, tzinfo=dt.UTC)
END = dt.datetime(2026, 11, 30, 1, 0, tzinfo=dt.UTC)
NOW = dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.UTC)
CUSTOMERS = 1_600


@pytest.fixture
def book(sqlite_url):  # type: ignore[no-untyped-def]
    database = open_database(sqlite_url)
    migrate.upgrade(database)
    with database.transaction(write=True) as session:
        sync_catalog(session)
        for login, role in (("spv", Role.SUPERVISOR), ("agent", Role.AGENT)):
            session.add(User(login=login, display_name=login, role=role, created_at=START))
        session.flush()
        made = START - dt.timedelta(days=30)
        session.execute(
            insert(Customer),
            [
                {"id": n, "customer_number": f"C{n}", "full_name": f"C {n}", "created_at": made, "updated_at": made}
                for n in range(1, CUSTOMERS + 1)
            ],
        )
        session.execute(
            insert(Account),
            [
                {
                    "customer_id": n,
                    "account_number": f"A{n}",
                    "product": Product.PERSONAL_LOAN,
                    "outstanding": Decimal("1000000.00"),
                    "arrears": Decimal("300000.00"),
                    "days_past_due": 20,
                    "bucket": "dpd_1_30" if n % 10 else "dpd_31_60",
                    "status": AccountStatus.DELINQUENT,
                    "created_at": made,
                    "updated_at": made,
                }
                for n in range(1, CUSTOMERS + 1)
            ],
        )
    yield database
    database.dispose()


def _users(database):  # type: ignore[no-untyped-def]
    with database.session() as session:
        return dict(session.execute(select(User.login, User.id)).all())


def _start(database, name: str, seed: int = 11) -> int:  # type: ignore[no-untyped-def]
    spec = ExperimentSpec(
        name=name,
        kind="script_variant",
        segment={"bucket": "dpd_1_30"},
        champion={"variant": "early"},
        challenger={"variant": "middle"},
        starts_at=START,
        ends_at=END,
        seed=seed,
    )
    with database.transaction(write=True) as session:
        return start_experiment(session, _users(database)["spv"], spec, START)


def _simulate(database, experiment_id: int, rpc: dict[str, float], seed: int) -> None:  # type: ignore[no-untyped-def]
    """Two calls per customer of the experiment; a right-party contact with the arm's chance, a promise (kept
    half the time) on 40 % of them — the effect lives only in ``rpc``."""
    draw = random.Random(seed)
    agent = _users(database)["agent"]
    with database.transaction(write=True) as session:
        arms = session.execute(
            select(ExperimentArm.customer_id, ExperimentArm.arm).where(ExperimentArm.experiment_id == experiment_id)
        ).all()
        interactions, outcomes, promises = [], [], []
        next_id = 1
        for customer_id, arm in arms:
            for call in range(2):
                started = START + dt.timedelta(days=1 + call * 3, hours=draw.randint(0, 8))
                reached = draw.random() < rpc[arm]
                interactions.append(
                    {"id": next_id, "customer_id": customer_id, "user_id": agent, "started_at": started}
                )
                code = "no_answer"
                if reached:
                    code = "promise_to_pay" if draw.random() < 0.4 else "refused"
                outcomes.append(
                    {
                        "id": next_id,
                        "draft_key": str(uuid.UUID(int=draw.getrandbits(128))),
                        "interaction_id": next_id,
                        "customer_id": customer_id,
                        "user_id": agent,
                        "disposition_code": code,
                        "objections": [],
                        "created_at": started + dt.timedelta(minutes=3),
                    }
                )
                if code == "promise_to_pay":
                    kept = draw.random() < 0.5
                    promises.append(
                        {
                            "customer_id": customer_id,
                            "outcome_id": next_id,
                            "amount": Decimal("300000.00"),
                            "due_date": (started + dt.timedelta(days=3)).date(),
                            "status": PromiseStatus.KEPT if kept else PromiseStatus.BROKEN,
                            "amount_paid": Decimal("300000.00") if kept else Decimal("0.00"),
                            "created_by_user_id": agent,
                            "created_at": started + dt.timedelta(minutes=3),
                        }
                    )
                next_id += 1
        session.execute(insert(Interaction), interactions)
        session.execute(insert(Outcome), outcomes)
        session.execute(insert(Promise), promises)


def test_the_split_is_random_reproducible_and_limited_to_the_segment(book) -> None:
    first = _start(book, "one", seed=5)
    second = _start(book, "two", seed=5)
    with book.session() as session:
        arms = {
            e: dict(
                session.execute(
                    select(ExperimentArm.customer_id, ExperimentArm.arm).where(ExperimentArm.experiment_id == e)
                ).all()
            )
            for e in (first, second)
        }
        in_segment = session.scalar(select(func.count()).select_from(Account).where(Account.bucket == "dpd_1_30"))
    assert arms[first] == arms[second]  # the same seed and segment, the same split
    assert len(arms[first]) == in_segment == CUSTOMERS - CUSTOMERS // 10
    challengers = sum(arm == "challenger" for arm in arms[first].values())
    assert 0.45 < challengers / len(arms[first]) < 0.55
    customer, arm = next(iter(arms[first].items()))
    with book.session() as session:
        variant = variant_for(session, customer, "script_variant", NOW)
        assert variant == ({"variant": "middle"} if arm == "challenger" else {"variant": "early"})
        assert variant_for(session, customer, "script_variant", END + dt.timedelta(days=1)) is None
        assert variant_for(session, CUSTOMERS, "script_variant", NOW) is None  # dpd_31_60: outside the segment


def test_a_real_effect_is_detected(book) -> None:
    experiment = _start(book, "empathy opening")
    _simulate(book, experiment, {"champion": 0.25, "challenger": 0.35}, seed=3)
    with book.session() as session:
        comparison = compare_arms(session, experiment, load_policy(), NOW)
    rpc = next(m for m in comparison.metrics if m.metric == "rpc_rate")
    assert rpc.real and rpc.p_value is not None and rpc.p_value < 0.01
    assert rpc.low is not None and rpc.low > 1.0  # the challenger's rate is higher, the interval says so
    assert "real" in render(rpc.verdict, "en")
    assert comparison.arms[1].kpis.rpc > comparison.arms[0].kpis.rpc * 1.1
    ptp = next(m for m in comparison.metrics if m.metric == "ptp_rate")
    assert not ptp.real  # 40 % in both arms: no effect where none was put


def test_no_effect_is_not_called_real(book) -> None:
    experiment = _start(book, "same thing twice")
    _simulate(book, experiment, {"champion": 0.3, "challenger": 0.3}, seed=4)
    with book.session() as session:
        comparison = compare_arms(session, experiment, load_policy(), NOW)
    assert not any(metric.real for metric in comparison.metrics)
    rpc = next(m for m in comparison.metrics if m.metric == "rpc_rate")
    assert rpc.p_value is not None and rpc.p_value > 0.05
    assert "No real difference yet" in render(rpc.verdict, "en")


def test_too_few_results_say_so(book) -> None:
    experiment = _start(book, "just started")
    with book.session() as session:
        comparison = compare_arms(session, experiment, load_policy(), NOW)
    assert all(not metric.real for metric in comparison.metrics)
    assert "Too few results" in render(comparison.metrics[0].verdict, "en")


def test_bad_requests_are_refused(book) -> None:
    users = _users(book)
    spec = ExperimentSpec("x", "script_variant", {"bucket": "dpd_1_30"}, {}, {}, START, END)
    with book.transaction(write=True) as session:
        with pytest.raises(ExperimentError, match="Only supervisors"):
            start_experiment(session, users["agent"], spec, START)
        with pytest.raises(ExperimentError, match="not colour"):
            start_experiment(session, users["spv"], ExperimentSpec("y", "colour", {}, {}, {}, START, END), START)
        with pytest.raises(ExperimentError, match="No customer"):
            start_experiment(
                session,
                users["spv"],
                ExperimentSpec(
                    "z", "cadence", {"bucket": "none"}, {}, {"dpd_1_30": {"max_attempts_per_day": 2}}, START, END
                ),
                START,
            )


def test_a_script_experiment_needs_scripts_that_exist(book) -> None:
    spec = ExperimentSpec(
        "s", "script_variant", {"bucket": "dpd_1_30"}, {"variant": "early"}, {"variant": "shouting"}, START, END
    )
    with book.transaction(write=True) as session, pytest.raises(ExperimentError, match="scripts that exist"):
        start_experiment(session, _users(book)["spv"], spec, START)


def test_the_command_line_starts_lists_and_compares(book) -> None:
    import io

    from agent_desk.cli.main import build_parser, run

    def cli(*argv: str) -> tuple[int, str, str]:
        args = build_parser().parse_args(["--db", book.url.render_as_string(), "--at", "2026-11-20T17:00+07:00", *argv])
        out, err = io.StringIO(), io.StringIO()
        return run(args, out=out, err=err), out.getvalue(), err.getvalue()

    code, out, err = cli(
        "experiment", "start", "--name", "middle for early", "--kind", "script_variant", "--segment", "bucket=dpd_1_30",
        "--champion", "variant=early", "--challenger", "variant=middle", "--from", "2026-11-02", "--to", "2026-11-29",
        "--as", "spv",
    )  # fmt: skip
    assert code == 0, err
    assert "champion" in out and "challenger customers" in out
    with book.session() as session:
        experiment_id = session.scalar(select(func.max(ExperimentArm.experiment_id)))
    _simulate(book, experiment_id, {"champion": 0.25, "challenger": 0.35}, seed=3)
    code, out, _ = cli("experiment", "compare", "middle for early")
    assert code == 0 and "real  The difference is real: right-party contacts per attempt" in out
    code, out, _ = cli("experiment", "list")
    assert "middle for early · script_variant" in out
    code, _, err = cli(
        "experiment",
        "start",
        "--name",
        "x",
        "--kind",
        "cadence",
        "--from",
        "2026-11-02",
        "--to",
        "2026-11-01",
        "--as",
        "spv",
    )
    assert code == 2 and "ends before it starts" in err and "Traceback" not in err

"""``agent-desk queue`` and ``agent-desk worklist``: the printed worklist, its exact CSV, and the rebuild."""

from __future__ import annotations

import csv
import datetime as dt
import io
from contextlib import redirect_stdout

import pytest

from agent_desk.cli.main import main
from agent_desk.clock import FrozenClock
from agent_desk.demo.generator import generate_portfolio
from agent_desk.worklist import list_queue, rebuild_worklist
from db.engine import Database
from db.models import FlagKind
from tests.worklist import factories as f
from tests.worklist.factories import NOW, WIT, WITA

HEADER = [
    "account_number",
    "accounts",
    "customer_name",
    "stage",
    "score",
    "likelihood_to_pay",
    "allowed",
    "reasons",
    "next_allowed_at",
    "timezone",
    "local_time",
    "part_recovery",
    "part_urgency",
    "part_reachability",
    "part_pressure",
]


@pytest.fixture
def small(database: Database) -> tuple[FrozenClock, str]:
    clock = f.prepare(database)
    with database.transaction(write=True) as session:
        team = f.team(session, "Makassar")
        agent = f.agent(session, "siti", team_row=team)
        callable_ = f.customer(session, zone=WITA, user=agent, team_row=team, name="Ani Callable")
        f.number(session, callable_, primary=True)
        first = f.account(session, callable_, arrears="2000000")
        f.account(session, callable_, arrears="100000", dpd=3)
        late = f.customer(session, zone=WIT, team_row=team, name="Budi Papua")
        f.number(session, late, primary=True)
        f.account(session, late)
        flagged = f.customer(session, zone=None, name="Citra Unassigned")
        f.number(session, flagged, primary=True)
        f.account(session, flagged)
        f.flag(session, flagged, FlagKind.REPRESENTED_BY_LAWYER)
        main_account = first.account_number
    return clock, main_account


def run(database: Database, *argv: str, at: dt.datetime = NOW) -> tuple[int, str]:
    out = io.StringIO()
    with redirect_stdout(out):
        code = main(["--db", database.url.render_as_string(), "--at", at.isoformat(), *argv])
    return code, out.getvalue()


def test_queue_csv_has_the_exact_columns_and_one_row_per_customer(
    database: Database, small: tuple[FrozenClock, str]
) -> None:
    _clock, main_account = small
    at = dt.datetime(2026, 11, 24, 11, 30, tzinfo=dt.UTC)  # 19:30 WITA, 20:30 WIT
    code, text = run(database, "queue", "--all", "--format", "csv", at=at)
    assert code == 0
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][: len(HEADER)] == HEADER
    records = [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
    assert [r["customer_name"] for r in records] == ["Ani Callable", "Budi Papua", "Citra Unassigned"]
    ani, budi, citra = records
    assert ani["account_number"] == main_account and len(ani["accounts"].split(";")) == 2
    assert (ani["allowed"], ani["timezone"]) == ("true", "Asia/Makassar")
    # A callable row says why it may be called, so an auditor can check it without the database.
    assert ani["reasons"].split("; ") == [
        "Rp 2.100.000 overdue for 20 days",
        "No callback, promise or spacing to wait for",
        "Inside Mon–Sat 08:00–20:00 in WITA",
        "0 of 3 calls to the customer that day",
        "0 of 15 calls to the customer in 7 days",
        f"Called on the customer's own mobile …{ani['reasons'][-3:]}",
    ]
    assert ani["local_time"] == "2026-11-24T19:30:00+08:00"
    assert ani["next_allowed_at"] == "2026-11-24T11:30:00Z"
    assert 0 < float(ani["likelihood_to_pay"]) < 1
    parts = sum(float(ani[f"part_{name}"]) for name in ("recovery", "urgency", "reachability", "pressure"))
    assert abs(parts - float(ani["score"])) < 0.001
    assert budi["allowed"] == "false"
    assert budi["reasons"] == "Tuesday 20:30 WIT: outside 08:00–20:00"
    assert budi["next_allowed_at"] == "2026-11-24T23:00:00Z"  # Wednesday 08:00 WIT
    # The zone is unknown: every zone of the country was checked, and the CSV says so.
    assert citra["timezone"] == "Asia/Jakarta;Asia/Makassar;Asia/Jayapura" and citra["next_allowed_at"] == ""
    assert citra["local_time"] == "2026-11-24T18:30:00+07:00;2026-11-24T19:30:00+08:00;2026-11-24T20:30:00+09:00"
    # Every reason, the flag first; the zone is unknown, so the hours are those valid in every zone.
    assert citra["reasons"] == "Customer flagged: Represented by a lawyer; Tuesday 20:30 WIT: outside 08:00–20:00"


def test_queue_without_all_lists_only_callable_assigned_customers(
    database: Database, small: tuple[FrozenClock, str]
) -> None:
    code, text = run(database, "queue", "--format", "csv")
    names = [row["customer_name"] for row in csv.DictReader(io.StringIO(text))]
    assert code == 0 and names == ["Ani Callable", "Budi Papua"]
    code, text = run(database, "queue", "--agent", "siti", "--limit", "1", "--format", "csv")
    assert [row["customer_name"] for row in csv.DictReader(io.StringIO(text))] == ["Ani Callable"]
    code, text = run(database, "queue", "--agent", "nobody")
    assert code == 2


def test_queue_text_shows_reasons_in_the_chosen_language(database: Database, small: tuple[FrozenClock, str]) -> None:
    sunday = dt.datetime(2026, 11, 22, 2, 12, tzinfo=dt.UTC)
    code, text = run(database, "--lang", "id", "queue", "--all", at=sunday)
    assert code == 0
    assert "Minggu 10:12 WITA: di luar Senin–Sabtu" in text
    code, text = run(database, "queue", at=sunday)
    assert text.startswith("Nobody to call at")


def test_rebuild_reports_progress_and_keeps_leases(database: Database, small: tuple[FrozenClock, str]) -> None:
    clock, _ = small
    seen: list[tuple[int, int]] = []
    report = rebuild_worklist(database, clock, progress=lambda done, total: seen.append((done, total)), batch_size=2)
    assert report.customers == 3 and report.allowed == 2
    assert seen == [(0, 3), (2, 3), (3, 3)]
    code, text = run(database, "worklist", "rebuild")
    assert code == 0 and "Worklist rebuilt: 3 customers, 2 callable now" in text


def test_a_demo_portfolio_builds_a_consistent_worklist(database: Database) -> None:
    clock = f.prepare(database)
    generate_portfolio(database, accounts=300, seed=7, now=NOW)
    report = rebuild_worklist(database, clock)
    rows = list_queue(database, clock, include_all=True)
    assert len(rows) == report.customers > 150
    allowed = [row for row in rows if row.allowed]
    assert len(allowed) == report.allowed > 0
    for row in rows:
        assert row.allowed or row.reasons, row
        assert row.allowed is (row.next_allowed_at == NOW)
    assert [row.score for row in allowed] == sorted((row.score for row in allowed), reverse=True)

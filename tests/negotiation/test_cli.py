"""The negotiation subcommands, run in-process against a real database file."""

from __future__ import annotations

import io
from decimal import Decimal

from sqlalchemy import select

from agent_desk.cli.main import build_parser, run
from agent_desk.scheduling.outcomes import save_outcome
from db.engine import Database
from db.models import PlanKind, User
from tests.negotiation.helpers import make_book, outcome, plan
from tests.worklist.factories import NOW


def cli(database: Database, *argv: str, lang: str = "en") -> tuple[int, str, str]:
    url = database.engine.url.render_as_string(hide_password=False)
    args = build_parser().parse_args(["--db", url, "--at", NOW.isoformat(), "--lang", lang, *argv])
    out, err = io.StringIO(), io.StringIO()
    code = run(args, out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def login(database: Database, user_id: int) -> str:
    with database.session() as session:
        return session.scalars(select(User.login).where(User.id == user_id)).one()


def test_authority_show_and_set(database: Database) -> None:
    _, ids = make_book(database)
    code, out, _ = cli(database, "authority", "show")
    assert code == 0
    assert "Agent: settlement discount up to 10%, early-payment discount up to 5%, up to 6 payments" in out
    assert "Supervisor: settlement discount up to 30%" in out
    admin, agent = login(database, ids["admin"]), login(database, ids["agent"])
    code, out, err = cli(database, "authority", "set", "--role", "agent", "--settlement", "0.12", "--as", agent)
    assert code == 2 and "Only an admin" in err and "Traceback" not in err
    code, out, _ = cli(database, "authority", "set", "--role", "agent", "--settlement", "0.12", "--as", admin)
    assert code == 0 and "up to 12%" in out
    code, out, _ = cli(database, "authority", "set", "--user", agent, "--installments", "9", "--as", admin)
    assert code == 0 and "up to 9 payments (own limits)" in out
    code, out, _ = cli(database, "--lang", "id", "authority", "show", "--user", agent)
    assert "sampai 9 kali pembayaran (batas pribadi)" in out
    code, _, err = cli(database, "authority", "show", "--user", "nobody")
    assert code == 2 and "nobody" in err


def test_approvals_list_approve_reject_and_language_flags(database: Database) -> None:
    clock, ids = make_book(database)
    supervisor, agent = login(database, ids["supervisor"]), login(database, ids["agent"])
    code, out, _ = cli(database, "approvals", "list", "--as", supervisor)
    assert code == 0 and "No plans are awaiting approval" in out
    first = save_outcome(
        database,
        clock,
        outcome(
            database,
            ids,
            plan(ids, PlanKind.SETTLEMENT, discount_rate=Decimal("0.2"), installments=1),
            notes="dasar tolol",
        ),
    )
    second = save_outcome(database, clock, outcome(database, ids, plan(ids, installments=10)))
    code, out, _ = cli(database, "approvals", "list", "--as", supervisor)
    assert code == 0
    assert f"Plan {first.plan_id} · Siti Rahma · Settlement · Rp 7.200.000 (Rp 1.800.000 off Rp 9.000.000)" in out
    assert "why: A settlement discount of 20% is above the limit of Agent" in out  # the requester's limit, by name
    assert "(10%)" in out and "why: 10 payments are more than the limit of Agent" in out
    code, _, err = cli(database, "approvals", "list", "--as", agent)
    assert code == 2 and "supervisor" in err
    code, out, _ = cli(database, "approvals", "approve", str(first.plan_id), "--as", supervisor)
    assert code == 0 and f"Plan {first.plan_id} is now active. Next: Promise check" in out
    code, _, err = cli(database, "approvals", "reject", str(second.plan_id), "--as", supervisor)
    assert code == 2 and "reason" in err
    code, out, _ = cli(
        database,
        "--lang",
        "id",
        "approvals",
        "reject",
        str(second.plan_id),
        "--reason",
        "Terlalu lama",
        "--as",
        supervisor,
    )
    assert code == 0 and "sekarang ditolak" in out
    code, out, _ = cli(database, "language-flags", "list")
    assert code == 0 and "Humiliation: “tolol”" in out and "Agent" in out


def test_authority_policy_shows_and_an_admin_changes_it(database: Database) -> None:
    _, ids = make_book(database)
    code, out, _ = cli(database, "authority", "policy")
    assert code == 0
    assert "at most 30 days ahead" in out and "Rp 50.000" in out
    admin, agent = login(database, ids["admin"]), login(database, ids["agent"])
    code, _, err = cli(database, "authority", "policy", "--max-days", "14", "--as", agent)
    assert code == 2 and "Only an admin" in err
    code, _, err = cli(database, "authority", "policy", "--max-days", "14")
    assert code == 2
    code, _, err = cli(database, "authority", "policy", "--min-amount", "IDR=lots", "--as", admin)
    assert code == 2 and "IDR=lots" in err
    code, out, _ = cli(database, "authority", "policy", "--max-days", "14", "--min-amount", "IDR=100000", "--as", admin)
    assert code == 0 and "at most 14 days ahead" in out and "Rp 100.000" in out
    code, out, _ = cli(database, "--lang", "id", "authority", "policy")
    assert "paling lambat 14 hari lagi" in out and "Rp 100.000" in out

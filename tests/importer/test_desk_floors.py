"""While an import is being applied on SQLite, each desk door agrees on who is out of reach: a customer it wrote, an
older customer it gave a new account, and an older customer it gave a new number (an undo would delete that number,
and a call placed on it would stop the undo). The queue, its count, Next, the customer list and the screen-pop leave
them out; a call on them is refused; once the import is done they are all back.

The unfinished import is its run row, as the importer writes it when it starts (status ``applying`` and the first
ids it writes); tests/importer/test_desk_between_batches.py shows the same with a real import between batches."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select, update

from agent_desk.auth.guard import CustomerImportingError
from agent_desk.clock import FrozenClock
from agent_desk.portfolio import customer_rows
from agent_desk.scheduling.attempts import record_manual_call
from agent_desk.softphone.lookup import find_caller
from agent_desk.worklist import next_for, rebuild_worklist, release_lease
from agent_desk.worklist.queue_view import count_ready, queue_lines
from db.engine import Database
from db.models import Account, ContactPoint, Customer, ImportRun
from tests.worklist import factories as f
from tests.worklist.factories import NOW, WIB


@pytest.fixture
def book(database: Database) -> tuple[FrozenClock, dict[str, Any]]:
    """One agent with four customers in the queue: ``kept`` (untouched by the import), ``numbered`` (an older
    customer the import gave a second number), ``widened`` (an older one it gave a new account) and ``new`` (one it
    wrote); the import is still applying."""
    clock = f.prepare(database)
    with database.transaction(write=True) as session:
        team = f.team(session)
        agent = f.agent(session, team_row=team)
        older = {}
        for name, arrears in (("kept", "500000"), ("numbered", "900000"), ("widened", "800000")):
            row = f.customer(session, zone=WIB, user=agent, team_row=team, name=name.title())
            older[name] = (row, f.number(session, row, primary=True))
            f.account(session, row, arrears=arrears, outstanding="9000000")
        floors = {
            "customers_from": session.scalar(select(func.max(Customer.id))) + 1,
            "accounts_from": session.scalar(select(func.max(Account.id))) + 1,
            "contact_points_from": session.scalar(select(func.max(ContactPoint.id))) + 1,
        }
        second = f.number(session, older["numbered"][0])  # what the import's batches wrote so far
        f.account(session, older["widened"][0], arrears="7000000", outstanding="9000000")
        new = f.customer(session, zone=WIB, user=agent, team_row=team, name="New")
        new_number = f.number(session, new, primary=True)
        f.account(session, new, arrears="9900000", outstanding="9900000")
        session.add(
            ImportRun(
                kind="import", status="applying", started_at=NOW, finished_at=NOW, file_name="book.csv",
                file_fingerprint="0", file_size=0, mapping_fingerprint="", skip_bad_rows=False,
                full_portfolio=False, rows_read=0, rows_imported=0, rows_rejected=0, warnings=0, counts=floors,
            )
        )  # fmt: skip
        ids = {name: row.id for name, (row, _point) in older.items()} | {"new": new.id, "agent": agent.id}
        points = {name: point.id for name, (_row, point) in older.items()} | {"second": second.id}
        numbers = {"kept": older["kept"][1].e164, "second": second.e164, "new": new_number.e164}
    rebuild_worklist(database, clock)
    return clock, {"ids": ids, "points": points, "numbers": numbers}


def test_every_door_leaves_out_what_an_unfinished_import_may_take_back(
    database: Database, book: tuple[FrozenClock, dict[str, Any]]
) -> None:
    clock, known = book
    ids, points, numbers = known["ids"], known["points"], known["numbers"]
    agent = ids["agent"]
    lines = queue_lines(database, clock, agent)
    assert [line.customer_id for line in lines] == [ids["kept"]]
    assert count_ready(database, clock, agent) == len(lines) == 1  # the count says what the list shows
    with database.session() as session:
        listed = [row.customer_id for row in customer_rows(session, offset=0, limit=10, search="")]
        assert listed == [ids["kept"]]
        assert find_caller(session, numbers["second"]) is None  # the new number rings in: nobody yet
        assert find_caller(session, numbers["new"]) is None
        assert find_caller(session, numbers["kept"]).customer_id == ids["kept"]
    for name in ("numbered", "widened"):
        with pytest.raises(CustomerImportingError):
            record_manual_call(
                database, clock, user_id=agent, customer_id=ids[name], contact_point_id=points[name],
                at=clock.now(), reason="test", connected=False,
            )  # fmt: skip
    lease = next_for(database, clock, agent)
    assert lease is not None and lease.customer_id == ids["kept"]  # not the bigger arrears of the others
    release_lease(database, clock, agent, ids["kept"])
    with database.transaction(write=True) as session:
        session.execute(update(ImportRun).values(status="done"))
    lines = queue_lines(database, clock, agent)
    assert sorted(line.customer_id for line in lines) == sorted(ids[n] for n in ("kept", "numbered", "widened", "new"))
    assert count_ready(database, clock, agent) == 4
    with database.session() as session:
        assert find_caller(session, numbers["second"]).customer_id == ids["numbered"]
    lease = next_for(database, clock, agent)
    assert lease is not None and lease.customer_id != ids["kept"]  # the biggest arrears come first again

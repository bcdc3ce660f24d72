"""On SQLite an import commits its batches one by one and, when a later batch fails, takes them back out. Between
the batches the desk runs on its own connection: what an agent reaches then, and what becomes of what they save."""

from __future__ import annotations

import types
from pathlib import Path

import pytest
from sqlalchemy import func, insert, select, update

from agent_desk.auth.guard import CustomerImportingError
from agent_desk.clock import FrozenClock
from agent_desk.dispositions import sync_catalog
from agent_desk.importer import apply as apply_module
from agent_desk.importer import writer as writer_module
from agent_desk.portfolio import customer_rows
from agent_desk.scheduling.attempts import record_manual_call
from agent_desk.scheduling.outcomes import OutcomeDraft, save_outcome
from agent_desk.softphone.lookup import find_caller
from agent_desk.worklist import rebuild_worklist
from agent_desk.worklist.queue_view import queue_lines
from db.engine import Database, open_database
from db.models import ContactPoint, Customer, ImportRun, Interaction, Role, User
from tests.importer.conftest import FIXTURES, digest, run

NEW_NUMBER = "0812-9876-5432"


def _export_with_new_customers(path: Path, rows: int) -> Path:
    """The bank export, then ``rows`` new customers, the first with a mobile number nobody in the book has."""
    lines = (FIXTURES / "bank_export.csv").read_bytes().decode("cp1252").splitlines()
    template = lines[3]
    extra = [template.replace("KTA0000000101", f"KTA7{n:09d}").replace("CIF0001", f"CIF7{n:06d}") for n in range(rows)]
    extra[0] = extra[0].replace("0812-3456-7890", NEW_NUMBER)
    extra.insert(1, lines[4].replace("CC0000000201", "CC7000000201"))  # and an older customer gets a new account
    return path.write_bytes(("\r\n".join([*lines, *extra]) + "\r\n").encode("cp1252")) and path


def test_what_an_agent_saves_on_a_customer_of_an_unfinished_import(
    database: Database, clock: FrozenClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The import's first batches are in; the agent (own connection, the real desk services) looks for a customer the
    import has just written and tries to call them; then a later batch fails and the import is undone. What the agent
    saved must not be lost, and the book must be as before."""
    run(database, clock, "bank_export.csv", "bank_export.toml")
    with database.transaction(write=True) as session:
        sync_catalog(session)
        agent_id = session.execute(
            insert(User).returning(User.id),
            {"login": "agent.a", "display_name": "A", "role": Role.AGENT, "created_at": clock.now()},
        ).scalar_one()
    with database.transaction(write=True) as session:
        old_id, old_number = session.execute(
            select(Customer.id, ContactPoint.id)
            .join(ContactPoint, ContactPoint.customer_id == Customer.id)
            .where(Customer.customer_number == "CIF0001")
        ).first()
        session.execute(update(Customer).where(Customer.id == old_id).values(assigned_user_id=agent_id))
        widened_id, widened_number = session.execute(
            select(Customer.id, ContactPoint.id)
            .join(ContactPoint, ContactPoint.customer_id == Customer.id)
            .where(Customer.customer_number == "CIF0002")
        ).first()
        session.execute(update(Customer).where(Customer.id == widened_id).values(assigned_user_id=agent_id))
    before = digest(database)
    desk = open_database(database.url.render_as_string(hide_password=False))  # the agent's own connection
    book = _export_with_new_customers(tmp_path / "book.csv", 1500)
    seen: dict[str, object] = {}

    def between_batches(seconds: float) -> None:
        if seen:
            return
        with desk.session() as session:
            new = session.execute(
                select(Customer.id, ContactPoint.id, ContactPoint.e164)
                .join(ContactPoint, ContactPoint.customer_id == Customer.id)
                .where(Customer.customer_number == "CIF7000000")
            ).first()
            seen["committed"] = new is not None
            match = find_caller(session, NEW_NUMBER)  # it rings in: the screen-pop
            seen["screen_pop"] = match.customer_id if match is not None else None
            seen["new"] = new[0] if new is not None else None
        if new is None:
            return
        customer_id, number_id, _ = new
        with desk.transaction(write=True) as session:  # the new customer is the agent's own work
            session.execute(update(Customer).where(Customer.id == customer_id).values(assigned_user_id=agent_id))
        rebuild_worklist(desk, clock)  # …and the queue is rebuilt meanwhile (say, by another desk)
        with pytest.raises(CustomerImportingError) as refused:  # a manual call on them (profile, search…)
            record_manual_call(
                desk, clock, user_id=agent_id, customer_id=customer_id, contact_point_id=number_id,
                at=clock.now(), reason="test", connected=False,
            )  # fmt: skip
        seen["refused"] = refused.value.message.code
        with pytest.raises(CustomerImportingError):  # a wrap-up saved on them says why, not "no call"
            save_outcome(
                desk, clock, OutcomeDraft(draft_key="between-batches", customer_id=customer_id, user_id=agent_id,
                                          disposition_code="no_answer"),
            )  # fmt: skip
        seen["queue"] = [
            line.customer_id
            for waiting in (False, True)
            for line in queue_lines(desk, clock, agent_id, waiting=waiting, search="CIF7000000")
        ]
        with desk.session() as session:  # the customer list (supervisors, admins) finds nobody either
            seen["list"] = [row.customer_id for row in customer_rows(session, offset=0, limit=10, search="CIF7000000")]
        with pytest.raises(CustomerImportingError):  # an older customer with an account the import may take out
            record_manual_call(
                desk, clock, user_id=agent_id, customer_id=widened_id, contact_point_id=widened_number,
                at=clock.now(), reason="test", connected=False,
            )  # fmt: skip
        # The customers the book had before the import stay workable: a call on one of them is recorded and kept.
        seen["old_call"] = record_manual_call(
            desk, clock, user_id=agent_id, customer_id=old_id, contact_point_id=old_number,
            at=clock.now(), reason="test", connected=False,
        ).interaction_id  # fmt: skip

    monkeypatch.setattr(
        apply_module, "time", types.SimpleNamespace(perf_counter=apply_module.time.perf_counter, sleep=between_batches)
    )
    real_write = writer_module.PortfolioWriter.write

    def failing_write(self: writer_module.PortfolioWriter, records: list[dict[str, object]]) -> object:
        if any(record["account_number"] == "KTA7000001499" for record in records):
            raise RuntimeError("disk full")
        return real_write(self, records)  # type: ignore[arg-type]

    monkeypatch.setattr(writer_module.PortfolioWriter, "write", failing_write)
    with pytest.raises(RuntimeError, match="disk full"):
        run(database, clock, book, "bank_export.toml", rebuild_worklist=False)
    assert (
        seen["committed"] and seen["screen_pop"] != seen["new"] and seen["refused"] == "import.desk.customer_importing"
    )
    assert seen["queue"] == [] and seen["list"] == []
    after = digest(database)
    changed = {table for table in before if before[table] != after[table]}
    assert changed == {"interactions"}, changed  # undone whole; the one change is the agent's call, kept
    with database.session() as session:
        assert session.scalar(select(Interaction.customer_id).where(Interaction.id == seen["old_call"])) == old_id
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(ImportRun).where(ImportRun.status != "done")) == 0
        number = session.scalar(
            select(ContactPoint.e164).where(
                ContactPoint.customer_id
                == session.scalar(select(Customer.id).where(Customer.customer_number == "CIF0001"))
            )
        )
        assert find_caller(session, number) is not None  # with no import under way, the screen-pop finds them
    desk.dispose()

"""On SQLite an import commits its batches one by one and, when a later batch fails, takes them back out. Between
the batches the desk runs on its own connection: what an agent reaches then, and what becomes of what they save."""

from __future__ import annotations

import types
import uuid
from pathlib import Path

import pytest
from sqlalchemy import func, insert, select, update

from agent_desk.clock import FrozenClock
from agent_desk.dispositions import sync_catalog
from agent_desk.importer import apply as apply_module
from agent_desk.importer import writer as writer_module
from agent_desk.scheduling.attempts import record_manual_call
from agent_desk.scheduling.outcomes import OutcomeDraft, save_outcome
from agent_desk.softphone.lookup import find_caller
from db.engine import Database, open_database
from db.models import ContactPoint, Customer, ImportRun, Interaction, Outcome, Role, User
from tests.importer.conftest import FIXTURES, digest, run

NEW_NUMBER = "+6281399990001"


def _export_with_new_customers(path: Path, rows: int) -> Path:
    """The bank export, then ``rows`` new customers, the first with a phone number nobody in the book has."""
    lines = (FIXTURES / "bank_export.csv").read_bytes().decode("cp1252").splitlines()
    template = lines[3]
    extra = [template.replace("KTA0000000101", f"KTA7{n:09d}").replace("CIF0001", f"CIF7{n:06d}") for n in range(rows)]
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
            seen["screen_pop"] = find_caller(session, new.e164) if new is not None else None
        if new is None:
            return
        customer_id, number_id, _ = new
        with desk.transaction(write=True) as session:  # a supervisor hands the new customer to the agent
            session.execute(update(Customer).where(Customer.id == customer_id).values(assigned_user_id=agent_id))
        call = record_manual_call(
            desk, clock, user_id=agent_id, customer_id=customer_id, contact_point_id=number_id,
            at=clock.now(), reason="test", connected=False,
        )  # fmt: skip
        seen["saved"] = save_outcome(
            desk, clock,
            OutcomeDraft(str(uuid.uuid4()), customer_id, agent_id, "no_answer",
                         interaction_id=call.interaction_id, contact_point_id=number_id),
        )  # fmt: skip

    monkeypatch.setattr(apply_module, "time", types.SimpleNamespace(perf_counter=apply_module.time.perf_counter, sleep=between_batches))
    real_write = writer_module.PortfolioWriter.write

    def failing_write(self: writer_module.PortfolioWriter, records: list[dict[str, object]]) -> object:
        if any(record["account_number"] == "KTA7000001499" for record in records):
            raise RuntimeError("disk full")
        return real_write(self, records)  # type: ignore[arg-type]

    monkeypatch.setattr(writer_module.PortfolioWriter, "write", failing_write)
    with pytest.raises(RuntimeError, match="disk full"):
        run(database, clock, book, "bank_export.toml", rebuild_worklist=False)
    print(seen)
    with database.session() as session:
        print("outcomes", session.scalar(select(func.count()).select_from(Outcome)))
        print("interactions", session.scalar(select(func.count()).select_from(Interaction)))
        print("runs", session.execute(select(ImportRun.status)).all())
    after = digest(database)
    print({k for k in before if before[k] != after.get(k)})
    desk.dispose()
    assert 0

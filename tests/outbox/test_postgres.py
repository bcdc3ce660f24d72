"""Team mode on a real PostgreSQL: two desks' workers deliver the same outbox at the same time, and two cadence
passes run at once — every message is queued once and reaches the gateway once."""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading
from collections import Counter

import pytest
from sqlalchemy import func, select

from agent_desk.clock import FrozenClock
from agent_desk.credentials import CredentialStore
from agent_desk.outbox import Deliverer, queue_cadence, store_outbox_settings
from agent_desk.outbox.channels import SERVICE_OUTBOX
from agent_desk.outbox.settings import outbox_settings, seed_data
from agent_desk.worklist import settings_for
from agent_desk.worklist.settings import seed_strategy
from db import migrate
from db.engine import open_database
from db.models import AccountStatus, Channel, Interaction, OutboxMessage, OutboxStatus
from tests.support.gateway import TOKEN, Gateway
from tests.worklist import factories as f

pytestmark = pytest.mark.postgres
MONDAY_0900_WIB = dt.datetime(2026, 11, 23, 2, 0, tzinfo=dt.UTC)
CUSTOMERS = 24


def test_two_workers_and_two_cadence_passes_at_once_send_each_message_once(postgres_url: str) -> None:
    database = open_database(postgres_url)
    gateway = Gateway().start()
    try:
        migrate.upgrade(database)
        clock = FrozenClock(MONDAY_0900_WIB)
        data, cadence = seed_data()
        data["providers"] = {"gateway": gateway.provider_config()}
        data["channels"]["sms"] = {"provider": "gateway"}
        with database.transaction(write=True) as session:
            seed_strategy(session, clock)
            store_outbox_settings(session, clock, data, cadence)
            for index in range(CUSTOMERS):
                person = f.customer(session, zone=(f.WIB, f.WITA)[index % 2])
                f.number(session, person, primary=True).verified_count = 1
                due = dt.date(2026, 11, 26)
                f.account(session, person, dpd=0, arrears="0", status=AccountStatus.CURRENT, next_due=due)
        settings, worklist = outbox_settings(database), settings_for(database, clock)

        def cadence_pass() -> None:
            queue_cadence(database, clock.now, settings, worklist)

        _together(cadence_pass, cadence_pass)
        with database.session() as session:
            assert session.scalar(select(func.count()).select_from(OutboxMessage)) == CUSTOMERS
        credentials = CredentialStore()
        credentials.set_for_session(SERVICE_OUTBOX, "gateway", TOKEN)
        clock.advance(dt.timedelta(hours=1))
        workers = [
            Deliverer(database, clock, credentials, settings=settings, worklist=worklist, worker=name)
            for name in ("desk-1", "desk-2")
        ]
        for worker in workers:
            worker.settings = dataclasses.replace(settings, batch=3)  # small claims: the two take turns
        _together(*(worker.deliver_due for worker in workers))
        assert sum(worker.counts.sent for worker in workers) == CUSTOMERS
        assert all(worker.counts.sent > 0 for worker in workers)  # both took part
        keys = Counter(item.key for item in gateway.received)
        assert len(keys) == CUSTOMERS and set(keys.values()) == {1}
        with database.session() as session:
            assert set(session.scalars(select(OutboxMessage.status))) == {OutboxStatus.SENT}
            count = session.scalar(
                select(func.count()).select_from(Interaction).where(Interaction.channel == Channel.SMS)
            )
            assert count == CUSTOMERS
    finally:
        gateway.stop()
        database.dispose()


def _together(*work: object) -> None:
    start = threading.Barrier(len(work))
    errors: list[BaseException] = []

    def run(job: object) -> None:
        start.wait()
        try:
            job()  # type: ignore[operator]
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=run, args=(job,)) for job in work]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors

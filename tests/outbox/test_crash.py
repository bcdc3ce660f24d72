"""A worker killed with SIGKILL in the middle of a hand-over, then started again: nothing is sent twice.

The worker is the real CLI (``agent-desk outbox run``) in its own process, reading the gateway's token from a
real keyring; the gateway is a real HTTP server that takes the third message and holds its answer, so the kill
lands while the hand-over is in flight — the one moment the worker cannot know whether the message went.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
from collections import Counter

import pytest
from sqlalchemy import func, select

from agent_desk.context import AppContext
from agent_desk.credentials import CredentialStore
from agent_desk.outbox.channels import SERVICE_OUTBOX
from db.models import Channel, Interaction, OutboxMessage, OutboxStatus
from tests.outbox.conftest import configure
from tests.outbox.helpers import queue_one, reachable_customers
from tests.support.gateway import TOKEN, Gateway
from tests.support.processes import start_child

pytestmark = pytest.mark.slow


def _worker(context: AppContext, at: dt.datetime, name: str) -> subprocess.Popen[bytes]:
    url = str(context.database.url.render_as_string(hide_password=False))
    return start_child(
        [
            sys.executable,
            "-m",
            "ui.app",
            "--db",
            url,
            "--at",
            at.isoformat(),
            "outbox",
            "run",
            "--deliver-only",
            "--worker",
            name,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def _kill_while_held(context: AppContext, gateway: Gateway, count: int) -> list[int]:
    reaches = reachable_customers(context, Channel.SMS, count=count)
    ids = [queue_one(context, reach) for reach in reaches]
    gateway.script.extend(["accept", "accept", "hold"])
    worker = _worker(context, context.clock.now(), "first")
    try:
        assert gateway.holding.wait(timeout=60), worker.communicate(timeout=5)
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(timeout=10)
    finally:
        gateway.release.set()  # the held request's thread finishes (its client is gone)
    assert worker.returncode == -signal.SIGKILL
    return ids


def _restart(context: AppContext) -> str:
    later = context.clock.now() + dt.timedelta(minutes=6)  # the dead worker's claims have lapsed
    again = _worker(context, later, "second")
    out, err = again.communicate(timeout=120)
    assert again.returncode == 0, err.decode()
    return out.decode()


@pytest.mark.usefixtures("secret_service")
def test_kill_9_mid_hand_over_then_restart_sends_each_message_exactly_once(context: AppContext) -> None:
    CredentialStore().set(SERVICE_OUTBOX, "gateway", TOKEN)  # the real keyring: the child process reads it there
    gateway = Gateway(deduplicates=True).start()
    try:
        configure(context, {"gateway": gateway.provider_config()}, {"sms": "gateway"})
        ids = _kill_while_held(context, gateway, 5)
        with context.database.session() as session:
            states = Counter(session.scalars(select(OutboxMessage.status).where(OutboxMessage.id.in_(ids))))
            in_flight = session.scalar(select(OutboxMessage).where(OutboxMessage.submitted_at.is_not(None)))
            assert in_flight is not None
            held_key = in_flight.idempotency_key
        assert states == {OutboxStatus.SENT: 2, OutboxStatus.SENDING: 3}
        output = _restart(context)
        assert "Sent 3" in output
        with context.database.session() as session:
            rows = session.scalars(select(OutboxMessage).where(OutboxMessage.id.in_(ids))).all()
            assert {row.status for row in rows} == {OutboxStatus.SENT}
            interactions = session.scalar(
                select(func.count()).select_from(Interaction).where(Interaction.channel == Channel.SMS)
            )
            assert interactions == len(ids)  # one attempt per message, the interrupted one included
            provider_ids = {row.idempotency_key: row.provider_message_id for row in rows}
        delivered = gateway.delivered()
        assert sorted(item.key or "" for item in delivered) == sorted(provider_ids)  # each exactly once
        handed = Counter(item.key for item in gateway.received)
        assert handed[held_key] == 2  # handed over again after the restart, recognised by its key
        duplicate = next(item for item in gateway.received if item.answered == "duplicate")
        assert duplicate.provider_id == provider_ids[held_key]
    finally:
        gateway.stop()
        CredentialStore().delete(SERVICE_OUTBOX, "gateway")


@pytest.mark.usefixtures("secret_service")
def test_without_key_deduplication_the_interrupted_message_is_failed_not_sent_again(context: AppContext) -> None:
    CredentialStore().set(SERVICE_OUTBOX, "gateway", TOKEN)
    gateway = Gateway(deduplicates=False).start()
    try:
        configure(context, {"gateway": gateway.provider_config()}, {"sms": "gateway"})
        ids = _kill_while_held(context, gateway, 4)
        _restart(context)
        with context.database.session() as session:
            rows = {
                row.idempotency_key: row
                for row in session.scalars(select(OutboxMessage).where(OutboxMessage.id.in_(ids)))
            }
        interrupted = [row for row in rows.values() if row.status is OutboxStatus.FAILED]
        assert len(interrupted) == 1 and interrupted[0].reason == "outbox.reason.interrupted"
        assert sum(row.status is OutboxStatus.SENT for row in rows.values()) == 3
        handed = Counter(item.key for item in gateway.received)
        assert set(handed.values()) == {1}  # nothing reached the gateway twice
        assert handed[interrupted[0].idempotency_key] == 1
    finally:
        gateway.stop()
        CredentialStore().delete(SERVICE_OUTBOX, "gateway")

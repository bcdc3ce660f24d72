"""Outbox tests: a small demo book copied per test, a real HTTP gateway and real mail servers on 127.0.0.1."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from agent_desk.clock import FrozenClock
from agent_desk.context import AppContext, open_context
from agent_desk.credentials import CredentialStore
from agent_desk.demo import generate_portfolio
from agent_desk.outbox import forget_outbox_settings, store_outbox_settings
from agent_desk.outbox.channels import SERVICE_OUTBOX
from agent_desk.outbox.settings import seed_data
from agent_desk.worklist import forget_settings, rebuild_worklist
from tests.support.gateway import TOKEN, Gateway

NOW = dt.datetime(2026, 11, 24, 1, 0, tzinfo=dt.UTC)  # Tuesday 08:00 WIB, 09:00 WITA, 10:00 WIT


@pytest.fixture(scope="session")
def outbox_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path: Path = tmp_path_factory.mktemp("outbox") / "book.sqlite3"
    context = open_context(f"sqlite:///{path}")
    generate_portfolio(context.database, accounts=1_500, seed=5, now=NOW)
    rebuild_worklist(context.database, FrozenClock(NOW))
    context.close()
    return path


@pytest.fixture
def context(outbox_book: Path, tmp_path: Path) -> Iterator[AppContext]:
    """A private copy of the book (tests queue and send, and must not see each other's messages)."""
    copy = tmp_path / "book.sqlite3"
    with sqlite3.connect(outbox_book) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    ctx = open_context(f"sqlite:///{copy}")
    ctx.clock = FrozenClock(NOW)
    ctx.credentials = CredentialStore()
    ctx.credentials.set_for_session(SERVICE_OUTBOX, "gateway", TOKEN)
    yield ctx
    forget_outbox_settings(ctx.database)
    forget_settings(ctx.database)
    ctx.close()


@pytest.fixture
def gateway() -> Iterator[Gateway]:
    server = Gateway().start()
    yield server
    server.stop()


def configure(
    context: AppContext,
    providers: dict[str, dict[str, Any]],
    channels: dict[str, str],
    **sections: dict[str, Any],
) -> None:
    """Store outbox settings: ``providers`` by name, ``channels`` → provider name, other sections merged."""
    data, _ = seed_data()
    data["providers"] = providers
    for channel, name in channels.items():
        data["channels"][channel] = {"provider": name}
    for name, values in sections.items():
        data[name] = {**data.get(name, {}), **values}
    with context.database.transaction(write=True) as session:
        store_outbox_settings(session, context.clock, data, None)
    forget_outbox_settings(context.database)


@pytest.fixture
def gateway_context(context: AppContext, gateway: Gateway) -> AppContext:
    """The book with SMS and WhatsApp going through the test gateway (JSON shape, bearer token in the store)."""
    configure(context, {"gateway": gateway.provider_config()}, {"sms": "gateway", "whatsapp": "gateway"})
    return context


@pytest.fixture(scope="session")
def secret_service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """A real Secret Service (gnome-keyring on a private D-Bus): the CLI worker reads the gateway's token there."""
    from tests.conftest import skip_or_fail
    from tests.support.secret_service import secret_service_available, start_secret_service

    if not secret_service_available():
        skip_or_fail("gnome-keyring and dbus are not installed")
    service = start_secret_service(tmp_path_factory.mktemp("keyring"))
    yield service
    service.stop()

"""E-mail through a real SMTP server on 127.0.0.1 (aiosmtpd): STARTTLS with the password in the keyring, TLS from
the first byte, refusals, and a server that cannot do TLS (nothing is sent in clear)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from agent_desk.context import AppContext
from agent_desk.credentials import CredentialStore
from agent_desk.outbox import Deliverer
from agent_desk.outbox.channels import SERVICE_OUTBOX, Outgoing, ProviderError, SmtpProvider
from db.models import Channel, Customer, Interaction, OutboxStatus
from tests.outbox.conftest import configure
from tests.outbox.helpers import customer_of, message, queue_one, reachable_customers
from tests.support.mail import BUSY, PASSWORD, REFUSED, USER, MailServer


@pytest.fixture
def starttls_server(tmp_path: Path) -> Iterator[MailServer]:
    server = MailServer(tmp_path, "starttls").start()
    yield server
    server.stop()


def deliver(context: AppContext) -> None:
    Deliverer(context.database, context.clock, context.credentials, worker="mail-test").deliver_due()


@pytest.mark.usefixtures("secret_service")
def test_starttls_with_the_password_in_the_keyring_delivers_the_rendered_message(
    context: AppContext, starttls_server: MailServer
) -> None:
    CredentialStore().set(SERVICE_OUTBOX, "mail", PASSWORD)
    try:
        context.credentials = CredentialStore()  # a fresh store: the password can only come from the keyring
        configure(context, {"mail": starttls_server.provider_config()}, {"email": "mail"})
        reach = reachable_customers(context, Channel.EMAIL)[0]
        message_id = queue_one(context, reach, template="payment_details")
        deliver(context)
    finally:
        CredentialStore().delete(SERVICE_OUTBOX, "mail")
    row = message(context, message_id)
    assert row.status is OutboxStatus.SENT, row.reasons
    [received] = starttls_server.received
    assert received.tls and received.login == USER and starttls_server.logins == [(USER, True)]
    assert received.rcpt_tos == [reach.point.address]
    email = received.message
    assert email["To"] == reach.point.address
    assert email["From"] == f"PT Mitra Layanan Nusantara <{USER}>"
    assert email["Message-ID"] == row.provider_message_id and email["Content-Language"] == "id"
    with context.database.session() as session:
        customer = session.get(Customer, customer_of(context, reach))
        assert customer is not None
        name = customer.full_name
    subject = str(email["Subject"])
    body = email.get_content().replace("\r\n", "\n")
    assert subject == row.subject and subject.startswith("Cara membayar akun ")
    assert body.strip() == (row.body or "").strip()
    assert body.startswith(f"Yth. Bapak/Ibu {name},")
    assert "Transfer bank (virtual account): " in body and "Balas STOP" not in body  # the e-mail names no SMS keyword
    assert "virtual account" in body and "Rp " in body
    with context.database.session() as session:
        interaction = session.scalar(select(Interaction).where(Interaction.id == row.interaction_id))
        assert interaction is not None and interaction.channel is Channel.EMAIL


def test_tls_from_the_first_byte(context: AppContext, tmp_path: Path) -> None:
    server = MailServer(tmp_path, "tls").start()
    try:
        context.credentials.set_for_session(SERVICE_OUTBOX, "mail", PASSWORD)
        configure(context, {"mail": server.provider_config()}, {"email": "mail"})
        reach = reachable_customers(context, Channel.EMAIL)[0]
        message_id = queue_one(context, reach, template="payment_details")
        deliver(context)
    finally:
        server.stop()
    assert message(context, message_id).status is OutboxStatus.SENT
    assert len(server.received) == 1 and server.received[0].tls


def test_refused_and_busy_recipients(context: AppContext, starttls_server: MailServer) -> None:
    provider = SmtpProvider("mail", starttls_server.provider_config(), CredentialStore())
    provider.credentials.set_for_session(SERVICE_OUTBOX, "mail", PASSWORD)
    refused = provider.send(Outgoing("k1", Channel.EMAIL, REFUSED, "Halo", "Subjek"))
    busy = provider.send(Outgoing("k2", Channel.EMAIL, BUSY, "Halo", "Subjek"))
    assert (refused.outcome.value, refused.reason) == ("rejected", "smtp_550")
    assert (busy.outcome.value, busy.reason) == ("retry", "smtp_451")
    assert "r…@example.com" not in refused.detail and "No such mailbox" in refused.detail
    wrong = SmtpProvider("mail", starttls_server.provider_config(), CredentialStore())
    wrong.credentials.set_for_session(SERVICE_OUTBOX, "mail", "not-the-password")
    denied = wrong.send(Outgoing("k3", Channel.EMAIL, "someone@example.com", "Halo", "Subjek"))
    assert (denied.outcome.value, denied.reason) == ("retry", "smtp_auth")
    assert starttls_server.received == []


def test_a_server_without_tls_gets_nothing_in_clear(tmp_path: Path) -> None:
    plain = MailServer(tmp_path, "none").start()
    try:
        provider = SmtpProvider("mail", {**plain.provider_config(), "security": "starttls"}, CredentialStore())
        result = provider.send(Outgoing("k1", Channel.EMAIL, "someone@example.com", "Halo", "Subjek"))
    finally:
        plain.stop()
    assert (result.outcome.value, result.reason) == ("retry", "smtp_no_starttls")
    assert plain.received == []
    with pytest.raises(ProviderError, match="without TLS"):
        SmtpProvider("mail", {**plain.provider_config(), "host": "mail.example.com"}, CredentialStore())

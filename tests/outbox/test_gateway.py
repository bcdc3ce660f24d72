"""SMS and WhatsApp through a real HTTP gateway on 127.0.0.1: states, retries with back-off, delivery reports,
STOP replies, and the credentials it needs."""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import func, select

from agent_desk.context import AppContext
from agent_desk.credentials import CredentialStore
from agent_desk.outbox import Deliverer, outbox_settings, run_pass
from agent_desk.outbox.channels import SERVICE_OUTBOX
from db.models import Channel, CustomerFlag, FlagKind, Interaction, OutboxMessage, OutboxStatus
from tests.outbox.conftest import configure
from tests.outbox.helpers import customer_of, message, queue_one, reachable_customers
from tests.support.gateway import Gateway


def deliver(context: AppContext) -> Deliverer:
    deliverer = Deliverer(context.database, context.clock, context.credentials, worker="test-worker")
    deliverer.deliver_due()
    return deliverer


def test_accepted_message_is_sent_with_the_gateways_id_and_counts_as_an_interaction(
    gateway_context: AppContext, gateway: Gateway
) -> None:
    reach = reachable_customers(gateway_context, Channel.SMS)[0]
    message_id = queue_one(gateway_context, reach)
    counts = deliver(gateway_context).counts
    assert counts.sent == 1
    row = message(gateway_context, message_id)
    assert row.status is OutboxStatus.SENT
    assert row.provider_message_id == gateway.delivered()[0].provider_id
    assert row.sent_at == gateway_context.clock.now()
    received = gateway.delivered()[0]
    assert received.key == row.idempotency_key
    assert received.to == reach.point.address and received.channel == "sms"
    assert received.text == row.body and "Balas STOP" in received.text  # rendered in Indonesian, with the opt-out
    with gateway_context.database.session() as session:
        interaction = session.get(Interaction, row.interaction_id)
        assert interaction is not None
        assert (interaction.channel, interaction.contact_point_id) == (Channel.SMS, reach.point.id)
        assert interaction.started_at == gateway_context.clock.now()


def test_rejection_fails_at_once_with_the_gateways_reason(gateway_context: AppContext, gateway: Gateway) -> None:
    reach = reachable_customers(gateway_context, Channel.SMS)[0]
    message_id = queue_one(gateway_context, reach)
    gateway.script.append("reject")
    deliver(gateway_context)
    row = message(gateway_context, message_id)
    assert row.status is OutboxStatus.FAILED
    assert row.reason == "outbox.reason.rejected" and row.attempts == 1
    assert row.reason_detail is not None and row.reason_detail.startswith("400")
    assert reach.point.address is not None and reach.point.address[3:] not in row.reason_detail  # number masked
    assert len(gateway.received) == 1


def test_5xx_and_timeouts_are_retried_with_back_off_then_sent_once(
    gateway_context: AppContext, gateway: Gateway
) -> None:
    reach = reachable_customers(gateway_context, Channel.WHATSAPP)[0]
    message_id = queue_one(gateway_context, reach)
    gateway.script.extend(["fail", "timeout"])
    gateway.timeout_seconds = 1.5  # the adapter gives up after 1 s
    clock = gateway_context.clock
    start = clock.now()
    deliver(gateway_context)
    first = message(gateway_context, message_id)
    assert first.status is OutboxStatus.QUEUED and first.reason == "outbox.reason.temporary"
    assert first.due_at == start + dt.timedelta(minutes=1)
    deliver(gateway_context)  # not due yet: nothing happens
    assert len(gateway.received) == 1
    clock.advance(dt.timedelta(minutes=1))  # type: ignore[attr-defined]
    deliver(gateway_context)
    second = message(gateway_context, message_id)
    assert second.status is OutboxStatus.QUEUED and "timeout" in json.dumps(second.reasons)
    assert second.due_at == clock.now() + dt.timedelta(minutes=5)
    clock.advance(dt.timedelta(minutes=5))  # type: ignore[attr-defined]
    deliver(gateway_context)
    done = message(gateway_context, message_id)
    assert done.status is OutboxStatus.SENT and done.attempts == 3
    assert [item.answered for item in gateway.received] == ["fail", "timeout", "accept"]
    assert {item.key for item in gateway.received} == {done.idempotency_key}
    with gateway_context.database.session() as session:  # one message, one attempt against the caps
        assert (
            session.scalar(select(func.count()).select_from(Interaction).where(Interaction.id == done.interaction_id))
            == 1
        )


def test_gives_up_after_the_last_retry(gateway_context: AppContext, gateway: Gateway) -> None:
    configure(
        gateway_context,
        {"gateway": gateway.provider_config()},
        {"sms": "gateway"},
        delivery={"retry_minutes": [1, 2]},
    )
    reach = reachable_customers(gateway_context, Channel.SMS)[0]
    message_id = queue_one(gateway_context, reach)
    gateway.default = "fail"
    for _ in range(3):
        deliver(gateway_context)
        gateway_context.clock.advance(dt.timedelta(minutes=2))  # type: ignore[attr-defined]
    row = message(gateway_context, message_id)
    assert row.status is OutboxStatus.FAILED and row.reason == "outbox.reason.gave_up" and row.attempts == 3
    assert len(gateway.received) == 3


def test_delivery_reports_turn_sent_into_delivered_or_failed(gateway_context: AppContext, gateway: Gateway) -> None:
    first, second = reachable_customers(gateway_context, Channel.SMS, count=2)
    ids = [queue_one(gateway_context, first), queue_one(gateway_context, second)]
    deliver(gateway_context)
    provider_ids = [message(gateway_context, i).provider_message_id for i in ids]
    gateway.statuses[provider_ids[0] or ""] = "delivered"
    gateway.statuses[provider_ids[1] or ""] = "undelivered"
    run_pass(gateway_context.database, gateway_context.clock, gateway_context.credentials, queue=False)
    delivered, failed = (message(gateway_context, i) for i in ids)
    assert delivered.status is OutboxStatus.DELIVERED and delivered.delivered_at == gateway_context.clock.now()
    assert failed.status is OutboxStatus.FAILED and failed.reason == "outbox.reason.not_delivered"
    assert failed.reason_detail == "absent subscriber"


def test_a_stop_reply_opts_the_number_out_and_cancels_what_is_queued(
    gateway_context: AppContext, gateway: Gateway
) -> None:
    reach = reachable_customers(gateway_context, Channel.SMS)[0]
    later = queue_one(gateway_context, reach, due_at=gateway_context.clock.now() + dt.timedelta(hours=2))
    gateway.inbound.append({"id": "in-1", "from": reach.point.address or "", "text": " Stop. "})
    report = run_pass(gateway_context.database, gateway_context.clock, gateway_context.credentials, queue=False)
    assert (report.followups.replies, report.followups.opted_out) == (1, 1)
    assert message(gateway_context, later).status is OutboxStatus.CANCELLED
    with gateway_context.database.session() as session:
        flag = session.scalar(select(CustomerFlag).where(CustomerFlag.kind == FlagKind.MESSAGE_OPT_OUT))
        assert flag is not None and flag.contact_point_id == reach.point.id
    fresh = queue_one(gateway_context, reach)  # a message queued after the STOP is checked before it goes
    deliver(gateway_context)
    assert message(gateway_context, fresh).status is OutboxStatus.CANCELLED
    assert message(gateway_context, fresh).reason == "outbox.reason.opted_out"
    assert gateway.received == []
    again = run_pass(gateway_context.database, gateway_context.clock, gateway_context.credentials, queue=False)
    assert again.followups.replies == 0  # the cursor moved on: the reply is read once


def test_form_shape_and_a_missing_token(context: AppContext, gateway: Gateway) -> None:
    configure(context, {"gateway": gateway.provider_config(shape="form")}, {"sms": "gateway"})
    reach = reachable_customers(context, Channel.SMS)[0]
    message_id = queue_one(context, reach)
    context.credentials = CredentialStore()  # nothing in the keyring, nothing for the session
    deliverer = deliver(context)
    row = message(context, message_id)
    assert row.status is OutboxStatus.QUEUED and row.reason == "outbox.error.no_secret"
    assert row.due_at == context.clock.now() + dt.timedelta(hours=1)
    assert deliverer.counts.problems and gateway.received == []
    context.credentials.set_for_session(SERVICE_OUTBOX, "gateway", gateway.token)
    context.clock.advance(dt.timedelta(hours=1))  # type: ignore[attr-defined]
    deliver(context)
    assert message(context, message_id).status is OutboxStatus.SENT
    assert gateway.received[0].content_type == "application/x-www-form-urlencoded"
    assert gateway.unauthorised == 0


def test_settings_refuse_a_secret_and_an_insecure_url(context: AppContext, gateway: Gateway) -> None:
    import pytest

    from agent_desk.outbox import OutboxSettingsError

    config = gateway.provider_config()
    with pytest.raises(OutboxSettingsError, match="secret"):
        configure(context, {"gateway": {**config, "token": "abc"}}, {"sms": "gateway"})
    configure(context, {"gateway": {**config, "url": "http://gateway.example/send"}}, {"sms": "gateway"})
    reach = reachable_customers(context, Channel.SMS)[0]
    message_id = queue_one(context, reach)
    deliver(context)
    assert message(context, message_id).reason == "outbox.error.insecure_url"
    assert outbox_settings(context.database).provider_for(Channel.SMS) == "gateway"


def test_customer_of_reach(gateway_context: AppContext) -> None:
    reach = reachable_customers(gateway_context, Channel.SMS)[0]
    with gateway_context.database.session() as session:
        assert session.scalar(select(func.count()).select_from(OutboxMessage)) == 0
    assert customer_of(gateway_context, reach) > 0

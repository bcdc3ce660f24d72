"""The outbox from the shell (``agent-desk outbox …`` in-process, as cron runs it) and the supervisor's Outbox tab
(pytest-qt): filters, a failure with its reason, resend, rates per channel."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from pathlib import Path

import pytest

from agent_desk.cli import build_parser, run
from agent_desk.context import AppContext
from agent_desk.outbox import OutboxError, resend
from agent_desk.portfolio import UserSummary, list_users
from db.models import Channel, OutboxStatus, Role
from tests.outbox.helpers import message, queue_one, reachable_customers
from tests.support.gateway import Gateway
from ui.background import Background


def cli(context: AppContext, *args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    url = context.database.url.render_as_string(hide_password=False)
    parsed = build_parser().parse_args(["--db", url, "--at", context.clock.now().isoformat(), *args])
    code = run(parsed, out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_outbox_run_queues_once_and_says_what_it_did(gateway_context: AppContext, gateway: Gateway) -> None:
    code, out, err = cli(gateway_context, "outbox", "run", "--queue-only")
    assert code == 0, err
    assert out.startswith("Queued ") and "(0 already queued" in out
    assert "Reminder on the due date: " in out
    code, again, _ = cli(gateway_context, "outbox", "run", "--queue-only")
    assert code == 0 and again.startswith("Queued 0 messages")
    code, listing, _ = cli(gateway_context, "outbox", "list", "--status", "queued", "--limit", "5")
    assert code == 0 and len(listing.splitlines()) == 5 and "Queued" in listing
    code, rates, _ = cli(gateway_context, "outbox", "rates")
    assert code == 0 and rates.splitlines()[0].startswith("channel")


def test_configure_refuses_a_secret_and_opt_out_stops_messages(context: AppContext, tmp_path: Path) -> None:
    settings = tmp_path / "outbox.toml"
    settings.write_text(
        '[channels.sms]\nprovider = "gw"\n[providers.gw]\nshape = "json"\nurl = "https://gw.example/send"\n'
        'payload = { to = "{to}", text = "{body}" }\ntoken = "s3cret"\n',
        encoding="utf-8",
    )
    code, _, err = cli(context, "outbox", "configure", str(settings))
    assert code == 2 and "keyring" in err and "Traceback" not in err
    settings.write_text(settings.read_text(encoding="utf-8").replace('token = "s3cret"\n', ""), encoding="utf-8")
    code, out, err = cli(context, "outbox", "configure", str(settings))
    assert code == 0, err
    assert "channels on: sms" in out
    reach = reachable_customers(context, Channel.SMS)[0]
    message_id = queue_one(context, reach, due_at=context.clock.now() + dt.timedelta(hours=1))
    from sqlalchemy import select

    from db.models import ContactPoint, Customer

    with context.database.session() as session:
        number = session.scalar(
            select(Customer.customer_number).join(ContactPoint).where(ContactPoint.id == reach.point.id)
        )
    code, out, _ = cli(context, "outbox", "opt-out", str(number))
    assert code == 0 and "no more messages" in out
    assert message(context, message_id).status is OutboxStatus.CANCELLED
    code, out, _ = cli(context, "outbox", "opt-out", str(number))
    assert "already opted out" in out


@pytest.fixture
def background(qapp) -> Iterator[Background]:  # type: ignore[no-untyped-def]
    pool = Background()
    yield pool
    assert pool.wait(10_000)


def _users(context: AppContext) -> dict[Role, UserSummary]:
    with context.database.session() as session:
        return {user.role: user for user in reversed(list_users(session))}


@pytest.mark.gui
def test_a_slow_load_for_an_earlier_filter_never_replaces_the_newer_ones_rows(
    qtbot, monkeypatch, context: AppContext, background: Background
) -> None:  # type: ignore[no-untyped-def]
    """The supervisor picks "Failed", then "All" at once: the list shows every message, even when the load for
    "Failed" (none) ends after the one for "All" (loads run on a pool of threads)."""
    import time

    import ui.outbox.outbox_view as outbox_view_module
    from ui.outbox.outbox_view import OutboxView

    for reach in reachable_customers(context, Channel.SMS, count=3):
        queue_one(context, reach)
    real = outbox_view_module.list_messages

    def slow_for_failed(session, flt, **options):  # type: ignore[no-untyped-def]
        if flt.status is not None:
            time.sleep(0.6)
        return real(session, flt, **options)

    monkeypatch.setattr(outbox_view_module, "list_messages", slow_for_failed)
    view = OutboxView(context, _users(context)[Role.SUPERVISOR], background)
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: view.model.rowCount() == 3, timeout=10_000)
    view.status.setCurrentIndex(view.status.findData(OutboxStatus.FAILED.value))
    view.status.setCurrentIndex(0)
    qtbot.waitUntil(lambda: view.model.rowCount() == 3 and not view._loading, timeout=10_000)
    qtbot.wait(1_000)  # the load for "Failed" has ended meanwhile
    assert view.model.rowCount() == 3
    assert view.count.text() == "3 messages"


@pytest.mark.gui
def test_the_supervisors_outbox_filters_explains_and_resends(
    qtbot, gateway_context: AppContext, gateway: Gateway, background: Background
) -> None:  # type: ignore[no-untyped-def]
    from ui.outbox.outbox_view import REASON, STATE, OutboxView

    context = gateway_context
    first, second, third = reachable_customers(context, Channel.SMS, count=3)
    ids = [queue_one(context, reach) for reach in (first, second, third)]
    gateway.script.extend(["accept", "reject", "accept"])
    from agent_desk.outbox import Deliverer

    Deliverer(context.database, context.clock, context.credentials).deliver_due()
    users = _users(context)
    with pytest.raises(OutboxError):
        resend(context.database, context.clock, message_id=ids[0], user_id=users[Role.AGENT].id)
    view = OutboxView(context, users[Role.SUPERVISOR], background)
    qtbot.addWidget(view)
    view.resize(1366, 700)
    view.show()
    qtbot.waitUntil(lambda: view.model.rowCount() == 3, timeout=10_000)
    assert "SMS: 3 · no delivery reports · handed over 67% · failed 1 · waiting 0" in view.rates.text()
    view.status.setCurrentIndex(view.status.findData(OutboxStatus.FAILED.value))
    qtbot.waitUntil(lambda: view.model.rowCount() == 1, timeout=10_000)
    index = view.model.index(0, REASON)
    assert view.model.data(index).startswith("Refused by the provider (http_400) — 400")
    assert view.model.data(view.model.index(0, STATE)) == "Failed"
    view.table.selectRow(0)
    qtbot.waitUntil(view.resend_button.isEnabled, timeout=5_000)
    assert "Why: Refused by the provider" in view.detail.toPlainText()
    view.resend_button.click()
    qtbot.waitUntil(lambda: "Queued again as message" in view.notice.text(), timeout=10_000)
    failed = message(context, ids[1])
    assert failed.status is OutboxStatus.FAILED  # the old one stays as it was; the new one went
    assert [item.answered for item in gateway.received] == ["accept", "reject", "accept", "accept"]
    view.status.setCurrentIndex(0)
    qtbot.waitUntil(lambda: view.model.rowCount() == 4, timeout=10_000)
    assert view.model.row_at(0) is not None and view.model.row_at(0).status is OutboxStatus.SENT


@pytest.mark.gui
def test_the_apps_worker_delivers_what_is_due(
    qtbot, gateway_context: AppContext, gateway: Gateway, background: Background
) -> None:  # type: ignore[no-untyped-def]
    """In team mode each app runs a pass every minute; one pass, run by hand here, sends what is due."""
    from ui.outbox.worker import OutboxWorker

    reach = reachable_customers(gateway_context, Channel.WHATSAPP)[0]
    message_id = queue_one(gateway_context, reach)
    worker = OutboxWorker(gateway_context, background)
    with qtbot.waitSignal(worker.finished, timeout=20_000) as finished:
        worker.run_once()
        worker.run_once()  # a second press while the first pass runs does nothing
    report = finished.args[0]
    assert report.cadence is not None and report.cadence.queued > 0  # the pass queues today's cadence too
    assert message(gateway_context, message_id).status is OutboxStatus.SENT
    assert len(gateway.delivered()) == report.delivery.sent >= 1
    assert not worker.running


@pytest.mark.gui
@pytest.mark.parametrize("language", ["en", "id"])
def test_every_message_title_fits_its_column_in_either_language(  # type: ignore[no-untyped-def]
    qtbot, context: AppContext, background: Background, language: str
) -> None:
    """The Message column is as wide as the longest title: "Pembayaran yang dijanjikan belum diterima" was cut to
    "Pembayaran yang dijanjikan bel…" in the Indonesian screenshot while the Reason column stood empty."""
    from agent_desk.outbox import TEMPLATES
    from ui import text
    from ui.outbox.outbox_view import REASON, OutboxView

    text.set_language(language)
    try:
        view = OutboxView(context, _users(context)[Role.SUPERVISOR], background)
        qtbot.addWidget(view)
        view.resize(1366, 700)
        view.show()
        metrics = view.table.fontMetrics()
        width = view.table.horizontalHeader().sectionSize(3)
        titles = [text.label(f"outbox.template.{template}") for template in TEMPLATES]
        assert all(metrics.horizontalAdvance(title) + 12 <= width for title in titles), (width, titles)
        assert view.table.horizontalHeader().sectionSize(REASON) >= 150  # the reason keeps room at 1366 wide
    finally:
        text.set_language("en")


@pytest.mark.gui
@pytest.mark.parametrize(
    ("language", "once", "three_times"),
    [
        ("en", "Handed to the provider 1 time", "Handed to the provider 3 times"),
        ("id", "Diserahkan ke penyedia 1 kali", "Diserahkan ke penyedia 3 kali"),
    ],
)
def test_the_detail_says_how_often_a_message_was_handed_over_in_the_languages_plural(  # type: ignore[no-untyped-def]
    qtbot, context: AppContext, background: Background, language: str, once: str, three_times: str
) -> None:
    """No "1 time(s)": the count takes the plural forms of the language (Qt's ``tr(text, "", n)``)."""
    from PySide6.QtWidgets import QApplication

    from agent_desk.outbox.report import OutboxRow
    from agent_desk.text import Message
    from ui import text
    from ui.outbox.outbox_view import OutboxView
    from ui.translations import install_translations

    now = context.clock.now()

    def row(attempts: int) -> OutboxRow:
        return OutboxRow(
            id=attempts, created_at=now, due_at=now, customer_id=1, customer_name="Siti Rahmawati",
            customer_number="CIF1", zone="Asia/Jakarta", channel=Channel.SMS,
            point=Message.of("outbox.point_label", kind="SMS", masked="…789"), template="plan_summary",
            status=OutboxStatus.SENT, reasons=(), reason_detail=None, attempts=attempts, provider="gateway",
            provider_message_id=None, source="desk", sent_at=now, delivered_at=None, created_by=None, subject=None,
            body=None,
        )  # fmt: skip

    app = QApplication.instance()
    assert app is not None
    text.set_language(language)
    install_translations(app, language)
    try:
        view = OutboxView(context, _users(context)[Role.SUPERVISOR], background)
        qtbot.addWidget(view)
        qtbot.waitUntil(lambda: not view._loading, timeout=10_000)
        view.model.set_rows([row(1), row(3)])
        prefix = once.rsplit(" ", 2)[0]  # "Handed to the provider"
        said = []
        for index in (0, 1):
            view.table.selectRow(index)
            said.append([line for line in view.detail.toPlainText().splitlines() if line.startswith(prefix)])
        assert said == [[once], [three_times]]
    finally:
        text.set_language("en")
        install_translations(app, "en")

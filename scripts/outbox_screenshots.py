"""Grab the outbox's screens to docs/screenshots/ (offscreen; run by hand after UI changes), in English and
Indonesian: the wrap-up's *Send plan summary* preview over the agent's window (1366×768), and the supervisor's
Outbox tab after a morning of reminders (some delivered, some failed, some waiting), a failure chosen, at 1366×768
and 1920×1080.

Usage: .venv/bin/python scripts/outbox_screenshots.py --db sqlite:///DEMO.sqlite3 [--at ISO-TIME]

The demo book is copied first (the original is left as it was); messages go to a local HTTP gateway and a local
mail server, the ones the tests use, so nothing leaves the machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QCoreApplication, QDate, QPoint
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QApplication
from sqlalchemy import update

from agent_desk.context import AppContext, open_context
from agent_desk.credentials import CredentialStore
from agent_desk.drafts import DraftStore
from agent_desk.outbox import run_pass, store_outbox_settings
from agent_desk.outbox.channels import SERVICE_OUTBOX
from agent_desk.outbox.facts import load_contacts
from agent_desk.outbox.settings import seed_data
from agent_desk.portfolio import UserSummary, list_users
from agent_desk.resources import resource_path
from agent_desk.worklist import contact_status, rebuild_worklist, settings_for
from db.models import WorklistEntry
from scripts.screenshots import save, settle
from tests.support.gateway import TOKEN, Gateway
from tests.support.mail import PASSWORD, MailServer
from ui import text
from ui.background import Background
from ui.main_window import MainWindow
from ui.settings import Settings
from ui.translations import install_translations


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True, help="a demo book (sqlite:///PATH), copied before use")
    parser.add_argument("--at", default="2026-11-24T10:30+07:00")
    args = parser.parse_args()
    scratch = Path(tempfile.gettempdir()) / "agent-desk-outbox-shots"  # one name: the status bar shows it
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir()
    copy = scratch / "book.sqlite3"
    shutil.copyfile(args.db.removeprefix("sqlite:///"), copy)
    app = QApplication([])
    QCoreApplication.setOrganizationName("AgentDesk-screenshots")
    app.setStyleSheet(resource_path("ui", "agent-desk.qss").read_text(encoding="utf-8"))
    context = open_context(f"sqlite:///{copy}", args.at)
    gateway = Gateway().start()
    mail = MailServer(scratch, "starttls").start()
    try:
        context.credentials = CredentialStore()
        context.credentials.set_for_session(SERVICE_OUTBOX, "gateway", TOKEN)
        context.credentials.set_for_session(SERVICE_OUTBOX, "mail", PASSWORD)
        morning(context, gateway, mail)
        background = Background()
        with context.database.session() as session:
            users = {user.role.value: user for user in reversed(list_users(session))}
        for language in ("en", "id"):
            text.set_language(language)
            install_translations(app, language)
            preview_shot(app, context, background, users["agent"], scratch / language, language)
            supervisor_shot(app, context, background, users["supervisor"], scratch / language, language)
        background.wait()
    finally:
        gateway.stop()
        mail.stop()
        context.close()
    return 0


def morning(context: AppContext, gateway: Gateway, mail: MailServer) -> None:
    """Configure the channels, queue the day's cadence at 06:00, deliver at 09:00–10:00 with a few failures."""
    data, cadence = seed_data()
    data["providers"] = {"gateway": gateway.provider_config(), "mail": mail.provider_config()}
    data["channels"]["sms"] = {"provider": "gateway"}
    data["channels"]["whatsapp"] = {"provider": "gateway"}
    data["channels"]["email"] = {"provider": "mail"}
    clock = context.clock
    with context.database.transaction(write=True) as session:
        store_outbox_settings(session, clock, data, cadence)
    rebuild_worklist(context.database, clock)
    at = clock.now()
    clock.set(at.replace(hour=23, minute=0) - dt.timedelta(days=1))  # type: ignore[attr-defined]
    run_pass(context.database, clock, context.credentials, deliver=False)
    gateway.script.extend(
        ["accept"] * 25 + ["reject"] + ["accept"] * 10 + ["fail", "fail"] + ["accept"] * 8 + ["reject"]
    )
    clock.set(at - dt.timedelta(minutes=90))  # type: ignore[attr-defined]
    run_pass(context.database, clock, context.credentials, queue=False, limit=60)
    for index, item in enumerate(gateway.delivered()):
        if item.provider_id:
            gateway.statuses[item.provider_id] = "undelivered" if index % 17 == 5 else "delivered"
    clock.set(at - dt.timedelta(minutes=30))  # type: ignore[attr-defined]
    run_pass(context.database, clock, context.credentials, queue=False, limit=0)
    clock.set(at)  # type: ignore[attr-defined]


def _customer_with_every_channel(context: AppContext) -> int:
    policy = settings_for(context.database, context.clock).policy
    with context.database.session() as session:
        ids = list(session.scalars(WorklistEntry.__table__.select().with_only_columns(WorklistEntry.customer_id)))
        contacts = load_contacts(session, ids, context.clock.now(), policy)
    for customer_id in ids:
        found = contacts[customer_id]
        kinds = {point.kind.value for point in found.points if point.verified and point.usable}
        if not found.flags and found.whatsapp_consent and {"mobile", "email"} <= kinds and found.zone:
            status = contact_status(context.database, context.clock, customer_id)
            if status is not None and status.allowed:
                return customer_id
    raise RuntimeError("no customer with a verified mobile, WhatsApp consent and a verified e-mail")


def preview_shot(
    app: QApplication, context: AppContext, background: Background, agent: UserSummary, drafts: Path, language: str
) -> None:
    customer_id = _customer_with_every_channel(context)
    with context.database.transaction(write=True) as session:
        session.execute(
            update(WorklistEntry)
            .where(WorklistEntry.customer_id == customer_id)
            .values(assigned_user_id=agent.id, score=10_000, ready_at=context.clock.now() - dt.timedelta(hours=1))
        )
    window = MainWindow(context, agent, Settings(), background, drafts=DraftStore(drafts / "agent"), phone=False)
    window.resize(1366, 768)
    window.show()
    window.start()
    settle(app, background)
    workspace = window.workspace
    assert workspace is not None
    workspace.loop.next_customer()
    settle(app, background, 600)
    wrapup = workspace.wrapup
    wrapup.disposition.setCurrentIndex(wrapup.disposition.findData("promise_to_pay"))
    wrapup.amount.setText("750.000")
    wrapup.promise_date.setDate(QDate(2026, 11, 27))
    settle(app, background)
    workspace.messages.plan_button.click()
    dialog = workspace.messages.dialog
    assert dialog is not None
    settle(app, background, 600)
    for index in range(dialog.channel.count()):
        if dialog.channel.itemText(index).startswith(("WhatsApp",)):
            dialog.channel.setCurrentIndex(index)
    settle(app, background, 600)
    dialog.resize(620, 600)
    settle(app, background)
    shot = window.grab()
    painter = QPainter(shot)
    painter.fillRect(shot.rect(), QColor(0, 0, 0, 70))
    picture = dialog.grab()
    corner = QPoint((shot.width() - picture.width()) // 2, (shot.height() - picture.height()) // 2)
    painter.drawPixmap(corner, picture)
    painter.setPen(QPen(QColor("#64748b"), 1))
    painter.drawRect(corner.x() - 1, corner.y() - 1, picture.width() + 1, picture.height() + 1)
    painter.end()
    save(shot, f"outbox-plan-summary-{language}-1366x768.png")
    save(dialog.grab(), f"outbox-preview-{language}.png")
    dialog.reject()
    workspace.loop.stop()
    window.close()


def supervisor_shot(
    app: QApplication, context: AppContext, background: Background, boss: UserSummary, drafts: Path, language: str
) -> None:
    """Today's messages with a failed one chosen (its reason and Send again); when the failures are not on the
    first page (a big book sends more than a page before ten), the Failed filter shows them."""
    for width, height in ((1366, 768), (1920, 1080)):
        window = MainWindow(context, boss, Settings(), background, drafts=DraftStore(drafts / "boss"), phone=False)
        window.resize(width, height)
        window.show()
        window.start()
        view = window.outbox
        window.tabs.setCurrentWidget(view)
        view.period.setCurrentIndex(0)
        settle(app, background, 600)
        failed = _first_failed(view)
        if failed is None:
            view.status.setCurrentIndex(view.status.findData("failed"))
            settle(app, background, 600)
            failed = _first_failed(view)
        view.table.selectRow(failed or 0)
        settle(app, background)
        save(window.grab(), f"outbox-supervisor-{language}-{width}x{height}.png")
        window.close()


def _first_failed(view: Any) -> int | None:
    rows = range(view.model.rowCount())
    return next((row for row in rows if view.model.row_at(row).status.value == "failed"), None)


if __name__ == "__main__":
    sys.exit(main())

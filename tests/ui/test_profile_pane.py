"""The customer profile pane on real demo-portfolio profiles (load_profile), offscreen.

With ``AGENT_DESK_SCREENSHOTS=1`` the pane is also saved to docs/screenshots/profile-*.png.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtWidgets import QApplication, QLabel
from sqlalchemy import func, select

from agent_desk.clock import FrozenClock
from agent_desk.context import AppContext, open_context
from agent_desk.portfolio import list_users
from agent_desk.resources import resource_path
from agent_desk.scheduling.payments import PaymentRow, post_payments
from agent_desk.worklist.customer import load_profile
from agent_desk.worklist.evaluate import Evaluation
from agent_desk.worklist.profile import CustomerProfile
from agent_desk.worklist.status import contact_status
from db.models import (
    Account,
    AccountStatus,
    ContactKind,
    ContactOwner,
    ContactPoint,
    Customer,
    CustomerFlag,
    FlagKind,
    Interaction,
    Payment,
    PaymentKind,
    Product,
)
from tests.ui.conftest import NOW
from ui import text
from ui.panes.profile_header import label
from ui.panes.profile_models import COPY_ROLE, RED
from ui.panes.profile_pane import HISTORY_TAB, NUMBERS_TAB, ProfilePane
from ui.panes.profile_timeline import LINES_ROLE, PROMISE_COLOURS, Lines, promise_status_label
from ui.translations import install_translations

pytestmark = pytest.mark.gui
ROOT = Path(__file__).resolve().parents[2]
SUNDAY = dt.datetime(2026, 11, 29, 3, 0, tzinfo=dt.UTC)  # Sunday 10:00 WIB
EVENING = dt.datetime(2026, 11, 24, 14, 30, tzinfo=dt.UTC)  # Tuesday 21:30 WIB


@pytest.fixture
def pane(qtbot, context: AppContext) -> ProfilePane:  # type: ignore[no-untyped-def]
    QApplication.instance().setStyleSheet(resource_path("ui", "agent-desk.qss").read_text(encoding="utf-8"))  # type: ignore[union-attr]
    widget = ProfilePane(context.clock)
    qtbot.addWidget(widget)
    widget.resize(560, 420)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


@pytest.fixture
def scratch(context: AppContext, tmp_path: Path) -> Iterator[AppContext]:
    """A copy of the demo database that a test may change."""
    source = Path(str(context.database.engine.url.database))
    shutil.copyfile(source, tmp_path / "scratch.sqlite3")
    ctx = open_context(f"sqlite:///{tmp_path / 'scratch.sqlite3'}")
    ctx.clock = context.clock
    yield ctx
    ctx.close()


def agent_names(context: AppContext) -> dict[int, str]:
    with context.database.session() as session:
        return {user.id: user.display_name for user in list_users(session)}


def load(context: AppContext, customer_id: int) -> tuple[CustomerProfile, Evaluation | None]:
    with context.database.session() as session:
        profile = load_profile(session, customer_id)
    assert profile is not None
    return profile, contact_status(context.database, context.clock, customer_id)


def show(pane: ProfilePane, context: AppContext, customer_id: int, **kwargs: object) -> CustomerProfile:
    profile, status = load(context, customer_id)
    pane.show_profile(profile, status, agent_names=agent_names(context), **kwargs)  # type: ignore[arg-type]
    QApplication.processEvents()
    return profile


def first_id(context: AppContext, statement) -> int:  # type: ignore[no-untyped-def]
    with context.database.session() as session:
        found = session.scalars(statement.limit(1)).first()
    assert found is not None, "the demo portfolio has no such customer"
    return int(found)


def allowed_customer(context: AppContext, zone: str = "Asia/Jakarta") -> int:
    with context.database.session() as session:
        ids = session.scalars(select(Customer.id).where(Customer.timezone == zone).order_by(Customer.id)).all()
    for customer_id in ids:
        status = contact_status(context.database, context.clock, customer_id)
        if status is not None and status.allowed:
            return customer_id
    raise AssertionError(f"nobody in {zone} may be called at {NOW}")


def all_texts(pane: ProfilePane) -> list[str]:
    """Every text on the pane: labels, tooltips and every cell of every model (as shown and as tooltips)."""
    found = [label.text() for label in pane.findChildren(QLabel)] + [
        label.toolTip() for label in pane.findChildren(QLabel)
    ]
    models = [
        pane.accounts.model,
        pane.accounts.installments_model,
        pane.instructions.model,
        pane.payments.model,
        pane.contacts.model,
        pane.customer.consents_model,
        pane.timeline.model,
    ]
    for model in models:
        for row in range(model.rowCount()):
            for column in range(model.columnCount(QModelIndex()) if isinstance(model, QAbstractTableModel) else 1):
                found.append(str(model.index(row, column).data(Qt.ItemDataRole.DisplayRole)))
    return found


def test_a_blocking_flag_is_a_red_badge_and_says_do_not_call_and_the_id_is_masked(
    pane: ProfilePane, context: AppContext
) -> None:
    customer_id = first_id(
        context,
        select(CustomerFlag.customer_id).where(
            CustomerFlag.kind == FlagKind.DISPUTE,
            CustomerFlag.contact_point_id.is_(None),
            CustomerFlag.cleared_at.is_(None),
        ),
    )
    profile = show(pane, context, customer_id)
    badges = [badge for badge in pane.header.flag_badges if not badge.isHidden()]
    assert [badge.text() for badge in badges if badge.property("blocking")] == ["Dispute — blocks calls"]
    assert pane.may_call.property("state") == "stopped"
    assert pane.may_call.text().startswith("⛔ Do not call: Customer flagged: Dispute")
    pane.show_profile(profile, None, agent_names={})  # the flag says it even before (or without) a contact check
    assert pane.may_call.property("state") == "stopped"
    assert pane.may_call.text() == "⛔ Do not call: Customer flagged: Dispute"

    with context.database.session() as session:
        national_id = session.scalar(select(Customer.national_id).where(Customer.id == customer_id))
    assert national_id and len(national_id) == 16
    assert f"NIK ••••••••••••{national_id[-4:]}" in pane.header.identity.full_text()
    assert profile.national_id_masked == "•" * 12 + national_id[-4:]
    assert not [value for value in all_texts(pane) if national_id in value or national_id[:8] in value]


def test_a_hardship_flag_is_a_caution_badge_and_a_number_flag_names_its_number(
    pane: ProfilePane, context: AppContext
) -> None:
    customer_id = first_id(
        context,
        select(CustomerFlag.customer_id).where(
            CustomerFlag.kind == FlagKind.DO_NOT_CALL, CustomerFlag.contact_point_id.is_not(None)
        ),
    )
    profile = show(pane, context, customer_id)
    flagged = next(flag for flag in profile.flags if flag.contact_point_id is not None)
    point = next(p for p in profile.contact_points if p.id == flagged.contact_point_id)
    texts = pane.header.flag_texts()
    assert any(t.startswith("Do not call: mobile ") and t.endswith(point.raw_value[-2:]) for t in texts), texts
    number_badge = next(b for b in pane.header.flag_badges if b.text().startswith("Do not call: mobile"))
    assert number_badge.property("blocking") is True
    pane.tabs.setCurrentIndex(NUMBERS_TAB)
    row = next(i for i, r in enumerate(pane.contacts.model.rows()) if r.point.id == point.id)
    assert pane.contacts.model.index(row, 1).data().startswith("No — flagged: Do not call")

    hardship = first_id(
        context,
        select(CustomerFlag.customer_id).where(
            CustomerFlag.kind == FlagKind.HARDSHIP,
            CustomerFlag.contact_point_id.is_(None),
            ~CustomerFlag.customer_id.in_(
                select(CustomerFlag.customer_id).where(CustomerFlag.kind != FlagKind.HARDSHIP)
            ),
        ),
    )
    show(pane, context, hardship)
    assert pane.header.flag_texts() == ["Hardship"]
    assert pane.header.flag_badges[0].property("blocking") is False


def test_the_local_clock_shows_the_customers_zone_and_moves_with_the_clock(
    pane: ProfilePane, context: AppContext, qtbot
) -> None:  # type: ignore[no-untyped-def]
    makassar = first_id(context, select(Customer.id).where(Customer.timezone == "Asia/Makassar"))
    show(pane, context, makassar)
    assert pane.local_clock.text() == "Tuesday 10:30 WITA"
    assert pane.header.clock_note.isHidden()
    assert isinstance(context.clock, FrozenClock)
    context.clock.advance(dt.timedelta(minutes=61))
    qtbot.waitUntil(lambda: pane.local_clock.text() == "Tuesday 11:31 WITA", timeout=3000)
    jayapura = first_id(context, select(Customer.id).where(Customer.timezone == "Asia/Jayapura"))
    show(pane, context, jayapura)
    assert pane.local_clock.text() == "Tuesday 12:31 WIT"


def test_an_unknown_zone_is_said_plainly_with_every_zones_time(pane: ProfilePane, context: AppContext) -> None:
    customer_id = first_id(context, select(Customer.id).where(Customer.timezone.is_(None), Customer.province.is_(None)))
    show(pane, context, customer_id)
    assert pane.local_clock.text() == "09:30 WIB · 10:30 WITA · 11:30 WIT"
    assert pane.header.clock_note.isVisible() and pane.header.clock_note.text() == "time zone unknown"
    assert pane.customer.details["zone"].text().startswith("Unknown")


def test_may_call_now_in_green_with_the_number_next_chose(pane: ProfilePane, context: AppContext) -> None:
    customer_id = allowed_customer(context)
    profile, status = load(context, customer_id)
    assert status is not None and status.number_id is not None
    pane.show_profile(profile, status, agent_names={}, number_id=status.number_id)
    point = next(p for p in profile.contact_points if p.id == status.number_id)
    assert pane.may_call.property("state") == "allowed"
    assert pane.may_call.text().startswith("✔ May call now on mobile ")
    assert point.raw_value[-4:] in pane.may_call.text() and point.raw_value not in pane.may_call.text()
    assert pane.chosen_number_id == status.number_id


@pytest.mark.parametrize(
    ("moment", "reason", "allowed_from"),
    [
        (SUNDAY, "Sunday 10:00 WIB: outside Mon–Sat", "allowed from Mon 30 Nov, 08:00 WIB (in 22 h 00 min)"),
        (EVENING, "Tuesday 21:30 WIB: outside 08:00–20:00", "allowed from Wed 25 Nov, 08:00 WIB (in 10 h 30 min)"),
    ],
)
def test_outside_the_window_the_line_says_why_and_from_when(
    qtbot, context: AppContext, moment: dt.datetime, reason: str, allowed_from: str
) -> None:  # type: ignore[no-untyped-def]
    customer_id = allowed_customer(context)  # callable on Tuesday morning
    clock = FrozenClock(moment)
    pane = ProfilePane(clock)
    qtbot.addWidget(pane)
    with context.database.session() as session:
        profile = load_profile(session, customer_id)
    assert profile is not None
    pane.show_profile(profile, contact_status(context.database, clock, customer_id), agent_names={})
    assert pane.may_call.property("state") == "blocked"
    assert pane.may_call.text() == f"✖ Not now: {reason} · {allowed_from}"


def test_update_status_follows_the_clock_and_ignores_another_customers(pane: ProfilePane, context: AppContext) -> None:
    customer_id = allowed_customer(context)
    profile, status = load(context, customer_id)
    pane.show_profile(profile, None, agent_names={})
    assert pane.may_call.property("state") == "unknown"
    other = allowed_customer(context, "Asia/Makassar")
    pane.update_status(contact_status(context.database, context.clock, other))
    assert pane.may_call.property("state") == "unknown"
    pane.update_status(status)
    assert pane.may_call.property("state") == "allowed"
    assert pane.chosen_number_id == status.number_id  # type: ignore[union-attr]


def test_the_chart_totals_are_the_profiles_sums_over_twelve_months(pane: ProfilePane, context: AppContext) -> None:
    with context.database.session() as session:
        customer_id = session.scalars(
            select(Account.customer_id)
            .join(Payment, Payment.account_id == Account.id)
            .join(Customer, Customer.id == Account.customer_id)
            .where(Customer.timezone == "Asia/Jakarta")
            .group_by(Account.customer_id)
            .order_by(func.count().desc(), Account.customer_id)
            .limit(1)
        ).one()
    profile = show(pane, context, customer_id)
    zone = ZoneInfo("Asia/Jakarta")
    first_month = dt.date(2025, 12, 1)  # the 12 months that end with November 2026
    due = sum(
        (
            part.amount_due
            for a in profile.accounts
            for part in a.installments
            if first_month <= part.due_date <= dt.date(2026, 11, 30)
        ),
        Decimal(0),
    )
    paid = sum(
        (
            pay.amount
            for a in profile.accounts
            for pay in a.payments
            if first_month <= pay.paid_at.astimezone(zone).date() <= dt.date(2026, 11, 30)
        ),
        Decimal(0),
    )
    assert paid > 0 and due > 0
    assert pane.payments.chart.totals() == (due, paid)
    due_bars, paid_bars = pane.payments.chart.bar_heights()
    assert len(due_bars) == 12 and sum(due_bars) == pytest.approx(float(due))
    assert sum(paid_bars) == pytest.approx(float(paid))
    assert pane.payments.model.rowCount() == sum(len(a.payments) for a in profile.accounts)
    assert pane.tabs.tabText(2) == f"Payments ({pane.payments.model.rowCount()})"


def test_a_reversal_lowers_its_month_and_reads_as_one(pane: ProfilePane, scratch: AppContext) -> None:
    with scratch.database.session() as session:
        original = session.scalars(
            select(Payment)
            .where(Payment.kind == PaymentKind.PAYMENT, Payment.paid_at >= NOW - dt.timedelta(days=200))
            .order_by(Payment.amount.desc())
            .limit(1)
        ).one()
        account = session.get(Account, original.account_id)
        assert account is not None
        customer_id, number, amount, reference = (
            account.customer_id,
            account.account_number,
            original.amount,
            original.reference,
        )
    show(pane, scratch, customer_id)
    before = pane.payments.chart.figures[-1].paid
    report = post_payments(
        scratch.database,
        scratch.clock,
        [PaymentRow(1, number, NOW - dt.timedelta(hours=1), -amount, reference, "VA BCA")],
    )
    assert report.reversed == 1, report.errors
    show(pane, scratch, customer_id)
    assert pane.payments.chart.figures[-1].month == dt.date(2026, 11, 1)
    assert pane.payments.chart.figures[-1].paid == before - amount
    assert pane.payments.chart.bar_heights()[1][-1] == pytest.approx(float(before - amount))
    top = pane.payments.model.index(0, 1)
    assert top.data() == "-Rp " + f"{amount:,.0f}".replace(",", ".")
    assert top.data(Qt.ItemDataRole.ForegroundRole) == RED
    assert pane.payments.model.index(0, 4).data() == f"reverses {reference}"


def test_the_timeline_is_newest_first_with_calls_and_promises_in_words(pane: ProfilePane, context: AppContext) -> None:
    with context.database.session() as session:
        customer_id = session.scalars(
            select(Interaction.customer_id)
            .where(Interaction.customer_id.in_(select(Customer.id).where(Customer.timezone == "Asia/Jakarta")))
            .group_by(Interaction.customer_id)
            .order_by(func.count().desc(), Interaction.customer_id)
            .limit(1)
        ).one()
    names = agent_names(context)
    profile, status = load(context, customer_id)
    pane.show_profile(profile, status, agent_names=names)
    pane.tabs.setCurrentIndex(HISTORY_TAB)
    model = pane.timeline.model
    entries = model.entries()
    assert len(entries) == len(profile.interactions) + len(profile.promises) + len(profile.actions) + len(profile.plans)
    assert [e.at for e in entries] == sorted((e.at for e in entries), reverse=True)
    assert pane.tabs.tabText(HISTORY_TAB) == f"History ({len(entries)})"

    latest = profile.interactions[0]
    row = next(i for i, e in enumerate(entries) if e.item == latest)
    lines = model.index(row).data(LINES_ROLE)
    assert isinstance(lines, Lines)
    local = latest.started_at.astimezone(ZoneInfo("Asia/Jakarta"))
    assert lines.head.startswith(f"{local:%a} {local.day} {local:%b}, {local:%H:%M} WIB · Call out · mobile …")
    point = next(p for p in profile.contact_points if p.id == latest.contact_point_id)
    digits = "".join(ch for ch in point.raw_value if ch.isdigit())
    assert f"…{digits[-4:]}" in lines.head and digits not in lines.plain()
    assert latest.user_id is not None and names[latest.user_id] in lines.head
    if latest.talk_seconds:
        assert f"{latest.talk_seconds // 60}:{latest.talk_seconds % 60:02d}" in lines.head
    assert latest.disposition_code is not None
    assert lines.chip == text.label(f"disposition.{latest.disposition_code}")
    assert lines.detail == (latest.notes or "")
    for promise in profile.promises:
        promise_lines = model.index(next(i for i, e in enumerate(entries) if e.item == promise)).data(LINES_ROLE)
        assert promise_lines.chip == promise_status_label(promise.status)
        assert promise_lines.chip_colour == PROMISE_COLOURS[promise.status]
        assert text.money(promise.amount, promise.currency) in promise_lines.head
    assert profile.promises, "pick a customer with promises"


def test_a_dialable_number_is_chosen_and_an_invalid_one_is_refused(
    pane: ProfilePane, context: AppContext, qtbot
) -> None:  # type: ignore[no-untyped-def]
    customer_id = allowed_customer(context)
    profile = show(pane, context, customer_id)
    pane.tabs.setCurrentIndex(NUMBERS_TAB)
    QApplication.processEvents()
    view = pane.contacts.view
    row = next(i for i, r in enumerate(pane.contacts.model.rows()) if r.status.dialable)
    point_id = pane.contacts.model.rows()[row].point.id
    rect = view.visualRect(pane.contacts.model.index(row, 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())  # QTest's double-click
    with qtbot.waitSignal(pane.number_chosen, timeout=1000) as chosen:  # alone has no press before it
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert chosen.args == [point_id]
    assert pane.chosen_number_id == point_id
    assert pane.contacts.model.index(row, 0).data().startswith("▶ ")
    assert profile.id == pane.profile.id  # type: ignore[union-attr]

    invalid_customer = first_id(
        context,
        select(ContactPoint.customer_id).where(
            ContactPoint.dialable.is_(False), ContactPoint.kind != ContactKind.EMAIL
        ),
    )
    show(pane, context, invalid_customer)
    bad = next(
        i
        for i, r in enumerate(pane.contacts.model.rows())
        if not r.point.dialable and r.point.kind != ContactKind.EMAIL
    )
    view.setFocus()
    view.setCurrentIndex(pane.contacts.model.index(bad, 0))
    emitted: list[int] = []
    pane.number_chosen.connect(emitted.append)
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert emitted == []
    assert "cannot be dialled: No — not a valid phone number" in pane.contacts.note.text()
    good = next((i for i, r in enumerate(pane.contacts.model.rows()) if r.status.dialable), None)
    if good is not None:  # Enter on a dialable number chooses it
        view.setCurrentIndex(pane.contacts.model.index(good, 0))
        qtbot.keyClick(view, Qt.Key.Key_Return)
        assert emitted == [pane.contacts.model.rows()[good].point.id]


def test_payment_instructions_are_grouped_for_reading_and_copied_exactly(
    pane: ProfilePane, context: AppContext
) -> None:
    profile = show(pane, context, allowed_customer(context))
    model = pane.instructions.model
    assert model.rowCount() == sum(len(a.instructions) for a in profile.accounts) > 0
    row = next(i for i in range(model.rowCount()) if model.rows()[i][1].kind == "virtual_account")
    value = model.rows()[row][1].value
    shown = model.index(row, 2).data()
    assert shown.replace(" ", "") == value and " " in shown
    assert model.index(row, 1).data() == f"Virtual account {model.rows()[row][1].provider}"
    assert model.index(row, 2).data(COPY_ROLE) == value
    pane.instructions.copier.copy_row(row)
    assert QGuiApplication.clipboard().text() == value
    assert pane.instructions.note.text() == f"Copied {value}"


def test_a_customer_with_no_history(pane: ProfilePane, scratch: AppContext) -> None:
    with scratch.database.transaction(write=True) as session:
        customer = Customer(
            customer_number="CIF-NEW-1",
            full_name="Dewi Lestari",
            national_id="3174012345670001",
            timezone="Asia/Jakarta",
            province="DKI Jakarta",
            created_at=NOW,
            updated_at=NOW,
        )
        session.add(customer)
        session.flush()
        session.add(
            Account(
                customer_id=customer.id,
                account_number="PL-NEW-1",
                product=Product.PERSONAL_LOAN,
                outstanding=Decimal("5000000.00"),
                arrears=Decimal("0.00"),
                bucket="pre_due",
                status=AccountStatus.CURRENT,
                created_at=NOW,
                updated_at=NOW,
            )
        )
        session.add(
            ContactPoint(
                customer_id=customer.id,
                kind=ContactKind.MOBILE,
                owner=ContactOwner.SELF,
                raw_value="0812-3456-7890",
                e164="+6281234567890",
                created_at=NOW,
            )
        )
        session.flush()
        customer_id = customer.id
    show(pane, scratch, customer_id)
    assert pane.name.full_text() == "Dewi Lestari"
    assert pane.timeline.model.rowCount() == 0 and pane.timeline.empty.isVisibleTo(pane.timeline)
    assert pane.payments.model.rowCount() == 0 and pane.payments.empty.isVisibleTo(pane.payments)
    assert pane.payments.chart.totals() == (Decimal(0), Decimal(0))
    assert pane.header.contact_state.full_text() == "No contact yet"
    assert pane.accounts.installments_title.text() == "PL-NEW-1 has no installment schedule"
    assert pane.customer.consents_empty.isVisibleTo(pane.customer)
    assert pane.tabs.tabText(HISTORY_TAB) == "History (0)"
    numbers = pane.contacts.model.index(0, 2).data()
    assert numbers.startswith("Too few answers yet\n0 of 0 answered")


def test_loading_and_clearing_never_leave_the_previous_customer_on_screen(
    pane: ProfilePane, context: AppContext
) -> None:
    profile = show(pane, context, allowed_customer(context))
    pane.show_loading("Budi")
    assert pane.name.full_text() == "Budi" and pane.profile is None and pane.chosen_number_id is None
    assert not pane.tabs.isEnabled()
    assert not [t for t in all_texts(pane) if profile.customer_number in t or profile.full_name in t]
    pane.clear()
    assert pane.name.full_text() == "No customer open"


def grab(pane: ProfilePane, size: tuple[int, int], name: str, tmp_path: Path, tab: int) -> QImage:
    pane.resize(*size)
    pane.tabs.setCurrentIndex(tab)
    QApplication.processEvents()
    picture = pane.grab()
    assert picture.save(str(tmp_path / name))
    if os.environ.get("AGENT_DESK_SCREENSHOTS") == "1":  # the project's switch for refreshing docs/screenshots
        assert picture.save(str(ROOT / "docs" / "screenshots" / name))
    return QImage(str(tmp_path / name))


@pytest.mark.parametrize(
    ("size", "tab", "name"),
    [
        ((560, 420), 0, "profile-1366x768-accounts.png"),
        ((560, 420), HISTORY_TAB, "profile-1366x768-history.png"),
        ((560, 420), 2, "profile-1366x768-payments.png"),
        ((560, 420), NUMBERS_TAB, "profile-1366x768-numbers.png"),
        ((800, 640), 0, "profile-1920x1080-accounts.png"),
        ((800, 640), HISTORY_TAB, "profile-1920x1080-history.png"),
    ],
)
def test_screenshots_nothing_clipped(
    pane: ProfilePane, context: AppContext, tmp_path: Path, size: tuple[int, int], tab: int, name: str
) -> None:
    calls = (
        select(func.count())
        .select_from(Interaction)
        .where(Interaction.customer_id == Account.customer_id)
        .scalar_subquery()
    )
    with context.database.session() as session:  # a customer with several accounts and a history, in WITA
        customer_id = session.scalars(
            select(Account.customer_id)
            .join(Customer, Customer.id == Account.customer_id)
            .where(Customer.timezone == "Asia/Makassar")
            .group_by(Account.customer_id)
            .order_by(func.count().desc(), calls.desc(), Account.customer_id)
            .limit(1)
        ).one()
    show(pane, context, customer_id)
    if tab == HISTORY_TAB:
        pane.timeline.view.setCurrentIndex(pane.timeline.model.index(1))
    image = grab(pane, size, name, tmp_path, tab)
    assert (image.width(), image.height()) == size
    colours = {image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)}
    assert len(colours) > 20, "the picture looks blank"
    bar = pane.tabs.tabBar()
    assert bar.sizeHint().width() <= pane.tabs.width(), "the tab titles do not fit: some are scrolled away"
    for line in (pane.may_call, pane.header.money, pane.header.contact_state, pane.name):
        assert line.height() >= line.fontMetrics().height(), f"{line.objectName()} is squeezed"
    may_call = pane.may_call
    assert may_call.height() >= may_call.heightForWidth(may_call.width()) - 1, "the may-call line is cut"
    assert pane.tabs.currentWidget().height() > 150


def test_a_third_partys_number_is_for_locating_only(pane: ProfilePane, context: AppContext) -> None:
    customer_id = first_id(
        context,
        select(ContactPoint.customer_id).where(
            ContactPoint.owner == ContactOwner.EMERGENCY_CONTACT, ContactPoint.dialable.is_(True)
        ),
    )
    profile = show(pane, context, customer_id)
    rows = pane.contacts.model.rows()
    row = next(i for i, r in enumerate(rows) if r.point.owner is ContactOwner.EMERGENCY_CONTACT)
    point = rows[row].point
    cell = pane.contacts.model.index(row, 0).data()
    assert point.owner_name
    assert point.relationship  # the demo says how they know the customer
    assert cell.endswith(f"emergency contact ({point.relationship}): {point.owner_name}")
    assert pane.contacts.model.index(row, 1).data().startswith("Locate only\n")
    emitted: list[int] = []
    pane.number_chosen.connect(emitted.append)
    assert pane.contacts.choose_row(row)
    assert emitted == [point.id] and pane.chosen_number_id == point.id
    assert pane.contacts.note.text().endswith("only to find the customer: do not discuss the debt")
    assert profile.id == customer_id


def test_a_code_the_catalog_lacks_reads_as_words() -> None:
    assert label("bucket", "dpd_1_30") == "1–30 days past due"
    assert label("bucket", "current") == "current"  # the demo's bucket of accounts not past due
    assert label("disposition", "left_message_with_family") == "left message with family"


def test_the_pane_speaks_indonesian_with_the_translations_installed(qtbot, context: AppContext) -> None:  # type: ignore[no-untyped-def]
    app = QApplication.instance()
    assert app is not None
    customer_id = allowed_customer(context)
    try:
        assert install_translations(app, "id") >= 1
        text.set_language("id")
        pane = ProfilePane(context.clock)
        qtbot.addWidget(pane)
        show(pane, context, customer_id)
        assert pane.may_call.text().startswith("✔ Boleh ditelepon sekarang ke ponsel ")
        assert pane.tabs.tabText(HISTORY_TAB).startswith("Riwayat (")
        assert pane.local_clock.text().startswith("Selasa 09:30 WIB")
        assert pane.accounts.model.headerData(1, Qt.Orientation.Horizontal) == "Tunggakan"
    finally:
        install_translations(app, "en")
        text.set_language("en")
    english = ProfilePane(context.clock)
    qtbot.addWidget(english)
    assert english.name.text() == "No customer open"

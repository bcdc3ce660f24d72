"""The profile's header, always in view: who, their flags, their local clock, whether they may be called now."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence

from PySide6.QtCore import QCoreApplication, QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLayout, QLayoutItem, QSizePolicy, QVBoxLayout, QWidget

from agent_desk import profile_view as view
from agent_desk.text import Message, zone_abbreviation
from agent_desk.worklist.evaluate import Evaluation
from agent_desk.worklist.profile import ContactPointView, CustomerProfile
from db.models import FlagKind
from ui import text


def tr(source: str) -> str:
    """Translate text of the profile's modules outside a QObject's ``self.tr``.

    pyside6-lupdate files a bare ``tr("…")`` call under the empty context, so that is the context looked up.
    """
    return QCoreApplication.translate("", source)


def label(area: str, code: str) -> str:
    """The catalog's label of ``area.code``; a code the catalog lacks reads as words ("current"), not as a code."""
    found = text.label(f"{area}.{code}")
    return code.replace("_", " ") if found == f"{area}.{code}" else found


def days(count: int) -> str:
    """ "1 day", "12 days" (the catalog-free plural, until the translations carry plural forms)."""
    return tr("1 day") if count == 1 else tr("{count} days").format(count=count)


def relative(delta: dt.timedelta) -> str:
    """ "in 2 h 05 min", "in 3 days", "now" — how far a moment is, the way an agent says it."""
    minutes = int(delta.total_seconds() // 60)
    if minutes <= 0:
        return tr("now")
    if minutes < 60:
        return tr("in {minutes} min").format(minutes=minutes)
    if minutes < 48 * 60:
        return tr("in {hours} h {minutes:02d} min").format(hours=minutes // 60, minutes=minutes % 60)
    return tr("in {days} days").format(days=minutes // (24 * 60))


def ago(delta: dt.timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    if minutes < 60:
        return tr("{minutes} min ago").format(minutes=max(minutes, 0))
    if minutes < 48 * 60:
        return tr("{hours} h ago").format(hours=minutes // 60)
    return tr("{days} days ago").format(days=minutes // (24 * 60))


def number_label(point: ContactPointView) -> str:
    """ "mobile 0812-••••-1143": the kind and the masked number."""
    return f"{kind_label(point.kind.value)} {view.mask_phone(point.raw_value, point.e164)}"


def kind_label(kind: str) -> str:
    return {
        "mobile": tr("mobile"),
        "home": tr("home"),
        "work": tr("work"),
        "email": tr("e-mail"),
        "whatsapp": tr("WhatsApp"),
    }.get(kind, kind)


class ElidedLabel(QLabel):
    """One line that shortens with "…" instead of widening its parent; ``text()`` and the tooltip stay whole."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setTextFormat(Qt.TextFormat.PlainText)

    def set_full_text(self, value: str) -> None:
        if value != self.text():
            self.setText(value)
            self.setToolTip(value)

    def full_text(self) -> str:
        return self.text()

    def shown_text(self) -> str:
        """What fits, as painted."""
        return self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, self.contentsRect().width())

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        self.style().drawItemText(
            painter,
            self.contentsRect(),
            int(self.alignment()),
            self.palette(),
            self.isEnabled(),
            self.shown_text(),
            self.foregroundRole(),
        )


class FlowLayout(QLayout):
    """Badges left to right, wrapping onto more lines when the pane is narrow (Qt's flow layout example)."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 6) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self.setContentsMargins(QMargins(0, 0, 0, 0))

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:
        return self.minimumSize()

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._items:
            if not item.isEmpty():
                size = size.expandedTo(item.minimumSize())
        return size

    def _arrange(self, rect: QRect, *, move: bool) -> int:
        x, y, line = rect.x(), rect.y(), 0
        for item in self._items:
            if item.isEmpty():
                continue
            hint = item.sizeHint()
            if x + hint.width() > rect.right() + 1 and line > 0:
                x, y, line = rect.x(), y + line + self._spacing, 0
            if move:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + self._spacing
            line = max(line, hint.height())
        return y + line - rect.y()


class ProfileHeader(QWidget):
    """Name, identity, flags, the customer's clock and the may-call line; updated in place for every customer."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("profile_header")
        self.name = ElidedLabel()
        self.name.setObjectName("customer_name")
        self.local_clock = QLabel()
        self.local_clock.setObjectName("local_clock")
        self.local_clock.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.clock_note = QLabel()
        self.clock_note.setObjectName("clock_note")
        self.clock_note.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.clock_note.hide()
        self.identity = ElidedLabel()
        self.identity.setObjectName("customer_identity")
        self.flags_box = QWidget()
        self.flags_box.setObjectName("flags_box")
        self.flags_layout = FlowLayout(self.flags_box)
        self.flag_badges: list[QLabel] = []
        self.may_call = QLabel()
        self.may_call.setObjectName("may_call")
        self.may_call.setWordWrap(True)
        self.may_call.setTextFormat(Qt.TextFormat.PlainText)
        self.may_call.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.money = ElidedLabel()
        self.money.setObjectName("profile_money")
        self.contact_state = ElidedLabel()
        self.contact_state.setObjectName("profile_contact_state")

        first = QHBoxLayout()
        first.setSpacing(8)
        first.addWidget(self.name, 1)
        first.addWidget(self.local_clock)
        second = QHBoxLayout()
        second.setSpacing(8)
        second.addWidget(self.identity, 1)
        second.addWidget(self.clock_note)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(3)
        layout.addLayout(first)
        layout.addLayout(second)
        layout.addWidget(self.flags_box)
        layout.addWidget(self.may_call)
        layout.addWidget(self.money)
        layout.addWidget(self.contact_state)
        self.flags_box.hide()
        self.set_state("unknown")

    # --- flags ------------------------------------------------------------------------------------------------

    def show_flags(self, badges: Sequence[tuple[str, bool]]) -> None:
        """Badges (text, blocking); labels are reused from one customer to the next."""
        while len(self.flag_badges) < len(badges):
            badge = QLabel()
            badge.setObjectName("flag_badge")
            badge.setProperty("blocking", False)
            self.flag_badges.append(badge)
            self.flags_layout.addWidget(badge)
        for badge, (label, blocking) in zip(self.flag_badges, badges, strict=False):
            badge.setText(label)
            if bool(badge.property("blocking")) != blocking:
                badge.setProperty("blocking", blocking)
                badge.style().unpolish(badge)
                badge.style().polish(badge)
            badge.setToolTip(tr("Blocks contact until cleared") if blocking else tr("Handle with care"))
            badge.show()
        for badge in self.flag_badges[len(badges) :]:
            badge.hide()
        self.flags_box.setVisible(bool(badges))

    def flag_texts(self) -> list[str]:
        return [badge.text() for badge in self.flag_badges if not badge.isHidden()]

    # --- the may-call line ------------------------------------------------------------------------------------

    def set_state(self, state: str) -> None:
        """allowed / not_due / blocked / stopped / unknown — the stylesheet colours each."""
        if self.may_call.property("state") != state:
            self.may_call.setProperty("state", state)
            self.may_call.style().unpolish(self.may_call)
            self.may_call.style().polish(self.may_call)

    def show_status(
        self,
        status: Evaluation | None,
        now: dt.datetime,
        number: ContactPointView | None,
        blocking: Sequence[FlagKind] = (),
    ) -> None:
        """The may-call line from the contact check; a blocking flag on the customer always says "Do not call"."""
        if blocking:
            flags = [Message.of("compliance.customer_flag", flag=Message.of(f"flag.{kind.value}")) for kind in blocking]
            extra = [m for m in (status.reasons if status is not None else ()) if m not in flags]
            self.set_state("stopped")
            self.may_call.setText(tr("⛔ Do not call") + ": " + "; ".join(text.render(m) for m in [*flags, *extra]))
            return
        if status is None:
            self.set_state("unknown")
            self.may_call.setText(tr("Contact check not done yet"))
            return
        notes = [text.render(note) for note in status.notes]
        on_number = tr(" on {number}").format(number=number_label(number)) if number is not None else ""
        if status.allowed:
            self.set_state("allowed")
            line = tr("✔ May call now") + on_number
            self.may_call.setText(" · ".join([line, *notes]))
            return
        reasons = [text.render(reason) for reason in status.reasons]
        lawful = not any(reason.code.startswith("compliance.") for reason in status.reasons)
        when = ""
        if status.ready_at is not None:
            local = text.local_time(status.ready_at, status.shown_zone, with_date=True)
            when = tr("next call {local} ({relative})") if lawful else tr("allowed from {local} ({relative})")
            when = when.format(local=local, relative=relative(status.ready_at - now))
            if any(local in reason for reason in reasons):  # the reason already says when
                when = relative(status.ready_at - now)
        if lawful:
            self.set_state("not_due")
            head = tr("Not due now")
        elif status.ready_at is not None:
            self.set_state("blocked")
            head = tr("✖ Not now")
        else:
            self.set_state("stopped")
            head = tr("⛔ Do not call")
        parts = [f"{head}: " + "; ".join(reasons) if reasons else head]
        if when:
            parts.append(when)
        self.may_call.setText(" · ".join(parts + notes))

    # --- the clock --------------------------------------------------------------------------------------------

    def show_clock(self, now: dt.datetime, zone: str | None, country_zones: Sequence[str]) -> None:
        if zone is not None:
            value = text.local_time(now, zone)
            note = ""
            tip = tr("The customer's local time ({zone})").format(zone=zone)
        else:
            value = " · ".join(
                f"{now.astimezone(view.zone_info(z)):%H:%M} {zone_abbreviation(z, now)}" for z in country_zones
            )
            note = tr("time zone unknown")
            tip = tr("The customer's time zone is not known: only hours inside the window in every zone count")
        if self.local_clock.text() != value:
            self.local_clock.setText(value)
            self.local_clock.setToolTip(tip)
        if self.clock_note.text() != note:
            self.clock_note.setText(note)
            self.clock_note.setVisible(bool(note))

    # --- identity and the glance lines ------------------------------------------------------------------------

    def show_identity(self, profile: CustomerProfile, today: dt.date) -> None:
        self.name.set_full_text(profile.full_name)
        parts = [profile.customer_number]
        if profile.national_id_masked:
            parts.append(tr("NIK {masked}").format(masked=profile.national_id_masked))
        age = view.age_on(profile.birth_date, today)
        if age is not None:
            parts.append(tr("{age} years").format(age=age))
        place = ", ".join(part for part in (profile.city, profile.province) if part)
        parts.append(place or tr("address unknown"))
        self.identity.set_full_text(" · ".join(parts))

    def show_loading(self, name: str | None) -> None:
        self.name.set_full_text(name or tr("Loading…"))
        self.identity.set_full_text(tr("Loading the profile…") if name else "")
        self.local_clock.setText("")
        self.clock_note.setText("")
        self.clock_note.hide()
        self.show_flags(())
        self.set_state("unknown")
        self.may_call.setText(tr("Checking whether the customer may be called…") if name else "")
        self.money.set_full_text("")
        self.contact_state.set_full_text("")

    def show_blank(self) -> None:
        self.show_loading(None)
        self.name.set_full_text(tr("No customer open"))
        self.may_call.setText("")


def flag_badges(
    profile: CustomerProfile, blocking: Collection[FlagKind], points: dict[int, ContactPointView]
) -> list[tuple[str, bool]]:
    """Customer-level flags first (blocking ones first), then flags on single numbers."""
    found: list[tuple[bool, str, bool]] = []
    for flag in profile.flags:
        shown = label("flag", flag.kind.value)
        is_blocking = flag.kind in blocking
        if flag.contact_point_id is not None:
            point = points.get(flag.contact_point_id)
            where = number_label(point) if point is not None else tr("a number")
            shown = tr("{flag}: {number}").format(flag=shown, number=where)
        elif is_blocking:
            shown = tr("{flag} — blocks calls").format(flag=shown)
        found.append((flag.contact_point_id is not None, shown, is_blocking))
    found.sort(key=lambda item: (item[0], not item[2]))
    return [(shown, is_blocking) for _, shown, is_blocking in found]

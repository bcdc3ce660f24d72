"""The outbox in the window: the wrap-up's message buttons (:mod:`ui.outbox.wrapup_actions`), the supervisor's
outbox view, and — in team mode — the app's share of the delivery work."""

from __future__ import annotations

from typing import Any

from db.models import Role


def add_outbox(window: Any) -> None:
    """The supervisor's (and admin's) *Outbox* tab; in team mode, a worker that delivers due messages."""
    if window.user.role in (Role.SUPERVISOR, Role.ADMIN):
        from ui.outbox.outbox_view import OutboxView

        window.outbox = OutboxView(window._context, window.user, window.background)
        window.tabs.addTab(window.outbox, window.outbox.tr("Outbox"))
    if window._context.database.is_postgresql:
        from ui.outbox.worker import OutboxWorker

        window.outbox_worker = OutboxWorker(window._context, window.background, window)
        window.outbox_worker.start()

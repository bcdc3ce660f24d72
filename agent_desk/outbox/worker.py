"""One pass of the outbox worker: queue what the cadence wants today, read delivery reports and replies, deliver
what is due. ``agent-desk outbox run`` runs one pass (from cron or a systemd timer); the app runs passes in team
mode. Several passes may run at once on different machines: claims keep them from sending anything twice."""

from __future__ import annotations

import dataclasses
import datetime as dt
import time

from agent_desk.clock import Clock
from agent_desk.credentials import CredentialStore
from agent_desk.outbox.cadence import CadenceReport, queue_cadence
from agent_desk.outbox.delivery import Deliverer, DeliveryCounts
from agent_desk.outbox.followups import FollowUpCounts, poll_deliveries, read_replies
from agent_desk.outbox.queue import next_due
from agent_desk.outbox.settings import OutboxSettings, outbox_settings
from agent_desk.text import LocalTime, Message
from agent_desk.worklist.settings import settings_for
from db.engine import Database


@dataclasses.dataclass
class PassReport:
    """What one pass did, for the CLI's summary and the app's status line."""

    cadence: CadenceReport | None
    delivery: DeliveryCounts
    followups: FollowUpCounts
    next_due_at: dt.datetime | None
    channels_on: int
    seconds: dict[str, float] = dataclasses.field(default_factory=dict)

    def lines(self, zone: str = "Asia/Jakarta") -> list[Message]:
        out: list[Message] = []
        if self.channels_on == 0:
            out.append(Message.of("outbox.run.no_channel"))
        if self.cadence is not None:
            out.append(
                Message.of(
                    "outbox.run.queued",
                    count=self.cadence.queued,
                    already=self.cadence.already_queued,
                    no_channel=self.cadence.no_channel,
                )
            )
            for template, count in sorted(self.cadence.by_template.items()):
                out.append(
                    Message.of(
                        "outbox.run.queued_template", template=Message.of(f"outbox.template.{template}"), count=count
                    )
                )
        d, f = self.delivery, self.followups
        out.append(
            Message.of(
                "outbox.run.delivered",
                sent=d.sent,
                waiting=d.waiting,
                retrying=d.retrying,
                failed=d.failed,
                cancelled=d.cancelled,
            )
        )
        if f.delivered or f.not_delivered or f.replies:
            out.append(
                Message.of(
                    "outbox.run.followups",
                    delivered=f.delivered,
                    not_delivered=f.not_delivered,
                    replies=f.replies,
                    opted_out=f.opted_out,
                    deferred=f.calls_deferred,
                )
            )
        if self.next_due_at is not None:
            out.append(Message.of("outbox.run.next", local=LocalTime(self.next_due_at, zone, with_date=True)))
        out.extend(d.problems)
        return out


def run_pass(
    database: Database,
    clock: Clock,
    credentials: CredentialStore,
    *,
    queue: bool = True,
    deliver: bool = True,
    limit: int | None = None,
    worker: str | None = None,
    settings: OutboxSettings | None = None,
) -> PassReport:
    """One pass: cadence (``queue``), delivery reports and replies, delivery (``deliver``, at most ``limit``)."""
    settings = settings or outbox_settings(database)
    worklist = settings_for(database, clock)
    seconds: dict[str, float] = {}
    cadence = None
    if queue:
        started = time.perf_counter()
        cadence = queue_cadence(database, clock.now, settings, worklist)
        seconds["queue"] = time.perf_counter() - started
    deliverer = Deliverer(database, clock, credentials, settings=settings, worklist=worklist, worker=worker)
    followups = FollowUpCounts()
    if deliver:
        started = time.perf_counter()
        read_replies(database, clock, settings, deliverer.provider, followups)
        poll_deliveries(database, clock, settings, deliverer.provider, followups)
        deliverer.deliver_due(limit=limit)
        seconds["deliver"] = time.perf_counter() - started
    with database.session() as session:
        upcoming = next_due(session)
    return PassReport(cadence, deliverer.counts, followups, upcoming, len(settings.enabled_channels), seconds)

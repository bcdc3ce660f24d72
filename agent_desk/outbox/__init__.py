"""The outbox: reminders and written confirmations by e-mail, SMS and WhatsApp, counted like calls (Qt-free).

* Templates as data (``resources/outbox/<language>/``): :func:`load_template`, :func:`render_template`,
  filled by :func:`message_variables` (the call scripts' variables and the outbox's own).
* The cadence (``resources/outbox/cadence.toml``): :func:`queue_cadence` queues what is due today, once.
* The rules: :func:`check_send` — the calls' compliance decision plus opt-outs, consent and verified points.
* Delivery: :class:`Deliverer` (claims, hand-over with an idempotency key, retries with back-off) over the
  provider adapters in :mod:`agent_desk.outbox.channels` (SMTP; an HTTP gateway in ``json`` or ``form`` shape).
* One pass of the worker: :func:`run_pass` (``agent-desk outbox run``; the app in team mode).
* From the desk: :func:`desk_choices`, :func:`plan_context`, :func:`preview_message`, :func:`send_from_desk`.
* For supervisors: :func:`list_messages`, :func:`channel_rates`, :func:`resend`.
* For the worklist: :func:`call_deferred_until` (how long a delivered reminder keeps the first call away).
"""

from __future__ import annotations

from agent_desk.outbox.cadence import CadenceReport, queue_cadence
from agent_desk.outbox.delivery import Deliverer, DeliveryCounts
from agent_desk.outbox.desk import (
    DeskChoice,
    DeskError,
    DeskPreview,
    DeskResult,
    desk_choices,
    plan_context,
    preview_message,
    send_from_desk,
)
from agent_desk.outbox.followups import call_deferred_until, is_opt_out, opt_out
from agent_desk.outbox.gate import SendCheck, check_send
from agent_desk.outbox.report import (
    ChannelRate,
    OutboxError,
    OutboxFilter,
    OutboxRow,
    channel_rates,
    count_messages,
    list_messages,
    resend,
)
from agent_desk.outbox.settings import (
    OutboxSettings,
    OutboxSettingsError,
    forget_outbox_settings,
    outbox_settings,
    store_outbox_settings,
)
from agent_desk.outbox.templates import (
    DESK_TEMPLATES,
    TEMPLATES,
    Rendered,
    Template,
    TemplateError,
    load_template,
    render_template,
)
from agent_desk.outbox.variables import MESSAGE_VARIABLES, message_variables
from agent_desk.outbox.worker import PassReport, run_pass

__all__ = [
    "DESK_TEMPLATES",
    "MESSAGE_VARIABLES",
    "TEMPLATES",
    "CadenceReport",
    "ChannelRate",
    "Deliverer",
    "DeliveryCounts",
    "DeskChoice",
    "DeskError",
    "DeskPreview",
    "DeskResult",
    "OutboxError",
    "OutboxFilter",
    "OutboxRow",
    "OutboxSettings",
    "OutboxSettingsError",
    "PassReport",
    "Rendered",
    "SendCheck",
    "Template",
    "TemplateError",
    "call_deferred_until",
    "channel_rates",
    "check_send",
    "count_messages",
    "desk_choices",
    "forget_outbox_settings",
    "is_opt_out",
    "list_messages",
    "load_template",
    "message_variables",
    "opt_out",
    "outbox_settings",
    "plan_context",
    "preview_message",
    "queue_cadence",
    "render_template",
    "resend",
    "run_pass",
    "send_from_desk",
    "store_outbox_settings",
]

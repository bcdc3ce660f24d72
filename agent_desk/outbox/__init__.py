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

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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

# Each name loads its module on first use (PEP 562): the desk's start reads one helper (the timeline's
# mask_address) and must not pay for delivery, SMTP, phone-number parsing and the templates.
_WHERE = {
    "CadenceReport": "agent_desk.outbox.cadence",
    "ChannelRate": "agent_desk.outbox.report",
    "DESK_TEMPLATES": "agent_desk.outbox.templates",
    "Deliverer": "agent_desk.outbox.delivery",
    "DeliveryCounts": "agent_desk.outbox.delivery",
    "DeskChoice": "agent_desk.outbox.desk",
    "DeskError": "agent_desk.outbox.desk",
    "DeskPreview": "agent_desk.outbox.desk",
    "DeskResult": "agent_desk.outbox.desk",
    "MESSAGE_VARIABLES": "agent_desk.outbox.variables",
    "OutboxError": "agent_desk.outbox.report",
    "OutboxFilter": "agent_desk.outbox.report",
    "OutboxRow": "agent_desk.outbox.report",
    "OutboxSettings": "agent_desk.outbox.settings",
    "OutboxSettingsError": "agent_desk.outbox.settings",
    "PassReport": "agent_desk.outbox.worker",
    "Rendered": "agent_desk.outbox.templates",
    "SendCheck": "agent_desk.outbox.gate",
    "TEMPLATES": "agent_desk.outbox.templates",
    "Template": "agent_desk.outbox.templates",
    "TemplateError": "agent_desk.outbox.templates",
    "call_deferred_until": "agent_desk.outbox.followups",
    "channel_rates": "agent_desk.outbox.report",
    "check_send": "agent_desk.outbox.gate",
    "count_messages": "agent_desk.outbox.report",
    "desk_choices": "agent_desk.outbox.desk",
    "forget_outbox_settings": "agent_desk.outbox.settings",
    "is_opt_out": "agent_desk.outbox.followups",
    "list_messages": "agent_desk.outbox.report",
    "load_template": "agent_desk.outbox.templates",
    "message_variables": "agent_desk.outbox.variables",
    "opt_out": "agent_desk.outbox.followups",
    "outbox_settings": "agent_desk.outbox.settings",
    "plan_context": "agent_desk.outbox.desk",
    "preview_message": "agent_desk.outbox.desk",
    "queue_cadence": "agent_desk.outbox.cadence",
    "render_template": "agent_desk.outbox.templates",
    "resend": "agent_desk.outbox.report",
    "run_pass": "agent_desk.outbox.worker",
    "send_from_desk": "agent_desk.outbox.desk",
    "store_outbox_settings": "agent_desk.outbox.settings",
}

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


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(_WHERE[name]), name)
    globals()[name] = value
    return value

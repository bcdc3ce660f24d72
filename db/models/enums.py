"""Enumerations stored as text. Values are stable identifiers; labels live in the UI and message catalogs."""

from __future__ import annotations

import enum


class Role(enum.StrEnum):
    AGENT = "agent"
    SUPERVISOR = "supervisor"
    TRAINER = "trainer"
    ADMIN = "admin"


class FlagKind(enum.StrEnum):
    """Flags on a customer (or one of its numbers) that restrict or shape contact."""

    CEASE_CONTACT = "cease_contact"
    DISPUTE = "dispute"
    HARDSHIP = "hardship"
    DECEASED = "deceased"
    BANKRUPTCY = "bankruptcy"
    REPRESENTED_BY_LAWYER = "represented_by_lawyer"
    VULNERABLE = "vulnerable"
    DO_NOT_CALL = "do_not_call"
    NO_CONTACT_POINT = "no_contact_point"
    # The customer asked for no more messages (a STOP reply): on one contact point, or on the customer for all.
    MESSAGE_OPT_OUT = "message_opt_out"


class ContactKind(enum.StrEnum):
    MOBILE = "mobile"
    HOME = "home"
    WORK = "work"
    EMAIL = "email"
    WHATSAPP = "whatsapp"


class ContactOwner(enum.StrEnum):
    """Whose number it is: only the debtor's own numbers may be used to discuss the debt."""

    SELF = "self"
    SPOUSE = "spouse"
    EMERGENCY_CONTACT = "emergency_contact"
    EMPLOYER = "employer"
    OTHER = "other"


class Product(enum.StrEnum):
    CREDIT_CARD = "credit_card"
    PERSONAL_LOAN = "personal_loan"
    VEHICLE_FINANCING = "vehicle_financing"
    PAYLATER = "paylater"
    B2B_INVOICE = "b2b_invoice"


class AccountStatus(enum.StrEnum):
    CURRENT = "current"
    DELINQUENT = "delinquent"
    IN_PLAN = "in_plan"
    SETTLED = "settled"
    WRITTEN_OFF = "written_off"
    LEGAL = "legal"
    RECALLED = "recalled"


class PaymentInstructionKind(enum.StrEnum):
    VIRTUAL_ACCOUNT = "virtual_account"
    MINIMARKET_CODE = "minimarket_code"
    PAYMENT_LINK = "payment_link"


class PaymentKind(enum.StrEnum):
    PAYMENT = "payment"
    REVERSAL = "reversal"


class Channel(enum.StrEnum):
    CALL = "call"
    SMS = "sms"
    WHATSAPP = "whatsapp"
    EMAIL = "email"
    VISIT = "visit"


class Direction(enum.StrEnum):
    OUTBOUND = "outbound"
    INBOUND = "inbound"


class PromiseStatus(enum.StrEnum):
    PENDING = "pending"
    KEPT = "kept"
    PARTIALLY_KEPT = "partially_kept"
    BROKEN = "broken"
    CANCELLED = "cancelled"


class PlanKind(enum.StrEnum):
    INSTALLMENTS = "installments"
    SETTLEMENT = "settlement"
    EARLY_PAYMENT = "early_payment"


class PlanStatus(enum.StrEnum):
    PENDING_APPROVAL = "pending_approval"
    APPROVED = "approved"
    REJECTED = "rejected"
    ACTIVE = "active"
    COMPLETED = "completed"
    BROKEN = "broken"
    CANCELLED = "cancelled"


class ActionKind(enum.StrEnum):
    CALL = "call"
    CALLBACK = "callback"
    PROMISE_CHECK = "promise_check"
    REMINDER = "reminder"
    RETRY = "retry"
    ESCALATION = "escalation"
    HOLD = "hold"


class ActionStatus(enum.StrEnum):
    OPEN = "open"
    DONE = "done"
    CANCELLED = "cancelled"


class OutboxStatus(enum.StrEnum):
    """Where a message is: queued → sending → sent → delivered, or failed; cancelled when the rules said no."""

    QUEUED = "queued"
    SENDING = "sending"
    SENT = "sent"
    DELIVERED = "delivered"
    FAILED = "failed"
    CANCELLED = "cancelled"


class ConsentKind(enum.StrEnum):
    CONTACT_OUTSIDE_HOURS = "contact_outside_hours"
    CALL_RECORDING = "call_recording"
    WHATSAPP_CONTACT = "whatsapp_contact"
    EMAIL_CONTACT = "email_contact"


class SipTransport(enum.StrEnum):
    UDP = "udp"
    TCP = "tcp"
    TLS = "tls"


class AgentState(enum.StrEnum):
    READY = "ready"
    ON_CALL = "on_call"
    WRAP_UP = "wrap_up"
    BREAK = "break"
    SIGNED_OUT = "signed_out"

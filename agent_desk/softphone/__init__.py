"""The softphone engine over pjsua2, free of Qt: registration, calls, the audio bridge, call records.

Import from here; nothing outside this package sees a pjsua2 object.
"""

from __future__ import annotations

from agent_desk.softphone.audio import AudioBridge, AudioStats
from agent_desk.softphone.callops import PreDialCheck
from agent_desk.softphone.dialplan import DialPlan, DialTarget, InvalidNumberError
from agent_desk.softphone.engine import Softphone
from agent_desk.softphone.events import (
    CallChanged,
    CallerMatch,
    CallSnapshot,
    CallState,
    DialResult,
    DtmfReceived,
    MediaStalled,
    RegistrationChanged,
    RegistrationState,
    RegistrationStatus,
    SoftphoneError,
    SoftphoneEvent,
    TransferProgress,
)
from agent_desk.softphone.hints import EndReason, disposition_hint
from agent_desk.softphone.settings import (
    AccountSettings,
    EngineOptions,
    PasswordLookup,
    load_account_settings,
    lookup_password,
    store_password,
)

__all__ = [
    "AccountSettings",
    "AudioBridge",
    "AudioStats",
    "CallChanged",
    "CallSnapshot",
    "CallState",
    "CallerMatch",
    "DialPlan",
    "DialResult",
    "DialTarget",
    "DtmfReceived",
    "EndReason",
    "EngineOptions",
    "InvalidNumberError",
    "MediaStalled",
    "PasswordLookup",
    "PreDialCheck",
    "RegistrationChanged",
    "RegistrationState",
    "RegistrationStatus",
    "Softphone",
    "SoftphoneError",
    "SoftphoneEvent",
    "TransferProgress",
    "disposition_hint",
    "load_account_settings",
    "lookup_password",
    "store_password",
]

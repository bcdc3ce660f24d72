"""The softphone engine over pjsua2, free of Qt: registration, calls, the audio bridge, call records.

Import from here; nothing outside this package sees a pjsua2 object. The names load on first use: importing
``agent_desk.softphone.events`` (what the call loop listens to) does not load pjsua2, phonenumbers or the audio
bridge, which the window only needs once it has painted.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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

_WHERE = {
    "AccountSettings": "agent_desk.softphone.settings",
    "AudioBridge": "agent_desk.softphone.audio",
    "AudioStats": "agent_desk.softphone.audio",
    "CallChanged": "agent_desk.softphone.events",
    "CallSnapshot": "agent_desk.softphone.events",
    "CallState": "agent_desk.softphone.events",
    "CallerMatch": "agent_desk.softphone.events",
    "DialPlan": "agent_desk.softphone.dialplan",
    "DialResult": "agent_desk.softphone.events",
    "DialTarget": "agent_desk.softphone.dialplan",
    "DtmfReceived": "agent_desk.softphone.events",
    "EndReason": "agent_desk.softphone.hints",
    "EngineOptions": "agent_desk.softphone.settings",
    "InvalidNumberError": "agent_desk.softphone.dialplan",
    "MediaStalled": "agent_desk.softphone.events",
    "PasswordLookup": "agent_desk.softphone.settings",
    "PreDialCheck": "agent_desk.softphone.callops",
    "RegistrationChanged": "agent_desk.softphone.events",
    "RegistrationState": "agent_desk.softphone.events",
    "RegistrationStatus": "agent_desk.softphone.events",
    "Softphone": "agent_desk.softphone.engine",
    "SoftphoneError": "agent_desk.softphone.events",
    "SoftphoneEvent": "agent_desk.softphone.events",
    "TransferProgress": "agent_desk.softphone.events",
    "disposition_hint": "agent_desk.softphone.hints",
    "load_account_settings": "agent_desk.softphone.settings",
    "lookup_password": "agent_desk.softphone.settings",
    "store_password": "agent_desk.softphone.settings",
}

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


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value

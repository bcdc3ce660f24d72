"""What the softphone tells the rest of the app: plain dataclasses, no pjsua2 object in sight."""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum

from agent_desk.softphone.hints import EndReason
from agent_desk.text import Message
from db.models import Direction


class SoftphoneError(RuntimeError):
    """An operation the engine could not do; ``message`` says why, for the agent."""

    def __init__(self, message: Message) -> None:
        super().__init__(str(message))
        self.message = message


class CallState(enum.StrEnum):
    DIALING = "dialing"
    RINGING = "ringing"
    INCOMING = "incoming"
    CONNECTED = "connected"
    ON_HOLD = "on_hold"
    ENDED = "ended"


class RegistrationState(enum.StrEnum):
    NOT_CONFIGURED = "not_configured"
    REGISTERING = "registering"
    REGISTERED = "registered"
    RETRYING = "retrying"
    AUTH_FAILED = "auth_failed"
    FAILED = "failed"
    UNREGISTERED = "unregistered"


@dataclasses.dataclass(frozen=True)
class CallerMatch:
    """Who an inbound number belongs to (looked up by its E.164 form)."""

    customer_id: int
    customer_name: str
    contact_point_id: int | None = None


@dataclasses.dataclass(frozen=True)
class CallSnapshot:
    """A call as it is now. ``key`` is the engine's own counter (pjsua recycles its call ids).

    Attributes:
        number: the dialled number (E.164 when known) or the caller's number for inbound calls.
        sip_code: the INVITE's final status (200 when answered), or the latest provisional one.
        hint: the disposition hint once ended (None for answered calls: the agent decides).
        media_stalled: no incoming audio for longer than the media timeout.
    """

    key: int
    direction: Direction
    state: CallState
    number: str
    remote_uri: str
    sip_call_id: str | None
    sip_code: int | None
    sip_reason: str
    started_at: dt.datetime
    answered_at: dt.datetime | None
    ended_at: dt.datetime | None
    talk_seconds: float
    muted: bool
    recording_path: str | None
    end_reason: EndReason | None
    hint: str | None
    caller: CallerMatch | None
    customer_id: int | None
    contact_point_id: int | None
    media_stalled: bool = False
    interaction_id: int | None = None  # the attempt recorded by the dial check, completed by this call
    got_response: bool = False  # any answer to our INVITE came back (else a failure is local: timeout, transport)
    redirected_to: str | None = None  # the target of a 3xx, which is never followed

    @property
    def active(self) -> bool:
        return self.state is not CallState.ENDED

    @property
    def answered(self) -> bool:
        return self.answered_at is not None

    @property
    def left_desk(self) -> bool:
        """Whether the call went out at all: an inbound call, or an outbound one that reached the SIP stack's
        wire (a Call-ID or any SIP status). A dial refused before sending (no transport) is no contact attempt."""
        return (
            self.direction is Direction.INBOUND
            or self.sip_call_id is not None
            or self.sip_code is not None
            or self.answered
        )


@dataclasses.dataclass(frozen=True)
class RegistrationStatus:
    """Where registration stands; ``message`` is what the pane shows.

    Attributes:
        attempt: the attempt number (1 for the first REGISTER, then each retry).
        max_attempts: how many attempts there are before the engine stops retrying by itself.
        retry_in: seconds to the next automatic retry, when one is planned.
    """

    state: RegistrationState
    code: int | None = None
    reason: str = ""
    attempt: int = 0
    max_attempts: int = 0
    retry_in: float | None = None
    message: Message | None = None


@dataclasses.dataclass(frozen=True)
class CallChanged:
    call: CallSnapshot


@dataclasses.dataclass(frozen=True)
class RegistrationChanged:
    status: RegistrationStatus


@dataclasses.dataclass(frozen=True)
class DtmfReceived:
    key: int
    digit: str


@dataclasses.dataclass(frozen=True)
class MediaStalled:
    """Incoming audio of a connected call stopped (or came back, ``stalled`` False)."""

    key: int
    stalled: bool
    silent_seconds: float


@dataclasses.dataclass(frozen=True)
class TransferProgress:
    key: int
    code: int
    reason: str
    final: bool


SoftphoneEvent = CallChanged | RegistrationChanged | DtmfReceived | MediaStalled | TransferProgress


@dataclasses.dataclass(frozen=True)
class DialResult:
    """The answer to :meth:`Softphone.dial`: a call key, or why no call was placed."""

    key: int | None
    refusals: tuple[Message, ...] = ()

    @property
    def placed(self) -> bool:
        return self.key is not None

"""Registration as the agent sees it: our own timeout, a bounded number of visible retries.

Over UDP a silent registrar makes pjsip wait 32 s (Timer F) before it reports 408, and a REGISTER cannot be
re-sent while the old one is pending. :class:`RegistrationTracker` is the pure state machine: the engine tells
it when an attempt starts and how it ended, asks it on every poll what to do, and re-creates the registration
(``Account.modify``) when it says retry.
"""

from __future__ import annotations

import enum

from agent_desk.softphone.events import RegistrationState, RegistrationStatus
from agent_desk.text import Message

AUTH_FAILURE_CODES = frozenset({401, 403, 407})


class Action(enum.Enum):
    NONE = "none"
    RETRY = "retry"
    CHANGED = "changed"


class RegistrationTracker:
    """Registration state with an app-side timeout and bounded retries (all times monotonic seconds)."""

    def __init__(self, timeout: float, retry_delays: tuple[float, ...], account: str = "") -> None:
        self.timeout = timeout
        self.retry_delays = retry_delays
        self.account = account
        self.state = RegistrationState.NOT_CONFIGURED
        self.attempt = 0
        self.code: int | None = None
        self.reason = ""
        self._deadline: float | None = None
        self._retry_at: float | None = None
        self._message: Message | None = Message.of("softphone.not_configured")

    @property
    def max_attempts(self) -> int:
        return len(self.retry_delays) + 1

    def status(self, now: float) -> RegistrationStatus:
        retry_in = None if self._retry_at is None else max(0.0, self._retry_at - now)
        message = self._message
        if self.state is RegistrationState.RETRYING and retry_in is not None:
            message = Message.of(
                "softphone.registration_retrying",
                reason=self._message or self.reason,
                seconds=round(retry_in),
                attempt=self.attempt + 1,
                max_attempts=self.max_attempts,
            )
        return RegistrationStatus(
            state=self.state,
            code=self.code,
            reason=self.reason,
            attempt=self.attempt,
            max_attempts=self.max_attempts,
            retry_in=retry_in,
            message=message,
        )

    def start(self, now: float, *, manual: bool = False) -> None:
        """A fresh registration is about to be sent (first one, a retry, or the agent's "retry now")."""
        if manual:
            self.attempt = 0
        self.attempt += 1
        self.state = RegistrationState.REGISTERING
        self._deadline = now + self.timeout
        self._retry_at = None
        self._message = Message.of("softphone.registering", attempt=self.attempt, max_attempts=self.max_attempts)

    def refresh_started(self, now: float) -> None:
        """pjsip re-sends REGISTER by itself before expiry: watch it, but keep showing "registered"."""
        if self.state is RegistrationState.REGISTERED:
            self._deadline = now + self.timeout

    def result(self, now: float, code: int, reason: str, *, active: bool) -> None:
        """The registrar answered (or pjsip gave up): ``active`` tells whether we are registered now."""
        self.code = code
        self.reason = reason
        self._deadline = None
        if active and 200 <= code < 300:
            self.state = RegistrationState.REGISTERED
            self.attempt = 0
            self._retry_at = None
            self._message = Message.of("softphone.registered", account=self.account)
            return
        if code in AUTH_FAILURE_CODES:
            # Retrying a wrong password only locks the account at the registrar: wait for the agent.
            self.state = RegistrationState.AUTH_FAILED
            self._retry_at = None
            self._message = Message.of("softphone.wrong_password", status=code, reason=reason)
            return
        self._fail(now, Message.of("softphone.registration_error", status=code, reason=reason))

    def unregistered(self) -> None:
        self.state = RegistrationState.UNREGISTERED
        self._deadline = None
        self._retry_at = None
        self._message = Message.of("softphone.unregistered")

    def tick(self, now: float) -> Action:
        """What to do now: retry, report a change (our timeout struck), or nothing."""
        if self._deadline is not None and now >= self._deadline:
            self._deadline = None
            self.code = 408
            self.reason = "no answer from registrar"
            self._fail(now, Message.of("softphone.registrar_timeout", seconds=round(self.timeout, 1)))
            return Action.CHANGED
        if self._retry_at is not None and now >= self._retry_at:
            self._retry_at = None
            return Action.RETRY
        return Action.NONE

    def _fail(self, now: float, message: Message) -> None:
        if self.attempt == 0:
            self.attempt = 1  # a refresh that failed counts as the first attempt of a new round
        if self.attempt <= len(self.retry_delays):
            self.state = RegistrationState.RETRYING
            self._retry_at = now + self.retry_delays[self.attempt - 1]
        else:
            self.state = RegistrationState.FAILED
            self._retry_at = None
            message = Message.of("softphone.registration_gave_up", reason=message, attempts=self.attempt)
        self._message = message

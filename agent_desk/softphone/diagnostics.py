""" "Test my phone": register, place a test call, answer test calls — each step reported with its timing.

:class:`PhoneTest` runs on a started :class:`Softphone` without blocking: whoever polls the engine (the CLI's
loop, the GUI's timer) calls :meth:`PhoneTest.advance` after each poll and shows the new steps.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Iterator

from agent_desk.softphone.causes import failure_cause
from agent_desk.softphone.engine import Softphone
from agent_desk.softphone.events import (
    CallChanged,
    CallSnapshot,
    CallState,
    RegistrationState,
    SoftphoneEvent,
)
from agent_desk.text import Message
from db.models import Direction


@dataclasses.dataclass(frozen=True)
class Step:
    """One line of the test's report. ``ok`` is None for progress, True for a passed check, False for the
    failure that ended the test."""

    elapsed_ms: float
    message: Message
    ok: bool | None = None


@dataclasses.dataclass(frozen=True)
class PhoneTestPlan:
    """What to test.

    Attributes:
        register: check the engine's configured account registers.
        call: a number or SIP URI to place a test call to.
        answer: how many inbound calls to wait for and answer (0: none).
        talk: seconds to stay connected on each call before hanging up (inbound: unless the caller does).
        timeout: seconds the whole test may take.
    """

    register: bool = False
    call: str | None = None
    answer: int = 0
    talk: float = 1.0
    timeout: float = 30.0


class PhoneTest:
    """The checks of a :class:`PhoneTestPlan`, advanced one poll at a time."""

    def __init__(self, engine: Softphone, plan: PhoneTestPlan, clock: Callable[[], float] = time.monotonic) -> None:
        self.engine = engine
        self.plan = plan
        self._clock = clock
        self._start = clock()
        self._deadline = self._start + plan.timeout
        self._steps: list[Step] = []
        self._reported = 0
        self._calls: dict[int, CallSnapshot] = {}
        self._history: dict[int, list[CallSnapshot]] = {}
        self._unsubscribe = engine.subscribe(self._on_event)
        self._run = self._script()
        self.done = False
        self.passed = False

    @property
    def steps(self) -> list[Step]:
        return list(self._steps)

    def advance(self) -> list[Step]:
        """Move the test on as far as the engine's state allows; returns the steps not returned before."""
        if not self.done:
            try:
                next(self._run)
            except StopIteration:
                self._finish(passed=True)
        new = self._steps[self._reported :]
        self._reported = len(self._steps)
        return new

    def cancel(self) -> None:
        if not self.done:
            self._fail(Message.of("softphone.test_cancelled"))
            self._finish(passed=False)

    # --- the script ---

    def _script(self) -> Iterator[None]:
        self._say(Message.of("softphone.test_started", address=self.engine.local_address), ok=True)
        if not (self.plan.register or self.plan.call or self.plan.answer):  # a check that did not run never passes
            self._fail(Message.of("softphone.test_nothing_ran"))
            yield from self._stop()
        if self.plan.register:
            yield from self._check_registration()
        if self.plan.call:
            yield from self._check_outbound(self.plan.call)
        for number in range(1, self.plan.answer + 1):
            yield from self._check_inbound(number)
        self._say(Message.of("softphone.test_passed"), ok=True)

    def _check_registration(self) -> Iterator[None]:
        account = self.engine.account
        if account is None or not account.registrar:
            self._fail(Message.of("softphone.test_no_account"))
            yield from self._stop()
            return
        self._say(Message.of("softphone.test_registering", account=account.keyring_account))
        if self.engine.registration.state is not RegistrationState.REGISTERING:
            self.engine.retry_registration()
        yield from self._until(lambda: self.engine.registration.state is not RegistrationState.REGISTERING)
        status = self.engine.registration
        if status.state is RegistrationState.REGISTERED:
            self._say(Message.of("softphone.test_registered", status=status.code, reason=status.reason), ok=True)
            return
        reason = status.message or Message.of("softphone.registration_error", status=status.code, reason=status.reason)
        if status.state in (RegistrationState.RETRYING, RegistrationState.FAILED) and status.message is not None:
            reason = status.message.kwargs.get("reason", reason)  # the failure itself, not the retry plan
        self._fail(Message.of("softphone.test_registration_failed", reason=reason))
        yield from self._stop()

    def _check_outbound(self, target: str) -> Iterator[None]:
        self._say(Message.of("softphone.test_calling", target=target))
        result = self.engine.dial(target)
        if result.key is None:
            self._fail(Message.of("softphone.test_call_refused", reason=result.refusals[0]))
            yield from self._stop()
            return
        yield from self._follow_call(result.key, hang_up_after=self.plan.talk)

    def _check_inbound(self, number: int) -> Iterator[None]:
        self._say(Message.of("softphone.test_waiting", number=number, count=self.plan.answer))
        seen = set(self._calls)
        yield from self._until(lambda: any(key not in seen for key in self._calls))
        key = min(key for key in self._calls if key not in seen)
        call = self._calls[key]
        self._say(Message.of("softphone.test_incoming", caller=call.number or call.remote_uri))
        if call.state is CallState.INCOMING:
            self.engine.answer(key)
        yield from self._follow_call(key, hang_up_after=self.plan.talk)

    def _follow_call(self, key: int, *, hang_up_after: float) -> Iterator[None]:
        announced: set[CallState] = set()
        connected_at: float | None = None
        hung_up = False
        call: CallSnapshot | None = None
        seen = 0
        while True:
            history = self._history.get(key, [])
            for snapshot in history[seen:]:  # every state, even those that came and went within one poll
                if snapshot.state in announced:
                    continue
                announced.add(snapshot.state)
                if snapshot.state is CallState.RINGING:
                    self._say(
                        Message.of("softphone.test_ringing", status=snapshot.sip_code, reason=snapshot.sip_reason)
                    )
                elif snapshot.state is CallState.CONNECTED:
                    connected_at = self._clock()
                    self._say(
                        Message.of("softphone.test_connected", status=snapshot.sip_code, reason=snapshot.sip_reason),
                        ok=True,
                    )
            seen = len(history)
            call = history[-1] if history else None
            if call is not None and call.state is CallState.ENDED:
                break
            if connected_at is not None and not hung_up and self._clock() - connected_at >= hang_up_after:
                hung_up = True
                self.engine.hang_up(key)
            if self._clock() > self._deadline:
                self._fail(Message.of("softphone.test_timeout", seconds=round(self.plan.timeout)))
                if call is not None and call.active:
                    self.engine.hang_up(key)
                yield from self._stop()
                return
            yield
        if not call.answered:
            self._fail(self._failure(call))
            yield from self._stop()
            return
        ended_by = Message.of(f"softphone.ended_by_{call.end_reason}")
        self._say(
            Message.of("softphone.test_call_ended", seconds=round(call.talk_seconds, 1), ended_by=ended_by),
            ok=True,
        )

    def _failure(self, call: CallSnapshot) -> Message:
        """ "The call failed: 401 Unauthorized (…)": the SIP status when there is one, and what it means."""
        cause = failure_cause(
            call,
            credentials=self.engine.has_credentials,
            no_response_seconds=self.engine.options.no_response_timeout,
        )
        if not call.sip_code or (call.direction is Direction.OUTBOUND and not call.got_response):
            return Message.of("softphone.test_call_failed_locally", cause=cause)  # any status was pjsip's own
        return Message.of("softphone.test_call_failed", status=call.sip_code, reason=call.sip_reason, cause=cause)

    def _until(self, condition: Callable[[], bool]) -> Iterator[None]:
        while not condition():
            if self._clock() > self._deadline:
                self._fail(Message.of("softphone.test_timeout", seconds=round(self.plan.timeout)))
                yield from self._stop()
            yield

    def _stop(self) -> Iterator[None]:
        self._finish(passed=False)
        while True:
            yield

    # --- bookkeeping ---

    def _on_event(self, event: SoftphoneEvent) -> None:
        if isinstance(event, CallChanged):
            self._calls[event.call.key] = event.call
            self._history.setdefault(event.call.key, []).append(event.call)

    def _say(self, message: Message, ok: bool | None = None) -> None:
        self._steps.append(Step(round((self._clock() - self._start) * 1000, 1), message, ok))

    def _fail(self, message: Message) -> None:
        self._say(message, ok=False)

    def _finish(self, *, passed: bool) -> None:
        if not self.done:
            self.done = True
            self.passed = passed
            self._unsubscribe()

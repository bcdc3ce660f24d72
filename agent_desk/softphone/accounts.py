"""The SIP account and its registration: a mixin of :class:`agent_desk.softphone.engine.Softphone`.

Registration runs with our own timeout and bounded retries (:class:`RegistrationTracker`). A REGISTER cannot
be re-sent while pjsip still waits for an old one (up to 32 s over UDP), so a retry that meets PJSIP_EBUSY
re-creates the account instead.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Sequence
from typing import Any, cast

import pjsua2 as pj

from agent_desk.softphone import _pj
from agent_desk.softphone.calls import CallRecord
from agent_desk.softphone.events import (
    RegistrationChanged,
    RegistrationStatus,
    SoftphoneError,
    SoftphoneEvent,
)
from agent_desk.softphone.registration import RegistrationTracker
from agent_desk.softphone.settings import AccountSettings, EngineOptions
from agent_desk.text import Message
from db.models import SipTransport

_PJSIP_EBUSY = 171001

log = logging.getLogger(__name__)


class AccountOperations:
    """The account half of the engine; the engine sets these attributes."""

    options: EngineOptions
    _ep: Any
    _account: Any
    _account_config: Any
    _settings: AccountSettings | None
    _with_password: bool
    _tracker: RegistrationTracker
    _transports: dict[SipTransport, int]
    _records: dict[int, CallRecord]
    _lingering: dict[int, CallRecord]
    _codec_defaults: dict[str, int]

    def _emit(self, event: SoftphoneEvent) -> None:
        raise NotImplementedError

    def _require_started(self) -> None:
        raise NotImplementedError

    def _ensure_tls(self) -> None:
        raise NotImplementedError

    def _media_config(self, acfg: Any) -> None:
        raise NotImplementedError

    @property
    def account(self) -> AccountSettings | None:
        return self._settings

    @property
    def registration(self) -> RegistrationStatus:
        return self._tracker.status(time.monotonic())

    @property
    def has_credentials(self) -> bool:
        """Whether the account has a password to answer digest challenges (on REGISTER and on calls)."""
        return self._settings is not None and self._with_password

    def configure(
        self, settings: AccountSettings | None, password: str | None = None, *, register: bool | None = None
    ) -> None:
        """Use this SIP account (registering when it has a registrar); None removes the account.

        Args:
            register: False to use the account for calls only (its credentials answer challenges, nothing is
                sent to the registrar); None registers when the account has a registrar.

        Refused while a call is on the line: the call belongs to the account being replaced.
        """
        self._require_started()
        if any(record.active for record in self._records.values()) or self._lingering:
            raise SoftphoneError(Message.of("softphone.line_busy"))
        if self._account is not None:
            with contextlib.suppress(pj.Error):
                self._account.shutdown()
            self._account = None  # the last reference: released before a new account may take its slot
            self._account_config = None
        self._settings = settings
        self._with_password = password is not None
        registering = bool(settings and settings.registrar) if register is None else register
        self._tracker = RegistrationTracker(
            self.options.register_timeout,
            self.options.retry_delays,
            settings.keyring_account if settings else "",
        )
        if settings is None:
            self._emit_registration()
            return
        if settings.transport is SipTransport.TLS:
            self._ensure_tls()
        self._apply_codec_order(settings.codec_order)
        acfg = self._account_config_for(settings, password, register=registering)
        account = _pj.PjAccount(cast("_pj.Inbox", self), "user")
        self._account = account
        self._account_config = acfg
        if registering:
            self._tracker.start(time.monotonic())
        failure = None
        try:
            account.create(acfg, True)
        except pj.Error as error:
            failure = str(error.reason)
        if failure is not None:  # raised outside the handler, so no traceback keeps the Account alive
            self._account = None
            del account
            raise SoftphoneError(Message.of("softphone.account_failed", reason=failure))
        self._emit_registration()

    def _account_config_for(self, settings: AccountSettings, password: str | None, *, register: bool = True) -> Any:
        acfg = pj.AccountConfig()
        identity = settings.uri_for(f"{settings.user}@{settings.domain}").split(";", 1)[0]
        acfg.idUri = f'"{settings.display_name}" <{identity}>' if settings.display_name else identity
        if settings.registrar and register:
            acfg.regConfig.registrarUri = settings.uri_for(settings.domain)
        acfg.regConfig.timeoutSec = self.options.register_expires
        acfg.regConfig.retryIntervalSec = 0  # we retry ourselves, visibly and boundedly
        acfg.regConfig.firstRetryIntervalSec = 0
        acfg.regConfig.dropCallsOnFail = False
        acfg.regConfig.registerOnAdd = bool(settings.registrar) and register
        if password is not None:
            acfg.sipConfig.authCreds.append(
                pj.AuthCredInfo("digest", "*", settings.auth_user or settings.user, 0, password)
            )
        if settings.outbound_proxy:
            acfg.sipConfig.proxies.append(settings.uri_for(settings.outbound_proxy) + ";lr")
        transport = self._transports.get(settings.transport)
        if transport is not None:
            acfg.sipConfig.transportId = transport
        self._media_config(acfg)
        return acfg

    def _apply_codec_order(self, names: Sequence[str]) -> None:
        """Offer the named codecs first, in this order; the others keep pjsua's own (lower) priorities."""
        names = tuple(names) or self.options.codec_order
        if not self._codec_defaults:
            self._codec_defaults = {str(c.codecId): min(int(c.priority), 130) for c in self._ep.codecEnum2()}
        wanted: dict[str, int] = {}
        for rank, name in enumerate(names):
            for codec_id in self._codec_defaults:
                if codec_id.lower().startswith(name.lower() + "/") and codec_id not in wanted:
                    wanted[codec_id] = 255 - rank
        for codec_id, default in self._codec_defaults.items():
            self._ep.codecSetPriority(codec_id, wanted.get(codec_id, default))

    def retry_registration(self) -> None:
        """Register again now (the agent's "retry" button), starting a new round of retries."""
        self._require_started()
        if self._account is None or self._settings is None or not self._settings.registrar:
            return
        self._tracker.start(time.monotonic(), manual=True)
        self._reregister()

    def _reregister(self) -> None:
        try:
            self._account.setRegistration(True)
        except pj.Error as error:
            if int(error.status) != _PJSIP_EBUSY:
                self._tracker.result(time.monotonic(), 500, str(error.reason), active=False)
            elif any(record.active for record in self._records.values()):
                # A call is on this account: it cannot be re-created under the call; try again later.
                self._tracker.result(time.monotonic(), 408, "previous REGISTER still pending", active=False)
            else:
                self._recreate_account()
        self._emit_registration()

    def _recreate_account(self) -> None:
        """A REGISTER that our timeout gave up on is still pending in pjsip (up to 32 s) and blocks a new
        one (PJSIP_EBUSY): register a fresh account with the same settings and drop the old one.

        The new one is created first so it cannot take the old one's pjsua slot, and the old Python object
        is released at once: a stale pjsua2 Account deletes whatever account holds its slot when it dies.
        """
        account = _pj.PjAccount(cast("_pj.Inbox", self), "user")
        try:
            account.create(self._account_config, True)
        except pj.Error as error:
            self._tracker.result(time.monotonic(), 500, str(error.reason), active=False)
            return
        old, self._account = self._account, account
        with contextlib.suppress(pj.Error):
            old.shutdown()
        del old

    def _emit_registration(self) -> None:
        self._emit(RegistrationChanged(self._tracker.status(time.monotonic())))

    def _is_current(self, serial: int) -> bool:
        return self._account is not None and self._account.serial == serial

    def _on_reg_started(self, serial: int, renew: bool) -> None:
        if renew and self._is_current(serial):
            self._tracker.refresh_started(time.monotonic())

    def _on_reg_state(self, serial: int, code: int, reason: str, active: bool) -> None:
        if not self._is_current(serial):
            return
        if not active and 200 <= code < 300:
            self._tracker.unregistered()
        else:
            self._tracker.result(time.monotonic(), code, reason, active=active)
        log.info("registration: %s %s (%s)", code, reason, self._tracker.state)
        self._emit_registration()

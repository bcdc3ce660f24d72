"""Outbox settings: channels and their providers, delivery and retries, opt-out words, and the cadence.

Seeded from ``resources/outbox/settings.toml`` and ``resources/outbox/cadence.toml`` into the database settings
``outbox`` and ``outbox_cadence`` (so every desk of a team shares them); :func:`store_outbox_settings` replaces
them. Secrets are never part of them: providers name a keyring entry instead.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from agent_desk.clock import Clock
from agent_desk.compliance.policy import parse_minutes
from agent_desk.outbox.templates import MESSAGE_CHANNELS, TEMPLATES
from agent_desk.resources import load_toml
from agent_desk.text import Message
from db.engine import Database, ReadCache
from db.models import Channel, StrategySetting

SETTING_KEY = "outbox"
CADENCE_KEY = "outbox_cadence"
CACHE_SECONDS = 60.0
EVENTS = ("promise_due", "payment_posted", "promise_broken")
# Keys whose value would be a secret: refused in settings (secrets live in the keyring).
SECRET_KEYS = frozenset({"password", "token", "secret", "api_key", "apikey", "auth_token"})


class OutboxSettingsError(ValueError):
    def __init__(self, message: Message) -> None:
        super().__init__(message.render())
        self.message = message


@dataclasses.dataclass(frozen=True)
class CadenceRule:
    """One line of the cadence: which template goes when, to whom."""

    template: str
    send_minute: int
    stage: str | None = None
    days_to_due: int | None = None
    days_past_due: tuple[int, ...] = ()
    event: str | None = None
    days_before: int = 1
    expires: str | int = 1
    channels: tuple[Channel, ...] = ()
    defers_calls_hours: int | None = None


@dataclasses.dataclass(frozen=True, eq=False)
class OutboxSettings:
    channel_order: tuple[Channel, ...]
    verified_only: bool
    whatsapp_needs_consent: bool
    channel_providers: Mapping[Channel, str]
    providers: Mapping[str, Mapping[str, Any]]
    retry_minutes: tuple[int, ...]
    claim_minutes: int
    batch: int
    status_days: int
    opt_out_keywords: tuple[str, ...]
    cadence: tuple[CadenceRule, ...]

    @property
    def enabled_channels(self) -> tuple[Channel, ...]:
        return tuple(channel for channel in self.channel_order if self.channel_providers.get(channel))

    def provider_for(self, channel: Channel) -> str | None:
        return self.channel_providers.get(channel) or None

    def rule_for(self, template: str) -> CadenceRule | None:
        return next((rule for rule in self.cadence if rule.template == template), None)

    @property
    def max_attempts(self) -> int:
        return len(self.retry_minutes) + 1

    @property
    def opt_out_keyword(self) -> str:
        return self.opt_out_keywords[0] if self.opt_out_keywords else "STOP"


def settings_from_data(data: Mapping[str, Any], cadence: Sequence[Mapping[str, Any]]) -> OutboxSettings:
    """Checked settings from the stored (or seed) values. Raises :class:`OutboxSettingsError` when malformed."""
    try:
        channels = data.get("channels", {})
        order = tuple(Channel(str(name)) for name in channels.get("order", ["whatsapp", "sms", "email"]))
        providers = {str(name): dict(value) for name, value in data.get("providers", {}).items()}
        chosen: dict[Channel, str] = {}
        for channel in MESSAGE_CHANNELS:
            name = str(channels.get(channel.value, {}).get("provider", "") or "")
            if name and name not in providers:
                raise OutboxSettingsError(Message.of("outbox.error.unknown_provider", channel=channel, name=name))
            if name:
                chosen[channel] = name
        delivery = data.get("delivery", {})
        retry = tuple(int(minutes) for minutes in delivery.get("retry_minutes", [1, 5, 15, 60, 240]))
        keywords = tuple(str(word).strip().upper() for word in data.get("opt_out", {}).get("keywords", ["STOP"]))
        rules = tuple(_rule(item) for item in cadence)
    except (KeyError, TypeError, ValueError) as error:
        if isinstance(error, OutboxSettingsError):
            raise
        raise OutboxSettingsError(Message.of("outbox.error.settings_malformed", detail=str(error))) from error
    for channel in order:
        if channel not in MESSAGE_CHANNELS:
            raise OutboxSettingsError(Message.of("outbox.error.settings_malformed", detail=f"channel {channel}"))
    for name, provider in providers.items():
        _refuse_secrets(name, provider)
    return OutboxSettings(
        channel_order=order,
        verified_only=bool(channels.get("verified_only", True)),
        whatsapp_needs_consent=bool(channels.get("whatsapp_needs_consent", True)),
        channel_providers=chosen,
        providers=providers,
        retry_minutes=retry,
        claim_minutes=max(1, int(delivery.get("claim_minutes", 5))),
        batch=max(1, int(delivery.get("batch", 100))),
        status_days=max(0, int(delivery.get("status_days", 3))),
        opt_out_keywords=tuple(word for word in keywords if word),
        cadence=rules,
    )


def _rule(item: Mapping[str, Any]) -> CadenceRule:
    template = str(item["template"])
    if template not in TEMPLATES:
        raise OutboxSettingsError(Message.of("outbox.error.unknown_template", template=template))
    event = item.get("event")
    if event is not None and event not in EVENTS:
        raise OutboxSettingsError(Message.of("outbox.error.settings_malformed", detail=f"event {event}"))
    if event is None and not item.get("stage"):
        raise OutboxSettingsError(Message.of("outbox.error.settings_malformed", detail=f"{template}: no stage"))
    dpd = item.get("days_past_due", [])
    expires = item.get("expires", 1)
    if isinstance(expires, str) and expires not in ("due_date", "due_date_end"):
        raise OutboxSettingsError(Message.of("outbox.error.settings_malformed", detail=f"expires {expires}"))
    return CadenceRule(
        template=template,
        send_minute=parse_minutes(str(item.get("send_at", "09:00"))),
        stage=str(item["stage"]) if item.get("stage") else None,
        days_to_due=int(item["days_to_due"]) if "days_to_due" in item else None,
        days_past_due=tuple(int(day) for day in (dpd if isinstance(dpd, list) else [dpd])),
        event=str(event) if event else None,
        days_before=int(item.get("days_before", 1)),
        expires=expires if isinstance(expires, str) else int(expires),
        channels=tuple(Channel(str(name)) for name in item.get("channels", [])),
        defers_calls_hours=int(item["defers_calls_hours"]) if item.get("defers_calls_hours") else None,
    )


def _refuse_secrets(name: str, node: Mapping[str, Any]) -> None:
    for key, value in node.items():
        if str(key).lower() in SECRET_KEYS:
            raise OutboxSettingsError(Message.of("outbox.error.secret_in_settings", provider=name, key=key))
        if isinstance(value, Mapping):
            _refuse_secrets(name, value)


def seed_data() -> tuple[dict[str, Any], list[dict[str, Any]]]:
    return load_toml("outbox", "settings.toml"), list(load_toml("outbox", "cadence.toml").get("message", []))


def read_outbox_settings(session: Session) -> OutboxSettings:
    """The stored settings (the seed files where nothing is stored)."""
    seed, seed_cadence = seed_data()
    stored = {
        row.key: row.value
        for row in session.scalars(select(StrategySetting).where(StrategySetting.key.in_((SETTING_KEY, CADENCE_KEY))))
    }
    data = stored.get(SETTING_KEY) or seed
    cadence_row = stored.get(CADENCE_KEY)
    cadence = list(cadence_row.get("message", [])) if cadence_row else seed_cadence
    return settings_from_data(data, cadence)


def store_outbox_settings(
    session: Session, clock: Clock, data: Mapping[str, Any] | None, cadence: Sequence[Mapping[str, Any]] | None
) -> OutboxSettings:
    """Check and store new settings and/or cadence (None keeps what is there). Returns the result."""
    current_seed, current_cadence = seed_data()
    rows = {
        row.key: row
        for row in session.scalars(select(StrategySetting).where(StrategySetting.key.in_((SETTING_KEY, CADENCE_KEY))))
    }
    new_data = dict(data) if data is not None else (rows[SETTING_KEY].value if SETTING_KEY in rows else current_seed)
    if cadence is not None:
        new_cadence = [dict(item) for item in cadence]
    elif CADENCE_KEY in rows:
        new_cadence = list(rows[CADENCE_KEY].value.get("message", []))
    else:
        new_cadence = current_cadence
    checked = settings_from_data(new_data, new_cadence)
    now = clock.now()
    for key, value in ((SETTING_KEY, new_data), (CADENCE_KEY, {"message": new_cadence})):
        row = rows.get(key)
        if row is None:
            session.add(StrategySetting(key=key, value=dict(value), updated_at=now))
        else:
            row.value = dict(value)
            row.updated_at = now
    session.flush()
    return checked


_cache = ReadCache(read_outbox_settings)


def outbox_settings(database: Database, *, max_age: float = CACHE_SECONDS) -> OutboxSettings:
    """The database's outbox settings, cached for ``max_age`` seconds per process."""
    return _cache.get(database, max_age)


def forget_outbox_settings(database: Database) -> None:
    _cache.forget(database)


def local_moment(day: dt.date, minute: int, zone: Any) -> dt.datetime:
    """``minute`` of the local ``day`` in ``zone`` (a ZoneInfo), in UTC."""
    midnight = dt.datetime.combine(day, dt.time(), tzinfo=zone)
    return (midnight + dt.timedelta(minutes=minute)).astimezone(dt.UTC)

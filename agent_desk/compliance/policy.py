"""Policy packs: the contact rules of a country or regulation, read from ``resources/policies/*.toml``."""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import enum
import json
import threading
from collections.abc import Mapping
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from agent_desk.compliance.holiday_calendar import Holiday, HolidayCalendar, overrides_from_toml
from agent_desk.resources import load_toml, resource_path
from db.models.enums import ContactOwner, FlagKind

DEFAULT_POLICY = "id_ojk"
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
MINUTES_PER_DAY = 24 * 60


class PolicyError(ValueError):
    """A policy pack that cannot be used (unknown code, malformed value)."""


class Purpose(enum.StrEnum):
    """Why a number is called: to collect from the debtor, or only to locate them through someone else."""

    COLLECT = "collect"
    LOCATE = "locate"


@dataclasses.dataclass(frozen=True)
class Window:
    """Local weekdays (0 = Monday) and minutes of the day [start, end) when contact is allowed."""

    days: frozenset[int]
    start_minute: int
    end_minute: int
    days_label: str

    @property
    def start_text(self) -> str:
        return minutes_text(self.start_minute)

    @property
    def end_text(self) -> str:
        return minutes_text(self.end_minute)


@dataclasses.dataclass(frozen=True)
class Caps:
    """How often a person and a debt may be called; 0 or None switches a rule off."""

    per_person_per_day: int | None
    per_person_per_7_days: int | None
    per_debt_per_7_days: int | None
    quiet_days_after_conversation: int | None


@dataclasses.dataclass(frozen=True, eq=False)
class Policy:
    """A policy pack, ready for :func:`agent_desk.compliance.decide`."""

    code: str
    name: str
    country: str
    zones: tuple[str, ...]
    window: Window
    calendar: HolidayCalendar | None
    caps: Caps
    debtor_owners: frozenset[ContactOwner]
    third_party_purposes: frozenset[Purpose]
    blocking_flags: frozenset[FlagKind]
    consent_lifts: frozenset[str]
    province_zones: Mapping[str, str]

    def zone_for_province(self, province: str | None) -> str | None:
        if not province:
            return None
        key = " ".join(province.lower().replace("provinsi", " ").replace("prov.", " ").split())
        return self.province_zones.get(key)


def parse_minutes(text: str) -> int:
    """ "08:00" → 480; "24:00" is the end of the day."""
    try:
        hours, minutes = (int(part) for part in str(text).split(":"))
    except ValueError as error:
        raise PolicyError(f"not a time of day: {text!r} (write HH:MM)") from error
    total = hours * 60 + minutes
    if not 0 <= total <= MINUTES_PER_DAY or not 0 <= minutes < 60:
        raise PolicyError(f"not a time of day: {text!r}")
    return total


def minutes_text(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def valid_zone(name: str | None) -> str | None:
    """``name`` if it is an IANA zone this machine knows, else None."""
    if not name:
        return None
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None
    return name


_cache: dict[str, Policy] = {}
_cache_lock = threading.Lock()


def load_policy(code: str = DEFAULT_POLICY, overrides: Mapping[str, Any] | None = None) -> Policy:
    """The policy pack ``code`` with ``overrides`` (same shape as the file) merged over it. Cached."""
    key = f"{code}:{json.dumps(overrides or {}, sort_keys=True, default=str)}"
    with _cache_lock:
        cached = _cache.get(key)
    if cached is not None:
        return cached
    try:
        data = load_toml("policies", f"{code}.toml")
    except FileNotFoundError as error:
        raise PolicyError(f"unknown policy pack {code!r} (no resources/policies/{code}.toml)") from error
    policy = policy_from_data(_merge(data, overrides or {}))
    with _cache_lock:
        _cache[key] = policy
    return policy


def available_policies() -> list[str]:
    folder = resource_path("policies")
    return sorted(path.stem for path in folder.glob("*.toml") if path.stem != "holidays_overrides")


def policy_from_data(data: Mapping[str, Any]) -> Policy:
    try:
        window_data = data["window"]
        days = frozenset(WEEKDAYS.index(str(day).lower()[:3]) for day in window_data["days"])
        start, end = (parse_minutes(value) for value in window_data["hours"])
        zones = tuple(str(zone) for zone in data["zones"])
        caps = data.get("caps", {})
        parties = data.get("parties", {})
        flags = data.get("flags", {})
    except (KeyError, ValueError, TypeError) as error:
        raise PolicyError(f"policy pack {data.get('code')!r} is malformed: {error}") from error
    if start >= end:
        raise PolicyError(f"policy pack {data.get('code')!r}: the window must start before it ends")
    for zone in zones:
        if valid_zone(zone) is None:
            raise PolicyError(f"policy pack {data.get('code')!r}: unknown time zone {zone!r}")
    return Policy(
        code=str(data["code"]),
        name=str(data.get("name", data["code"])),
        country=str(data.get("country", "")),
        zones=zones,
        window=Window(days, start, end, str(window_data.get("days_label", "compliance.days.custom"))),
        calendar=_calendar(data.get("holidays")),
        caps=Caps(
            per_person_per_day=_positive(caps.get("per_person_per_day")),
            per_person_per_7_days=_positive(caps.get("per_person_per_7_days")),
            per_debt_per_7_days=_positive(caps.get("per_debt_per_7_days")),
            quiet_days_after_conversation=_positive(caps.get("quiet_days_after_conversation")),
        ),
        debtor_owners=frozenset(ContactOwner(owner) for owner in parties.get("debtor_owners", ["self"])),
        third_party_purposes=frozenset(Purpose(purpose) for purpose in parties.get("third_party_purposes", [])),
        blocking_flags=frozenset(FlagKind(flag) for flag in flags.get("blocking", [])),
        consent_lifts=frozenset(str(item) for item in data.get("consent", {}).get("lifts", [])),
        province_zones={str(key).lower(): str(value) for key, value in data.get("provinces", {}).items()},
    )


def _calendar(section: Mapping[str, Any] | None) -> HolidayCalendar | None:
    if not section:
        return None
    country = str(section["country"])
    additions: list[Holiday] = []
    removals: list[dt.date] = []
    if section.get("overrides"):
        overrides = load_toml("policies", str(section["overrides"]))
        additions, removals = overrides_from_toml(overrides, country)
    return HolidayCalendar(country, section.get("categories", ["public"]), additions, removals)


def _positive(value: Any) -> int | None:
    return int(value) if value else None


def _merge(base: Mapping[str, Any], overrides: Mapping[str, Any]) -> dict[str, Any]:
    merged = copy.deepcopy(dict(base))
    for key, value in overrides.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def local_day_start(day: dt.date, zone: ZoneInfo) -> dt.datetime:
    """Midnight at the start of ``day`` in ``zone``, in UTC."""
    return dt.datetime.combine(day, dt.time(), tzinfo=zone).astimezone(dt.UTC)

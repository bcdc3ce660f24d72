"""Province (or zone label) → IANA time zone, for customers whose file gives a region but no zone.

The table of a country comes from ``resources/regions/<COUNTRY>.toml`` (provinces, their common short names and
spoken zone names such as WIB/WITA/WIT); a mapping adds or overrides entries in its ``[zones]`` table, and a
country without a region file relies on the mapping alone.
"""

from __future__ import annotations

import re
from functools import cache

from agent_desk.resources import load_toml, resource_path

_DROP = re.compile(r"[.'’]")
_OTHER = re.compile(r"[^0-9a-z]+")


def zone_key(label: str) -> str:
    """Labels match ignoring case, dots and punctuation: "D.I. YOGYAKARTA" is "DI Yogyakarta"."""
    return " ".join(_OTHER.sub(" ", _DROP.sub("", label.casefold())).split())


@cache
def default_zones(country: str) -> dict[str, str]:
    if not country.isalpha() or not resource_path("regions", f"{country.upper()}.toml").is_file():
        return {}
    data = load_toml("regions", f"{country.upper()}.toml")
    provinces: dict[str, str] = data.get("provinces", {})
    zones = {zone_key(name): zone for name, zone in provinces.items()}
    zones.update({zone_key(alias): provinces[name] for alias, name in data.get("aliases", {}).items()})
    zones.update({zone_key(label): zone for label, zone in data.get("spoken_zones", {}).items()})
    return zones

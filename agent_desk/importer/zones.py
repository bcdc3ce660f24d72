"""Province (or zone label) → IANA time zone, for customers whose file gives a region but no zone.

For Indonesia the table comes from the demo's province pool (``resources/demo/indonesia.toml``) plus the spoken
zone names WIB, WITA and WIT; a mapping adds or overrides entries in its ``[zones]`` table, and for other countries
it brings its own.
"""

from __future__ import annotations

import re
from functools import cache

from agent_desk.demo.pools import load_pools

_DROP = re.compile(r"[.'’]")
_OTHER = re.compile(r"[^0-9a-z]+")
_SPOKEN_ID = {"WIB": "Asia/Jakarta", "WITA": "Asia/Makassar", "WIT": "Asia/Jayapura"}


def zone_key(label: str) -> str:
    """Labels match ignoring case, dots and punctuation: "D.I. YOGYAKARTA" is "DI Yogyakarta"."""
    return " ".join(_OTHER.sub(" ", _DROP.sub("", label.casefold())).split())


@cache
def default_zones(country: str) -> dict[str, str]:
    if country != "ID":
        return {}
    zones = {zone_key(province.name): province.zone for province in load_pools().provinces}
    zones.update({zone_key(label): zone for label, zone in _SPOKEN_ID.items()})
    return zones

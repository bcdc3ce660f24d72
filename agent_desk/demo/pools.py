"""The name, place and lender pools the demo draws from (``resources/demo/indonesia.toml``)."""

from __future__ import annotations

import dataclasses
import itertools
from functools import cache

from agent_desk.resources import load_toml


@dataclasses.dataclass(frozen=True)
class Province:
    name: str
    zone: str
    code: int  # two-digit NIK province code (demo numbering)
    cities: tuple[tuple[str, str], ...]  # (city, fixed-line area code)


@dataclasses.dataclass(frozen=True)
class Pools:
    mobile_prefixes: tuple[str, ...]
    given_male: tuple[str, ...]
    given_female: tuple[str, ...]
    family: tuple[str, ...]
    single_name_share: float
    streets: tuple[str, ...]
    employers: tuple[str, ...]
    relationships: tuple[str, ...]
    creditors: dict[str, tuple[str, ...]]
    va_banks: tuple[str, ...]
    minimarkets: tuple[str, ...]
    channels: tuple[str, ...]
    link_base: str
    provinces: tuple[Province, ...]
    province_cumulative_weights: tuple[int, ...]


@cache
def load_pools() -> Pools:
    data = load_toml("demo", "indonesia.toml")
    provinces = tuple(
        Province(entry["name"], entry["zone"], 11 + index, tuple((c[0], c[1]) for c in entry["cities"]))
        for index, entry in enumerate(data["provinces"])
    )
    weights = [int(entry["weight"]) for entry in data["provinces"]]
    return Pools(
        mobile_prefixes=tuple(data["mobile_prefixes"]),
        given_male=tuple(data["given_names_male"]),
        given_female=tuple(data["given_names_female"]),
        family=tuple(data["family_names"]),
        single_name_share=float(data["single_name_share"]),
        streets=tuple(data["streets"]),
        employers=tuple(data["employers"]),
        relationships=tuple(data["relationships"]),
        creditors={key: tuple(value) for key, value in data["creditors"].items()},
        va_banks=tuple(data["payment"]["va_banks"]),
        minimarkets=tuple(data["payment"]["minimarkets"]),
        channels=tuple(data["payment"]["channels"]),
        link_base=str(data["payment"]["link_base"]),
        provinces=provinces,
        province_cumulative_weights=tuple(itertools.accumulate(weights)),
    )

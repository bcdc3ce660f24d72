"""Province → zone tables come from resources/regions/<COUNTRY>.toml."""

from __future__ import annotations

import pytest

from agent_desk.demo.pools import load_pools
from agent_desk.importer.zones import default_zones


@pytest.mark.parametrize(
    ("label", "zone"),
    [
        ("KEPULAUAN RIAU", "Asia/Jakarta"),
        ("Kalimantan Tengah", "Asia/Pontianak"),
        ("GORONTALO", "Asia/Makassar"),
        ("Papua Pegunungan", "Asia/Jayapura"),
        ("D.I. Yogyakarta", "Asia/Jakarta"),
        ("Jatim", "Asia/Jakarta"),
        ("NTT", "Asia/Makassar"),
        ("wit", "Asia/Jayapura"),
    ],
)
def test_every_province_and_its_short_names_have_a_zone(label: str, zone: str) -> None:
    from agent_desk.importer.zones import zone_key

    assert default_zones("ID")[zone_key(label)] == zone


def test_all_38_provinces_and_the_demo_agrees() -> None:
    from agent_desk.resources import load_toml

    assert len(load_toml("regions", "ID.toml")["provinces"]) == 38
    zones = default_zones("ID")
    for province in load_pools().provinces:
        assert zones[province.name.casefold()] == province.zone


def test_a_country_without_a_region_file_relies_on_the_mapping() -> None:
    assert default_zones("US") == {}
    assert default_zones("../x") == {}

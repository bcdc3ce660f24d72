"""Where the data files under ``resources/`` are, installed or in a checkout."""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Any


@cache
def resources_root() -> Path:
    checkout = Path(__file__).resolve().parent.parent / "resources"
    if checkout.is_dir():
        return checkout
    from importlib import resources as importlib_resources  # installed: ≈ 7 ms of imports a checkout never needs

    return Path(str(importlib_resources.files("resources")))


def resource_path(*parts: str) -> Path:
    return resources_root().joinpath(*parts)


def load_toml(*parts: str) -> dict[str, Any]:
    with resource_path(*parts).open("rb") as handle:
        return tomllib.load(handle)

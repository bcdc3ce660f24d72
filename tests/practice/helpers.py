"""Helpers of the practice tests (kept out of conftest.py so test modules can import them)."""

from __future__ import annotations

import shutil
from pathlib import Path

from agent_desk.practice.catalog import practice_root
from agent_desk.practice.events import TraineeAction
from agent_desk.practice.session import Entry

SCENARIOS = (
    "forgot_due_date", "bill_dispute", "lost_job", "family_illness", "angry_abusive", "evasive_promiser",
    "already_paid", "spouse_answers", "discount_beyond_authority", "pre_due_reminder", "stop_calling",
    "wants_in_writing",
)  # fmt: skip


def copy_scenario(root: Path, name: str = "forgot_due_date") -> tuple[Path, Path]:
    """Copy one shipped scenario (both languages) under ``root``; returns the (en, id) paths."""
    paths = []
    for language in ("en", "id"):
        target = root / language / f"{name}.toml"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(practice_root() / language / f"{name}.toml", target)
        paths.append(target)
    return paths[0], paths[1]


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file under ``folder`` with its size and modification time (to prove nothing was written)."""
    return {
        str(path.relative_to(folder)): (path.stat().st_size, path.stat().st_mtime_ns)
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def line_of(path: Path, text: str) -> int:
    """The 1-based line of the first line of ``path`` containing ``text``."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if text in line:
            return number
    raise AssertionError(f"{text!r} not in {path}")


def debtor(at: float, node: str, *, who: str = "debtor", **flags: object) -> Entry:
    return Entry(at, who, f"({node})", node, **flags)  # type: ignore[arg-type]


def trainee(at: float, kind: str, *events: str, text: str = "") -> Entry:
    return Entry(at, "trainee", text, kind, events=tuple(events), source="workspace")


def action(kind: str, *events: str, text: str = "") -> TraineeAction:
    return TraineeAction("workspace", kind, tuple(events), text)


def table_contents(database: object) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table (in key order): two equal results mean nothing was written in between."""
    from sqlalchemy import inspect, select

    from db.models import Base

    engine = database.engine  # type: ignore[attr-defined]
    present = set(inspect(engine).get_table_names())
    found: dict[str, list[tuple[object, ...]]] = {}
    with engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            if table.name in present:
                keys = list(table.primary_key.columns) or list(table.columns)
                found[table.name] = [tuple(row) for row in connection.execute(select(table).order_by(*keys))]
    return found

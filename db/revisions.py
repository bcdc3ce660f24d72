"""The migrations' revision ids, read from the migration files (neither Alembic nor SQLAlchemy is imported).

:mod:`db.migrate` checks a database's schema with these; the desk's first frame (``agent_desk.first_frame``)
compares them with ``alembic_version`` before SQLAlchemy has loaded.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
VERSION_TABLE = "alembic_version"

_ASSIGNMENT = re.compile(r"^(revision|down_revision)\s*(?::[^=]*)?=\s*(.+)$", re.MULTILINE)
_REVISION_ID = re.compile(r"['\"]([^'\"]+)['\"]")


@cache
def revision_graph() -> dict[str, tuple[str, ...]]:
    """Each migration's revision id and the ids it revises, read from the files (no Alembic import)."""
    graph: dict[str, tuple[str, ...]] = {}
    for path in sorted((MIGRATIONS_DIR / "versions").glob("*.py")):
        found = dict(_ASSIGNMENT.findall(path.read_text(encoding="utf-8")))
        if "revision" not in found:
            continue
        (revision,) = _REVISION_ID.findall(found["revision"])
        graph[revision] = tuple(_REVISION_ID.findall(found.get("down_revision", "None")))
    return graph


def head_revisions() -> tuple[str, ...]:
    """The newest revisions (one in a healthy tree): those no other migration revises."""
    graph = revision_graph()
    revised = {parent for parents in graph.values() for parent in parents}
    return tuple(sorted(revision for revision in graph if revision not in revised))

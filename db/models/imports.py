"""Portfolio imports: one row per completed import of a core-system file."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import BigInteger, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base


class ImportRun(Base):
    """A file that was imported (``kind`` ``import``) or a delta applied by ``agent-desk sync`` (``kind`` ``sync``):
    which one (name and SHA-256), through which mapping, by whom, with what result.

    A rejected, failed or cancelled run leaves no row. ``status`` is ``done`` for a completed run. On SQLite a large
    import is applied in short transactions: its row says ``applying`` meanwhile, with ``journal`` naming the file
    that holds what it has changed so far and ``batches_applied`` how many of its batches are in, so that an
    interrupted import can be undone on the next run (its row then goes; ``interrupted`` when its journal is lost).
    ``counts`` holds the per-table figures (new, updated, unchanged, recalled…) shown in the summary.
    """

    __tablename__ = "import_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), default="import")
    status: Mapped[str] = mapped_column(String(16), default="done")
    journal: Mapped[str | None] = mapped_column(String(500))
    batches_applied: Mapped[int] = mapped_column(default=0)
    started_at: Mapped[dt.datetime]
    finished_at: Mapped[dt.datetime]
    file_name: Mapped[str] = mapped_column(String(255))
    file_fingerprint: Mapped[str] = mapped_column(String(64), index=True)
    file_size: Mapped[int] = mapped_column(BigInteger)
    mapping_name: Mapped[str | None] = mapped_column(String(120))
    mapping_fingerprint: Mapped[str] = mapped_column(String(64))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    run_by: Mapped[str | None] = mapped_column(String(120))
    skip_bad_rows: Mapped[bool]
    full_portfolio: Mapped[bool]
    rows_read: Mapped[int]
    rows_imported: Mapped[int]
    rows_rejected: Mapped[int]
    warnings: Mapped[int]
    counts: Mapped[dict[str, Any]] = mapped_column(default=dict)

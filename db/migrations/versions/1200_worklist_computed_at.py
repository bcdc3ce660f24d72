"""worklist computed_at index: the newest entry's moment, read at every start (the first frame and the clock
check), comes from the index instead of a scan of the whole worklist

Revision ID: 1200
Revises: 0800
Create Date: 2026-12-07 18:40:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op


revision: str = '1200'
down_revision: str | Sequence[str] | None = '0800'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index('ix_worklist_entries_computed_at', 'worklist_entries', ['computed_at'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_worklist_entries_computed_at', table_name='worklist_entries')

"""desk integrity: manual calls (interactions.manual_reason) and the right-person confirmation on outcomes

Revision ID: 0600
Revises: 0300
Create Date: 2026-12-07 08:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0600'
down_revision: str | Sequence[str] | None = '0300'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('interactions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('manual_reason', sa.Text(), nullable=True))
    with op.batch_alter_table('outcomes', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('right_party_confirmed', sa.Boolean(), server_default=sa.false(), nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table('outcomes', schema=None) as batch_op:
        batch_op.drop_column('right_party_confirmed')
    with op.batch_alter_table('interactions', schema=None) as batch_op:
        batch_op.drop_column('manual_reason')

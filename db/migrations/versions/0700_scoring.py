"""scoring: the queue's stored evaluation holds for a stated time (callable run, validity, grounds, zones used,
accounts due), a skip's cool-down kept across re-evaluations; features and the fitted model of the scoring

Revision ID: 0700
Revises: 0300
Create Date: 2026-12-07 09:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import db.types


revision: str = '0700'
down_revision: str | Sequence[str] | None = '0300'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('worklist_entries', schema=None) as batch_op:
        batch_op.add_column(sa.Column('callable_until', db.types.UtcDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('valid_until', db.types.UtcDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('grounds', sa.JSON(), nullable=False, server_default='[]'))
        batch_op.add_column(sa.Column('zones', sa.JSON(), nullable=False, server_default='[]'))
        batch_op.add_column(sa.Column('account_numbers', sa.JSON(), nullable=False, server_default='[]'))
        batch_op.add_column(sa.Column('skipped_until', db.types.UtcDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('skip_reason', sa.String(length=64), nullable=True))
    with op.batch_alter_table('worklist_entries', schema=None) as batch_op:
        batch_op.alter_column('grounds', server_default=None)
        batch_op.alter_column('zones', server_default=None)
        batch_op.alter_column('account_numbers', server_default=None)


def downgrade() -> None:
    with op.batch_alter_table('worklist_entries', schema=None) as batch_op:
        batch_op.drop_column('skip_reason')
        batch_op.drop_column('skipped_until')
        batch_op.drop_column('account_numbers')
        batch_op.drop_column('zones')
        batch_op.drop_column('grounds')
        batch_op.drop_column('valid_until')
        batch_op.drop_column('callable_until')

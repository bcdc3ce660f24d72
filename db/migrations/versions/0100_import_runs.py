"""import runs: one row per completed portfolio import (file fingerprint, mapping, who, counts)

Revision ID: 0100
Revises: 0200
Create Date: 2026-11-23 17:12:15.331567
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import db.types


revision: str = '0100'
down_revision: str | Sequence[str] | None = '0200'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('import_runs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('started_at', db.types.UtcDateTime(timezone=True), nullable=False),
    sa.Column('finished_at', db.types.UtcDateTime(timezone=True), nullable=False),
    sa.Column('file_name', sa.String(length=255), nullable=False),
    sa.Column('file_fingerprint', sa.String(length=64), nullable=False),
    sa.Column('file_size', sa.BigInteger(), nullable=False),
    sa.Column('mapping_name', sa.String(length=120), nullable=True),
    sa.Column('mapping_fingerprint', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('run_by', sa.String(length=120), nullable=True),
    sa.Column('skip_bad_rows', sa.Boolean(), nullable=False),
    sa.Column('full_portfolio', sa.Boolean(), nullable=False),
    sa.Column('rows_read', sa.Integer(), nullable=False),
    sa.Column('rows_imported', sa.Integer(), nullable=False),
    sa.Column('rows_rejected', sa.Integer(), nullable=False),
    sa.Column('warnings', sa.Integer(), nullable=False),
    sa.Column('counts', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_import_runs_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_import_runs'))
    )
    with op.batch_alter_table('import_runs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_import_runs_file_fingerprint'), ['file_fingerprint'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('import_runs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_import_runs_file_fingerprint'))

    op.drop_table('import_runs')

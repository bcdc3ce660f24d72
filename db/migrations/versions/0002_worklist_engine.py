"""worklist engine: strategy stages and settings, the worklist entry's ready time, number and purpose

Revision ID: 0002
Revises: 0100 (import runs; chained after the other engineers' migrations to keep one straight line)
Create Date: 2026-11-23 16:59:16.115343
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import db.types


revision: str = '0002'
down_revision: str | Sequence[str] | None = '0100'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('strategy_settings',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('value', sa.JSON(), nullable=False),
    sa.Column('updated_at', db.types.UtcDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_strategy_settings'))
    )
    op.create_table('strategy_stages',
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.Column('min_dpd', sa.Integer(), nullable=False),
    sa.Column('max_dpd', sa.Integer(), nullable=True),
    sa.Column('min_minutes_between_attempts', sa.Integer(), nullable=False),
    sa.Column('max_attempts_per_day', sa.Integer(), nullable=True),
    sa.Column('max_attempts_per_week', sa.Integer(), nullable=True),
    sa.Column('base_likelihood', db.types.Rate(), nullable=False),
    sa.Column('recovery_weight', db.types.Rate(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_strategy_stages'))
    )
    with op.batch_alter_table('promises', schema=None) as batch_op:
        batch_op.add_column(sa.Column('check_at', db.types.UtcDateTime(timezone=True), nullable=True))

    with op.batch_alter_table('scheduled_actions', schema=None) as batch_op:
        batch_op.create_index('ix_scheduled_actions_kind_status', ['kind', 'status', 'due_at'], unique=False)

    with op.batch_alter_table('worklist_entries', schema=None) as batch_op:
        batch_op.add_column(sa.Column('ready_at', db.types.UtcDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('contact_point_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('purpose', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('lease_taken_at', db.types.UtcDateTime(timezone=True), nullable=True))
        batch_op.drop_index('ix_worklist_entries_assigned_team_id')
        batch_op.drop_index('ix_worklist_entries_assigned_user_id')
        batch_op.drop_index('ix_worklist_entries_queue')
        batch_op.create_index('ix_worklist_entries_team_queue', ['assigned_team_id', 'assigned_user_id', 'score', 'ready_at', 'lease_until'], unique=False)
        batch_op.create_index('ix_worklist_entries_user_queue', ['assigned_user_id', 'score', 'ready_at', 'lease_until'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_worklist_entries_contact_point_id_contact_points'), 'contact_points', ['contact_point_id'], ['id'], ondelete='SET NULL')



def downgrade() -> None:
    with op.batch_alter_table('worklist_entries', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_worklist_entries_contact_point_id_contact_points'), type_='foreignkey')
        batch_op.drop_index('ix_worklist_entries_user_queue')
        batch_op.drop_index('ix_worklist_entries_team_queue')
        batch_op.create_index('ix_worklist_entries_queue', ['allowed', 'score'], unique=False)
        batch_op.create_index('ix_worklist_entries_assigned_user_id', ['assigned_user_id'], unique=False)
        batch_op.create_index('ix_worklist_entries_assigned_team_id', ['assigned_team_id'], unique=False)
        batch_op.drop_column('lease_taken_at')
        batch_op.drop_column('purpose')
        batch_op.drop_column('contact_point_id')
        batch_op.drop_column('ready_at')

    with op.batch_alter_table('scheduled_actions', schema=None) as batch_op:
        batch_op.drop_index('ix_scheduled_actions_kind_status')

    with op.batch_alter_table('promises', schema=None) as batch_op:
        batch_op.drop_column('check_at')

    op.drop_table('strategy_stages')
    op.drop_table('strategy_settings')

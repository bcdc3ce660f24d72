"""practice: scenario assignments, practice sessions, their rubric scores and recordings (written only in the
practice database; see db/models/practice.py)

Revision ID: 0400
Revises: 0300
Create Date: 2026-12-07 08:22:34.569012
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import db.types


revision: str = '0400'
down_revision: str | Sequence[str] | None = '0300'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('practice_assignments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('scenario', sa.String(length=64), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('mode', sa.String(length=16), nullable=False),
    sa.Column('trainee_id', sa.Integer(), nullable=False),
    sa.Column('assigned_by_id', sa.Integer(), nullable=True),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('created_at', db.types.UtcDateTime(timezone=True), nullable=False),
    sa.Column('cancelled_at', db.types.UtcDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['assigned_by_id'], ['users.id'], name=op.f('fk_practice_assignments_assigned_by_id_users')),
    sa.ForeignKeyConstraint(['trainee_id'], ['users.id'], name=op.f('fk_practice_assignments_trainee_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_practice_assignments'))
    )
    with op.batch_alter_table('practice_assignments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_practice_assignments_trainee_id'), ['trainee_id'], unique=False)

    op.create_table('practice_sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('assignment_id', sa.Integer(), nullable=True),
    sa.Column('scenario', sa.String(length=64), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('mode', sa.String(length=16), nullable=False),
    sa.Column('trainee_id', sa.Integer(), nullable=False),
    sa.Column('trainer_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('live_uri', sa.String(length=255), nullable=True),
    sa.Column('customer_id', sa.Integer(), nullable=True),
    sa.Column('started_at', db.types.UtcDateTime(timezone=True), nullable=False),
    sa.Column('ended_at', db.types.UtcDateTime(timezone=True), nullable=True),
    sa.Column('end_state', sa.String(length=32), nullable=True),
    sa.Column('score', sa.Integer(), nullable=True),
    sa.Column('failed', sa.Boolean(), nullable=False),
    sa.Column('talk_seconds', sa.Integer(), nullable=True),
    sa.Column('report', sa.JSON(), nullable=False),
    sa.Column('sheet', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['assignment_id'], ['practice_assignments.id'], name=op.f('fk_practice_sessions_assignment_id_practice_assignments'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_practice_sessions_customer_id_customers'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['trainee_id'], ['users.id'], name=op.f('fk_practice_sessions_trainee_id_users')),
    sa.ForeignKeyConstraint(['trainer_id'], ['users.id'], name=op.f('fk_practice_sessions_trainer_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_practice_sessions')),
    sa.UniqueConstraint('uid', name=op.f('uq_practice_sessions_uid'))
    )
    with op.batch_alter_table('practice_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_practice_sessions_assignment_id'), ['assignment_id'], unique=False)
        batch_op.create_index('ix_practice_sessions_trainee_id_started_at', ['trainee_id', 'started_at'], unique=False)

    op.create_table('practice_recordings',
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('wav', sa.LargeBinary(), nullable=False),
    sa.Column('seconds', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['session_id'], ['practice_sessions.id'], name=op.f('fk_practice_recordings_session_id_practice_sessions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('session_id', name=op.f('pk_practice_recordings'))
    )
    op.create_table('practice_scores',
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('item', sa.String(length=32), nullable=False),
    sa.Column('earned', sa.Integer(), nullable=False),
    sa.Column('possible', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['session_id'], ['practice_sessions.id'], name=op.f('fk_practice_scores_session_id_practice_sessions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('session_id', 'item', name=op.f('pk_practice_scores'))
    )


def downgrade() -> None:
    op.drop_table('practice_scores')
    op.drop_table('practice_recordings')
    with op.batch_alter_table('practice_sessions', schema=None) as batch_op:
        batch_op.drop_index('ix_practice_sessions_trainee_id_started_at')
        batch_op.drop_index(batch_op.f('ix_practice_sessions_assignment_id'))

    op.drop_table('practice_sessions')
    with op.batch_alter_table('practice_assignments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_practice_assignments_trainee_id'))

    op.drop_table('practice_assignments')

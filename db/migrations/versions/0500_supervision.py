"""supervision: QA scorecards, strategy experiments and their arms, user permissions (recordings), the
outcome's script variant, and the indexes the KPI queries read by period

Revision ID: 0500
Revises: 0400
Create Date: 2026-12-07 08:19:23.861828
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import db.types


revision: str = '0500'
down_revision: str | Sequence[str] | None = '0400'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('experiments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('segment', sa.JSON(), nullable=False),
    sa.Column('champion', sa.JSON(), nullable=False),
    sa.Column('challenger', sa.JSON(), nullable=False),
    sa.Column('challenger_share', db.types.Rate(), nullable=False),
    sa.Column('seed', sa.Integer(), nullable=False),
    sa.Column('starts_at', db.types.UtcDateTime(timezone=True), nullable=False),
    sa.Column('ends_at', db.types.UtcDateTime(timezone=True), nullable=False),
    sa.Column('created_by_user_id', sa.Integer(), nullable=True),
    sa.Column('created_at', db.types.UtcDateTime(timezone=True), nullable=False),
    sa.Column('stopped_at', db.types.UtcDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['created_by_user_id'], ['users.id'], name=op.f('fk_experiments_created_by_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_experiments')),
    sa.UniqueConstraint('name', name=op.f('uq_experiments_name'))
    )
    op.create_table('user_permissions',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('permission', sa.String(length=64), nullable=False),
    sa.Column('granted_by_user_id', sa.Integer(), nullable=True),
    sa.Column('granted_at', db.types.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['granted_by_user_id'], ['users.id'], name=op.f('fk_user_permissions_granted_by_user_id_users')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_user_permissions_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'permission', name=op.f('pk_user_permissions'))
    )
    op.create_table('experiment_arms',
    sa.Column('experiment_id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('arm', sa.String(length=16), nullable=False),
    sa.Column('assigned_at', db.types.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_experiment_arms_customer_id_customers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['experiment_id'], ['experiments.id'], name=op.f('fk_experiment_arms_experiment_id_experiments'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('experiment_id', 'customer_id', name=op.f('pk_experiment_arms'))
    )
    with op.batch_alter_table('experiment_arms', schema=None) as batch_op:
        batch_op.create_index('ix_experiment_arms_customer_id', ['customer_id'], unique=False)

    op.create_table('qa_scorecards',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('outcome_id', sa.Integer(), nullable=False),
    sa.Column('agent_user_id', sa.Integer(), nullable=True),
    sa.Column('reviewer_user_id', sa.Integer(), nullable=False),
    sa.Column('form_code', sa.String(length=64), nullable=False),
    sa.Column('form_version', sa.Integer(), nullable=False),
    sa.Column('score', db.types.Rate(), nullable=False),
    sa.Column('instant_fail', sa.Boolean(), nullable=False),
    sa.Column('answers', sa.JSON(), nullable=False),
    sa.Column('comment', sa.Text(), nullable=True),
    sa.Column('created_at', db.types.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['agent_user_id'], ['users.id'], name=op.f('fk_qa_scorecards_agent_user_id_users')),
    sa.ForeignKeyConstraint(['outcome_id'], ['outcomes.id'], name=op.f('fk_qa_scorecards_outcome_id_outcomes'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['reviewer_user_id'], ['users.id'], name=op.f('fk_qa_scorecards_reviewer_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_qa_scorecards')),
    sa.UniqueConstraint('outcome_id', 'reviewer_user_id', name=op.f('uq_qa_scorecards_outcome_id_reviewer_user_id'))
    )
    with op.batch_alter_table('qa_scorecards', schema=None) as batch_op:
        batch_op.create_index('ix_qa_scorecards_agent_user_id_created_at', ['agent_user_id', 'created_at'], unique=False)

    with op.batch_alter_table('agent_state_events', schema=None) as batch_op:
        batch_op.create_index('ix_agent_state_events_started_at', ['started_at'], unique=False)

    with op.batch_alter_table('installments', schema=None) as batch_op:
        batch_op.create_index('ix_installments_account_id_due_date_paid_on', ['account_id', 'due_date', 'paid_on'], unique=False)

    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.create_index('ix_audit_events_action_at', ['action', 'at'], unique=False)

    with op.batch_alter_table('language_flags', schema=None) as batch_op:
        batch_op.create_index('ix_language_flags_created_at', ['created_at'], unique=False)

    with op.batch_alter_table('outcomes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('script_variant', sa.String(length=32), nullable=True))
        batch_op.create_index('ix_outcomes_created_at', ['created_at'], unique=False)

    with op.batch_alter_table('payment_plans', schema=None) as batch_op:
        batch_op.create_index('ix_payment_plans_decided_at', ['decided_at'], unique=False)

    with op.batch_alter_table('promises', schema=None) as batch_op:
        batch_op.create_index('ix_promises_created_at', ['created_at'], unique=False)
        batch_op.create_index('ix_promises_due_date', ['due_date'], unique=False)
        batch_op.create_index('ix_promises_outcome_id', ['outcome_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('promises', schema=None) as batch_op:
        batch_op.drop_index('ix_promises_outcome_id')
        batch_op.drop_index('ix_promises_due_date')
        batch_op.drop_index('ix_promises_created_at')

    with op.batch_alter_table('payment_plans', schema=None) as batch_op:
        batch_op.drop_index('ix_payment_plans_decided_at')

    with op.batch_alter_table('outcomes', schema=None) as batch_op:
        batch_op.drop_index('ix_outcomes_created_at')
    # Not in the batch: SQLite (3.35+) drops a column in place, where a batch would copy the table and trip over
    # the foreign keys that point at outcomes.
    op.drop_column('outcomes', 'script_variant')

    with op.batch_alter_table('language_flags', schema=None) as batch_op:
        batch_op.drop_index('ix_language_flags_created_at')

    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_events_action_at')

    with op.batch_alter_table('agent_state_events', schema=None) as batch_op:
        batch_op.drop_index('ix_agent_state_events_started_at')

    with op.batch_alter_table('installments', schema=None) as batch_op:
        batch_op.drop_index('ix_installments_account_id_due_date_paid_on')

    with op.batch_alter_table('qa_scorecards', schema=None) as batch_op:
        batch_op.drop_index('ix_qa_scorecards_agent_user_id_created_at')

    op.drop_table('qa_scorecards')
    with op.batch_alter_table('experiment_arms', schema=None) as batch_op:
        batch_op.drop_index('ix_experiment_arms_customer_id')

    op.drop_table('experiment_arms')
    op.drop_table('user_permissions')
    op.drop_table('experiments')

"""scoring: the queue's stored evaluation holds for a stated time (callable run, validity, grounds, zones used,
accounts due), a skip's cool-down kept across re-evaluations; features and the fitted model of the scoring

Revision ID: 0700
Revises: 1000
Create Date: 2026-12-07 09:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import db.types


revision: str = '0700'
down_revision: str | Sequence[str] | None = '1000'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('scoring_models',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('target', sa.String(length=32), nullable=False),
    sa.Column('fitted_at', db.types.UtcDateTime(timezone=True), nullable=False),
    sa.Column('book_as_of', db.types.UtcDateTime(timezone=True), nullable=False),
    sa.Column('examples', sa.Integer(), nullable=False),
    sa.Column('features', sa.JSON(), nullable=False),
    sa.Column('parameters', sa.JSON(), nullable=False),
    sa.Column('model_text', sa.Text(), nullable=True),
    sa.Column('calibration', sa.JSON(), nullable=False),
    sa.Column('validation', sa.JSON(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_scoring_models')),
    sa.UniqueConstraint('version', name=op.f('uq_scoring_models_version'))
    )
    op.create_table('customer_scores',
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('model_id', sa.Integer(), nullable=True),
    sa.Column('likelihood', db.types.Rate(), nullable=False),
    sa.Column('reasons', sa.JSON(), nullable=False),
    sa.Column('features', sa.JSON(), nullable=False),
    sa.Column('answer_rates', sa.JSON(), nullable=False),
    sa.Column('computed_at', db.types.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_customer_scores_customer_id_customers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['model_id'], ['scoring_models.id'], name=op.f('fk_customer_scores_model_id_scoring_models'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('customer_id', name=op.f('pk_customer_scores'))
    )
    with op.batch_alter_table('worklist_entries', schema=None) as batch_op:
        batch_op.add_column(sa.Column('callable_until', db.types.UtcDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('valid_until', db.types.UtcDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('grounds', sa.JSON(), nullable=False, server_default='[]'))
        batch_op.add_column(sa.Column('reasons_text', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('grounds_text', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('zones', sa.JSON(), nullable=False, server_default='[]'))
        batch_op.add_column(sa.Column('early_at', db.types.UtcDateTime(timezone=True), nullable=True))
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
        batch_op.drop_column('early_at')
        batch_op.drop_column('zones')
        batch_op.drop_column('grounds_text')
        batch_op.drop_column('reasons_text')
        batch_op.drop_column('grounds')
        batch_op.drop_column('valid_until')
        batch_op.drop_column('callable_until')
    op.drop_table('customer_scores')
    op.drop_table('scoring_models')

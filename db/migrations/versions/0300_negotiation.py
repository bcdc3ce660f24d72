"""negotiation: default authority per role (seeded from resources/negotiation.toml on first use) and the
language guard's flags

Revision ID: 0300
Revises: 0002
Create Date: 2026-12-04 12:46:39.859668
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import db.types


revision: str = '0300'
down_revision: str | Sequence[str] | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('role_authority',
    sa.Column('role', sa.Enum('agent', 'supervisor', 'trainer', 'admin', name='role', native_enum=False, length=32), nullable=False),
    sa.Column('max_settlement_discount', db.types.Rate(), nullable=False),
    sa.Column('max_early_payment_discount', db.types.Rate(), nullable=False),
    sa.Column('max_installments', sa.Integer(), nullable=False),
    sa.Column('updated_at', db.types.UtcDateTime(timezone=True), nullable=False),
    sa.Column('updated_by_user_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['updated_by_user_id'], ['users.id'], name=op.f('fk_role_authority_updated_by_user_id_users')),
    sa.PrimaryKeyConstraint('role', name=op.f('pk_role_authority'))
    )
    op.create_table('language_flags',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=True),
    sa.Column('outcome_id', sa.Integer(), nullable=True),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('field', sa.String(length=32), nullable=False),
    sa.Column('phrase', sa.String(length=120), nullable=False),
    sa.Column('matched_text', sa.Text(), nullable=False),
    sa.Column('category', sa.String(length=16), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('created_at', db.types.UtcDateTime(timezone=True), nullable=False),
    sa.Column('reviewed_by_user_id', sa.Integer(), nullable=True),
    sa.Column('reviewed_at', db.types.UtcDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_language_flags_customer_id_customers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['outcome_id'], ['outcomes.id'], name=op.f('fk_language_flags_outcome_id_outcomes'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['reviewed_by_user_id'], ['users.id'], name=op.f('fk_language_flags_reviewed_by_user_id_users')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_language_flags_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_language_flags'))
    )
    with op.batch_alter_table('language_flags', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_language_flags_customer_id'), ['customer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_language_flags_outcome_id'), ['outcome_id'], unique=False)
        batch_op.create_index('ix_language_flags_reviewed_at_created_at', ['reviewed_at', 'created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_language_flags_user_id'), ['user_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('language_flags', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_language_flags_user_id'))
        batch_op.drop_index('ix_language_flags_reviewed_at_created_at')
        batch_op.drop_index(batch_op.f('ix_language_flags_outcome_id'))
        batch_op.drop_index(batch_op.f('ix_language_flags_customer_id'))

    op.drop_table('language_flags')
    op.drop_table('role_authority')

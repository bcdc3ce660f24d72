"""desk integrity: manual calls (interactions.manual_reason), the right-person confirmation on outcomes, and the
escalation of an approval request to someone with enough authority

Revision ID: 0600
Revises: 0500
Create Date: 2026-12-07 08:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import db.types


revision: str = '0600'
down_revision: str | Sequence[str] | None = '0500'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('interactions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('manual_reason', sa.Text(), nullable=True))
    with op.batch_alter_table('outcomes', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('right_party_confirmed', sa.Boolean(), server_default=sa.false(), nullable=False)
        )
    with op.batch_alter_table('payment_plans', schema=None) as batch_op:
        batch_op.add_column(sa.Column('escalated_to_user_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('escalated_by_user_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('escalated_at', db.types.UtcDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('escalation_note', sa.Text(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f('fk_payment_plans_escalated_to_user_id_users'), 'users', ['escalated_to_user_id'], ['id']
        )
        batch_op.create_foreign_key(
            batch_op.f('fk_payment_plans_escalated_by_user_id_users'), 'users', ['escalated_by_user_id'], ['id']
        )


def downgrade() -> None:
    with op.batch_alter_table('payment_plans', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_payment_plans_escalated_by_user_id_users'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_payment_plans_escalated_to_user_id_users'), type_='foreignkey')
        batch_op.drop_column('escalation_note')
        batch_op.drop_column('escalated_at')
        batch_op.drop_column('escalated_by_user_id')
        batch_op.drop_column('escalated_to_user_id')
    with op.batch_alter_table('outcomes', schema=None) as batch_op:
        batch_op.drop_column('right_party_confirmed')
    with op.batch_alter_table('interactions', schema=None) as batch_op:
        batch_op.drop_column('manual_reason')

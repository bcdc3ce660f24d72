"""import fields: credit limit, typed customer attributes, anonymised display names, statement status codes, and
import runs that say what they were (import or sync) and how far they got (applying, done, undone)

Revision ID: 0800
Revises: 1100
Create Date: 2026-12-07 08:24:31.949451
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import db.types


revision: str = '0800'
down_revision: str | Sequence[str] | None = '1100'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Columns are added and dropped in place (SQLite 3.35+): a batch would copy the table and trip over the
    # foreign keys that point at it.
    op.create_table('customer_attributes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('text_value', sa.String(length=255), nullable=True),
    sa.Column('number_value', db.types.Fixed(scale=4, precision=18), nullable=True),
    sa.Column('date_value', sa.Date(), nullable=True),
    sa.Column('flag_value', sa.Boolean(), nullable=True),
    sa.Column('updated_at', db.types.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_customer_attributes_customer_id_customers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_customer_attributes')),
    sa.UniqueConstraint('customer_id', 'name', name=op.f('uq_customer_attributes_customer_id_name'))
    )
    op.add_column('accounts', sa.Column('credit_limit', db.types.Money(), nullable=True))

    op.add_column('customers', sa.Column('name_generated', sa.Boolean(), nullable=False, server_default=sa.false()))

    op.add_column('import_runs', sa.Column('kind', sa.String(length=16), nullable=False, server_default='import'))
    op.add_column('import_runs', sa.Column('status', sa.String(length=16), nullable=False, server_default='done'))
    op.add_column('import_runs', sa.Column('journal', sa.String(length=500), nullable=True))
    op.add_column('import_runs', sa.Column('batches_applied', sa.Integer(), nullable=False, server_default='0'))

    op.add_column('installments', sa.Column('status_code', sa.String(length=16), nullable=True))
    op.add_column('installments', sa.Column('days_past_due', sa.Integer(), nullable=True))


def downgrade() -> None:
    op.drop_column('installments', 'days_past_due')
    op.drop_column('installments', 'status_code')

    op.drop_column('import_runs', 'batches_applied')
    op.drop_column('import_runs', 'journal')
    op.drop_column('import_runs', 'status')
    op.drop_column('import_runs', 'kind')

    op.drop_column('customers', 'name_generated')

    op.drop_column('accounts', 'credit_limit')

    op.drop_table('customer_attributes')

"""outbox: messages to customers by e-mail, SMS and WhatsApp, from queued to delivered or failed

Revision ID: 1000
Revises: 0600
Create Date: 2026-12-07 08:20:27.084165
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import db.types


revision: str = '1000'
down_revision: str | Sequence[str] | None = '0600'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('outbox_messages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('idempotency_key', sa.String(length=96), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('contact_point_id', sa.Integer(), nullable=True),
    sa.Column('interaction_id', sa.Integer(), nullable=True),
    sa.Column('channel', sa.Enum('call', 'sms', 'whatsapp', 'email', 'visit', name='channel', native_enum=False, length=32), nullable=False),
    sa.Column('template', sa.String(length=48), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('status', sa.Enum('queued', 'sending', 'sent', 'delivered', 'failed', 'cancelled', name='outboxstatus', native_enum=False, length=32), nullable=False),
    sa.Column('due_at', db.types.UtcDateTime(timezone=True), nullable=False),
    sa.Column('expires_at', db.types.UtcDateTime(timezone=True), nullable=True),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('submissions', sa.Integer(), nullable=False),
    sa.Column('submitted_at', db.types.UtcDateTime(timezone=True), nullable=True),
    sa.Column('claimed_by', sa.String(length=64), nullable=True),
    sa.Column('claimed_until', db.types.UtcDateTime(timezone=True), nullable=True),
    sa.Column('provider', sa.String(length=48), nullable=True),
    sa.Column('provider_message_id', sa.String(length=128), nullable=True),
    sa.Column('recipient', sa.String(length=255), nullable=True),
    sa.Column('subject', sa.String(length=255), nullable=True),
    sa.Column('body', sa.Text(), nullable=True),
    sa.Column('reason', sa.String(length=64), nullable=True),
    sa.Column('reason_detail', sa.String(length=255), nullable=True),
    sa.Column('reasons', sa.JSON(), nullable=False),
    sa.Column('context', sa.JSON(), nullable=False),
    sa.Column('created_by_user_id', sa.Integer(), nullable=True),
    sa.Column('resend_of_id', sa.Integer(), nullable=True),
    sa.Column('created_at', db.types.UtcDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', db.types.UtcDateTime(timezone=True), nullable=False),
    sa.Column('sent_at', db.types.UtcDateTime(timezone=True), nullable=True),
    sa.Column('delivered_at', db.types.UtcDateTime(timezone=True), nullable=True),
    sa.Column('read_at', db.types.UtcDateTime(timezone=True), nullable=True),
    sa.Column('failed_at', db.types.UtcDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['contact_point_id'], ['contact_points.id'], name=op.f('fk_outbox_messages_contact_point_id_contact_points'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['created_by_user_id'], ['users.id'], name=op.f('fk_outbox_messages_created_by_user_id_users')),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_outbox_messages_customer_id_customers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['interaction_id'], ['interactions.id'], name=op.f('fk_outbox_messages_interaction_id_interactions')),
    sa.ForeignKeyConstraint(['resend_of_id'], ['outbox_messages.id'], name=op.f('fk_outbox_messages_resend_of_id_outbox_messages')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox_messages')),
    sa.UniqueConstraint('idempotency_key', name=op.f('uq_outbox_messages_idempotency_key')),
    sa.UniqueConstraint('interaction_id', name=op.f('uq_outbox_messages_interaction_id'))
    )
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.create_index('ix_outbox_messages_created_at', ['created_at'], unique=False)
        batch_op.create_index('ix_outbox_messages_customer_id_created_at', ['customer_id', 'created_at'], unique=False)
        batch_op.create_index('ix_outbox_messages_status_due_at', ['status', 'due_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_outbox_messages_contact_point_id'), ['contact_point_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_outbox_messages_resend_of_id'), ['resend_of_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbox_messages_resend_of_id'))
        batch_op.drop_index(batch_op.f('ix_outbox_messages_contact_point_id'))
        batch_op.drop_index('ix_outbox_messages_status_due_at')
        batch_op.drop_index('ix_outbox_messages_customer_id_created_at')
        batch_op.drop_index('ix_outbox_messages_created_at')

    op.drop_table('outbox_messages')

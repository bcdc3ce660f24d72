"""team mode: password hashes with lockout state, supervised teams, and the audit trail made append-only
(triggers refusing UPDATE and DELETE on audit_events, on SQLite and PostgreSQL)

Revision ID: 1100
Revises: 0510
Create Date: 2026-12-07 10:20:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import db.types


revision: str = '1100'
down_revision: str | Sequence[str] | None = '0510'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Rows of the audit trail are only ever added. On SQLite a trigger aborts any UPDATE or DELETE; on PostgreSQL a
# trigger does the same (TRUNCATE too), and the application's role is granted only SELECT and INSERT on the table
# (docs/TEAM.md). A table rebuilt by a later batch migration loses its triggers: such a migration must create
# them again (create_audit_triggers below).
SQLITE_TRIGGERS = (
    "CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events "
    "BEGIN SELECT RAISE(ABORT, 'audit_events is append-only: rows are never changed'); END",
    "CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events "
    "BEGIN SELECT RAISE(ABORT, 'audit_events is append-only: rows are never deleted'); END",
)
POSTGRESQL_TRIGGERS = (
    "CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "BEGIN RAISE EXCEPTION 'audit_events is append-only: % refused', TG_OP USING ERRCODE = '42501'; END $$",
    "CREATE TRIGGER audit_events_no_change BEFORE UPDATE OR DELETE ON audit_events "
    "FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()",
    "CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events "
    "FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()",
)


def create_audit_triggers() -> None:
    dialect = op.get_bind().dialect.name
    for statement in SQLITE_TRIGGERS if dialect == 'sqlite' else POSTGRESQL_TRIGGERS:
        op.execute(statement)


def drop_audit_triggers() -> None:
    if op.get_bind().dialect.name == 'sqlite':
        op.execute('DROP TRIGGER IF EXISTS audit_events_no_update')
        op.execute('DROP TRIGGER IF EXISTS audit_events_no_delete')
    else:
        op.execute('DROP TRIGGER IF EXISTS audit_events_no_change ON audit_events')
        op.execute('DROP TRIGGER IF EXISTS audit_events_no_truncate ON audit_events')
        op.execute('DROP FUNCTION IF EXISTS audit_events_append_only()')


def upgrade() -> None:
    op.create_table('user_passwords',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('must_change', sa.Boolean(), nullable=False),
    sa.Column('demo', sa.Boolean(), nullable=False),
    sa.Column('failed_attempts', sa.Integer(), nullable=False),
    sa.Column('locked_until', db.types.UtcDateTime(timezone=True), nullable=True),
    sa.Column('changed_at', db.types.UtcDateTime(timezone=True), nullable=False),
    sa.Column('last_sign_in_at', db.types.UtcDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_user_passwords_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_user_passwords'))
    )
    op.create_table('supervised_teams',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['team_id'], ['teams.id'], name=op.f('fk_supervised_teams_team_id_teams'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_supervised_teams_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'team_id', name=op.f('pk_supervised_teams'))
    )
    op.create_index('ix_audit_events_user_id_at', 'audit_events', ['user_id', 'at'], unique=False)
    create_audit_triggers()


def downgrade() -> None:
    drop_audit_triggers()
    op.drop_index('ix_audit_events_user_id_at', table_name='audit_events')
    op.drop_table('supervised_teams')
    op.drop_table('user_passwords')

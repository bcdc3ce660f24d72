"""supervision, more: each account's first unpaid due date and last paid day, kept from its installments by
triggers, so cure and roll read one index entry per account worked instead of its installment schedule; a
customer's accounts indexed lead account first with the columns reports read; on
PostgreSQL, a notification when agent states change (the live board listens)

Revision ID: 0510
Revises: 0700
Create Date: 2026-12-07 10:40:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0510'
down_revision: str | Sequence[str] | None = '0700'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# accounts.first_unpaid_due: the due date of the account's oldest installment not fully paid (paid_on IS NULL);
# accounts.last_paid_on: the latest paid_on of its installments. Written only by these triggers.
RECOMPUTE = """
    first_unpaid_due = (SELECT min(i.due_date) FROM installments i WHERE i.account_id = accounts.id AND i.paid_on IS NULL),
    last_paid_on = (SELECT max(i.paid_on) FROM installments i WHERE i.account_id = accounts.id)
"""

SQLITE_TRIGGERS = (
    # An inserted installment can only move the dates one way, and most inserts move neither (a schedule is
    # written oldest first): no write then.
    """
    CREATE TRIGGER trg_installments_dates_insert AFTER INSERT ON installments
    BEGIN
        UPDATE accounts SET
            first_unpaid_due = CASE WHEN NEW.paid_on IS NULL
                AND (first_unpaid_due IS NULL OR NEW.due_date < first_unpaid_due) THEN NEW.due_date
                ELSE first_unpaid_due END,
            last_paid_on = CASE WHEN NEW.paid_on IS NOT NULL
                AND (last_paid_on IS NULL OR NEW.paid_on > last_paid_on) THEN NEW.paid_on
                ELSE last_paid_on END
        WHERE id = NEW.account_id
            AND ((NEW.paid_on IS NULL AND (first_unpaid_due IS NULL OR NEW.due_date < first_unpaid_due))
                OR (NEW.paid_on IS NOT NULL AND (last_paid_on IS NULL OR NEW.paid_on > last_paid_on)));
    END
    """,
    f"""
    CREATE TRIGGER trg_installments_dates_update AFTER UPDATE OF account_id, due_date, paid_on ON installments
    WHEN OLD.account_id IS NOT NEW.account_id OR OLD.due_date IS NOT NEW.due_date OR OLD.paid_on IS NOT NEW.paid_on
    BEGIN
        UPDATE accounts SET {RECOMPUTE} WHERE id IN (OLD.account_id, NEW.account_id);
    END
    """,
    f"""
    CREATE TRIGGER trg_installments_dates_delete AFTER DELETE ON installments
    BEGIN
        UPDATE accounts SET {RECOMPUTE} WHERE id = OLD.account_id;
    END
    """,
)
SQLITE_DROP = tuple(
    f"DROP TRIGGER IF EXISTS trg_installments_dates_{event}" for event in ("insert", "update", "delete")
)

# PostgreSQL: statement triggers with transition tables, so a bulk import updates each account once per
# statement rather than once per installment row.
POSTGRES_FUNCTIONS = (
    """
    CREATE FUNCTION installments_dates_added() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE accounts a SET
            first_unpaid_due = LEAST(a.first_unpaid_due, n.first_unpaid),
            last_paid_on = GREATEST(a.last_paid_on, n.last_paid)
        FROM (
            SELECT account_id, min(due_date) FILTER (WHERE paid_on IS NULL) AS first_unpaid,
                max(paid_on) AS last_paid
            FROM added_installments GROUP BY account_id
        ) n
        WHERE a.id = n.account_id
            AND (a.first_unpaid_due IS DISTINCT FROM LEAST(a.first_unpaid_due, n.first_unpaid)
                OR a.last_paid_on IS DISTINCT FROM GREATEST(a.last_paid_on, n.last_paid));
        RETURN NULL;
    END $$
    """,
    f"""
    CREATE FUNCTION installments_dates_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE accounts SET {RECOMPUTE}
        WHERE accounts.id IN (
            SELECT o.account_id FROM old_installments o JOIN new_installments n ON n.id = o.id
            WHERE o.account_id IS DISTINCT FROM n.account_id OR o.due_date IS DISTINCT FROM n.due_date
                OR o.paid_on IS DISTINCT FROM n.paid_on
            UNION
            SELECT n.account_id FROM old_installments o JOIN new_installments n ON n.id = o.id
            WHERE o.account_id IS DISTINCT FROM n.account_id OR o.due_date IS DISTINCT FROM n.due_date
                OR o.paid_on IS DISTINCT FROM n.paid_on
        );
        RETURN NULL;
    END $$
    """,
    f"""
    CREATE FUNCTION installments_dates_removed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE accounts SET {RECOMPUTE}
        WHERE accounts.id IN (SELECT account_id FROM removed_installments);
        RETURN NULL;
    END $$
    """,
)
POSTGRES_TRIGGERS = (
    """
    CREATE TRIGGER trg_installments_dates_insert AFTER INSERT ON installments
    REFERENCING NEW TABLE AS added_installments
    FOR EACH STATEMENT EXECUTE FUNCTION installments_dates_added()
    """,
    """
    CREATE TRIGGER trg_installments_dates_update AFTER UPDATE ON installments
    REFERENCING OLD TABLE AS old_installments NEW TABLE AS new_installments
    FOR EACH STATEMENT EXECUTE FUNCTION installments_dates_changed()
    """,
    """
    CREATE TRIGGER trg_installments_dates_delete AFTER DELETE ON installments
    REFERENCING OLD TABLE AS removed_installments
    FOR EACH STATEMENT EXECUTE FUNCTION installments_dates_removed()
    """,
)
# PostgreSQL: one NOTIFY per transaction that changes agent states (identical notifications are merged).
POSTGRES_NOTIFY = (
    """
    CREATE FUNCTION agent_states_notify() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM pg_notify('agent_desk_agent_states', '');
        RETURN NULL;
    END $$
    """,
    """
    CREATE TRIGGER trg_agent_state_events_notify AFTER INSERT OR UPDATE OR DELETE ON agent_state_events
    FOR EACH STATEMENT EXECUTE FUNCTION agent_states_notify()
    """,
)
POSTGRES_DROP = (
    "DROP TRIGGER IF EXISTS trg_agent_state_events_notify ON agent_state_events",
    "DROP FUNCTION IF EXISTS agent_states_notify()",
    *(f"DROP TRIGGER IF EXISTS trg_installments_dates_{event} ON installments" for event in ("insert", "update", "delete")),
    *(f"DROP FUNCTION IF EXISTS installments_dates_{name}()" for name in ("added", "changed", "removed")),
)


def upgrade() -> None:
    op.add_column('accounts', sa.Column('first_unpaid_due', sa.Date(), nullable=True))
    op.add_column('accounts', sa.Column('last_paid_on', sa.Date(), nullable=True))
    op.execute(f"UPDATE accounts SET {RECOMPUTE}")
    op.drop_index('ix_accounts_customer_id', table_name='accounts')
    # A customer's accounts, lead account first, with the columns reports read: an index-only lookup of the lead
    # account's segment and of the dates cure and roll need.
    op.create_index(
        'ix_accounts_customer_id_lead',
        'accounts',
        [
            'customer_id',
            sa.text('days_past_due DESC'),
            'id',
            'bucket',
            'product',
            'first_unpaid_due',
            'last_paid_on',
        ],
        unique=False,
    )
    if op.get_bind().dialect.name == 'postgresql':
        for statement in (*POSTGRES_FUNCTIONS, *POSTGRES_TRIGGERS, *POSTGRES_NOTIFY):
            op.execute(statement)
    else:
        for statement in SQLITE_TRIGGERS:
            op.execute(statement)


def downgrade() -> None:
    for statement in POSTGRES_DROP if op.get_bind().dialect.name == 'postgresql' else SQLITE_DROP:
        op.execute(statement)
    op.drop_index('ix_accounts_customer_id_lead', table_name='accounts')
    op.create_index('ix_accounts_customer_id', 'accounts', ['customer_id'], unique=False)
    # In place (SQLite 3.35+): a batch would copy the table and trip over the foreign keys that point at it.
    op.drop_column('accounts', 'last_paid_on')
    op.drop_column('accounts', 'first_unpaid_due')

"""account dates by index: on PostgreSQL the triggers that keep accounts.first_unpaid_due and last_paid_on reach
the accounts of the changed installments by their primary key, never by a scan of the whole table

PL/pgSQL keeps a trigger function's plan for the session. Planned while ``accounts`` was small — the start of an
import into a new book, whose rows the statistics have not seen yet — the plan scanned every account for each
statement that added installments, so a 1M-row import's writing pass grew with the square of its size. The
functions now plan with sequential scans, hash and merge joins off: a nested loop over the changed accounts with
one primary-key look-up each, whatever the statistics say. SQLite's triggers are per row already.

Revision ID: 1300
Revises: 1200
Create Date: 2026-12-07 21:40:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = '1300'
down_revision: str | Sequence[str] | None = '1200'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FUNCTIONS = ('installments_dates_added()', 'installments_dates_changed()', 'installments_dates_removed()')
BY_INDEX = 'SET enable_seqscan = off SET enable_hashjoin = off SET enable_mergejoin = off'


def upgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        for function in FUNCTIONS:
            op.execute(f'ALTER FUNCTION {function} {BY_INDEX}')


def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        for function in FUNCTIONS:
            op.execute(f'ALTER FUNCTION {function} RESET ALL')

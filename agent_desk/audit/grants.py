"""The rights of the application's PostgreSQL role in team mode (docs/TEAM.md).

The schema belongs to an owner role that runs the migrations (``agent-desk db upgrade``). The desks connect as
another role that may read and write the tables — but on ``audit_events`` only read and insert: with the triggers
of migration 1100, no desk can change or delete a row of the trail, nor drop the triggers (only the owner may
alter a table). ``agent-desk audit grants ROLE`` prints these statements for the owner to run.
"""

from __future__ import annotations

from sqlalchemy import Table

from db.models import AuditEvent, Base

VERSION_TABLE = "alembic_version"


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def grant_statements(role: str) -> list[str]:
    """SQL giving ``role`` the application's rights on every Agent Desk table (run as the schema's owner)."""
    who = _quote(role)
    audit = str(AuditEvent.__tablename__)
    statements = [
        f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {who}",
        f"GRANT USAGE ON SCHEMA public TO {who}",
    ]
    for table in Base.metadata.sorted_tables:
        assert isinstance(table, Table)
        if table.name == audit:
            statements.append(f"GRANT SELECT, INSERT ON {_quote(table.name)} TO {who}")
        else:
            statements.append(f"GRANT SELECT, INSERT, UPDATE, DELETE ON {_quote(table.name)} TO {who}")
    statements.append(f"GRANT SELECT ON {VERSION_TABLE} TO {who}")
    statements.append(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {who}")
    return statements

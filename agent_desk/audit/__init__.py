"""The append-only audit trail (``audit_events``): writing rows, listing them, ``agent-desk audit list``."""

from __future__ import annotations

from agent_desk.audit.trail import AuditLine, audit_lines, record

__all__ = ["AuditLine", "audit_lines", "record"]

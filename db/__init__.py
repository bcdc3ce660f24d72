"""The data layer: SQLAlchemy models, the engine/session factory and Alembic migrations.

Imports nothing of Agent Desk's own; everything above builds on it.
"""

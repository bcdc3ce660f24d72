"""A PostgreSQL server of the test's own, which the test may stop and start again."""

from __future__ import annotations

import pytest

from tests.conftest import skip_or_fail
from tests.support.postgres import start_postgres


@pytest.fixture
def durable_server():  # type: ignore[no-untyped-def]
    """Commits acknowledged only once written, as in production, so a stop with ``-m immediate`` loses none."""
    try:
        server = start_postgres(durable=True)
    except (FileNotFoundError, OSError) as error:
        skip_or_fail(f"PostgreSQL is not available: {error}")
    yield server
    server.stop()

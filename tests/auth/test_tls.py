"""TLS to PostgreSQL with ``sslmode=verify-full``: a server started with a certificate signed by a CA made in the
test, which accepts only TLS connections; the desk connects when it trusts that CA and the name matches, and
refuses (with a clear message) a server it cannot verify."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from sqlalchemy import text

from agent_desk.cli.main import parse_arguments, run
from agent_desk.context import open_context
from tests.conftest import skip_or_fail
from tests.support.certificates import make_certificates
from tests.support.postgres import PostgresServer, start_postgres

pytestmark = pytest.mark.postgres
HBA = "hostssl all all 127.0.0.1/32 trust\nlocal all all trust\n"  # no plain 'host' line: TLS or nothing


@pytest.fixture(scope="module")
def tls_server(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("tls")
    certificates = make_certificates(folder)
    try:
        server = start_postgres(
            extra="-c ssl=on -c ssl_cert_file=server.crt -c ssl_key_file=server.key",
            config={"server.crt": certificates.server_cert, "server.key": certificates.server_key, "pg_hba.conf": HBA},
        )
    except (FileNotFoundError, OSError) as error:
        skip_or_fail(f"PostgreSQL with TLS is not available: {error}")
    url = server.create_database_local("team")
    yield server, certificates.ca_file, url.rsplit("/", 1)[1]
    server.stop()


def _url(server: PostgresServer, database: str, host: str, ca: Path, mode: str = "verify-full") -> str:
    return f"postgresql://postgres@{host}:{server.port}/{database}?sslmode={mode}&sslrootcert={ca}"


def test_verify_full_connects_over_tls_when_the_ca_and_the_name_match(tls_server) -> None:  # type: ignore[no-untyped-def]
    server, ca, name = tls_server
    context = open_context(_url(server, name, "localhost", ca))
    with context.database.engine.connect() as connection:
        row = connection.execute(text("SELECT ssl, version FROM pg_stat_ssl WHERE pid = pg_backend_pid()")).one()
    context.close()
    assert row.ssl is True and row.version.startswith("TLS")


def _cli(url: str) -> tuple[int, str]:
    err = io.StringIO()
    code = run(parse_arguments(["--db", url, "db", "current"]), out=io.StringIO(), err=err)
    return code, err.getvalue()


def test_a_server_signed_by_another_ca_is_refused_plainly(tls_server, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    server, _, name = tls_server
    stranger = make_certificates(tmp_path, ca_name="Another CA").ca_file
    code, err = _cli(_url(server, name, "localhost", stranger))
    assert code == 1
    assert "could not verify the server's certificate" in err and "Traceback" not in err


def test_a_name_the_certificate_does_not_carry_is_refused(tls_server) -> None:  # type: ignore[no-untyped-def]
    server, ca, name = tls_server
    url = _url(server, name, "db.wrong.example", ca) + "&hostaddr=127.0.0.1"  # the right server, another name
    code, err = _cli(url)
    assert code == 1 and "does not match" in err and "TLS" in err


def test_the_server_refuses_a_connection_without_tls(tls_server) -> None:  # type: ignore[no-untyped-def]
    server, ca, name = tls_server
    code, err = _cli(_url(server, name, "localhost", ca, mode="disable"))
    assert code == 1 and "The TLS connection" in err and "no encryption" in err and "Traceback" not in err

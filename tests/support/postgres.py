"""A throwaway PostgreSQL server for tests: initdb in a temp dir, started on 127.0.0.1 and a free port.

Runs the server as the ``postgres`` user when the tests run as root (the server refuses root), as the
current user otherwise. Stopped with ``pg_ctl stop`` and, failing that, by PID.
"""

from __future__ import annotations

import contextlib
import dataclasses
import glob
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from tests.support.processes import free_port, is_root


@dataclasses.dataclass
class PostgresServer:
    bin_dir: Path
    data_dir: Path
    socket_dir: Path
    port: int
    run_as: str | None

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def url_for(self, database: str) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def _cmd(self, *argv: str) -> list[str]:
        return ["runuser", "-u", self.run_as, "--", *argv] if self.run_as else list(argv)

    def create_database(self, name: str) -> str:
        subprocess.run(
            self._cmd(
                str(self.bin_dir / "createdb"),
                "-h",
                "127.0.0.1",
                "-p",
                str(self.port),
                "-U",
                "postgres",
                name,
            ),
            check=True,
            capture_output=True,
        )
        return self.url_for(name)

    def stop(self) -> None:
        """Stop the server and delete its folder (data, socket, log): a test run leaves nothing behind."""
        self.halt()
        shutil.rmtree(self.socket_dir, ignore_errors=True)

    def halt(self) -> None:
        """Stop the server at once (as a crash would), keeping its data for a restart."""
        result = subprocess.run(
            self._cmd(str(self.bin_dir / "pg_ctl"), "-D", str(self.data_dir), "-m", "immediate", "-w", "stop"),
            capture_output=True,
            check=False,
        )
        if result.returncode != 0:
            pid_file = self.data_dir / "postmaster.pid"
            if pid_file.exists():
                with contextlib.suppress(ProcessLookupError, ValueError):
                    os.kill(int(pid_file.read_text().split()[0]), signal.SIGKILL)


def _run(argv: list[str]) -> None:
    result = subprocess.run(argv, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise OSError(
            f"{' '.join(argv)} failed ({result.returncode}): {result.stderr.strip() or result.stdout.strip()}"
        )


def find_bin_dir() -> Path | None:
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(Path(p).parent.name), reverse=True)
    for candidate in candidates:
        if (Path(candidate) / "initdb").exists():
            return Path(candidate)
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def start_postgres() -> PostgresServer:
    bin_dir = find_bin_dir()
    if bin_dir is None:
        raise FileNotFoundError("no PostgreSQL server binaries (initdb) found; install the postgresql package")
    root = Path(tempfile.mkdtemp(prefix="agent-desk-pg-"))
    run_as = "postgres" if is_root() else None
    if run_as:
        shutil.chown(root, user=run_as)
    server = PostgresServer(bin_dir, root / "data", root, free_port(), run_as)
    _run(
        server._cmd(
            str(bin_dir / "initdb"),
            "-D",
            str(server.data_dir),
            "-A",
            "trust",
            "-U",
            "postgres",
            "-E",
            "UTF8",
            "--no-sync",
        )
    )
    options = (
        f"-k {root} -p {server.port} -c listen_addresses=127.0.0.1 -c fsync=off "
        "-c synchronous_commit=off -c full_page_writes=off -c max_connections=60"
    )
    _run(
        server._cmd(
            str(bin_dir / "pg_ctl"), "-D", str(server.data_dir), "-l", str(root / "log"), "-w", "-o", options, "start"
        )
    )
    return server

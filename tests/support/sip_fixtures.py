"""SIP peers for tests anywhere in the suite: sipp scenarios and a kamailio registrar + proxy."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.softphone.helpers import PEERS, require
from tests.support.processes import free_port
from tests.support.sipp import SippFactory, SippPeer, sipp_available


@pytest.fixture
def sipp(tmp_path: Path) -> Iterator[SippFactory]:
    require(sipp_available(), "sipp (Debian package sip-tester)")
    factory = SippFactory(tmp_path / "peers", PEERS)
    yield factory
    factory.stop_all()


@pytest.fixture
def kamailio_with(tmp_path: Path, sipp: SippFactory) -> Iterator[Callable[..., tuple[int, SippPeer]]]:
    """Start a kamailio registrar + proxy (users alice/alicepw, bob/bobpw) relaying every number to a sipp UAS
    running the scenario given (default: answer, echo audio, take INFO and re-INVITEs)."""
    import shutil
    import subprocess
    import time

    from tests.support.processes import start_child, stop_child

    require(shutil.which("kamailio") is not None, "kamailio")
    started: list[subprocess.Popen[bytes]] = []

    def start(scenario: str = "uas_full.xml", *args: str, **options: object) -> tuple[int, SippPeer]:
        uas = sipp.uas(scenario, *(args or (("-rtp_echo",) if scenario == "uas_full.xml" else ())), **options)
        port = free_port()
        config = (PEERS / "kamailio.cfg.tmpl").read_text()
        config = config.replace("@KPORT@", str(port)).replace("@UASPORT@", str(uas.port))
        rundir = tmp_path / f"kamailio-{port}"
        rundir.mkdir()
        (rundir / "kamailio.cfg").write_text(config)
        log = (rundir / "kamailio.log").open("wb")
        process = start_child(
            ["kamailio", "-f", str(rundir / "kamailio.cfg"), "-DD", "-E", "-m", "32", "-M", "8",
             "-Y", str(rundir), "-w", str(rundir)],
            stdout=log,
            stderr=subprocess.STDOUT,
        )  # fmt: skip
        log.close()
        started.append(process)
        deadline = time.monotonic() + 5
        while not (rundir / "kamailio.log").read_text(errors="replace").count("INFO"):
            if process.poll() is not None or time.monotonic() > deadline:
                break
            time.sleep(0.05)
        time.sleep(0.1)
        assert process.poll() is None, (rundir / "kamailio.log").read_text(errors="replace")
        return port, uas

    yield start
    for process in started:
        stop_child(process)


@pytest.fixture
def kamailio(kamailio_with: Callable[..., tuple[int, SippPeer]]) -> tuple[int, SippPeer]:
    """kamailio relaying to a sipp UAS that answers (see :func:`kamailio_with`)."""
    return kamailio_with()

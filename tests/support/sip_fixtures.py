"""SIP peers for tests anywhere in the suite: sipp scenarios and a kamailio registrar + proxy."""

from __future__ import annotations

from collections.abc import Iterator
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
def kamailio(tmp_path: Path, sipp: SippFactory) -> Iterator[tuple[int, SippPeer]]:
    """A kamailio registrar + proxy (users alice/alicepw, bob/bobpw) relaying numbers to a sipp UAS."""
    import shutil
    import subprocess
    import time

    from tests.support.processes import start_child, stop_child

    require(shutil.which("kamailio") is not None, "kamailio")
    uas = sipp.uas("uas_full.xml", "-rtp_echo")
    port = free_port()
    config = (PEERS / "kamailio.cfg.tmpl").read_text()
    config = config.replace("@KPORT@", str(port)).replace("@UASPORT@", str(uas.port))
    rundir = tmp_path / "kamailio"
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
    deadline = time.monotonic() + 5
    while not (rundir / "kamailio.log").read_text(errors="replace").count("INFO"):
        if process.poll() is not None or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    time.sleep(0.1)
    assert process.poll() is None, (rundir / "kamailio.log").read_text(errors="replace")
    yield port, uas
    stop_child(process)

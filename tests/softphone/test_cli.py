"""``agent-desk sip-test`` against real peers: step lines with timings, exit status, plain reasons."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

import pytest

from agent_desk.cli import build_parser, run
from agent_desk.credentials import SERVICE_SIP, CredentialStore
from db.models import SipAccountSettings, SipTransport
from tests.support.processes import free_port, start_child

pytestmark = pytest.mark.sip

STEP = re.compile(r"^\[\s*(\d+\.\d) ms\]\s+(ok|\.\.|FAILED)\s+(.*)$")


def sip_test(*argv: str, db: str | None = None) -> tuple[int, str, str]:
    global_args = ["--db", db] if db else []
    args = build_parser().parse_args([*global_args, *argv])
    out, err = io.StringIO(), io.StringIO()
    code = run(args, out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def steps(text: str) -> list[tuple[float, str, str]]:
    found = [STEP.match(line) for line in text.splitlines()]
    return [(float(m.group(1)), m.group(2), m.group(3)) for m in found if m]


def test_call_to_a_full_uri_needs_no_account(sipp, tmp_path):
    peer = sipp.uas("uas_full.xml", "-rtp_echo")
    code, out, err = sip_test("sip-test", "--call", peer.uri("echo"), "--talk", "0.2", db=f"sqlite:///{tmp_path}/x.db")
    assert code == 0, out + err
    lines = steps(out)
    texts = [text for _, _, text in lines]
    assert texts[0].startswith("Softphone started on ")
    assert texts[1] == f"Calling {peer.uri('echo')}"
    assert texts[2] == "Ringing (180 Ringing)"
    assert texts[3] == "Connected (200 OK)"
    assert re.fullmatch(r"Call ended after 0\.\d s talk \(hung up by the agent\)", texts[4])
    assert texts[5] == "All steps passed"
    times = [ms for ms, _, _ in lines]
    assert times == sorted(times)
    assert times[-1] < 5000
    assert err == ""


def test_failed_call_exits_non_zero_with_the_reason(sipp, tmp_path):
    peer = sipp.uas("uas_reply.xml", values={"code": 486, "reason": "Busy Here"})
    code, _out, err = sip_test("sip-test", "--call", peer.uri(), db=f"sqlite:///{tmp_path}/x.db")
    assert code == 1
    assert steps(err)[-1][1:] == ("FAILED", "The call failed: 486 Busy Here (the line is busy)")


def test_in_indonesian(sipp, tmp_path):
    peer = sipp.uas("uas_reply.xml", values={"code": 404, "reason": "Not Found"})
    code, _out, err = sip_test("--lang", "id", "sip-test", "--call", peer.uri(), db=f"sqlite:///{tmp_path}/x.db")
    assert code == 1
    assert steps(err)[-1][2] == "Panggilan gagal: 404 Not Found (nomor atau alamat itu tidak ada di pihak seberang)"


def test_answers_inbound_calls_on_the_listen_address(sipp, tmp_path):
    port = free_port()
    command = [sys.executable, "-m", "ui.app", "--db", f"sqlite:///{tmp_path}/x.db", "sip-test", "--answer",
               "--listen", f"127.0.0.1:{port}", "--count", "2", "--talk", "5", "--timeout", "20"]  # fmt: skip
    root = Path(__file__).resolve().parents[2]
    process = start_child(command, cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        assert f"Softphone started on 127.0.0.1:{port}" in first, first + process.stderr.read()
        caller = sipp.uac("uac_inbound.xml", f"127.0.0.1:{port}", "-l", "1", calls=2,
                          values={"caller": "+6281234567890"})  # fmt: skip
        out, err = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, first + out + err
    texts = [text for _, _, text in steps(first + out)]
    assert texts.count("Incoming call from +6281234567890; answering") == 2
    assert texts.count("Call ended after 1.0 s talk (hung up by the other side)") == 2
    assert texts[-1] == "All steps passed"
    assert caller.wait(5) == 0, caller.describe()


@pytest.mark.usefixtures("secret_service")
def test_register_with_the_configured_account(sipp, tmp_path, database, customer):
    user_id, _customer, _point = customer
    peer = sipp.uas("registrar.xml", values={"user": "alice", "password": "alicepw", "wrong_code": 403})
    with database.transaction() as session:
        session.add(SipAccountSettings(user_id=user_id, registrar=peer.address, sip_user="alice",
                                       transport=SipTransport.UDP))  # fmt: skip
    CredentialStore().set(SERVICE_SIP, f"alice@{peer.address}", "alicepw")
    code, out, err = sip_test("--user", "agent1", "sip-test", "--register", db=str(database.url))
    assert code == 0, out + err
    texts = [text for _, _, text in steps(out)]
    assert texts[1:] == [f"Registering alice@{peer.address}", "Registered (200 OK)", "All steps passed"]


def test_wrong_password_from_stdin_fails_registration(sipp, tmp_path, database, customer, monkeypatch):
    user_id, _customer, _point = customer
    peer = sipp.uas("registrar.xml", values={"user": "alice", "password": "alicepw", "wrong_code": 403})
    with database.transaction() as session:
        session.add(SipAccountSettings(user_id=user_id, registrar=peer.address, sip_user="alice"))
    monkeypatch.setattr(sys, "stdin", io.StringIO("wrong\n"))
    code, _out, err = sip_test("sip-test", "--register", "--password-stdin", db=str(database.url))
    assert code == 1
    assert steps(err)[-1][2].startswith("Registration failed: The registrar refused the password (403")


def test_usage_problems(tmp_path, database):
    assert sip_test("sip-test", db=f"sqlite:///{tmp_path}/x.db")[2].startswith("agent-desk: Nothing to test")
    code, _out, err = sip_test("sip-test", "--call", "0812 3456 7890", db=str(database.url))
    assert code == 2
    assert "No SIP account is configured" in err
    code, _out, err = sip_test("sip-test", "--call", "0812 3456 7890", db=f"sqlite:///{tmp_path}/x.db")
    assert code == 1  # a number needs the account from the database, and there is none here
    assert err.startswith(f"agent-desk: No Agent Desk database at {tmp_path}/x.db.")
    assert not (tmp_path / "x.db").exists()

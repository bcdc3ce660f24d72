"""``agent-desk sip-test`` against far ends that do what real networks do: challenges after 100 Trying, a BYE
before the ACK, early media in a codec we lack, bad ACKs, OPTIONS, an INVITE without SDP, hold from the far end,
a redirect, reliable provisional responses. Each far end is a sipp scenario of our own (tests/softphone/edge/);
each run says what happened in words, and the far end checks what the phone sent.
"""

from __future__ import annotations

import hashlib
import io
import re
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from agent_desk.cli import build_parser, run
from agent_desk.credentials import SERVICE_SIP, CredentialStore
from db.models import SipAccountSettings
from tests.softphone.helpers import require
from tests.support.processes import free_port, start_child, stop_child
from tests.support.sipp import SippFactory, SippPeer, sipp_available

pytestmark = [pytest.mark.sip, pytest.mark.slow]

EDGE = Path(__file__).parent / "edge"
ROOT = Path(__file__).resolve().parents[2]
STEP = re.compile(r"^\[\s*(\d+\.\d) ms\]\s+(ok|\.\.|FAILED)\s+(.*)$")
AUTH = {"user": "alice", "password": "alicepw"}


@pytest.fixture
def edge(tmp_path: Path) -> Iterator[SippFactory]:
    require(sipp_available(), "sipp (Debian package sip-tester)")
    factory = SippFactory(tmp_path / "edge-peers", EDGE)
    yield factory
    factory.stop_all()  # a peer still waiting (after a failed call) is stopped by its PID


def sip_test(*argv: str, db: str | None = None) -> tuple[int, list[tuple[float, str, str]], str]:
    """Run ``agent-desk [--db DB] sip-test ARGV`` in this process: exit code, the step lines, all the text."""
    args = build_parser().parse_args([*(["--db", db] if db else []), "sip-test", *argv])
    out, err = io.StringIO(), io.StringIO()
    code = run(args, out=out, err=err)
    text = out.getvalue() + err.getvalue()
    return code, steps(text), text


def steps(text: str) -> list[tuple[float, str, str]]:
    found = [STEP.match(line) for line in text.splitlines()]
    return [(float(m.group(1)), m.group(2), m.group(3)) for m in found if m]


def texts(lines: list[tuple[float, str, str]]) -> list[str]:
    return [text for _, _, text in lines[1:]]  # without "Softphone started on …"


def finished(peer: SippPeer) -> int:
    return peer.wait(10)


# --- outbound: sip-test places the call -------------------------------------------------------------------------


def auth_peer(edge: SippFactory, code: int = 401) -> SippPeer:
    header = "WWW-Authenticate" if code == 401 else "Proxy-Authenticate"
    reason = "Unauthorized" if code == 401 else "Proxy Authentication Required"
    accept = "" if code == 401 else '<nop next="good"/>'  # 407: the digest is checked by digest_is_right()
    values = {"code": code, "reason": reason, "header": header, "accept": accept, **AUTH}
    return edge.uas("uas_auth_after_trying.xml", values=values)


def digest_is_right(messages: str, header: str, password: str) -> bool:
    """Check the digest (RFC 2617, qop=auth) the phone sent in ``header``, as a proxy would."""
    line = next(line for line in messages.splitlines() if line.startswith(f"{header}: Digest "))
    fields = dict(re.findall(r'(\w+)="?([^",]*)"?', line.split("Digest ", 1)[1]))

    def md5(text: str) -> str:
        return hashlib.md5(text.encode()).hexdigest()

    ha1 = md5(f"{fields['username']}:{fields['realm']}:{password}")
    ha2 = md5(f"INVITE:{fields['uri']}")
    expected = md5(f"{ha1}:{fields['nonce']}:{fields['nc']}:{fields['cnonce']}:{fields['qop']}:{ha2}")
    return fields["response"] == expected


def test_a_401_after_100_trying_is_answered_with_the_username_and_the_password_from_stdin(
    edge: SippFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    peer = auth_peer(edge, 401)
    monkeypatch.setattr(sys, "stdin", io.StringIO("alicepw\n"))
    code, lines, text = sip_test("--call", peer.uri(), "--username", "alice", "--password-stdin", "--talk", "0.2")
    assert code == 0, text
    assert texts(lines)[:3] == [f"Calling {peer.uri()}", "Ringing (180 Ringing)", "Connected (200 OK)"]
    assert finished(peer) == 0, peer.describe()
    assert "INVITE with credentials, valid=true" in peer.log()


@pytest.mark.usefixtures("secret_service")
def test_a_407_is_answered_with_the_configured_accounts_credentials(edge: SippFactory, database, customer) -> None:  # type: ignore[no-untyped-def]
    user_id, _customer, _point = customer
    peer = auth_peer(edge, 407)
    with database.transaction() as session:  # the agent's account: its registrar is the far end
        session.add(SipAccountSettings(user_id=user_id, registrar=peer.address, sip_user="alice"))
    CredentialStore().set(SERVICE_SIP, f"alice@{peer.address}", "alicepw")
    args = build_parser().parse_args(["--db", str(database.url), "--user", "agent1", "sip-test", "--call", peer.uri()])
    args.talk = 0.2
    out, err = io.StringIO(), io.StringIO()
    assert run(args, out=out, err=err) == 0, out.getvalue() + err.getvalue()
    assert finished(peer) == 0, peer.describe()
    assert digest_is_right(peer.messages(), "Proxy-Authorization", "alicepw")
    assert not digest_is_right(peer.messages(), "Proxy-Authorization", "wrong")
    assert "REGISTER" not in peer.messages()  # a test call with the account does not register it


@pytest.mark.usefixtures("secret_service")
def test_password_from_keyring_only(edge: SippFactory) -> None:
    peer = auth_peer(edge, 401)
    CredentialStore().set(SERVICE_SIP, f"alice@{peer.address}", "alicepw")
    code, _lines, text = sip_test(
        "--call", peer.uri(), "--username", "alice", "--password-from-keyring", "--talk", "0.2"
    )
    assert code == 0, text
    assert finished(peer) == 0, peer.describe()
    missing = sip_test("--call", peer.uri(), "--username", "bob", "--password-from-keyring")
    assert missing[0] == 2
    assert f"No SIP password is stored for bob@{peer.address}." in missing[2]


def test_without_credentials_the_challenge_is_named(edge: SippFactory, tmp_path: Path) -> None:
    peer = auth_peer(edge, 401)
    code, lines, _text = sip_test("--call", peer.uri(), db=f"sqlite:///{tmp_path}/none.sqlite3")
    assert code == 1
    assert lines[-1][1:] == (
        "FAILED",
        (
            "The call failed: 401 Unauthorized (the far end asks for a user name and password, and none were given: "
            "use the SIP account (--user) or --username)"
        ),
    )
    assert not (tmp_path / "none.sqlite3").exists()  # looking for an account created no database


def test_a_wrong_password_is_refused_as_such(edge: SippFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    peer = auth_peer(edge, 401)
    monkeypatch.setattr(sys, "stdin", io.StringIO("wrong\n"))
    code, lines, _text = sip_test("--call", peer.uri(), "--username", "alice", "--password-stdin")
    assert code == 1
    assert lines[-1][2] == (
        "The call failed: 403 Forbidden (the far end refused the call: wrong credentials, or this account may not "
        "call there)"
    )
    assert finished(peer) == 0, peer.describe()


def test_early_media_in_a_codec_we_lack_ends_the_call_cleanly_and_says_why(edge: SippFactory) -> None:
    peer = edge.uas("uas_183_unsupported_codec.xml")
    code, lines, _text = sip_test("--call", peer.uri())
    assert code == 1
    assert lines[-1][2] == (
        "The call failed: 487 Request Terminated (the far end and this phone have no audio codec in common)"
    )
    assert finished(peer) == 0, peer.describe()  # CANCEL, 487, ACK: the far end saw a clean end
    assert "CANCEL sip:" in peer.messages()


def test_hold_from_the_far_end_is_answered_and_the_call_stays_up(edge: SippFactory) -> None:
    peer = edge.uas("uas_far_end_hold.xml")
    code, lines, text = sip_test("--call", peer.uri(), "--talk", "1.2")
    assert code == 0, text
    assert re.fullmatch(r"Call ended after 1\.\d s talk \(hung up by the agent\)", texts(lines)[-2])
    assert finished(peer) == 0, peer.describe()
    assert "hold answered recvonly" in peer.log()
    assert "resume answered sendrecv" in peer.log()


def test_a_redirect_is_not_followed_and_is_said(edge: SippFactory) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as moved:  # where the redirect points: must stay silent
        moved.bind(("127.0.0.1", 0))
        moved.settimeout(0.3)
        moved_port = moved.getsockname()[1]
        peer = edge.uas("uas_redirect.xml", values={"moved_port": moved_port})
        code, lines, _text = sip_test("--call", peer.uri())
        assert code == 1
        assert lines[-1][2] == (
            f"The call failed: 302 Moved Temporarily (the far end sent the call to <sip:moved@127.0.0.1:{moved_port}>; "
            "Agent Desk does not follow redirects, since nobody checked that number)"
        )
        with pytest.raises(TimeoutError):
            moved.recv(4096)
    assert finished(peer) == 0, peer.describe()


def test_reliable_ringing_is_acknowledged_with_prack(edge: SippFactory) -> None:
    peer = edge.uas("uas_prack.xml")
    code, lines, text = sip_test("--call", peer.uri(), "--talk", "0.2")
    assert code == 0, text
    assert texts(lines)[1:3] == ["Ringing (180 Ringing)", "Connected (200 OK)"]
    assert finished(peer) == 0, peer.describe()
    assert re.search(r"PRACK with RAck: 1 \d+ INVITE", peer.log())


def test_local_failures_name_their_cause(tmp_path: Path) -> None:
    closed = free_port()
    code, lines, _text = sip_test("--call", f"sip:x@127.0.0.1:{closed};transport=tcp")
    assert code == 1
    assert lines[-1][2] == (
        "The call failed: this phone could not send to the far end (the connection was refused or the network is "
        "unreachable)"
    )
    code, lines, _text = sip_test("--call", "sip:x@host.invalid")
    assert (code, lines[-1][2]) == (1, "The call failed: the far end's host name could not be resolved (DNS)")


# --- inbound: sip-test answers ----------------------------------------------------------------------------------


def answer_one(edge: SippFactory, scenario: str, tmp_path: Path) -> tuple[int, list[tuple[float, str, str]], SippPeer]:
    """Run ``sip-test --answer`` in a child process and let ``scenario`` call it once."""
    port = free_port()
    command = [sys.executable, "-m", "ui.app", "--db", f"sqlite:///{tmp_path}/x.sqlite3", "sip-test", "--answer",
               "--listen", f"127.0.0.1:{port}", "--talk", "5", "--timeout", "15"]  # fmt: skip
    process = start_child(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        assert f"Softphone started on 127.0.0.1:{port}" in first, first
        caller = edge.uac(scenario, f"127.0.0.1:{port}")
        out, err = process.communicate(timeout=30)
    finally:
        stop_child(process)
    assert "Traceback" not in out + err
    return int(process.returncode), steps(first + out + err), caller


def test_a_bye_before_the_ack_ends_the_call_and_says_so(edge: SippFactory, tmp_path: Path) -> None:
    code, lines, caller = answer_one(edge, "uac_bye_before_ack.xml", tmp_path)
    assert code == 1
    assert lines[-1][2] == (
        "The call failed: 200 Normal call clearing (the other side hung up before the call was set up: a BYE came "
        "before the ACK of the 200 OK)"
    )
    assert finished(caller) == 0, caller.describe()  # our 200 for the BYE reached it


def test_bad_acks_are_dropped_and_the_good_one_sets_the_call_up(edge: SippFactory, tmp_path: Path) -> None:
    code, lines, caller = answer_one(edge, "uac_bad_ack.xml", tmp_path)
    assert code == 0, lines
    connected = next(ms for ms, _, text in lines if text == "Connected (200 OK)")
    answering = next(ms for ms, _, text in lines if text.startswith("Incoming call from"))
    assert connected - answering >= 1000  # not on the bad ACKs, sent at once, but on the good one 1.2 s later
    assert finished(caller) == 0, caller.describe()


def test_options_is_answered_and_a_call_still_follows(edge: SippFactory, tmp_path: Path) -> None:
    code, lines, caller = answer_one(edge, "uac_options_then_call.xml", tmp_path)
    assert code == 0, lines
    assert finished(caller) == 0, caller.describe()
    assert "OPTIONS answered 200 (Allow: PRACK, INVITE" in caller.log()


def test_an_invite_without_sdp_gets_our_offer_and_the_answer_comes_in_the_ack(
    edge: SippFactory, tmp_path: Path
) -> None:
    code, lines, caller = answer_one(edge, "uac_offer_in_ack.xml", tmp_path)
    assert code == 0, lines
    assert texts(lines)[-1] == "All steps passed"
    assert finished(caller) == 0, caller.describe()
    assert "offer in the 200 OK: m=audio" in caller.log()

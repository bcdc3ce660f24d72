"""The softphone pane on the offscreen platform, driving a real engine against real peers."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from agent_desk.softphone import AccountSettings, CallState
from agent_desk.softphone.lookup import caller_directory
from agent_desk.softphone.records import InteractionLog
from agent_desk.softphone.tones import tone
from agent_desk.text import Message
from tests.softphone.helpers import CUSTOMER_NUMBER
from ui.softphone.adapter import SoftphoneAdapter
from ui.softphone.audio import QtAudioBridge
from ui.softphone.call_status import format_duration
from ui.softphone.pane import SoftphonePane

pytestmark = [pytest.mark.gui, pytest.mark.sip]

# The screenshot of a call (docs/screenshots/softphone-call.png) is refreshed with AGENT_DESK_SCREENSHOTS=1.
ROOT = Path(__file__).resolve().parents[2]
SCREENSHOT = ROOT / "docs" / "screenshots" / "softphone-call.png"


@pytest.fixture
def phone_pane(qtbot, pulse, make_engine):
    """A pane on a started adapter, with the audio bridge on the virtual headset; everything stopped after."""
    created = []

    def make(*, interactions=None, with_audio=True, **engine_options):
        engine, events = make_engine(**engine_options)
        adapter = SoftphoneAdapter(engine, interactions=interactions)
        adapter.start()
        audio = QtAudioBridge(engine.audio) if with_audio else None
        pane = SoftphonePane(adapter, audio)
        qtbot.addWidget(pane)
        pane.resize(340, 640)
        pane.show()
        if audio is not None:
            with qtbot.waitSignal(audio.speaker_running, timeout=5000):
                audio.start()
        created.append((adapter, audio))
        return pane, engine, events

    yield make
    for adapter, audio in created:
        if audio is not None:
            audio.close()
        adapter.stop()


def state_of(pane) -> CallState | None:
    return pane._call.state if pane._call else None


def test_outbound_call_in_the_pane_and_its_screenshot(qtbot, phone_pane, kamailio, pulse, database, customer, tmp_path):
    """The agent's whole call through the pane: registered account, dial plan, keypad, hold, mute, hang up."""
    user_id, customer_id, point_id = customer
    port, uas = kamailio
    interactions = InteractionLog(database.session, user_id=user_id)
    pane, engine, _events = phone_pane(interactions=interactions, record_calls=True)
    assert pane.state_label.text() == "Ready"
    assert not pane.hangup_button.isEnabled()
    engine.configure(AccountSettings(registrar=f"127.0.0.1:{port}", user="alice"), "alicepw")
    qtbot.waitUntil(lambda: pane.registration_label.text() == f"Registered as alice@127.0.0.1:{port}", timeout=3000)
    assert not pane.retry_button.isVisible()
    levels: list[float] = []
    pane.audio.level.connect(levels.append)
    feeder = pulse.feed_microphone(lambda n: tone(440, 320, start=n * 320))  # the agent speaking
    started, ended, saved = [], [], []
    grew: list[bool] = []
    pane.height_changed.connect(lambda: grew.append(True))  # the workspace shares its column out again on it
    assert not pane.party_label.isVisibleTo(pane)  # no empty line under "Ready" between calls
    pane.call_started.connect(started.append)
    pane.call_ended.connect(ended.append)
    pane.interaction_saved.connect(lambda key, interaction_id: saved.append((key, interaction_id)))
    try:
        result = pane.dial("0812-3456-7890", customer_id=customer_id, contact_point_id=point_id, label="Siti Rahayu")
        assert result.placed
        assert [call.key for call in started] == [result.key]
        qtbot.waitUntil(lambda: state_of(pane) is CallState.CONNECTED, timeout=3000)
        assert pane.state_label.text() == "Connected"
        assert pane.party_label.text() == "Siti Rahayu · +62 812-3456-7890"
        assert pane.party_label.isVisibleTo(pane) and grew  # who is on the line shows, and the pane says it grew
        assert pane.recording_label.isVisible()
        assert pane.hangup_button.isEnabled()
        assert not pane.dial_button.isEnabled()
        qtbot.waitUntil(lambda: pane.timer_label.text() == "00:01", timeout=3000)

        qtbot.mouseClick(pane.key_buttons["5"], Qt.MouseButton.LeftButton)  # a DTMF digit while connected
        assert pane.number_edit.text() == "0812-3456-7890"  # not typed into the number field
        qtbot.mouseClick(pane.hold_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: state_of(pane) is CallState.ON_HOLD, timeout=3000)
        assert pane.state_label.text() == "On hold"
        assert pane.hold_button.text() == "Resume"
        qtbot.mouseClick(pane.hold_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: state_of(pane) is CallState.CONNECTED, timeout=3000)
        qtbot.mouseClick(pane.mute_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(pane.mute_button.isChecked, timeout=1000)
        assert engine.audio.muted
        qtbot.waitUntil(lambda: pane.timer_label.text() == "00:02", timeout=3000)
        assert pane.audio_controls.level_bar.value() > 10  # the meter shows the agent's voice (muted or not)

        picture = pane.grab()
        assert not picture.isNull()
        assert picture.save(str(tmp_path / "softphone-call.png"))
        if os.environ.get("AGENT_DESK_SCREENSHOTS") == "1":  # the project's switch for refreshing docs/screenshots
            assert picture.save(str(SCREENSHOT))
        assert pane.width() <= 360  # long device names must not widen the pane

        qtbot.mouseClick(pane.hangup_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: bool(ended) and bool(saved), timeout=5000)
    finally:
        feeder.stop()
    (call,) = ended
    assert (call.sip_code, call.hint, call.customer_id, call.number) == (
        200,
        None,
        customer_id,
        CUSTOMER_NUMBER,
    )
    assert pane.state_label.text() == "Call ended"
    assert pane.timer_label.text() == "00:02"
    assert pane.party_label.text() == "Siti Rahayu · +62 812-3456-7890"
    assert not engine.audio.muted  # the next call starts unmuted
    assert saved == [(result.key, interactions.interaction_id(result.key))]
    assert "reINVITE a=sendonly" in uas.log()
    assert "INVITE sip:081234567890@" in uas.messages()
    assert max(levels) > 0.1


def test_refused_dial_shows_the_reason(qtbot, phone_pane, sipp):
    peer = sipp.uas("uas_full.xml", "-rtp_echo")
    pane, _engine, _events = phone_pane(with_audio=False)
    blocked = Message.of("softphone.check_failed")
    result = pane.dial(peer.uri(), lambda number: [blocked])
    assert not result.placed
    assert pane.message_label.text() == blocked.render("en")
    assert pane.state_label.text() == "Ready"
    pane.dial("12")
    assert (
        pane.message_label.text()
        == "No SIP account is set up to dial numbers; dial a full sip: address or set up the account."
    )


def test_failed_call_shows_the_hint(qtbot, phone_pane, sipp):
    peer = sipp.uas("uas_reply.xml", values={"code": 486, "reason": "Busy Here"})
    pane, _engine, _events = phone_pane(with_audio=False)
    with qtbot.waitSignal(pane.call_ended, timeout=3000) as ended:
        pane.dial(peer.uri())
    assert ended.args[0].hint == "busy"
    assert pane.state_label.text() == "Call ended — Busy"
    assert pane.dial_button.isEnabled()


def test_inbound_call_pops_the_customer(qtbot, phone_pane, sipp, database, customer):
    _user_id, customer_id, _point_id = customer
    pane, engine, _events = phone_pane(with_audio=False, caller_lookup=caller_directory(database.session))
    with qtbot.waitSignal(pane.screen_pop, timeout=5000) as popped:
        sipp.uac("uac_inbound.xml", engine.local_address, values={"caller": CUSTOMER_NUMBER})
    assert popped.args == [customer_id]
    assert pane.incoming_frame.isVisible()
    assert pane.incoming_label.text() == "Incoming call from Siti Rahayu · +62 812-3456-7890"
    qtbot.mouseClick(pane.answer_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: state_of(pane) is CallState.CONNECTED, timeout=3000)
    assert not pane.incoming_frame.isVisible()
    with qtbot.waitSignal(pane.call_ended, timeout=5000) as ended:
        pass  # the caller hangs up after a second
    assert ended.args[0].customer_id == customer_id
    assert pane.state_label.text() == "Call ended"


def test_registration_problem_is_shown_with_retry(qtbot, phone_pane, sipp):
    peer = sipp.uas("registrar.xml", values={"user": "alice", "password": "alicepw", "wrong_code": 403})
    pane, engine, _events = phone_pane(with_audio=False)
    engine.configure(AccountSettings(registrar=peer.address, user="alice"), "wrong")
    qtbot.waitUntil(lambda: "refused the password" in pane.registration_label.text(), timeout=3000)
    assert pane.retry_button.isVisible()


def test_phone_test_dialog_runs_a_test_call(qtbot, phone_pane, sipp):
    from ui.softphone.phone_test_dialog import PhoneTestDialog

    peer = sipp.uas("uas_full.xml", "-rtp_echo")
    pane, _engine, _events = phone_pane(with_audio=False)
    dialog = PhoneTestDialog(pane.adapter, test_call=peer.uri("echo"))
    qtbot.addWidget(dialog)
    dialog.run_button.click()
    qtbot.waitUntil(lambda: dialog.test is not None and dialog.test.done, timeout=10000)
    lines = dialog.report.toPlainText().splitlines()
    assert dialog.test.passed, lines
    assert any("Connected (200 OK)" in line for line in lines)
    assert lines[-1].endswith("All steps passed")


def test_phone_test_with_no_account_and_no_headset_does_not_pass(qtbot, phone_pane):
    """Nothing to register, no number to call, no microphone or speaker: every missing part is a failure."""
    from ui.softphone.phone_test_dialog import PhoneTestDialog

    pane, engine, _events = phone_pane(with_audio=False)
    assert engine.account is None
    dialog = PhoneTestDialog(pane.adapter, microphones=list, speakers=list)
    qtbot.addWidget(dialog)
    dialog.run_button.click()
    qtbot.waitUntil(lambda: dialog.test is not None and dialog.test.done, timeout=5000)
    lines = dialog.report.toPlainText().splitlines()
    assert dialog.passed is False and not dialog.test.passed, lines
    assert not any("All steps passed" in line for line in lines)
    assert any("✘  No microphone found" in line for line in lines)
    assert any("✘  No speaker found" in line for line in lines)
    assert any("✘  Nothing was tested" in line for line in lines)
    assert lines[-1].endswith("The phone is not ready: 3 checks failed")


def test_no_sound_device_is_said_plainly(tmp_path):
    """With no sound server at all, the pane says what is missing (in a fresh process: Qt asks only once)."""
    script = (
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from agent_desk.softphone import Softphone\n"
        "from ui.softphone.adapter import SoftphoneAdapter\n"
        "from ui.softphone.pane import SoftphonePane\n"
        "pane = SoftphonePane(SoftphoneAdapter(Softphone()))\n"
        "print(pane.audio_controls.audio_message.text())\n"
    )
    env = {**os.environ, "PULSE_SERVER": f"unix:{tmp_path}/nothing-here", "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=60, check=True)  # fmt: skip
    assert done.stdout.strip().splitlines()[-1] == (
        "No microphone or speaker found. Plug in a headset; calls cannot be heard until then."
    )


def test_format_duration():
    assert format_duration(0) == "00:00"
    assert format_duration(61.9) == "01:01"
    assert format_duration(3725) == "1:02:05"


def test_adapter_polls_faster_while_a_call_is_set_up(qtbot, phone_pane, sipp):
    from ui.softphone.adapter import POLL_MS, SETUP_POLL_MS

    peer = sipp.uas("uas_ring_forever.xml")
    pane, _engine, _events = phone_pane(with_audio=False)
    timer = pane.adapter._timer
    assert timer.interval() == POLL_MS
    pane.dial(peer.uri())
    qtbot.waitUntil(lambda: state_of(pane) is CallState.RINGING, timeout=3000)
    assert timer.interval() == SETUP_POLL_MS
    pane.hang_up()
    qtbot.waitUntil(lambda: state_of(pane) is CallState.ENDED, timeout=3000)
    assert timer.interval() == POLL_MS

"""Two-way audio through the Qt bridge on real (virtual) devices, and RFC 2833 digits heard by the far end.

The microphone is a PulseAudio pipe source fed with a 700 Hz tone; the far end (a pjsua2 process) plays
1300 Hz and records what it hears; our speaker is a null sink recorded from its monitor with ``parec``.
"""

from __future__ import annotations

import time
import wave

import pytest

from agent_desk.softphone import CallState
from agent_desk.softphone.tones import clearest_share, tone, tone_share
from ui.softphone.adapter import SoftphoneAdapter
from ui.softphone.audio import QtAudioBridge, input_devices, output_devices

pytestmark = [pytest.mark.sip, pytest.mark.audio]

MIC_HZ = 700
FAR_END_HZ = 1300


@pytest.fixture
def phone(qtbot, pulse, make_engine):
    """An engine on its Qt adapter with the audio bridge open on the virtual headset."""
    engine, events = make_engine(media_timeout=3.0)
    adapter = SoftphoneAdapter(engine)
    adapter.start()
    bridge = QtAudioBridge(engine.audio)
    opened: list[tuple[str, str]] = []
    bridge.devices_changed.connect(lambda microphone, speaker: opened.append((microphone, speaker)))
    try:
        with qtbot.waitSignal(bridge.speaker_running, timeout=5000):
            bridge.start()  # the app opens the headset at start-up, not per call
        yield engine, events, adapter, bridge, opened
    finally:
        bridge.close()
        adapter.stop()


def test_tones_cross_the_bridge_both_ways(qtbot, pulse, phone, pj_peer, tmp_path):
    assert [d.description for d in input_devices()]
    assert [d.description for d in output_devices()]
    engine, events, adapter, bridge, opened = phone
    peer_uri, peer_recording, peer_digits = pj_peer(tone=FAR_END_HZ)
    levels: list[float] = []
    bridge.level.connect(levels.append)
    ((microphone, speaker),) = opened
    assert microphone.startswith("Unix FIFO source")
    assert speaker == "Null Output"

    heard_path = tmp_path / "speaker.raw"
    recorder = pulse.record_speaker(heard_path)
    feeder = pulse.feed_microphone(lambda n: tone(MIC_HZ, 320, start=n * 320))
    try:
        key = adapter.dial(peer_uri).key
        qtbot.waitUntil(lambda: getattr(adapter.active_call, "state", None) is CallState.CONNECTED, timeout=5000)
        engine.audio.reset_stats()
        assert engine.send_dtmf("159", key) == "rfc2833"
        qtbot.wait(3000)
        stats = engine.audio.stats()
        adapter.engine.hang_up(key)
        qtbot.waitUntil(lambda: adapter.active_call is None, timeout=5000)
    finally:
        feeder.stop()
        time.sleep(0.3)
        recorder.terminate()
        recorder.wait(5)
    for process in pj_peer.processes:
        assert process.wait(10) == 0

    # The far end heard our microphone's tone (and not its own).
    with wave.open(str(peer_recording), "rb") as recording:
        far_end_heard = recording.readframes(recording.getnframes())
    share, window = clearest_share(far_end_heard, MIC_HZ)
    assert share > 0.8, share
    assert tone_share(window, FAR_END_HZ) < 0.05
    # Our speaker played the far end's tone (and not our own microphone).
    we_heard = heard_path.read_bytes()
    share, window = clearest_share(we_heard, FAR_END_HZ)
    assert share > 0.8, share
    assert tone_share(window, MIC_HZ) < 0.05
    # RFC 2833 digits arrived as digits at the far end.
    assert peer_digits.read_text() == "159"
    # The meter moved with the tone (amplitude 8000 of 32767 ≈ 0.24).
    assert levels
    assert 0.2 < max(levels) < 0.3
    # 3 s of call: ~150 frames each way, none dropped or late once running.
    assert stats.frames_to_far_end >= 140
    assert stats.frames_from_far_end >= 140
    assert stats.lost_or_late <= 2, stats
    assert events.ended(key).hint is None

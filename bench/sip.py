"""Softphone benchmark: call set-up latency (app vs bare pjsua2), CPU and audio losses during a long call.

    python bench/sip.py                  # the full run: 50 + 50 calls, then a 60-second call with audio
    python bench/sip.py --seconds 10     # a shorter audio call

Everything runs on 127.0.0.1 against real peers: sipp answers the set-up calls; the long call goes to a
pjsua2 far end that plays a 1300 Hz tone and records what it hears, while a private PulseAudio gives the
app a microphone (a FIFO fed with a 700 Hz tone by a separate process) and a speaker (a null sink recorded
with parec). The app side is the real thing: the Qt adapter's poll timer, the audio bridge thread, the pane.
Needs sipp, pulseaudio, pulseaudio-utils (see README). Figures go to docs/PERFORMANCE.md by hand.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import wave
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PEERS = ROOT / "tests" / "softphone" / "peers"
MIC_HZ, FAR_END_HZ = 700, 1300


# --- helpers run as their own processes -------------------------------------------------------------------


def bare_worker(uri: str, count: int, port: int) -> None:
    """A bare pjsua2 script (its default threading): ``count`` calls to ``uri``, makeCall → CONFIRMED."""
    import threading

    import pjsua2 as pj

    endpoint = pj.Endpoint()
    endpoint.libCreate()
    config = pj.EpConfig()
    config.logConfig.level = 0
    config.logConfig.consoleLevel = 0
    endpoint.libInit(config)
    endpoint.audDevManager().setNullDev()
    transport = pj.TransportConfig()
    transport.port = port
    transport.boundAddress = "127.0.0.1"
    endpoint.transportCreate(pj.PJSIP_TRANSPORT_UDP, transport)
    endpoint.libStart()
    account = pj.Account()
    account_config = pj.AccountConfig()
    account_config.idUri = f"sip:bare@127.0.0.1:{port}"
    account.create(account_config)
    confirmed, disconnected = threading.Event(), threading.Event()

    class BareCall(pj.Call):  # type: ignore[misc]
        def onCallState(self, prm: pj.OnCallStateParam) -> None:  # noqa: N802 - pjsua2's name
            info = self.getInfo()
            if info.state == pj.PJSIP_INV_STATE_CONFIRMED:
                self.confirmed_at = time.perf_counter()
                confirmed.set()
            elif info.state == pj.PJSIP_INV_STATE_DISCONNECTED:
                disconnected.set()

    latencies = []
    for _ in range(count):
        confirmed.clear()
        disconnected.clear()
        call = BareCall(account)
        started = time.perf_counter()
        call.makeCall(uri, pj.CallOpParam(True))
        if not confirmed.wait(5):
            raise SystemExit("bare call not confirmed")
        latencies.append((call.confirmed_at - started) * 1000)
        call.hangup(pj.CallOpParam(True))
        disconnected.wait(5)
        time.sleep(0.02)
        del call
    print(json.dumps(latencies), flush=True)
    endpoint.hangupAllCalls()
    account.shutdown()
    del account
    endpoint.libDestroy(pj.PJSUA_DESTROY_NO_RX_MSG)


def feed_microphone(fifo: str, seconds: float) -> None:
    """Write a 700 Hz tone into the microphone FIFO in real time (a process of its own: not the app's CPU)."""
    from agent_desk.softphone.tones import tone

    with open(fifo, "wb", buffering=0) as pipe:
        start, frame = time.monotonic(), 0
        while time.monotonic() - start < seconds:
            pipe.write(tone(MIC_HZ, 320, start=frame * 320))
            frame += 1
            delay = start + frame * 0.02 - time.monotonic()
            if delay > 0:
                time.sleep(delay)


# --- the benchmark --------------------------------------------------------------------------------------


def wait(predicate, timeout_ms: int, every_ms: int = 5) -> None:
    """Run the Qt event loop until ``predicate()`` holds (checked every ``every_ms``) or the time is up."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    check, limit = QTimer(), QTimer()
    check.timeout.connect(lambda: loop.quit() if predicate() else None)
    limit.setSingleShot(True)
    limit.timeout.connect(loop.quit)
    check.start(every_ms)
    limit.start(timeout_ms)
    if not predicate():
        loop.exec()
    check.stop()
    limit.stop()


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def app_setup_latencies(app, sipp, count: int) -> list[float]:
    """``count`` calls through the app's engine on its Qt adapter: dial → the CONNECTED signal."""
    from PySide6.QtCore import QEventLoop, QTimer

    from agent_desk.softphone import CallState, EngineOptions, Softphone
    from tests.support.processes import free_port
    from ui.softphone.adapter import SoftphoneAdapter

    peer = sipp.uas("uas_full.xml", "-rtp_echo", calls=count)
    engine = Softphone(EngineOptions(listen_host="127.0.0.1", sip_port=free_port(), media_timeout=0))
    adapter = SoftphoneAdapter(engine)
    adapter.start()
    latencies: list[float] = []
    loop = QEventLoop()
    marks: dict[str, float] = {}

    def on_call(call) -> None:
        if call.state is CallState.CONNECTED and "connected" not in marks:
            marks["connected"] = time.perf_counter()
            loop.quit()
        elif call.state is CallState.ENDED:
            loop.quit()

    adapter.call_changed.connect(on_call)
    guard = QTimer()
    guard.setSingleShot(True)
    guard.timeout.connect(loop.quit)
    try:
        for _ in range(count):
            marks.clear()
            started = time.perf_counter()
            adapter.dial(peer.uri())
            guard.start(5000)
            loop.exec()
            if "connected" not in marks:
                raise SystemExit("app call not connected")
            latencies.append((marks["connected"] - started) * 1000)
            engine.hang_up()
            guard.start(5000)
            loop.exec()
            app.processEvents()
    finally:
        adapter.stop()
    peer.wait(10)
    return latencies


def bare_setup_latencies(sipp, count: int) -> list[float]:
    from tests.support.processes import free_port

    peer = sipp.uas("uas_full.xml", "-rtp_echo", calls=count)
    done = subprocess.run(
        [sys.executable, __file__, "--bare-worker", peer.uri(), str(count), str(free_port())],
        capture_output=True, text=True, check=True, timeout=120,
    )  # fmt: skip
    peer.wait(10)
    return json.loads(done.stdout.strip().splitlines()[-1])


def start_far_end(work: Path, seconds: float) -> tuple[subprocess.Popen[bytes], int, Path]:
    """The pjsua2 far end (tests/softphone/peers/pj_peer.py), playing its tone and recording ours."""
    from tests.support.processes import free_port, start_child

    peer_port = free_port()
    peer_recording = work / "far-end.wav"
    peer = start_child(
        [sys.executable, str(PEERS / "pj_peer.py"), "--port", str(peer_port), "--tone", str(FAR_END_HZ),
         "--record", str(peer_recording), "--seconds", str(seconds)],
        stdout=subprocess.PIPE,
    )  # fmt: skip
    assert peer.stdout is not None
    for line in peer.stdout:
        if line.strip() == b"READY":
            break
    return peer, peer_port, peer_recording


def long_call(app, seconds: float, work: Path) -> dict[str, object]:
    """A call of ``seconds`` with audio both ways through the bridge; CPU and losses over the call."""
    from agent_desk.softphone import CallState, EngineOptions, Softphone
    from tests.support.processes import free_port, start_child, stop_child
    from tests.support.pulse import start_pulse
    from ui.softphone.adapter import SoftphoneAdapter
    from ui.softphone.audio import QtAudioBridge
    from ui.softphone.pane import SoftphonePane

    pulse = start_pulse(work / "pulse")  # before Qt Multimedia is first touched
    peer, peer_port, peer_recording = start_far_end(work, seconds + 30)
    feeder = start_child([sys.executable, __file__, "--feed-mic", str(pulse.mic_fifo), str(seconds + 10)])
    speaker_path = work / "speaker.raw"
    engine = Softphone(EngineOptions(listen_host="127.0.0.1", sip_port=free_port(), media_timeout=5))
    adapter = SoftphoneAdapter(engine)
    adapter.start()
    bridge = QtAudioBridge(engine.audio)
    pane = SoftphonePane(adapter, bridge)
    pane.show()
    running: list[bool] = []
    bridge.speaker_running.connect(lambda: running.append(True))
    bridge.start()
    wait(lambda: bool(running), 5000)
    recorder = pulse.record_speaker(speaker_path)
    try:
        key = pane.dial(f"sip:peer@127.0.0.1:{peer_port}").key
        wait(lambda: getattr(adapter.active_call, "state", None) is CallState.CONNECTED, 5000)
        wait(lambda: False, 1000)  # let the streams settle, then measure
        engine.audio.reset_stats()
        underruns_before = bridge.sink_underruns
        cpu_before, wall_before = resource.getrusage(resource.RUSAGE_SELF), time.monotonic()
        wait(lambda: engine.active_call is None, int(seconds * 1000), every_ms=500)  # little of ours in it
        cpu_after, wall_after = resource.getrusage(resource.RUSAGE_SELF), time.monotonic()
        stats = engine.audio.stats()
        still_up = engine.active_call is not None
        underruns = bridge.sink_underruns - underruns_before
        engine.hang_up(key)
        wait(lambda: engine.active_call is None, 5000)
    finally:
        recorder.terminate()
        recorder.wait(5)
        bridge.close()
        adapter.stop()
        stop_child(feeder)
        peer.wait(20)
        pulse.stop()
    cpu = (cpu_after.ru_utime + cpu_after.ru_stime) - (cpu_before.ru_utime + cpu_before.ru_stime)
    wall = wall_after - wall_before
    far_end_share, speaker_share = tone_shares(peer_recording, speaker_path)
    return {
        "call_stayed_up": still_up,
        "wall_s": round(wall, 1),
        "cpu_s": round(cpu, 2),
        "cpu_percent_of_one_core": round(100 * cpu / wall, 2),
        "frames_from_far_end": stats.frames_from_far_end,
        "frames_to_far_end": stats.frames_to_far_end,
        "speaker_dropped": stats.speaker_dropped,
        "microphone_late": stats.microphone_late,
        "microphone_dropped": stats.microphone_dropped,
        "lost_or_late": stats.lost_or_late,
        "speaker_underruns": underruns,
        "far_end_heard_mic_tone": far_end_share,
        "speaker_played_far_end_tone": speaker_share,
    }


def tone_shares(far_end_wav: Path, speaker_raw: Path) -> tuple[float, float]:
    """How clean each tone is where it is clearest in each recording (1.0 = a pure tone)."""
    from agent_desk.softphone.tones import clearest_share

    with wave.open(str(far_end_wav), "rb") as recording:
        far_end = recording.readframes(recording.getnframes())
    heard = speaker_raw.read_bytes()
    return round(clearest_share(far_end, MIC_HZ)[0], 3), round(clearest_share(heard, FAR_END_HZ)[0], 3)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--bare-worker", nargs=3, metavar=("URI", "COUNT", "PORT"), help=argparse.SUPPRESS)
    parser.add_argument("--feed-mic", nargs=2, metavar=("FIFO", "SECONDS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.bare_worker:
        bare_worker(args.bare_worker[0], int(args.bare_worker[1]), int(args.bare_worker[2]))
        return 0
    if args.feed_mic:
        feed_microphone(args.feed_mic[0], float(args.feed_mic[1]))
        return 0

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from tests.support.sipp import SippFactory
    from ui.softphone.adapter import POLL_MS, SETUP_POLL_MS

    work = Path(tempfile.mkdtemp(prefix="bench-sip-"))
    sipp = SippFactory(work / "sipp", PEERS)
    # The long call first: PulseAudio must be up before Qt Multimedia looks for devices.
    app = QApplication([])
    try:
        audio = long_call(app, args.seconds, work)
        app_ms = app_setup_latencies(app, sipp, args.calls)
        bare_ms = bare_setup_latencies(sipp, args.calls)
    finally:
        sipp.stop_all()
    print(f"# Softphone benchmark, {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, {platform.node()}, "
          f"{os.cpu_count()} cores, Python {platform.python_version()}")  # fmt: skip
    print(f"INVITE→CONFIRMED over {args.calls} calls each (poll every {SETUP_POLL_MS} ms during set-up,"
          f" {POLL_MS} ms otherwise):")  # fmt: skip
    for name, values in (("app engine (Qt adapter signal)", app_ms), ("bare pjsua2 script", bare_ms)):
        print(f"  {name:32s} p50 {statistics.median(values):6.2f} ms   p90 {percentile(values, 0.9):6.2f} ms"
              f"   max {max(values):6.2f} ms")  # fmt: skip
    extra = statistics.median(app_ms) - statistics.median(bare_ms)
    verdict = "within" if extra <= SETUP_POLL_MS else "MORE than"
    print(f"  the app adds {extra:.2f} ms at p50 ({verdict} one poll interval)")
    print(f"{args.seconds:.0f}-second call with audio both ways through the bridge:")
    for name, value in audio.items():
        print(f"  {name:32s} {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

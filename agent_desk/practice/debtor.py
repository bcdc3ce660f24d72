"""The simulated debtor's phone: its own process, one pjsua2 endpoint (the softphone engine), on loopback.

Run by :class:`agent_desk.practice.line.DebtorLine`::

    python -m agent_desk.practice.debtor --listen 127.0.0.1 --recordings DIR [--ring 0.6]

It answers the practice call after a short ring and speaks the WAV lines it is told to, at the pace of the call,
through the engine's audio bridge (so the trainee hears them like a customer's voice), records the call (both
voices), and hangs up (a SIP BYE) when told. It knows nothing of scenarios: the app decides what is said.

The channel is JSON lines: commands on stdin (``greeting``, ``say``, ``hang_up``, ``quit``) and events on
stdout (``ready``, ``ringing``, ``connected``, ``said``, ``ended``, ``error``).
"""

from __future__ import annotations

import argparse
import json
import logging
import queue
import sys
import threading
import time
from pathlib import Path
from typing import Any

from agent_desk.practice.voice import pcm_of
from agent_desk.softphone import CallChanged, CallSnapshot, CallState, EndReason, EngineOptions, Softphone
from agent_desk.softphone.audio import FRAME_BYTES

FRAME_SECONDS = 0.02
LEAD_SECONDS = 0.06  # audio queued ahead of the call's clock (the bridge holds 240 ms at most)
HANG_UP_PAUSE = 0.4  # after the last word, before the BYE
RECORDING_WAIT = 3.0  # the engine closes a call's WAV a moment after the call ends


def wav_complete(path: Path) -> bool:
    """Whether the WAV's header carries its length (written when the recorder closes it)."""
    try:
        with path.open("rb") as source:
            head = source.read(8)
    except OSError:
        return False
    return len(head) == 8 and head[:4] == b"RIFF" and int.from_bytes(head[4:8], "little") > 36


log = logging.getLogger(__name__)


class Debtor:
    def __init__(self, engine: Softphone, ring: float, out: Any = None) -> None:
        self.engine = engine
        self.ring = ring
        self.out = out or sys.stdout
        self.key: int | None = None
        self.answer_at: float | None = None
        self.hang_up_at: float | None = None
        self.greeting: tuple[int, bytes] | None = None
        self.line: tuple[int, bytes, bool] | None = None  # id, pcm still to send, hang up after
        self.fed_until = 0.0
        self.speaking_until = 0.0
        self.running = True
        self.finishing: tuple[float, str] | None = None  # a recording waiting to be complete: (give up at, path)
        engine.subscribe(self._on_event)

    def emit(self, event: str, **values: Any) -> None:
        self.out.write(json.dumps({"event": event, **values}) + "\n")
        self.out.flush()

    # --- commands ---

    def command(self, data: dict[str, Any]) -> None:
        op = data.get("op")
        if op == "greeting":  # what to say the moment the call is answered (no round trip to the app)
            self.greeting = (int(data["id"]), pcm_of(Path(data["wav"])))
        elif op == "say":
            self._say(int(data["id"]), pcm_of(Path(data["wav"])), bool(data.get("then_hang_up")))
        elif op == "hang_up":
            self._hang_up()
        elif op == "quit":
            self.running = False
        else:
            self.emit("error", reason=f"unknown op {op!r}")

    def _say(self, line_id: int, pcm: bytes, then_hang_up: bool) -> None:
        self.engine.audio.microphone.clear()  # a new line interrupts the one being said
        self.line = (line_id, pcm, then_hang_up)
        now = time.monotonic()
        self.fed_until = now
        self.speaking_until = now + len(pcm) / (2 * 16000)
        self.hang_up_at = None

    def _hang_up(self) -> None:
        if self.key is not None:
            try:
                self.engine.hang_up(self.key)
            except Exception as error:  # the call may have just ended: say so, go on
                self.emit("error", reason=type(error).__name__)

    # --- the call ---

    def _on_event(self, event: object) -> None:
        if not isinstance(event, CallChanged):
            return
        call: CallSnapshot = event.call
        if call.state is CallState.INCOMING and self.key is None:
            self.key = call.key
            self.answer_at = time.monotonic() + self.ring
            self.emit("ringing")
        elif call.state is CallState.INCOMING and call.key != self.key:
            self.engine.reject(call.key, 486)  # one practice call at a time
        elif call.state is CallState.CONNECTED and call.key == self.key and self.answer_at is not None:
            self.answer_at = None
            self.emit("connected")
            if self.greeting is not None:
                self._say(self.greeting[0], self.greeting[1], False)
        elif call.state is CallState.ENDED and call.key == self.key:
            by = "trainee" if call.end_reason is EndReason.REMOTE_HANGUP else "debtor"
            self.key, self.line, self.answer_at, self.hang_up_at = None, None, None, None
            self.engine.audio.microphone.clear()
            self.emit("ended", by=by, recording=call.recording_path, talk_seconds=call.talk_seconds)
            if call.recording_path:
                self.finishing = (time.monotonic() + RECORDING_WAIT, call.recording_path)

    def tick(self) -> None:
        now = time.monotonic()
        if self.answer_at is not None and now >= self.answer_at and self.key is not None:
            self.answer_at = now + 3600  # answered once; CONNECTED clears it
            try:
                self.engine.answer(self.key)
            except Exception as error:  # the caller may have given up meanwhile
                self.emit("error", reason=type(error).__name__)
        if self.line is not None:
            line_id, pcm, then_hang_up = self.line
            while pcm and self.fed_until < now + LEAD_SECONDS:
                frame, pcm = pcm[:FRAME_BYTES], pcm[FRAME_BYTES:]
                self.engine.audio.push_microphone(frame.ljust(FRAME_BYTES, b"\0"))
                self.fed_until += FRAME_SECONDS
            self.line = (line_id, pcm, then_hang_up)
            if not pcm and now >= self.speaking_until:
                self.line = None
                self.emit("said", id=line_id)
                if then_hang_up:
                    self.hang_up_at = now + HANG_UP_PAUSE
        if self.hang_up_at is not None and now >= self.hang_up_at:
            self.hang_up_at = None
            self._hang_up()
        if self.finishing is not None:
            give_up, path = self.finishing
            if wav_complete(Path(path)) or now > give_up:
                self.finishing = None
                self.emit("recorded", path=path, complete=wav_complete(Path(path)))


def _read_commands(inbox: queue.Queue[dict[str, Any] | None]) -> None:
    for raw in sys.stdin:
        try:
            inbox.put(json.loads(raw))
        except ValueError:
            continue
    inbox.put(None)  # the app went away


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="agent_desk.practice.debtor")
    parser.add_argument("--listen", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--ring", type=float, default=0.6)
    parser.add_argument("--recordings", type=Path, required=True)
    parser.add_argument("--media-timeout", type=float, default=15.0)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    options = EngineOptions(
        listen_host=args.listen,
        sip_port=args.port,
        rtp_port=14000,
        recordings_dir=args.recordings,
        record_calls=True,
        media_timeout=args.media_timeout,
        pjsip_log_level=1,
        user_agent="Agent Desk practice debtor",
        codec_order=("G722", "PCMA", "PCMU"),
    )
    engine = Softphone(options)
    debtor = Debtor(engine, args.ring)
    try:
        engine.start()
    except Exception as error:  # reported to the app as a reason, not a traceback
        debtor.emit("error", reason=str(error))
        return 1
    engine.audio.attach(microphone=True, speaker=False)
    inbox: queue.Queue[dict[str, Any] | None] = queue.Queue()
    threading.Thread(target=_read_commands, args=(inbox,), name="debtor-commands", daemon=True).start()
    debtor.emit("ready", uri=f"sip:debtor@{engine.local_address}")
    try:
        while debtor.running:
            engine.poll(5)
            while True:
                try:
                    command = inbox.get_nowait()
                except queue.Empty:
                    break
                if command is None:
                    debtor.running = False
                    break
                try:
                    debtor.command(command)
                except (KeyError, ValueError, OSError) as error:
                    debtor.emit("error", reason=f"{type(error).__name__}: {error}")
            debtor.tick()
    finally:
        engine.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())

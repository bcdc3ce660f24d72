"""A far end made of pjsua2 itself, for audio and RFC 2833 tests (sipp can echo RTP but not listen to it).

Run as its own process (one pjsua2 endpoint per process)::

    python pj_peer.py --port 5072 --tone 1300 --record heard.wav --digits digits.txt --seconds 20

It answers every call, plays a sine tone of ``--tone`` Hz into it, records what it hears to ``--record``
(16 kHz WAV), writes every RFC 2833 digit it receives to ``--digits``, and prints ``READY`` once listening,
``CONFIRMED`` when a call is up and ``ENDED`` when it is over. It exits after the first call (or
``--seconds``).
"""

from __future__ import annotations

import argparse
import math
import struct
import sys
import time
import wave
from pathlib import Path

import pjsua2 as pj


def write_tone(path: Path, frequency: float, seconds: float = 1.0, rate: int = 16000) -> None:
    frames = b"".join(
        struct.pack("<h", int(9000 * math.sin(2 * math.pi * frequency * n / rate))) for n in range(int(rate * seconds))
    )
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(frames)


class Peer:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.calls: list[PeerCall] = []
        self.confirmed = False
        self.ended = False
        self.player: pj.AudioMediaPlayer | None = None
        self.recorder: pj.AudioMediaRecorder | None = None


class PeerCall(pj.Call):  # type: ignore[misc]
    def __init__(self, peer: Peer, account: pj.Account, call_id: int) -> None:
        super().__init__(account, call_id)
        self.peer = peer

    def onCallState(self, prm: pj.OnCallStateParam) -> None:
        try:
            info = self.getInfo()
            if info.state == pj.PJSIP_INV_STATE_CONFIRMED and not self.peer.confirmed:
                self.peer.confirmed = True
                print("CONFIRMED", flush=True)
            elif info.state == pj.PJSIP_INV_STATE_DISCONNECTED:
                self.peer.ended = True
                print("ENDED", flush=True)
        except Exception as error:  # never into pjsua2
            print(f"ERROR state {error}", file=sys.stderr, flush=True)

    def onCallMediaState(self, prm: pj.OnCallMediaStateParam) -> None:
        try:
            info = self.getInfo()
            for index, media in enumerate(info.media):
                if media.type == pj.PJMEDIA_TYPE_AUDIO and media.status == pj.PJSUA_CALL_MEDIA_ACTIVE:
                    audio = self.getAudioMedia(index)
                    if self.peer.player is not None:
                        self.peer.player.startTransmit(audio)
                    if self.peer.recorder is not None:
                        audio.startTransmit(self.peer.recorder)
        except Exception as error:
            print(f"ERROR media {error}", file=sys.stderr, flush=True)

    def onDtmfDigit(self, prm: pj.OnDtmfDigitParam) -> None:
        try:
            if self.peer.args.digits:
                with open(self.peer.args.digits, "a") as out:
                    out.write(prm.digit)
        except Exception as error:
            print(f"ERROR dtmf {error}", file=sys.stderr, flush=True)


class PeerAccount(pj.Account):  # type: ignore[misc]
    def __init__(self, peer: Peer) -> None:
        super().__init__()
        self.peer = peer

    def onIncomingCall(self, prm: pj.OnIncomingCallParam) -> None:
        try:
            call = PeerCall(self.peer, self, prm.callId)
            self.peer.calls.append(call)
            answer = pj.CallOpParam(True)
            answer.statusCode = 200
            call.answer(answer)
        except Exception as error:
            print(f"ERROR incoming {error}", file=sys.stderr, flush=True)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--tone", type=float, default=0.0)
    parser.add_argument("--record")
    parser.add_argument("--digits")
    parser.add_argument("--seconds", type=float, default=30.0)
    args = parser.parse_args()

    peer = Peer(args)
    endpoint = pj.Endpoint()
    endpoint.libCreate()
    config = pj.EpConfig()
    config.uaConfig.threadCnt = 0
    config.uaConfig.mainThreadOnly = True
    config.logConfig.level = 1
    config.logConfig.consoleLevel = 1
    config.medConfig.noVad = True
    config.medConfig.clockRate = 16000
    endpoint.libInit(config)
    endpoint.audDevManager().setNullDev()
    transport = pj.TransportConfig()
    transport.port = args.port
    transport.boundAddress = "127.0.0.1"
    endpoint.transportCreate(pj.PJSIP_TRANSPORT_UDP, transport)
    endpoint.libStart()
    if args.tone:
        tone_file = Path(args.record or args.digits or ".").with_suffix(".tone.wav")
        write_tone(tone_file, args.tone)
        peer.player = pj.AudioMediaPlayer()
        peer.player.createPlayer(str(tone_file))  # loops
    if args.record:
        peer.recorder = pj.AudioMediaRecorder()
        peer.recorder.createRecorder(args.record)
    account_config = pj.AccountConfig()
    account_config.idUri = f"sip:peer@127.0.0.1:{args.port}"
    account = PeerAccount(peer)
    account.create(account_config)
    print("READY", flush=True)

    deadline = time.monotonic() + args.seconds
    while time.monotonic() < deadline and not peer.ended:
        endpoint.libHandleEvents(10)
    end = time.monotonic() + 0.3
    while time.monotonic() < end:
        endpoint.libHandleEvents(10)

    # The order pjsua2 survives: calls, account, players/recorders (this closes the WAV), then the library.
    endpoint.hangupAllCalls()
    peer.calls.clear()
    account.shutdown()
    del account
    peer.player = None
    peer.recorder = None
    endpoint.libDestroy(pj.PJSUA_DESTROY_NO_RX_MSG)
    del endpoint
    return 0


if __name__ == "__main__":
    sys.exit(main())

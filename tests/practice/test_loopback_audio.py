"""A practice call over a real SIP loopback with real (virtual) audio: the trainee's workspace dials the practice
line, the debtor's process answers, espeak-ng speech reaches the trainee's speaker (measured in what the null
sink played), the dialogue follows the workspace's events, the debtor hangs up at the end, the report is made."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from agent_desk.practice.store import assign
from agent_desk.softphone import CallSnapshot, EndReason
from agent_desk.softphone.tones import rms_level
from ui.practice.launch import PracticeRequest, begin, practice_database

pytestmark = [pytest.mark.gui, pytest.mark.sip, pytest.mark.audio, pytest.mark.slow]

WINDOW = 0.05  # seconds of audio per energy measurement
SPEECH = 0.01  # RMS (of full scale) above which a window holds speech; the idle line stays below 0.001


def _levels(pcm: bytes) -> list[float]:
    size = int(16000 * WINDOW) * 2
    return [rms_level(pcm[start : start + size]) for start in range(0, len(pcm) - size + 1, size)]


def _loud(levels: list[float], start: float, end: float) -> float:
    """Seconds of speech between ``start`` and ``end`` (seconds into the recording)."""
    first, last = int(start / WINDOW), int(end / WINDOW)
    return sum(WINDOW for level in levels[first:last] if level > SPEECH)


def test_the_debtor_is_heard_and_hangs_up_when_the_dialogue_ends(
    qtbot, pulse, gui_context, background, people, espeak, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    practice = practice_database(gui_context)
    from agent_desk.practice.sandbox import practice_user

    trainee = practice_user(practice, "agent01")
    assignment = assign(practice, scenario="forgot_due_date", language="en", trainee_id=trainee.id,
                        assigned_by_id=None, now=gui_context.clock.now())  # fmt: skip
    request = PracticeRequest("forgot_due_date", "en", assignment_id=assignment)
    window = begin(gui_context, people["agent01"], background, request, audio=True)
    qtbot.addWidget(window)
    workspace = window.workspace
    qtbot.waitUntil(lambda: workspace.loop.current is not None)
    assert window.phone.audio is not None
    qtbot.wait(800)  # the headset opens at start-up, as on shift

    heard = tmp_path / "speaker.raw"
    recorder = pulse.record_speaker(heard)
    started = time.monotonic()
    spoken: list[tuple[float, str]] = []
    window.controller.debtor_spoke.connect(lambda turn: spoken.append((time.monotonic() - started, turn.text)))
    ended: list[CallSnapshot] = []
    window.phone.pane.call_ended.connect(ended.append)
    try:
        qtbot.wait(700)  # the line is quiet before the call
        dialled = time.monotonic() - started
        qtbot.mouseClick(workspace.call_bar.dial_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: window.controller.session.connected, timeout=15_000)
        qtbot.wait(1500)  # "Hello?"
        for intent, answer in (("ask_for_customer", "Budi speaking"), ("ask_identity", "fourteenth of April")):
            qtbot.waitUntil(lambda intent=intent: intent in window.reply.intents(), timeout=15_000)
            window.reply.choose(intent)
            qtbot.waitUntil(lambda answer=answer: answer in window.subtitles.current, timeout=15_000)
            qtbot.wait(2500)  # let the line be said
        qtbot.mouseClick(workspace.script.verify_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "never got the statement" in window.subtitles.current, timeout=15_000)
        qtbot.wait(3000)
        workspace.script.choose_objection("bill_not_received")
        qtbot.waitUntil(lambda: "how can I pay it" in window.subtitles.current, timeout=15_000)
        window.reply.choose("payment_info")
        qtbot.waitUntil(lambda: "on Friday" in window.subtitles.current, timeout=15_000)
        window.reply.choose("read_back")
        qtbot.waitUntil(lambda: "Thank you for reminding me" in window.subtitles.current, timeout=15_000)
        qtbot.waitUntil(lambda: bool(ended), timeout=20_000)  # the debtor's BYE after its last words
        qtbot.wait(300)
    finally:
        recorder.terminate()
        recorder.wait(5)

    assert ended[0].end_reason is EndReason.REMOTE_HANGUP and ended[0].answered
    lines = [words for _at, words in spoken]
    assert lines[0] == "Hello?" and lines[-1].startswith("Yes, that's right.")
    assert len(lines) == 7  # every answer followed a workspace or reply-box event, none was "sorry?"

    levels = _levels(heard.read_bytes())
    assert levels, "nothing was recorded from the speaker"
    # Silence before the call; speech from the debtor's first word; silence again once it hung up.
    assert _loud(levels, 0.0, dialled) == 0.0
    first_line = spoken[0][0]
    assert _loud(levels, first_line, first_line + 1.5) >= 0.25, "the opening 'Hello?' was not heard"
    last_line = spoken[-1][0]
    assert _loud(levels, last_line, last_line + 4.0) >= 1.5, "the last line was not heard"
    total = _loud(levels, dialled, len(levels) * WINDOW)
    assert total >= 8.0, f"only {total:.1f} s of speech reached the speaker"
    assert max(levels) < 0.9  # speech, not clipping noise

    window.end_practice()  # the call is over: the report, without a wrap-up
    report = window.controller.report
    assert report is not None and report.end_state == "promise" and not report.failed
    assert report.talk_seconds >= 10
    window.close()

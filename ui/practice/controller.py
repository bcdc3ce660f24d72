"""Between the workspace and the practice engine: the trainee's actions in, the debtor's lines out.

The controller listens to the workspace the trainee already knows — *Right person confirmed*, the script stages
shown, objection replies, the plan calculator, the softphone, the wrap-up — and to the reply box, turns what
happens into trainee actions (actions that happen together, such as confirming the person and the purpose
stage that opens with it, make one), and plays the debtor's answers through the debtor's process while showing
them as subtitles. It never touches a production object: everything it is given belongs to the practice
database.
"""

from __future__ import annotations

import logging
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from agent_desk.practice import actions
from agent_desk.practice.dialogue import DebtorTurn
from agent_desk.practice.events import TraineeAction
from agent_desk.practice.report import Report, build_report
from agent_desk.practice.session import Entry, PracticeSession
from agent_desk.practice.start import PracticeSetup
from agent_desk.softphone import CallSnapshot, CallState

log = logging.getLogger(__name__)

POLL_MS = 15
SILENCE_SECONDS = 15.0


class PracticeController(QObject):
    """Runs one practice call.

    Signals:
        debtor_spoke(DebtorTurn): a line of the persona (for the subtitles).
        suggestions_changed(list): ``[(intent, words)]`` for the reply box.
        call_state(str): ``connected`` or ``ended``.
        finished(Report): the call is over and the wrap-up saved (or the trainee ended the session).
    """

    debtor_spoke = Signal(object)
    suggestions_changed = Signal(list)
    call_state = Signal(str)
    finished = Signal(object)

    def __init__(
        self,
        setup: PracticeSetup,
        workspace: Any,
        *,
        line: Any = None,
        voices: Any = None,
        silence_seconds: float = SILENCE_SECONDS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.setup = setup
        self.workspace = workspace
        self.line = line
        self.voices = voices  # LineVoices (None in a live role-play)
        self.live = setup.mode == "live"
        self._started = time.monotonic()
        self.session = PracticeSession(
            setup.scenario, clock=self._elapsed, trainee=setup.user.display_name, live=self.live
        )
        self.values = actions.reply_values(setup.scenario, setup.user.display_name, setup.scenario.language)
        self.verified = False
        self.recording: bytes | None = None
        self.report: Report | None = None
        self._pending: list[TraineeAction] = []
        self._last_stage: str | None = None
        self._call_key: int | None = None
        self._ended_by: str | None = None
        self._recording_path: str | None = None
        self._quiet_since = time.monotonic()
        self._silence_seconds = silence_seconds
        self._greeting_sent = False
        self._flush = QTimer(self)
        self._flush.setSingleShot(True)
        self._flush.setInterval(0)
        self._flush.timeout.connect(self._act)
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self._tick)
        script = workspace.script
        script.stage_changed.connect(self._stage)
        script.party_confirmed.connect(self._party)
        script.objection_met.connect(self._objection)
        script.plan_ready.connect(self._plan)
        workspace.loop.saved.connect(self._saved)
        if workspace.phone is not None:
            workspace.phone.adapter.call_changed.connect(self._call_changed)
        self._arm_greeting()
        self._poll.start()

    def _elapsed(self) -> float:
        return time.monotonic() - self._started

    # --- the debtor's process ---

    def _arm_greeting(self) -> None:
        if self.line is None or self.live or self.voices is None:
            return
        wav = self.voices.opening()
        if wav is not None:
            self.line.greeting(wav)
            self._greeting_sent = True

    @Slot()
    def _tick(self) -> None:
        if self.line is not None:
            for event in self.line.events():
                if event.get("event") == "ended":
                    self._ended_by = self._ended_by or str(event.get("by", "debtor"))
                elif event.get("event") == "recorded" and event.get("complete"):
                    self._recording_path = str(event["path"])
                elif event.get("event") == "exited":
                    log.warning("the debtor process exited")
        connected = self.session.connected and not self.session.over and self._call_key is not None
        if connected and time.monotonic() - self._quiet_since > self._silence_seconds:
            self._quiet_since = time.monotonic()
            self._queue(actions.silence())

    # --- the call ---

    @Slot(object)
    def _call_changed(self, call: CallSnapshot) -> None:
        if call.state is CallState.CONNECTED and self._call_key is None:
            self._call_key = call.key
            turn = self.session.connect()
            self.call_state.emit("connected")
            self._quiet_since = time.monotonic()
            if turn is not None:
                self._speak(turn, already_said=self._greeting_sent)
            else:
                self._offer_suggestions(())
        elif call.state is CallState.ENDED and call.key == self._call_key:
            by = "debtor" if self.session.end_state and self.session.end_state != "trainee_hung_up" else "trainee"
            self.session.hang_up(by)
            self.call_state.emit("ended")

    def _speak(self, turn: DebtorTurn, *, already_said: bool = False) -> None:
        self.debtor_spoke.emit(turn)
        self._quiet_since = time.monotonic()
        if self.line is not None and not already_said:
            wav = self.voices.path(turn.text) if self.voices is not None else None
            if wav is not None:
                self.line.say(wav, then_hang_up=turn.end is not None)
            elif turn.end is not None:
                self.line.hang_up()
        node = self.setup.scenario.nodes.get(turn.node)
        self._offer_suggestions(node.suggest if node is not None and turn.kind == "line" else None)

    def _offer_suggestions(self, own: tuple[str, ...] | None) -> None:
        if own is None:
            return  # a "sorry?" keeps the suggestions of the line before
        language = self.setup.scenario.language
        intents = actions.suggestions_for(own, self.verified)
        self.suggestions_changed.emit([(i, actions.suggestion_text(i, self.values, language)) for i in intents])

    # --- what the trainee does ---

    def _queue(self, action: TraineeAction | None) -> None:
        if action is None or not self.session.connected or self.session.over:
            return
        self._pending.append(action)
        self._flush.start()

    @Slot()
    def _act(self) -> None:
        pending, self._pending = self._pending, []
        if not pending:
            return
        action = pending[0] if len(pending) == 1 else _merge(pending)
        if action.kind != "silence":
            self._quiet_since = time.monotonic()
        turn = self.session.act(action)
        if turn is not None:
            self._speak(turn)

    @Slot(str)
    def _stage(self, code: str) -> None:
        if code == self._last_stage:
            return
        self._last_stage = code
        stage = self.workspace.script.run.current if self.workspace.script.run else None
        self._queue(actions.stage(code, stage.text if stage is not None else ""))

    @Slot(str)
    def _party(self, who: str) -> None:
        if who == "customer":
            self.verified = True
            self._queue(actions.verify())
        else:
            self._queue(actions.someone_else())

    @Slot(object)
    def _objection(self, objection: Any) -> None:
        self._queue(actions.objection(objection.code, objection.acknowledgement, objection.title))

    @Slot(object)
    def _plan(self, quote: Any) -> None:
        largest = max((payment.amount for payment in quote.schedule), default=Decimal(0))
        event = actions.plan_event(
            needs_approval=quote.needs_approval,
            can_save=quote.can_save,
            largest_payment=largest,
            max_payment=self.setup.scenario.persona.max_payment,
        )
        summary = quote.read_back(self.setup.scenario.language, self.setup.scenario.persona.name)
        self._queue(actions.plan(event, summary.replace("\n", " ")))

    def say_suggestion(self, intent: str) -> None:
        self._queue(actions.suggestion(intent, self.values, self.setup.scenario.language))

    def say_text(self, words: str) -> None:
        self._queue(actions.said(words, self.setup.scenario.language))

    # --- the end ---

    @Slot(object)
    def _saved(self, saved: Any) -> None:
        if self.report is None and self.session.connected:
            self.finish(wrap_up=str(self.workspace.wrapup.disposition_code or ""))
        del saved

    def finish(self, wrap_up: str = "") -> Report:
        """Close the session (hanging up first if needed) and make the report."""
        if self.report is not None:
            return self.report
        self._act()
        if not self.session.over or self.session.talk_seconds == 0:
            self.session.hang_up("trainee")
        if wrap_up:
            self.session.entries.append(Entry(self.session.now(), "system", "", "wrap_up", detail=wrap_up))
        self.recording = self._read_recording()
        self.report = build_report(self.session, mode=self.setup.mode)
        self._poll.stop()
        self.finished.emit(self.report)
        return self.report

    def _read_recording(self, wait: float = 4.0) -> bytes | None:
        """The call's recording from the debtor's process, once it says the file is complete; the file goes (the
        practice database keeps the recording)."""
        if self.line is None or self._call_key is None:
            return None
        deadline = time.monotonic() + wait
        while self._recording_path is None and time.monotonic() < deadline:
            self._tick()
            time.sleep(0.02)
        if self._recording_path is None:
            log.warning("no recording of the practice call")
            return None
        path = Path(self._recording_path)
        try:
            data = path.read_bytes()
            path.unlink()
        except OSError:
            return None
        return data


def _merge(pending: list[TraineeAction]) -> TraineeAction:
    events = tuple(dict.fromkeys(event for action in pending for event in action.events))
    kind = "+".join(action.kind for action in pending)
    text = " ".join(action.text for action in pending if action.text)
    detail = " ".join(action.detail for action in pending if action.detail)
    return TraineeAction(pending[0].source, kind, events, text, detail)

"""Following one call through its script: the stage on screen, verification, the objections met."""

from __future__ import annotations

from agent_desk.scripts.library import STAGE_CODES, CallScript, ScriptStage
from agent_desk.scripts.render import ScriptError
from agent_desk.text import Message


class ScriptRun:
    """Follows one call through a script.

    Stages that may be shown before the right party is confirmed carry ``before_verification``; every other stage
    talks about the debt. Until :meth:`confirm_right_party`, :meth:`next` and :meth:`go` refuse to move onto such a
    stage: they raise :class:`ScriptError` (``script.verify_first``) and the run stays where it was.
    :attr:`can_advance` tells a pane whether *Next* would succeed.

    :attr:`stage_reached` is the furthest stage shown in the current script (stored on the outcome);
    :attr:`objections_met` lists objection codes in the order met, each once, across script switches.
    """

    def __init__(self, script: CallScript) -> None:
        if not script.stages:
            raise ScriptError(Message.of("script.empty", variant=script.variant))
        self.script = script
        self.index = 0
        self.verified = False
        self._furthest = 0
        self._objections: list[str] = []

    @property
    def current(self) -> ScriptStage:
        return self.script.stages[self.index]

    @property
    def stage_reached(self) -> str | None:
        return self.script.stages[self._furthest].code

    @property
    def objections_met(self) -> tuple[str, ...]:
        return tuple(self._objections)

    @property
    def can_advance(self) -> bool:
        """Whether :meth:`next` would move (there is a next stage and it may be shown now)."""
        following = self.index + 1
        return following < len(self.script.stages) and self._may_show(following)

    def confirm_right_party(self) -> None:
        self.verified = True

    def next(self) -> ScriptStage:
        """The following stage (the last one stays put).

        Raises:
            ScriptError: the following stage talks about the debt and the right party is not confirmed.
        """
        if self.index + 1 < len(self.script.stages):
            self._move(self.index + 1)
        return self.current

    def previous(self) -> ScriptStage:
        if self.index > 0:
            self.index -= 1
        return self.current

    def go(self, code: str) -> ScriptStage:
        """Jump to the stage ``code``.

        Raises:
            ScriptError: no such stage in this script, or it talks about the debt before verification.
        """
        index = self.script.index_of(code)
        if index is None:
            raise ScriptError(Message.of("script.unknown_stage", stage=code, variant=self.script.variant))
        self._move(index)
        return self.current

    def switch(self, script: CallScript) -> None:
        """Continue the call on another script (the third-party one when someone else answered, or back).

        The run starts at the new script's first stage, unverified: whoever is on the line now has not been
        confirmed. Objections met so far are kept; the stage reached restarts with the new script.
        """
        if not script.stages:
            raise ScriptError(Message.of("script.empty", variant=script.variant))
        self.script = script
        self.index = 0
        self._furthest = 0
        self.verified = False

    def record_objection(self, code: str) -> None:
        if code not in self._objections:
            self._objections.append(code)

    def _may_show(self, index: int) -> bool:
        return self.verified or self.script.stages[index].before_verification

    def _move(self, index: int) -> None:
        if not self._may_show(index):
            raise ScriptError(Message.of("script.verify_first"))
        self.index = index
        if _rank(self.script.stages[index].code, index) > _rank(
            self.script.stages[self._furthest].code, self._furthest
        ):
            self._furthest = index


def _rank(code: str, index: int) -> tuple[int, int]:
    """Stages compare by their place in the call (:data:`STAGE_CODES`), then by position in the script."""
    return (STAGE_CODES.index(code) if code in STAGE_CODES else len(STAGE_CODES), index)

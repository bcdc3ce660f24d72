"""The one error of practice mode: something the user must be told, as a message in their words."""

from __future__ import annotations

from agent_desk.text import Message


class PracticeError(Exception):
    """Practice cannot go on; ``message`` says why in the user's words."""

    def __init__(self, message: Message) -> None:
        super().__init__(message.render())
        self.message = message

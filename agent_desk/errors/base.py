"""The expected-failure exceptions and their exit codes."""

from __future__ import annotations

from agent_desk.text import Message

EXIT_FAILURE = 1
EXIT_USAGE = 2


class DeskError(Exception):
    """An expected failure: ``message`` says what happened and what to do; ``exit_code`` 1."""

    exit_code = EXIT_FAILURE

    def __init__(self, message: Message) -> None:
        super().__init__(message.code)
        self.message = message

    @classmethod
    def of(cls, code: str, **params: object) -> DeskError:
        return cls(Message.of(code, **params))

    def __str__(self) -> str:
        return self.message.render()


class UsageError(DeskError):
    """The command was asked for wrongly (an argument, an option's value): exit code 2."""

    exit_code = EXIT_USAGE


def refusal(error: BaseException) -> Message | None:
    """Why the domain refused, when ``error`` is a refusal it raises on purpose; None for a real failure.

    A refusal carries the :class:`Message` to show the user (``error.message``): every :class:`DeskError` (an
    import still applying to the customer, access denied…) and the services' own refusals (a lease lost,
    an outcome or a manual call that cannot be recorded). Anything else is a failure to log as an error.
    """
    message = getattr(error, "message", None)
    return message if isinstance(message, Message) else None

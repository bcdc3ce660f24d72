"""Logging: a rotating file in the platform log directory, with phone numbers and names masked.

Code that logs a customer's name passes it through :func:`mask_name`; every record also passes a filter that
masks anything that looks like a phone number, so nothing slips through by accident.
"""

from __future__ import annotations

import logging
import logging.handlers
import re
from pathlib import Path

from agent_desk.paths import log_dir
from agent_desk.text import Message

# A phone number: optional +, then 8–15 digits, possibly split by spaces, dots or dashes; or a SIP user part.
# A date written the ISO way ("2026-12-07", perhaps followed by a time) is not one.
_PHONE = re.compile(r"(?<![\w/])(?!\d{4}-\d{2}-\d{2}(?!\d))\+?\d(?:[ .\-]?\d){7,14}(?!\w)")
_SIP_USER = re.compile(r"(sips?:)(\+?[\w.\-]+)(@)")
# Parameters of a message that name a person or hold what someone typed: masked when the message is logged.
_PERSONAL_PARAMS = frozenset({"name", "agent", "holder", "owner", "debtor", "who", "person", "user", "text", "note"})
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"
_log_file: Path | None = None


def mask_phone(text: str) -> str:
    """Keep the last three digits of every phone number in ``text``: ``+62 812-3456-789`` → ``+62…789``."""

    def replace(match: re.Match[str]) -> str:
        digits = re.sub(r"\D", "", match.group(0))
        prefix = "+" if match.group(0).startswith("+") else ""
        head = digits[:2] if prefix else ""
        return f"{prefix}{head}…{digits[-3:]}"

    text = _SIP_USER.sub(lambda m: f"{m.group(1)}{_mask_token(m.group(2))}{m.group(3)}", text)
    return _PHONE.sub(replace, text)


def _mask_token(token: str) -> str:
    digits = re.sub(r"\D", "", token)
    return f"…{digits[-3:]}" if len(digits) >= 6 else token


def mask_name(name: str | None) -> str:
    """ "Siti Rahayu" → "S. R."; used whenever a person's name would go into a log line."""
    if not name:
        return "-"
    return " ".join(f"{part[0]}." for part in name.split() if part)


def masked_message(message: Message) -> str:
    """``message`` for a log line: its code, then its English text with names and phone numbers masked.

    ``Message.of("loop.save_first", name="Siti Rahayu")`` →
    ``loop.save_first: Save the outcome of the call with S. R. first``.
    """
    return f"{message.code}: {mask_phone(_masked(message).render())}"


def _masked(message: Message) -> Message:
    def masked(key: str, value: object) -> object:
        if isinstance(value, Message):
            return _masked(value)
        if isinstance(value, str) and (key in _PERSONAL_PARAMS or key.endswith("_name")):
            return mask_name(value)
        return value

    return Message(message.code, tuple((key, masked(key, value)) for key, value in message.params))


class MaskingFilter(logging.Filter):
    """Masks phone numbers in every record's final message."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            return True
        masked = mask_phone(message)
        if masked != message:
            record.msg = masked
            record.args = None
        return True


def people(*names: str | None) -> dict[str, object]:
    """``extra=`` for a log call whose traceback may quote these people's names, masked wherever they appear.

    ``log.error("saving failed", exc_info=error, extra=people(customer_name))``: a row PostgreSQL refuses is quoted
    whole in its error ("Failing row contains (…)"), a note the agent typed about the customer included.
    """
    return {"masked_names": tuple(name for name in names if name)}


def _mask_names(text: str, names: tuple[str, ...]) -> str:
    for name in names:
        for part in sorted(set(name.split()), key=len, reverse=True):
            if len(part) >= 2:
                text = re.sub(rf"(?<!\w){re.escape(part)}(?!\w)", f"{part[0]}.", text, flags=re.IGNORECASE)
    return text


class MaskingFormatter(logging.Formatter):
    """Masks phone numbers in the whole formatted record, the traceback included: a driver's error may quote the
    values it refused (PostgreSQL's "Key (e164)=(…) already exists"); and the names the call gave in
    :func:`people`, each part of a name down to its initial."""

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        # The line's own time ("2026-12-07 21:…") reads as a phone number: it is left out of the masking.
        stamp = getattr(record, "asctime", "") if self.usesTime() else ""
        if not (stamp and text.startswith(stamp)):
            stamp = ""
        return stamp + mask_phone(_mask_names(text[len(stamp) :], getattr(record, "masked_names", ())))


def setup_logging(level: int = logging.INFO, directory: Path | None = None, *, console: bool = False) -> Path:
    """Route all logging to a rotating file (and optionally stderr); returns the file's path."""
    global _log_file  # noqa: PLW0603 - one log file per process
    directory = directory or log_dir()
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "agent-desk.log"
    _log_file = path
    root = logging.getLogger()
    root.setLevel(level)
    for handler in list(root.handlers):
        if getattr(handler, "_agent_desk", False):
            root.removeHandler(handler)
            handler.close()
    file_handler = logging.handlers.RotatingFileHandler(path, maxBytes=5_000_000, backupCount=5, encoding="utf-8")
    handlers: list[logging.Handler] = [file_handler]
    if console:
        handlers.append(logging.StreamHandler())
    for handler in handlers:
        handler.setFormatter(MaskingFormatter(LOG_FORMAT))
        handler.addFilter(MaskingFilter())
        handler._agent_desk = True  # type: ignore[attr-defined]
        root.addHandler(handler)
    return path


def log_file() -> Path | None:
    """The file :func:`setup_logging` writes to (None before it ran)."""
    return _log_file

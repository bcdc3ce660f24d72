"""Message templates: data in ``resources/outbox/<language>/<template>.toml``, one body per channel.

Each file has a ``title`` and a table per channel (``[email]`` with ``subject`` and ``body``, ``[sms]`` and
``[whatsapp]`` with ``body``). Texts use the call scripts' template language (``{variable}``, ``{{``/``}}``:
:mod:`agent_desk.scripts.render`) and the same variables, plus the outbox's own
(:data:`agent_desk.outbox.variables.MESSAGE_VARIABLES`). A template that names an unknown variable, or whose
wording the language guard flags, is refused when loaded.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from functools import cache

from agent_desk.language_guard import check_text
from agent_desk.outbox.variables import MESSAGE_VARIABLES
from agent_desk.resources import load_toml, resource_path
from agent_desk.scripts import VARIABLES, ScriptError, fill, variables_in
from agent_desk.text import LANGUAGES, Message
from db.models import Channel

TEMPLATES = (
    "pre_due_reminder",
    "due_day_reminder",
    "early_arrears",
    "payment_details",
    "plan_summary",
    "promise_due_tomorrow",
    "payment_thanks",
    "broken_promise",
)
MESSAGE_CHANNELS = (Channel.EMAIL, Channel.SMS, Channel.WHATSAPP)
# The templates an agent sends from the wrap-up (the others go by the cadence).
DESK_TEMPLATES = ("payment_details", "plan_summary")
KNOWN_VARIABLES = VARIABLES | MESSAGE_VARIABLES
_SPACES = re.compile(r"(?<=\S) {2,}")  # an empty value leaves two spaces in a sentence


class TemplateError(ValueError):
    """A template that cannot be used; ``message`` says why in the user's words."""

    def __init__(self, message: Message) -> None:
        super().__init__(message.render())
        self.message = message


@dataclasses.dataclass(frozen=True)
class ChannelText:
    subject: str | None
    body: str


@dataclasses.dataclass(frozen=True)
class Template:
    code: str
    language: str
    title: str
    texts: Mapping[Channel, ChannelText]

    def text_for(self, channel: Channel) -> ChannelText:
        found = self.texts.get(channel)
        if found is None:
            raise TemplateError(Message.of("outbox.error.no_channel_text", template=self.code, channel=channel.value))
        return found


@dataclasses.dataclass(frozen=True)
class Rendered:
    """A message ready to go: ``subject`` only for e-mail."""

    template: str
    language: str
    channel: Channel
    subject: str | None
    body: str

    @property
    def text(self) -> str:
        return f"{self.subject}\n\n{self.body}" if self.subject else self.body


@cache
def template_languages(code: str) -> tuple[str, ...]:
    return tuple(language for language in LANGUAGES if resource_path("outbox", language, f"{code}.toml").is_file())


@cache
def load_template(code: str, language: str) -> Template:
    """The template ``code`` in ``language`` (falling back to English, then Indonesian), checked.

    Raises:
        TemplateError: no such template, an unknown variable, a stray brace, or wording the guard flags.
    """
    if code not in TEMPLATES:
        raise TemplateError(Message.of("outbox.error.unknown_template", template=code))
    for candidate in (language, "en", "id"):
        if resource_path("outbox", candidate, f"{code}.toml").is_file():
            language = candidate
            break
    else:
        raise TemplateError(Message.of("outbox.error.unknown_template", template=code))
    data = load_toml("outbox", language, f"{code}.toml")
    texts: dict[Channel, ChannelText] = {}
    for channel in MESSAGE_CHANNELS:
        section = data.get(channel.value)
        if not isinstance(section, Mapping) or not str(section.get("body", "")).strip():
            raise TemplateError(Message.of("outbox.error.no_channel_text", template=code, channel=channel.value))
        subject = str(section["subject"]).strip() if channel is Channel.EMAIL and section.get("subject") else None
        if channel is Channel.EMAIL and not subject:
            raise TemplateError(Message.of("outbox.error.no_subject", template=code, language=language))
        body = str(section["body"]).strip()
        for text in (subject, body):
            if text is not None:
                check_template_text(code, language, text)
        texts[channel] = ChannelText(subject, body)
    return Template(code, language, str(data.get("title", code)), texts)


def check_template_text(code: str, language: str, text: str) -> None:
    """Refuse a template text with a stray brace, an unknown variable, or wording the language guard flags.

    Raises:
        TemplateError: saying which and where.
    """
    try:
        names = variables_in(text)
    except ScriptError as error:
        raise TemplateError(error.message) from error
    unknown = [name for name in names if name not in KNOWN_VARIABLES]
    if unknown:
        raise TemplateError(
            Message.of("outbox.error.unknown_variable", template=code, language=language, name=", ".join(unknown))
        )
    hits = check_text(text)
    if hits:
        raise TemplateError(
            Message.of(
                "outbox.error.template_flagged",
                template=code,
                language=language,
                phrases=", ".join(hit.phrase for hit in hits),
            )
        )


def render_template(template: Template, channel: Channel, values: Mapping[str, str]) -> Rendered:
    """Fill ``template``'s text for ``channel``. Raises :class:`TemplateError` when a value is missing."""
    text = template.text_for(channel)
    try:
        subject = fill(text.subject, values) if text.subject else None
        body = fill(text.body, values)
    except ScriptError as error:
        raise TemplateError(error.message) from error
    if subject is not None:
        subject = " ".join(subject.split())  # a header is one line
    return Rendered(template.code, template.language, channel, subject, _tidy(body))


def _tidy(body: str) -> str:
    """No run of more than one blank line, no trailing spaces (an empty value leaves a gap otherwise)."""
    lines = [line.rstrip() for line in _SPACES.sub(" ", body).splitlines()]
    tidy: list[str] = []
    for line in lines:
        if not line and tidy and not tidy[-1]:
            continue
        tidy.append(line)
    return "\n".join(tidy).strip()

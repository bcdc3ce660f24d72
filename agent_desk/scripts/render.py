"""The script template language: ``{name}`` is a variable, ``{{`` and ``}}`` are literal braces.

Deliberately smaller than ``str.format``: no attribute access, indexing or format specs, so a script file can
never reach into Python objects, and a value is inserted as it is (a brace inside a customer's name is never read
as a template).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from agent_desk.text import Message

_TOKEN = re.compile(r"\{\{|\}\}|\{([A-Za-z_][A-Za-z0-9_]*)\}|[{}]")


class ScriptError(ValueError):
    """A script that cannot be built or followed as asked; ``message`` says why in the user's words."""

    def __init__(self, message: Message) -> None:
        super().__init__(message.render())
        self.message = message


def variables_in(template: str) -> list[str]:
    """The variable names a template uses, in order of first use.

    Raises:
        ScriptError: the template has a single brace that is neither escaped nor part of a variable.
    """
    names: list[str] = []
    for match in _TOKEN.finditer(template):
        token = match.group(0)
        if token in ("{{", "}}"):
            continue
        name = match.group(1)
        if name is None:
            raise ScriptError(Message.of("script.stray_brace", position=match.start(), text=template[:60]))
        if name not in names:
            names.append(name)
    return names


def fill(template: str, values: Mapping[str, str]) -> str:
    """The template with every variable replaced by its value and escaped braces made single.

    Raises:
        ScriptError: a variable has no value, or a single brace is left unescaped.
    """
    out: list[str] = []
    position = 0
    for match in _TOKEN.finditer(template):
        out.append(template[position : match.start()])
        position = match.end()
        token = match.group(0)
        if token == "{{":
            out.append("{")
        elif token == "}}":
            out.append("}")
        elif match.group(1) is None:
            raise ScriptError(Message.of("script.stray_brace", position=match.start(), text=template[:60]))
        else:
            name = match.group(1)
            if name not in values:
                raise ScriptError(Message.of("script.unknown_variable", name=name))
            out.append(values[name])
    out.append(template[position:])
    return "".join(out)


def escape(text: str) -> str:
    """``text`` written as a template that fills back to exactly ``text``."""
    return text.replace("{", "{{").replace("}", "}}")

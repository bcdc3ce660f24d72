"""The command line's usage, help and usage errors in the language of ``--lang``, from the message catalogs.

Two kinds of text make up what argparse prints:

- argparse's own words ("usage:", "error:", "the following arguments are required: …", "options"). argparse
  looks each one up through ``gettext`` as it prints; :func:`argparse_language` answers those look-ups from the
  codes under ``cli.argparse`` (``resources/messages/<language>/cli.toml``) while the CLI parses and prints. The
  catalogs use ``{name}`` placeholders; argparse formats with ``%``, so a template is turned back into
  argparse's own form (``{value}`` stands for a bare ``%s``).
- the subcommands' descriptions and option help, written in English where each subcommand registers itself.
  Each has a code derived from where it sits: ``cli.help.<command path>.about`` (the line in the parent's list),
  ``.description`` and ``.option.<dest>``; :func:`translate_help` swaps in the language's text where the catalog
  has it. ``resources/messages/en/cli_help.toml`` mirrors the English of the code (:func:`help_texts`; a test
  keeps it in step) so that every Indonesian text has its English next to it.
"""

from __future__ import annotations

import argparse
import contextlib
import re
from collections.abc import Iterator

from agent_desk.text import DEFAULT_LANGUAGE, LANGUAGES, catalog

# argparse's English (its gettext message ids) → the code that translates it.
ARGPARSE_CODES = {
    "usage: ": "cli.argparse.usage",
    "%(prog)s: error: %(message)s\n": "cli.argparse.error",
    "positional arguments": "cli.argparse.positional",
    "options": "cli.argparse.options",
    "show this help message and exit": "cli.argparse.help",
    "show program's version number and exit": "cli.argparse.version",
    "the following arguments are required: %s": "cli.argparse.required",
    "unrecognized arguments: %s": "cli.argparse.unrecognized",
    "invalid choice: %(value)r (choose from %(choices)s)": "cli.argparse.invalid_choice",
    "argument %(argument_name)s: %(message)s": "cli.argparse.argument",
    "expected one argument": "cli.argparse.expected_one",
    "expected at most one argument": "cli.argparse.expected_at_most_one",
    "expected at least one argument": "cli.argparse.expected_at_least_one",
    "expected %s argument": "cli.argparse.expected_n",
    "expected %s arguments": "cli.argparse.expected_n",
    "invalid %(type)s value: %(value)r": "cli.argparse.invalid_value",
    "ambiguous option: %(option)s could match %(matches)s": "cli.argparse.ambiguous",
    "not allowed with argument %s": "cli.argparse.not_allowed_with",
    "one of the arguments %s is required": "cli.argparse.one_required",
    "ignored explicit argument %r": "cli.argparse.ignored_explicit",
    "can't open '%(filename)s': %(error)s": "cli.argparse.cannot_open",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "cli.argparse.unknown_parser",
}

_NAMED = re.compile(r"%\((\w+)\)([rsd])")
_BARE = re.compile(r"%([rsd])")


def language_of(argv: list[str]) -> str:
    """The ``--lang`` of a command line, read before parsing (argparse's own errors need it); else English."""
    for index, arg in enumerate(argv):
        if arg == "--":
            break
        value = argv[index + 1] if arg == "--lang" and index + 1 < len(argv) else None
        if arg.startswith("--lang="):
            value = arg.split("=", 1)[1]
        if value in LANGUAGES:
            return value
    return DEFAULT_LANGUAGE


def argparse_text(english: str, language: str) -> str:
    """argparse's ``english`` in ``language``, in argparse's ``%`` form; English itself when not catalogued."""
    code = ARGPARSE_CODES.get(english)
    template = catalog(language).get(code) if code else None
    if template is None:
        return english
    named = dict(_NAMED.findall(english))
    bare = _BARE.findall(_NAMED.sub("", english))
    text = template.replace("%", "%%")
    for name, kind in named.items():
        text = text.replace("{" + name + "}", f"%({name}){kind}")
    if bare:
        text = text.replace("{value}", f"%{bare[0]}")
    return text


@contextlib.contextmanager
def argparse_language(language: str) -> Iterator[None]:
    """While inside, argparse prints its own words in ``language`` (English outside: nothing else is touched)."""
    if language == DEFAULT_LANGUAGE:
        yield
        return
    saved = (getattr(argparse, "_"), getattr(argparse, "ngettext"))  # noqa: B009 (private to argparse)

    def single(english: str) -> str:
        return argparse_text(english, language)

    def plural(one: str, many: str, count: int) -> str:
        return argparse_text(one if count == 1 else many, language)

    setattr(argparse, "_", single)  # noqa: B010
    setattr(argparse, "ngettext", plural)  # noqa: B010
    try:
        yield
    finally:
        setattr(argparse, "_", saved[0])  # noqa: B010
        setattr(argparse, "ngettext", saved[1])  # noqa: B010


def _code(path: tuple[str, ...], what: str) -> str:
    return f"cli.help.{'.'.join(path or ('main',))}.{what}"


def _places(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()) -> Iterator[tuple[str, object, str]]:
    """(code, object, attribute) of every translatable text of ``parser`` and its subcommands."""
    if parser.description:
        yield _code(path, "description"), parser, "description"
    for action in parser._actions:  # argparse keeps no public list of a parser's arguments
        if isinstance(action, argparse._SubParsersAction):
            for listed in action._choices_actions:
                yield _code((*path, listed.dest), "about"), listed, "help"
            for name, child in action.choices.items():
                yield from _places(child, (*path, name))
        elif isinstance(action, argparse._HelpAction | argparse._VersionAction):
            continue  # argparse's own words: translated through ARGPARSE_CODES
        elif action.help and action.help is not argparse.SUPPRESS:
            yield _code(path, f"option.{action.dest}"), action, "help"


def help_texts(parser: argparse.ArgumentParser) -> dict[str, str]:
    """Every help text of ``parser`` (and its subcommands) by code, in the English of the code."""
    return {code: str(getattr(owner, attribute)) for code, owner, attribute in _places(parser)}


def translate_help(parser: argparse.ArgumentParser, language: str) -> argparse.ArgumentParser:
    """Put ``language``'s descriptions and option help into ``parser`` where the catalog has them."""
    if language != DEFAULT_LANGUAGE:
        texts = catalog(language)
        for code, owner, attribute in _places(parser):
            if code in texts:
                setattr(owner, attribute, texts[code])
        for action in parser._actions:
            if isinstance(action, argparse._VersionAction) and action.help:  # a default of argparse's, not gettext's
                action.help = argparse_text(action.help, language)
    return parser

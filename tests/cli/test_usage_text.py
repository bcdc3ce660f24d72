"""The command line's usage, help and usage errors follow --lang (issue 19): argparse's own words and every
subcommand's help come from the message catalogs, in English and Bahasa Indonesia."""

from __future__ import annotations

import argparse
import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

from agent_desk.cli.main import build_parser
from agent_desk.cli.usage_text import argparse_language, argparse_text, language_of

ROOT = Path(__file__).resolve().parents[2]


def agent_desk(*args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    command = [sys.executable, "-m", "ui.app", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, env=env, cwd=ROOT, check=False)


@pytest.mark.parametrize(
    ("argv", "english", "indonesian"),
    [
        (
            ["queue", "--limit"],
            "error: argument --limit: expected one argument",
            "galat: argumen --limit: perlu satu nilai",
        ),
        (["nonsense"], "invalid choice: 'nonsense'", "pilihan tidak sah: 'nonsense' (pilih dari 'db'"),
        (["queue", "--format", "xml"], "invalid choice: 'xml'", "argumen --format: pilihan tidak sah: 'xml'"),
        (["queue", "--limit", "many"], "invalid int value: 'many'", "nilai int tidak sah: 'many'"),
        (["approvals", "approve"], "the following arguments are required", "argumen berikut wajib diisi"),
    ],
)
def test_a_usage_error_speaks_the_language_asked_for(argv: list[str], english: str, indonesian: str) -> None:
    plain = agent_desk(*argv)
    translated = agent_desk("--lang", "id", *argv)
    for result in (plain, translated):
        assert result.returncode == 2
        assert "Traceback" not in result.stderr and result.stdout == ""
    assert english in plain.stderr and plain.stderr.startswith("usage: ")
    assert indonesian in translated.stderr and translated.stderr.startswith("cara pakai: ")
    assert "error:" not in translated.stderr and "usage:" not in translated.stderr


def test_help_in_indonesian_and_english() -> None:
    translated = agent_desk("--lang=id", "queue", "--help")
    assert translated.returncode == 0, translated.stderr
    assert "cara pakai: agent-desk queue" in translated.stdout
    assert "opsi:" in translated.stdout and "tampilkan pesan bantuan ini lalu keluar" in translated.stdout
    assert "paling banyak N baris" in translated.stdout  # the subcommand's own option help, from the catalog
    plain = agent_desk("queue", "--help")
    assert "options:" in plain.stdout and "at most N rows" in plain.stdout


def _parsers(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    found = [parser]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                found.extend(_parsers(child))
    return found


@pytest.mark.parametrize("language", ["en", "id"])
def test_every_subcommands_help_prints(language: str) -> None:
    """Each help page formats (a bare % in a help text once made `authority set --help` a traceback)."""
    with argparse_language(language):
        parsers = _parsers(build_parser(language))
        pages = [parser.format_help() for parser in parsers]
    assert len(pages) > 40
    heading = "opsi:" if language == "id" else "options:"
    assert all(heading in page for page in pages)


def test_every_help_text_has_its_indonesian_and_the_english_file_is_in_step() -> None:
    spec = importlib.util.spec_from_file_location("cli_help", ROOT / "scripts" / "cli_help.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.problems() == []


def test_argparse_words_keep_argparses_placeholders() -> None:
    assert argparse_text("invalid choice: %(value)r (choose from %(choices)s)", "id") == (
        "pilihan tidak sah: %(value)r (pilih dari %(choices)s)"
    )
    assert argparse_text("unrecognized arguments: %s", "id") == "argumen tidak dikenal: %s"
    assert argparse_text("a sentence argparse may add one day", "id") == "a sentence argparse may add one day"
    assert argparse_text("usage: ", "en") == "usage: "


def test_argparse_is_english_again_outside() -> None:
    with argparse_language("id"):
        assert argparse._("usage: ") == "cara pakai: "  # type: ignore[attr-defined]
    assert argparse._("usage: ") == "usage: "  # type: ignore[attr-defined]


def test_the_language_is_read_before_parsing() -> None:
    assert language_of(["--lang", "id", "queue"]) == "id"
    assert language_of(["queue", "--lang=id"]) == "id"
    assert language_of(["--lang", "xx"]) == "en"
    assert language_of(["import", "--", "--lang", "id"]) == "en"
    assert language_of([]) == "en"

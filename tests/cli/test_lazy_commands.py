"""A subcommand imports its own module only, and ``--help`` none, while the help stays complete and translated
(issue 19: every subcommand used to pay ~0.25 s for the others' modules, ``--help`` 0.7 s)."""

from __future__ import annotations

import argparse
import importlib
import subprocess
import sys
from pathlib import Path

import pytest

from agent_desk.cli.main import COMMAND_MODULES, COMMAND_NAMES, EVERY_COMMAND, build_parser
from agent_desk.cli.usage_text import argparse_language

ROOT = Path(__file__).resolve().parents[2]


def test_every_command_module_says_which_subcommands_it_adds() -> None:
    for module_name in COMMAND_MODULES:
        parser = argparse.ArgumentParser()
        subparsers = parser.add_subparsers()
        importlib.import_module(module_name).register(subparsers)
        assert COMMAND_NAMES.get(module_name) == tuple(subparsers.choices), (
            f"{module_name} adds {tuple(subparsers.choices)}: put them in COMMAND_NAMES (agent_desk/cli/main.py), "
            "else it is imported for every subcommand"
        )


@pytest.mark.parametrize("language", ["en", "id"])
def test_the_top_level_help_is_the_same_without_importing_any_subcommand(language: str) -> None:
    with argparse_language(language):
        full = build_parser(language, EVERY_COMMAND).format_help()
        light = build_parser(language, None).format_help()
    assert light == full
    assert ("subcommands" not in light) and "post-payments" in light


@pytest.mark.parametrize("command", ["queue", "db", "report"])
def test_a_subcommand_parses_as_with_every_module_loaded(command: str) -> None:
    args = ["--db", "sqlite:///x.sqlite3", command]
    args += {
        "queue": ["--limit", "3"],
        "db": ["upgrade"],
        "report": ["kpis", "--from", "2026-11-01", "--to", "2026-11-30"],
    }[command]
    full = build_parser("en", EVERY_COMMAND)
    light = build_parser("en", command)
    assert vars(light.parse_args(args)) == vars(full.parse_args(args))
    chosen = light._subparsers._group_actions[0].choices[command]  # type: ignore[union-attr]
    assert chosen.format_help() == full._subparsers._group_actions[0].choices[command].format_help()  # type: ignore[union-attr]


def test_a_subcommand_imports_no_other_subcommand_module() -> None:
    probe = (
        "import sys\n"
        "from agent_desk.cli.main import COMMAND_MODULES, parse_arguments\n"
        "parse_arguments(['--db', 'sqlite:///x.sqlite3', 'queue', '--limit', '3'])\n"
        "print('loaded:', sorted(m for m in COMMAND_MODULES if m in sys.modules))\n"
        "try:\n"
        "    parse_arguments(['--help'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('loaded:', sorted(m for m in COMMAND_MODULES if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, cwd=ROOT, check=False
    )
    assert done.returncode == 0, done.stderr
    loaded = [line for line in done.stdout.splitlines() if line.startswith("loaded:")]
    assert "usage: agent-desk" in done.stdout  # the help was printed
    assert loaded == ["loaded: ['agent_desk.cli.queue_command']"] * 2  # queue its own module; --help nothing more

"""Staged call scripts and the objection library, filled from the customer's profile (Qt-free).

* :func:`build_script` — the script of one call (variant chosen by :func:`choose_variant` unless given);
  :func:`script_variables` — the values its texts are filled with.
* :func:`load_objections` — the objection library, filled the same way.
* :class:`ScriptRun` — follows a call through a script: verification gate, stage reached, objections met.
"""

from __future__ import annotations

from agent_desk.scripts.library import (
    LOCATE,
    STAGE_CODES,
    THIRD_PARTY,
    VARIANTS,
    CallScript,
    Objection,
    ScriptStage,
    build_script,
    choose_variant,
    load_objections,
    objection_title,
    stage_title,
    variant_for_days,
)
from agent_desk.scripts.render import ScriptError, escape, fill, variables_in
from agent_desk.scripts.run import ScriptRun
from agent_desk.scripts.variables import DEBT_VARIABLES, SAFE_VARIABLES, VARIABLES, script_variables

__all__ = [
    "DEBT_VARIABLES",
    "LOCATE",
    "SAFE_VARIABLES",
    "STAGE_CODES",
    "THIRD_PARTY",
    "VARIABLES",
    "VARIANTS",
    "CallScript",
    "Objection",
    "ScriptError",
    "ScriptRun",
    "ScriptStage",
    "build_script",
    "choose_variant",
    "escape",
    "fill",
    "load_objections",
    "objection_title",
    "script_variables",
    "stage_title",
    "variables_in",
    "variant_for_days",
]

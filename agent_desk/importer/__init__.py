"""Portfolio import: core-system files (CSV, XLSX) in through a TOML mapping, with a dry run and nothing half-done.

* :func:`load_mapping` reads and checks a mapping file (format in ``docs/IMPORT.md``).
* :func:`run_import` checks a file and writes it all or nothing (or, as a dry run, only checks it).
* :func:`preview_file` maps the first rows of a file for a look before anything runs.
* :func:`after_import` rebuilds the worklist (called by :func:`run_import` after a successful import).

The same checks serve :mod:`agent_desk.sync`, which applies changes from a core system between two files.
"""

from __future__ import annotations

from agent_desk.importer.hooks import after_import
from agent_desk.importer.issues import Issue, Severity, printable
from agent_desk.importer.mapping import load_mapping, parse_mapping
from agent_desk.importer.preview import Preview, PreviewRow, preview_file
from agent_desk.importer.runner import run_import
from agent_desk.importer.sources import SourceError
from agent_desk.importer.spec import ImportMapping, MappingError
from agent_desk.importer.summary import (
    CancelToken,
    ImportCancelledError,
    ImportFailedError,
    ImportOptions,
    ImportProgress,
    ImportSummary,
    Phase,
)

__all__ = [
    "CancelToken",
    "ImportCancelledError",
    "ImportFailedError",
    "ImportMapping",
    "ImportOptions",
    "ImportProgress",
    "ImportSummary",
    "Issue",
    "MappingError",
    "Phase",
    "Preview",
    "PreviewRow",
    "Severity",
    "SourceError",
    "after_import",
    "load_mapping",
    "parse_mapping",
    "preview_file",
    "printable",
    "run_import",
]

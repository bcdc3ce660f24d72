"""Extract and compile the interface's Qt translations (see resources/translations/areas.toml).

Usage:
    .venv/bin/python scripts/translations.py update     # refresh every area's .ts from the code, then compile
    .venv/bin/python scripts/translations.py release    # compile the .ts files to .qm only
    .venv/bin/python scripts/translations.py check      # exit 1 if a .ts or .qm is out of date (used by the tests)
Translate with Qt Linguist (.venv/bin/pyside6-linguist FILE.ts) or any .ts editor, then run `release`.

The interface is written in English, so English needs no translation but for plural forms: a text written
``self.tr("Handed to the provider %n time(s)", "", count)`` gets its English forms ("%n time", "%n times") from
resources/translations/en/<area>.ts, which holds only such texts (areas with none have no English file).
"""

from __future__ import annotations

import argparse
import filecmp
import shutil
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "resources" / "translations"
BIN = Path(sys.executable).parent


def _tool(name: str) -> str:
    path = BIN / f"pyside6-{name}"
    return str(path) if path.exists() else f"pyside6-{name}"


def areas() -> tuple[list[str], list[str], dict[str, list[Path]]]:
    """The translated languages, the languages translated for plural forms only, and each area's modules."""
    manifest = tomllib.loads((TRANSLATIONS / "areas.toml").read_text(encoding="utf-8"))
    files = {
        area: sorted({path for pattern in patterns for path in ROOT.glob(pattern) if path.is_file()})
        for area, patterns in manifest["areas"].items()
    }
    return list(manifest["languages"]), list(manifest.get("plural_only", [])), files


def _has_messages(ts: Path) -> bool:
    return ts.exists() and "<message" in ts.read_text(encoding="utf-8")


def update(out_dir: Path | None = None) -> None:
    languages, plural_only, files = areas()
    for language in [*languages, *plural_only]:
        for area, sources in files.items():
            if not sources:
                continue
            target = TRANSLATIONS / language / f"{area}.ts"
            if out_dir is not None:
                copy = out_dir / language / f"{area}.ts"
                copy.parent.mkdir(parents=True, exist_ok=True)
                if target.exists():
                    shutil.copy(target, copy)
                target = copy
            target.parent.mkdir(parents=True, exist_ok=True)
            subprocess.run(
                [
                    _tool("lupdate"),
                    "-silent",
                    "-no-obsolete",
                    "-locations",
                    "none",
                    "-target-language",
                    language,
                    *(["-pluralonly"] if language in plural_only else []),
                    *map(str, sources),
                    "-ts",
                    str(target),
                ],
                check=True,
            )
            if language in plural_only and not _has_messages(target):
                target.unlink(missing_ok=True)  # an area without plural forms needs no file of its own


def release(base: Path = TRANSLATIONS, out_dir: Path | None = None) -> None:
    for ts in sorted(base.glob("*/*.ts")):
        qm = (out_dir / ts.parent.name / ts.with_suffix(".qm").name) if out_dir else ts.with_suffix(".qm")
        qm.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run([_tool("lrelease"), "-silent", str(ts), "-qm", str(qm)], check=True)


def check() -> list[str]:
    """Names of .ts/.qm files that `update` would change."""
    stale = []
    with tempfile.TemporaryDirectory() as scratch:
        fresh = Path(scratch)
        update(out_dir=fresh)
        release(base=fresh, out_dir=fresh)
        for path in sorted(fresh.glob("*/*")):
            committed = TRANSLATIONS / path.parent.name / path.name
            if not committed.exists() or not filecmp.cmp(path, committed, shallow=False):
                stale.append(str(committed.relative_to(ROOT)))
    return stale


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("action", choices=("update", "release", "check"))
    action = parser.parse_args().action
    if action == "update":
        update()
        release()
    elif action == "release":
        release()
    else:
        stale = check()
        for name in stale:
            print(f"out of date: {name} (run: .venv/bin/python scripts/translations.py update)")
        return 1 if stale else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())

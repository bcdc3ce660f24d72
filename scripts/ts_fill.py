"""Fill translations into a Qt .ts file from a TOML table of source text → translation (a translator's helper).

Usage: .venv/bin/python scripts/ts_fill.py resources/translations/id/shell.ts translations.toml
Only messages whose source appears in the table are touched; their "unfinished" mark is removed. A text with plural
forms (``self.tr("… %n time(s)", "", n)``) takes a list, one form per the language's plural forms (Indonesian one:
``["… %n kali"]``; English two: ``["… %n time", "… %n times"]``). Run `scripts/translations.py update` afterwards:
it rewrites the file in lupdate's own layout and compiles it.
"""

from __future__ import annotations

import sys
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path


def fill(ts_path: Path, table: dict[str, str | list[str]]) -> int:
    tree = ET.parse(ts_path)
    changed = 0
    for message in tree.getroot().iter("message"):
        source = message.findtext("source")
        if source is None or source not in table:
            continue
        translation = message.find("translation")
        if translation is None:
            translation = ET.SubElement(message, "translation")
        given = table[source]
        if isinstance(given, list):  # plural forms
            for form in list(translation):
                translation.remove(form)
            translation.text = None
            for text in given:
                ET.SubElement(translation, "numerusform").text = text
        else:
            translation.text = given
        translation.attrib.pop("type", None)
        changed += 1
    tree.write(ts_path, encoding="utf-8", xml_declaration=True)
    return changed


if __name__ == "__main__":
    ts_file, table_file = Path(sys.argv[1]), Path(sys.argv[2])
    count = fill(ts_file, tomllib.loads(table_file.read_text(encoding="utf-8")))
    print(f"{count} messages translated in {ts_file}")

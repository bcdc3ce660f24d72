"""Load the interface's Qt translations for a language (compiled .qm files under resources/translations/)."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from agent_desk.resources import resource_path

log = logging.getLogger(__name__)
_installed: list[QTranslator] = []


def interface_locale(language: str) -> QLocale:
    """The interface language in the computer's country where it has one: English in Indonesia writes 24/11/2026,
    in the United States 11/24/2026; Indonesian writes 24/11/2026."""
    spoken = QLocale.Language.Indonesian if language == "id" else QLocale.Language.English
    return QLocale(spoken, QLocale.system().territory())


def install_translations(app: QCoreApplication, language: str) -> int:
    """Replace the installed translations by those of ``language`` ("en" needs none); returns how many loaded."""
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    # Dates and numbers Qt writes itself (date edits, calendars, spin boxes) follow the interface language.
    QLocale.setDefault(interface_locale(language))
    if language == "en":
        return 0
    qt_own = QTranslator(app)
    if qt_own.load(QLocale(language), "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt_own)
        _installed.append(qt_own)
    directory = resource_path("translations", language)
    for qm in sorted(directory.glob("*.qm")) if directory.is_dir() else []:
        translator = QTranslator(app)
        if translator.load(str(qm)):
            app.installTranslator(translator)
            _installed.append(translator)
        else:
            log.warning("could not load the translation %s", qm.name)
    return len(_installed)

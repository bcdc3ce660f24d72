"""Preferences of this workstation (Tools › Preferences…, Ctrl+,): the interface language, remembered in the
settings registry. The window reopens in the new language for the same user."""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from ui import text
from ui.settings import LANGUAGE, Settings

# Each language is named in itself, so whoever reads the list finds their own.
LANGUAGE_NAMES = {"en": "English", "id": "Bahasa Indonesia"}


class PreferencesDialog(QDialog):
    """The workstation's preferences. ``language_chosen`` carries the new language once stored."""

    language_chosen = Signal(str)

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("preferences_dialog")
        self.setWindowTitle(self.tr("Preferences"))
        self.settings = settings
        self.language = QComboBox()
        self.language.setObjectName("preferences_language")
        self.language.setProperty("own_language_names", True)  # "English" stays English in every language
        for code, name in LANGUAGE_NAMES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(self.language.findData(text.language()), 0))
        note = QLabel(
            self.tr(
                "Remembered on this computer for everyone who signs in here. The window reopens in the new "
                "language; your work is kept."
            )
        )
        note.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Interface language"), self.language)
        buttons = QDialogButtonBox()
        self.ok_button = buttons.addButton(self.tr("Save"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)

    @property
    def chosen_language(self) -> str:
        return str(self.language.currentData())

    @Slot()
    def accept(self) -> None:
        chosen = self.chosen_language
        changed = chosen != text.language()
        self.settings.set(LANGUAGE, chosen)
        self.settings.sync()
        super().accept()
        if changed:
            self.language_chosen.emit(chosen)

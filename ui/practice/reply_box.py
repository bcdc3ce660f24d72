"""The reply box: suggested replies one click (or Enter) away, and a line for anything else the trainee says."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

ROLE = Qt.ItemDataRole.UserRole


class ReplyBox(QWidget):
    suggestion_chosen = Signal(str)  # the intent's code
    text_said = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("practice_reply_box")
        self.title = QLabel(self.tr("What you say"))
        self.title.setObjectName("pane_title")
        self.suggestions = QListWidget()
        self.suggestions.setObjectName("practice_suggestions")
        self.suggestions.setWordWrap(True)
        self.suggestions.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.suggestions.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.suggestions.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.suggestions.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.suggestions.setToolTip(self.tr("Suggested replies: click one (or choose it and press Enter) to say it"))
        self.suggestions.setStyleSheet("QListWidget::item { padding: 3px; border-bottom: 1px solid #e5e7eb; }")
        self.field = QLineEdit()
        self.field.setObjectName("practice_reply_text")
        self.field.setPlaceholderText(self.tr("Or type what you say, then Enter"))
        self.say_button = QPushButton(self.tr("Say"))
        self.say_button.setObjectName("primary")
        row = QHBoxLayout()
        row.addWidget(self.field, 1)
        row.addWidget(self.say_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.addWidget(self.title)
        layout.addWidget(self.suggestions, 1)
        layout.addLayout(row)
        self.suggestions.itemClicked.connect(self._chosen)
        self.suggestions.itemActivated.connect(self._chosen)
        self.field.returnPressed.connect(self._say)
        self.say_button.clicked.connect(self._say)
        self._live = False
        self.set_live(False)

    def show_suggestions(self, suggestions: list[tuple[str, str]]) -> None:
        """``[(intent, words)]``: one line each, the words in full."""
        self.suggestions.clear()
        for intent, words in suggestions:
            item = QListWidgetItem(words)
            item.setData(ROLE, intent)
            self.suggestions.addItem(item)

    def intents(self) -> list[str]:
        return [str(self.suggestions.item(row).data(ROLE)) for row in range(self.suggestions.count())]

    def choose(self, intent: str) -> None:
        """Say the suggestion ``intent`` (what a click on it does)."""
        for row in range(self.suggestions.count()):
            item = self.suggestions.item(row)
            if item.data(ROLE) == intent:
                self._chosen(item)
                return

    def set_live(self, enabled: bool) -> None:
        """Only while the call is connected can anything be said."""
        self._live = enabled
        for widget in (self.field, self.say_button, self.suggestions):
            widget.setEnabled(enabled)

    @Slot(QListWidgetItem)
    def _chosen(self, item: QListWidgetItem) -> None:
        if self._live:
            self.suggestion_chosen.emit(str(item.data(ROLE)))

    @Slot()
    def _say(self) -> None:
        words = self.field.text().strip()
        if words and self._live:
            self.field.clear()
            self.text_said.emit(words)

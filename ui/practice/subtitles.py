"""The debtor's lines as subtitles, above the script: the newest large, the two before it smaller."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QSizePolicy, QVBoxLayout, QWidget

KEEP = 2
HEIGHT = 100


class SubtitlePanel(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("practice_subtitles")
        self.setStyleSheet(
            "QFrame#practice_subtitles { background: #1f2937; border-radius: 4px; }"
            "QFrame#practice_subtitles QLabel { color: #f9fafb; }"
        )
        self.lines: list[tuple[str, str]] = []  # (speaker, words)
        self.label = QLabel()
        self.label.setObjectName("subtitle_text")
        self.label.setWordWrap(True)
        self.label.setAlignment(Qt.AlignmentFlag.AlignBottom | Qt.AlignmentFlag.AlignLeft)
        self.label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Ignored)  # never grows the window
        self.setFixedHeight(HEIGHT)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addWidget(self.label)
        self.clear()

    def clear(self) -> None:
        self.lines.clear()
        self.label.setText(
            "<span style='color:#9ca3af'>" + html.escape(self.tr("The customer's words appear here.")) + "</span>"
        )

    def show_note(self, text: str) -> None:
        """A line about the call itself (ringing, ended), in grey."""
        older = self._older()
        self.label.setText(older + f"<p style='margin:0; color:#9ca3af'>{html.escape(text)}</p>")

    def add_line(self, speaker: str, words: str) -> None:
        self.lines.append((speaker, words))
        del self.lines[:-KEEP]
        older = self._older(skip_last=True)
        speaker_html = html.escape(speaker)
        self.label.setText(
            older
            + f"<span style='font-size:15px'><b style='color:#fde68a'>{speaker_html}:</b> {html.escape(words)}</span>"
        )

    @property
    def current(self) -> str:
        return self.lines[-1][1] if self.lines else ""

    def _older(self, *, skip_last: bool = False) -> str:
        shown = self.lines[:-1] if skip_last else self.lines
        return "".join(
            f"<p style='margin:0; color:#9ca3af; font-size:11px'>{html.escape(who)}: {html.escape(words)}</p>"
            for who, words in shown[-(KEEP - 1) :]
        )

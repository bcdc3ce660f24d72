"""The feedback report on screen: score, each rubric item, and the transcript with the notes where they happened.

The same HTML goes to PDF (``QTextDocument`` printed on a ``QPdfWriter``, A4) for the trainee to keep.
"""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QMarginsF, Signal, Slot
from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter, QTextDocument
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from agent_desk.practice.catalog import load_rubric
from agent_desk.practice.report import Report, end_label, entry_text, speaker_label
from ui import text
from ui.practice.playback import RecordingPlayer

GOOD, BAD = "#15803d", "#b91c1c"


def report_html(report: Report, language: str | None = None) -> str:
    """The report as HTML, in the interface language."""
    language = language or text.language()
    h = {key: html.escape(words) for key, words in _headings().items()}
    parts = [f"<h2>{h['report']}: {html.escape(report.title)}</h2>"]
    if report.trainee:
        parts.append(f"<p>{h['trainee']}: <b>{html.escape(report.trainee)}</b></p>")
    fail = report.fail_note
    if report.failed and fail is not None:
        parts.append(
            f"<p style='font-size:20px; color:{BAD}'><b>0 / 100</b> — {html.escape(text.render(fail.message))}</p>"
        )
    else:
        colour = GOOD if report.score >= 70 else "#b45309" if report.score >= 50 else BAD
        parts.append(f"<p style='font-size:20px; color:{colour}'><b>{report.score} / 100</b></p>")
    parts.append(
        f"<p>{h['ended']}: {html.escape(text.render(end_label(report.end_state)))} · "
        f"{h['talk']}: {report.talk_seconds} s</p>"
    )
    rows = []
    rubric = {item.code: item for item in load_rubric().items}
    for item in report.items:
        known = rubric.get(item.code)
        shown = known.title(language) if known is not None else report.item_titles.get(item.code, item.code)
        title = html.escape(shown)
        if item.applies:
            colour = GOOD if item.earned == item.possible else BAD if item.earned == 0 else "#b45309"
            points = f"<b style='color:{colour}'>{item.earned} / {item.possible}</b>"
        else:
            points = f"<span style='color:#6b7280'>{h['na']}</span>"
        rows.append(f"<tr><td>{title}</td><td align='right'>{points}</td></tr>")
    parts.append("<table cellpadding='3' width='100%'>" + "".join(rows) + "</table>")
    general = report.notes_at(None)
    if general:
        parts.append("<ul>" + "".join(_note(note.good, text.render(note.message)) for note in general) + "</ul>")
    parts.append(f"<h3>{h['transcript']}</h3>")
    lines = []
    for index, entry in enumerate(report.entries):
        minutes, seconds = divmod(int(entry.at), 60)
        who = html.escape(text.render(speaker_label(entry.who)))
        words = html.escape(entry_text(entry, language))
        style = "color:#6b7280" if entry.who == "system" else "color:#7c2d12" if entry.who != "trainee" else ""
        notes = "".join(_note(note.good, text.render(note.message), inline=True) for note in report.notes_at(index))
        lines.append(
            f"<p style='margin:2px 0; {style}'><span style='color:#6b7280'>[{minutes:02d}:{seconds:02d}]</span> "
            f"<b>{who}</b>: {words}{notes}</p>"
        )
    parts.append("".join(lines))
    return "".join(parts)


def _headings() -> dict[str, str]:
    translate = QCoreApplication.translate
    return {
        "report": translate("ReportView", "Practice report"),
        "trainee": translate("ReportView", "Trainee"),
        "ended": translate("ReportView", "Ended"),
        "talk": translate("ReportView", "Talk time"),
        "na": translate("ReportView", "does not apply"),
        "transcript": translate("ReportView", "Transcript"),
    }


def _note(good: bool, words: str, *, inline: bool = False) -> str:
    mark, colour = ("✓", GOOD) if good else ("✗", BAD)
    body = f"<span style='color:{colour}'>{mark} {html.escape(words)}</span>"
    return f"<br>&nbsp;&nbsp;&nbsp;&nbsp;{body}" if inline else f"<li>{body}</li>"


def export_pdf(report: Report, path: Path) -> None:
    document = QTextDocument()
    document.setHtml(report_html(report))
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setPageMargins(QMarginsF(15, 15, 15, 15), QPageLayout.Unit.Millimeter)
    writer.setTitle(f"{report.title} — {report.trainee}")
    document.print_(writer)


class ReportView(QWidget):
    """A report with its recording (when there is one) and *Export PDF*."""

    closed = Signal()

    def __init__(self, parent: QWidget | None = None, *, closable: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("practice_report")
        self.report: Report | None = None
        self.heading = QLabel(self.tr("Feedback report"))
        self.heading.setObjectName("pane_title")
        self.browser = QTextBrowser()
        self.browser.setObjectName("practice_report_text")
        self.player = RecordingPlayer()
        self.export_button = QPushButton(self.tr("Export PDF…"))
        self.close_button = QPushButton(self.tr("Back to work"))
        self.close_button.setObjectName("primary")
        self.close_button.setVisible(closable)
        self.close_button.clicked.connect(self.closed)
        self.export_button.clicked.connect(self.ask_export)
        buttons = QHBoxLayout()
        buttons.addWidget(self.player, 1)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.browser, 1)
        layout.addLayout(buttons)
        self.show_report(None)

    def show_report(self, report: Report | None, recording: bytes | None = None) -> None:
        self.report = report
        self.export_button.setEnabled(report is not None)
        if report is None:
            self.browser.setHtml(html.escape(self.tr("Choose a session to see its report.")))
        else:
            self.browser.setHtml(report_html(report))
        self.player.load(recording)

    @Slot()
    def ask_export(self) -> None:
        if self.report is None:
            return
        suggested = f"{self.report.scenario}-{self.report.trainee or 'report'}.pdf".replace(" ", "_")
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export the report"), suggested, self.tr("PDF (*.pdf)"))
        if path:
            export_pdf(self.report, Path(path))

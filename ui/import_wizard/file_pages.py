"""The wizard's first pages: choose the file and its mapping, then preview the first rows. Nothing is written."""

from __future__ import annotations

import html
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFileDialog,
    QGridLayout,
    QLabel,
    QLineEdit,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWizardPage,
)

from agent_desk import text as domain_text
from agent_desk.importer import MappingError, Preview, PreviewRow, load_mapping, preview_file
from ui import text
from ui.import_wizard.parts import ERROR_BRUSH, WARNING_BRUSH, IssueModel, page_button, repeated_once

if TYPE_CHECKING:
    from ui.import_wizard.wizard import ImportWizard

PREVIEW_ROWS = 20


class ChoosePage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle(self.tr("Choose the file and its mapping"))
        self.setSubTitle(self.tr("A core-system export (CSV or XLSX) and the mapping that says what its columns mean."))
        self.file_edit = QLineEdit()
        self.file_edit.setPlaceholderText(self.tr("portfolio export, e.g. bank_export_20261123.csv"))
        self.mapping_edit = QLineEdit()
        self.mapping_edit.setPlaceholderText(self.tr("mapping file, e.g. bank_nusantara.toml"))
        file_button = page_button(self.tr("Browse…"))
        mapping_button = page_button(self.tr("Browse…"))
        self.mapping_info = QLabel()
        self.mapping_info.setWordWrap(True)
        self.skip_box = QCheckBox(self.tr("Skip rows with errors: import the good rows and report the others"))
        self.full_box = QCheckBox(
            self.tr("This file is the whole portfolio: recall accounts that are not in it (they leave the queue)")
        )
        grid = QGridLayout(self)
        grid.addWidget(QLabel(self.tr("File")), 0, 0)
        grid.addWidget(self.file_edit, 0, 1)
        grid.addWidget(file_button, 0, 2)
        grid.addWidget(QLabel(self.tr("Mapping")), 1, 0)
        grid.addWidget(self.mapping_edit, 1, 1)
        grid.addWidget(mapping_button, 1, 2)
        grid.addWidget(self.mapping_info, 2, 1, 1, 2)
        grid.addWidget(self.skip_box, 3, 1, 1, 2)
        grid.addWidget(self.full_box, 4, 1, 1, 2)
        grid.setRowStretch(5, 1)
        grid.setColumnStretch(1, 1)
        file_button.clicked.connect(self._browse_file)
        mapping_button.clicked.connect(self._browse_mapping)
        self.file_edit.textChanged.connect(self._changed)
        self.mapping_edit.textChanged.connect(self._changed)

    @Slot()
    def _browse_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("Portfolio file"), "", self.tr("Portfolio files (*.csv *.txt *.tsv *.xlsx);;All files (*)")
        )
        if name:
            self.file_edit.setText(name)

    @Slot()
    def _browse_mapping(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, self.tr("Mapping"), "", self.tr("Mappings (*.toml)"))
        if name:
            self.mapping_edit.setText(name)

    @Slot()
    def _changed(self) -> None:
        self._wizard.mapping = None
        path = Path(self.mapping_edit.text().strip())
        if self.mapping_edit.text().strip() and path.is_file():
            try:
                self._wizard.mapping = load_mapping(path)
            except MappingError as error:
                self.mapping_info.setText(html.escape(text.render(error.message)))
                self.mapping_info.setStyleSheet("color: #b91c1c;")
            else:
                mapping = self._wizard.mapping
                self.mapping_info.setText(f"<b>{html.escape(mapping.name)}</b><br>{html.escape(mapping.description)}")
                self.mapping_info.setStyleSheet("")
        else:
            self.mapping_info.clear()
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self._wizard.mapping is not None and Path(self.file_edit.text().strip()).is_file()

    def validatePage(self) -> bool:
        self._wizard.file = Path(self.file_edit.text().strip())
        return True


class PreviewPage(QWizardPage):
    HEADERS = (
        str(QT_TRANSLATE_NOOP("PreviewPage", "Row")),
        str(QT_TRANSLATE_NOOP("PreviewPage", "Account")),
        str(QT_TRANSLATE_NOOP("PreviewPage", "Name")),
        str(QT_TRANSLATE_NOOP("PreviewPage", "Product")),
        str(QT_TRANSLATE_NOOP("PreviewPage", "Outstanding")),
        str(QT_TRANSLATE_NOOP("PreviewPage", "Arrears")),
        str(QT_TRANSLATE_NOOP("PreviewPage", "DPD")),
        str(QT_TRANSLATE_NOOP("PreviewPage", "Zone")),
        str(QT_TRANSLATE_NOOP("PreviewPage", "Numbers")),
        str(QT_TRANSLATE_NOOP("PreviewPage", "History")),
    )
    WIDEST = ((2, 180), (8, 210))  # name and numbers are cut (their tooltips hold the whole text)

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self._preview: Preview | None = None
        self.setTitle(self.tr("Preview"))
        self.setSubTitle(self.tr("The first rows of the file as the mapping reads them. Nothing is written yet."))
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.table = QTableWidget(0, len(self.HEADERS))
        self.table.setHorizontalHeaderLabels([self.tr(header) for header in self.HEADERS])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.issues = IssueModel(self)
        self.issue_view = QTableView()
        self.issue_view.setModel(self.issues)
        self.issue_view.verticalHeader().setVisible(False)
        self.issue_view.horizontalHeader().setStretchLastSection(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.table, 3)
        layout.addWidget(QLabel(self.tr("Problems in these rows")))
        layout.addWidget(self.issue_view, 2)

    def initializePage(self) -> None:
        self._preview = None
        self.table.setRowCount(0)
        self.status.setText(self.tr("Reading the file…"))
        file, mapping, now = self._wizard.file, self._wizard.mapping, self._wizard.context.clock.now()
        assert file is not None
        assert mapping is not None
        self._wizard.run_task(lambda: preview_file(file, mapping, rows=PREVIEW_ROWS, now=now), self._shown)

    def _shown(self, preview: Preview) -> None:
        self._preview = preview
        lines = [html.escape(text.render(notice.message)) for notice in preview.notices]
        if preview.problem is not None:
            lines.insert(0, f"<span style='color:#b91c1c'><b>{html.escape(text.render(preview.problem))}</b></span>")
        elif preview.info is not None:
            info = preview.info
            kind = info.format.upper() + (f", {info.encoding}" if info.encoding else "")
            summary = self.tr("{file} ({kind}): {columns} columns")
            lines.insert(0, html.escape(summary.format(file=info.path.name, kind=kind, columns=len(info.header))))
        self.status.setText("<br>".join(lines))
        self.table.setRowCount(len(preview.rows))
        for index, row in enumerate(preview.rows):
            self._fill(index, row)
        self.issues.set_issues(repeated_once([issue for row in preview.rows for issue in row.issues]))
        self.issue_view.resizeColumnsToContents()
        self.table.resizeColumnsToContents()
        whole = {column: self.table.columnWidth(column) for column, _ in self.WIDEST}
        for column, widest in self.WIDEST:
            self.table.setColumnWidth(column, min(widest, whole[column]))
        self._widen_cut_columns(whole)
        self.completeChanged.emit()

    def _widen_cut_columns(self, whole: dict[int, int]) -> None:
        """The cut columns get their whole text back where the table has the room (the history, last, would only
        stretch into it): on a wide screen a customer's numbers show whole rather than "…" beside empty space."""
        last = self.table.columnCount() - 1
        history = max(self.table.sizeHintForColumn(last), self.table.horizontalHeader().sectionSizeHint(last))
        used = sum(self.table.columnWidth(column) for column in range(last)) + history
        spare = self.table.viewport().width() - used
        for column, _ in self.WIDEST:
            grow = min(spare, whole[column] - self.table.columnWidth(column))
            if grow > 0:
                self.table.setColumnWidth(column, self.table.columnWidth(column) + grow)
                spare -= grow

    def _fill(self, index: int, row: PreviewRow) -> None:
        numbers = ", ".join(
            number if dialable else self.tr("{number} (not dialable)").format(number=number)
            for number, dialable in zip(row.numbers, row.dialable, strict=True)
        )
        money = [
            text.money(value, row.currency) if value is not None else "" for value in (row.outstanding, row.arrears)
        ]
        zone = domain_text.zone_abbreviation(row.timezone) if row.timezone else self.tr("unknown")
        history = self.tr("{bills} bills, {payments} payments").format(bills=row.bills, payments=row.payments)
        problems = "\n".join(text.render(item.message) for item in row.issues)
        cells = (
            (str(row.row), ""),
            (row.account_number or "", ""),
            (row.full_name or "", row.customer_number or ""),
            (text.label(f"product.{row.product}") if row.product else "", ""),
            (money[0], ""),
            (money[1], ""),
            ("" if row.days_past_due is None else str(row.days_past_due), ""),
            (zone, row.timezone or self.tr("unknown time zone")),
            (numbers, numbers),
            (history, ""),
        )
        for column, (value, tip) in enumerate(cells):
            item = QTableWidgetItem(value)
            if tip or problems:
                item.setToolTip("\n".join(filter(None, (tip, problems))))
            if row.has_errors:
                item.setBackground(ERROR_BRUSH)
            elif row.issues:
                item.setBackground(WARNING_BRUSH)
            self.table.setItem(index, column, item)

    def isComplete(self) -> bool:
        return self._preview is not None and self._preview.problem is None

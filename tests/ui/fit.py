"""Finding what a user would see cut: a window taller or wider than the screen, text clipped without an elision
and a tooltip, a drop-down item shown as a blank row. Used by the fit test over every pane and dialog."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtCore import QModelIndex, QSize, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QScrollArea,
    QStyle,
    QStyleOptionComboBox,
    QTabBar,
    QTableView,
    QTextEdit,
    QWidget,
)

SLACK = 1  # pixels of rounding


def _name(widget: QWidget) -> str:
    parts = []
    item: QWidget | None = widget
    while item is not None and len(parts) < 4:
        label = item.objectName() or type(item).__name__
        parts.append(label)
        item = item.parentWidget()
    return "/".join(reversed(parts))


def _plain(text: str) -> str:
    return re.sub(r"&(?!&)", "", text)


def _in_view(widget: QWidget) -> bool:
    """Visible on screen: shown, with some area, and not scrolled entirely out of a scroll area's viewport."""
    return widget.isVisible() and widget.width() > 0 and widget.height() > 0


def window_problems(window: QWidget, screen: QSize) -> list[str]:
    problems = []
    hint = window.minimumSizeHint()
    for what, size in (("size", window.size()), ("smallest size", hint)):
        if size.height() > screen.height():
            problems.append(f"{_name(window)}: {what} {size.width()}×{size.height()} is taller than the screen")
        if size.width() > screen.width():
            problems.append(f"{_name(window)}: {what} {size.width()}×{size.height()} is wider than the screen")
    return problems


def cut_text(root: QWidget) -> list[str]:
    """Every visible piece of text under ``root`` that is cut without an elision and a tooltip."""
    problems: list[str] = []
    widgets = [root, *root.findChildren(QWidget)]
    for widget in widgets:
        if not _in_view(widget):
            continue
        if isinstance(widget, QLabel):
            problems.extend(_label(widget))
        elif isinstance(widget, QAbstractButton):
            problems.extend(_button(widget))
        elif isinstance(widget, QComboBox):
            problems.extend(_combo(widget))
        elif isinstance(widget, QLineEdit):
            problems.extend(_placeholder(widget))
        elif isinstance(widget, QTabBar):
            problems.extend(_tabs(widget))
        elif isinstance(widget, QHeaderView) and widget.orientation() is Qt.Orientation.Horizontal:
            problems.extend(_header(widget))
        elif isinstance(widget, QTableView | QListView):
            problems.extend(_cells(widget))
        elif isinstance(widget, QTextEdit | QPlainTextEdit) and widget.isReadOnly():
            problems.extend(_text_box(widget))
        elif isinstance(widget, QScrollArea) and widget.horizontalScrollBar().isVisible():
            # A pane scrolls down when it must; sideways, a form or a script is cut for the reader.
            problems.append(
                f"{_name(widget)}: scrolls sideways ({widget.widget().minimumSizeHint().width()} px "
                f"of content in {widget.viewport().width()})"
            )
    return problems


def _label(label: QLabel) -> list[str]:
    text = label.text()
    if not text.strip() or (label.pixmap() is not None and not label.pixmap().isNull()):
        return []
    if isinstance(label.parentWidget(), QAbstractScrollArea):
        return []
    width, height = label.contentsRect().width(), label.contentsRect().height()
    shown = re.sub(r"<[^>]+>", "", text)[:60]
    if label.wordWrap():
        needed = label.heightForWidth(label.width())
        if needed > label.height() + SLACK:
            return [f"{_name(label)}: “{shown}” needs {needed} px of height, has {label.height()}"]
        return []
    hint = label.sizeHint()
    margins = label.width() - width
    if hint.width() - margins > width + SLACK and not label.toolTip():
        return [f"{_name(label)}: “{shown}” needs {hint.width()} px, has {label.width()} (cut, no tooltip)"]
    if hint.height() > label.height() + SLACK and not label.toolTip():
        return [f"{_name(label)}: “{shown}” needs {hint.height()} px of height, has {height}"]
    return []


def _button(button: QAbstractButton) -> list[str]:
    text = _plain(button.text())
    if not text.strip():
        return []
    needed = button.sizeHint().width()
    if needed > button.width() + SLACK and not button.toolTip():
        return [f"{_name(button)}: button “{text}” needs {needed} px, has {button.width()}"]
    return []


def _text_box(box: QTextEdit | QPlainTextEdit) -> list[str]:
    """Text to read (a read-back, a report) shows at least four lines, or all of it."""
    content = box.document().toPlainText().strip()
    if not content:
        return []
    line = box.fontMetrics().lineSpacing()
    if isinstance(box, QPlainTextEdit):
        needed = int(box.document().lineCount()) * line
    else:
        needed = int(box.document().size().height())
    wanted = min(needed, 4 * line)
    if box.viewport().height() + SLACK < wanted:
        return [f"{_name(box)}: shows {box.viewport().height() // line} line(s) of text to read (wants 4)"]
    return []


def _placeholder(edit: QLineEdit) -> list[str]:
    """An empty field's hint must be readable whole (or be whole in the tooltip)."""
    hint = edit.placeholderText()
    if edit.text() or not hint or (edit.toolTip() and _words(hint) <= _words(edit.toolTip())):
        return []
    room = edit.width() - 12 - (24 if edit.isClearButtonEnabled() else 0)
    needed = edit.fontMetrics().horizontalAdvance(hint)
    if needed > room + SLACK:
        return [f"{_name(edit)}: the hint “{hint}” needs {needed} px, has {room}"]
    return []


def _combo(combo: QComboBox) -> list[str]:
    problems = []
    option = QStyleOptionComboBox()
    combo.initStyleOption(option)
    if combo.style().styleHint(QStyle.StyleHint.SH_ComboBox_Popup, option, combo):
        # Under a style sheet the menu-like popup draws the chosen item as an empty box: the list popup it is.
        problems.append(f"{_name(combo)}: opens a menu-like list that shows the chosen item blank")
    if combo.count() and combo.currentIndex() >= 0 and not combo.currentText().strip() and not combo.isEditable():
        problems.append(f"{_name(combo)}: the current item shows as a blank row")
    if combo.currentIndex() < 0 and not combo.placeholderText() and not combo.isEditable():
        problems.append(f"{_name(combo)}: a blank drop-down (nothing chosen and no hint why)")
    if combo.currentIndex() < 0 and combo.count() and combo.isEnabled():
        problems.append(f"{_name(combo)}: has {combo.count()} choices but shows none of them")
    blank = [i for i in range(combo.count()) if not combo.itemText(i).strip()]
    if blank and not combo.isEditable():
        problems.append(f"{_name(combo)}: items {blank} are blank rows")
    return problems


def _tabs(bar: QTabBar) -> list[str]:
    problems = []
    for index in range(bar.count()):
        if not bar.isTabVisible(index):
            continue
        needed, has = bar.tabSizeHint(index).width(), bar.tabRect(index).width()
        if needed > has + SLACK:
            problems.append(f"{_name(bar)}: tab “{_plain(bar.tabText(index))}” needs {needed} px, has {has}")
    return problems


def _header(header: QHeaderView) -> list[str]:
    model = header.model()
    if model is None:
        return []
    problems = []
    for section in range(header.count()):
        if header.isSectionHidden(section) or header.sectionSize(section) == 0:
            continue
        title = model.headerData(section, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
        if not title:
            continue
        needed = header.sectionSizeFromContents(section).width()
        if header.isSortIndicatorShown():
            needed = max(needed, 0)
        if needed > header.sectionSize(section) + SLACK:
            problems.append(f"{_name(header)}: column “{title}” needs {needed} px, has {header.sectionSize(section)}")
    return problems


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", re.sub(r"<[^>]+>", " ", text).lower()))


def _cells(view: QAbstractItemView) -> list[str]:
    model = view.model()
    if model is None or model.rowCount(QModelIndex()) == 0:
        return []
    problems: list[str] = []
    viewport = view.viewport().rect()
    for row in range(min(model.rowCount(QModelIndex()), 200)):
        for column in range(model.columnCount(QModelIndex()) if isinstance(view, QTableView) else 1):
            index = model.index(row, column, QModelIndex())
            rect = view.visualRect(index)
            if not rect.isValid() or not rect.intersects(viewport):
                continue
            text = index.data(Qt.ItemDataRole.DisplayRole)
            if text is None or not str(text).strip():
                continue
            hint = view.sizeHintForIndex(index)
            tooltip = index.data(Qt.ItemDataRole.ToolTipRole)
            elides = view.textElideMode() is not Qt.TextElideMode.ElideNone
            cut_wide = hint.width() > rect.width() + SLACK and not (isinstance(view, QListView) and view.isWrapping())
            if isinstance(view, QListView):  # a list's rows are as wide as their text: the viewport cuts them
                cut_wide = cut_wide or rect.left() + hint.width() > viewport.right() + SLACK
            cut_high = hint.height() > rect.height() + SLACK
            # Cut text is fine where the view elides it and the tooltip holds it whole.
            whole = bool(tooltip) and _words(str(text)) <= _words(str(tooltip))
            if (cut_wide or cut_high) and not (whole and elides):
                shown = str(text).replace("\n", " / ")[:50]
                problems.append(
                    f"{_name(view)}: cell ({row}, {column}) “{shown}” needs {hint.width()}×{hint.height()}, "
                    f"has {rect.width()}×{rect.height()}{'' if tooltip else ' (no tooltip)'}"
                )
                if len(problems) > 5:
                    return problems
    return problems


# Qt's own words on standard buttons and menus: shown in English unless the desk translates them.
QT_WORDS = {"Cancel", "Close", "Yes", "No", "Apply", "Save", "Help", "Reset", "Open", "Discard", "Abort", "Retry"}
QT_WORDS |= {"Ignore", "Back", "Next", "Finish", "Commit", "Done", "Restore Defaults", "Show Details..."}


def english_sources(translations: Path) -> set[str]:
    """The interface's English strings whose Indonesian differs (so seeing one in Indonesian mode is a miss)."""
    found = set(QT_WORDS)
    for ts in translations.glob("*.ts"):
        for message in ET.parse(ts).getroot().iter("message"):
            source, translation = message.findtext("source") or "", message.findtext("translation") or ""
            if "{" not in source and source.strip() and translation.strip() != source.strip():
                found.add(_plain(source).replace("…", "").strip())
    return found


def english_left(root: QWidget, english: set[str]) -> list[str]:
    """Visible words of the interface still in English."""
    shown: list[tuple[QWidget, str]] = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not _in_view(widget):
            continue
        if widget.isWindow():
            shown.append((widget, widget.windowTitle()))
        if isinstance(widget, QLabel | QAbstractButton):
            shown.append((widget, widget.text()))
        elif isinstance(widget, QTabBar):
            shown.extend((widget, widget.tabText(i)) for i in range(widget.count()))
        elif isinstance(widget, QLineEdit):
            shown.append((widget, widget.placeholderText()))
        elif isinstance(widget, QComboBox) and not widget.property("own_language_names"):
            shown.extend((widget, widget.itemText(i)) for i in range(widget.count()))
        elif isinstance(widget, QHeaderView) and widget.model() is not None:
            orientation = widget.orientation()
            shown.extend(
                (widget, str(widget.model().headerData(i, orientation, Qt.ItemDataRole.DisplayRole) or ""))
                for i in range(widget.count())
            )
    return [
        f"{_name(widget)}: “{value}” is English"
        for widget, value in shown
        if _plain(value).replace("…", "").strip() in english
    ]

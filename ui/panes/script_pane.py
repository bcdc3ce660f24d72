"""The call script and negotiation helper. The staged scripts arrive with a later release; until then the
pane shows the opening a collector would use and who is on the line."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QTextBrowser, QVBoxLayout, QWidget

from agent_desk.portfolio import CustomerBasics


class ScriptPane(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("script_pane")
        title = QLabel(self.tr("Script"))
        title.setObjectName("pane_title")
        self.body = QTextBrowser()
        self.body.setOpenExternalLinks(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(title)
        layout.addWidget(self.body, 1)
        self.show_customer(None)

    def show_customer(self, customer: CustomerBasics | None) -> None:
        if customer is None:
            self.body.setHtml(self.tr("<p>Open a customer to see the call script.</p>"))
            return
        first_name = customer.full_name.split()[0]
        self.body.setHtml(
            self.tr(
                "<h3>Greeting and verification</h3>"
                "<p>“Selamat pagi, boleh saya bicara dengan Bapak/Ibu <b>{name}</b>?”</p>"
                "<p><i>Say nothing about the debt until you have confirmed you are speaking with {first}.</i></p>"
            ).format(name=customer.full_name, first=first_name)
        )

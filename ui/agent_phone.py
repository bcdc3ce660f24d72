"""The signed-in agent's softphone: engine, poll adapter, headset audio and pane, started and stopped together.

pjsua2 allows one endpoint per process, so the main window makes one of these per signed-in agent and stops it
before anyone else signs in.
"""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QWidget

from agent_desk.context import AppContext
from agent_desk.portfolio import UserSummary
from agent_desk.softphone.engine import Softphone
from agent_desk.softphone.lookup import caller_directory
from agent_desk.softphone.records import InteractionLog
from agent_desk.softphone.settings import EngineOptions, load_account_settings
from ui import text
from ui.softphone.adapter import SoftphoneAdapter
from ui.softphone.audio import QtAudioBridge
from ui.softphone.pane import SoftphonePane
from ui.softphone.password_dialog import sip_password

log = logging.getLogger(__name__)


class AgentPhone:
    def __init__(
        self,
        context: AppContext,
        user: UserSummary,
        options: EngineOptions | None = None,
        *,
        audio: bool = True,
        ask_password: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        self.context = context
        self.user = user
        self._ask_password = ask_password
        self._parent = parent
        self.engine = Softphone(
            options or EngineOptions(sip_port=0),
            clock=context.clock,
            caller_lookup=caller_directory(context.database.session),
        )
        # Read-then-write on the writer thread: take SQLite's write lock at BEGIN, or a busy desk deadlocks it.
        self.interactions = InteractionLog(context.database.write_session, user_id=user.id)
        self.adapter = SoftphoneAdapter(self.engine, interactions=self.interactions)
        self.audio = QtAudioBridge(self.engine.audio) if audio else None
        self.pane = SoftphonePane(self.adapter, self.audio, language=text.language(), parent=parent)
        self.started = False

    def start(self) -> None:
        self.adapter.start()
        if self.audio is not None:
            self.audio.start()
        self.started = True
        with self.context.database.session() as session:
            account = load_account_settings(session, user_id=self.user.id)
        if account is None:
            return
        password = (
            sip_password(account, self.context.credentials, language=text.language(), parent=self._parent)
            if self._ask_password
            else self.context.credentials.get("agent-desk-sip", account.keyring_account)
        )
        self.engine.configure(account, password)

    @property
    def records_calls(self) -> bool:
        return bool(self.engine.records_calls)

    def stop(self) -> None:
        if self.audio is not None:
            self.audio.close()  # its thread runs from construction, started or not
        if not self.started:
            return
        self.started = False
        self.adapter.stop()

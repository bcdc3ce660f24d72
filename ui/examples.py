"""Every dialog the desk composes, with a way to build an example of it over a real book.

The fit test opens each at 1366×768 and 1920×1080 in both languages and fails on cut text or a dialog taller than
the screen; the screenshot script grabs the same examples. A new dialog adds its example here:

    @example(ThatDialog)
    def _that(scene: Scene) -> QDialog:
        return ThatDialog(scene.context, parent=scene.window)

The fit test lists every ``QDialog`` subclass under ``ui`` and fails for one without an example (unless it can
build it from its parameters' names alone), so no dialog escapes the check. A base class that is never shown
itself says so with ``base_only = True``.
"""

from __future__ import annotations

import dataclasses
import importlib
import pkgutil
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QMainWindow, QWidget

from agent_desk.context import AppContext
from agent_desk.portfolio import UserSummary
from ui.background import Background
from ui.settings import Settings


@dataclasses.dataclass
class Scene:
    """What an example may use: the book, a user of each role, and the agent's window with a customer open."""

    context: AppContext
    users: dict[str, UserSummary]
    background: Background
    settings: Settings
    window: Any  # ui.main_window.MainWindow of the agent, a customer open (and its phone, when it has one)


Factory = Callable[[Scene], QDialog]
_EXAMPLES: dict[type[QDialog], Factory] = {}
WindowFactory = Callable[[Scene], QMainWindow]
_WINDOWS: dict[type[QMainWindow], WindowFactory] = {}


def example(dialog: type[QDialog]) -> Callable[[Factory], Factory]:
    def register(factory: Factory) -> Factory:
        _EXAMPLES[dialog] = factory
        return factory

    return register


def window_example(window: type[QMainWindow]) -> Callable[[WindowFactory], WindowFactory]:
    """Register how to open a top-level window other than the main window (which the fit test opens per role)."""

    def register(factory: WindowFactory) -> WindowFactory:
        _WINDOWS[window] = factory
        return factory

    return register


def window_classes() -> list[type[QMainWindow]]:
    """Every QMainWindow subclass under ``ui`` but the main window itself."""
    dialog_classes()  # imports every module
    found: list[type[QMainWindow]] = []
    pending: list[type[Any]] = [QMainWindow]
    while pending:
        for cls in pending.pop().__subclasses__():
            pending.append(cls)
            if cls.__module__.startswith("ui.") and cls.__name__ != "MainWindow" and cls not in found:
                found.append(cls)
    return found


def build_window(window: type[QMainWindow], scene: Scene) -> QMainWindow | None:
    if not _EXAMPLES:
        _register()
    factory = _WINDOWS.get(window)
    return factory(scene) if factory is not None else None


def examples() -> dict[type[QDialog], Factory]:
    if not _EXAMPLES:
        _register()
    return dict(_EXAMPLES)


def dialog_classes() -> list[type[QDialog]]:
    """Every QDialog subclass defined in the ``ui`` package (importing all of its modules to find them)."""
    import ui

    for module in pkgutil.walk_packages(ui.__path__, "ui."):
        if module.name != "ui.app":  # the entry point parses arguments at import time in some set-ups
            importlib.import_module(module.name)
    found: list[type[QDialog]] = []
    pending: list[type[Any]] = [QDialog]
    while pending:
        for cls in pending.pop().__subclasses__():
            pending.append(cls)
            if cls.__module__.startswith("ui.") and cls not in found and not cls.__dict__.get("base_only"):
                found.append(cls)
    return found


# --- the desk's dialogs (registered on first use: their modules import much of the app) ---


def _register() -> None:
    from agent_desk.softphone import AccountSettings
    from ui import text
    from ui.admin.dialogs import LimitsDialog, ResetPasswordDialog, SipAccountDialog, UserDialog
    from ui.first_frame import FirstFrame
    from ui.import_wizard import ImportWizard
    from ui.outbox.send_dialog import SendMessageDialog
    from ui.panes.manual_call_dialog import ManualCallDialog
    from ui.practice.session_window import PracticeWindow
    from ui.preferences import PreferencesDialog
    from ui.shortcuts import ShortcutsDialog, window_keys
    from ui.sign_in import ChangePasswordDialog, SignInDialog
    from ui.softphone.password_dialog import SipPasswordDialog
    from ui.softphone.phone_test_dialog import PhoneTestDialog
    from ui.start_undo import UndoProgressDialog
    from ui.supervisor.qa_form import QaFormDialog
    from ui.widgets.choice_dialog import ChoiceDialog

    @example(SignInDialog)
    def _sign_in(scene: Scene) -> QDialog:
        from agent_desk.auth.accounts import change_password, sign_in

        database, clock = scene.context.database, scene.context.clock
        return SignInDialog(
            lambda login, password: sign_in(database, clock, login, password),
            lambda actor, current, new: change_password(database, clock, actor, current, new),
            last_login=scene.users["agent"].login,
            where=database.location,
            demo_password="demo",
        )

    @example(ChangePasswordDialog)
    def _change_password(scene: Scene) -> QDialog:
        from agent_desk.auth.accounts import change_password
        from agent_desk.auth.actors import load_actor

        database, clock = scene.context.database, scene.context.clock
        with database.session() as session:
            actor = load_actor(session, scene.users["agent"].id)
        assert actor is not None
        return ChangePasswordDialog(
            lambda who, current, new: change_password(database, clock, who, current, new), actor, parent=scene.window
        )

    @example(SipPasswordDialog)
    def _password(scene: Scene) -> QDialog:
        account = AccountSettings(registrar="sip.example.co.id", user=scene.users["agent"].login)
        return SipPasswordDialog(account, scene.context.credentials, language=text.language(), parent=scene.window)

    @example(UndoProgressDialog)
    def _start_undo(scene: Scene) -> QDialog:
        from agent_desk.importer.journal import UndoProgress

        dialog = UndoProgressDialog(
            "bank-export-2026-12-07.csv", scene.window
        )  # as at desk start, part-way through a long undo
        dialog.show_progress(UndoProgress("bank-export-2026-12-07.csv", 312, 120, 487_500, 187_345))
        return dialog

    @example(PhoneTestDialog)
    def _phone_test(scene: Scene) -> QDialog:
        from agent_desk.softphone import Softphone
        from ui.softphone.adapter import SoftphoneAdapter

        phone = scene.window.phone
        adapter = phone.adapter if phone is not None else SoftphoneAdapter(Softphone())
        return PhoneTestDialog(adapter, language=text.language(), parent=scene.window)

    @example(ImportWizard)
    def _import(scene: Scene) -> QDialog:
        return ImportWizard(scene.context, scene.users["supervisor"], scene.window, scene.background)

    @example(ManualCallDialog)
    def _manual_call(scene: Scene) -> QDialog:
        current = scene.window.workspace.loop.current
        profile = current.profile
        zone = profile.timezone or "Asia/Jakarta"
        return ManualCallDialog(profile, zone, scene.context.clock.now(), current.number_id, scene.window)

    @example(ChoiceDialog)
    def _choice(scene: Scene) -> QDialog:
        workspace = scene.window.workspace
        workspace.ask_skip()  # as the agent sees it: Skip… on the open customer
        dialog: QDialog = workspace.open_dialog
        return dialog

    @example(ShortcutsDialog)
    def _shortcuts(scene: Scene) -> QDialog:
        return ShortcutsDialog(window_keys(scene.window), scene.window)

    @example(ResetPasswordDialog)
    def _reset_password(scene: Scene) -> QDialog:
        from agent_desk.admin import user_records
        from agent_desk.auth.passwords import policy

        with scene.context.database.session() as session:
            agent = next(record for record in user_records(session) if record.login == scene.users["agent"].login)
        return ResetPasswordDialog(agent, policy().min_length, parent=scene.window)

    @example(UserDialog)
    def _user(scene: Scene) -> QDialog:
        from agent_desk.admin import teams, user_records

        with scene.context.database.session() as session:
            agent = next(record for record in user_records(session) if record.login == scene.users["agent"].login)
            return UserDialog(teams(session), agent, parent=scene.window)

    @example(SipAccountDialog)
    def _sip_account(scene: Scene) -> QDialog:
        from agent_desk.admin import SipAccountForm, user_records

        with scene.context.database.session() as session:
            agent = next(record for record in user_records(session) if record.login == scene.users["agent"].login)
        account = SipAccountForm(registrar="sip.example.co.id:5060", sip_user="2001")
        return SipAccountDialog(agent, account, keyring_available=True, parent=scene.window)

    @example(LimitsDialog)
    def _limits(scene: Scene) -> QDialog:
        from agent_desk.negotiation import authority_for

        with scene.context.database.session() as session:
            authority = authority_for(session, scene.users["agent"].id)
        title = QCoreApplication.translate("LimitsView", "Limits of the role {role}")
        return LimitsDialog(title.format(role=text.label("role.agent")), authority, for_user=False, parent=scene.window)

    @window_example(PracticeWindow)
    def _practice(scene: Scene) -> QMainWindow:
        import tempfile
        from pathlib import Path

        from agent_desk.practice.start import start
        from ui.practice.launch import practice_database

        setup = start(
            practice_database(scene.context),
            scene.context.clock,
            login=scene.users["agent"].login,
            scenario_id="forgot_due_date",
            language=text.language(),
        )
        drafts = Path(tempfile.mkdtemp(prefix="practice-example-"))
        return PracticeWindow(scene.context, setup, scene.background, drafts_dir=drafts, phone=False, audio=False)

    @window_example(FirstFrame)
    def _first_frame(scene: Scene) -> QMainWindow:
        from agent_desk.first_frame.lines import PAGE_SIZE
        from agent_desk.first_frame.page import read_first_page

        page = read_first_page(
            scene.context.database.url.render_as_string(hide_password=False),
            scene.context.clock.now(),
            simulated=scene.context.clock.simulated,
            login=scene.users["agent"].login,
            page_size=PAGE_SIZE,
        )
        return FirstFrame(page, scene.settings)

    @example(PreferencesDialog)
    def _preferences(scene: Scene) -> QDialog:
        return PreferencesDialog(scene.settings, scene.window)

    @example(SendMessageDialog)
    def _send_message(scene: Scene) -> QDialog:
        profile = scene.window.workspace.loop.current.profile
        return SendMessageDialog(
            scene.context,
            scene.users["agent"],
            scene.background,
            customer_id=profile.id,
            customer_name=profile.full_name,
            template="payment_details",
            parent=scene.window,
        )

    @example(QaFormDialog)
    def _qa_form(scene: Scene) -> QDialog:
        from sqlalchemy import func, select

        from db.models import Outcome

        with scene.context.database.session() as session:
            outcome_id = session.scalar(select(func.max(Outcome.id)))
        return QaFormDialog(scene.context, scene.users["supervisor"], int(outcome_id or 0), scene.window)


def build(dialog: type[QDialog], scene: Scene) -> QDialog | None:
    """An example of ``dialog``: its registered one, or one made from its parameters' names; None if neither."""
    if not _EXAMPLES:
        _register()
    factory = _EXAMPLES.get(dialog)
    if factory is not None:
        return factory(scene)
    return _guess(dialog, scene)


def _guess(dialog: type[QDialog], scene: Scene) -> QDialog | None:
    import inspect

    known: dict[str, Any] = {
        "context": scene.context,
        "background": scene.background,
        "settings": scene.settings,
        "user": scene.users.get("supervisor") or next(iter(scene.users.values())),
        "users": list(scene.users.values()),
        "parent": scene.window,
        "database": scene.context.database,
        "clock": scene.context.clock,
    }
    try:
        parameters = inspect.signature(dialog.__init__).parameters
    except (TypeError, ValueError):
        return None
    values: dict[str, Any] = {}
    for name, parameter in list(parameters.items())[1:]:
        if parameter.kind in (parameter.VAR_POSITIONAL, parameter.VAR_KEYWORD):
            continue
        if name in known:
            values[name] = known[name]
        elif parameter.default is parameter.empty:
            return None
    try:
        made = dialog(**values)
    except Exception:
        return None
    return made if isinstance(made, QWidget) else None

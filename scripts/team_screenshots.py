"""Grab the team-mode screens to docs/screenshots/ (offscreen): sign-in with a wrong password, a locked account,
the forced change after a reset, an admin's reset from the users room, in English and Indonesian. (The outage
banner is grabbed by tests/journal/test_desk_outage.py with AGENT_DESK_SCREENSHOTS=1, during a real outage.)

Usage: .venv/bin/python scripts/team_screenshots.py
It makes its own small demo database in a temporary folder.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from agent_desk.auth.accounts import change_password, reset_password, sign_in
from agent_desk.auth.permissions import Actor
from agent_desk.context import AppContext, open_context
from agent_desk.demo import generate_portfolio
from agent_desk.resources import resource_path
from ui import text
from ui.sign_in import ChangePasswordDialog, SignInDialog
from ui.translations import install_translations

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"


def settle(ms: int = 150) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def save(widget: QWidget, name: str) -> None:
    settle()
    widget.grab().save(str(OUT / name))
    print(f"wrote {OUT / name}")


def sign_in_shots(context: AppContext, language: str) -> None:
    text.set_language(language)
    install_translations(QApplication.instance(), language)  # type: ignore[arg-type]
    database, clock = context.database, context.clock

    def dialog(**options: object) -> SignInDialog:
        shown = SignInDialog(
            lambda login, password: sign_in(database, clock, login, password),
            lambda actor, current, new: change_password(database, clock, actor, current, new),
            where=database.location,
            **options,  # type: ignore[arg-type]
        )
        shown.show()
        return shown

    wrong = dialog(last_login="agent01", demo_password="demo")
    wrong.login.setText("agent01")
    wrong.password.setText("demo1")
    wrong.try_sign_in()
    save(wrong, f"sign-in-wrong-password-{language}.png")
    wrong.close()

    locked = dialog()
    login = "agent02" if language == "en" else "agent03"
    for _ in range(5):
        locked.login.setText(login)
        locked.password.setText("salah-ketik")
        locked.try_sign_in()
    save(locked, f"sign-in-locked-{language}.png")
    locked.close()

    temporary = "sementara-2026"
    target = "agent04" if language == "en" else "agent05"
    reset_password(database, clock, Actor.system(), target, temporary)
    signed = sign_in(database, clock, target, temporary)
    change = ChangePasswordDialog(
        lambda actor, current, new: change_password(database, clock, actor, current, new),
        signed.actor,
        current=temporary,
    )
    change.show()
    change.new.setText("pendek")
    change.repeat.setText("pendek")
    change.try_change()
    save(change, f"sign-in-forced-change-{language}.png")
    change.close()

    from agent_desk.admin import reset_user_password, user_records
    from agent_desk.auth.passwords import policy
    from ui.admin.dialogs import ResetPasswordDialog

    with database.session() as session:
        records = user_records(session)
    admin = next(record for record in records if record.role.value == "admin")
    user = next(record for record in records if record.login == target)
    reset = ResetPasswordDialog(user, policy().min_length)
    reset.on_save = lambda: str(
        reset_user_password(
            database,
            clock,
            actor_id=admin.id,
            user_id=user.id,
            password=reset.password.text(),
            repeated=reset.repeated.text(),
        )
    )
    reset.show()
    reset.password.setText("sementara-2027")
    reset.repeated.setText("sementara-2072")
    reset.accept()  # the two differ: the dialog says so and stays open
    save(reset, f"admin-reset-password-{language}.png")
    reset.close()


def main() -> int:
    app = QApplication([])
    QCoreApplication.setOrganizationName("AgentDesk-screenshots")
    app.setStyleSheet(resource_path("ui", "agent-desk.qss").read_text(encoding="utf-8"))
    folder = Path(tempfile.gettempdir()) / "agent-desk-team-shots"  # one name: the dialogs show it, run after run
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    context = open_context(f"sqlite:///{folder / 'team.sqlite3'}", "2026-11-24T09:30+07:00")
    generate_portfolio(context.database, accounts=200, seed=3, now=context.clock.now())
    OUT.mkdir(parents=True, exist_ok=True)
    for language in ("en", "id"):
        sign_in_shots(context, language)
    context.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The import wizard on real widgets: choose → preview → dry run → import with progress → done, and cancel.

With ``AGENT_DESK_SCREENSHOTS=1`` the pages are also saved to docs/screenshots/import-*.png.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QWizard
from sqlalchemy import func, select

from agent_desk.clock import FrozenClock
from agent_desk.context import AppContext, open_context
from agent_desk.importer import Phase
from agent_desk.portfolio import UserSummary, list_users
from agent_desk.resources import resource_path
from db.models import Account, Role, User
from tests.importer.conftest import FIXTURES, NOW
from ui.background import Background
from ui.import_wizard import DonePage, DryRunPage, ImportPage, ImportWizard, PreviewPage

pytestmark = pytest.mark.gui
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.fixture
def context(sqlite_url: str, qapp: QApplication) -> Iterator[AppContext]:
    qapp.setStyleSheet(resource_path("ui", "agent-desk.qss").read_text(encoding="utf-8"))
    ctx = open_context(sqlite_url)
    ctx.clock = FrozenClock(NOW)
    with ctx.database.transaction(write=True) as session:  # imports are run by a supervisor (or an admin)
        session.add(User(login="spv", display_name="Supervisor", role=Role.SUPERVISOR, created_at=NOW))
    yield ctx
    ctx.close()


@pytest.fixture
def background(qapp: QApplication) -> Iterator[Background]:
    pool = Background()
    yield pool
    assert pool.wait(30_000), "a background task was still running at the end of the test"
    assert pool.active == 0


def _supervisor(context: AppContext) -> UserSummary:
    with context.database.session() as session:
        return next(user for user in list_users(session) if user.login == "spv")


def _grab(wizard: QWizard, name: str, tmp_path: Path) -> None:
    shot = tmp_path / f"import-{name}.png"
    assert wizard.grab().save(str(shot))
    image = QImage(str(shot))
    colours = {image.pixel(x, y) for y in range(0, image.height(), 9) for x in range(0, image.width(), 9)}
    assert len(colours) > 8, f"the {name} page looks blank"
    if os.environ.get("AGENT_DESK_SCREENSHOTS") == "1":
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        wizard.grab().save(str(SCREENSHOTS / f"import-{name}.png"))


def _accounts(context: AppContext) -> int:
    with context.database.session() as session:
        return int(session.scalar(select(func.count()).select_from(Account)) or 0)


def test_preview_dry_run_import_done(qtbot, context: AppContext, background: Background, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    wizard = ImportWizard(context, _supervisor(context), background=background)
    qtbot.addWidget(wizard)
    wizard.resize(1366, 768)
    wizard.show()
    qtbot.waitExposed(wizard)
    finished = []
    wizard.import_finished.connect(finished.append)

    choose = wizard.choose
    assert not choose.isComplete()
    choose.file_edit.setText(str(FIXTURES / "bank_export.csv"))
    choose.mapping_edit.setText(str(FIXTURES / "bank_export.toml"))
    assert choose.isComplete()
    assert "Bank Nusantara daily export" in choose.mapping_info.text()
    _grab(wizard, "1-choose", tmp_path)

    wizard.next()
    preview = wizard.currentPage()
    assert isinstance(preview, PreviewPage)
    qtbot.waitUntil(preview.isComplete, timeout=10_000)
    assert preview.table.rowCount() == 8
    assert preview.table.item(0, 1).text() == "KTA0000000101"
    assert "Rp 24.500.000" in preview.table.item(0, 4).text()
    assert preview.table.item(2, 7).text() == "WIB"
    assert preview.table.item(3, 7).text() == "WITA"
    assert "not dialable" in preview.table.item(4, 8).text()  # Yohanes' broken number
    assert "no time zone known" in preview.table.item(5, 7).toolTip()  # Rina's province
    assert preview.issues.rowCount() == 3
    numbers = preview.table.item(0, 8).text()  # Budi's three numbers: whole at 1366 wide, where there is room
    assert preview.table.columnWidth(8) >= preview.table.fontMetrics().horizontalAdvance(numbers), numbers
    assert "ignored: CABANG, PETUGAS_LAMA" in preview.status.text()
    _grab(wizard, "2-preview", tmp_path)

    wizard.next()
    dry = wizard.currentPage()
    assert isinstance(dry, DryRunPage)
    qtbot.waitUntil(dry.isComplete, timeout=20_000)
    assert dry.summary is not None
    assert dry.summary.dry_run
    assert dry.issues.rowCount() == 4  # the ignored-columns notice and three warnings
    assert "Accounts: 8 new, 0 already on record" in dry.result.text()
    assert "/tmp" not in dry.result.text()  # the temporary report is saved with a button, not shown
    assert _accounts(context) == 0
    _grab(wizard, "3-dry-run", tmp_path)

    phases: list[Phase] = []
    wizard.relay.progressed.connect(lambda update: phases.append(update.phase))
    wizard.next()
    assert isinstance(wizard.currentPage(), ImportPage)
    qtbot.waitUntil(lambda: isinstance(wizard.currentPage(), DonePage), timeout=30_000)
    assert Phase.WRITING in phases
    assert wizard.imported.bar.value() == 1000
    assert _accounts(context) == 8
    assert len(finished) == 1
    assert finished[0].counts["accounts_new"] == 8
    done = wizard.currentPage()
    assert isinstance(done, DonePage)
    assert "Accounts: 8 new, 0 updated, 0 unchanged" in done.summary.text()
    assert "6 went into the queue with their reasons and 1 will stay out of it" in done.subTitle()  # one, not "stay"
    _grab(wizard, "4-done", tmp_path)
    wizard.accept()


def _big_file(path: Path, rows: int) -> Path:
    lines = ["account\tcustomer\tname\tphone\tproduct\tbalance\toverdue\tdpd\tdue\tprovince\temail"]
    lines += [
        f"B-{n:06d}\tC-{n:06d}\tNasabah {n}\t0812 {n % 10000:04d} {n // 10000:04d}\tloan\t{1000 + n}\t0\t0\t"
        "2026-12-10\tBanten\t"
        for n in range(rows)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_cancel_while_importing_writes_nothing(
    qtbot, context: AppContext, background: Background, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    wizard = ImportWizard(context, _supervisor(context), background=background)
    qtbot.addWidget(wizard)
    wizard.resize(1366, 768)
    wizard.show()
    wizard.choose.file_edit.setText(str(_big_file(tmp_path / "big.tsv", 20_000)))
    wizard.choose.mapping_edit.setText(str(FIXTURES / "messy.toml"))
    wizard.next()
    qtbot.waitUntil(wizard.preview.isComplete, timeout=10_000)
    wizard.next()
    qtbot.waitUntil(wizard.dry_run.isComplete, timeout=60_000)

    page = wizard.imported

    def cancel_once_writing(update: object) -> None:
        if getattr(update, "phase", None) is Phase.WRITING and page.running:
            page.cancel()

    wizard.relay.progressed.connect(cancel_once_writing)
    wizard.next()
    qtbot.waitUntil(lambda: not page.running, timeout=60_000)
    assert "Cancelled. Nothing was written." in page.phase.text()
    assert not page.isComplete()
    assert isinstance(wizard.currentPage(), ImportPage)
    assert _accounts(context) == 0
    _grab(wizard, "5-cancelled", tmp_path)
    wizard.reject()


@pytest.mark.parametrize(("language", "size"), [("id", (1366, 768)), ("en", (1920, 1080))])
def test_an_anonymised_statement_export_in_the_wizard(  # type: ignore[no-untyped-def]
    qtbot, qapp: QApplication, context: AppContext, background: Background, tmp_path: Path, language: str, size
) -> None:
    """The card book with status codes, as a new user sees it, in Indonesian on a laptop and English on a monitor."""
    from ui import text
    from ui.translations import install_translations

    install_translations(qapp, language)
    text.set_language(language)
    try:
        wizard = ImportWizard(context, _supervisor(context), background=background)
        qtbot.addWidget(wizard)
        wizard.resize(*size)
        wizard.show()
        qtbot.waitExposed(wizard)
        wizard.choose.file_edit.setText(str(FIXTURES / "statements.csv"))
        wizard.choose.mapping_edit.setText(str(FIXTURES / "statements.toml"))
        wizard.next()
        preview = wizard.currentPage()
        assert isinstance(preview, PreviewPage)
        qtbot.waitUntil(preview.isComplete, timeout=10_000)
        assert preview.table.item(0, 1).text() == "CARD-1"
        assert preview.table.item(0, 2).text() == "Customer CARD-1"  # made up: the file has no names
        _grab(wizard, f"statements-2-preview-{language}", tmp_path)
        wizard.next()
        dry = wizard.currentPage()
        assert isinstance(dry, DryRunPage)
        qtbot.waitUntil(dry.isComplete, timeout=20_000)
        counted = "12 × tidak ada nomor" if language == "id" else "12 × no dialable number"
        assert counted in dry.result.text()
        wizard.next()
        qtbot.waitUntil(lambda: isinstance(wizard.currentPage(), DonePage), timeout=30_000)
        _grab(wizard, f"statements-4-done-{language}", tmp_path)
        assert _accounts(context) == 12
        wizard.accept()
    finally:
        install_translations(qapp, "en")
        text.set_language("en")


def _run_to_done(qtbot, context: AppContext, background: Background, data: Path) -> DonePage:  # type: ignore[no-untyped-def]
    wizard = ImportWizard(context, _supervisor(context), background=background)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.choose.file_edit.setText(str(data))
    wizard.choose.mapping_edit.setText(str(FIXTURES / "messy.toml"))
    wizard.next()
    qtbot.waitUntil(wizard.preview.isComplete, timeout=10_000)
    wizard.next()
    qtbot.waitUntil(wizard.dry_run.isComplete, timeout=20_000)
    wizard.next()
    qtbot.waitUntil(lambda: isinstance(wizard.currentPage(), DonePage), timeout=30_000)
    return wizard.done_page


@pytest.mark.parametrize(("with_numbers", "said"), [(False, "none of its new customers (3)"), (True, "(3) appear")])
def test_the_done_page_says_whether_new_customers_reach_the_queue(  # type: ignore[no-untyped-def]
    qtbot, context: AppContext, background: Background, tmp_path: Path, with_numbers: bool, said: str
) -> None:
    data = _big_file(tmp_path / "three.tsv", 3)
    if not with_numbers:  # the export left the phone column empty: nobody can be called
        lines = data.read_text(encoding="utf-8").splitlines()
        data.write_text(
            "\n".join(
                [
                    lines[0],
                    *("\t".join(f if i != 3 else "" for i, f in enumerate(line.split("\t"))) for line in lines[1:]),
                ]
            )
            + "\n",
            encoding="utf-8",
        )
    done = _run_to_done(qtbot, context, background, data)
    assert said in done.subTitle(), done.subTitle()
    if not with_numbers:
        assert "appear in the queue" not in done.subTitle()
    done.wizard().accept()

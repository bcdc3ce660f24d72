"""The desk as it runs, for tests that look at it: its own style sheet, in each interface language."""

from __future__ import annotations

from collections.abc import Iterator

import pytest


@pytest.fixture(params=["en", "id"])
def desk_language(request: pytest.FixtureRequest, qapp) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """The interface in English, then in Bahasa Indonesia, with the desk's own style sheet (as the desk runs)."""
    from agent_desk.resources import resource_path
    from ui import text
    from ui.translations import install_translations

    text.set_language(request.param)
    install_translations(qapp, request.param)
    qapp.setStyleSheet(resource_path("ui", "agent-desk.qss").read_text(encoding="utf-8"))
    yield request.param
    qapp.setStyleSheet("")
    text.set_language("en")
    install_translations(qapp, "en")

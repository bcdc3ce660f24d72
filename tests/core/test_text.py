"""Text made by the Qt-free code: message codes rendered per language, money and local times."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agent_desk.text import LocalTime, Message, catalog, format_local_time, format_money, render, template_fields


@pytest.mark.parametrize(
    ("amount", "currency", "expected"),
    [
        (Decimal("1250000.00"), "IDR", "Rp 1.250.000"),
        (Decimal("999.00"), "IDR", "Rp 999"),
        (Decimal("0.00"), "IDR", "Rp 0"),
        (Decimal("-15000.00"), "IDR", "-Rp 15.000"),
        (Decimal("1234.5"), "USD", "$ 1,234.50"),
    ],
)
def test_money_is_written_the_currency_s_own_way(amount: Decimal, currency: str, expected: str) -> None:
    assert format_money(amount, currency) == expected


@given(st.integers(min_value=0, max_value=10**15))
def test_rupiah_groups_read_back_to_the_same_amount(value: int) -> None:
    shown = format_money(Decimal(value), "IDR")
    assert shown.startswith("Rp ")
    assert int(shown[3:].replace(".", "")) == value


def test_local_time_names_the_day_and_the_indonesian_zone() -> None:
    moment = dt.datetime(2026, 11, 22, 2, 12, tzinfo=dt.UTC)  # Sunday
    assert format_local_time(moment, "Asia/Makassar") == "Sunday 10:12 WITA"
    assert format_local_time(moment, "Asia/Jayapura", "id") == "Minggu 11:12 WIT"
    assert format_local_time(moment, "Asia/Jakarta", with_date=True) == "Sun 22 Nov, 09:12 WIB"
    assert format_local_time(moment, "America/New_York") == "Saturday 21:12 EST"


def test_messages_render_in_each_language_with_typed_parameters() -> None:
    moment = dt.datetime(2026, 11, 22, 2, 12, tzinfo=dt.UTC)
    message = Message.of("demo.progress", done=5, total=LocalTime(moment, "Asia/Makassar"))
    assert render(message, "en") == "5 of Sunday 10:12 WITA accounts written"
    assert render(message, "id") == "5 dari Minggu 10:12 WITA rekening ditulis"


def test_a_code_missing_in_a_language_falls_back_to_english_then_to_the_code() -> None:
    assert render(Message.of("db.upgraded", revision="0001"), "xx") == "Database schema upgraded to 0001"
    assert render(Message.of("no.such.code", n=3), "id") == "no.such.code(n=3)"


def test_every_indonesian_code_exists_in_english_and_takes_the_same_parameters() -> None:
    import string

    english, indonesian = catalog("en"), catalog("id")
    assert set(indonesian) <= set(english)
    for code, template in indonesian.items():
        assert template_fields(template) == template_fields(english[code]), code
        assert string.Formatter().parse(template)  # and both are well formed


def test_an_area_may_keep_its_messages_in_its_own_file_and_a_code_defined_twice_is_an_error(
    tmp_path, monkeypatch
) -> None:
    import agent_desk.resources
    import agent_desk.text as text_module

    (tmp_path / "messages" / "en").mkdir(parents=True)
    (tmp_path / "messages" / "en.toml").write_text('[core]\nhello = "Hello"\n', encoding="utf-8")
    (tmp_path / "messages" / "en" / "practice.toml").write_text('[practice]\nstart = "Start {n}"\n', encoding="utf-8")
    monkeypatch.setattr(agent_desk.resources, "resources_root", lambda: tmp_path)
    text_module.catalog.cache_clear()
    try:
        assert render(Message.of("practice.start", n=2), "en") == "Start 2"
        assert render(Message.of("core.hello"), "en") == "Hello"
        (tmp_path / "messages" / "en" / "twice.toml").write_text('[core]\nhello = "Hi"\n', encoding="utf-8")
        text_module.catalog.cache_clear()
        with pytest.raises(ValueError, match=r"core\.hello is defined twice"):
            catalog("en")
    finally:
        text_module.catalog.cache_clear()


def test_the_catalog_is_read_back_from_its_cache_only_while_the_files_are_unchanged(
    tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    import json

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    catalog.cache_clear()
    try:
        parsed = dict(catalog("en"))
        kept = next(tmp_path.rglob("messages-en.json"))
        assert json.loads(kept.read_text(encoding="utf-8"))["messages"] == parsed
        catalog.cache_clear()
        stored = json.loads(kept.read_text(encoding="utf-8"))
        stored["messages"]["queue.empty"] = "from the cache"
        kept.write_text(json.dumps(stored), encoding="utf-8")
        assert catalog("en")["queue.empty"] == "from the cache"  # read back, not parsed again
        catalog.cache_clear()
        stored["files"][0][-1] += 1  # a file changed size since: the cache is not used
        kept.write_text(json.dumps(stored), encoding="utf-8")
        assert dict(catalog("en")) == parsed
        kept.write_text("not json", encoding="utf-8")  # a damaged cache is parsed around
        catalog.cache_clear()
        assert dict(catalog("en")) == parsed
    finally:
        catalog.cache_clear()


@pytest.mark.parametrize(("count", "word"), [(1, "outcome"), (3, "outcomes"), (0, "outcomes")])
def test_a_word_after_a_count_takes_the_languages_form_for_it(count: int, word: str) -> None:
    message = Message.of("outage.back", count=count)
    assert render(message, "en") == f"The database is back: {count} waiting {word} saved"
    assert render(message, "id") == f"Basis data sudah kembali: {count} hasil panggilan yang menunggu telah disimpan"


def test_plural_forms_pick_by_each_count_and_count_as_their_parameter() -> None:
    message = Message.of("outbox.run.queued", count=1, already=0, no_channel=2)
    queued = "Queued 1 message for today (0 already queued, 2 customers with no channel to reach)"
    assert render(message, "en") == queued
    assert template_fields("{count} {count|message|messages}") == {"count"}
    assert template_fields("{n|one|many} left") == {"n"}


def test_no_english_message_writes_a_plural_as_word_s_where_it_has_a_count() -> None:
    """ "1 outcome(s)" reads as a machine wrote it: a template with a count says its word in the right form."""
    import re

    for code, template in catalog("en").items():
        if code.startswith("cli.argparse."):  # argparse's own words, which argparse puts in the right form in English
            continue
        for field in template_fields(template):
            assert not re.search(r"\{" + field + r"\}\s+(\w+\s+)?[\w-]+\(s\)", template), code

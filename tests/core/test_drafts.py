"""Wrap-up drafts survive a kill at any moment and come back for the right agent."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from agent_desk.drafts import DraftStore, WrapUpDraft

NOW = dt.datetime(2026, 11, 24, 2, 30, tzinfo=dt.UTC)


def test_a_draft_round_trips_with_its_fields(tmp_path: Path) -> None:
    store = DraftStore(tmp_path)
    draft = WrapUpDraft.new("agent01", 42, NOW).with_changes(
        NOW, disposition_code="promise_to_pay", fields={"amount": "1250000", "notes": "Janji bayar via VA BCA"}
    )
    store.save(draft)
    assert store.pending("agent01") == [draft]
    assert store.pending("agent02") == []
    store.discard(draft.draft_key)
    assert store.pending() == []


def test_saving_again_replaces_the_draft_not_duplicates_it(tmp_path: Path) -> None:
    store = DraftStore(tmp_path)
    draft = WrapUpDraft.new("agent01", 42, NOW)
    store.save(draft)
    store.save(draft.with_changes(NOW + dt.timedelta(seconds=5), fields={"notes": "lebih lengkap"}))
    (only,) = store.pending()
    assert only.fields == {"notes": "lebih lengkap"}


def test_a_key_that_is_not_a_uuid_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="badly formed"):
        DraftStore(tmp_path).discard("../../etc/passwd")


def test_an_unreadable_file_is_set_aside_not_fatal(tmp_path: Path) -> None:
    store = DraftStore(tmp_path)
    store.save(WrapUpDraft.new("agent01", 1, NOW))
    (tmp_path / "00000000-0000-0000-0000-000000000000.draft.json").write_text("{half a dra")
    assert len(store.pending()) == 1
    assert list(tmp_path.glob("*.unreadable"))


def test_killing_the_writer_mid_stream_never_leaves_a_broken_draft(tmp_path: Path) -> None:
    """A process rewriting one draft as fast as it can is SIGKILLed; what is on disk is always whole."""
    script = textwrap.dedent(f"""
        import datetime as dt, sys
        sys.path.insert(0, {str(Path(__file__).resolve().parents[2])!r})
        from pathlib import Path
        from agent_desk.drafts import DraftStore, WrapUpDraft
        store = DraftStore(Path({str(tmp_path)!r}))
        draft = WrapUpDraft.new("agent01", 7, dt.datetime.now(dt.UTC))
        n = 0
        print("ready", flush=True)
        while True:
            n += 1
            store.save(draft.with_changes(dt.datetime.now(dt.UTC), fields={{"notes": "x" * (n % 5000), "n": n}}))
    """)
    for _ in range(5):
        process = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE)
        assert process.stdout is not None
        assert process.stdout.readline().strip() == b"ready"
        import time

        time.sleep(0.15)
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        drafts = DraftStore(tmp_path).pending()
        assert len(drafts) >= 1
        for draft in drafts:
            assert draft.fields["notes"] == "x" * (draft.fields["n"] % 5000)
        for draft in drafts:
            DraftStore(tmp_path).discard(draft.draft_key)

"""The scratch file's checked batches, read ahead in a thread while the writing pass writes: in file order, whole,
and the thread gone when the reading stops early (a cancel, a failure)."""

from __future__ import annotations

import threading
import zlib

import pytest

from agent_desk.importer.scratch import Scratch


def _readers() -> list[threading.Thread]:
    return [thread for thread in threading.enumerate() if thread.name == "import-scratch-reader"]


def _batches(count: int) -> list[list[dict[str, object]]]:
    return [[{"row": n * 10 + k, "name": f"customer {n}-{k}"} for k in range(3)] for n in range(count)]


def test_the_batches_come_back_whole_and_in_file_order() -> None:
    with Scratch() as scratch:
        for batch in _batches(7):
            scratch.add_batch(batch)
        assert list(scratch.batches()) == _batches(7)
        assert list(scratch.batches()) == _batches(7)  # a second reading reads them all again
    assert not _readers()


def test_stopping_early_ends_the_reading_thread() -> None:
    with Scratch() as scratch:
        for batch in _batches(20):
            scratch.add_batch(batch)
        reading = scratch.batches()
        assert next(reading) == _batches(1)[0]
        assert _readers()  # it reads ahead meanwhile
        reading.close()
        assert not _readers()


def test_a_failure_in_the_reading_thread_reaches_the_reader() -> None:
    with Scratch() as scratch:
        scratch.add_batch(_batches(1)[0])
        scratch._db.execute("UPDATE batches SET data = x'00'")  # not a compressed batch
        with pytest.raises(zlib.error):
            list(scratch.batches())
    assert not _readers()

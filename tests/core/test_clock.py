from __future__ import annotations

import datetime as dt

import pytest

from agent_desk.clock import FrozenClock, parse_moment


def test_an_iso_time_without_offset_is_read_in_the_given_zone() -> None:
    assert parse_moment("2026-11-24T09:30", "Asia/Jakarta") == dt.datetime(2026, 11, 24, 2, 30, tzinfo=dt.UTC)


def test_a_bad_time_gets_an_example() -> None:
    with pytest.raises(ValueError, match="example"):
        parse_moment("tomorrow morning")


def test_a_frozen_clock_stands_still_until_moved() -> None:
    clock = FrozenClock(parse_moment("2026-11-24T09:30+07:00"))
    first = clock.now()
    assert clock.now() == first and clock.simulated
    clock.advance(dt.timedelta(minutes=5))
    assert clock.now() - first == dt.timedelta(minutes=5)

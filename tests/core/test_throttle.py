from __future__ import annotations

from typing import Any

import pytest
from nemo_widgets.core.throttle import Throttle


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_first_value_is_shown_at_once_then_rate_limited() -> None:
    clock, shown = FakeClock(), list[Any]()
    throttle = Throttle(shown.append, rate=20, clock=clock)
    assert throttle.push("a") is True
    clock.now = 0.01
    assert throttle.push("ab") is False
    clock.now = 0.02
    assert throttle.push("abc") is False
    assert shown == ["a"]
    assert throttle.pending
    clock.now = 0.06
    assert throttle.push("abcd") is True  # the slot came: the latest value wins
    assert shown == ["a", "abcd"]


def test_flush_shows_the_held_value_and_only_once() -> None:
    clock, shown = FakeClock(), list[Any]()
    throttle = Throttle(shown.append, rate=20, clock=clock)
    throttle.push("a")
    throttle.push("ab")
    assert throttle.flush() is True
    assert throttle.flush() is False
    assert shown == ["a", "ab"]


def test_poll_waits_for_the_slot() -> None:
    clock, shown = FakeClock(), list[Any]()
    throttle = Throttle(shown.append, rate=10, clock=clock)
    throttle.push(1)
    throttle.push(2)
    clock.now = 0.05
    assert throttle.poll() is False
    clock.now = 0.1
    assert throttle.poll() is True
    assert shown == [1, 2]


def test_a_steady_stream_is_capped_at_the_rate() -> None:
    clock, shown = FakeClock(), list[Any]()
    throttle = Throttle(shown.append, rate=20, clock=clock)
    for i in range(1000):  # 1,000 chunks over 2 s of stream time
        clock.now = i * 0.002
        throttle.push(i)
    throttle.flush()
    assert shown[0] == 0 and shown[-1] == 999
    assert len(shown) <= 2 * 20 + 2


def test_rate_must_be_positive() -> None:
    with pytest.raises(ValueError):
        Throttle(print, rate=0)

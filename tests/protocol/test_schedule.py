"""The render poll schedule, simulated (no clock, no server).

A render of length ``T`` reports progress growing linearly to 100 % at ``T``
(optionally after ``queue`` seconds at 0 %); a poll at ``t >= T`` sees it
completed. The lag is how late the poll that sees it comes.
"""

from __future__ import annotations

import math
import statistics

import pytest
from nemo_widgets.protocol.models import RenderStatus
from nemo_widgets.protocol.schedule import AdaptiveSchedule, FixedSchedule

RENDERS = (20, 30, 45, 60, 90)


def simulate(schedule, length: float, *, queue: float = 0.0, progress: bool = True) -> tuple[float, int]:
    """(lag in seconds, number of polls) until a poll sees the render done."""
    polls: list[tuple[float, RenderStatus]] = []
    now = 0.0
    while True:
        delay = schedule.next_delay(polls)
        assert delay is not None, "gave up"
        assert delay > 0
        now += delay
        if now >= length:
            return now - length, len(polls) + 1
        percent = max(0.0, (now - queue) / (length - queue) * 100) if progress else None
        polls.append((now, RenderStatus("processing" if percent else "pending", progress=percent)))


def fixed_polls(length: float) -> int:
    return math.ceil(length / 30)


def test_fixed_schedule_is_the_documented_cadence():
    fixed = FixedSchedule()
    assert [simulate(fixed, t) for t in RENDERS] == [(10, 1), (0, 1), (15, 2), (0, 2), (0, 3)]
    assert fixed.next_delay([(0.0, RenderStatus("pending"))] * 10) is None


def test_adaptive_shows_result_within_3s_with_at_most_twice_the_requests():
    results = {t: simulate(AdaptiveSchedule(), t) for t in RENDERS}
    lags = [lag for lag, _ in results.values()]
    assert statistics.median(lags) <= 3
    assert max(lags) <= 3
    for length, (_lag, polls) in results.items():
        assert polls <= 2 * fixed_polls(length), (length, polls)


@pytest.mark.parametrize("queue", [5.0, 10.0])
def test_adaptive_with_a_queue_before_progress_starts(queue):
    results = [simulate(AdaptiveSchedule(), t, queue=queue) for t in RENDERS]
    assert statistics.median(lag for lag, _ in results) <= 3
    assert sum(polls for _, polls in results) <= 2 * sum(fixed_polls(t) for t in RENDERS)


def test_adaptive_without_progress_falls_back_to_15s():
    results = [simulate(AdaptiveSchedule(), t, progress=False) for t in RENDERS]
    assert max(lag for lag, _ in results) < 15  # never worse than the fixed schedule's worst
    fixed = [simulate(FixedSchedule(), t)[0] for t in RENDERS]
    assert statistics.mean(lag for lag, _ in results) < statistics.mean(fixed)


def test_adaptive_keeps_waits_bounded_and_gives_up():
    schedule = AdaptiveSchedule()
    slow = [(t, RenderStatus("processing", progress=0.1)) for t in (5.0, 35.0)]
    assert schedule.next_delay(slow) == 30.0  # far away: never more than max_gap
    near = [(5.0, RenderStatus("processing", progress=50.0))]
    assert schedule.next_delay(near) == 5.5  # 5 s left: aim just past it
    done = [(5.0, RenderStatus("processing", progress=100.0))]
    assert schedule.next_delay(done) == 2.0  # min_gap
    assert schedule.next_delay([(600.0, RenderStatus("processing"))]) is None

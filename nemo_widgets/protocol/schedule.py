"""When to poll a render: the documented fixed cadence and an adaptive one.

A schedule is a pure object: :meth:`PollSchedule.next_delay` looks at the
polls so far (seconds since submission, and what each poll said) and gives
the seconds to wait before the next poll, or ``None`` to give up. The same
schedule object serves any number of renders, and a simulation can drive it
without a clock or a server.

The documented cadence (:class:`FixedSchedule`: every 30 s, at most 10
polls) shows a finished 30–90 s render 15 s late on average.
:class:`AdaptiveSchedule` (the default) polls once early, estimates the
finish from the reported progress, and aims just past it: the result shows
within about a second of completion with no more requests than the fixed
schedule would make, give or take one. Without progress reports it falls
back to polling every 15 s (twice the fixed rate, half its delay).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from nemo_widgets.protocol.models import RenderStatus

__all__ = ["AdaptiveSchedule", "FixedSchedule", "Poll", "PollSchedule"]

#: One poll: seconds since the render was submitted, and what it said.
Poll = tuple[float, RenderStatus]


class PollSchedule(Protocol):
    """Decides the wait before the next poll of a render."""

    def next_delay(self, polls: Sequence[Poll]) -> float | None:
        """Seconds to wait before the next poll, or ``None`` to stop polling."""
        ...


@dataclass(frozen=True)
class FixedSchedule:
    """The documented cadence: every ``interval`` s, at most ``max_polls`` polls."""

    interval: float = 30.0
    max_polls: int = 10

    def next_delay(self, polls: Sequence[Poll]) -> float | None:
        return None if len(polls) >= self.max_polls else self.interval


@dataclass(frozen=True)
class AdaptiveSchedule:
    """Poll early, then aim at the finish estimated from the progress.

    * the first poll after ``first`` s;
    * with progress known, the finish time is extrapolated from the last two
      polls that show progress (or from the last poll that showed none, when
      only one does); when it is near (within ``near`` s) the next poll comes
      ``margin`` s after it, otherwise after ``approach`` of the remaining
      time, to re-estimate closer to the end;
    * waits stay between ``min_gap`` and ``max_gap`` s; without any progress
      report the wait is ``fallback`` s;
    * polling stops after ``max_wait`` s (resume later by the job id).
    """

    first: float = 5.0
    margin: float = 0.5
    near: float = 30.0
    approach: float = 0.8
    min_gap: float = 2.0
    max_gap: float = 30.0
    fallback: float = 15.0
    max_wait: float = 600.0

    def next_delay(self, polls: Sequence[Poll]) -> float | None:
        if not polls:
            return self.first
        now = polls[-1][0]
        if now >= self.max_wait:
            return None
        remaining = self._remaining(polls)
        if remaining is None:
            delay = self.fallback
        elif remaining <= self.near:
            delay = remaining + self.margin
        else:
            delay = remaining * self.approach
        delay = min(self.max_gap, max(self.min_gap, delay))
        return min(delay, max(self.min_gap, self.max_wait - now))

    @staticmethod
    def _remaining(polls: Sequence[Poll]) -> float | None:
        """Seconds until the estimated finish, from the progress reports."""
        with_progress = [(t, s.progress) for t, s in polls if s.progress is not None and s.progress > 0]
        if not with_progress:
            return None
        t1, p1 = with_progress[-1]
        if p1 >= 100:
            return 0.0
        if len(with_progress) >= 2 and with_progress[-2][1] < p1:  # the latest rate
            t0, p0 = with_progress[-2]
        else:  # progress began after the last poll that showed none (or at submission)
            idle = [t for t, s in polls if t < t1 and not (s.progress or 0) > 0]
            t0, p0 = (idle[-1] if idle else 0.0), 0.0
        rate = (p1 - p0) / (t1 - t0) if t1 > t0 else 0.0
        if rate <= 0:
            return None
        return max(0.0, (100 - p1) / rate - (polls[-1][0] - t1))

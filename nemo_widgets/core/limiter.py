"""How many batch items run at once: a bound the user sets, halved on HTTP 429, raised again slowly (AIMD).

The rules, the ones TCP uses for its congestion window:

* **start** at the user's bound (``concurrency``), never above it;
* **multiplicative decrease**: a 429 halves the limit (at least 1). All the
  items already running when the limit was cut saw the same crowded service,
  so only a 429 from an item that *started after* the last cut cuts again
  (one cut per "generation", not one per request in flight);
* **additive increase**: each item that finishes without a 429 adds
  ``1 / limit``, so the limit grows by about one per round of items, back up
  to the bound.

Items over the limit are not cancelled: they finish, and no new one starts
until fewer than ``limit`` run.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["AdaptiveLimit", "Slot"]


@dataclass(frozen=True)
class Slot:
    """A running item's place: the generation it started in (for the one-cut-per-generation rule)."""

    generation: int


class AdaptiveLimit:
    """An asyncio gate whose size follows AIMD; ``history`` keeps (seconds, limit) after each change."""

    def __init__(self, bound: int, *, floor: int = 1, clock: Callable[[], float] = time.monotonic) -> None:
        if bound < 1:
            raise ValueError("concurrency must be at least 1")
        self.bound = bound
        self.floor = max(1, min(floor, bound))
        self._limit = float(bound)
        self._active = 0
        self._generation = 0
        self._clock = clock
        self._started = clock()
        self._changed: asyncio.Condition | None = None
        self.rate_limited_count = 0
        self.history: list[tuple[float, int]] = [(0.0, bound)]
        self.most_active = 0

    @property
    def limit(self) -> int:
        """The number of items that may run now."""
        return max(self.floor, int(self._limit))

    @property
    def active(self) -> int:
        return self._active

    def _condition(self) -> asyncio.Condition:
        if self._changed is None:  # made on first use, inside the loop that uses it
            self._changed = asyncio.Condition()
        return self._changed

    async def acquire(self) -> Slot:
        """Wait until fewer than ``limit`` items run; take a place."""
        changed = self._condition()
        async with changed:
            await changed.wait_for(lambda: self._active < self.limit)
            self._active += 1
            self.most_active = max(self.most_active, self._active)
            return Slot(self._generation)

    async def release(self, slot: Slot, *, ok: bool) -> None:
        """Give the place back; ``ok``: the item finished without a 429 (raises the limit a little)."""
        changed = self._condition()
        async with changed:
            self._active -= 1
            if ok:
                self._grow()
            changed.notify_all()

    def rate_limited(self, slot: Slot) -> bool:
        """A 429 reached an item: halve the limit unless it was cut since that item started. True when cut."""
        self.rate_limited_count += 1
        if slot.generation != self._generation:
            return False
        self._generation += 1
        before = self.limit
        self._limit = max(float(self.floor), self._limit / 2)
        self._note(before)
        return True

    def _grow(self) -> None:
        before = self.limit
        self._limit = min(float(self.bound), self._limit + 1.0 / max(self._limit, 1.0))
        self._note(before)

    def _note(self, before: int) -> None:
        if self.limit != before:
            self.history.append((round(self._clock() - self._started, 3), self.limit))

    def __repr__(self) -> str:
        return f"AdaptiveLimit(limit={self.limit}, bound={self.bound}, active={self._active})"

"""Rate limiting for live views: the first update at once, then at most N a second, then a final flush.

A Textarea that is rewritten for every streamed chunk sends the whole text each
time (quadratic bytes, and Jupyter Server drops iopub traffic above ~1,000
messages a second). :class:`Throttle` sits between a producer of values and a
sink that shows them.
"""

from __future__ import annotations

import enum
import time
from collections.abc import Callable
from typing import Generic, TypeVar

__all__ = ["Throttle"]

T = TypeVar("T")


class _Unset(enum.Enum):
    """Nothing held (``None`` may be a value worth showing)."""

    UNSET = enum.auto()


_UNSET = _Unset.UNSET


class Throttle(Generic[T]):
    """Forward values to ``sink`` at most ``rate`` times a second.

    ``push(value)`` shows the first value at once; later values within the
    interval are held and only the latest is kept; ``flush()`` shows the
    held value, if any. Call ``flush()`` at the end of a stream so the final
    value is never lost. ``clock`` is injectable for tests.
    """

    def __init__(
        self,
        sink: Callable[[T], None],
        *,
        rate: float = 20.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if rate <= 0:
            raise ValueError("rate must be positive")
        self._sink = sink
        self._interval = 1.0 / rate
        self._clock = clock
        self._last_sent: float | None = None
        self._pending: T | _Unset = _UNSET
        self.sent = 0

    @property
    def pending(self) -> bool:
        """Whether a value is held back, waiting for the next slot or a flush."""
        return self._pending is not _UNSET

    def push(self, value: T) -> bool:
        """Offer a value; return True when it was shown now."""
        now = self._clock()
        if self._last_sent is None or now - self._last_sent >= self._interval:
            self._emit(value, now)
            return True
        self._pending = value
        return False

    def poll(self) -> bool:
        """Show the held value if its slot has come (for a periodic tick)."""
        value = self._pending
        if value is _UNSET:
            return False
        now = self._clock()
        if self._last_sent is not None and now - self._last_sent < self._interval:
            return False
        self._pending = _UNSET
        self._emit(value, now)
        return True

    def flush(self) -> bool:
        """Show the held value now, if there is one."""
        value = self._pending
        if value is _UNSET:
            return False
        self._pending = _UNSET
        self._emit(value, self._clock())
        return True

    def _emit(self, value: T, now: float) -> None:
        self._pending = _UNSET
        self._last_sent = now
        self.sent += 1
        self._sink(value)

"""Daemon threads kept between renders: each render's thread used to be new, and so was its database
connection (opened, set up and its schema read again for every render: about 1 ms of CPU each time).

Threads are made when none is idle and are never joined at exit (daemons, as the render threads always
were: a render left running must not hold the interpreter open; the engine's ``stop`` kills its ffmpeg).
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from typing import Any

__all__ = ["KeptThreads"]

log = logging.getLogger("nemo_widgets.local")


class KeptThreads:
    """Run calls on daemon threads named ``<prefix>-N``, reusing idle ones."""

    def __init__(self, prefix: str) -> None:
        self._prefix = prefix
        self._calls: queue.SimpleQueue[tuple[Callable[..., Any], tuple[Any, ...]] | None] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._idle = 0
        self._made = 0

    def submit(self, fn: Callable[..., Any], *args: Any) -> None:
        with self._lock:
            fresh = self._idle == 0
            if fresh:
                self._made += 1
            else:
                self._idle -= 1  # that thread takes this call
        self._calls.put((fn, args))
        if fresh:
            threading.Thread(target=self._serve, name=f"{self._prefix}-{self._made}", daemon=True).start()

    def stop(self) -> None:
        """Let every thread end once the call it runs returns."""
        with self._lock:
            made = self._made
        for _ in range(made):
            self._calls.put(None)

    def _serve(self) -> None:
        while (call := self._calls.get()) is not None:
            fn, args = call
            try:
                fn(*args)
            except Exception:  # a call's own failure must not take the thread (and the calls queued for it)
                log.exception("engine: a render thread's call failed")
            with self._lock:
                self._idle += 1

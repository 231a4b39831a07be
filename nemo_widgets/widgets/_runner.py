"""Where the toolkit's coroutines run inside a kernel, and where widget updates are made.

Two modes, chosen per environment (``mode="auto"``) or by the user:

``background``
    The work runs as an asyncio task on the kernel's own event loop (ipykernel
    6 and 7 run one): the cell returns at once, the kernel stays free, and
    widget updates are made on the kernel's main thread. Where no loop is
    running (a plain script), a daemon thread with its own loop is used.

``foreground``
    The cell (or the click handler) blocks until the work is done, while the
    main thread keeps applying widget updates: the coroutine runs on a worker
    thread's loop and hands every update to the main thread through a queue.
    This is the Colab path: Colab does not draw widget updates made from
    background threads or after the cell finished, but it draws updates made
    by the running cell. No nest-asyncio is needed (it breaks ipykernel 7).

Coroutines never print and never use ``with output:``; they call ``ui(fn)``
to change widgets, which is applied on the right thread for the mode.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import os
import queue
import sys
import threading
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, Literal, TypeVar

__all__ = ["Mode", "UiRunner", "detect_mode"]

T = TypeVar("T")
Mode = Literal["auto", "background", "foreground"]


def detect_mode() -> Literal["background", "foreground"]:
    """``foreground`` on Google Colab (or when ``NEMO_WIDGETS_MODE`` says so), else ``background``."""
    forced = os.environ.get("NEMO_WIDGETS_MODE", "").strip().lower()
    if forced in ("background", "foreground"):
        return forced  # type: ignore[return-value]
    if "google.colab" in sys.modules or os.environ.get("COLAB_RELEASE_TAG"):
        return "foreground"
    return "background"


class UiRunner:
    """Run coroutines without freezing the kernel and apply UI updates on the thread that may draw them."""

    def __init__(self, mode: Mode = "auto") -> None:
        self.mode: Literal["background", "foreground"] = detect_mode() if mode == "auto" else mode
        self._main_thread = threading.main_thread()
        self._pump: queue.Queue[Callable[[], None]] | None = None
        self._tasks: set[asyncio.Future[Any] | concurrent.futures.Future[Any]] = set()
        self.errors: list[BaseException] = []

    # -- updates -----------------------------------------------------------
    def ui(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
        """Apply ``fn(*args, **kwargs)`` where widget updates are drawn."""
        pump = self._pump
        if pump is not None and threading.current_thread() is not self._main_thread:
            pump.put(lambda: fn(*args, **kwargs))
            return
        fn(*args, **kwargs)

    # -- running -----------------------------------------------------------
    def start(self, make: Callable[[], Coroutine[Any, Any, T]]) -> object:
        """Run ``make()`` in this runner's mode: a task (background) or to completion (foreground)."""
        if self.mode == "foreground":
            return self.run_foreground(make)
        return self.spawn(make)

    def spawn(self, make: Callable[[], Coroutine[Any, Any, T]]) -> asyncio.Future[T] | concurrent.futures.Future[T]:
        """Start the coroutine in the background and return its future; the caller does not wait."""
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            loop = None
        if loop is not None:
            task: asyncio.Future[T] | concurrent.futures.Future[T] = loop.create_task(make())
        else:
            task = _ThreadLoop.shared().submit(make)
        self._tasks.add(task)
        task.add_done_callback(self._done)
        return task

    def run_foreground(self, make: Callable[[], Coroutine[Any, Any, T]], *, tick: float = 0.05) -> T:
        """Run the coroutine on the runner's worker loop and apply its UI updates here until it ends.

        Always the same worker loop, so an async HTTP client keeps its
        connection pool on one loop across calls.
        """
        pump: queue.Queue[Callable[[], None]] = queue.Queue()
        previous, self._pump = self._pump, pump
        future = _ThreadLoop.shared().submit(make)
        future.add_done_callback(lambda _f: pump.put(_STOP))
        try:
            while True:
                try:
                    item = pump.get(timeout=tick)
                except queue.Empty:
                    continue
                if item is _STOP:
                    break
                item()
        except KeyboardInterrupt:
            future.cancel()
            raise
        finally:
            self._pump = previous
        # updates queued after the stop marker (none normally) are applied too
        while not pump.empty():
            item = pump.get_nowait()
            if item is not _STOP:
                item()
        return future.result()

    def cancel_all(self) -> None:
        """Cancel every background task this runner started."""
        for task in list(self._tasks):
            task.cancel()

    async def wait_all(self) -> None:
        """Await every background task (for tests and for ``Studio.wait()``)."""
        while self._tasks:
            pending = [t for t in self._tasks if not t.done()]
            if not pending:
                break
            await asyncio.gather(*(_awaitable(t) for t in pending), return_exceptions=True)

    def _done(self, task: asyncio.Future[Any] | concurrent.futures.Future[Any]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            # the coroutines report their own errors on screen; keep a record for tests
            self.errors.append(task.exception())  # type: ignore[arg-type]


def _awaitable(task: asyncio.Future[Any] | concurrent.futures.Future[Any]) -> asyncio.Future[Any]:
    return task if isinstance(task, asyncio.Future) else asyncio.wrap_future(task)


def _stop() -> None:  # sentinel
    return None


_STOP: Callable[[], None] = _stop


class _ThreadLoop:
    """One daemon thread running an event loop, for background work where no loop runs."""

    _instance: _ThreadLoop | None = None
    _lock = threading.Lock()

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="nemo-widgets-loop", daemon=True)
        self.thread.start()

    @classmethod
    def shared(cls) -> _ThreadLoop:
        with cls._lock:
            if cls._instance is None:
                cls._instance = cls()
            return cls._instance

    def submit(self, make: Callable[[], Awaitable[T]]) -> concurrent.futures.Future[T]:
        async def run() -> T:
            return await make()

        return asyncio.run_coroutine_threadsafe(run(), self.loop)

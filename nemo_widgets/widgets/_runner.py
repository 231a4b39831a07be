"""Where the toolkit's coroutines run inside a kernel, and where widget updates are made.

All of a Studio's work runs on **one worker thread with its own event loop**,
so the kernel never freezes and the async HTTP client keeps its connection
pool on a single loop. Widget updates are never made from that thread: the
work calls ``ui(fn)`` and the update is applied on the kernel's main thread,

* by the kernel's own event loop (``call_soon_threadsafe``) while the cell
  that started the work has returned (``background`` mode: button clicks in
  JupyterLab, Notebook 7, VS Code, Binder), or
* by the calling cell itself, which blocks and pumps the updates until the
  work ends (``foreground`` mode, and every blocking call such as
  ``studio.wait()``). This is the Colab path: Colab draws widget updates
  made by the running cell, not those made from background threads or after
  the cell finished. No nest-asyncio is needed (it breaks ipykernel 7).

Coroutines never print and never use ``with output:`` (which lands in the
wrong cell from background work).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import os
import queue
import sys
import threading
import time
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, Literal, TypeVar

from nemo_widgets.protocol.settings import detect_runtime

__all__ = ["Mode", "UiRunner", "detect_mode"]

T = TypeVar("T")
_MODES: dict[str, Literal["background", "foreground"]] = {"background": "background", "foreground": "foreground"}
Mode = Literal["auto", "background", "foreground"]
Future = concurrent.futures.Future


def detect_mode() -> Literal["background", "foreground"]:
    """``foreground`` on Google Colab (or when ``NEMO_WIDGETS_MODE`` says so), else ``background``."""
    forced = os.environ.get("NEMO_WIDGETS_MODE", "").strip().lower()
    if forced in _MODES:
        return _MODES[forced]
    if detect_runtime(os.environ, sys.modules) == "colab":
        return "foreground"
    return "background"


class UiRunner:
    """Run coroutines on a worker loop; apply their UI updates on the main thread."""

    def __init__(self, mode: Mode = "auto") -> None:
        self.mode: Literal["background", "foreground"] = detect_mode() if mode == "auto" else mode
        self._main = threading.main_thread()
        self._updates: queue.Queue[Callable[[], None]] = queue.Queue()
        self._pumping = 0
        try:
            self._kernel_loop: asyncio.AbstractEventLoop | None = asyncio.get_running_loop()
        except RuntimeError:
            self._kernel_loop = None  # a script or a test: no kernel loop to hand updates to
        self._tasks: set[Future[Any]] = set()
        self.errors: list[BaseException] = []

    # -- updates -----------------------------------------------------------
    def ui(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
        """Apply ``fn(*args, **kwargs)`` on the main thread (at once when already there)."""
        if threading.current_thread() is self._main:
            fn(*args, **kwargs)
            return
        loop = self._kernel_loop
        if not self._pumping and (loop is None or loop.is_closed()):
            fn(*args, **kwargs)  # nobody on the main thread to hand it to
            return
        self._updates.put(lambda: fn(*args, **kwargs))
        if not self._pumping and loop is not None:
            try:
                loop.call_soon_threadsafe(self._drain)
            except RuntimeError:  # the loop closed meanwhile
                self._drain()

    def _drain(self) -> None:
        while True:
            try:
                update = self._updates.get_nowait()
            except queue.Empty:
                return
            update()

    # -- running -----------------------------------------------------------
    def start(self, make: Callable[[], Coroutine[Any, Any, T]]) -> Future[T] | T:
        """Run ``make()`` in this runner's mode: in the background (a future) or to completion (foreground)."""
        # on the worker's own thread (an update applied there, e.g. from a script's thread) waiting would deadlock
        if self.mode == "foreground" and not _WorkerLoop.is_current():
            return self.run_foreground(make)
        return self.spawn(make)

    def spawn(self, make: Callable[[], Coroutine[Any, Any, T]]) -> Future[T]:
        """Start the coroutine on the worker loop and return its future; nobody waits."""
        future = _WorkerLoop.shared().submit(make)
        self._tasks.add(future)
        future.add_done_callback(self._done)
        return future

    def run_foreground(self, make: Callable[[], Coroutine[Any, Any, T]]) -> T:
        """Run the coroutine on the worker loop; pump its UI updates here until it ends."""
        # count as pumping before the work starts: its first updates must wait for this thread
        here = threading.current_thread() is self._main
        self._pumping += here
        try:
            future = self.spawn(make)
            self.pump_until(future)
        finally:
            self._pumping -= here
        return future.result()

    def wait(self, timeout: float | None = None) -> None:
        """Block until every started coroutine ended, applying their UI updates meanwhile."""
        pending = [f for f in list(self._tasks) if not f.done()]
        if pending:
            self.pump_until(*pending, timeout=timeout)

    def pump_until(self, *futures: Future[Any], tick: float = 0.05, timeout: float | None = None) -> None:
        """Apply queued UI updates on this thread until the futures are done."""
        if threading.current_thread() is not self._main:
            concurrent.futures.wait(futures, timeout=timeout)
            return
        deadline = None if timeout is None else _now() + timeout
        self._pumping += 1
        try:
            while not all(f.done() for f in futures):
                if deadline is not None and _now() > deadline:
                    raise TimeoutError("the work did not finish in time")
                try:
                    update = self._updates.get(timeout=tick)
                except queue.Empty:
                    continue
                update()
            self._drain()
        except KeyboardInterrupt:
            for f in futures:
                f.cancel()
            raise
        finally:
            self._pumping -= 1

    def cancel_all(self) -> None:
        """Cancel every coroutine this runner started (nothing is re-sent)."""
        for future in list(self._tasks):
            future.cancel()

    @property
    def busy(self) -> bool:
        return any(not f.done() for f in self._tasks)

    def _done(self, future: Future[Any]) -> None:
        self._tasks.discard(future)
        error = None if future.cancelled() else future.exception()
        if error is not None:
            self.errors.append(error)


def _now() -> float:
    return time.monotonic()


class _WorkerLoop:
    """One daemon thread running an event loop for all of the toolkit's background work."""

    _instance: _WorkerLoop | None = None
    _lock = threading.Lock()

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="nemo-widgets-loop", daemon=True)
        self.thread.start()

    @classmethod
    def shared(cls) -> _WorkerLoop:
        with cls._lock:
            if cls._instance is None or not cls._instance.thread.is_alive():
                cls._instance = cls()
            return cls._instance

    @classmethod
    def is_current(cls) -> bool:
        """Whether this code runs on the worker loop's thread."""
        return cls._instance is not None and threading.current_thread() is cls._instance.thread

    def submit(self, make: Callable[[], Awaitable[T]]) -> Future[T]:
        async def run() -> T:
            return await make()

        return asyncio.run_coroutine_threadsafe(run(), self.loop)

"""Helpers of the widget tests: wait on what the user sees, act like the front end, count requests.

Works on ipywidgets 7.7.1 and 8.x (the version differences are guarded here, once).
"""

from __future__ import annotations

import asyncio
import functools
import http.server
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import ipywidgets as widgets

__all__ = [
    "CountingTransport",
    "all_widgets",
    "browser_upload",
    "pick_on_disk",
    "serve_folder",
    "state_strings",
    "wait_for",
]


class CountingTransport(httpx.AsyncBaseTransport):
    """The real HTTP transport, noting every request the client sends (method, path, headers)."""

    def __init__(self) -> None:
        self._inner = httpx.AsyncHTTPTransport()
        self.requests: list[httpx.Request] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return await self._inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self._inner.aclose()

    def paths(self, method: str | None = None) -> list[str]:
        return [r.url.path for r in self.requests if method is None or r.method == method]

    def count(self, path: str) -> int:
        return sum(1 for r in self.requests if r.url.path == path)

    @property
    def chats(self) -> int:
        """How many ``/run_sse`` requests (agent turns) were sent."""
        return self.count("/run_sse")


async def wait_for(condition: Callable[[], Any], timeout: float = 30.0, what: str = "") -> Any:
    """Await until ``condition()`` is truthy while the loop applies the UI updates (background mode)."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what or condition}")
        await asyncio.sleep(0.02)


def all_widgets(root: widgets.Widget) -> list[widgets.Widget]:
    """``root`` and every widget reachable from its traits (children, layout, style, players...)."""
    seen: dict[int, widgets.Widget] = {}
    stack = [root]
    while stack:
        widget = stack.pop()
        if id(widget) in seen:
            continue
        seen[id(widget)] = widget
        for key in widget.keys:
            try:
                value = getattr(widget, key)
            except Exception:  # noqa: BLE001 - a trait that cannot be read holds no widget
                continue
            for item in value if isinstance(value, (list, tuple)) else (value,):
                if isinstance(item, widgets.Widget):
                    stack.append(item)
    return list(seen.values())


def state_strings(root: widgets.Widget) -> Iterator[str | bytes]:
    """Every string and byte string in the synced state of ``root`` and its widgets."""

    def walk(value: Any) -> Iterator[str | bytes]:
        if isinstance(value, (str, bytes)):
            yield value
        elif isinstance(value, memoryview):
            yield value.tobytes()
        elif isinstance(value, dict):
            for key, item in value.items():
                yield from walk(key)
                yield from walk(item)
        elif isinstance(value, (list, tuple)):
            for item in value:
                yield from walk(item)

    for widget in all_widgets(root):
        yield from walk(widget.get_state())


def browser_upload(upload: widgets.FileUpload, files: list[tuple[str, bytes]]) -> None:
    """Set a FileUpload's value the way the browser does: ipywidgets 8 sends ``value``, 7 sends data/metadata/_counter."""
    stamp = 1_700_000_000_000
    if "_counter" in upload.keys:  # ipywidgets 7
        metadata = [
            {"name": name, "type": "video/mp4", "size": len(data), "lastModified": stamp} for name, data in files
        ]
        upload.set_state({"metadata": metadata, "data": [memoryview(data) for _, data in files],
                          "_counter": upload._counter + 1})  # fmt: skip
    else:  # ipywidgets 8
        value = [{"name": name, "type": "video/mp4", "size": len(data), "content": memoryview(data),
                  "last_modified": stamp} for name, data in files]  # fmt: skip
        upload.set_state({"value": value})


def pick_on_disk(picker: Any, path: Path) -> None:
    """Use the kernel-disk picker like a person: open the folder, click the file, click Upload (one action)."""
    picker.show(path.parent)
    picker.listing.value = path.name  # the click in the list
    picker.upload.click()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: Any) -> None:
        pass


@contextmanager
def serve_folder(folder: Path) -> Iterator[str]:
    """A tiny HTTP server on 127.0.0.1 serving ``folder``; yields its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)

"""The chunked uploader as a user drives it: the real file dialog, progress, Cancel, refusals.

Front-end independent (JupyterLab 4, Notebook 7, classic Notebook 6 draw the
same widget DOM); only the tab bar's class differs (Lumino ``lm-``, Phosphor ``p-``).
What reached the kernel is checked on disk: the engine's copy of an upload
(hashed) and the kernel's temporary folder (``TMPDIR`` of the server, so of
its kernels), which must be empty after a cancel. Bytes sent are counted on
the page's websockets, so "refused before sending" is measured, not assumed.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from live_jupyter import LiveJupyter

from helpers_media import make_padded_clip

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

__all__ = [
    "Sealed",
    "SentBytes",
    "UploaderPage",
    "engine_copies",
    "make_padded_clip",
    "running",
    "sha256",
    "temp_leftovers",
]

TAB = ".widget-tab .lm-TabBar-tab, .widget-tab .p-TabBar-tab"


S = TypeVar("S", bound=LiveJupyter)


@contextmanager
def running(server: S, artifacts: Path) -> Iterator[S]:
    """The server started for one test, stopped after it (with its kernels); its log kept in ``artifacts``."""
    try:
        yield server.start()  # start() returns the same server
    finally:
        server.stop()
        if server.log_path.exists():
            (artifacts / "jupyter.log").write_bytes(server.log_path.read_bytes())


class Sealed(LiveJupyter):
    """The same sealed server, with ``TMPDIR`` inside it: the kernel's temporary files can be inspected."""

    @property
    def tmp(self) -> Path:
        return self.base / "tmp"

    @property
    def engine_dir(self) -> Path:
        return self.base / "nemo-engine"

    def env(self) -> dict[str, str]:
        self.tmp.mkdir(parents=True, exist_ok=True)
        return {**super().env(), "TMPDIR": str(self.tmp)}


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while block := f.read(4 << 20):
            digest.update(block)
    return digest.hexdigest()


class SentBytes:
    """Counts the bytes the pages of a context send on their websockets (the kernel channels).

    Made before the notebook opens (Notebook 7 opens it in a new tab: new pages are watched too).
    """

    def __init__(self, page: Page) -> None:
        self.total = 0
        for open_page in page.context.pages:
            self._watch(open_page)
        page.context.on("page", self._watch)

    def _watch(self, page: Page) -> None:
        page.on("websocket", lambda ws: ws.on("framesent", self._count))

    def _count(self, payload: Any) -> None:
        self.total += len(payload) if isinstance(payload, (bytes, str)) else 0


class UploaderPage:
    """The "Your computer" tab of the Studio on a page."""

    def __init__(self, page: Page, root: Locator, sent: SentBytes, timeout_ms: float = 180_000) -> None:
        self.page, self.root, self.sent, self.timeout_ms = page, root, sent, timeout_ms
        self.zone = root.locator(".nemo-chunked")

    def open_tab(self) -> None:
        self.root.locator(TAB, has_text="Your computer").click()
        self.zone.wait_for(state="visible", timeout=self.timeout_ms)
        # the fallback under it hides once the kernel heard that the uploader was drawn
        self.root.locator(".widget-upload").first.wait_for(state="hidden", timeout=self.timeout_ms)

    def pick(self, path: Path) -> None:
        """Click "Choose files…" and answer the real file dialog with ``path``."""
        with self.page.expect_file_chooser(timeout=self.timeout_ms) as chooser:
            self.zone.locator("button.nemo-pick").click()
        chooser.value.set_files(str(path))

    def said(self) -> str:
        return str(self.zone.locator(".nemo-said").inner_text())

    def wait_said(self, pattern: str) -> str:
        self.page.wait_for_function(
            "([el, p]) => new RegExp(p).test(el.textContent)",
            arg=[self.zone.locator(".nemo-said").element_handle(), pattern],
            timeout=self.timeout_ms,
        )
        return self.said()

    def wait_listed(self, name: str) -> str:
        """The uploaded-media table lists ``name`` with a duration; the row's text."""
        row = self.root.locator(".nemo-media .widget-hbox", has_text=name)
        row.wait_for(timeout=self.timeout_ms)
        text = str(row.inner_text())
        assert re.search(r"\d+\.\d s", text), f"no duration in the row: {text!r}"
        return text

    def figures(self) -> str:
        return str(self.zone.locator(".nemo-figures").inner_text())

    def wait_progress(self, at_least: int) -> None:
        self.page.wait_for_function(
            "([bar, n]) => bar.value >= n",
            arg=[self.zone.locator("progress").element_handle(), at_least],
            timeout=self.timeout_ms,
        )

    def cancel(self) -> None:
        self.zone.locator("button.nemo-cancel").click()


def engine_copies(server: Sealed, digest: str, size: int) -> list[Path]:
    """Files in the engine's data folder with this size and hash."""
    return [p for p in server.engine_dir.rglob("*") if p.is_file() and p.stat().st_size == size and sha256(p) == digest]


def temp_leftovers(server: Sealed) -> list[Path]:
    return sorted(server.tmp.glob("nemo-upload-*"))

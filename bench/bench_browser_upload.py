"""Benchmark #21: 200 MB from the browser into the kernel, the chunked uploader vs JupyterLab's own upload.

One JupyterLab server (127.0.0.1, sealed in a temporary folder, the browser
tests' ``LiveJupyter``), Debian's Chromium through Playwright, one 200 MB
file of random bytes named ``.mp4`` (only the transfer is timed here:
nothing probes it). In the same page, rounds alternate:

* **baseline**: JupyterLab's file-browser *Upload* button and its file
  dialog; Lab sends a file this big through the contents API in 1 MiB
  base64 JSON chunks (``PUT /api/contents/…``) and the server appends them
  to the file. Timed from accepting its "Large file size warning" until the
  file on the server's disk has all its bytes.
* **ours**: the :class:`~nemo_widgets.widgets.chunked.ChunkedUpload` in a
  notebook cell, the same file through its "Choose files…" dialog; timed
  from answering the dialog until the kernel verified the whole file (length
  and CRC-32) in its temporary folder and the browser showed it.

Throughput ratio: the baseline's median time over ours (median of
``rounds`` each, alternating). Kernel RSS: sampled from ``/proc`` every
20 ms during our uploads, peak minus the kernel's RSS before the first.
Targets: at least 0.5x the baseline's throughput; kernel RSS up less than
50 MB. ``--sweep`` adds one line per (slice size, window) tried, to show
why the defaults were chosen. Needs ``pip install -e '.[browser]'`` and
``/usr/bin/chromium``. Run alone: ``python -m bench.bench_browser_upload [--quick] [--sweep]``.
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time
from pathlib import Path
from typing import Any

from bench._common import Figure, median, run_alone, temp_dir

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "browser"))

from live_jupyter import LiveJupyter, _kernel_pids

MIN_RATIO = 0.5
MAX_RSS_MB = 50.0
SIZE = 200 * 1024 * 1024
CHROMIUM = os.environ.get("NEMO_CHROMIUM", "/usr/bin/chromium")
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]  # fmt: skip
SWEEP = ((256 * 1024, 4), (512 * 1024, 4), (512 * 1024, 8), (512 * 1024, 16), (1024 * 1024, 8), (2048 * 1024, 4))

_CELL = """\
from nemo_widgets.widgets.chunked import ChunkedUpload, remove_received
from IPython.display import display
received = []
def keep(path):
    received.append(path.stat().st_size)
    remove_received(path)
for chunk, window in {settings!r}:
    w = ChunkedUpload(on_received=keep, on_refused=lambda name, why: received.append(why), chunk_bytes=chunk, window=window)
    w.add_class(f"bench-{{chunk}}-{{window}}")
    display(w)
"""


def _notebook(settings: list[tuple[int, int]]) -> dict[str, Any]:
    return {
        "cells": [{"cell_type": "code", "execution_count": None, "id": "bench", "metadata": {}, "outputs": [],
                   "source": _CELL.format(settings=settings)}],
        "metadata": {"kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}},
        "nbformat": 4, "nbformat_minor": 5,
    }  # fmt: skip


def _rss(pid: int) -> int:
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0


class _Peak:
    """The highest RSS of a process while the block runs (sampled every 20 ms)."""

    def __init__(self, pid: int) -> None:
        self.pid, self.peak, self._stop = pid, 0, threading.Event()

    def __enter__(self) -> _Peak:
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def _sample(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, _rss(self.pid))
            time.sleep(0.02)

    def __exit__(self, *_exc: Any) -> None:
        self._stop.set()
        self._thread.join()


def _lab_upload(page: Any, path: Path, root: Path) -> float:
    target = root / path.name
    target.unlink(missing_ok=True)
    with page.expect_file_chooser() as chooser:
        page.locator(".jp-FileBrowser-toolbar [title='Upload Files']").first.click()
    chooser.value.set_files(str(path))
    page.locator(".jp-Dialog .jp-mod-accept").click()  # "Large file size warning" (over 15 MB): Upload
    started = time.perf_counter()  # the baseline's clock starts after the user's click on the warning
    while not (target.exists() and target.stat().st_size == path.stat().st_size):
        time.sleep(0.02)  # polling the server's disk
    took = time.perf_counter() - started
    page.locator(".jp-DirListing-item", has_text=path.name).wait_for()
    target.unlink()
    return took


def _our_upload(page: Any, path: Path, chunk: int, window: int) -> float:
    zone = page.locator(f".bench-{chunk}-{window} .nemo-chunked")
    said = zone.locator(".nemo-said")
    before = said.inner_text()
    with page.expect_file_chooser() as chooser:
        zone.locator("button.nemo-pick").click()
    started = time.perf_counter()
    chooser.value.set_files(str(path))
    page.wait_for_function("([el, before]) => el.textContent !== before && / in \\d/.test(el.textContent)",
                           arg=[said.element_handle(), before], timeout=600_000, polling=20)  # fmt: skip
    took = time.perf_counter() - started
    text = said.inner_text()
    if path.name not in text or "did not" in text:
        raise RuntimeError(f"the upload failed: {text}")
    return took


def _session(folder: Path, settings: list[tuple[int, int]]) -> tuple[LiveJupyter, Any, Any, Any]:
    from playwright.sync_api import sync_playwright

    server = LiveJupyter(folder / "jupyter")
    server.prepare()
    (server.root / "bench_upload.ipynb").write_text(json.dumps(_notebook(settings)), encoding="utf-8")
    server.start()
    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True,
                                         env={**os.environ, "HOME": str(folder / "chromium-home")})  # fmt: skip
    page = browser.new_page(viewport={"width": 1400, "height": 1400})
    page.set_default_timeout(120_000)
    page.goto(f"{server.url}/lab/tree/bench_upload.ipynb")
    page.locator(".jp-StatusBar-TextItem:has-text('(ipykernel) | Idle')").first.wait_for()
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
    for chunk, window in settings:
        page.locator(f".bench-{chunk}-{window} .nemo-chunked").wait_for()
    return server, playwright, browser, page


def _figures(quick: bool, sweep: bool) -> list[Figure]:
    from bench._common import versions  # noqa: F401 - the machine line already printed them

    rounds = 2 if quick else 3
    size = SIZE // 2 if quick else SIZE
    from nemo_widgets.widgets.chunked import CHUNK_BYTES, WINDOW

    settings = [(CHUNK_BYTES, WINDOW)] + ([s for s in SWEEP if s != (CHUNK_BYTES, WINDOW)] if sweep else [])
    with temp_dir("nemo-bench-browser-") as folder:
        path = folder / "upload.mp4"
        with open(path, "wb") as f:
            for _ in range(size // (8 << 20)):
                f.write(os.urandom(8 << 20))
        server, playwright, browser, page = _session(folder, settings)
        try:
            (kernel,) = _kernel_pids(server._proc.pid if server._proc else 0)
            idle = _rss(kernel)
            lab_s, ours_s, peaks = [], [], []
            for _ in range(rounds):
                lab_s.append(_lab_upload(page, path, server.root))
                with _Peak(kernel) as peak:
                    ours_s.append(_our_upload(page, path, *settings[0]))
                peaks.append(peak.peak)
            swept = {s: _our_upload(page, path, *s) for s in settings[1:]}
        finally:
            browser.close()
            playwright.stop()
            server.stop()
    mb = size / 1e6
    ratio = median(lab_s) / median(ours_s)
    rss = (max(peaks) - idle) / 1e6
    chunk, window = settings[0]
    detail = (f"{mb:.0f} MB, median of {rounds} alternating: uploader {median(ours_s):.2f} s "
              f"({mb / median(ours_s):.0f} MB/s, {chunk // 1024} KiB x {window} in flight), JupyterLab upload "
              f"{median(lab_s):.2f} s ({mb / median(lab_s):.0f} MB/s); kernel RSS idle {idle / 1e6:.0f} MB, "
              f"peak +{rss:.1f} MB")  # fmt: skip
    figures = [Figure(21, f"{mb:.0f} MB browser -> kernel: chunked uploader vs JupyterLab's upload", ratio, "x",
                      f">= {MIN_RATIO:g}x, kernel RSS < +{MAX_RSS_MB:g} MB; +{rss:.1f} MB",
                      ratio >= MIN_RATIO and rss < MAX_RSS_MB, detail)]  # fmt: skip
    for (chunk, window), took in swept.items():
        figures.append(Figure(21, f"sweep: {chunk // 1024} KiB x {window}", mb / took, " MB/s", "information",
                              True, f"{took:.2f} s, once"))  # fmt: skip
    return figures


def run(quick: bool = False, sweep: bool = False) -> list[Figure]:
    return _figures(quick, sweep or "--sweep" in sys.argv[1:])


if __name__ == "__main__":
    sys.exit(run_alone(run))

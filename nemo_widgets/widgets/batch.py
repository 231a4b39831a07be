"""The batch panel: many files, one instruction, one light table for all of them.

At 1,000 files a row of widgets per file would be thousands of widget models
in the browser; this panel has a fixed handful. The table, the counts, the
ETA and the failures are HTML, rebuilt on the worker loop (where the items
change) at most ``refresh_rate`` times a second and handed to the kernel's
main thread as finished strings.
"""

from __future__ import annotations

import asyncio
import html
import logging
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from nemo_widgets.core.batch import BatchItem, BatchItems, Instructions, process_many
from nemo_widgets.core.factory import refuse_for_local_engine
from nemo_widgets.core.manifest import MANIFEST_NAME, Manifest
from nemo_widgets.widgets._runner import Mode, UiRunner
from nemo_widgets.widgets.batch_view import counts_html, failures_html, table_html
from nemo_widgets.widgets.player import notebook_files_url

__all__ = ["BatchPanel"]

log = logging.getLogger("nemo_widgets.widgets")


class BatchPanel(widgets.VBox):
    """Process many files with one (or one each) instruction; resumable.

    ``BatchPanel.local(paths, "remove all audio")`` renders with the embedded
    engine; ``BatchPanel(paths, text, base_url=..., ...)`` with any API.
    ``run()`` blocks the cell and shows progress (the foreground path, Colab);
    the buttons work in the background. **Resume** finishes an interrupted
    batch from the manifest in ``output_dir``; **Stop** interrupts it (the
    manifest stays consistent).
    """

    def __init__(
        self,
        paths: Sequence[str | os.PathLike[str]],
        instructions: Instructions = "",
        *,
        concurrency: int = 2,
        format: str | None = None,
        output_dir: str | os.PathLike[str] = "nemo_exports",
        mode: Mode = "auto",
        executor: Any = None,
        local_engine: bool | str | os.PathLike[str] = False,
        refresh_rate: float = 5.0,
        max_rows: int = 100,
        **client_options: Any,
    ) -> None:
        self._work_future: Any = None  # first: close() (also from __del__ after a refusal below) reads it
        if local_engine:  # said now, not when Run is clicked
            refuse_for_local_engine("BatchPanel(local_engine=...)", client_options)
        self.paths = [Path(p) for p in paths]
        self.output_dir = Path(output_dir)
        self.options: dict[str, Any] = dict(concurrency=concurrency, format=format, output_dir=self.output_dir,
                                            executor=executor, local_engine=local_engine, **client_options)  # fmt: skip
        self.refresh_rate, self.max_rows = refresh_rate, max_rows
        self.runner = UiRunner(mode)
        self.items: list[BatchItem] = []
        self._live: dict[str, BatchItem] = {}  # every item of the run, by key, in the order given
        self._dirty = False
        self._started = 0.0
        shared = instructions if isinstance(instructions, str) else ""
        self._per_file = None if isinstance(instructions, str) else instructions
        self.instruction = widgets.Text(value=shared, description="Instruction", layout=widgets.Layout(width="60%"),
                                        placeholder="remove all audio from this video")  # fmt: skip
        self.button = widgets.Button(description="Run batch", icon="play", button_style="primary")
        self.resume_button = widgets.Button(description="Resume", icon="repeat", tooltip="finish an earlier run")
        self.stop_button = widgets.Button(description="Stop", icon="stop", disabled=True)
        self.button.on_click(lambda _b: self._start(resume=False))
        self.resume_button.on_click(lambda _b: self._start(resume=True))
        self.stop_button.on_click(lambda _b: self.stop())
        self.summary = widgets.HTML(self._ready_text())
        self.table = widgets.HTML()
        self.failures = widgets.HTML()
        self.zip_button = widgets.Button(description="Download all (zip)", icon="download", disabled=True)
        self.zip_button.on_click(lambda _b: self.runner.start(self._zip))
        self.zip_link = widgets.HTML()
        self.updates = 0  # how many times the table was redrawn (the panel's own rate limit is tested)
        buttons = widgets.HBox([self.instruction, self.button, self.resume_button, self.stop_button])
        super().__init__([widgets.HTML("<b>Batch</b>"), buttons, self.summary, self.table, self.failures,
                          widgets.HBox([self.zip_button, self.zip_link])])  # fmt: skip

    @classmethod
    def local(cls, paths: Sequence[str | os.PathLike[str]], instructions: Instructions = "", *,
              data_dir: str | os.PathLike[str] | None = None, **options: Any) -> BatchPanel:  # fmt: skip
        """A batch rendered by the embedded engine (in this kernel, or on each executor worker)."""
        return cls(paths, instructions, local_engine=data_dir or True, **options)

    # -- running -------------------------------------------------------------
    def run(self, resume: bool = False) -> list[BatchItem]:
        """Process every file now, blocking the cell while the table shows progress."""
        return self.runner.run_foreground(lambda: self._work(resume))

    def resume(self) -> list[BatchItem]:
        """:meth:`run` from the manifest: skip what finished, resume renders by id, retry retryable failures."""
        return self.run(resume=True)

    def stop(self) -> None:
        """Interrupt the running batch; items in flight are recorded as interrupted (Resume finishes them)."""
        if self._work_future is not None:
            self._work_future.cancel()

    def _start(self, resume: bool) -> None:
        self._work_future = self.runner.start(lambda: self._work(resume))

    async def _work(self, resume: bool) -> BatchItems | list[BatchItem]:
        self.runner.ui(self._set_busy, True)
        self._started, self._dirty, self._live = time.monotonic(), True, {}
        ticker = asyncio.create_task(self._tick())
        try:
            instructions: Instructions = self._per_file if self._per_file is not None else self.instruction.value
            self.items = await process_many(self.paths, instructions, resume=resume, on_update=self._changed,
                                            **self.options)  # fmt: skip
            return self.items
        finally:
            ticker.cancel()
            self._dirty = True
            self._refresh()  # the final state, whatever the rate
            self.runner.ui(self._set_busy, False)

    def _changed(self, item: BatchItem) -> None:
        self._live[item.key] = item
        self._dirty = True

    async def _tick(self) -> None:
        while True:
            await asyncio.sleep(1.0 / self.refresh_rate)
            self._refresh()

    def _refresh(self) -> None:
        """Build the HTML here (the worker loop, where the items change) and hand the strings over."""
        if not self._dirty:
            return
        self._dirty = False
        items = list(self._live.values())
        texts = (counts_html(items, time.monotonic() - self._started, len(self.paths)),
                 table_html(items, self.max_rows, self.output_dir / MANIFEST_NAME), failures_html(items))  # fmt: skip
        self.runner.ui(self._show, *texts)

    def _show(self, summary: str, table: str, failures: str) -> None:
        self.updates += 1
        self.summary.value, self.table.value, self.failures.value = summary, table, failures

    def _set_busy(self, busy: bool) -> None:
        self.button.disabled = self.resume_button.disabled = busy
        self.stop_button.disabled = not busy
        self.zip_button.disabled = busy or not any(item.ok for item in self.items)

    def _ready_text(self) -> str:
        text = f"{len(self.paths)} file(s) ready."
        if (self.output_dir / MANIFEST_NAME).is_file():
            with Manifest(self.output_dir) as manifest:
                counts = manifest.counts()
            if counts:
                done, total = counts.get("done", 0), sum(counts.values())
                text += f" An earlier run finished {done} of {total}: <b>Resume</b> to finish the rest."
        return text

    # -- download all ----------------------------------------------------------
    async def _zip(self) -> None:
        self.runner.ui(setattr, self.zip_link, "value", "Packing the results...")

        def pack() -> tuple[Path, int]:
            with Manifest(self.output_dir) as manifest:
                return manifest.zip_results()

        path, count = await asyncio.to_thread(pack)
        self.runner.ui(self._offer_zip, path, count)

    def _offer_zip(self, path: Path, count: int) -> None:
        served = notebook_files_url(path.absolute())
        size = f"{path.stat().st_size / 1_000_000:.1f} MB"
        name = html.escape(path.name)
        if served is not None:
            self.zip_link.value = (f'<a href="{html.escape(served)}?download=1" download="{name}" target="_blank">'
                                   f"⬇ {name}</a> ({count} files, {size})")  # fmt: skip
        else:
            self.zip_link.value = f"{count} files in <code>{html.escape(str(path))}</code> ({size})"
        if "google.colab" in sys.modules:
            try:
                from google.colab import files

                files.download(str(path))
            except Exception:
                log.debug("Colab's download did not start", exc_info=True)

    def close(self) -> None:
        self.stop()
        super().close()

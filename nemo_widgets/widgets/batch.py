"""The batch panel: several files, an instruction, each file's progress and result."""

from __future__ import annotations

import html
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from nemo_widgets.core.batch import BatchItem, Instructions, process_many
from nemo_widgets.widgets._runner import Mode, UiRunner
from nemo_widgets.widgets.player import MediaPlayer

__all__ = ["BatchPanel"]


class _Row(widgets.VBox):
    def __init__(self, item: BatchItem) -> None:
        self.bar = widgets.FloatProgress(value=0, min=0, max=100, layout=widgets.Layout(width="40%"))
        self.label = widgets.HTML()
        self.player = MediaPlayer()
        super().__init__([widgets.HBox([widgets.HTML(f"<b>{html.escape(item.name)}</b>&nbsp;"), self.bar, self.label]), self.player])

    def show(self, item: BatchItem) -> None:
        with self.hold_sync():
            self.bar.value = item.progress
            self.bar.bar_style = {"done": "success", "failed": "danger"}.get(item.status, "")
            self.label.value = f"&nbsp;{html.escape(item.status)} · {html.escape(item.message)}"
        if item.outcome is not None and self.player.how == "none":
            self.player.show(item.outcome.path, item.outcome.media_type, item.outcome.format)


class BatchPanel(widgets.VBox):
    """Process many files with one (or one each) instruction; one row per file.

    ``BatchPanel.local(paths, "remove all audio")`` uses the embedded engine;
    ``BatchPanel(paths, text, base_url=..., ...)`` any API. ``run()`` blocks
    the cell and shows progress (the foreground path); the Run button works
    in the background.
    """

    def __init__(
        self,
        paths: Sequence[str | os.PathLike[str]],
        instructions: Instructions = "",
        *,
        concurrency: int = 2,
        format: str | None = None,
        mode: Mode = "auto",
        engine: Any = None,
        **client_options: Any,
    ) -> None:
        self.paths = [Path(p) for p in paths]
        self.concurrency, self.format, self.engine = concurrency, format, engine
        self.client_options = client_options
        self.runner = UiRunner(mode)
        self.items: list[BatchItem] = []
        shared = instructions if isinstance(instructions, str) else ""
        self.instruction = widgets.Text(value=shared, description="Instruction", layout=widgets.Layout(width="70%"),
                                        placeholder="remove all audio from this video")
        self._per_file = None if isinstance(instructions, str) else instructions
        self.button = widgets.Button(description="Run batch", icon="play", button_style="primary")
        self.button.on_click(lambda _b: self.runner.start(self._work))
        self.rows = widgets.VBox()
        self.summary = widgets.HTML(f"{len(self.paths)} file(s) ready.")
        self._rows: dict[str, _Row] = {}
        super().__init__([widgets.HTML("<b>Batch</b>"), widgets.HBox([self.instruction, self.button]), self.summary, self.rows])

    @classmethod
    def local(cls, paths: Sequence[str | os.PathLike[str]], instructions: Instructions = "", *,
              data_dir: str | os.PathLike[str] | None = None, **options: Any) -> BatchPanel:
        """A batch on the embedded engine (started in this kernel)."""
        from nemo_widgets.core.factory import LOCAL_POLLS, default_engine_dir, local_client_settings
        from nemo_widgets.local.server import start_in_background

        engine = start_in_background(data_dir=Path(data_dir) if data_dir else default_engine_dir())
        options.setdefault("poll_schedule", LOCAL_POLLS)
        settings = local_client_settings(engine.url, options.pop("profile", None))
        return cls(paths, instructions, engine=engine, settings=settings, **options)

    def run(self) -> list[BatchItem]:
        """Process every file now, blocking the cell while the rows show progress."""
        return self.runner.run_foreground(self._work)  # type: ignore[no-any-return]

    async def _work(self) -> list[BatchItem]:
        self.runner.ui(self._set_busy, True)
        try:
            instructions: Instructions = self._per_file if self._per_file is not None else self.instruction.value
            self.items = await process_many(
                self.paths, instructions, concurrency=self.concurrency, format=self.format,
                on_update=lambda item: self.runner.ui(self._show, item), **self.client_options,
            )
            return self.items
        finally:
            self.runner.ui(self._set_busy, False)

    def _set_busy(self, busy: bool) -> None:
        self.button.disabled = busy
        if not busy and self.items:
            done = sum(item.ok for item in self.items)
            self.summary.value = f"{done} of {len(self.items)} file(s) done."

    def _show(self, item: BatchItem) -> None:
        row = self._rows.get(str(item.path))
        if row is None:
            row = self._rows[str(item.path)] = _Row(item)
            self.rows.children = (*self.rows.children, row)
        row.show(item)

    def close(self) -> None:
        if self.engine is not None:
            self.engine.stop()
        super().close()

"""What ``nemo-widgets run`` shows: one progress bar for the batch, a line per finished file, a summary table.

On a terminal the bar is rich's and the lines print above it; when stdout is
a pipe or a file there is no bar, only the lines (``[3/20] ok  clip.mp4 ->
out/clip.mp4 (1.2 s)``) and the table, without colour codes, so a log reads
the same as the screen. Every text comes from the item (a file name, a
result path, the batch's own sentence for a failure): never a token, a
traceback or a server's raw answer.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from typing import IO

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.table import Table

from nemo_widgets.core.batch import BatchItem
from nemo_widgets.core.batch_job import INTERRUPTED

__all__ = ["BatchReport"]

#: Beyond this many files the summary table lists the failures only (every file had its line already).
FULL_TABLE_UP_TO = 30


class BatchReport:
    """Hears every item update of a batch (``on_update``) and shows it; ``summary()`` at the end."""

    def __init__(self, total: int, *, stream: IO[str] | None = None, terminal: bool | None = None) -> None:
        self.console = Console(file=stream, force_terminal=terminal, highlight=False, soft_wrap=True)
        self.total = total
        self.started = time.monotonic()
        self._began: dict[str, float] = {}
        self._announced: set[str] = set()
        self._earlier = 0
        self._progress: dict[str, float] = {}
        self._bar: Progress | None = None
        self._task = None
        if self.console.is_terminal:
            self._bar = Progress(
                TextColumn("[bold]{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                TextColumn("left"),
                TimeRemainingColumn(),
                console=self.console,
                transient=True,
            )
            self._task = self._bar.add_task("files", total=total)

    def __enter__(self) -> BatchReport:
        if self._bar is not None:
            self._bar.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None

    # -- news ---------------------------------------------------------------
    def on_update(self, item: BatchItem) -> None:
        """One item's news (called by the batch on every step)."""
        if item.status != "waiting":
            self._began.setdefault(item.key, time.monotonic())
        self._progress[item.key] = item.progress / 100
        stopped = item.error == INTERRUPTED  # Ctrl-C: not finished, the resume line says what to do
        if item.status in ("done", "failed") and item.key not in self._announced and not stopped:
            self._announced.add(item.key)
            if item.earlier:
                self._earlier += 1
            else:
                self._line(item)
        if self._bar is not None and self._task is not None:
            self._bar.update(self._task, completed=sum(self._progress.values()), description=self._description())

    def _description(self) -> str:
        finished = len(self._announced)
        return f"{finished} of {self.total} finished" if finished else "starting"

    def _line(self, item: BatchItem) -> None:
        count = f"[{len(self._announced)}/{self.total}]"
        took = time.monotonic() - self._began.get(item.key, time.monotonic())
        name = escape(item.name)
        if item.ok and item.outcome is not None:
            text = f"{count} [green]ok[/]     {name} -> {escape(_shown(item.outcome.path))} ({took:.1f} s)"
        else:
            text = f"{count} [red]failed[/] {name}: {escape(item.error or item.message or 'failed')}"
        self.console.print(text)

    def earlier_note(self) -> None:
        """Say in one line how many files a resumed run found finished (not one line each)."""
        if self._earlier:
            self.console.print(f"{self._earlier} of {self.total} files were done in an earlier run; not redone.")

    # -- the end ------------------------------------------------------------
    def summary(self, items: Sequence[BatchItem], manifest: Path | None) -> None:
        """The table: every file (or the failures, for a big batch), then the totals and where the manifest is."""
        self.close()
        self.earlier_note()
        failed = [item for item in items if not item.ok]
        shown = list(items) if len(items) <= FULL_TABLE_UP_TO else failed
        if shown:
            table = Table(title="Failed files" if len(items) > FULL_TABLE_UP_TO else None)
            table.add_column("file")
            table.add_column("result")
            table.add_column("output or reason", overflow="fold")
            for item in shown:
                table.add_row(*_row(item))
            self.console.print(table)
        self.console.print(self._totals(items, manifest))

    def _totals(self, items: Sequence[BatchItem], manifest: Path | None) -> str:
        done = sum(item.ok for item in items)
        earlier = sum(item.ok and item.earlier for item in items)
        took = time.monotonic() - self.started
        parts = [f"{done} of {len(items)} done" + (f" ({earlier} in an earlier run)" if earlier else "")]
        if len(items) - done:
            parts.append(f"[red]{len(items) - done} failed[/]")
        parts.append(f"{took:.1f} s")
        text = ", ".join(parts) + "."
        if manifest is not None:
            text += f" Manifest: {escape(_shown(manifest))}"
        return text


def _row(item: BatchItem) -> tuple[str, str, str]:
    if item.ok and item.outcome is not None:
        result = "done (earlier run)" if item.earlier else "done"
        return escape(item.name), f"[green]{result}[/]", escape(_shown(item.outcome.path))
    return escape(item.name), "[red]failed[/]", escape(item.error or item.message or "")


def _shown(path: Path) -> str:
    """A path as the user typed it (relative to here when under here)."""
    try:
        return str(path.absolute().relative_to(Path.cwd()))
    except ValueError:
        return str(path)

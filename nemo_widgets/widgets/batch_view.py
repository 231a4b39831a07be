"""The batch panel's HTML: counts and ETA, one table, the failures. Pure functions of the items (tested alone).

Cells carry their own padding (ipywidgets 7 does not pad table cells the way
JupyterLab's CSS does). Every text from a file name or a server is escaped.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from pathlib import Path

from nemo_widgets.core.batch import BatchItem

__all__ = ["RUNNING", "counts_html", "failures_html", "format_eta", "table_html"]

RUNNING = ("running", "uploading", "editing", "rendering", "downloading")
_ORDER = {"failed": 1, "waiting": 2, "done": 3}
_COLOURS = {"done": "#2e7d32", "failed": "#c62828"}
#: One style block per table, scoped to its class: a row is ~150 bytes, not a copy of the styles per cell.
_STYLE = (
    "<style>.nemo-batch{border-collapse:collapse;font-size:90%}.nemo-batch td,.nemo-batch th{padding:2px 8px;"
    "text-align:left;border-bottom:1px solid rgba(128,128,128,.25)}.nemo-batch progress{width:90px;height:10px}"
    ".nemo-batch .nb-done{color:#2e7d32}.nemo-batch .nb-failed{color:#c62828}.nemo-batch .nb-busy{color:#1565c0}"
    "</style>"
)
MAX_FAILURES = 50


def format_eta(seconds: float) -> str:
    """``45 s``, ``3 min 10 s``, ``2 h 05 min``."""
    seconds = max(0, round(seconds))
    if seconds < 60:
        return f"{seconds} s"
    if seconds < 3600:
        return f"{seconds // 60} min {seconds % 60:02d} s"
    return f"{seconds // 3600} h {seconds % 3600 // 60:02d} min"


def counts_html(items: Sequence[BatchItem], elapsed: float, total: int | None = None) -> str:
    """``412 of 1,000 done (300 in an earlier run) · 4 running · 580 waiting · 4 failed · ETA 3 min 10 s``."""
    total = max(total or 0, len(items))
    done = sum(item.status == "done" for item in items)
    earlier = sum(item.earlier for item in items)
    running = sum(item.status in RUNNING for item in items)
    failed = sum(item.status == "failed" for item in items)
    waiting = total - done - running - failed
    parts = [f"<b>{done:,} of {total:,} done</b>" + (f" ({earlier:,} in an earlier run)" if earlier else "")]
    parts += [f"{running:,} running", f"{waiting:,} waiting"]
    if failed:
        parts.append(f"<span style='color:{_COLOURS['failed']}'>{failed:,} failed</span>")
    finished_now = sum(item.finished_at is not None for item in items)
    if waiting + running and finished_now and elapsed > 0:
        parts.append(f"ETA {format_eta((waiting + running) * elapsed / finished_now)}")
    elif not waiting + running:
        parts.append(f"finished in {format_eta(elapsed)}")
    return " · ".join(parts)


def _sort_key(item: BatchItem) -> tuple[int, float]:
    rank = 0 if item.status in RUNNING else _ORDER.get(item.status, 2)
    return rank, -(item.finished_at or 0.0) if rank == 3 else 0.0


def _row(number: int, item: BatchItem) -> str:
    message = item.message if len(item.message) <= 160 else item.message[:157] + "..."
    kind = item.status if item.status in _COLOURS else "busy"
    return (f"<tr><td>{number}</td><td><b>{html.escape(item.name)}</b></td><td class='nb-{kind}'>{item.status}</td>"
            f"<td><progress max='100' value='{max(0.0, min(100.0, item.progress)):.0f}'></progress></td>"
            f"<td>{html.escape(message)}</td></tr>")  # fmt: skip


def table_html(items: Sequence[BatchItem], max_rows: int = 100, manifest: Path | None = None) -> str:
    """At most ``max_rows`` rows: running first, then failed, waiting, and the latest done."""
    if not items:
        return ""
    numbers = {id(item): n for n, item in enumerate(items, 1)}
    shown = sorted(items, key=_sort_key)[:max_rows]
    head = "".join(f"<th>{name}</th>" for name in ("#", "file", "status", "progress", "result"))
    rows = "".join(_row(numbers[id(item)], item) for item in shown)
    note = ""
    if len(shown) < len(items):
        where = f"; the manifest has them all: <code>{html.escape(str(manifest))}</code>" if manifest else ""
        note = (f"<div style='opacity:.75;padding:2px 8px'>Showing {len(shown):,} of {len(items):,} files "
                f"(running and failed first){where}</div>")  # fmt: skip
    return f"{_STYLE}<table class='nemo-batch'><tr>{head}</tr>{rows}</table>{note}"


def failures_html(items: Sequence[BatchItem]) -> str:
    """Every failed file with its sentence (the first :data:`MAX_FAILURES`)."""
    failed = [item for item in items if item.status == "failed"]
    if not failed:
        return ""
    lines = "".join(f"<li><b>{html.escape(item.name)}</b>: {html.escape(item.error or item.message)}</li>"
                    for item in failed[:MAX_FAILURES])  # fmt: skip
    more = f"<li>... and {len(failed) - MAX_FAILURES:,} more</li>" if len(failed) > MAX_FAILURES else ""
    retry = sum(item.retryable for item in failed)
    hint = f" ({retry:,} can be retried: <b>Resume</b>)" if retry else ""
    return f"<div style='color:{_COLOURS['failed']}'>Failed{hint}:</div><ul style='margin:2px 0'>{lines}{more}</ul>"

"""Benchmark #8: the timeline chart, one collection per lane vs. one bar per segment.

Both sides draw the same draft on a figure of the same size and dpi with the
Agg canvas and encode it to PNG. The naive baseline is what one writes first:
one ``ax.barh`` and one ``ax.text`` per segment. Figure #8 passes when 10,000
segments take under a second and the baseline is at least 3x slower; the 10
and 1,000 segment runs are reported as detail.

Run alone: ``python -m bench.bench_chart [--quick]``.
"""

from __future__ import annotations

import functools
import io
import sys
import time
from collections.abc import Callable

from nemo_widgets.core.chart import render_timeline
from nemo_widgets.protocol.draft import Draft

from bench._common import Figure, run_alone

__all__ = ["best_of", "make_draft", "naive_png", "png_size", "run"]

SIZES = (10, 1_000, 10_000)
LIMIT_S = 1.0
MIN_RATIO = 3.0
QUICK_BUDGET_S = 4.0
_KINDS = ((0, None, "clip"), (1, "BGM", "music"), (1, "Voice", "take"), (7, "Title", None))


def make_draft(segments: int) -> Draft:
    """``segments`` segments spread over a video, two audio and a text track, one after another."""
    tracks = []
    for lane, (kind, name, stem) in enumerate(_KINDS):
        count = segments // len(_KINDS) + (1 if lane < segments % len(_KINDS) else 0)
        sg = []
        for i in range(count):
            meta: dict[str, object] = {"text": f"Caption {i}"} if stem is None else {"name": f"{stem} {i}"}
            if kind == 1:
                meta["volume"] = 0.35 + 0.5 * (i % 3) / 2
            sg.append({"s": i * 2000, "d": 1500 + (i * 37) % 500, "m": meta})
        tracks.append({"tt": kind, "sg": sg, "m": {"name": name} if name else {}})
    return Draft.from_dict({"t": tracks})


def naive_png(
    draft: Draft, height_px: int, width_px: int = 900, dpi: float = 100, deadline: float | None = None
) -> bytes | None:
    """The baseline: one ``barh`` and one ``text`` per segment, on a figure of the same size, to PNG.

    With a ``deadline`` (a ``perf_counter`` time) it gives up and returns ``None`` once past it.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure as MplFigure

    fig = MplFigure(figsize=(width_px / dpi, height_px / dpi), dpi=dpi)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    colors = {"video": "#0072b2", "audio": "#e69f00", "text": "#009e73"}
    for lane, track in enumerate(draft.tracks):
        for seg in track.segments:
            width = (seg.duration_ms or 0) / 1000
            ax.barh(lane, width, left=seg.start_ms / 1000, height=0.74, color=colors.get(track.kind, "grey"))
            ax.text(seg.start_ms / 1000, lane, track.segment_label(seg), fontsize=8, va="center", clip_on=True)
            if deadline is not None and time.perf_counter() > deadline:
                return None
    ax.set_yticks(range(len(draft.tracks)), [f"{i}. {t.label}" for i, t in enumerate(draft.tracks, 1)])
    ax.invert_yaxis()
    ax.set_xlim(0, draft.duration_s)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue()


def png_size(png: bytes) -> tuple[int, int]:
    """(width, height) from a PNG's IHDR chunk."""
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


def naive_time(draft: Draft, height_px: int, repeats: int, budget_s: float | None) -> tuple[float, bool]:
    """Best time of the baseline, and whether it finished (else the time is a lower bound: the budget)."""
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        done = naive_png(draft, height_px, deadline=None if budget_s is None else start + budget_s)
        if done is None:
            return float(budget_s or 0.0), False
        best = min(best, time.perf_counter() - start)
    return best, True


def best_of(fn: Callable[[], object], repeats: int) -> float:
    """The fastest of ``repeats`` timed calls, in seconds."""
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def run(quick: bool = False) -> list[Figure]:
    """Measure the renderer and the naive baseline at 10, 1,000 and 10,000 segments.

    The baseline at 10,000 segments takes half a minute here; in quick mode it
    is stopped after :data:`QUICK_BUDGET_S` and the ratio is a lower bound
    (shown as ``>=``), which is enough to decide the target.
    """
    render_timeline(make_draft(10))  # warm up: matplotlib import, font cache
    rows = []
    for size in SIZES:
        draft = make_draft(size)
        ours = best_of(functools.partial(render_timeline, draft), 3 if quick else 7)
        height = png_size(render_timeline(draft))[1]
        budget = QUICK_BUDGET_S if quick and size >= 10_000 else None
        naive, finished = naive_time(draft, height, 1 if quick or size >= 10_000 else 3, budget)
        rows.append((size, ours, naive, finished))
    _, ours, naive, finished = rows[-1]
    ratio = naive / ours
    detail = "; ".join(
        f"{size:,} seg: {o * 1000:.0f} ms vs naive {'' if done else '> '}{n * 1000:.0f} ms"
        f" ({'' if done else '>= '}{n / o:.1f}x)"
        for size, o, n, done in rows
    )
    return [
        Figure(
            number=8,
            name="timeline chart, 10,000 segments to PNG vs one barh+text per segment",
            value=ratio,
            unit="x" if finished else "x (lower bound)",
            target=f">= {MIN_RATIO:g}x and 10,000 segments < {LIMIT_S:g} s",
            ok=ours < LIMIT_S and ratio >= MIN_RATIO,
            detail=detail,
        )
    ]


def main(argv: list[str] | None = None) -> int:
    return run_alone(run, argv)


if __name__ == "__main__":
    sys.exit(main())

"""The timeline chart: a draft drawn as one lane per track, as PNG bytes.

One lane per track, top to bottom in track order, labelled like the draft's
summary (``1. Video``, ``2. BGM``, ``3. Title``). Segments are bars coloured by
track type (Okabe-Ito colours: video blue, audio orange, text green); an audio
bar's height is its volume, a muted track is grey and hatched. Names (the
quoted text for titles) sit inside bars wide enough for them, at most
:data:`MAX_LABELS` of them. The x axis is in seconds (``m:ss`` from a minute).

Drawn with matplotlib's object API on an Agg canvas, never pyplot: no global
figure list, nothing to close. matplotlib (and numpy) are imported only when a
chart is drawn, so importing this module stays cheap. Each lane is one
``PolyCollection`` whatever its number of segments, which is what keeps
10,000 segments well under a second. The same draft gives the same bytes.
"""

from __future__ import annotations

import io
import math
import textwrap
import threading
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from nemo_widgets.protocol.draft import Draft, Track, format_seconds

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = [
    "EMPTY_MESSAGE",
    "MAX_LABELS",
    "THEMES",
    "ChartTheme",
    "TimelineChart",
    "nice_ticks",
    "render_timeline",
    "timeline_figure",
]

EMPTY_MESSAGE = "Timeline is empty \N{EM DASH} upload a clip to start"
#: The most segment names drawn in one chart; the widest segments win.
MAX_LABELS = 40

# Geometry in pixels at dpi 100 (everything scales with dpi / 100).
_LANE_PX = 40.0
_MAX_PLOT_PX = 480.0  # twelve full lanes; then lanes shrink to _MIN_LANE_PX, then share _CAP_PLOT_PX
_MIN_LANE_PX, _CAP_PLOT_PX = 20.0, 720.0
_BAR = 0.74  # bar height as a fraction of a lane
_TOP_PX, _TITLE_PX, _BOTTOM_PX, _RIGHT_PX = 12.0, 26.0, 30.0, 18.0
_CAPTION_LINE_PX, _MAX_CAPTION_LINES = 15.0, 3
_EMPTY_PLOT_PX = 80.0
_LANE_FONT, _LABEL_FONT, _TICK_FONT, _TITLE_FONT = 9.0, 8.0, 8.0, 10.5
_EM_PX = 100 / 72  # one point in pixels at dpi 100
_CHAR = 0.62  # a generous average glyph width, in ems (DejaVu Sans)
_MIN_LABEL_PX = 26.0
_MAX_LANE_CHARS = 22
_TICK_SPACING_PX = 64.0
_STEPS_S = (
    0.01,
    0.02,
    0.05,
    0.1,
    0.2,
    0.25,
    0.5,
    1,
    2,
    5,
    10,
    15,
    30,
    60,
    120,
    300,
    600,
    900,
    1800,
    3600,
    7200,
    10800,
    21600,
    43200,
    86400,
)

_DRAW_LOCK = threading.Lock()  # matplotlib's text/font machinery is not documented thread-safe


@dataclass(frozen=True)
class ChartTheme:
    """The chart's colours. ``*_ink`` is the text colour on a bar of that kind."""

    background: str = "#ffffff"
    foreground: str = "#1f2328"
    subtle: str = "#6e7781"
    grid: str = "#d8dee4"
    lane: str = "#f3f4f6"
    video: str = "#0072b2"
    audio: str = "#e69f00"
    text: str = "#009e73"
    other: str = "#cc79a7"
    muted: str = "#b8bcc2"
    hatch: str = "#6e7781"
    video_ink: str = "#ffffff"
    audio_ink: str = "#1f2328"
    text_ink: str = "#ffffff"
    other_ink: str = "#1f2328"
    muted_ink: str = "#1f2328"

    def fill(self, track: Track) -> str:
        return self.muted if track.muted else getattr(self, track.kind)

    def ink(self, track: Track) -> str:
        return self.muted_ink if track.muted else getattr(self, f"{track.kind}_ink")

    def tint(self, track: Track) -> tuple[float, float, float]:
        """The track's colour washed into the lane: the unused headroom above an audio level."""
        from matplotlib.colors import to_rgb

        fill, lane = to_rgb(self.fill(track)), to_rgb(self.lane)  # lane is a colour, never "none"
        (r, g, b), (lr, lg, lb) = fill, lane
        return (0.3 * r + 0.7 * lr, 0.3 * g + 0.7 * lg, 0.3 * b + 0.7 * lb)

    @classmethod
    def for_page(cls, page: Mapping[str, Any]) -> ChartTheme:
        """The chart drawn on a page's own colours: transparent, text and lanes as the page reports them.

        ``page`` is what the front end read from its CSS variables: ``dark`` (bool) and any of
        ``foreground``, ``subtle``, ``grid``, ``lane`` as ``#rrggbb``; the bars keep the light or dark
        palette (their text colours are chosen for it).
        """
        base = THEMES["dark" if page.get("dark") else "light"]
        colours = {name: page[name] for name in ("foreground", "subtle", "grid", "lane") if name in page}
        return replace(base, background="none", **colours)


THEMES: dict[str, ChartTheme] = {
    "light": ChartTheme(),
    "dark": ChartTheme(
        background="#1e1e1e",
        foreground="#e6edf3",
        subtle="#9198a1",
        grid="#3d444d",
        lane="#2b2f36",
        video="#56b4e9",
        video_ink="#102030",
        muted="#5c636c",
        hatch="#9198a1",
        muted_ink="#e6edf3",
    ),
}


def _theme(theme: ChartTheme | str | None) -> ChartTheme:
    if theme is None:
        return THEMES["light"]
    if isinstance(theme, ChartTheme):
        return theme
    try:
        return THEMES[theme]
    except KeyError:
        raise ValueError(f"unknown chart theme {theme!r}; choose from {sorted(THEMES)}") from None


def nice_ticks(end_s: float, max_ticks: int) -> list[float]:
    """Tick positions in seconds from 0 to ``end_s``: a round step, at most ``max_ticks`` + 1 of them."""
    step = next((s for s in _STEPS_S if end_s / s <= max_ticks), None)
    if step is None:
        step = math.ceil(end_s / max(max_ticks, 1) / 86400) * 86400
    return [round(i * float(step), 6) for i in range(int(end_s / step + 1e-9) + 1)]


def _tick_label(seconds: float, end_s: float) -> str:
    if end_s < 60:
        return f"{format_seconds(seconds * 1000)}s"
    total = round(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if end_s >= 3600 else f"{minutes}:{secs:02d}"


def _fit(text: str, max_chars: int) -> str:
    """``text`` cut to ``max_chars`` with an ellipsis, or ``""`` when even that is too short."""
    if len(text) <= max_chars:
        return text
    return text[: max_chars - 1].rstrip() + "\N{HORIZONTAL ELLIPSIS}" if max_chars >= 5 else ""


def _chars(px: float, font_pt: float) -> int:
    return int(px / (font_pt * _EM_PX * _CHAR))


def _lane_label(number: int, track: Track) -> str:
    label = _fit(f"{number}. {track.label}", _MAX_LANE_CHARS)
    return f"{label} (muted)" if track.muted else label


def _segment_text(track: Track, index: int, max_chars: int) -> str:
    seg = track.segments[index]
    name = track.segment_label(seg)
    if track.kind in ("video", "audio") and seg.volume is not None and round(seg.volume * 100) != 100:
        suffix = f" \N{MIDDLE DOT} {round(seg.volume * 100)}%"
        if len(name) + len(suffix) <= max_chars:
            return name + suffix
        if max_chars - len(suffix) >= 5:
            return _fit(name, max_chars - len(suffix)) + suffix
        return suffix[3:] if len(suffix) - 3 <= max_chars else ""
    return _fit(name, max_chars)


@dataclass(frozen=True)
class _Layout:
    """Where things go, in pixels at dpi 100."""

    width: float
    height: float
    left: float
    top: float
    bottom: float
    plot_w: float
    plot_h: float
    lanes: int
    end_ms: float

    @property
    def lane_px(self) -> float:
        return self.plot_h / max(self.lanes, 1)

    @property
    def px_per_ms(self) -> float:
        return self.plot_w / self.end_ms


def _layout(draft: Draft, width_px: float, title: str | None, caption_lines: int) -> _Layout:
    lanes = len(draft.tracks)
    longest = max((len(_lane_label(i, t)) for i, t in enumerate(draft.tracks, 1)), default=0)
    left = min(max(14.0 + longest * _LANE_FONT * _EM_PX * 0.58, 60.0), 200.0)
    ready = draft.ready_for_export
    left = left if ready else _RIGHT_PX
    top = _TOP_PX + (_TITLE_PX if title else 0.0)
    bottom = (_BOTTOM_PX if ready else _TOP_PX) + caption_lines * _CAPTION_LINE_PX
    plot_h = min(lanes * _LANE_PX, max(_MAX_PLOT_PX, lanes * _MIN_LANE_PX), _CAP_PLOT_PX) if ready else _EMPTY_PLOT_PX
    ends = [draft.duration_ms] + [s.end_ms or s.start_ms for t in draft.tracks for s in t.segments]
    end_ms = max((e for e in ends if math.isfinite(e)), default=0.0)  # NaN and inf come through JSON
    end_ms = end_ms if end_ms > 0 else 1000.0
    plot_w = max(width_px - left - _RIGHT_PX, 40.0)
    return _Layout(width_px, top + plot_h + bottom, left, top, bottom, plot_w, plot_h, lanes, end_ms)


def _verts(x0: Any, x1: Any, y0: Any, y1: Any) -> Any:
    """(n, 4, 2) rectangle corners from arrays of edges: one PolyCollection, no Python loop."""
    import numpy as np

    out = np.empty((len(x0), 4, 2))
    out[:, 0, 0] = out[:, 1, 0] = x0
    out[:, 2, 0] = out[:, 3, 0] = x1
    out[:, 0, 1] = out[:, 3, 1] = y0
    out[:, 1, 1] = out[:, 2, 1] = y1
    return out


def _spans(track: Track, lay: _Layout, bound_ms: float) -> tuple[Any, Any]:
    """Each segment's drawn left and right edge in seconds: a 1 px gap between wide bars, 1.5 px at least."""
    import numpy as np

    segs = track.segments
    start = np.fromiter((s.start_ms for s in segs), float, len(segs))
    end = np.fromiter((s.end_ms if s.end_ms is not None else bound_ms for s in segs), float, len(segs))
    start = np.nan_to_num(start, nan=0.0, posinf=lay.end_ms, neginf=0.0)
    end = np.nan_to_num(end, nan=lay.end_ms, posinf=lay.end_ms, neginf=0.0)
    px = 1 / lay.px_per_ms
    width = np.maximum(end - start, 1.5 * px)
    gap = np.where(width >= 6 * px, 0.5 * px, 0.0)
    return (start + gap) / 1000, (start + width - gap) / 1000


def _draw_lane(ax: Axes, track: Track, y: float, lay: _Layout, theme: ChartTheme, bound_ms: float) -> tuple[Any, Any]:
    import numpy as np
    from matplotlib.collections import PolyCollection

    x0, x1 = _spans(track, lay, bound_ms)
    top, low = np.full(len(x0), y - _BAR / 2), np.full(len(x0), y + _BAR / 2)
    dense = len(x0) > lay.plot_w / 3  # sub-pixel bars: antialiasing would only leave seams
    style: dict[str, Any] = {"linewidths": 0, "antialiaseds": not dense, "zorder": 2}
    if track.kind == "audio":
        volume = np.fromiter((1.0 if s.volume is None else s.volume for s in track.segments), float, len(x0))
        tint = PolyCollection(_verts(x0, x1, top, low), facecolors=[theme.tint(track)], **style)
        ax.add_collection(tint, autolim=False)
        top = low - _BAR * np.clip(volume, 0.06, 1.0)
    if track.muted:
        style.update(hatch="////", edgecolors=theme.hatch)
    bars = PolyCollection(_verts(x0, x1, top, low), facecolors=theme.fill(track), **style)
    ax.add_collection(bars, autolim=False)
    return x0, x1


def _draw_labels(
    ax: Axes, draft: Draft, spans: list[tuple[Any, Any]], lay: _Layout, theme: ChartTheme, cap: int
) -> None:
    from matplotlib.transforms import Bbox, TransformedBbox

    if lay.lane_px < 22:  # names would be too small to read
        return
    font = min(_LABEL_FONT, lay.lane_px * 0.3)
    pad_s = 5 / lay.px_per_ms / 1000
    candidates = []
    for lane, (x0, x1) in enumerate(spans[: len(draft.tracks)]):
        widths = (x1 - x0) * 1000 * lay.px_per_ms
        for index in (widths >= _MIN_LABEL_PX).nonzero()[0].tolist():
            candidates.append((-float(widths[index]), lane, index))
    for _, lane, index in sorted(candidates)[:cap]:
        track, (x0, x1) = draft.tracks[lane], spans[lane]
        text = _segment_text(track, index, _chars((x1[index] - x0[index]) * 1000 * lay.px_per_ms - 8, font))
        if not text:
            continue
        box = Bbox.from_extents(x0[index], lane - _BAR / 2, x1[index], lane + _BAR / 2)
        ax.text(
            x0[index] + pad_s,
            lane,
            text,
            fontsize=font,
            color=theme.ink(track),
            va="center_baseline",
            ha="left",
            zorder=3,
            parse_math=False,
            clip_box=TransformedBbox(box, ax.transData),
            clip_on=True,
        )


def _axes(fig: Figure, lay: _Layout, theme: ChartTheme) -> Axes:
    ax = fig.add_axes((lay.left / lay.width, lay.bottom / lay.height, lay.plot_w / lay.width, lay.plot_h / lay.height))
    ax.set_facecolor(theme.background)
    end_s = lay.end_ms / 1000
    ax.set_xlim(0, end_s)
    ticks = nice_ticks(end_s, max(2, int(lay.plot_w / _TICK_SPACING_PX)))
    ax.set_xticks(ticks, [_tick_label(t, end_s) for t in ticks])
    ax.set_yticks([])
    ax.tick_params(axis="x", colors=theme.subtle, labelsize=_TICK_FONT, length=3, width=0.8)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.spines["bottom"].set_color(theme.grid)
    ax.grid(axis="x", color=theme.grid, linewidth=0.7)
    ax.set_axisbelow(True)
    return ax


def _draw_tracks(fig: Figure, draft: Draft, lay: _Layout, theme: ChartTheme, cap: int) -> None:
    from matplotlib.collections import PolyCollection
    from matplotlib.transforms import offset_copy

    ax = _axes(fig, lay, theme)
    ax.set_ylim(lay.lanes - 0.5, -0.5)  # track 1 on top
    lanes = list(range(lay.lanes))
    slots = _verts(
        [0] * lay.lanes, [lay.end_ms / 1000] * lay.lanes, [y - 0.45 for y in lanes], [y + 0.45 for y in lanes]
    )
    ax.add_collection(PolyCollection(slots, facecolors=theme.lane, linewidths=0, zorder=0.2), autolim=False)
    beside = offset_copy(ax.get_yaxis_transform(), fig=fig, x=-8, units="points")
    font = max(min(_LANE_FONT, lay.lane_px * 0.36), 6.5)
    every = math.ceil(font * _EM_PX * 1.4 / lay.lane_px)  # with very many lanes, label every n-th
    spans = []
    for y, track in enumerate(draft.tracks):
        if y % every == 0:
            ax.text(
                0,
                y,
                _lane_label(y + 1, track),
                transform=beside,
                ha="right",
                va="center_baseline",
                fontsize=font,
                color=theme.subtle if track.muted else theme.foreground,
                parse_math=False,
            )
        if not track.segments:
            ax.text(
                0.01 * lay.end_ms / 1000,
                y,
                "empty",
                fontsize=font,
                color=theme.subtle,
                style="italic",
                va="center_baseline",
                zorder=3,
            )
        spans.append(_draw_lane(ax, track, y, lay, theme, draft.duration_ms))
    _draw_labels(ax, draft, spans, lay, theme, cap)


def _draw_empty(fig: Figure, lay: _Layout, theme: ChartTheme) -> None:
    from matplotlib.patches import FancyBboxPatch

    ax = fig.add_axes((lay.left / lay.width, lay.bottom / lay.height, lay.plot_w / lay.width, lay.plot_h / lay.height))
    ax.set_axis_off()
    ax.set_xlim(0, lay.plot_w)  # data units = pixels, so the corners stay round
    ax.set_ylim(0, lay.plot_h)
    ax.add_patch(
        FancyBboxPatch(
            (1, 1),
            lay.plot_w - 2,
            lay.plot_h - 2,
            boxstyle="round,pad=0,rounding_size=8",
            facecolor=theme.lane,
            edgecolor=theme.grid,
            linestyle=(0, (4, 3)),
            linewidth=1.0,
        )
    )
    ax.text(
        lay.plot_w / 2,
        lay.plot_h / 2,
        "\n".join(textwrap.wrap(EMPTY_MESSAGE, max(12, _chars(lay.plot_w - 16, 10)))),  # a narrow chart: two lines
        ha="center",
        va="center",
        fontsize=10,
        color=theme.subtle,
        parse_math=False,
    )


def _caption_lines(caption: str | None, lay_width: float) -> list[str]:
    if not caption:
        return []
    lines = textwrap.wrap(caption, width=max(_chars(lay_width - 24, _TICK_FONT), 10))
    if len(lines) > _MAX_CAPTION_LINES:
        lines = lines[:_MAX_CAPTION_LINES]
        lines[-1] += " \N{HORIZONTAL ELLIPSIS}"
    return lines


@dataclass(frozen=True)
class TimelineChart:
    """Options for drawing drafts; :meth:`png` and :meth:`figure` draw one.

    ``width_px`` is the image's width in pixels; ``dpi`` scales text and lane
    height (``width_px=1800, dpi=200`` is the same chart for a 2x screen).
    ``caption`` is drawn small under the axis (the widget shows the summary
    as text instead, so it is off by default). ``max_labels`` caps the number
    of segment names drawn.
    """

    width_px: int = 900
    dpi: float = 100
    title: str | None = None
    theme: ChartTheme | str | None = None
    caption: str | None = None
    max_labels: int = MAX_LABELS

    def __post_init__(self) -> None:
        if self.width_px < 200 or self.dpi <= 0:
            raise ValueError("width_px must be at least 200 and dpi positive")
        _theme(self.theme)

    def figure(self, draft: Draft | Mapping[str, Any] | None) -> Figure:
        """The chart as a matplotlib ``Figure`` on an Agg canvas (not registered with pyplot)."""
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        draft = draft if isinstance(draft, Draft) else Draft.from_dict(draft)
        theme, scale = _theme(self.theme), self.dpi / 100
        caption = _caption_lines(self.caption, self.width_px / scale)
        lay = _layout(draft, self.width_px / scale, self.title, len(caption))
        # + 1e-3: inches * dpi must not truncate to one pixel less
        fig = Figure(figsize=((self.width_px + 1e-3) / self.dpi, (lay.height * scale + 1e-3) / self.dpi), dpi=self.dpi)
        FigureCanvasAgg(fig)
        fig.set_facecolor(theme.background)
        if draft.ready_for_export:
            _draw_tracks(fig, draft, lay, theme, self.max_labels)
        else:
            _draw_empty(fig, lay, theme)
        if self.title:
            fig.text(
                lay.left / lay.width,
                1 - 10 / lay.height,
                self.title,
                ha="left",
                va="top",
                fontsize=_TITLE_FONT,
                fontweight="bold",
                color=theme.foreground,
                parse_math=False,
            )
        for i, line in enumerate(caption):
            fig.text(
                12 / lay.width,
                (8 + (len(caption) - 1 - i) * _CAPTION_LINE_PX) / lay.height,
                line,
                fontsize=_TICK_FONT,
                color=theme.subtle,
                parse_math=False,
            )
        return fig

    def png(self, draft: Draft | Mapping[str, Any] | None) -> bytes:
        """The chart as PNG bytes; the same draft and options give the same bytes."""
        fig = self.figure(draft)
        buffer = io.BytesIO()
        with _DRAW_LOCK:
            fig.savefig(buffer, format="png", dpi=self.dpi, facecolor=fig.get_facecolor(), metadata={"Software": None})
        return buffer.getvalue()


def render_timeline(
    draft: Draft | Mapping[str, Any] | None,
    *,
    width_px: int = 900,
    dpi: float = 100,
    title: str | None = None,
    theme: ChartTheme | str | None = None,
    caption: str | None = None,
) -> bytes:
    """Draw ``draft`` (a :class:`Draft` or its wire dict) as PNG bytes; see :class:`TimelineChart`."""
    return TimelineChart(width_px=width_px, dpi=dpi, title=title, theme=theme, caption=caption).png(draft)


def timeline_figure(
    draft: Draft | Mapping[str, Any] | None,
    *,
    width_px: int = 900,
    dpi: float = 100,
    title: str | None = None,
    theme: ChartTheme | str | None = None,
    caption: str | None = None,
) -> Figure:
    """Draw ``draft`` on a new matplotlib ``Figure`` (Agg canvas, no pyplot) and return it."""
    return TimelineChart(width_px=width_px, dpi=dpi, title=title, theme=theme, caption=caption).figure(draft)

"""The timeline view: the chart of the session's draft, the one-line summary under it.

The chart follows the page: once the front end reports its theme and width
(:meth:`TimelineView.follow_page`, fed by the chat log's report), it is drawn
transparent in the page's text and lane colours, at the width it is shown
(twice the pixels on a high-density screen), so its text stays readable in a
narrow column.
"""

from __future__ import annotations

import base64
import html
from collections.abc import Callable, Mapping
from typing import Any

import anywidget
import ipywidgets as widgets
import traitlets
from traitlets import Int

from nemo_widgets.protocol.draft import Draft

__all__ = ["TimelineView"]

_MIN_PX, _MAX_PX = 200, 1200  # TimelineChart's narrowest, and wider than any notebook column

_REVEAL_ESM = """
// "reveal" from the kernel: the timeline scrolls into view (as little as needed) and its chart takes the focus,
// so a screen reader reads the chart's text and the next Tab goes on from the timeline.
// The chart may be drawn again just after (the page's width or theme reached the kernel after the click): the
// new picture replaces the focused one and has another height. Until the reader moves the focus elsewhere, the
// redrawn chart takes the focus again and the timeline is kept in view.
function render({ model, el }) {
  let box = null;
  let revealed = false;
  const chartOf = () => (box ? box.querySelector("img.nemo-chart") : null);
  const keep = () => {
    if (!revealed || !box || !box.isConnected) return;
    const chart = chartOf();
    const active = document.activeElement;
    const lost = !active || active === document.body || !active.isConnected;
    if (chart && active !== chart && lost) chart.focus({ preventScroll: true });
    if (chart && document.activeElement === chart) box.scrollIntoView({ block: "nearest" });
  };
  const onFocus = (event) => {
    if (revealed && !(event.target instanceof HTMLImageElement && event.target.closest(".nemo-timeline") === box)) {
      revealed = false; // the reader went on: the timeline is theirs to scroll away from
    }
  };
  const changed = () => requestAnimationFrame(keep);
  const mutations = new MutationObserver(changed);
  const sizes = typeof ResizeObserver === "function" ? new ResizeObserver(changed) : null;
  const reveal = (message) => {
    if (!message || message.kind !== "reveal") return;
    box = el.closest(".nemo-timeline");
    if (!box) return;
    const chart = chartOf();
    if (chart) chart.focus({ preventScroll: true });
    revealed = true;
    mutations.disconnect();
    mutations.observe(box, { childList: true, subtree: true });
    if (sizes) { sizes.disconnect(); sizes.observe(box); }
    // at once, not smoothly, and after the focus: a notebook that scrolls its focused cell does so first
    requestAnimationFrame(() => box.scrollIntoView({ block: "nearest" }));
  };
  model.on("msg:custom", reveal);
  document.addEventListener("focusin", onFocus, true);
  return () => {
    model.off("msg:custom", reveal);
    document.removeEventListener("focusin", onFocus, true);
    mutations.disconnect();
    if (sizes) sizes.disconnect();
  };
}
export default { render };
"""


class _Reveal(anywidget.AnyWidget):
    """Invisible: brings its timeline into view and focuses the chart when the kernel says ``reveal``."""

    _esm = traitlets.Unicode(_REVEAL_ESM).tag(sync=True)


class TimelineView(widgets.VBox):
    """A PNG chart (matplotlib, Agg) of the draft, one lane per track, and its summary."""

    revision = Int(0, help="how many times the chart was redrawn").tag(sync=False)
    highlights = Int(0, help="how many times the chart was marked for the reader").tag(sync=False)

    def __init__(self, *, on_refresh: Callable[[], None], width_px: int = 900) -> None:
        self.width_px = width_px
        self.scale = 1
        self.page: dict[str, Any] | None = None  # the page's theme, once the front end reported it
        #: the chart as an <img> with its alt text (ipywidgets' Image has no alt: a screen reader met a nameless image)
        self.image = widgets.HTML("", layout=widgets.Layout(max_width="100%"))
        self.png = b""
        self.summary = widgets.HTML("")
        self.refresh_button = widgets.Button(
            description="Refresh",
            icon="refresh",
            tooltip="Read the timeline again",
            layout=widgets.Layout(width="auto"),
        )
        self.refresh_button.on_click(lambda _b: on_refresh())
        self._draft: Draft | None = None
        self._last: Any = None
        heading = widgets.HBox(
            [widgets.HTML("<b>Timeline</b>"), self.refresh_button],
            layout=widgets.Layout(justify_content="space-between", align_items="center"),
        )
        self._reveal = _Reveal(layout=widgets.Layout(display="none"))
        super().__init__([heading, self.image, self.summary, self._reveal], layout=widgets.Layout(width="100%"))
        self.add_class("nemo-timeline")

    def follow_page(self, page: Mapping[str, Any] | None) -> None:
        """Draw for the page's theme and width (``page`` as :func:`.chat_view.page_theme` returns it)."""
        if not page:
            return
        self.page = {k: v for k, v in page.items() if k not in ("width", "scale")}
        width = page.get("width")
        if isinstance(width, int) and width > 0:
            self.width_px = max(_MIN_PX, min(_MAX_PX, width))
        scale = page.get("scale")
        self.scale = scale if isinstance(scale, int) and scale in (1, 2) else 1
        if self._draft is not None:
            self.show(self._draft)

    def show(self, draft: Draft) -> None:
        """Redraw when the draft (or the page's theme or width) changed; the same chart is not drawn twice."""
        self._draft = draft
        key = (draft.to_dict(), self.width_px, self.scale, repr(self.page))
        if key == self._last and self.png:
            return
        if self._last is None or key[0] != self._last[0]:
            # a mark from "Show timeline" was for the draft before this one (a redraw for the page's width or
            # theme keeps it: it often arrives just after the click)
            self.image.layout.border = ""
        from nemo_widgets.core.chart import ChartTheme, render_timeline

        theme = ChartTheme.for_page(self.page) if self.page else None
        png = render_timeline(draft, width_px=self.width_px * self.scale, dpi=100 * self.scale, theme=theme)
        alt = html.escape(f"Timeline chart. {draft.summary()}", quote=True)
        data = base64.b64encode(png).decode("ascii")
        with self.hold_sync():
            self.png = png
            self.image.value = (
                f"<img class='nemo-chart' src='data:image/png;base64,{data}' alt='{alt}' width='{self.width_px}'"
                " tabindex='-1'"  # focusable by "Show timeline" (not a Tab stop)
                " style='max-width:100%;height:auto;display:block'>"
            )
            # an empty timeline says so in the chart itself: no second "Timeline is empty" under it
            empty = not draft.ready_for_export
            self.summary.value = (
                "" if empty else f"<code style='white-space:normal'>{html.escape(draft.summary())}</code>"
            )
        self._last = key
        self.revision += 1

    def highlight(self, draft: Draft) -> None:
        """Show ``draft``, mark the chart (until the next change) and bring it into view with the focus on the
        chart, for a reply's *Show timeline*."""
        self.show(draft)
        self.image.layout.border = "3px solid var(--jp-brand-color1, #1976d2)"
        self._reveal.send({"kind": "reveal"})
        self.highlights += 1

"""The timeline view: the chart of the session's draft, the one-line summary under it."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import ipywidgets as widgets
from traitlets import Int

from nemo_widgets.protocol.draft import Draft

__all__ = ["TimelineView"]


class TimelineView(widgets.VBox):
    """A PNG chart (matplotlib, Agg) of the draft, one lane per track, and its summary."""

    revision = Int(0, help="how many times the chart was redrawn").tag(sync=False)
    highlights = Int(0, help="how many times the chart was marked for the reader").tag(sync=False)

    def __init__(self, *, on_refresh: Callable[[], None], width_px: int = 900) -> None:
        self.width_px = width_px
        self.image = widgets.Image(format="png", layout=widgets.Layout(max_width="100%"))
        self.summary = widgets.HTML("<i>No timeline yet: upload a clip to start.</i>")
        self.refresh_button = widgets.Button(description="Refresh", icon="refresh", tooltip="Read the timeline again")
        self.refresh_button.on_click(lambda _b: on_refresh())
        self._last: Any = None
        super().__init__(
            [
                widgets.HBox([widgets.HTML("<b>3 · Timeline</b>"), self.refresh_button]),
                self.image,
                self.summary,
            ]
        )

    def show(self, draft: Draft) -> None:
        """Redraw when the draft changed (the same draft is not drawn twice)."""
        key = draft.to_dict()
        if key == self._last and self.image.value:
            return
        self.image.layout.border = ""  # a mark from "Show timeline" was for the chart before this one
        from nemo_widgets.core.chart import render_timeline

        png = render_timeline(draft, width_px=self.width_px)
        self.image.value = png
        self.summary.value = f"<code style='white-space:normal'>{html.escape(draft.summary())}</code>"
        self._last = key
        self.revision += 1

    def highlight(self, draft: Draft) -> None:
        """Show ``draft`` and mark the chart (until the next change), for a reply's *Show timeline*."""
        self.show(draft)
        self.image.layout.border = "3px solid var(--jp-brand-color1, #1976d2)"
        self.highlights += 1

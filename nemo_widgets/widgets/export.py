"""The export panel: format and quality, a progress bar, the player and the links."""

from __future__ import annotations

import html
from collections.abc import Callable

import ipywidgets as widgets

from nemo_widgets.protocol.constants import (
    AUDIO_EXPORT_FORMATS,
    AUDIO_QUALITY_CHOICES,
    DEFAULT_VIDEO_QUALITY,
    EXPORT_FORMATS,
    VIDEO_QUALITY_CHOICES,
    export_format,
)
from nemo_widgets.widgets.player import MediaPlayer

__all__ = ["ExportPanel", "qualities_for"]

#: The shared vocabulary (protocol.constants.QUALITIES says what each gives). Compressed audio is asked for
#: by bitrate (192k is the spec's suggestion); WAV has one quality.
VIDEO_QUALITIES = VIDEO_QUALITY_CHOICES
AUDIO_QUALITIES = AUDIO_QUALITY_CHOICES


def qualities_for(fmt: str) -> tuple[str, ...]:
    """The quality choices that make sense for an export format."""
    fmt = export_format(fmt)
    if fmt == "wav":
        return (DEFAULT_VIDEO_QUALITY,)  # WAV has one quality
    return AUDIO_QUALITIES if fmt in AUDIO_EXPORT_FORMATS else VIDEO_QUALITIES


class ExportPanel(widgets.VBox):
    """Render the timeline, watch the progress, play and download the result."""

    def __init__(
        self,
        *,
        on_export: Callable[[str, str], None],
        default_format: str = "mp4",
        embed_limit: int | None = None,
        on_cancel: Callable[[], None] | None = None,
        on_fix: Callable[[], None] | None = None,
    ) -> None:
        self.format = widgets.Dropdown(
            options=[f.upper() for f in EXPORT_FORMATS], value=default_format.upper(), description="Format"
        )
        choices = qualities_for(default_format)
        self.quality = widgets.Dropdown(options=list(choices), value=choices[0], description="Quality")
        self.format.observe(self._on_format, names="value")
        self.button = widgets.Button(description="Export", icon="film", button_style="success")
        self.button.on_click(lambda _b: on_export(export_format(self.format.value), self.quality.value))
        self.cancel_button = widgets.Button(
            description="Cancel", icon="stop", disabled=True, tooltip="Stop the export (also at the server)"
        )
        self.cancel_button.on_click(lambda _b: on_cancel() if on_cancel else None)
        #: a result that broke the profile's promise: the sentence, and one click to fix it
        self.problem = widgets.HTML("")
        self.fix_button = widgets.Button(
            description="Fix it",
            icon="magic",
            button_style="warning",
            layout=widgets.Layout(display="none", width="auto"),
        )
        self.fix_button.on_click(lambda _b: on_fix() if on_fix else None)
        self.progress = widgets.FloatProgress(
            value=0, min=0, max=100, description="", layout=widgets.Layout(width="50%")
        )
        self.message = widgets.Label("")
        self.player = MediaPlayer() if embed_limit is None else MediaPlayer(embed_limit=embed_limit)
        self.claim = widgets.HTML("")
        super().__init__(
            [
                widgets.HTML("<b>4 · Export</b>"),
                widgets.HBox([self.format, self.quality, self.button, self.cancel_button]),
                widgets.HBox([self.progress, self.message]),
                widgets.HBox([self.problem, self.fix_button]),
                self.player,
                self.claim,
            ]
        )

    def set_format(self, fmt: str) -> None:
        if fmt.upper() in self.format.options:
            self.format.value = fmt.upper()

    def _on_format(self, change: dict[str, object]) -> None:
        choices = qualities_for(str(change["new"]))
        if tuple(self.quality.options) != choices:
            self.quality.options = list(choices)
            self.quality.value = choices[0]

    def set_busy(self, busy: bool) -> None:
        self.button.disabled = busy
        self.cancel_button.disabled = not busy
        self.fix_button.disabled = busy

    def offer_fix(self, problem: str | None, label: str | None) -> None:
        """Show why a result is not as promised, and a button that fixes it (``None``: hide both)."""
        self.problem.value = f"<span style='color:#a15c00'>⚠ {html.escape(problem)}</span>" if problem else ""
        self.fix_button.description = label or "Fix it"
        self.fix_button.layout.display = None if label else "none"

    def show_progress(self, percent: float | None, message: str) -> None:
        with self.progress.hold_sync():  # value and style of the bar: one message
            if percent is not None:
                self.progress.value = max(0.0, min(100.0, float(percent)))
            self.progress.bar_style = "success" if message.endswith("ready!") else ""
        self.message.value = message

    def show_result(self, path: str, media_type: str, fmt: str) -> None:
        self.player.show(path, media_type, fmt)

    def show_claim_link(self, link: str) -> None:
        safe = html.escape(link, quote=True)
        self.claim.value = f'<a href="{safe}" target="_blank" rel="noopener">Open this project in NemoVideo ↗</a>'

"""The export panel: format and quality, a progress bar, the player and the links."""

from __future__ import annotations

import html
from collections.abc import Callable

import ipywidgets as widgets

from nemo_widgets.protocol.constants import (
    AUDIO_EXPORT_FORMATS,
    AUDIO_QUALITY_CHOICES,
    DEFAULT_AUDIO_QUALITY,
    DEFAULT_VIDEO_QUALITY,
    EXPORT_FORMATS,
    VIDEO_QUALITY_CHOICES,
    export_format,
)
from nemo_widgets.widgets.player import MediaPlayer

__all__ = ["ExportPanel", "default_quality", "qualities_for"]

#: The shared vocabulary (protocol.constants.QUALITIES says what each gives). Compressed audio is asked for
#: by bitrate (192k is the spec's suggestion, chosen by default), listed from the highest; WAV has one quality.
VIDEO_QUALITIES = VIDEO_QUALITY_CHOICES
AUDIO_QUALITIES = tuple(sorted(AUDIO_QUALITY_CHOICES, key=lambda q: -int(q.rstrip("k"))))


def default_quality(choices: tuple[str, ...]) -> str:
    """The quality picked when a format is chosen: the spec's default where offered, else the first."""
    for default in (DEFAULT_VIDEO_QUALITY, DEFAULT_AUDIO_QUALITY):
        if default in choices:
            return default
    return choices[0]


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
        self.quality = widgets.Dropdown(options=list(choices), value=default_quality(choices), description="Quality")
        self.format.observe(self._on_format, names="value")
        self.button = widgets.Button(description="Export", icon="film", button_style="primary")
        self.button.on_click(lambda _b: on_export(export_format(self.format.value), self.quality.value))
        self.cancel_button = widgets.Button(
            description="Cancel export", icon="stop", disabled=True, tooltip="Stop the export (also at the server)"
        )
        self.cancel_button.on_click(lambda _b: on_cancel() if on_cancel else None)
        #: a result that broke the profile's promise: the sentence, and one click to fix it
        self.problem = widgets.HTML("")
        self.fix_button = widgets.Button(
            description="Fix it",
            icon="magic",
            layout=widgets.Layout(display="none", width="auto"),
        )
        self.fix_button.on_click(lambda _b: on_fix() if on_fix else None)
        self.progress = widgets.FloatProgress(
            value=0,
            min=0,
            max=100,
            description="",
            layout=widgets.Layout(flex="1 1 160px", min_width="120px", display="none"),  # shown once a render starts
        )
        self.message = widgets.Label("")
        self._showing_result = False
        self.player = MediaPlayer() if embed_limit is None else MediaPlayer(embed_limit=embed_limit)
        self.claim = widgets.HTML("")
        wrap = widgets.Layout(flex_flow="row wrap", align_items="center")
        super().__init__(
            [
                widgets.HTML("<b>Export</b>"),
                widgets.HBox([self.format, self.quality], layout=wrap),
                widgets.HBox([self.button, self.cancel_button], layout=wrap),
                widgets.HBox([self.progress, self.message], layout=wrap),
                widgets.HBox([self.problem, self.fix_button], layout=wrap),
                self.player,
                self.claim,
            ],
            layout=widgets.Layout(width="100%"),
        )
        self.add_class("nemo-export")

    def set_format(self, fmt: str) -> None:
        if fmt.upper() in self.format.options:
            self.format.value = fmt.upper()

    def _on_format(self, change: dict[str, object]) -> None:
        choices = qualities_for(str(change["new"]))
        if tuple(self.quality.options) != choices:
            self.quality.options = list(choices)
            self.quality.value = default_quality(choices)

    def set_busy(self, busy: bool) -> None:
        self.button.disabled = busy
        self.cancel_button.disabled = not busy
        self.fix_button.disabled = busy

    def offer_fix(self, problem: str | None, label: str | None) -> None:
        """Show why a result is not as promised, and a button that fixes it (``None``: hide both)."""
        self.problem.value = f"<div class='nemo-problem'>⚠ {html.escape(problem)}</div>" if problem else ""
        self.fix_button.description = label or "Fix it"
        self.fix_button.layout.display = None if label else "none"

    def show_progress(self, percent: float | None, message: str) -> None:
        if self._showing_result and not message.endswith("ready!"):
            self.clear_result()  # a new render: the last file's player and link are not this one's
        with self.progress.hold_sync():  # value and style of the bar: one message
            self.progress.layout.display = None
            if percent is not None:
                self.progress.value = max(0.0, min(100.0, float(percent)))
            self.progress.bar_style = "success" if message.endswith("ready!") else ""
        self.message.value = message

    def show_result(self, path: str, media_type: str, fmt: str) -> None:
        self.player.show(path, media_type, fmt)
        self._showing_result = True

    def clear_result(self) -> None:
        """Forget the shown result (its player, link, claim link and any problem with it)."""
        self.player.clear()
        self.claim.value = ""
        self.offer_fix(None, None)
        self._showing_result = False

    def show_claim_link(self, link: str) -> None:
        safe = html.escape(link, quote=True)
        self.claim.value = f'<a href="{safe}" target="_blank" rel="noopener">Open this project in NemoVideo ↗</a>'

"""The uploaded media, one row each with its duration and a *Remove* control, and the question a duplicate raises.

The list is a grid (the Studio's stylesheet): each row's box lends its cells to the grid's four columns, so
headers and cells line up with a fixed gap; in a narrow column (a phone, a side-by-side layout) each file takes
two lines, name and duration over streams and *Remove*. Every button whose label is the same on each row
(*Remove*, *Leave it out*...) carries a tooltip naming its file, which :mod:`.accessible_names` makes its
accessible name: a screen reader hears "Remove clip.mp4 from the timeline", not a list of "Remove".

Neither makes an HTTP call: *Remove* hands the medium's id to ``on_remove`` and an answer to a duplicate's
question goes to ``on_answer(key, add)``; the Studio runs them through the session.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

import ipywidgets as widgets

from nemo_widgets.core.held import HeldUpload
from nemo_widgets.protocol.models import MediaInfo
from nemo_widgets.widgets.accessible_names import named

__all__ = ["DuplicateQuestions", "MediaList", "streams_text"]

#: ipywidgets 7 (classic Notebook, Colab) pads no table cell: each cell carries its own (the grid keeps the gap).
_CELL = "padding:2px 0;text-align:left"


def streams_text(m: MediaInfo) -> str:
    parts = []
    if m.has_video:
        parts.append(f"video {m.width}x{m.height}" if m.width and m.height else "video")
    if m.has_audio:
        parts.append("audio")
    return ", ".join(parts) or "?"


def _cell(text: str) -> widgets.HTML:
    return widgets.HTML(f"<span style='{_CELL}'>{text}</span>", layout=widgets.Layout(min_width="0"))


class MediaList(widgets.VBox):
    """File, duration, streams, and *Remove* for each medium on the timeline (one off it says so instead)."""

    def __init__(self, *, on_remove: Callable[[str], None]) -> None:
        self._on_remove = on_remove
        self._busy = False
        self.rows: list[widgets.HBox] = []
        #: the grid itself; the list around it is what its layout measures (narrow: two lines per file)
        self.grid = widgets.VBox()
        self.grid.add_class("nemo-media-grid")
        super().__init__([self.grid])
        self.add_class("nemo-media")

    def show(self, media: tuple[MediaInfo, ...], playing: set[str] | None = None) -> None:
        rows = []
        if media:
            head = widgets.HBox([_cell(f"<b>{title}</b>") for title in _COLUMNS], layout=_row_layout())
            head.add_class("nemo-media-head")
            rows.append(head)
        for m in media:
            on = playing is None or (m.id is not None and m.id in playing)
            rows.append(self._row(m, on))
        self.rows = rows[1:]
        self.grid.children = rows

    def _row(self, m: MediaInfo, on_timeline: bool) -> widgets.HBox:
        duration = "" if m.duration_s is None else f"{m.duration_s:.1f} s"
        name = html.escape(m.name or "?")
        cells: list[widgets.Widget] = [
            _cell(name if on_timeline else f"<s>{name}</s>"),
            _cell(duration),
            _cell(html.escape(streams_text(m))),
        ]
        if on_timeline and m.id:
            button = named(widgets.Button(
                description="Remove", icon="times", tooltip=f"Remove {m.name or 'this file'} from the timeline",
                disabled=self._busy, layout=widgets.Layout(width="auto", flex="0 0 auto"),
            ))  # fmt: skip
            button.on_click(lambda _b, media_id=m.id: self._on_remove(media_id))
            cells.append(button)
        else:  # the fourth column is always filled: the next row's cells stay in their columns
            cells.append(_cell("" if on_timeline else "<i>not on the timeline</i>"))
        row = widgets.HBox(cells, layout=_row_layout())
        row.add_class("nemo-media-row")
        return row

    def set_busy(self, busy: bool) -> None:
        self._busy = busy
        for row in self.rows:
            for child in row.children:
                if isinstance(child, widgets.Button):
                    child.disabled = busy

    @property
    def texts(self) -> list[str]:
        """Each row as the user reads it: ``"clip.mp4 | 10.0 s | video 640x360, audio | Remove"``."""

        def text(child: widgets.Widget) -> str:
            if isinstance(child, widgets.Button):
                return str(child.description)
            return html.unescape(re.sub(r"<[^>]+>", "", str(getattr(child, "value", ""))))

        return [" | ".join(t for t in map(text, row.children) if t) for row in self.rows]


_COLUMNS = ("File", "Duration", "Streams", "")  # the fourth: Remove, or why there is none


def _row_layout() -> widgets.Layout:
    """A new layout for each row (a Layout made at import time is one widget shared by every view)."""
    return widgets.Layout(align_items="center", flex_flow="row wrap")


class DuplicateQuestions(widgets.VBox):
    """One question per held duplicate: add it again (or keep both copies), or leave it out."""

    def __init__(self, *, on_answer: Callable[[str, bool], None]) -> None:
        self._on_answer = on_answer
        self._rows: dict[str, widgets.Widget] = {}
        super().__init__()
        self.add_class("nemo-duplicates")

    def ask(self, held: HeldUpload) -> None:
        from_link = held.added is not None
        add_label = "Keep both" if from_link else "Upload again"
        add = named(widgets.Button(
            description=add_label, icon="plus", layout={"width": "auto"},
            tooltip=f"Keep both copies of {held.name}" if from_link else f"Upload again: {held.name}",
        ))  # fmt: skip
        leave_label = "Remove the new copy" if from_link else "Leave it out"
        leave = named(widgets.Button(
            description=leave_label, icon="times", button_style="primary", layout={"width": "auto"},
            tooltip=f"{leave_label}: {held.name}, one copy on the timeline",
        ))  # fmt: skip
        add.on_click(lambda _b: self._on_answer(held.key, True))
        leave.on_click(lambda _b: self._on_answer(held.key, False))
        text = widgets.HTML(f"⚠️ {html.escape(held.question)}", layout={"min_width": "0"})
        row = widgets.HBox([text, leave, add], layout=_row_layout())
        row.add_class("nemo-duplicate")
        self._rows[held.key] = row
        self.children = list(self._rows.values())

    def settle(self, key: str) -> None:
        """The user answered (here or through the session): the question goes."""
        if self._rows.pop(key, None) is not None:
            self.children = list(self._rows.values())

    @property
    def asked(self) -> list[str]:
        """The keys of the duplicates asked about (not ``keys``: that is ipywidgets' list of synced traits, and
        shadowing it sent the front end a state without its view module: "Error displaying widget")."""
        return list(self._rows)

"""The upload panel: files on the kernel's disk, files from the user's computer, or a URL.

The panel makes no HTTP call: it hands what the user picked to the callbacks
the Studio gives it, and shows per-file progress, the uploaded media (each with
a control that takes it off the timeline) and the question a duplicate raises.

"Your computer" is the chunked uploader (:mod:`nemo_widgets.widgets.chunked`,
any size up to the API's limit). Under it waits a fallback, shown until the
uploader reports that it was drawn, so a front end that cannot load it is
never a silent dead end: on Colab, Colab's own upload dialog
(``google.colab.files.upload``, the cell waits); elsewhere ipywidgets'
``FileUpload``, which says its real limit and refuses a bigger file.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from nemo_widgets.protocol.constants import ACCEPTED_EXTENSIONS, MAX_UPLOAD_LABEL
from nemo_widgets.protocol.models import MediaInfo
from nemo_widgets.protocol.settings import detect_runtime
from nemo_widgets.widgets.chunked import CHUNK_BYTES, ChunkedUpload
from nemo_widgets.widgets.disk_picker import DiskPicker
from nemo_widgets.widgets.media_list import DuplicateQuestions, MediaList

__all__ = ["BROWSER_UPLOAD_LIMIT", "UploadPanel", "colab_files_upload", "file_upload_items", "on_colab"]

#: ipywidgets' FileUpload sends a file in one websocket message (Jupyter caps those near
#: 10 MiB, Colab near 1 MB), so that fallback takes small files only.
BROWSER_UPLOAD_LIMIT = 8 * 1024 * 1024
TAB_TITLES = ("Kernel's disk", "Your computer", "From a URL")
COLAB_BUTTON = "Upload with Colab's dialog"


def on_colab() -> bool:
    """Whether this kernel runs on Google Colab."""
    return detect_runtime(os.environ, sys.modules) == "colab"


def _enable_colab_widgets() -> None:
    """Colab draws third-party widgets (the chunked uploader is one) only with its custom widget manager on."""
    try:
        from google.colab import output

        output.enable_custom_widget_manager()
    except Exception:  # noqa: BLE001 - an older Colab: the fallback under the uploader stays visible
        pass


def colab_files_upload() -> list[Path]:
    """Colab's own upload dialog (``google.colab.files.upload``): it blocks until the files are written to cwd."""
    from google.colab import files

    names = list(files.upload() or {})  # Colab returns {name: bytes}: keep only the names
    return [Path.cwd() / name for name in names]


def file_upload_items(value: Any) -> list[tuple[str, bytes]]:
    """(name, bytes) pairs from a FileUpload value, ipywidgets 7 (a dict) or 8 (a tuple of dicts)."""
    items: list[tuple[str, bytes]] = []
    if isinstance(value, dict):  # ipywidgets 7: {name: {"metadata": {...}, "content": bytes}}
        for name, entry in value.items():
            content = entry.get("content", b"") if isinstance(entry, dict) else b""
            items.append((str(name), bytes(content)))
    else:  # ipywidgets 8: ({"name", "type", "size", "content": memoryview, ...}, ...)
        for entry in value or ():
            items.append((str(entry.get("name", "upload")), bytes(entry.get("content", b""))))
    return items


def _size_text(n: float) -> str:
    return f"{n / 1_000_000:.1f} MB" if n >= 100_000 else f"{n / 1000:.0f} kB"


class _FileProgress(widgets.HBox):
    def __init__(self, name: str) -> None:
        self.bar = widgets.FloatProgress(
            value=0, min=0, max=1, description=name[:24], layout=widgets.Layout(width="60%")
        )
        self.bar.style.description_width = "initial"
        self.label = widgets.Label("waiting")
        super().__init__([self.bar, self.label])

    def update(self, sent: int, total: int) -> None:
        total = max(total, 1)
        with self.bar.hold_sync():  # one message for the bar's traits
            self.bar.max = total
            self.bar.value = min(sent, total)
            if sent >= total:
                self.bar.bar_style = "success"
        self.label.value = f"{_size_text(sent)} / {_size_text(total)}"


class UploadPanel(widgets.VBox):
    """Pick files (kernel disk, browser, or URL), see progress per file and the uploaded media."""

    def __init__(
        self,
        *,
        on_files: Callable[[list[str]], None],
        on_bytes: Callable[[str, bytes], None],
        on_url: Callable[[str], None],
        on_refused: Callable[[str, str], None],
        on_received: Callable[[Path], None] | None = None,
        on_remove: Callable[[str], None] | None = None,
        on_duplicate: Callable[[str, bool], None] | None = None,
        start_dir: str | os.PathLike[str] | None = None,
        browser_limit: int = BROWSER_UPLOAD_LIMIT,
    ) -> None:
        self._on_files, self._on_bytes, self._on_url, self._on_refused = on_files, on_bytes, on_url, on_refused
        on_received = on_received or (lambda path: on_files([str(path)]))
        self.browser_limit = browser_limit
        self.disk = DiskPicker(start_dir or Path.cwd(), ACCEPTED_EXTENSIONS, lambda path: on_files([str(path)]))
        self.browser = widgets.FileUpload(
            accept=",".join("." + e for e in ACCEPTED_EXTENSIONS), multiple=True, description="Choose files"
        )
        self.browser.observe(self._on_browser_change, names="value")
        self.computer = ChunkedUpload(on_received=lambda path: on_received(path), on_refused=on_refused)
        self.colab_button = widgets.Button(description=COLAB_BUTTON, icon="upload", layout=widgets.Layout(width="auto"))
        self.colab_button.on_click(lambda _b: self.upload_with_colab())
        self.url = widgets.Text(placeholder="https://example.com/clip.mp4", layout=widgets.Layout(width="70%"))
        self.url_button = widgets.Button(description="Fetch URL", icon="link")
        self.url_button.on_click(self._on_url_click)
        self.progress = widgets.VBox()
        self.media = MediaList(on_remove=on_remove or (lambda _id: None))
        self.questions = DuplicateQuestions(on_answer=on_duplicate or (lambda _key, _add: None))
        self._bars: dict[str, _FileProgress] = {}
        types = ", ".join(ACCEPTED_EXTENSIONS)
        disk = widgets.VBox([widgets.HTML("<b>Pick a clip on the kernel's disk</b>"), self.disk])
        url = widgets.VBox(
            [widgets.HBox([self.url, self.url_button]), widgets.HTML("<small>http(s) links only.</small>")]
        )
        self.tabs = widgets.Tab(children=[disk, self._computer_tab(), url])
        for i, title in enumerate(TAB_TITLES):
            self.tabs.set_title(i, title)
        note = widgets.HTML(f"{_WRAP_STYLE}<small>Accepted: {types}. Largest file: {MAX_UPLOAD_LABEL}.</small>")
        super().__init__(
            [widgets.HTML("<b>1 · Upload</b>"), self.tabs, note, self.progress, self.questions, self.media]
        )

    def _computer_tab(self) -> widgets.VBox:
        """The chunked uploader, and under it the fallback shown until the uploader says it was drawn."""
        self.computer_note = widgets.HTML(
            f"<small>Any accepted file up to {MAX_UPLOAD_LABEL}: your browser sends it in "
            f"{CHUNK_BYTES // 1024} KiB pieces, with progress; Cancel keeps nothing.</small>"
        )
        if on_colab():
            _enable_colab_widgets()
            fallback_text = (
                f"If no drop zone shows above, Colab could not load the uploader. Use Colab's own dialog "
                f"(files up to {MAX_UPLOAD_LABEL}; the cell waits while they arrive), or run "
                "<code>studio.upload_from_computer()</code> in a cell."
            )
            fallback_input: widgets.Widget = self.colab_button
        else:
            fallback_text = (
                f"If no drop zone shows above, this front end could not load the uploader (it needs the "
                f"<code>anywidget</code> package where the notebook server runs). The simple picker below "
                f"takes files up to {_size_text(self.browser_limit)} only (the browser sends a file in one "
                "message and a bigger one is lost on the way); for bigger files use the Kernel's disk tab."
            )
            fallback_input = self.browser
        self.fallback_note = widgets.HTML(f"<small>{fallback_text}</small>")
        self.fallback = widgets.VBox([self.fallback_note, fallback_input])
        self.computer.observe(self._on_uploader_drawn, names="ready")
        self._on_uploader_drawn()
        return widgets.VBox([self.computer_note, self.computer, self.fallback])

    def _on_uploader_drawn(self, _change: Any = None) -> None:
        self.fallback.layout.display = "none" if self.computer.ready else ""

    def upload_with_colab(self) -> None:
        """Colab's own dialog (foreground: blocks until the files are in), then the normal upload path."""
        try:
            paths = colab_files_upload()
        except Exception as exc:  # noqa: BLE001 - Colab's dialog failing must be a sentence, never silence
            self._on_refused(
                "",
                f"Colab's upload dialog did not work here ({type(exc).__name__}). "
                "Put the file on the kernel's disk (the Files pane) and use the first tab.",
            )
            return
        if paths:
            self._on_files([str(p) for p in paths])

    # -- user actions ------------------------------------------------------
    def _on_browser_change(self, change: dict[str, Any]) -> None:
        items = file_upload_items(change.get("new"))
        if items:
            self._forget_browser_files()
        for name, data in items:
            if len(data) > self.browser_limit:
                self._on_refused(
                    name,
                    f"{name} is {_size_text(len(data))}: too big for a browser upload with this simple "
                    f"picker (up to {_size_text(self.browser_limit)}). Use the drop zone above it where it "
                    f"loads (up to {MAX_UPLOAD_LABEL}), or put the file on the kernel's disk and use the first tab.",
                )
                continue
            self._on_bytes(name, data)

    def _forget_browser_files(self) -> None:
        """Empty the FileUpload: the same file can be picked again, no file bytes stay in the notebook, and
        its button reads "Choose files (0)" again."""
        upload = self.browser
        if "_counter" in upload.keys:  # ipywidgets 7: ``value`` is read-only, made from data and metadata
            with upload.hold_sync():
                upload.data, upload.metadata = [], []
                upload.set_trait("value", {})
                upload.set_trait("_counter", 0)
        else:  # ipywidgets 8
            upload.value = ()

    def _on_url_click(self, _button: Any = None) -> None:
        url = self.url.value.strip()
        if not url.lower().startswith(("http://", "https://")):
            self._on_refused(url, "Paste an http(s) link to a video or audio file.")
            return
        self._on_url(url)

    # -- views -------------------------------------------------------------
    def show_progress(self, name: str, sent: int, total: int) -> None:
        bar = self._bars.get(name)
        if bar is None:
            bar = self._bars[name] = _FileProgress(name)
            self.progress.children = (*self.progress.children, bar)
        bar.update(sent, total)

    def show_media(self, media: tuple[MediaInfo, ...], playing: set[str] | None = None) -> None:
        """The uploaded media; ``playing``: the ids on the timeline (``None``: all of them)."""
        self.media.show(media, playing)

    def set_busy(self, busy: bool) -> None:
        """While an action runs, a clip is not taken off the timeline (that is an agent turn too)."""
        self.media.set_busy(busy)


#: Long unbroken text (a path) wraps instead of scrolling sideways.
_WRAP_STYLE = "<style>.nemo-wrap, .nemo-wrap * { overflow-wrap: anywhere; word-break: break-all; }</style>"

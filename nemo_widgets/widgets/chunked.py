"""Files from the user's own computer, of any size: the chunked browser uploader.

ipywidgets' ``FileUpload`` sends a whole file in one websocket message, which
Jupyter drops above about 10 MiB (Colab above about 1 MB) without a word.
:class:`ChunkedUpload` is an `anywidget <https://anywidget.dev>`_ whose ES
module (``chunked_upload.js``, shipped as it is: no build step, no CDN) reads
the picked or dropped file in slices (``File.slice``) and sends each slice
as a binary buffer of a custom widget message. This side

* checks the type and the 500 MB limit on ``start`` (the browser checked
  them already, before reading a byte),
* appends each slice to a temporary file (never the whole file in memory,
  never in the widget's state) and answers it with an ``ack``; the browser
  keeps at most ``window`` slices unanswered (backpressure),
* on ``end`` verifies the length and the CRC-32 of the whole file, then
  hands the file's path to ``on_received`` (the Studio uploads it to the
  engine or the cloud by the normal path, with its own progress, and then
  removes it with :func:`remove_received`),
* on ``cancel`` (or a failed check) removes what it wrote.

Why 512 KiB slices: below every websocket cap met (Colab's ~1 MB
included), large enough that per-message costs stay small (see
``bench/bench_browser_upload.py``); 4 slices in flight keep the pipe full
while the kernel holds at most ~2 MB of them.
"""

from __future__ import annotations

import logging
import re
import shutil
import tempfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import anywidget
import traitlets

from nemo_widgets.protocol._upload import check_name, check_size
from nemo_widgets.protocol.constants import ACCEPTED_EXTENSIONS, EXTENSION_ALIASES, MAX_UPLOAD_BYTES, MAX_UPLOAD_LABEL
from nemo_widgets.protocol.errors import NemoError

__all__ = ["CHUNK_BYTES", "WINDOW", "ChunkedUpload", "remove_received"]

log = logging.getLogger("nemo_widgets.widgets")

CHUNK_BYTES = 512 * 1024
WINDOW = 4
_PREFIX = "nemo-upload-"
_ESM = Path(__file__).with_name("chunked_upload.js")


def _safe_name(name: str) -> str:
    """The file's own name, without folders or characters a file system or a shell could trip on."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1].replace("\0", "")
    base = re.sub(r"[^\w .()+,-]", "_", base).strip(" .") or "upload"
    stem, dot, ext = base.rpartition(".")
    return (stem[:120] + dot + ext[:12]) if dot else base[:130]


def remove_received(path: str | Path) -> None:
    """Remove a file :class:`ChunkedUpload` handed over, and its private folder."""
    folder = Path(path).parent
    if folder.name.startswith(_PREFIX):
        shutil.rmtree(folder, ignore_errors=True)


@dataclass
class _Incoming:
    """One file being received: where it goes and what arrived so far."""

    name: str
    size: int
    path: Path
    handle: IO[bytes]
    received: int = 0
    crc: int = 0
    chunks: int = field(default=0)

    def discard(self) -> None:
        self.handle.close()
        remove_received(self.path)


class ChunkedUpload(anywidget.AnyWidget):
    """A drop zone and file picker that sends files of any accepted size to the kernel in slices."""

    _esm = traitlets.Unicode(_ESM.read_text(encoding="utf-8")).tag(sync=True)
    accept = traitlets.List(traitlets.Unicode(), help="accepted extensions with their dot").tag(sync=True)
    max_bytes = traitlets.Int(MAX_UPLOAD_BYTES, help="the largest file accepted").tag(sync=True)
    max_label = traitlets.Unicode(MAX_UPLOAD_LABEL).tag(sync=True)
    chunk_bytes = traitlets.Int(CHUNK_BYTES, help="bytes per slice sent").tag(sync=True)
    window = traitlets.Int(WINDOW, help="slices sent and not yet acknowledged, at most").tag(sync=True)
    stall_ms = traitlets.Int(120_000, help="the browser gives up after this long without an answer").tag(sync=True)
    ready = traitlets.Bool(False, help="set by the front end once the uploader is drawn").tag(sync=True)

    def __init__(
        self,
        *,
        on_received: Callable[[Path], Any],
        on_refused: Callable[[str, str], Any],
        folder: str | Path | None = None,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("accept", ["." + ext for ext in (*ACCEPTED_EXTENSIONS, *EXTENSION_ALIASES)])
        super().__init__(**kwargs)
        self._on_received, self._on_refused = on_received, on_refused
        self._folder = Path(folder) if folder is not None else None
        self._incoming: dict[str, _Incoming] = {}
        self.on_msg(self._on_message)

    # -- messages from the browser -------------------------------------------
    def _on_message(self, _widget: Any, content: Any, buffers: Any = None) -> None:
        if not isinstance(content, dict):
            return
        kind, upload_id = content.get("kind"), str(content.get("id", ""))[:64]
        try:
            if kind == "chunk":
                self._chunk(upload_id, int(content.get("offset", -1)), (buffers or [b""])[0])
            elif kind == "start":
                self._start(upload_id, str(content.get("name", "")), int(content.get("size", -1)))
            elif kind == "end":
                self._end(upload_id, int(content.get("crc32", -1)), int(content.get("size", -1)))
            elif kind == "cancel":
                self._cancel(upload_id)
            elif kind == "refused":
                self._refused_in_browser(str(content.get("name", "")), int(content.get("size", 0)))
        except NemoError as exc:
            self._fail(upload_id, str(exc), "refused" if kind == "start" else "failed")
        except (OSError, ValueError, TypeError) as exc:
            log.warning("browser upload failed: %s", type(exc).__name__)
            self._fail(
                upload_id,
                f"The file could not be written on the kernel's disk ({type(exc).__name__}). "
                "Free some space there, or put the file on the kernel's disk another way.",
            )

    def _refused_in_browser(self, name: str, size: int) -> None:
        """The browser refused a file before reading it; say why on the status line, in the toolkit's words."""
        try:
            check_name(name)
            check_size(name, size)
        except NemoError as exc:
            self._on_refused(name, str(exc))

    def _start(self, upload_id: str, name: str, size: int) -> None:
        check_name(name)
        check_size(name, size)
        if size < 0 or not upload_id:
            raise ValueError("no size")
        self._discard(upload_id)
        folder = Path(tempfile.mkdtemp(prefix=_PREFIX, dir=self._folder))
        free = shutil.disk_usage(folder).free
        if free < size:
            shutil.rmtree(folder, ignore_errors=True)
            raise OSError("no space")
        path = folder / _safe_name(name)
        self._incoming[upload_id] = _Incoming(name, size, path, open(path, "wb"))  # noqa: SIM115 - closed on end/cancel
        self.send({"kind": "ready", "id": upload_id})

    def _chunk(self, upload_id: str, offset: int, data: Any) -> None:
        incoming = self._incoming.get(upload_id)
        if incoming is None:
            return  # cancelled meanwhile: slices already on their way are dropped
        view = memoryview(data).cast("B")
        if offset != incoming.received or incoming.received + len(view) > incoming.size:
            self._fail(
                upload_id, f"{incoming.name} did not arrive whole (a piece out of place): nothing was kept. Try again."
            )
            return
        incoming.handle.write(view)
        incoming.crc = zlib.crc32(view, incoming.crc)
        incoming.received += len(view)
        incoming.chunks += 1
        self.send({"kind": "ack", "id": upload_id, "received": incoming.received})

    def _end(self, upload_id: str, crc: int, size: int) -> None:
        incoming = self._incoming.pop(upload_id, None)
        if incoming is None:
            return
        incoming.handle.close()
        if incoming.received != incoming.size or size != incoming.size or crc != incoming.crc:
            remove_received(incoming.path)
            text = (
                f"{incoming.name} did not arrive whole ({incoming.received} of {incoming.size} bytes, "
                "or a changed byte): nothing was kept. Try again."
            )
            self._reply_failed(upload_id, text)
            return
        self.send({"kind": "done", "id": upload_id})
        self._on_received(incoming.path)

    def _cancel(self, upload_id: str) -> None:
        self._discard(upload_id)
        self.send({"kind": "cancelled", "id": upload_id})

    # -- failures ------------------------------------------------------------
    def _fail(self, upload_id: str, text: str, kind: str = "failed") -> None:
        self._discard(upload_id)
        if kind == "refused":
            self.send({"kind": "refused", "id": upload_id, "text": text})
            self._on_refused("", text)
        else:
            self._reply_failed(upload_id, text)

    def _reply_failed(self, upload_id: str, text: str) -> None:
        self.send({"kind": "failed", "id": upload_id, "text": text})
        self._on_refused("", text)

    def _discard(self, upload_id: str) -> None:
        incoming = self._incoming.pop(upload_id, None)
        if incoming is not None:
            incoming.discard()

    @property
    def receiving(self) -> dict[str, tuple[str, int, int]]:
        """What is arriving now: ``{id: (name, received, size)}``."""
        return {key: (i.name, i.received, i.size) for key, i in self._incoming.items()}

    def close(self) -> None:
        for upload_id in list(self._incoming):
            self._discard(upload_id)
        super().close()

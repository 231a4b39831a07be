"""Uploads: the checks made before sending, and files streamed from disk.

A local file is never read whole: httpx's multipart encoder reads it in
chunks through :class:`CountingFile`, which reports the bytes read (sent)
to a progress callback. Reading restarts from zero when httpx rewinds the
file for a retried request, and the count restarts with it.
"""

from __future__ import annotations

import mimetypes
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Union

from nemo_widgets.protocol.constants import ACCEPTED_EXTENSIONS, MAX_UPLOAD_BYTES, file_extension
from nemo_widgets.protocol.errors import FileTooLarge, LocalFileMissing, UnsupportedFile

__all__ = ["CountingFile", "Progress", "ProgressSteps", "UploadItem", "check_name", "check_size", "plan_paths"]

#: ``progress(sent_bytes, total_bytes)``.
Progress = Callable[[int, int], None]
PathLike = Union[str, "os.PathLike[str]"]


def extension_of(filename: str) -> str:
    """The lower-case extension without the dot, aliases resolved (``jpeg`` → ``jpg``)."""
    return file_extension(filename)


def check_name(filename: str) -> None:
    """Raise :class:`UnsupportedFile` for a type the API does not accept."""
    if extension_of(filename) not in ACCEPTED_EXTENSIONS:
        raise UnsupportedFile(filename)


def check_size(filename: str, size: int) -> None:
    """Raise :class:`FileTooLarge` above the API's limit (500 MB)."""
    if size > MAX_UPLOAD_BYTES:
        raise FileTooLarge(filename, size)


def content_type(filename: str) -> str:
    return mimetypes.guess_type(filename)[0] or "application/octet-stream"


@dataclass(frozen=True)
class UploadItem:
    """One local file to send: where it is, its name and size (checked)."""

    path: Path
    name: str
    size: int


def plan_paths(paths: PathLike | Sequence[PathLike]) -> list[UploadItem]:
    """Check every file before anything is sent: it exists, its type, its size.

    The size comes from ``stat`` (a sparse 600 MB file is refused without a
    read).
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    items = []
    for raw in paths:
        path = Path(raw).expanduser()
        check_name(path.name)
        try:
            size = path.stat().st_size
        except OSError:
            raise LocalFileMissing(str(raw)) from None
        if not path.is_file():
            raise LocalFileMissing(str(raw))
        check_size(path.name, size)
        items.append(UploadItem(path, path.name, size))
    if not items:
        raise ValueError("no file to upload")
    return items


class ProgressSteps:
    """Bytes received so far, and whether ``progress(done, total)`` is due: once a MiB and at the end.

    A download is read as the connection hands it over (64 KiB pieces): regrouping it into bigger pieces
    copied every byte again (about a third of a download's CPU), and a report per piece would be thousands
    for a big file.
    """

    STEP = 1 << 20

    def __init__(self, total: int) -> None:
        self.total, self.done, self._told = total, 0, 0

    def add(self, size: int) -> bool:
        """Count ``size`` more bytes; True when a report is due."""
        self.done += size
        if self.done - self._told >= self.STEP or (self.total and self.done >= self.total):
            self._told = self.done
            return True
        return False

    def last(self) -> bool:
        """True when bytes came in since the last report (an unknown total: the end was not seen as such)."""
        due, self._told = self.done != self._told, self.done
        return due


class _Counter:
    """Shared by the files of one request: bytes read so far, reported to ``progress``."""

    def __init__(self, total: int, progress: Progress | None) -> None:
        self.total = total
        self.progress = progress
        self.parts: dict[int, int] = {}

    def update(self, key: int, done: int) -> None:
        self.parts[key] = done
        if self.progress is not None:
            self.progress(sum(self.parts.values()), self.total)


class CountingFile:
    """A binary file wrapper that counts what is read from it.

    httpx's multipart encoder asks for 64 KiB at a time; each piece then costs a trip through h11, the
    event loop and the socket on both ends, so a read gives up to :attr:`PIECE` (1 MiB) whatever the size
    asked (httpx sends what it gets). ``fileno`` lets httpx size the body (Content-Length) from ``fstat``
    without reading it.
    """

    PIECE = 1 << 20

    def __init__(self, raw: IO[bytes], counter: _Counter, key: int) -> None:
        self._raw = raw
        self._counter = counter
        self._key = key
        self._done = 0

    def read(self, size: int = -1) -> bytes:
        chunk = self._raw.read(size if size <= 0 else max(size, self.PIECE))
        if chunk:
            self._done += len(chunk)
            self._counter.update(self._key, self._done)
        return chunk

    def seek(self, offset: int, whence: int = 0) -> int:
        position = self._raw.seek(offset, whence)
        if whence == 0:
            self._done = position
        return position

    def tell(self) -> int:
        return self._raw.tell()

    def fileno(self) -> int:
        return self._raw.fileno()

    def close(self) -> None:
        self._raw.close()

    @property
    def name(self) -> str:
        return str(getattr(self._raw, "name", "upload"))


def counting_files(
    sources: Iterable[tuple[str, IO[bytes], int]], progress: Progress | None
) -> list[tuple[str, tuple[str, Any, str]]]:
    """The ``files=`` argument for httpx: field ``files`` once per source ``(name, file, size)``."""
    sources = list(sources)
    counter = _Counter(sum(size for _, _, size in sources), progress)
    return [
        ("files", (name, CountingFile(handle, counter, index), content_type(name)))
        for index, (name, handle, _size) in enumerate(sources)
    ]

"""Receiving uploads: multipart streamed to disk, or a file fetched from an http(s) URL.

Nothing is held whole in memory: python-multipart's push parser is fed the
request body chunk by chunk and each file part goes straight to a temporary
file under the session's media folder. The size limit is enforced while
streaming (the read stops at once) and the type is checked from the first
bytes as soon as they arrive; on any rejection every file of the request is
removed, so nothing is left on disk.
"""

from __future__ import annotations

import contextlib
import mimetypes
import unicodedata
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO
from urllib.parse import unquote, urlsplit

import httpx
from python_multipart.multipart import MultipartParser, parse_options_header

from nemo_widgets.local.media.probe import kind_of_extension, normalise_extension
from nemo_widgets.local.media.sniff import SNIFF_BYTES, Other, sniff
from nemo_widgets.local.state.db import DISK_FULL, is_disk_full
from nemo_widgets.protocol.constants import ACCEPTED_EXTENSIONS, MAX_UPLOAD_LABEL, Code

__all__ = [
    "ReceivedFile",
    "UploadRejected",
    "display_name",
    "fetch_url",
    "new_file",
    "not_media",
    "receive_multipart",
    "stored_name",
    "too_large",
    "unreadable",
]

FIELD = "files"
#: The longest name shown (a sanity cap: a real name is far shorter), and the longest stored (ext4, APFS).
MAX_SHOWN = 1000
MAX_NAME_BYTES = 255


class UploadRejected(Exception):
    """An upload refused with an envelope code (4001 type, 4002 size, 400 malformed)."""

    def __init__(self, code: int, message: str) -> None:
        super().__init__(message)
        self.code, self.message = code, message


def unsupported(detail: str) -> UploadRejected:
    """A refused type (the extension): the message lists the accepted ones."""
    return UploadRejected(Code.UNSUPPORTED_FILE, f"{detail}. Supported formats: {', '.join(ACCEPTED_EXTENSIONS)}.")


def not_media(name: str, ext: str, size: int) -> UploadRejected:
    """An accepted extension on bytes that are not that kind of media (text named .mp4, an empty file)."""
    if size == 0:
        return UploadRejected(Code.UNSUPPORTED_FILE, f"'{name}' is empty (0 bytes).")
    return UploadRejected(
        Code.UNSUPPORTED_FILE, f"'{name}' is not really {_article(ext)} {ext.upper()} file: its content is not media."
    )


def _article(ext: str) -> str:
    """The article before an extension said letter by letter: "an MP4", "a JPG" (a vowel sound first)."""
    return "an" if ext[:1].upper() in "AEFHILMNORSX" else "a"


def really(name: str, ext: str, kind: str, other: Other) -> UploadRejected:
    """A type the API does not take behind an accepted name: what it is, and what to save it as."""
    save_as = other.save_as or {"audio": "MP3 or WAV", "image": "JPG or PNG"}.get(kind, "MP4")
    return UploadRejected(
        Code.UNSUPPORTED_FILE,
        f"'{name}' is really {other.label} {other.noun}, not {_article(ext)} {ext.upper()} file. "
        f"Save it as {save_as} first, then upload that.",
    )


def unreadable(name: str, kind: str) -> UploadRejected:
    """A file of the right kind that ffmpeg cannot read (damaged, cut short before its index, no stream)."""
    article = "an" if kind[0] in "aeiou" else "a"
    return UploadRejected(
        Code.UNSUPPORTED_FILE, f"'{name}' could not be read as {article} {kind}: it looks damaged or incomplete."
    )


def too_large(limit: int) -> UploadRejected:
    label = MAX_UPLOAD_LABEL if limit >= 500 * 1024 * 1024 else f"{limit} bytes"
    return UploadRejected(Code.FILE_TOO_LARGE, f"The file is larger than {label}.")


def display_name(raw: str) -> str:
    """The name as the user gave it, for showing: only a path before it (``C:\\Users\\me\\``, ``../``) and
    control characters are dropped. Joiners, non-joiners, marks, narrow spaces and decomposed accents stay: a
    Persian, Hindi or emoji name is not the same name without them."""
    name = raw.replace("\\", "/").split("/")[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch) != "Cc")
    return name[:MAX_SHOWN] if name.strip(" .") else "upload"


def stored_name(name: str, suffix: str = "", limit: int = MAX_NAME_BYTES) -> str:
    """``name`` + ``suffix`` made safe as a file name on any disk, apart from the name shown: separators and
    control characters replaced, at most ``limit`` bytes of UTF-8 (a cut never ends inside a character nor
    leaves a joiner or an accent hanging)."""
    stem = "".join("_" if ch in "/\\" or unicodedata.category(ch) == "Cc" else ch for ch in name).strip()
    room = limit - len(suffix.encode())
    if len(stem.encode()) > room:
        stem = stem.encode()[:room].decode("utf-8", "ignore")
        while stem and (unicodedata.category(stem[-1]) in ("Mn", "Me", "Cf") or stem[-1].isspace()):
            stem = stem[:-1]  # a mark, joiner or space left hanging by the cut
    return (stem or "render") + suffix


@dataclass
class ReceivedFile:
    """One file written to disk and checked by name and first bytes (not yet probed)."""

    name: str
    ext: str
    kind: str
    path: Path
    size: int = 0
    head: bytearray = field(default_factory=bytearray, repr=False)
    checked: bool = False
    #: The first bytes match nothing known: ffmpeg's probe has the last word (and says "not media" if none).
    unsure: bool = False

    def check_type(self) -> None:
        """4001 when the first bytes are another type than the extension's kind (what it really is, when known),
        or not media at all (text, an archive...); binary that matches nothing known is left to the probe."""
        found = sniff(bytes(self.head))
        if found.other is not None:
            raise really(self.name, self.ext, self.kind, found.other)
        if self.kind not in found.kinds and (found.kinds or found.not_media or self.size == 0):
            raise not_media(self.name, self.ext, self.size)
        self.unsure = not found.kinds
        self.checked = True


def new_file(raw_name: str, dest_dir: Path) -> tuple[ReceivedFile, IO[bytes]]:
    """A file of an accepted type by its name, opened for writing under a temporary name in ``dest_dir``."""
    name = display_name(raw_name)
    ext = normalise_extension(name)
    kind = kind_of_extension(ext)
    if kind is None:
        raise unsupported(f"{name} has an unsupported type")
    dest_dir.mkdir(parents=True, exist_ok=True)
    path = dest_dir / f".incoming-{uuid.uuid4().hex}.{ext}"
    return ReceivedFile(name, ext, kind, path), open(path, "wb")


def _html5_unescape(name: str) -> str:
    """A form's ``filename="..."`` as browsers and httpx write it: ``"``, CR and LF are percent-escaped."""
    return name.replace("%22", '"').replace("%0D", "\r").replace("%0A", "\n")


class _Receiver:
    """The callbacks of the multipart parser: one file part after another, straight to disk."""

    def __init__(self, dest_dir: Path, limit: int) -> None:
        self.dest_dir, self.limit = dest_dir, limit
        self.files: list[ReceivedFile] = []
        self.current: ReceivedFile | None = None
        self.handle: IO[bytes] | None = None
        self.headers: dict[bytes, bytes] = {}
        self._field = self._value = b""

    def callbacks(self) -> dict[str, object]:
        return {
            "on_part_begin": self.on_part_begin,
            "on_header_field": lambda data, start, end: setattr(self, "_field", self._field + data[start:end]),
            "on_header_value": lambda data, start, end: setattr(self, "_value", self._value + data[start:end]),
            "on_header_end": self.on_header_end,
            "on_headers_finished": self.on_headers_finished,
            "on_part_data": self.on_part_data,
            "on_part_end": self.on_part_end,
        }

    def on_part_begin(self) -> None:
        self.headers, self.current, self.handle = {}, None, None

    def on_header_end(self) -> None:
        self.headers[self._field.strip().lower()] = self._value.strip()
        self._field = self._value = b""

    def on_headers_finished(self) -> None:
        _, options = parse_options_header(self.headers.get(b"content-disposition", b""))
        raw = options.get(b"filename*")
        filename = unquote(raw.decode("latin-1").split("''", 1)[-1]) if raw else None
        if filename is None and b"filename" in options:
            filename = _html5_unescape(options[b"filename"].decode("utf-8", "replace"))
        if options.get(b"name") != FIELD.encode() or not filename:
            return  # not a file of the "files" field: ignored
        self.current, self.handle = new_file(filename, self.dest_dir)
        self.files.append(self.current)

    def on_part_data(self, data: bytes, start: int, end: int) -> None:
        current, handle = self.current, self.handle
        if current is None or handle is None:
            return
        chunk = data[start:end]
        current.size += len(chunk)
        if current.size > self.limit:
            raise too_large(self.limit)
        if not current.checked and len(current.head) < SNIFF_BYTES:
            current.head += chunk[: SNIFF_BYTES - len(current.head)]
            if len(current.head) >= SNIFF_BYTES:
                current.check_type()
        handle.write(chunk)

    def on_part_end(self) -> None:
        if self.current is not None and self.handle is not None:
            self.handle.close()
            if not self.current.checked:
                self.current.check_type()
        self.current, self.handle = None, None

    def discard(self) -> None:
        if self.handle is not None:
            # the file goes anyway: closing flushes what is still buffered, which fails again on a full disk
            # (the first ENOSPC is the one answered; a second from here made the upload a 500)
            with contextlib.suppress(OSError):
                self.handle.close()
            self.handle = None
        for received in self.files:
            received.path.unlink(missing_ok=True)


async def receive_multipart(
    chunks: AsyncIterator[bytes], content_type: str, dest_dir: Path, limit: int
) -> list[ReceivedFile]:
    """Stream a multipart body to files in ``dest_dir``; raises :class:`UploadRejected`."""
    _, params = parse_options_header(content_type)
    boundary = params.get(b"boundary")
    if not boundary:
        raise UploadRejected(400, "multipart body without a boundary")
    receiver = _Receiver(dest_dir, limit)
    parser = MultipartParser(boundary, receiver.callbacks())  # type: ignore[arg-type]  # python-multipart types its callbacks as a TypedDict
    try:
        async for chunk in chunks:
            parser.write(chunk)
        parser.finalize()
        if receiver.handle is not None:
            raise UploadRejected(400, "the multipart body ended in the middle of a file")
    except UploadRejected:
        receiver.discard()
        raise
    except OSError as exc:
        receiver.discard()
        if is_disk_full(exc):
            raise UploadRejected(507, DISK_FULL) from None
        raise
    except Exception as exc:
        receiver.discard()
        raise UploadRejected(400, f"malformed multipart body: {exc}") from exc
    if not receiver.files:
        raise UploadRejected(400, f'no file in the multipart field "{FIELD}"')
    return receiver.files


def _name_from_response(url: str, content_type: str) -> str:
    name = unquote(Path(urlsplit(url).path).name) or "download"
    if kind_of_extension(normalise_extension(name)) is None:
        guessed = mimetypes.guess_extension(content_type.split(";")[0].strip()) or ""
        if kind_of_extension(normalise_extension(guessed)) is not None:
            name = f"{Path(name).stem or 'download'}{guessed}"
    return name


async def fetch_url(url: str, dest_dir: Path, limit: int, timeout: float = 60.0) -> ReceivedFile:
    """Download an http(s) URL to ``dest_dir`` with the same checks as an upload."""
    if urlsplit(url).scheme.lower() not in ("http", "https"):
        raise unsupported("Only http and https URLs can be uploaded")
    handle: IO[bytes] | None = None
    received: ReceivedFile | None = None
    try:
        async with httpx.AsyncClient(follow_redirects=True, timeout=timeout) as client:
            async with client.stream("GET", url) as response:
                if response.status_code != 200:
                    raise unsupported(f"The URL answered HTTP {response.status_code}")
                declared = int(response.headers.get("content-length") or 0)
                if declared > limit:
                    raise too_large(limit)
                name = _name_from_response(str(response.url), response.headers.get("content-type", ""))
                received, handle = new_file(name, dest_dir)
                async for chunk in response.aiter_bytes():
                    received.size += len(chunk)
                    if received.size > limit:
                        raise too_large(limit)
                    if len(received.head) < SNIFF_BYTES:
                        received.head += chunk[: SNIFF_BYTES - len(received.head)]
                    handle.write(chunk)
        handle.close()
        received.check_type()
        return received
    except BaseException as exc:
        if handle is not None:
            handle.close()
        if received is not None:
            received.path.unlink(missing_ok=True)
        if isinstance(exc, httpx.HTTPError):
            raise unsupported(f"The URL could not be fetched ({type(exc).__name__})") from exc
        if is_disk_full(exc):
            raise UploadRejected(507, DISK_FULL) from None
        raise

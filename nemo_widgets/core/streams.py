"""What streams an exported file holds, read from the file itself.

:func:`read_streams` asks ffmpeg when there is one (imageio-ffmpeg's, which the
``[local]`` extra installs, else one on ``PATH``): ``ffmpeg -hide_banner -i FILE``
lists every stream on stderr (there is no ffprobe in imageio-ffmpeg). Cover art
in an MP3 or M4A (``(attached pic)``) is not counted as video.

Without ffmpeg (the base install is kept light: no ffmpeg, no PyAV) a small
reader of our own does the job for the formats the toolkit exports:

* MP4 / M4A / MOV (ISO BMFF, ISO/IEC 14496-12): the ``hdlr`` handler type of
  every ``moov/trak`` box (``vide``, ``soun``); only box headers are read and
  ``mdat`` is skipped, so a 500 MB file costs a few reads;
* MP3: an ID3v2 tag is skipped, then three consecutive MPEG audio frame
  headers must check out (each frame's length points at the next), which
  random bytes named ``.mp3`` pass about once in a hundred thousand;
* WAV: a ``RIFF…WAVE`` header with a ``fmt`` chunk.

Why not mutagen: it reads tags and the first audio track, but does not list
an MP4's video tracks, and the check needs both counts; the box walk that
does is forty lines over a stable standard. Anything else reads as
``readable=False`` and the check says it could not tell.
"""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

__all__ = ["StreamReport", "find_ffmpeg", "read_streams", "read_with_ffmpeg", "read_without_ffmpeg"]

_FFMPEG_TIMEOUT_S = 30.0
_STREAM_LINE = re.compile(r"^\s*Stream #\d+:\d+.*?: (Video|Audio): (.*)$", re.MULTILINE)
_DURATION = re.compile(r"Duration: (\d+):(\d\d):(\d\d(?:\.\d+)?)")


@dataclass(frozen=True)
class StreamReport:
    """The streams found in a file: how many video and audio streams, and who read them.

    ``reader``: ``"ffmpeg"``, ``"mp4 boxes"``, ``"mp3 frames"``, ``"wav header"``, or
    ``"none"`` when nothing could read the file (then ``readable`` is false).
    """

    video: int = 0
    audio: int = 0
    reader: str = "none"
    readable: bool = False
    duration_s: float | None = None

    @property
    def has_video(self) -> bool:
        return self.video > 0

    @property
    def has_audio(self) -> bool:
        return self.audio > 0

    def __str__(self) -> str:
        if not self.readable:
            return "streams unknown"
        return f"{self.video} video and {self.audio} audio stream(s) (read by {self.reader})"


def find_ffmpeg() -> str | None:
    """imageio-ffmpeg's binary when installed, else ``ffmpeg`` on ``PATH``, else ``None``."""
    try:
        import imageio_ffmpeg  # the engine's ffmpeg ([local] extra)

        return str(imageio_ffmpeg.get_ffmpeg_exe())
    except (ImportError, RuntimeError, OSError):
        return shutil.which("ffmpeg")


def read_streams(path: str | Path, ffmpeg: str | None = None) -> StreamReport:
    """The file's streams: by ffmpeg when present (``ffmpeg`` or :func:`find_ffmpeg`), else by our reader."""
    exe = ffmpeg or find_ffmpeg()
    if exe:
        report = read_with_ffmpeg(path, exe)
        if report.readable:
            return report
    return read_without_ffmpeg(path)


def read_with_ffmpeg(path: str | Path, ffmpeg: str) -> StreamReport:
    """``ffmpeg -i`` 's stream list (its exit code 1, "no output file", is normal here)."""
    try:
        done = subprocess.run(
            [ffmpeg, "-hide_banner", "-nostdin", "-i", str(path)],
            capture_output=True, timeout=_FFMPEG_TIMEOUT_S, check=False,
        )  # fmt: skip
    except (OSError, subprocess.TimeoutExpired):
        return StreamReport()
    text = done.stderr.decode("utf-8", "replace")
    video = audio = 0
    for kind, rest in _STREAM_LINE.findall(text):
        if kind == "Audio":
            audio += 1
        elif "(attached pic)" not in rest:
            video += 1
    if not (video or audio) and "Input #0" not in text:
        return StreamReport()
    match = _DURATION.search(text)
    duration = int(match[1]) * 3600 + int(match[2]) * 60 + float(match[3]) if match else None
    return StreamReport(video, audio, "ffmpeg", True, duration)


def read_without_ffmpeg(path: str | Path) -> StreamReport:
    """Our own reader: MP4-family boxes, MP3 frames, a WAV header; else unreadable."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(12)
            if head[4:8] in (b"ftyp", b"moov", b"mdat", b"wide", b"free"):  # QuickTime may not start with ftyp
                return _mp4(fh)
            if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
                return _wav(fh)
            return _mp3(fh)
    except OSError:
        return StreamReport()


# -- MP4 family ----------------------------------------------------------------


def _boxes(fh: BinaryIO, start: int, end: int) -> list[tuple[bytes, int, int]]:
    """(type, payload start, payload end) of the boxes between ``start`` and ``end``."""
    found: list[tuple[bytes, int, int]] = []
    at = start
    while at + 8 <= end:
        fh.seek(at)
        header = fh.read(8)
        if len(header) < 8:
            break
        size, kind = struct.unpack(">I4s", header)
        body = at + 8
        if size == 1:  # a 64-bit size follows
            large = fh.read(8)
            if len(large) < 8:
                break
            size, body = struct.unpack(">Q", large)[0], at + 16
        elif size == 0:  # to the end of the enclosing box
            size = end - at
        if size < body - at or at + size > end:
            break  # a broken box: stop, keep what was read
        found.append((kind, body, at + size))
        at += size
    return found


def _mp4(fh: BinaryIO) -> StreamReport:
    end = fh.seek(0, 2)
    video = audio = 0
    moov = [b for b in _boxes(fh, 0, end) if b[0] == b"moov"]
    if not moov:
        return StreamReport()
    for kind, start, stop in _boxes(fh, moov[0][1], moov[0][2]):
        if kind != b"trak":
            continue
        for mdia in (b for b in _boxes(fh, start, stop) if b[0] == b"mdia"):
            for hdlr in (b for b in _boxes(fh, mdia[1], mdia[2]) if b[0] == b"hdlr"):
                fh.seek(hdlr[1] + 8)  # version+flags, pre_defined, then the handler type
                handler = fh.read(4)
                video += handler == b"vide"
                audio += handler == b"soun"
    return StreamReport(video, audio, "mp4 boxes", True)


# -- MP3 ---------------------------------------------------------------------

_BITRATES = {  # kbit/s by (MPEG-1?, layer) and index 1-14
    (True, 3): (32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320),
    (True, 2): (32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384),
    (True, 1): (32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448),
    (False, 3): (8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160),
    (False, 2): (8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160),
    (False, 1): (32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256),
}
_RATES = {3: (44100, 48000, 32000), 2: (22050, 24000, 16000), 0: (11025, 12000, 8000)}


def _frame_length(header: bytes) -> int | None:
    """The byte length of the MPEG audio frame starting with ``header`` (4 bytes), or ``None``."""
    if len(header) < 4 or header[0] != 0xFF or header[1] & 0xE0 != 0xE0:
        return None
    version, layer_bits = (header[1] >> 3) & 3, (header[1] >> 1) & 3
    rate_index, bit_index, padding = (header[2] >> 2) & 3, header[2] >> 4, (header[2] >> 1) & 1
    if version == 1 or layer_bits == 0 or rate_index == 3 or bit_index in (0, 15):
        return None
    layer, mpeg1 = 4 - layer_bits, version == 3
    bitrate = _BITRATES[(mpeg1, layer)][bit_index - 1] * 1000
    rate = _RATES[version][rate_index]
    if layer == 1:
        return (12 * bitrate // rate + padding) * 4
    return (144 if mpeg1 or layer == 2 else 72) * bitrate // rate + padding


def _mp3(fh: BinaryIO) -> StreamReport:
    fh.seek(0)
    head = fh.read(10)
    start = 0
    if head[:3] == b"ID3" and len(head) == 10:
        size = (head[6] & 0x7F) << 21 | (head[7] & 0x7F) << 14 | (head[8] & 0x7F) << 7 | (head[9] & 0x7F)
        start = 10 + size + (10 if head[5] & 0x10 else 0)
    fh.seek(start)
    window = fh.read(64 * 1024)  # encoders may pad before the first frame
    at = window.find(b"\xff")
    while 0 <= at < len(window) - 3:
        if window[at + 1] & 0xE0 == 0xE0 and _frames_follow(fh, start + at, 3):
            return StreamReport(0, 1, "mp3 frames", True)
        at = window.find(b"\xff", at + 1)
    return StreamReport()


def _frames_follow(fh: BinaryIO, at: int, count: int) -> bool:
    """Whether ``count`` MPEG audio frames follow one another from ``at``."""
    for _ in range(count):
        fh.seek(at)
        length = _frame_length(fh.read(4))
        if length is None:
            return False
        at += length
    return True


# -- WAV -----------------------------------------------------------------------


def _wav(fh: BinaryIO) -> StreamReport:
    fh.seek(12)
    while True:
        chunk = fh.read(8)
        if len(chunk) < 8:
            return StreamReport()
        kind, size = chunk[:4], struct.unpack("<I", chunk[4:])[0]
        if kind == b"fmt ":
            return StreamReport(0, 1, "wav header", True)
        fh.seek(size + (size & 1), 1)

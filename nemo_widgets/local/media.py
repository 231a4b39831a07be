"""ffmpeg for the engine: where it is, what a file holds, and content sniffing.

imageio-ffmpeg ships no ffprobe, so a file is probed by reading the stderr of
``ffmpeg -hide_banner -i FILE`` (exit code 1 is normal there). Every command
line is an argument list built by a pure function; the render command lines
live in :mod:`nemo_widgets.local.render_args`.
"""

from __future__ import annotations

import functools
import re
import shutil
import subprocess
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from nemo_widgets.protocol.constants import (
    ACCEPTED_EXTENSIONS,
    AUDIO_EXTENSIONS,
    IMAGE_EXTENSIONS,
    VIDEO_EXTENSIONS,
)

__all__ = [
    "MediaInfo",
    "drawtext_available",
    "ffmpeg_exe",
    "kind_of_extension",
    "normalise_extension",
    "parse_probe",
    "probe",
    "probe_args",
    "sniff_kinds",
]

#: Spellings that mean an accepted extension.
_EXTENSION_ALIASES = {"jpeg": "jpg", "qt": "mov"}
SNIFF_BYTES = 64


@dataclass
class MediaInfo:
    """What a probe found in a media file."""

    duration_ms: int | None = None
    has_video: bool = False
    has_audio: bool = False
    width: int | None = None
    height: int | None = None
    video_codec: str | None = None
    audio_codec: str | None = None
    sample_rate: int | None = None
    fps: float | None = None
    container: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@functools.lru_cache(maxsize=8)
def ffmpeg_exe(preferred: str | None = None) -> str:
    """The ffmpeg binary: ``preferred``, else imageio-ffmpeg's, else the system's."""
    if preferred:
        return preferred
    try:
        import imageio_ffmpeg

        return str(imageio_ffmpeg.get_ffmpeg_exe())
    except Exception:  # noqa: BLE001 - not installed or no binary for this platform
        found = shutil.which("ffmpeg")
        if found:
            return found
    raise RuntimeError("ffmpeg not found: pip install imageio-ffmpeg, or install ffmpeg")


def probe_args(ffmpeg: str, path: Path | str) -> list[str]:
    return [ffmpeg, "-hide_banner", "-nostdin", "-i", str(path)]


_DURATION = re.compile(r"Duration:\s*(\d+):(\d{2}):(\d{2}(?:\.\d+)?)")
_INPUT = re.compile(r"Input #0, ([^,]+)")
_STREAM = re.compile(r"^\s*Stream #\d+:\d+.*?: (Video|Audio): ([A-Za-z0-9_]+)(.*)$", re.M)
_SIZE = re.compile(r"\b(\d{2,5})x(\d{2,5})\b")
_RATE = re.compile(r"(\d+) Hz")
_FPS = re.compile(r"(\d+(?:\.\d+)?) fps")


def parse_probe(stderr: str) -> MediaInfo:
    """Parse the stderr of ``ffmpeg -hide_banner -i FILE`` into a :class:`MediaInfo`."""
    info = MediaInfo()
    container = _INPUT.search(stderr)
    if container:
        info.container = container.group(1)
    duration = _DURATION.search(stderr)
    if duration:
        hours, minutes, seconds = duration.groups()
        info.duration_ms = round((int(hours) * 3600 + int(minutes) * 60 + float(seconds)) * 1000)
    for kind, codec, rest in _STREAM.findall(stderr):
        if kind == "Video" and not info.has_video and "attached pic" not in rest:
            info.has_video, info.video_codec = True, codec
            size = _SIZE.search(rest)
            if size:
                info.width, info.height = int(size.group(1)), int(size.group(2))
            fps = _FPS.search(rest)
            info.fps = float(fps.group(1)) if fps else None
        elif kind == "Audio" and not info.has_audio:
            info.has_audio, info.audio_codec = True, codec
            rate = _RATE.search(rest)
            info.sample_rate = int(rate.group(1)) if rate else None
    return info


def probe(ffmpeg: str, path: Path | str, timeout: float = 60.0) -> MediaInfo:
    """Probe a file (blocking: call it from a thread when on an event loop)."""
    done = subprocess.run(probe_args(ffmpeg, path), capture_output=True, timeout=timeout, check=False)
    return parse_probe(done.stderr.decode("utf-8", "replace"))


def normalise_extension(filename: str) -> str:
    """The lower-case extension of ``filename`` without the dot, aliases resolved."""
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    return _EXTENSION_ALIASES.get(ext, ext)


def kind_of_extension(ext: str) -> str | None:
    """``"video"``, ``"audio"`` or ``"image"`` for an accepted extension, else ``None``."""
    if ext not in ACCEPTED_EXTENSIONS:
        return None
    if ext in VIDEO_EXTENSIONS:
        return "video"
    if ext in AUDIO_EXTENSIONS:
        return "audio"
    return "image" if ext in IMAGE_EXTENSIONS else None


def _is_mpeg_audio_frame(head: bytes) -> bool:
    if len(head) < 2 or head[0] != 0xFF:
        return False
    second = head[1]
    # MPEG audio: 11 sync bits, layer != 00. ADTS (AAC) has layer == 00.
    return (second & 0xE0) == 0xE0 and (second & 0x06) != 0


def _is_adts(head: bytes) -> bool:
    return len(head) >= 2 and head[0] == 0xFF and (head[1] & 0xF6) == 0xF0


def sniff_kinds(head: bytes) -> set[str]:
    """The kinds (video/audio/image) the first bytes of a file can be; empty: not media."""
    if len(head) >= 12 and head[4:8] in (b"ftyp", b"moov", b"mdat", b"wide", b"free", b"skip"):
        return {"video", "audio"}  # ISO BMFF / QuickTime: mp4, mov, m4a
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return {"video", "audio"}  # EBML: mkv, webm
    if head.startswith(b"RIFF") and len(head) >= 12:
        return {b"AVI ": {"video"}, b"WAVE": {"audio"}, b"WEBP": {"image"}}.get(head[8:12], set())
    if head.startswith(b"ID3") or _is_mpeg_audio_frame(head) or _is_adts(head):
        return {"audio"}
    if head.startswith(b"\xff\xd8\xff") or head.startswith(b"\x89PNG\r\n\x1a\n"):
        return {"image"}
    if head.startswith((b"GIF87a", b"GIF89a")):
        return {"image"}
    return set()


@functools.lru_cache(maxsize=4)
def drawtext_available(ffmpeg: str) -> bool:
    """Whether this ffmpeg can draw a title (drawtext + a usable font)."""
    args = [ffmpeg, "-v", "error", "-nostdin", "-f", "lavfi", "-i", "color=c=black:s=64x64:d=0.04",
            "-vf", "drawtext=text=T:fontsize=20", "-f", "null", "-"]
    try:
        return subprocess.run(args, capture_output=True, timeout=30, check=False).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False

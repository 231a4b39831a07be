"""ffmpeg for the engine: where it is, what a file holds, and content sniffing.

imageio-ffmpeg ships no ffprobe, so a file is probed by reading the stderr of
``ffmpeg -hide_banner -i FILE`` (exit code 1 is normal there). Every command
line is an argument list built by a pure function; the render command lines
live in :mod:`nemo_widgets.local.media.ffmpeg_args`.
"""

from __future__ import annotations

import functools
import re
import shutil
import subprocess
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from nemo_widgets.local.media.exif import orientation_rotation
from nemo_widgets.local.media.sniff import SNIFF_BYTES, cut_short, sniff_kinds
from nemo_widgets.protocol.constants import (
    ACCEPTED_EXTENSIONS,
    AUDIO_EXTENSIONS,
    IMAGE_EXTENSIONS,
    VIDEO_EXTENSIONS,
    file_extension,
)

__all__ = [
    "SNIFF_BYTES",
    "MediaInfo",
    "default_audio_track",
    "drawtext_available",
    "ffmpeg_exe",
    "kind_of_extension",
    "last_out_time_ms",
    "measure_args",
    "measure_duration",
    "normalise_extension",
    "parse_probe",
    "probe",
    "probe_args",
    "probe_fully",
    "sniff_kinds",
]


@dataclass
class MediaInfo:
    """What a probe found in a media file.

    ``width``/``height`` are the coded size; ``rotation`` (0, 90, 180, 270) the display rotation
    (side data, the ``rotate`` tag, or a photo's EXIF orientation); ``pixel_aspect`` the width of a pixel
    as shown (an anamorphic DV or DVD picture: 8/9, 32/27, 64/45...); ``interlaced``: fields, not frames.
    ``audio_streams`` lists every audio stream (``index`` among the audio streams, ``codec``,
    ``sample_rate``, ``channels``, ``language``, ``default``, ``delay_ms``: how long after the file's start
    it begins); the ``audio_*``/``sample_rate`` fields describe the one a render takes (the default-flagged one).
    """

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
    rotation: int = 0
    pix_fmt: str | None = None
    pixel_aspect: float = 1.0
    interlaced: bool = False
    audio_streams: list[dict[str, Any]] = field(default_factory=list)
    audio_track: int = 0
    #: The video stream a render takes (an index among the video streams: a cover track may come first).
    video_track: int = 0
    #: The H.264 profile ("High", "Constrained Baseline"...): Baseline has no B-frames (frames in order).
    video_profile: str | None = None
    #: An image with more than one frame (animated GIF / WebP): rendered at its own length.
    animated: bool = False
    #: How the duration was known: "header", or "measured" (read to the end: the header had none).
    duration_source: str | None = None
    #: The file ends before its own structure says it does (an MP4 cut short): a render says what was lost.
    cut_short: bool = False

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@functools.lru_cache(maxsize=8)
def ffmpeg_exe(preferred: str | None = None) -> str:
    """The ffmpeg binary: ``preferred``, else imageio-ffmpeg's, else the system's."""
    if preferred:
        return preferred
    try:
        import imageio_ffmpeg  # lazy and optional: the system's ffmpeg serves when it is missing

        return str(imageio_ffmpeg.get_ffmpeg_exe())
    except Exception:  # noqa: BLE001 - not installed or no binary for this platform
        found = shutil.which("ffmpeg")
        if found:
            return found
    raise RuntimeError("ffmpeg not found: pip install imageio-ffmpeg, or install ffmpeg")


def probe_args(ffmpeg: str, path: Path | str) -> list[str]:
    return [ffmpeg, "-hide_banner", "-nostdin", "-i", str(path)]


_DURATION = re.compile(r"Duration:\s*(\d+):(\d{2}):(\d{2}(?:\.\d+)?)")
_FILE_START = re.compile(r"Duration:[^\n]*?, start: (-?\d+(?:\.\d+)?)")
_STREAM_START = re.compile(r", start (-?\d+(?:\.\d+)?)")
_SAR = re.compile(r"\[SAR (\d+):(\d+) DAR")
#: How ffmpeg names a field order (a progressive stream says "progressive" or nothing).
_FIELDS = re.compile(r"\b(?:top|bottom) (?:coded )?first\b")
#: Codecs that are always interlaced at the sizes a user brings (DV: camcorders).
INTERLACED_CODECS = ("dvvideo",)
_INPUT = re.compile(r"Input #0, ([^,]+)")
_STREAM = re.compile(
    r"^\s*Stream #\d+:\d+(?:\[\w+\])?(?:\((\w+)\))?.*?: (Video|Audio|Subtitle|Data|Attachment): ([A-Za-z0-9_]+)(.*)$",
    re.M,
)
_PROFILE = re.compile(r"\s*\(([A-Za-z][A-Za-z0-9 :.+-]*)\)")
_SIZE = re.compile(r"\b(\d{2,5})x(\d{2,5})\b")
_RATE = re.compile(r"(\d+) Hz")
_FPS = re.compile(r"(\d+(?:\.\d+)?) fps")
_PIX_FMT = re.compile(r", ([a-z][a-z0-9_]*)(?=[(,\s]|$)")
_CHANNELS = {"mono": 1, "stereo": 2, "2.1": 3, "quad": 4, "5.0": 5, "5.1": 6, "6.1": 7, "7.1": 8}
_ROTATION = re.compile(r"rotation of (-?\d+(?:\.\d+)?) degrees|^\s*rotate\s*:\s*(-?\d+)", re.M)
#: Image demuxers that take ``-loop 1`` (GIF and animated WebP do not).
LOOPABLE_IMAGE_DEMUXERS = ("image2", "png_pipe", "jpeg_pipe", "webp_pipe", "bmp_pipe", "tiff_pipe")
#: A still image lasts one frame: an image longer than this is animated.
ONE_FRAME_MS = 100


def _blocks(stderr: str) -> list[tuple[str | None, str, str, str, str]]:
    """``(language, kind, codec, line rest, the stream's whole block)`` per stream, in order."""
    found = list(_STREAM.finditer(stderr))
    out = []
    for i, match in enumerate(found):
        end = found[i + 1].start() if i + 1 < len(found) else len(stderr)
        out.append((match.group(1), match.group(2), match.group(3), match.group(4), stderr[match.start() : end]))
    return out


def _rotation(block: str) -> int:
    match = _ROTATION.search(block)
    if not match:
        return 0
    return round(float(match.group(1) or match.group(2))) % 360


def _audio_stream(index: int, language: str | None, codec: str, rest: str, file_start: float) -> dict[str, Any]:
    rate = _RATE.search(rest)
    start = _STREAM_START.search(rest)
    layout = next((n for word, n in _CHANNELS.items() if f", {word}," in rest or f", {word}" in rest), None)
    lang = language if language and language != "und" else None
    return {
        "index": index,
        "codec": codec,
        "sample_rate": int(rate.group(1)) if rate else None,
        "channels": layout,
        "language": lang,
        "default": "(default)" in rest,
        "delay_ms": round((float(start.group(1)) - file_start) * 1000) if start else 0,
    }


def _video_stream(info: MediaInfo, codec: str, rest: str, block: str) -> None:
    info.has_video, info.video_codec = True, codec
    profile = _PROFILE.match(rest)
    info.video_profile = profile.group(1) if profile else None
    size = _SIZE.search(rest)
    if size:
        info.width, info.height = int(size.group(1)), int(size.group(2))
    fps = _FPS.search(rest)
    info.fps = float(fps.group(1)) if fps else None
    pix = _PIX_FMT.search(re.sub(r"\([^)]*/[^)]*\)", "", rest))
    info.pix_fmt = pix.group(1) if pix else None
    info.rotation = _rotation(block)
    sar = _SAR.search(rest)
    if sar and int(sar.group(1)) and int(sar.group(2)):
        info.pixel_aspect = int(sar.group(1)) / int(sar.group(2))
    info.interlaced = codec in INTERLACED_CODECS or bool(_FIELDS.search(rest))


#: Language names and ISO 639-1 codes -> the ISO 639-2 tags containers carry (B and T forms).
_LANGUAGES: dict[str, tuple[str, ...]] = {
    "en": ("eng",), "fr": ("fra", "fre"), "de": ("deu", "ger"), "es": ("spa",), "it": ("ita",), "pt": ("por",),
    "ru": ("rus",), "ja": ("jpn",), "zh": ("zho", "chi"), "ko": ("kor",), "nl": ("nld", "dut"), "ar": ("ara",),
    "hi": ("hin",), "english": ("eng",), "french": ("fra", "fre"), "german": ("deu", "ger"), "spanish": ("spa",),
    "italian": ("ita",), "portuguese": ("por",), "russian": ("rus",), "japanese": ("jpn",), "chinese": ("zho", "chi"),
    "korean": ("kor",), "dutch": ("nld", "dut"), "arabic": ("ara",), "hindi": ("hin",),
}  # fmt: skip


def default_audio_track(streams: list[dict[str, Any]], language: str | None = None) -> int:
    """The audio stream a render takes: the one in ``language`` ("en", "eng", "English") if asked and present,
    else the default-flagged one, else the first (an index among the audio streams)."""
    if language:
        wanted = language.strip().lower()
        tags = {wanted, *_LANGUAGES.get(wanted, ())}
        for stream in streams:
            if (stream.get("language") or "").lower() in tags:
                return int(stream["index"])
    flagged = [s for s in streams if s.get("default")]
    return int(flagged[0]["index"]) if flagged else 0


#: Codecs of still pictures: a stream of one of these beside a moving one is a cover or a thumbnail.
STILL_CODECS = ("mjpeg", "png", "bmp", "gif", "webp", "tiff")


def main_picture(streams: list[tuple[int, str, str, str]]) -> tuple[int, str, str, str] | None:
    """The video stream a render takes, of ``(index, codec, rest, block)`` per video stream: never an attached
    picture (a cover) nor one this ffmpeg cannot decode; the default-flagged one first, then a moving one
    before a still picture, then the first."""
    usable = [s for s in streams if s[1] != "none" and "attached pic" not in s[2]]
    if len(usable) <= 1:
        return usable[0] if usable else None
    return min(usable, key=lambda s: ("(default)" not in s[2], s[1] in STILL_CODECS, s[0]))


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
        info.duration_source = "header"
    start = _FILE_START.search(stderr)
    file_start = float(start.group(1)) if start else 0.0
    pictures: list[tuple[int, str, str, str]] = []  # (index among the video streams, codec, rest, block)
    for language, kind, codec, rest, block in _blocks(stderr):
        if kind == "Video":
            pictures.append((len(pictures), codec, rest, block))
        if codec == "none":  # a codec this ffmpeg does not know: the stream cannot be decoded, so it is not usable
            continue
        if kind == "Audio":
            info.audio_streams.append(_audio_stream(len(info.audio_streams), language, codec, rest, file_start))
    picture = main_picture(pictures)
    if picture is not None:
        info.video_track = picture[0]
        _video_stream(info, picture[1], picture[2], picture[3])
    if info.audio_streams:
        info.has_audio = True
        info.audio_track = default_audio_track(info.audio_streams)
        chosen = info.audio_streams[info.audio_track]
        info.audio_codec, info.sample_rate = chosen["codec"], chosen["sample_rate"]
    return info


def probe(ffmpeg: str, path: Path | str, timeout: float = 60.0) -> MediaInfo:
    """Probe a file (blocking: call it from a thread when on an event loop)."""
    done = subprocess.run(probe_args(ffmpeg, path), capture_output=True, timeout=timeout, check=False)
    return parse_probe(done.stderr.decode("utf-8", "replace"))


def measure_args(ffmpeg: str, path: Path | str) -> list[str]:
    """Read every packet (no decoding) to find how long a file really is (``-progress`` on stdout)."""
    return [
        ffmpeg,
        "-hide_banner",
        "-nostdin",
        "-v",
        "error",
        "-i",
        str(path),
        "-map",
        "0",
        "-c",
        "copy",
        "-f",
        "null",
        "-progress",
        "pipe:1",
        "-nostats",
        "-",
    ]


def last_out_time_ms(progress: str) -> int | None:
    """The last ``out_time_us`` of ffmpeg's ``-progress`` output, in ms."""
    values = re.findall(r"^out_time_us=(\d+)\s*$", progress, re.M)
    return round(int(values[-1]) / 1000) if values else None


def measure_duration(ffmpeg: str, path: Path | str, timeout: float = 300.0) -> int | None:
    """How long a file lasts when its header does not say (a browser's MediaRecorder WebM, animated WebP)."""
    done = subprocess.run(measure_args(ffmpeg, path), capture_output=True, timeout=timeout, check=False)
    return last_out_time_ms(done.stdout.decode("ascii", "replace"))


def probe_fully(ffmpeg: str, path: Path | str, kind: str) -> MediaInfo:
    """:func:`probe`, then the duration measured when the header lacks it (and for images: animated or not)."""
    info = probe(ffmpeg, path)
    if not (info.has_video or info.has_audio):
        return info
    info.cut_short = cut_short(path)
    image_demuxer = kind == "image"
    loopable = image_demuxer and info.container in LOOPABLE_IMAGE_DEMUXERS
    if (info.duration_ms is None and not loopable) or (image_demuxer and not loopable):
        measured = measure_duration(ffmpeg, path)
        if measured:
            info.duration_ms, info.duration_source = measured, "measured"
    if image_demuxer:
        info.animated = bool(not loopable and info.duration_ms and info.duration_ms > ONE_FRAME_MS)
    if image_demuxer and info.video_codec == "mjpeg":  # ffmpeg turns a photo upright but does not say so
        info.rotation = orientation_rotation(path)
    return info


def normalise_extension(filename: str) -> str:
    """The lower-case extension of ``filename`` without the dot, aliases resolved."""
    return file_extension(filename)


def kind_of_extension(ext: str) -> str | None:
    """``"video"``, ``"audio"`` or ``"image"`` for an accepted extension, else ``None``."""
    if ext not in ACCEPTED_EXTENSIONS:
        return None
    if ext in VIDEO_EXTENSIONS:
        return "video"
    if ext in AUDIO_EXTENSIONS:
        return "audio"
    return "image" if ext in IMAGE_EXTENSIONS else None


@functools.lru_cache(maxsize=4)
def drawtext_available(ffmpeg: str) -> bool:
    """Whether this ffmpeg can draw a title (drawtext + a usable font)."""
    args = [
        ffmpeg,
        "-v",
        "error",
        "-nostdin",
        "-f",
        "lavfi",
        "-i",
        "color=c=black:s=64x64:d=0.04",
        "-vf",
        "drawtext=text=T:fontsize=20",
        "-f",
        "null",
        "-",
    ]
    try:
        return subprocess.run(args, capture_output=True, timeout=30, check=False).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False

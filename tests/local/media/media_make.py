"""Making a battery class's file: ffmpeg lavfi, then the finishing step a real file had.

``finish`` names what happened to the file after it was written, as it does
to the files users bring: ``rotate:N`` (a phone's display matrix set on a copy),
``pipe`` (written as a stream: no duration in the header), ``cut`` (the first
half of the bytes: a truncated download; ``cut:P``: the first P per cent), ``copycut:S`` (cut at S seconds with
a stream copy, not on a keyframe: an edit list), ``exif:N`` (a phone photo's
EXIF orientation), ``cover:K`` (a cover picture attached after K video
streams), ``fonts`` (an MKV with ASS subtitles, a font and a cover attached),
``subtitles``, ``empty`` and ``text``; round 3: ``coverfirst:mjpeg|h264`` (a cover picture stored
as a one-frame video track before the real video, the real one flagged default),
``midframe:N`` (the first N bytes gone: a stream capture that starts inside a frame), ``junk:N`` (N
bytes of noise before the first frame) and ``scribble:P`` (bytes overwritten from P per cent on: a
damaged copy whose index is intact).
"""

from __future__ import annotations

import struct
import subprocess
from collections.abc import Callable
from pathlib import Path

from media_kinds import Case

from helpers_media import ffmpeg

__all__ = ["FINISHES", "exif_orientation_segment", "make"]

QUIET = ["-hide_banner", "-v", "error", "-y"]


def _run(args: list[str]) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(args, check=True, capture_output=True, timeout=180)


def exif_orientation_segment(orientation: int) -> bytes:
    """A JPEG APP1 segment holding only an EXIF IFD0 with the Orientation tag (what a phone writes)."""
    entry = struct.pack("<HHIHH", 0x0112, 3, 1, orientation, 0)  # tag, SHORT, count 1, value (padded)
    tiff = b"II*\x00" + struct.pack("<I", 8) + struct.pack("<H", 1) + entry + struct.pack("<I", 0)
    payload = b"Exif\x00\x00" + tiff
    return b"\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload


def _cover(folder: Path) -> Path:
    cover = folder / "cover.jpg"
    _run([ffmpeg(), *QUIET, "-f", "lavfi", "-i", "testsrc2=size=300x300", "-frames:v", "1", str(cover)])
    return cover


def _rotate(first: Path, out: Path, arg: str) -> None:
    _run([ffmpeg(), *QUIET, "-display_rotation", arg, "-i", str(first), "-c", "copy", str(out)])


def _exif(first: Path, out: Path, arg: str) -> None:
    data = first.read_bytes()
    out.write_bytes(data[:2] + exif_orientation_segment(int(arg)) + data[2:])


def _copycut(first: Path, out: Path, arg: str) -> None:
    _run([ffmpeg(), *QUIET, "-ss", arg, "-i", str(first), "-c", "copy", str(out)])


def _cut(first: Path, out: Path, arg: str) -> None:
    data = first.read_bytes()
    out.write_bytes(data[: len(data) * int(arg or 50) // 100])


def _cover_first(first: Path, out: Path, arg: str) -> None:
    cover = _cover(out.parent)
    if arg == "h264":  # a one-frame H.264 track (0.04 s, 300x300): plays in a browser, so nothing else tells
        clip = out.with_name("cover.mp4")
        _run([ffmpeg(), *QUIET, "-i", str(cover), "-c:v", "libx264", "-pix_fmt", "yuv420p", str(clip)])
        cover = clip
    args = [ffmpeg(), *QUIET, "-i", str(cover), "-i", str(first), "-map", "0", "-map", "1", "-c", "copy"]
    _run([*args, "-disposition:v:0", "0", "-disposition:v:1", "default", str(out)])


def _midframe(first: Path, out: Path, arg: str) -> None:
    out.write_bytes(first.read_bytes()[int(arg) :])


def _junk(first: Path, out: Path, arg: str) -> None:
    noise = bytes((i * 37 + 11) % 251 for i in range(int(arg)))  # no 0xFF: never a frame's sync word
    out.write_bytes(noise + first.read_bytes())


def _scribble(first: Path, out: Path, arg: str) -> None:
    data = bytearray(first.read_bytes())
    start = len(data) * int(arg) // 100
    data[start : start + len(data) // 10] = bytes(len(data[start : start + len(data) // 10]))
    out.write_bytes(bytes(data))


def _with_cover(first: Path, out: Path, arg: str) -> None:
    tags = ["-id3v2_version", "3"] if out.suffix.lower() == ".mp3" else []
    args = [ffmpeg(), *QUIET, "-i", str(first), "-i", str(_cover(out.parent)), "-map", "0", "-map", "1"]
    _run([*args, "-c", "copy", f"-disposition:v:{arg}", "attached_pic", *tags, str(out)])


def _subtitles(first: Path, out: Path, arg: str) -> None:
    srt = out.with_name("subs.srt")
    srt.write_text("1\n00:00:00,000 --> 00:00:00,900\nHello\n")
    args = [ffmpeg(), *QUIET, "-i", str(first), "-i", str(srt), "-map", "0", "-map", "1", "-c", "copy"]
    _run([*args, "-c:s", "srt", "-disposition:a:0", "0", "-disposition:a:1", "default", str(out)])


def _fonts(first: Path, out: Path, arg: str) -> None:
    ass = out.with_name("signs.ass")
    ass.write_text(
        "[Script Info]\nScriptType: v4.00+\n\n[V4+ Styles]\nFormat: Name, Fontname, Fontsize\n"
        "Style: Default,Fansub Sans,24\n\n[Events]\nFormat: Layer, Start, End, Style, Text\n"
        "Dialogue: 0,0:00:00.00,0:00:00.90,Default,Hello\n"
    )
    font = out.with_name("FansubSans.ttf")
    font.write_bytes(b"\x00\x01\x00\x00" + bytes(range(256)) * 8)  # a font's bytes: the muxer keeps them as given
    cover = _cover(out.parent)
    args = [ffmpeg(), *QUIET, "-i", str(first), "-i", str(ass), "-map", "0", "-map", "1", "-c", "copy"]
    args += ["-attach", str(font), "-metadata:s:t:0", "mimetype=application/x-truetype-font"]
    args += ["-attach", str(cover), "-metadata:s:t:1", "mimetype=image/jpeg", "-metadata:s:t:1", "filename=cover.jpg"]
    _run([*args, str(out)])


FINISHES: dict[str, Callable[[Path, Path, str], None]] = {
    "rotate": _rotate,
    "exif": _exif,
    "copycut": _copycut,
    "cut": _cut,
    "cover": _with_cover,
    "subtitles": _subtitles,
    "fonts": _fonts,
    "coverfirst": _cover_first,
    "midframe": _midframe,
    "junk": _junk,
    "scribble": _scribble,
}


def make(case: Case, folder: Path) -> Path:
    """Write the case's file in ``folder`` (its own sub-folder: the name is the user's)."""
    out = folder / case.name / case.filename  # a name over 255 bytes is sent as ``case.sent_as``
    out.parent.mkdir(parents=True, exist_ok=True)
    if case.finish == "empty":
        out.write_bytes(b"")
        return out
    if case.finish == "text":
        out.write_text("these are my notes, not a video\n" * 64)
        return out
    fmt = {"size": case.size, "rate": str(case.rate), "ar": str(case.ar)}
    inputs = [part.format(**fmt) for part in case.inputs]
    base = [ffmpeg(), *QUIET, *inputs, "-t", f"{case.seconds}"]
    if case.finish == "pipe":  # a browser's MediaRecorder: written as a stream, no duration in the header
        out.write_bytes(_run([*base, *case.output, "pipe:1"]).stdout)
        return out
    first = out.with_name("stage1" + out.suffix) if case.finish else out
    _run([*base, *case.output, str(first)])
    if case.finish:
        step, _, arg = case.finish.partition(":")
        FINISHES[step](first, out, arg)
        first.unlink()
    return out

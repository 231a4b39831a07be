"""Media helpers for tests: make clips with ffmpeg's lavfi sources, probe results.

Independent of the engine's own probe code on purpose, so tests check the
engine with a second opinion. Uses imageio-ffmpeg's binary (else the
system's ffmpeg); no ffprobe needed.

    make_clip(tmp_path / "clip.mp4", seconds=10, size="640x360", audio=True)
    info = probe(path)  # {"duration": 10.0, "streams": [{"type": "video", "codec": "h264", ...}], ...}
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import struct
import subprocess
from pathlib import Path
from typing import Any

__all__ = ["ffmpeg", "make_audio", "make_clip", "make_long_video", "make_padded_clip", "probe"]


@functools.lru_cache(maxsize=1)
def ffmpeg() -> str:
    try:
        import imageio_ffmpeg

        return str(imageio_ffmpeg.get_ffmpeg_exe())
    except Exception:  # noqa: BLE001
        found = shutil.which("ffmpeg")
        if not found:
            raise RuntimeError("no ffmpeg for the tests") from None
        return found


def make_clip(path: Path | str, seconds: float = 10, size: str = "640x360", audio: bool = True, rate: int = 25) -> Path:
    """An H.264 (+ AAC sine) MP4 test clip of ``seconds``; returns its path."""
    path = Path(path)
    args = [ffmpeg(), "-hide_banner", "-v", "error", "-y", "-f", "lavfi", "-i", f"testsrc2=size={size}:rate={rate}"]
    if audio:
        args += ["-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100"]
    args += ["-t", f"{seconds}", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"]
    args += ["-c:a", "aac", "-shortest"] if audio else ["-an"]
    subprocess.run([*args, str(path)], check=True, capture_output=True, timeout=120)
    return path


def make_padded_clip(path: Path, size: int, seconds: int = 4) -> Path:
    """A real, probeable MP4 (H.264 + AAC, ``seconds`` long) padded to ``size`` bytes by a trailing ``free`` box.

    ISO BMFF readers skip ``free`` boxes, so the file keeps its duration; the
    padding is random so that a changed or missing byte changes the hash.
    """
    args = [ffmpeg(), "-hide_banner", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25",
            "-f", "lavfi", "-i", "sine=frequency=440", "-t", str(seconds), "-c:v", "libx264", "-preset", "ultrafast",
            "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", "-movflags", "+faststart", str(path)]  # fmt: skip
    subprocess.run(args, check=True, capture_output=True, timeout=120)
    pad = size - path.stat().st_size
    assert pad > 8, "the clip is already larger than the size asked for"
    with open(path, "ab") as out:
        out.write(struct.pack(">I4s", pad, b"free"))
        left = pad - 8
        while left:
            piece = min(left, 8 << 20)
            out.write(os.urandom(piece))
            left -= piece
    return path


def make_long_video(path: Path, seconds: int = 150, *, index_first: bool, bitrate: str = "8M") -> Path:
    """A real phone-style video: 1080p H.264 at ``bitrate`` + AAC, ``seconds`` long, its index first
    (``+faststart``) or last (as phones write it), ~1 MB a second at 8 Mbit/s.

    Ten seconds are encoded and looped by stream copy, so a 150 s, ~150 MB file takes seconds to make.
    """
    piece = path.with_name(f".piece-{path.stem}.mp4")
    encode = [ffmpeg(), "-hide_banner", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=1920x1080:rate=30",
              "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000", "-t", "10", "-c:v", "libx264",
              "-preset", "ultrafast", "-b:v", bitrate, "-minrate", bitrate, "-maxrate", bitrate, "-bufsize", bitrate,
              "-x264-params", "nal-hrd=cbr", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", str(piece)]  # fmt: skip
    subprocess.run(encode, check=True, capture_output=True, timeout=300)
    loops = max(0, -(-seconds // 10) - 1)
    loop = [ffmpeg(), "-hide_banner", "-v", "error", "-y", "-stream_loop", str(loops), "-i", str(piece),
            "-t", str(seconds), "-c", "copy", *(["-movflags", "+faststart"] if index_first else []), str(path)]  # fmt: skip
    try:
        subprocess.run(loop, check=True, capture_output=True, timeout=300)
    finally:
        piece.unlink(missing_ok=True)
    return path


def make_audio(path: Path | str, seconds: float = 3) -> Path:
    """An audio-only file (format from the suffix: .mp3, .wav, .m4a)."""
    path = Path(path)
    args = [
        ffmpeg(),
        "-hide_banner",
        "-v",
        "error",
        "-y",
        "-f",
        "lavfi",
        "-i",
        "sine=frequency=330",
        "-t",
        f"{seconds}",
        str(path),
    ]
    subprocess.run(args, check=True, capture_output=True, timeout=120)
    return path


_LAYOUTS = {"mono": 1, "stereo": 2, "2.1": 3, "quad": 4, "5.0": 5, "5.1": 6, "7.1": 8}
_STREAM = re.compile(r"Stream #\d+:\d+.*?: (Video|Audio): ([A-Za-z0-9_]+)([^\n]*)")


def probe(path: Path | str) -> dict[str, Any]:
    """``{"duration": seconds | None, "streams": [{"type", "codec", "width", "height", "kbps", "sample_rate",
    "pix_fmt", "rotation", "sar", "channels", "attached"}], "video": n, "audio": n}`` (``kbps``: the stream's
    bitrate as ffmpeg reports it, or ``None``; ``rotation``: the display matrix's, 0 when none; ``sar``: the
    pixel aspect ratio ``(num, den)``, ``(1, 1)`` when none; ``channels``: 1, 2, 6, 8... or ``None``;
    ``attached``: a cover picture, not a video)."""
    done = subprocess.run([ffmpeg(), "-hide_banner", "-i", str(path)], capture_output=True, timeout=60)
    text = done.stderr.decode("utf-8", "replace")
    found = re.search(r"Duration: (\d+):(\d+):(\d+\.\d+)", text)
    duration = int(found[1]) * 3600 + int(found[2]) * 60 + float(found[3]) if found else None
    streams = []
    heads = list(_STREAM.finditer(text))
    for i, match in enumerate(heads):
        kind, codec, rest = match.groups()
        block = text[match.start() : heads[i + 1].start() if i + 1 < len(heads) else len(text)]
        size = re.search(r"\b(\d{2,5})x(\d{2,5})\b", rest) if kind == "Video" else None
        kbps = re.search(r"\b(\d+) kb/s", rest)
        rate = re.search(r"\b(\d+) Hz", rest)
        pix = re.search(r"\), (yuv\w+|rgb\w+|gray\w*)|: \w+, (yuv\w+)", match.group(0))
        turn = re.search(r"rotation of (-?[\d.]+) degrees", block)
        sar = re.search(r"\[SAR (\d+):(\d+) DAR", rest)
        layout = re.search(r", (mono|stereo|5\.1|7\.1|quad|2\.1|5\.0)\b", rest)
        streams.append(
            {
                "type": kind.lower(),
                "codec": codec,
                "kbps": int(kbps[1]) if kbps else None,
                "width": int(size[1]) if size else None,
                "height": int(size[2]) if size else None,
                "sample_rate": int(rate[1]) if rate else None,
                "pix_fmt": (pix[1] or pix[2]) if pix else None,
                "rotation": round(float(turn[1])) % 360 if turn else 0,
                "sar": (int(sar[1]), int(sar[2])) if sar and int(sar[1]) and int(sar[2]) else (1, 1),
                "channels": _LAYOUTS.get(layout[1]) if layout else None,
                "attached": "(attached pic)" in rest,
            }
        )
    return {
        "duration": duration,
        "streams": streams,
        "video": sum(s["type"] == "video" for s in streams),
        "audio": sum(s["type"] == "audio" for s in streams),
    }

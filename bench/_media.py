"""Test media for the benchmarks, made with ffmpeg's lavfi sources into a temporary folder.

720p clips are cut from one 30 s encoded piece, looped by stream copy
(``-stream_loop``) for longer ones, so a 10-minute 720p H.264 + AAC file takes
seconds to make instead of a minute of encoding, and is still a real,
playable MP4 of that length and bitrate (2.5 Mbit/s video, 128k AAC). Never committed: callers pass a temporary folder.

    clip = make_clip(tmp / "clip.mp4", seconds=600, size="1280x720")
    wav = make_wav(tmp / "big.wav", 500_000_000)
"""

from __future__ import annotations

import atexit
import functools
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

__all__ = ["duration_s", "ffmpeg", "ffmpeg_version", "make_clip", "make_wav"]

PIECE_S = 30  # the encoded piece a long clip loops


@functools.lru_cache(maxsize=1)
def ffmpeg() -> str:
    """The ffmpeg the engine uses too: imageio-ffmpeg's, else the system's."""
    try:
        import imageio_ffmpeg

        return str(imageio_ffmpeg.get_ffmpeg_exe())
    except Exception:  # noqa: BLE001 - not installed: the system's
        found = shutil.which("ffmpeg")
        if not found:
            raise RuntimeError("no ffmpeg: pip install imageio-ffmpeg") from None
        return found


@functools.lru_cache(maxsize=1)
def ffmpeg_version() -> str:
    done = subprocess.run([ffmpeg(), "-hide_banner", "-version"], capture_output=True, text=True, timeout=30)
    found = re.search(r"ffmpeg version (\S+)", done.stdout)
    return found[1] if found else "?"


def _run(args: list[str]) -> None:
    subprocess.run(args, check=True, capture_output=True, timeout=600)


def _encode(path: Path, seconds: float, size: str) -> Path:
    _run([ffmpeg(), "-hide_banner", "-v", "error", "-y",
          "-f", "lavfi", "-i", f"testsrc2=size={size}:rate=25",
          "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100",
          "-t", f"{seconds}", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
          "-b:v", "2500k", "-maxrate", "2500k", "-bufsize", "5000k", "-g", "50", "-c:a", "aac", "-b:a", "128k", "-shortest", str(path)])  # fmt: skip
    return path


@functools.lru_cache(maxsize=4)
def _piece(size: str) -> Path:
    """The 30 s encoded piece of ``size``, made once per process (a temporary file removed at exit)."""
    folder = Path(tempfile.mkdtemp(prefix="nemo-bench-piece-"))
    atexit.register(shutil.rmtree, folder, True)
    return _encode(folder / f"piece-{size}.mp4", PIECE_S, size)


def make_clip(path: Path, seconds: float, size: str = "1280x720") -> Path:
    """An H.264 + AAC MP4 of ``seconds`` (testsrc2 + a 440 Hz sine).

    720p clips are cut from (or loop) one 30 s piece made once per process;
    short clips of other sizes are encoded directly.
    """
    if size != "1280x720" and seconds <= PIECE_S:
        return _encode(path, seconds, size)
    _run([ffmpeg(), "-hide_banner", "-v", "error", "-y", "-stream_loop", "-1", "-i", str(_piece(size)),
          "-t", f"{seconds}", "-c", "copy", "-movflags", "+faststart", str(path)])  # fmt: skip
    return path


def make_wav(path: Path, size_bytes: int) -> Path:
    """A 48 kHz stereo 16-bit WAV of about ``size_bytes`` (a sine: any bytes travel alike)."""
    seconds = max(1, size_bytes - 44) / (48_000 * 2 * 2)
    _run([ffmpeg(), "-hide_banner", "-v", "error", "-y", "-f", "lavfi",
          "-i", "sine=frequency=330:sample_rate=48000", "-ac", "2", "-t", f"{seconds:.6f}",
          "-c:a", "pcm_s16le", str(path)])  # fmt: skip
    return path


def duration_s(path: Path) -> float | None:
    """The container's duration, from ``ffmpeg -i`` (there is no ffprobe)."""
    done = subprocess.run([ffmpeg(), "-hide_banner", "-i", str(path)], capture_output=True, timeout=60)
    found = re.search(rb"Duration: (\d+):(\d+):(\d+\.\d+)", done.stderr)
    return int(found[1]) * 3600 + int(found[2]) * 60 + float(found[3]) if found else None

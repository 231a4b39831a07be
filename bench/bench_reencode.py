"""Benchmark #14: the re-encode path (a non-playable source to browser-playable H.264) vs bare ffmpeg.

An iPhone-style HEVC 1920x1080 clip (60 s; quick: 6 s) is uploaded to the
engine and exported silent ("remove all audio from this video"). HEVC does
not play in Chromium or Firefox, so the render policy re-encodes it to H.264
(``nemo_widgets.local.media.policy.VIDEO_ENCODER``: libx264 CRF 18, preset
veryfast, yuv420p, ``+faststart``). The baseline is the bare ffmpeg command
with the same arguments on the same file (built from the same constants, so
the two can never drift apart). The engine side is the full user-visible
path of :mod:`bench._renders` (HTTP submit → polled → completed).

The HEVC source is made from an x265 piece (at most 10 s) looped by stream copy.
Runs alternate (engine, bare, ...); each side's best of N. Target: at most 1.1x.
Run alone: ``python -m bench.bench_reencode [--quick]``.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from bench._common import Figure, local_engine, run_alone, temp_dir
from bench._media import ffmpeg
from bench._renders import EngineRenders, bare_ffmpeg_s

__all__ = ["run"]

MAX_RATIO = 1.1
PIECE_S = 10


def make_hevc(path: Path, seconds: int) -> Path:
    """A 1920x1080 25 fps HEVC (hvc1) + AAC MOV of ``seconds``: an x265 piece (<= 10 s), looped by copy."""
    piece = path.with_name("piece.mov")
    subprocess.run([ffmpeg(), "-hide_banner", "-v", "error", "-y", "-f", "lavfi", "-i",
                    "testsrc2=size=1920x1080:rate=25", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
                    "-t", str(min(PIECE_S, seconds)), "-c:v", "libx265", "-preset", "ultrafast", "-x265-params", "log-level=error",
                    "-b:v", "6M", "-tag:v", "hvc1", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", str(piece)],
                   check=True, capture_output=True, timeout=900)  # fmt: skip
    subprocess.run(
        [
            ffmpeg(),
            "-hide_banner",
            "-v",
            "error",
            "-y",
            "-stream_loop",
            "-1",
            "-i",
            str(piece),
            "-t",
            str(seconds),
            "-c",
            "copy",
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    piece.unlink()
    return path


def bare_job() -> tuple[str, list[str]]:
    """What the engine runs for this clip, after ``-i``: the same constants the render policy uses."""
    from nemo_widgets.local.media.ffmpeg_args import FASTSTART
    from nemo_widgets.local.media.policy import VIDEO_ENCODER

    video = ["-vf", "scale=1920:1080:out_range=tv,setsar=1", *VIDEO_ENCODER, "-fps_mode", "passthrough"]
    return "mp4", ["-map", "0:v:0", *video, "-an", *FASTSTART]


def run(quick: bool = False) -> list[Figure]:
    seconds, rounds = (6, 2) if quick else (60, 2)
    engine_s: list[float] = []
    bare_s: list[float] = []
    bare_cpu: list[float] = []
    with temp_dir() as folder, local_engine(silent_ratio=0.0, seed=6) as engine:
        source = make_hevc(folder / "iphone.mov", seconds)
        renders = EngineRenders(engine, source)
        try:
            silent = renders.mute()
            for _ in range(rounds):
                engine_s.append(renders.export_s("mp4", silent))
                bare_s.append(bare_ffmpeg_s(source, bare_job(), folder, bare_cpu))
        finally:
            renders.close()
    ratio = min(engine_s) / min(bare_s)
    detail = (
        f"{seconds} s HEVC 1920x1080 -> H.264 1920x1080 CRF 18 veryfast; best of {rounds}: engine "
        f"{min(engine_s):.2f} s submit->completed over HTTP (inside the engine "
        f"{min(renders.inside['mp4']):.2f} s), bare ffmpeg {min(bare_s):.2f} s "
        f"({seconds * 25 / min(bare_s):.0f} fps); ffmpeg CPU {min(renders.cpu['mp4']):.1f} s in the engine "
        f"vs {min(bare_cpu):.1f} s bare"
    )
    return [
        Figure(
            14,
            "re-encode render (HEVC 1080p -> H.264 1080p) in the engine vs the same bare ffmpeg",
            ratio,
            "x",
            f"<= {MAX_RATIO:g}x",
            ratio <= MAX_RATIO,
            detail,
        )
    ]


def main(argv: list[str] | None = None) -> int:
    return run_alone(run, argv)


if __name__ == "__main__":
    sys.exit(main())

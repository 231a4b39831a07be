"""Benchmark #6: the same two jobs in the engine vs moviepy, on a 30 s clip.

The clip is 30 s of 1280x720 H.264 + AAC, the same kind as #4/#5 (quick:
15 s; a shorter clip shrinks moviepy's time but not the engine's fixed cost
per request, so a quick ratio is lower than the full one, never higher). The engine side is the full HTTP path of :mod:`bench._renders` (best
of 3); moviepy's is what its documentation suggests, run once each (it
takes ~0.75 s per clip second to re-encode 720p here):

* remove audio: ``VideoFileClip(p).without_audio().write_videofile(out)``
  (moviepy decodes and re-encodes every frame with libx264);
* MP3: ``VideoFileClip(p).audio.write_audiofile(out, bitrate="192k")``.

Target: remove-audio at least 50x faster in the engine; the MP3 ratio is
printed for information. Run alone: ``python -m bench.bench_moviepy [--quick]``.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from bench._common import Figure, best_of, local_engine, run_alone, temp_dir
from bench._media import make_clip
from bench._renders import EngineRenders

__all__ = ["run"]

MIN_SPEEDUP = 50.0


def moviepy_remove_audio_s(source: Path, out: Path) -> float:
    from moviepy import VideoFileClip

    start = time.perf_counter()
    with VideoFileClip(str(source)) as clip:
        clip.without_audio().write_videofile(str(out), logger=None)
    return time.perf_counter() - start


def moviepy_mp3_s(source: Path, out: Path) -> float:
    from moviepy import VideoFileClip

    start = time.perf_counter()
    with VideoFileClip(str(source)) as clip:
        clip.audio.write_audiofile(str(out), bitrate="192k", logger=None)
    return time.perf_counter() - start


def run(quick: bool = False) -> list[Figure]:
    seconds = 15 if quick else 30
    with temp_dir() as folder, local_engine(silent_ratio=0.0, seed=6) as engine:
        source = make_clip(folder / f"clip{seconds}.mp4", seconds)
        renders = EngineRenders(engine, source)
        try:
            silent = renders.mute()
            ours_mp4 = best_of(lambda: renders.export_s("mp4", silent), 3)
            ours_mp3 = best_of(lambda: renders.export_s("mp3", renders.draft), 3)
        finally:
            renders.close()
        theirs_mp4 = moviepy_remove_audio_s(source, folder / "moviepy.mp4")
        theirs_mp3 = moviepy_mp3_s(source, folder / "moviepy.mp3")
    speedup = theirs_mp4 / ours_mp4
    detail = (
        f"{seconds} s 1280x720 clip; remove audio: engine {ours_mp4:.3f} s (best of 3, HTTP submit->completed) "
        f"vs moviepy {theirs_mp4:.2f} s; MP3: engine {ours_mp3:.3f} s vs moviepy {theirs_mp3:.2f} s "
        f"({theirs_mp3 / ours_mp3:.1f}x faster, for information)"
    )
    return [
        Figure(
            6,
            f"remove-audio in the engine vs moviepy, {seconds} s 720p clip (times faster)",
            speedup,
            "x",
            f">= {MIN_SPEEDUP:g}x",
            speedup >= MIN_SPEEDUP,
            detail,
        )
    ]


def main(argv: list[str] | None = None) -> int:
    return run_alone(run, argv)


if __name__ == "__main__":
    sys.exit(main())

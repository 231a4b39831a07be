"""Benchmarks #4 and #5: remove-audio and MP3 renders in the engine vs bare ffmpeg.

The clip is a 10-minute 1280x720 H.264 (2.5 Mbit/s) + AAC MP4, ~200 MB, made
by :mod:`bench._media` (in the quick run too, with fewer rounds: on a
shorter clip the fixed cost of a request would weigh more than it does for
the clip the target is about). It is uploaded to
the local engine with the client; the MP3 is exported from the uploaded
draft, the silent MP4 from the draft after a real chat turn ("remove all
audio from this video"). Each engine figure is the full user-visible path
(HTTP submit → polled as ``Studio.local()`` polls, each poll held by the
engine until the render finishes → completed; see :mod:`bench._renders`);
the baseline is the bare command on the original file:

* #4 ``ffmpeg -i in.mp4 -an -c:v copy out.mp4`` — target at most 1.3x;
* #5 ``ffmpeg -i in.mp4 -vn -c:a libmp3lame -b:a 192k out.mp3`` — at most 1.15x.

Runs alternate (engine, bare, engine, bare, ...); each side's best of N.
The engine's own time (job started → finished) and the CPU seconds ffmpeg
used on each side are printed as well.
Run alone: ``python -m bench.bench_render [--quick]``.
"""

from __future__ import annotations

import sys

from bench._common import Figure, local_engine, run_alone, temp_dir
from bench._media import make_clip
from bench._renders import BARE_MP3, BARE_REMOVE_AUDIO, EngineRenders, bare_ffmpeg_s

__all__ = ["run"]

MAX_REMOVE_AUDIO = 1.3
MAX_MP3 = 1.15


def _figure(number: int, name: str, limit: float, clip: str, fmt: str, times: dict[str, list[float]],
            renders: EngineRenders) -> Figure:  # fmt: skip
    engine_s, bare_s = times[fmt], times[f"bare {fmt}"]
    ratio = min(engine_s) / min(bare_s)
    detail = (
        f"{clip}; best of {len(engine_s)}: engine {min(engine_s):.3f} s submit->completed over HTTP "
        f"(inside the engine {min(renders.inside[fmt]):.3f} s), bare ffmpeg {min(bare_s):.3f} s; "
        f"ffmpeg CPU {min(renders.cpu[fmt]):.3f} s in the engine vs {min(times[f'cpu {fmt}']):.3f} s bare"
    )
    return Figure(number, name, ratio, "x", f"<= {limit:g}x", ratio <= limit, detail)


def run(quick: bool = False) -> list[Figure]:
    seconds = 600  # the clip is cheap to make; a shorter one would overweight the fixed cost per request
    rounds = 3 if quick else 7
    times: dict[str, list[float]] = {key: [] for key in ("mp4", "bare mp4", "cpu mp4", "mp3", "bare mp3", "cpu mp3")}
    with temp_dir() as folder, local_engine(silent_ratio=0.0, seed=6) as engine:
        source = make_clip(folder / "clip.mp4", seconds)
        clip = f"{seconds // 60}-min 1280x720 clip, {source.stat().st_size / 1e6:.0f} MB"
        renders = EngineRenders(engine, source)
        silent = renders.mute()
        try:
            for _ in range(rounds):
                times["mp4"].append(renders.export_s("mp4", silent))
                times["bare mp4"].append(bare_ffmpeg_s(source, BARE_REMOVE_AUDIO, folder, times["cpu mp4"]))
                times["mp3"].append(renders.export_s("mp3", renders.draft))
                times["bare mp3"].append(bare_ffmpeg_s(source, BARE_MP3, folder, times["cpu mp3"]))
        finally:
            renders.close()
    return [
        _figure(
            4,
            "remove-audio render in the engine vs bare ffmpeg -an -c:v copy",
            MAX_REMOVE_AUDIO,
            clip,
            "mp4",
            times,
            renders,
        ),
        _figure(
            5, "MP3 extraction in the engine vs bare ffmpeg -vn libmp3lame 192k", MAX_MP3, clip, "mp3", times, renders
        ),
    ]


def main(argv: list[str] | None = None) -> int:
    return run_alone(run, argv)


if __name__ == "__main__":
    sys.exit(main())

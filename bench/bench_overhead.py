"""Benchmarks #25-#27: what the toolkit adds around ffmpeg, for big clips, for one clip, for two clips joined.

* **#25** a batch of 30 s 1920x1080 clips (H.264 + AAC, copies of one encode), "remove all audio from this
  video", through ``process_many(..., local_engine=...)`` at concurrency 4, against the bare
  ``ffmpeg -i in.mp4 -an -c:v copy out.mp4`` loop on a ``ThreadPoolExecutor(4)``: throughput, target ≥ 0.9x.
  Each side warmed with one clip, then run once, in turn.
* **#26** one 20 s 1280x720 clip end to end through the protocol with a new client each time (token,
  session, upload, chat turn, export, long poll, download) against the bare copy of the same clip; median
  of paired rounds, target ≤ 2x; the line adds the median wall time of each stage. The engine's replies
  are unpaced (``chunk_delay_s=0``: the pause between streamed chunks is for a person watching, not work).
* **#27** two whole clips of identical stream parameters (the same 20 s 720p clip uploaded twice into one
  session, so the timeline holds both), exported as MP4 (submit → completed over HTTP, as #4) against
  ffmpeg's concat demuxer joining them by copy; median of paired rounds, target ≤ 2x.

Run alone: ``python -m bench.bench_overhead [--quick]``.
"""

from __future__ import annotations

import asyncio
import shutil
import statistics
import subprocess
import time
import uuid
from pathlib import Path
from typing import Any

from bench._common import Figure, local_engine, run_alone, temp_dir
from bench._media import ffmpeg, make_clip

__all__ = ["run"]

EDIT = "remove all audio from this video"


def _bare_copy(clip: Path, out: Path) -> float:
    started = time.perf_counter()
    subprocess.run([ffmpeg(), "-hide_banner", "-nostdin", "-v", "error", "-y", "-i", str(clip), "-an", "-c:v", "copy",
                    str(out)], check=True, capture_output=True, timeout=300)  # fmt: skip
    return time.perf_counter() - started


def _bare_concat(clips: list[Path], out: Path) -> float:
    listing = out.with_suffix(".txt")
    listing.write_text("".join(f"file '{clip}'\n" for clip in clips))
    started = time.perf_counter()
    subprocess.run([ffmpeg(), "-hide_banner", "-nostdin", "-v", "error", "-y", "-f", "concat", "-safe", "0", "-i",
                    str(listing), "-c", "copy", str(out)], check=True, capture_output=True, timeout=300)  # fmt: skip
    return time.perf_counter() - started


# -- #25 ----------------------------------------------------------------------------------------


def _big_batch(folder: Path, count: int) -> Figure:
    from concurrent.futures import ThreadPoolExecutor

    from bench.bench_batch import CONCURRENCY, _batch, _timed_pair

    (folder / "big").mkdir()
    first = make_clip(folder / "big" / "clip_00.mp4", seconds=30, size="1920x1080")
    clips = [first] + [Path(shutil.copy(first, first.with_name(f"clip_{n:02d}.mp4"))) for n in range(1, count)]
    engines = folder / "engines"

    def bare(out: Path) -> float:
        out.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        with ThreadPoolExecutor(CONCURRENCY) as pool:
            list(pool.map(lambda clip: _bare_copy(clip, out / clip.name), clips))
        return time.perf_counter() - started

    _batch(clips[:1], folder / "warm", local_engine=engines)
    times, cpu = _timed_pair({"bare": bare, "batch": lambda out: _batch(clips, out, local_engine=engines)[0]}, folder)
    ratio = times["bare"] / times["batch"]
    per = {name: (1000 * own / count, 1000 * kids / count) for name, (own, kids) in cpu.items()}
    detail = (f"{count} clips of 30 s 1920x1080 ({first.stat().st_size / 1e6:.1f} MB each), concurrency {CONCURRENCY}: "
              f"process_many {times['batch']:.1f} s, bare loop {times['bare']:.1f} s; CPU per clip: process_many "
              f"Python {per['batch'][0]:.0f} ms + ffmpeg {per['batch'][1]:.0f} ms, bare ffmpeg {per['bare'][1]:.0f} ms")  # fmt: skip
    return Figure(25, "remove-audio batch of 30 s 1080p clips through process_many vs a bare ffmpeg loop, throughput",
                  ratio, "x", ">= 0.9x", ratio >= 0.9, detail)  # fmt: skip


# -- #26 and #27 --------------------------------------------------------------------------------


def _client(url: str) -> Any:
    from nemo_widgets.core.factory import LOCAL_POLLS, local_client_settings
    from nemo_widgets.protocol.async_client import AsyncNemoClient

    settings = local_client_settings(url).with_changes(client_id=str(uuid.uuid4()))  # a new user: a new token
    return AsyncNemoClient(settings=settings, poll_schedule=LOCAL_POLLS)


#: #26's stages, in the order they run: wall seconds of each, summed over the timed rounds.
STAGES = ("connect", "upload", "chat", "export", "render wait", "download")


async def _one_clip(url: str, clip: Path, out: Path, stages: dict[str, list[float]] | None = None) -> float:
    marks = [time.perf_counter()]
    async with _client(url) as client:
        await client.connect()  # a token, then a session
        marks.append(time.perf_counter())
        await client.upload(clip)
        marks.append(time.perf_counter())
        await client.ask(EDIT)  # the state before the turn, the turn
        marks.append(time.perf_counter())
        job = await client.export(format="mp4")  # the state (its draft), the submit
        marks.append(time.perf_counter())
        result = await client.wait_for_render(job)
        marks.append(time.perf_counter())
        await client.download(result, out)
        marks.append(time.perf_counter())
    marks[-1] = time.perf_counter()  # closing the client counts in the last stage
    if stages is not None:
        for stage, start, end in zip(STAGES, marks[:-1], marks[1:], strict=True):
            stages.setdefault(stage, []).append(end - start)
    return marks[-1] - marks[0]


async def _joined(url: str, clip: Path, out: Path) -> float:
    from nemo_widgets.protocol.constants import TrackType

    async with _client(url) as client:
        await client.connect()
        await client.upload(clip)
        await client.upload(clip)
        state = await client.state()
        segments = sum(len(track.segments) for track in state.draft.tracks if track.type == TrackType.VIDEO)
        if segments != 2:
            raise RuntimeError(f"the timeline holds {segments} video segments, not 2")
        started = time.perf_counter()
        result = await client.wait_for_render(await client.export(format="mp4"))
        took = time.perf_counter() - started
        await client.download(result, out)
    return took


def _paired(rounds: int, ours: Any, bare: Any) -> tuple[float, float, float]:
    """Median of each side over alternating rounds, and the median of the paired ratios."""
    mine, theirs, ratios = [], [], []
    for _ in range(rounds):
        a, b = ours(), bare()
        mine.append(a)
        theirs.append(b)
        ratios.append(a / b)
    return statistics.median(mine), statistics.median(theirs), statistics.median(ratios)


def _protocol_figures(folder: Path, rounds: int) -> list[Figure]:
    clip = make_clip(folder / "clip720.mp4", seconds=20, size="1280x720")
    out = folder / "out"
    out.mkdir()
    with local_engine(chunk_delay_s=0.0, seed=7, credits_per_token=1_000_000) as engine:
        asyncio.run(_one_clip(engine.url, clip, out / "warm.mp4"))
        stages: dict[str, list[float]] = {}
        one = _paired(rounds, lambda: asyncio.run(_one_clip(engine.url, clip, out / "one.mp4", stages)),
                      lambda: _bare_copy(clip, out / "bare.mp4"))  # fmt: skip
        second = Path(shutil.copy(clip, folder / "clip720b.mp4"))
        two = _paired(rounds, lambda: asyncio.run(_joined(engine.url, clip, out / "two.mp4")),
                      lambda: _bare_concat([clip, second], out / "concat.mp4"))  # fmt: skip
    detail26 = (f"20 s 1280x720, median of {rounds} paired rounds: token, session, upload, chat, export, long poll, "
                f"download {1000 * one[0]:.0f} ms; bare ffmpeg -an -c:v copy {1000 * one[1]:.0f} ms; median ms by stage: "
                + ", ".join(f"{stage} {1000 * statistics.median(stages[stage]):.1f}" for stage in STAGES))  # fmt: skip
    detail27 = (f"the same 20 s 1280x720 clip twice, median of {rounds} paired rounds: export submit -> completed "
                f"{1000 * two[0]:.0f} ms; bare concat copy {1000 * two[1]:.0f} ms")  # fmt: skip
    name26 = "one clip end to end through the protocol (new client each time) vs a bare copy"
    name27 = "two whole clips joined in the engine vs ffmpeg's concat demuxer by copy"
    return [
        Figure(26, name26, one[2], "x", "<= 2x", one[2] <= 2.0, detail26),
        Figure(27, name27, two[2], "x", "<= 2x", two[2] <= 2.0, detail27),
    ]


def run(quick: bool = False) -> list[Figure]:
    with temp_dir("nemo-bench-overhead-") as folder:
        figures = [_big_batch(folder, 6 if quick else 20)]
        figures += _protocol_figures(folder, 3 if quick else 7)
    return figures


if __name__ == "__main__":
    raise SystemExit(run_alone(run))

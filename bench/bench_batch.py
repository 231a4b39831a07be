"""Benchmarks #18-#20: a batch of short clips through ``process_many``, on threads, on Dask, and resumed.

* **#18** 200 short clips (4 s 640x360 H.264 + AAC, copies of one encode),
  "remove all audio from this video", through ``process_many(...,
  local_engine=...)`` in this process (one request a clip to the engine this
  process started: hand-off by path, the agent's turn, the render; then the
  result copied from the engine's folder and its checksum) against a bare
  ``ffmpeg -i in.mp4 -an -c:v copy out.mp4`` loop run by a thread pool of
  the same size (4). Throughput ratio, target ≥ 0.8x.
* **#19** the same 200 on a Dask ``LocalCluster`` of 2 worker processes (one
  thread each, an embedded engine each, ``executor=client``, concurrency 4)
  against ``executor=ThreadPoolExecutor(4)`` in this process (one engine).
  Target ≥ 0.8x the thread-pool run: on 2 cores the point is that it works
  and spreads over workers, not that it gets faster.
* **#20** resume after killing the batch half-way: a child process runs the
  batch against an engine in this process, is killed with SIGKILL (no
  chance to tidy up) once half the clips are done, and the batch is resumed
  here. Renders are counted on the wire (an ASGI middleware in front of the
  engine): the target is exactly one per clip, 200 in all.

Each side is warmed first (2 clips: engines started, imports done), so the
timings compare steady work; then each side runs once, in turn, and its
output folder is removed after its run. Quick: 20 clips.

Run alone: ``python -m bench.bench_batch [--quick]``.
"""

from __future__ import annotations

import asyncio
import os
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from bench._common import Figure, run_alone, temp_dir
from bench._media import ffmpeg, make_clip

__all__ = ["run"]

CLIPS, QUICK_CLIPS = 200, 20
CONCURRENCY = 4
PROFILE_CLIPS = 40
EDIT = "remove all audio from this video"
RENDER_PATH = "/api/render/proxy/lambda"


def _clips(folder: Path, count: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    first = make_clip(folder / "clip_000.mp4", seconds=4, size="640x360")
    return [first] + [Path(shutil.copy(first, folder / f"clip_{n:03d}.mp4")) for n in range(1, count)]


def _bare(clips: list[Path], out: Path) -> float:
    out.mkdir(parents=True, exist_ok=True)

    def one(clip: Path) -> None:
        subprocess.run([ffmpeg(), "-hide_banner", "-nostdin", "-v", "error", "-y", "-i", str(clip), "-an",
                        "-c:v", "copy", str(out / clip.name)], check=True, capture_output=True, timeout=120)  # fmt: skip

    started = time.perf_counter()
    with ThreadPoolExecutor(CONCURRENCY) as pool:
        list(pool.map(one, clips))
    return time.perf_counter() - started


def _batch(clips: list[Path], out: Path, **options: Any) -> tuple[float, int]:
    from nemo_widgets.core.batch import process_many_sync

    started = time.perf_counter()
    items = process_many_sync(clips, EDIT, concurrency=CONCURRENCY, output_dir=out, **options)
    took = time.perf_counter() - started
    failed = [item.error for item in items if not item.ok]
    if failed:
        raise RuntimeError(f"{len(failed)} items failed, e.g. {failed[0]}")
    return took, len(items)


def _cpu() -> tuple[float, float]:
    """CPU seconds of this process, and of its finished children (the ffmpeg runs of both sides)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


def _timed_pair(
    work: dict[str, Callable[[Path], float]], folder: Path
) -> tuple[dict[str, float], dict[str, tuple[float, float]]]:
    """Each side once, in turn, each into a fresh output folder removed afterwards; wall and CPU seconds."""
    times, cpu = {}, {}
    for name, side in work.items():
        out = folder / f"out-{name}"
        before = _cpu()
        times[name] = side(out)
        after = _cpu()
        cpu[name] = (after[0] - before[0], after[1] - before[1])
        shutil.rmtree(out, ignore_errors=True)
    return times, cpu


def _throughput_figures(clips: list[Path], folder: Path) -> list[Figure]:
    from distributed import Client, LocalCluster

    engines = folder / "engines"
    warm = clips[:2]
    with ThreadPoolExecutor(CONCURRENCY) as threads, \
            LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address="127.0.0.1:0",
                         host="127.0.0.1", silence_logs=40) as cluster, Client(cluster) as dask:  # fmt: skip
        for options in ({"local_engine": engines / "inline"}, {"executor": threads, "local_engine": engines / "pool"},
                        {"executor": dask, "local_engine": engines / "dask"}):  # fmt: skip
            _batch(warm, folder / "warm", **options)
            shutil.rmtree(folder / "warm", ignore_errors=True)
        times, cpu = _timed_pair({
            "bare": lambda out: _bare(clips, out),
            "batch": lambda out: _batch(clips, out, local_engine=engines / "inline")[0],
            "pool": lambda out: _batch(clips, out, executor=threads, local_engine=engines / "pool")[0],
            "dask": lambda out: _batch(clips, out, executor=dask, local_engine=engines / "dask")[0],
        }, folder)  # fmt: skip
    n = len(clips)
    rate = {name: n / seconds for name, seconds in times.items()}
    size = f"{n} clips of 4 s 640x360, concurrency {CONCURRENCY}"
    per_clip = {name: (1000 * own / n, 1000 * kids / n) for name, (own, kids) in cpu.items()}
    detail14 = (f"{size}: process_many {times['batch']:.1f} s ({rate['batch']:.1f} clips/s), bare ffmpeg loop "
                f"{times['bare']:.1f} s ({rate['bare']:.1f}/s); CPU per clip: process_many "
                f"{sum(per_clip['batch']):.0f} ms (Python, client + engine: {per_clip['batch'][0]:.0f} ms; ffmpeg probe + "
                f"render: {per_clip['batch'][1]:.0f} ms), bare {sum(per_clip['bare']):.0f} ms")  # fmt: skip
    detail15 = (f"{size}: Dask LocalCluster 2 worker processes {times['dask']:.1f} s ({rate['dask']:.1f}/s), "
                f"ThreadPoolExecutor({CONCURRENCY}) {times['pool']:.1f} s ({rate['pool']:.1f}/s)")  # fmt: skip
    r14, r15 = rate["batch"] / rate["bare"], rate["dask"] / rate["pool"]
    return [
        Figure(
            18,
            "remove-audio batch through process_many (local engine) vs a bare ffmpeg loop, throughput",
            r14,
            "x",
            ">= 0.8x",
            r14 >= 0.8,
            detail14,
        ),
        Figure(
            19,
            "the same batch on a 2-worker Dask LocalCluster vs a thread pool, throughput",
            r15,
            "x",
            ">= 0.8x",
            r15 >= 0.8,
            detail15,
        ),
    ]


# -- #20: killed half-way, resumed -----------------------------------------------------------

CHILD = """
import sys
from pathlib import Path
from nemo_widgets.core.batch import process_many_sync
from nemo_widgets.protocol.schedule import FixedSchedule
url, out, clips = sys.argv[1], sys.argv[2], sorted(Path(sys.argv[3]).glob("*.mp4"))
process_many_sync(clips, "remove all audio from this video", concurrency=4, output_dir=out, base_url=url,
                  web_url=url, poll_schedule=FixedSchedule(interval=0.05, max_polls=2400))
"""


class _RenderCounter:
    """ASGI middleware counting export submissions (``POST /api/render/proxy/lambda`` answered < 400)."""

    def __init__(self, app: Any) -> None:
        self.app, self.submitted = app, 0

    @property
    def state(self) -> Any:
        return self.app.state

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope.get("type") == "http" and scope.get("method") == "POST" and scope.get("path") == RENDER_PATH:

            async def counting(message: Any) -> None:
                if message.get("type") == "http.response.start" and message.get("status", 500) < 400:
                    self.submitted += 1
                await send(message)

            await self.app(scope, receive, counting)
            return
        await self.app(scope, receive, send)


def _done(manifest: Path) -> int:
    try:
        db = sqlite3.connect(f"file:{manifest}?mode=ro", uri=True, timeout=5)
        try:
            return int(db.execute("SELECT count(*) FROM items WHERE status = 'done'").fetchone()[0])
        finally:
            db.close()
    except sqlite3.Error:
        return 0


def _resume_figure(clips: list[Path], folder: Path) -> Figure:
    from nemo_widgets.local import EngineSettings
    from nemo_widgets.local.server import LocalEngine
    from nemo_widgets.protocol.schedule import FixedSchedule

    # the engine's replies are paced as for a person (its default): the batch asks for none (PACE_HEADER)
    engine = LocalEngine(EngineSettings(data_dir=folder / "engine", credits_per_token=100_000))
    counter = _RenderCounter(engine.app)
    engine._server.config.app = counter  # served through the counter
    engine.start()
    out = folder / "out-resume"
    try:
        child = subprocess.Popen([sys.executable, "-c", CHILD, engine.url, str(out), str(clips[0].parent)],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=dict(os.environ))  # fmt: skip
        while _done(out / "nemo_batch.sqlite3") < len(clips) // 2 and child.poll() is None:
            time.sleep(0.02)
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
        done_before, submitted_before = _done(out / "nemo_batch.sqlite3"), counter.submitted
        started = time.perf_counter()
        from nemo_widgets.core.batch import process_many

        items = asyncio.run(process_many(clips, EDIT, concurrency=CONCURRENCY, output_dir=out, resume=True,
                                         base_url=engine.url, web_url=engine.url,
                                         poll_schedule=FixedSchedule(interval=0.05, max_polls=2400)))  # fmt: skip
        took = time.perf_counter() - started
    finally:
        engine.stop()
        shutil.rmtree(out, ignore_errors=True)
    n, ok = len(clips), sum(item.ok for item in items)
    earlier = sum(item.earlier for item in items)
    detail = (f"{n} clips; killed (SIGKILL) with {done_before} done and {submitted_before} renders submitted; "
              f"resume: {earlier} skipped as done, {ok - earlier} finished in {took:.1f} s, all {ok} done")  # fmt: skip
    return Figure(
        20,
        "resume after killing a batch half-way: renders submitted in all",
        counter.submitted,
        "",
        f"= {n}, all done",
        counter.submitted == n and ok == n,
        detail,
    )


def _print_profile(clips: list[Path], folder: Path) -> None:
    from bench._profile import profile_batch

    profile = profile_batch(clips, folder / "profile", EDIT)
    print(f"profile (#18): {len(clips)} clips of 4 s 640x360 through process_many one at a time, the engine in a "
          f"child process; load {os.getloadavg()[0]:.1f}", flush=True)  # fmt: skip
    for line in profile.lines(len(clips)):
        print(line, flush=True)
    # the batch as a user runs it (its own engine in this process, CONCURRENCY at once), before #18's pair starts
    # a Dask cluster in this process whose background work counts in the process's CPU
    _batch(clips[:2], folder / "warm-inline", local_engine=folder / "profile-engines")
    before = _cpu()
    _batch(clips, folder / "inline", local_engine=folder / "profile-engines")
    after = _cpu()
    own, kids = ((after[i] - before[i]) * 1000 / len(clips) for i in (0, 1))
    print(f"  the same clips in this process, concurrency {CONCURRENCY}, its own engine: Python CPU per file "
          f"(client + engine, the copy and checksum of the result included) {own:.1f} ms; ffmpeg {kids:.1f} ms",
          flush=True)  # fmt: skip


def run(quick: bool = False, profile: bool = False) -> list[Figure]:
    count = QUICK_CLIPS if quick else CLIPS
    saved = os.environ.get("NEMO_CONFIG_DIR")
    with temp_dir("nemo-bench-batch-") as folder:
        os.environ["NEMO_CONFIG_DIR"] = str(folder / "config")  # the bench's own client id (workers inherit it)
        try:
            clips = _clips(folder / "clips", count)
            if profile:
                _print_profile(clips[: min(count, PROFILE_CLIPS)], folder)
            figures = _throughput_figures(clips, folder)
            figures.append(_resume_figure(clips, folder))
        finally:
            if saved is None:
                os.environ.pop("NEMO_CONFIG_DIR", None)
            else:
                os.environ["NEMO_CONFIG_DIR"] = saved
    return figures


if __name__ == "__main__":
    sys.exit(run_alone(run))

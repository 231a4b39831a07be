"""Where one file's time goes in a batch: per stage (the client's calls) and per side (client, engine, ffmpeg).

``profile_batch(clips, folder)`` runs the clips through ``process_many`` one
at a time (concurrency 1, so each stage's figures are its own) against an
embedded engine in a child process: the client's CPU is this process's
(``getrusage``), the engine's is the child's and ffmpeg's the child's
children (``/proc/<pid>/stat``, in clock ticks: summed over many files the
tick sampling averages out). Every client call of a job is wrapped by a
clock that charges the time since the last mark to the innermost stage
running, so a stage's figures exclude the stages it calls (``ask`` reads the
state: that read is charged to ``state``). What no stage covers (the batch
driver: planning, scheduling, the progress callbacks) is ``driver``. HTTP
requests are counted per stage at the transport. The jobs hand the clips to
the child's engine by path, as the batch does to its own engine (the child
tells this process its ``file_key``); the results are downloaded, which the
batch on its own engine does not do (it copies them from the engine's
folder): the ``download`` stage is the profile's alone.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import resource
import subprocess
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

__all__ = ["Profile", "engine_process", "profile_batch"]

_TICK = os.sysconf("SC_CLK_TCK")
#: (object, attribute, stage) of every call timed; the order is the order the table prints.
STAGES = (
    "session",
    "job",
    "upload",
    "chat turn",
    "state",
    "export",
    "render wait",
    "download",
    "checksum",
    "manifest",
    "driver",
)

ENGINE_CHILD = """
import sys
from nemo_widgets.local import EngineSettings, start_in_background
engine = start_in_background(EngineSettings(credits_per_token=1_000_000, max_parallel_renders=4), data_dir=sys.argv[1])
print(engine.url, engine.file_key, flush=True)  # to the process that started it, the only one to hold the key
sys.stdin.read()
engine.stop()
"""


@contextlib.contextmanager
def engine_process(folder: Path) -> Iterator[tuple[str, int]]:
    """An embedded engine in a child process: (its URL, its pid); stopped when the block ends. The batch's jobs
    hand it their clips by path (its ``file_key`` comes back on the pipe: this process started it)."""
    from nemo_widgets.core.batch_engines import lend_files_to

    child = subprocess.Popen([sys.executable, "-c", ENGINE_CHILD, str(folder)], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, text=True)  # fmt: skip
    assert child.stdout is not None and child.stdin is not None
    try:
        url, key = child.stdout.readline().split()
        lend_files_to(url, key)
        yield url, child.pid
    finally:
        child.stdin.close()
        child.wait(timeout=30)


class _Sides:
    """Wall seconds, client CPU, engine CPU, ffmpeg CPU (seconds) at this instant."""

    def __init__(self, engine_pid: int) -> None:
        self.stat = f"/proc/{engine_pid}/stat"

    def now(self) -> tuple[float, float, float, float]:
        own = resource.getrusage(resource.RUSAGE_SELF)
        with open(self.stat) as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
        engine = (int(fields[11]) + int(fields[12])) / _TICK
        kids = (int(fields[13]) + int(fields[14])) / _TICK
        return time.perf_counter(), own.ru_utime + own.ru_stime, engine, kids


class Profile:
    """Exclusive time per stage, filled by the wrapped calls (one job at a time)."""

    def __init__(self, sides: _Sides) -> None:
        self.sides = sides
        self.totals: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0, 0.0])
        self.calls: Counter[str] = Counter()
        self.requests: Counter[str] = Counter()
        self.stack = ["driver"]
        self.last = sides.now()

    def _charge(self) -> None:
        now = self.sides.now()
        total = self.totals[self.stack[-1]]
        for i in range(4):
            total[i] += now[i] - self.last[i]
        self.last = now

    def enter(self, stage: str) -> None:
        self._charge()
        self.stack.append(stage)
        self.calls[stage] += 1

    def leave(self) -> None:
        self._charge()
        self.stack.pop()

    def request(self) -> None:
        self.requests[self.stack[-1]] += 1

    def lines(self, files: int) -> list[str]:
        """The table, per file: wall ms, client / engine / ffmpeg CPU ms, HTTP requests."""
        rows = [f"  {'stage':<12} {'wall':>7} {'client':>7} {'engine':>7} {'ffmpeg':>7} {'requests':>8}  (ms per file)"]
        sums = [0.0] * 4
        for stage in STAGES:
            wall, client, engine, ffmpeg = self.totals.get(stage, [0.0] * 4)
            sums = [a + b for a, b in zip(sums, (wall, client, engine, ffmpeg), strict=True)]
            rows.append(f"  {stage:<12} {_ms(wall, files)} {_ms(client, files)} {_ms(engine, files)} "
                        f"{_ms(ffmpeg, files)} {self.requests[stage] / files:>8.1f}")  # fmt: skip
        rows.append(f"  {'total':<12} {_ms(sums[0], files)} {_ms(sums[1], files)} {_ms(sums[2], files)} "
                    f"{_ms(sums[3], files)} {sum(self.requests.values()) / files:>8.1f}")  # fmt: skip
        python = 1000 * (sums[1] + sums[2]) / files
        fetched = self.totals.get("download", [0.0] * 4)
        batch = python - 1000 * (fetched[1] + fetched[2]) / files
        rows.append(f"  Python CPU per file (client + engine, ffmpeg excluded): {python:.1f} ms; "
                    f"ffmpeg {1000 * sums[3] / files:.1f} ms; without the download (on its own engine the batch "
                    f"copies the result instead): {batch:.1f} ms")  # fmt: skip
        return rows

    @property
    def python_ms(self) -> float:
        return 1000 * sum(self.totals[s][1] + self.totals[s][2] for s in self.totals)


def _ms(seconds: float, files: int) -> str:
    return f"{1000 * seconds / files:>7.1f}"


def _timed_calls(profile: Profile) -> list[tuple[Any, str, str]]:
    import httpx
    from nemo_widgets.core import batch_job
    from nemo_widgets.core.manifest import Manifest
    from nemo_widgets.protocol.async_client import AsyncNemoClient

    # "job": the one request a file on an engine this process started (hand-off, turn, render held until done)
    named = (("connect", "session"), ("new_session", "session"), ("upload", "upload"), ("upload_local", "upload"),
             ("local_job", "job"), ("ask", "chat turn"), ("state", "state"), ("export", "export"),
             ("wait_for_render", "render wait"), ("resume_render", "render wait"), ("download", "download"))  # fmt: skip
    # an older client (measured for a before/after) lacks some of them
    async_calls = [(AsyncNemoClient, name, stage) for name, stage in named if hasattr(AsyncNemoClient, name)]
    sync_calls: list[tuple[Any, str, str]] = [(batch_job, "file_checksum", "checksum"), (Manifest, "update", "manifest"),
                  (Manifest, "put_many", "manifest")]  # fmt: skip
    originals = [(owner, name, getattr(owner, name)) for owner, name, _stage in async_calls + sync_calls]
    # the engine is in a child process (base_url=), but the jobs make the requests they make on their own engine
    originals.append((batch_job, "_lean", batch_job._lean))
    batch_job._lean = lambda spec: True  # bench-only: the path a job takes on its own embedded engine
    for owner, name, stage in async_calls:
        setattr(owner, name, _async_wrapper(getattr(owner, name), stage, profile))
    for owner, name, stage in sync_calls:
        setattr(owner, name, _sync_wrapper(getattr(owner, name), stage, profile))
    send = httpx.AsyncHTTPTransport.handle_async_request

    async def counted(self: Any, request: Any) -> Any:
        profile.request()
        return await send(self, request)

    httpx.AsyncHTTPTransport.handle_async_request = counted  # type: ignore[method-assign]  # bench-only patch
    originals.append((httpx.AsyncHTTPTransport, "handle_async_request", send))
    return originals


def _async_wrapper(original: Callable[..., Any], stage: str, profile: Profile) -> Callable[..., Any]:
    async def timed(*args: Any, **kwargs: Any) -> Any:
        profile.enter(stage)
        try:
            return await original(*args, **kwargs)
        finally:
            profile.leave()

    return timed


def _sync_wrapper(original: Callable[..., Any], stage: str, profile: Profile) -> Callable[..., Any]:
    def timed(*args: Any, **kwargs: Any) -> Any:
        profile.enter(stage)
        try:
            return original(*args, **kwargs)
        finally:
            profile.leave()

    return timed


def profile_batch(clips: list[Path], folder: Path, instruction: str) -> Profile:
    """The clips through ``process_many`` one at a time against an engine in a child process, profiled."""
    from nemo_widgets.core.batch import process_many
    from nemo_widgets.core.factory import LOCAL_POLLS

    with engine_process(folder / "engine") as (url, pid):
        options: dict[str, Any] = {"base_url": url, "web_url": url, "poll_schedule": LOCAL_POLLS, "concurrency": 1}
        asyncio.run(process_many(clips[:2], instruction, output_dir=folder / "warm", **options))  # imports, token
        profile = Profile(_Sides(pid))
        originals = _timed_calls(profile)
        try:
            profile.last = profile.sides.now()
            items = asyncio.run(process_many(clips, instruction, output_dir=folder / "profiled", **options))
            profile.enter("driver")  # the time since the last call ended: the driver's
            profile.leave()
        finally:
            for owner, name, original in originals:
                setattr(owner, name, original)
    failed = [item.error for item in items if not item.ok]
    if failed:
        raise RuntimeError(f"{len(failed)} items failed while profiling, e.g. {failed[0]}")
    return profile

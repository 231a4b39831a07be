"""Benchmark #10: 20 concurrent sessions against one engine on loopback.

The engine runs as its own process (``nemo-widgets serve`` on 127.0.0.1, a
fresh data folder), so its memory is measured alone: its RSS is sampled
every 50 ms from before the first request to the end. Then N sessions start
together, each a :class:`~nemo_widgets.core.session.StudioSession` over its
own :class:`~nemo_widgets.protocol.async_client.AsyncNemoClient` (one
machine: one client id, so one account), each with its own clip: clip *i*
lasts ``2 + 0.5 i`` s, so a result that belongs to another session shows in
its length. Each session connects, uploads its clip, says "remove all audio
from this video" and exports; the results are probed.

The figure passes when every session ends with its own clip's length, one
video stream and no audio (nothing crossed between sessions), no session
raised, exactly one ``/run_sse`` request went out per message (counted on the
wire), and the engine's RSS grew by less than 150 MB.

The sessions poll the render with the adaptive schedule made brisk (first
poll after 0.5 s, at least 0.25 s apart, 0.5 s while a queued render shows
no progress) instead of the product's 5 s / 2 s / 15 s, so the run measures
the engine, not the waits.

Run alone: ``python -m bench.bench_load [--quick]`` (quick: 8 sessions).
The reliability suite runs the same scenario with 6 sessions
(``tests/reliability/test_load.py``).
"""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from bench._common import Figure, run_alone

__all__ = ["LoadReport", "SessionResult", "clip_seconds", "run", "run_load"]

SESSIONS = 20
QUICK_SESSIONS = 8
MAX_RSS_GROWTH_MB = 150.0
EDIT = "remove all audio from this video"
Probe = Callable[[Path], dict[str, Any]]


def clip_seconds(index: int) -> float:
    """Session ``index``'s clip length: 2, 2.5, 3, ... s (apart enough to tell results apart)."""
    return 2.0 + 0.5 * index


@dataclass
class SessionResult:
    """What one session ended with."""

    index: int
    clip: Path
    expected: float
    media: list[str]
    job_id: str
    duration: float | None
    video: int
    audio: int
    seconds: float


@dataclass
class LoadReport:
    sessions: int
    results: list[SessionResult] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    chat_turns: int = 0
    rss_base_mb: float = 0.0
    rss_peak_mb: float = 0.0
    rss_end_mb: float = 0.0
    children_peak_mb: float = 0.0
    wall_s: float = 0.0

    @property
    def rss_growth_mb(self) -> float:
        return self.rss_peak_mb - self.rss_base_mb

    @property
    def correct(self) -> int:
        """Sessions whose result is their own clip, edited (one video stream, no audio)."""
        return sum(
            1 for r in self.results
            if r.media == [r.clip.name] and r.duration is not None and abs(r.duration - r.expected) <= 0.15
            and r.video == 1 and r.audio == 0
        )  # fmt: skip

    def summary(self) -> str:
        times = sorted(r.seconds for r in self.results) or [0.0]
        return (
            f"{self.correct}/{self.sessions} sessions correct, {len(self.errors)} errors, "
            f"{self.chat_turns} /run_sse for {self.sessions} messages; wall {self.wall_s:.1f} s, "
            f"per session median {times[len(times) // 2]:.1f} s / max {times[-1]:.1f} s; engine RSS "
            f"{self.rss_base_mb:.0f} MB idle, peak {self.rss_peak_mb:.0f} MB (+{self.rss_growth_mb:.0f} MB), "
            f"{self.rss_end_mb:.0f} MB after; ffmpeg children peak {self.children_peak_mb:.0f} MB"
        )


# -- the engine, as its own process ----------------------------------------------------------


class EngineProcess:
    """``nemo-widgets serve`` in a child process on a free loopback port, with its RSS sampled."""

    def __init__(self, data_dir: Path) -> None:
        import psutil

        args = [sys.executable, "-m", "nemo_widgets.apps.cli", "serve", "--port", "0", "--data-dir", str(data_dir)]
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        found = re.search(r"http://127\.0\.0\.1:\d+", line)
        if not found:
            self.stop()
            raise RuntimeError(f"the engine did not start: {line!r}")
        self.url = found.group(0)
        self.ps = psutil.Process(self.proc.pid)
        self.samples: list[tuple[float, float]] = []  # (engine rss, children rss) in MB
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def rss_mb(self) -> tuple[float, float]:
        import psutil

        own = self.ps.memory_info().rss / 1_048_576
        children = 0.0
        for child in self.ps.children(recursive=True):
            try:
                children += child.memory_info().rss / 1_048_576
            except psutil.Error:
                pass  # an ffmpeg that just ended
        return own, children

    def _sample(self) -> None:
        while not self._stop.wait(0.05):
            try:
                self.samples.append(self.rss_mb())
            except Exception:  # noqa: BLE001 - the process ended
                return

    def start_sampling(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=5)
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


class CountingTransport(httpx.AsyncBaseTransport):
    """The real transport (one per client: closing a client closes it), counting requests per path into ``counts``."""

    def __init__(self, counts: dict[tuple[str, str], int]) -> None:
        self.inner = httpx.AsyncHTTPTransport()
        self.counts = counts

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        key = (request.method, request.url.path)
        self.counts[key] = self.counts.get(key, 0) + 1
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()


# -- the scenario -------------------------------------------------------------------------------


def _engine_probe(path: Path) -> dict[str, Any]:
    from nemo_widgets.local.media.probe import ffmpeg_exe, probe

    info = probe(ffmpeg_exe(), path)
    duration = info.duration_ms / 1000 if info.duration_ms else None
    return {"duration": duration, "video": int(info.has_video), "audio": int(info.has_audio)}


async def _one_session(
    index: int, clip: Path, url: str, work: Path, client_id: str, counts: dict[tuple[str, str], int], probe: Probe
) -> SessionResult:
    from nemo_widgets.core.factory import open_session
    from nemo_widgets.core.jobs import JobBook
    from nemo_widgets.protocol.schedule import AdaptiveSchedule

    started = time.perf_counter()
    session = open_session(
        base_url=url, web_url=url, client_id=client_id, transport=CountingTransport(counts),
        output_dir=work / f"exports-{index:02d}", book=JobBook(work / f"book-{index:02d}.json"),
        poll_schedule=AdaptiveSchedule(first=0.5, min_gap=0.25, fallback=0.5),
    )  # fmt: skip
    try:
        await session.connect()
        await session.upload(clip)
        reply = await session.ask(EDIT)  # an edit instruction: the agent's turn, never a routed action
        if reply is None or reply.errors:
            raise RuntimeError(f"session {index}: the edit failed: {reply}")
        outcome = await session.export()
        media = [m.name or "" for m in session.media]
    finally:
        await session.aclose()
    info = await asyncio.to_thread(probe, outcome.path)
    return SessionResult(
        index,
        clip,
        clip_seconds(index),
        media,
        outcome.job_id,
        info["duration"],
        info["video"],
        info["audio"],
        time.perf_counter() - started,
    )


async def _all_sessions(
    clips: Sequence[Path], url: str, work: Path, probe: Probe, counts: dict[tuple[str, str], int]
) -> list[SessionResult | BaseException]:
    client_id = str(uuid.uuid4())  # one machine, one identity: every session is the same account's
    tasks = [_one_session(i, clip, url, work, client_id, counts, probe) for i, clip in enumerate(clips)]
    return await asyncio.gather(*tasks, return_exceptions=True)


def run_load(clips: Sequence[Path], work: Path, *, probe: Probe | None = None) -> LoadReport:
    """Run ``len(clips)`` sessions at once against a fresh engine process; clip ``i`` lasts ``clip_seconds(i)``."""
    work.mkdir(parents=True, exist_ok=True)
    report = LoadReport(sessions=len(clips))
    engine = EngineProcess(work / "engine-data")
    try:
        httpx.get(engine.url + "/api/_local/health", timeout=10).raise_for_status()
        report.rss_base_mb = engine.rss_mb()[0]
        engine.start_sampling()
        counts: dict[tuple[str, str], int] = {}
        started = time.perf_counter()
        outcomes = asyncio.run(_all_sessions(clips, engine.url, work, probe or _engine_probe, counts))
        report.wall_s = time.perf_counter() - started
        report.rss_end_mb = engine.rss_mb()[0]
    finally:
        engine.stop()
    for outcome in outcomes:
        if isinstance(outcome, BaseException):
            report.errors.append(f"{type(outcome).__name__}: {outcome}")
        else:
            report.results.append(outcome)
    report.chat_turns = counts.get(("POST", "/run_sse"), 0)
    if engine.samples:
        report.rss_peak_mb = max(report.rss_base_mb, max(own for own, _ in engine.samples))
        report.children_peak_mb = max(children for _, children in engine.samples)
    return report


def run(quick: bool = False) -> list[Figure]:
    """Figure #10: all sessions correct, no errors, one chat request per message, engine RSS bounded."""
    from bench._common import temp_dir
    from bench._media import make_clip

    sessions = QUICK_SESSIONS if quick else SESSIONS
    with temp_dir("nemo-bench-load-") as work:
        os.environ.setdefault("NEMO_CONFIG_DIR", str(work / "config"))  # never the real home's
        clips = [make_clip(work / f"clip_{i:02d}.mp4", clip_seconds(i), "160x90") for i in range(sessions)]
        report = run_load(clips, work / "run")
    ok = (
        report.correct == sessions
        and not report.errors
        and report.chat_turns == sessions
        and report.rss_growth_mb < MAX_RSS_GROWTH_MB
    )
    detail = report.summary() + ("; errors: " + " | ".join(report.errors[:3]) if report.errors else "")
    return [
        Figure(
            number=10,
            name=f"load: {sessions} concurrent sessions (upload + chat + export each, one engine)",
            value=float(report.correct),
            unit=f"/{sessions} correct",
            target=f"all correct, 0 errors, 1 /run_sse per message, engine RSS +< {MAX_RSS_GROWTH_MB:g} MB",
            ok=ok,
            detail=detail,
        )
    ]


def main(argv: list[str] | None = None) -> int:
    return run_alone(run, argv)


if __name__ == "__main__":
    sys.exit(main())

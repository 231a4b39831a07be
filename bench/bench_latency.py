"""Figures #22-#24: the engine's waits, measured where tests must not time them.

#22 the long poll: ``GET /api/render/proxy/lambda/<id>?wait=10`` on a render
the engine makes last 1 s (``slow-render:1``) answers when the render ends:
the lag between the job's ``finished`` time and the answer (target <= 0.25 s;
the baseline is the render's own second, printed beside it). #23 stopping the
engine answers a poll it is holding at once: the seconds ``engine.stop()``
takes with a 15 s hold open (target < 2 s: uvicorn's 3 s grace is not waited
out). #24 a chat turn with ``X-Nemo-Pace: off`` against the same turn paced
(``chunk_delay_s=1.0``, three chunks): the unpaced turn's share of the paced
one (target <= 0.33). Run alone: ``python -m bench.bench_latency [--quick]``.
"""

from __future__ import annotations

import sys
import threading
import time
from pathlib import Path
from typing import Any

from bench._common import Figure, local_engine, median, run_alone, temp_dir
from bench._media import make_clip

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

__all__ = ["run"]

MAX_LAG_S = 0.25
MAX_STOP_S = 2.0
MAX_UNPACED_SHARE = 0.33


def _api(url: str) -> Any:
    from helpers_engine import Api

    api = Api(url).login()
    api.new_session()
    return api


def _held_poll_lag(engine: Any, clip: Path) -> tuple[float, float]:
    """(seconds from the render's end to the held poll's answer, the render's own seconds)."""
    api = _api(engine.url)
    try:
        api.upload(clip)
        job_id = api.export("mp4", headers={"X-Nemo-Fault": "slow-render:1"})
        answer = api.http.get(f"/api/render/proxy/lambda/{job_id}", params={"wait": "10"})
        answered = time.time()
        assert answer.json()["status"] == "completed", answer.text
        job = engine.app.state.engine.store.job(job_id)
        return answered - job.finished, job.finished - (job.started or job.created)
    finally:
        api.close()


def _stop_with_a_held_poll(clip: Path) -> float:
    with local_engine(silent_ratio=0.0, chunk_delay_s=0.0) as engine:
        api = _api(engine.url)
        api.upload(clip)
        job_id = api.export("mp4", headers={"X-Nemo-Fault": "render-never"})
        store = engine.app.state.engine.store
        holder = threading.Thread(
            target=lambda: api.http.get(f"/api/render/proxy/lambda/{job_id}", params={"wait": "15"})
        )
        holder.start()
        deadline = time.monotonic() + 10
        while not store.waiters(job_id) and time.monotonic() < deadline:
            time.sleep(0.01)  # a poll with a deadline: the hold has begun when the store has its waiter
        started = time.monotonic()
        engine.stop()
        stopped = time.monotonic() - started
        holder.join(timeout=10)
        api.close()
        return stopped


def _turn_seconds(url: str, headers: dict[str, str]) -> float:
    api = _api(url)
    try:
        started = time.perf_counter()
        api.chat("how do I export this video?", streaming=True, headers=headers)
        return time.perf_counter() - started
    finally:
        api.close()


def run(quick: bool = False) -> list[Figure]:
    repeats = 1 if quick else 3
    with temp_dir() as media:
        clip = make_clip(media / "clip.mp4", seconds=2, size="320x180")
        with local_engine(silent_ratio=0.0, chunk_delay_s=0.0, max_parallel_renders=8) as engine:
            lags = [_held_poll_lag(engine, clip) for _ in range(repeats)]
        stops = [_stop_with_a_held_poll(clip) for _ in range(repeats)]
    with local_engine(silent_ratio=0.0, chunk_delay_s=1.0) as engine:
        paced = median([_turn_seconds(engine.url, {}) for _ in range(repeats)])
        unpaced = median([_turn_seconds(engine.url, {"X-Nemo-Pace": "off"}) for _ in range(repeats)])
    lag = max(lag for lag, _ in lags)
    stop = max(stops)
    share = unpaced / paced
    return [
        Figure(
            22,
            "held poll: answer after the render's end",
            lag,
            " s",
            f"<= {MAX_LAG_S:g} s",
            lag <= MAX_LAG_S,
            f"worst of {repeats}; the renders took {', '.join(f'{r:.2f}' for _, r in lags)} s",
        ),
        Figure(
            23,
            "engine.stop() with a 15 s hold open",
            stop,
            " s",
            f"< {MAX_STOP_S:g} s",
            stop < MAX_STOP_S,
            f"worst of {repeats}",
        ),
        Figure(
            24,
            "unpaced chat turn / paced turn (3 chunks, 1 s apart)",
            share,
            "x",
            f"<= {MAX_UNPACED_SHARE:g}x",
            share <= MAX_UNPACED_SHARE,
            f"median of {repeats}: {unpaced:.2f} s vs {paced:.2f} s",
        ),
    ]


if __name__ == "__main__":
    raise SystemExit(run_alone(run))

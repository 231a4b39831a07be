"""Benchmark #7: how late a finished render is shown, and how many polls it costs.

Renders of 20, 45 and 90 s (the engine's ``slow-render:N`` fault: progress
climbs linearly to 99 % over N s, then ffmpeg does the real work, here a stream copy
of a 5 s clip) are waited for with ``NemoClient.wait_for_render``, once with
the client's default schedule and once with the documented fixed one
(``FixedSchedule()``: every 30 s, at most 10 polls). "Shown" is the moment
``wait_for_render`` returns the completed job (the download that follows is
the same for both schedules and is not counted); "late" is that moment minus
the engine's completion time. Polls are counted with the ``progress``
callback (one call per poll answer).

* Quick run — simulated, nothing waits: the client's injectable ``sleep``
  and ``clock`` drive a virtual clock, and an ``httpx.MockTransport``
  answers the polls from the engine's timeline (progress
  ``int(SIMULATED_SHARE * t / N)``, the engine's own constant, refreshed every
  0.2 s as the engine's worker does, then a 0.1 s ffmpeg step, then
  ``completed``; 5 ms per request).
* Full run — for real, all six renders at once against one engine
  (``max_parallel_renders=6``, its long poll off: the cloud has none), ~2
  minutes; the simulation is printed too.

Target: median lateness over the three renders at most 3 s with the default
schedule, and at most 2x the fixed schedule's polls for each render.
Run alone: ``python -m bench.bench_poll [--quick]``.
"""

from __future__ import annotations

import json
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
from nemo_widgets.local.media.worker import SIMULATED_SHARE  # the engine's simulated progress curve

from bench._common import Figure, local_engine, median, run_alone, temp_dir
from bench._media import make_clip

__all__ = ["LENGTHS", "run", "simulate"]

LENGTHS = (20, 45, 90)
MAX_LATE_S = 3.0
MAX_POLL_RATIO = 2.0
SIM_FFMPEG_S = 0.1
SIM_REQUEST_S = 0.005
ENGINE_TICK_S = 0.2  # the engine's worker refreshes a slow render's progress this often


class VirtualClock:
    """The time the simulated client lives in: ``sleep`` advances it, requests cost a little."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


def _engine_answer(elapsed: float, length: float) -> dict[str, Any]:
    """What the engine's poll says ``elapsed`` s after a ``slow-render:length`` job was submitted."""
    if elapsed >= length + SIM_FFMPEG_S:
        return {"status": "completed", "progress": 100, "output": {"url": "/files/r.mp4", "format": "mp4"}}
    if elapsed >= length:
        return {"status": "processing", "progress": SIMULATED_SHARE, "output": {}}
    seen = elapsed // ENGINE_TICK_S * ENGINE_TICK_S
    return {"status": "processing", "progress": int(SIMULATED_SHARE * seen / length), "output": {}}


def simulate(length: float, schedule: Any = None) -> tuple[float, int]:
    """(seconds late, polls) of one simulated render; ``schedule=None``: the client's default."""
    from nemo_widgets.protocol.client import NemoClient

    clock, submitted = VirtualClock(), [0.0]

    def handler(request: httpx.Request) -> httpx.Response:
        clock.sleep(SIM_REQUEST_S)
        if request.method == "POST":
            submitted[0] = clock.now
            job_id = json.loads(request.content)["id"]
            return httpx.Response(200, json={"code": 0, "data": {"id": job_id, "status": "pending", "progress": 0}})
        return httpx.Response(200, json={"id": "r", **_engine_answer(clock.now - submitted[0], length)})

    polls = [0]
    with NemoClient(base_url="http://bench.invalid", token="t", session_id="s", client_id="c",
                    transport=httpx.MockTransport(handler), sleep=clock.sleep, clock=clock,
                    poll_schedule=schedule) as client:  # fmt: skip
        job = client.export(format="mp4", draft={"t": [{"tt": 0, "sg": [{"s": 0, "d": 5000}]}]})
        client.wait_for_render(job, progress=lambda _s: polls.__setitem__(0, polls[0] + 1))
    return clock.now - (submitted[0] + length + SIM_FFMPEG_S), polls[0]


def _submit_and_wait(run: dict[str, Any]) -> dict[str, Any]:
    """Arm ``slow-render:N`` and submit (one thread at a time), then poll until the render is shown."""
    client, engine = run["client"], run["engine"]
    with run["lock"]:
        engine.inject(f"slow-render:{run['length']}")  # armed for the next export only: this one
        job = client.export(format="mp4")
    polls = [0]
    client.wait_for_render(job, progress=lambda _s: polls.__setitem__(0, polls[0] + 1))
    shown = time.time()
    finished = engine.app.state.engine.store.job(job.id).finished
    client.close()
    return {"length": run["length"], "schedule": run["schedule"], "late": shown - finished, "polls": polls[0]}


def real_runs(folder: Path) -> list[dict[str, Any]]:
    """All six renders at once against one engine, for real; their lateness and polls."""
    from nemo_widgets.protocol.client import NemoClient
    from nemo_widgets.protocol.schedule import FixedSchedule

    clip = make_clip(folder / "small.mp4", 5, size="640x360")
    lock = threading.Lock()
    # long_poll_max_s=0: no held polls, so the client polls by its schedule as it does against the cloud
    # (the engine's long poll would show every render at once, whatever the schedule)
    with local_engine(silent_ratio=0.0, seed=6, max_parallel_renders=2 * len(LENGTHS), long_poll_max_s=0) as engine:
        runs = []
        for length in LENGTHS:
            for name, schedule in (("default", None), ("fixed 30 s", FixedSchedule())):
                client = NemoClient(base_url=engine.url, poll_schedule=schedule)
                client.connect()
                client.upload(clip)
                runs.append({"length": length, "schedule": name, "client": client, "engine": engine, "lock": lock})
        with ThreadPoolExecutor(len(runs)) as pool:
            return list(pool.map(_submit_and_wait, runs))


def _simulated() -> list[dict[str, Any]]:
    from nemo_widgets.protocol.schedule import FixedSchedule

    rows = []
    for length in LENGTHS:
        for name, schedule in (("default", None), ("fixed 30 s", FixedSchedule())):
            late, polls = simulate(length, schedule)
            rows.append({"length": length, "schedule": name, "late": late, "polls": polls})
    return rows


def _judge(rows: list[dict[str, Any]]) -> tuple[float, bool, str]:
    ours = {r["length"]: r for r in rows if r["schedule"] == "default"}
    fixed = {r["length"]: r for r in rows if r["schedule"] != "default"}
    late = median([r["late"] for r in ours.values()])
    polls_ok = all(ours[n]["polls"] <= MAX_POLL_RATIO * fixed[n]["polls"] for n in LENGTHS)
    text = ", ".join(
        f"{n} s: {ours[n]['late']:.1f} s late / {ours[n]['polls']} polls vs fixed "
        f"{fixed[n]['late']:.1f} s / {fixed[n]['polls']}"
        for n in LENGTHS
    )
    return late, polls_ok and late <= MAX_LATE_S, text


def run(quick: bool = False) -> list[Figure]:
    simulated = _simulated()
    if quick:
        late, ok, text = _judge(simulated)
        detail = f"simulated (virtual clock, engine timeline): {text}"
    else:
        with temp_dir() as folder:
            late, ok, text = _judge(real_runs(folder))
        detail = f"real engine, 6 renders at once: {text}; simulated: {_judge(simulated)[2]}"
    return [
        Figure(
            7,
            "render shown after completion, default poll schedule (median of 20/45/90 s renders)",
            late,
            " s",
            f"<= {MAX_LATE_S:g} s and <= {MAX_POLL_RATIO:g}x the fixed 30 s polls",
            ok,
            detail,
        )
    ]


def main(argv: list[str] | None = None) -> int:
    return run_alone(run, argv)


if __name__ == "__main__":
    sys.exit(main())

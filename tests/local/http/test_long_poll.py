"""The engine's long poll: ``GET /api/render/proxy/lambda/<id>?wait=S`` held until the render finishes.

An engine extension (announced by ``X-Nemo-Long-Poll``) so the client sees a
result the moment it is ready without polling often; real HTTP, real ffmpeg.
How soon it answers is measured in bench/bench_latency.py (#22, #23), not here.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from nemo_widgets.core.factory import LOCAL_POLLS
from nemo_widgets.local import EngineSettings, LocalEngine, start_in_background
from nemo_widgets.local.http.api_render import _wait_s
from nemo_widgets.protocol.client import NemoClient
from starlette.requests import Request

from helpers_engine import Api

HEADER = "x-nemo-long-poll"


@pytest.fixture(scope="module")
def engine() -> Iterator[LocalEngine]:
    """This module's engine: room for the stuck (render-never) jobs its tests leave running."""
    settings = EngineSettings(silent_ratio=0.0, seed=7, chunk_delay_s=0.0, max_parallel_renders=50)
    with start_in_background(settings) as running:
        yield running


def _poll(api: Api, job_id: str, wait: str) -> Any:
    return api.http.get(f"/api/render/proxy/lambda/{job_id}", params={"wait": wait})


def _asking(query: str) -> Request:
    return Request({"type": "http", "method": "GET", "path": "/", "headers": [], "query_string": query.encode()})


def test_a_held_poll_answers_when_the_render_finishes(api: Api, clip_short: Path) -> None:
    api.upload(clip_short)
    submitted = api.http.post("/api/render/proxy/lambda", json={
        "id": "render_held_1", "sessionId": api.sid, "draft": api.state()["draft"], "output": {"format": "mp4"}},
        headers={"X-Nemo-Fault": "slow-render:1"})  # fmt: skip
    assert submitted.headers[HEADER] == "20"  # announced from the submit on
    answer = _poll(api, "render_held_1", "10")  # a plain look would see the 1 s render still processing
    assert answer.json()["status"] == "completed" and answer.headers[HEADER] == "20"


def test_a_held_poll_of_a_running_render_answers_after_the_wait(api: Api, clip_short: Path) -> None:
    api.upload(clip_short)
    stuck = api.export("mp4", headers={"X-Nemo-Fault": "render-never"})
    assert _poll(api, stuck, "0.5").json()["status"] == "processing"


def test_a_finished_render_answers_at_once(api: Api, clip_short: Path) -> None:
    api.upload(clip_short)
    done = api.wait(api.export("mp4"))
    assert _poll(api, done["id"], "10").json()["status"] == "completed"


@pytest.mark.parametrize("wait", ["abc", "-1", "nan", "inf", "0", "", "wait=&x=1"])
def test_a_bad_wait_is_a_plain_look(wait: str) -> None:
    assert _wait_s(_asking(f"wait={wait}"), 20.0) == 0.0


def test_a_wait_is_capped_by_the_setting_and_off_at_zero() -> None:
    assert _wait_s(_asking("wait=30"), 0.3) == 0.3 and _wait_s(_asking("wait=2.5"), 20.0) == 2.5
    assert _wait_s(_asking("wait=30"), 0.0) == 0.0 and _wait_s(_asking(""), 20.0) == 0.0


def test_a_bad_wait_and_the_setting_over_http(make_engine, api_for, clip_short: Path) -> None:
    capped = api_for(make_engine(long_poll_max_s=0.3))
    capped.upload(clip_short)
    stuck = capped.export("mp4", headers={"X-Nemo-Fault": "render-never"})
    for wait in ("abc", "30"):
        answer = _poll(capped, stuck, wait)
        assert answer.status_code == 200 and answer.headers[HEADER] == "0.3" and answer.json()["status"] == "processing"
    off = api_for(make_engine(long_poll_max_s=0))
    off.upload(clip_short)
    answer = _poll(off, off.export("mp4", headers={"X-Nemo-Fault": "render-never"}), "30")
    assert HEADER not in answer.headers and answer.json()["status"] == "processing"


def test_stopping_the_engine_answers_held_polls(make_engine, api_for, clip_short: Path) -> None:
    engine = make_engine()
    api = api_for(engine)
    api.upload(clip_short)
    stuck = api.export("mp4", headers={"X-Nemo-Fault": "render-never"})
    answers: list[Any] = []
    holder = threading.Thread(target=lambda: answers.append(_poll(api, stuck, "15")))
    holder.start()
    store = engine.app.state.engine.store
    deadline = time.monotonic() + 10
    while not store.waiters(stuck):  # the hold has begun when the store holds its waiter
        assert time.monotonic() < deadline, "the poll was never held"
        time.sleep(0.01)
    engine.stop()
    holder.join(timeout=20)
    # answered by the engine (not cut off by the shutdown), still processing: the hold was woken, not waited out
    assert answers and answers[0].status_code == 200 and answers[0].json()["status"] == "processing"


def test_the_client_sees_the_result_when_it_is_ready_with_few_polls(engine, clip_short: Path) -> None:
    with NemoClient(base_url=engine.url, poll_schedule=LOCAL_POLLS) as client:
        client.connect()
        client.upload(clip_short)
        engine.inject("slow-render:2")
        job = client.export(format="mp4")
        seen: list[Any] = []
        client.wait_for_render(job, progress=seen.append)
    assert seen[-1].status == "completed"
    assert len(seen) <= 8  # the schedule's cadence (progress for the bar), not a spin

"""The engine's long poll: ``GET /api/render/proxy/lambda/<id>?wait=S`` held until the render finishes.

An engine extension (announced by ``X-Nemo-Long-Poll``) so the client sees a
result the moment it is ready without polling often; real HTTP, real ffmpeg.
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
from nemo_widgets.protocol.client import NemoClient

from helpers_engine import Api

HEADER = "x-nemo-long-poll"


@pytest.fixture(scope="module")
def engine() -> Iterator[LocalEngine]:
    """This module's engine: room for the stuck (render-never) jobs its tests leave running."""
    settings = EngineSettings(silent_ratio=0.0, seed=7, chunk_delay_s=0.0, max_parallel_renders=50)
    with start_in_background(settings) as running:
        yield running


def _held(api: Api, job_id: str, wait: str) -> tuple[float, Any]:
    start = time.monotonic()
    answer = api.http.get(f"/api/render/proxy/lambda/{job_id}", params={"wait": wait})
    return time.monotonic() - start, answer


def test_a_held_poll_answers_when_the_render_finishes(api: Api, clip_short: Path) -> None:
    api.upload(clip_short)
    submitted = api.http.post("/api/render/proxy/lambda", json={
        "id": "render_held_1", "sessionId": api.sid, "draft": api.state()["draft"], "output": {"format": "mp4"}},
        headers={"X-Nemo-Fault": "slow-render:1"})  # fmt: skip
    assert submitted.headers[HEADER] == "20"  # announced from the submit on
    elapsed, answer = _held(api, "render_held_1", "10")
    assert answer.json()["status"] == "completed" and answer.headers[HEADER] == "20"
    assert 0.9 <= elapsed < 5  # held through the 1 s render, answered long before the 10 s


def test_a_held_poll_of_a_running_render_answers_after_the_wait(api: Api, clip_short: Path) -> None:
    api.upload(clip_short)
    stuck = api.export("mp4", headers={"X-Nemo-Fault": "render-never"})
    elapsed, answer = _held(api, stuck, "0.5")
    assert answer.json()["status"] == "processing" and 0.45 <= elapsed < 3


def test_a_finished_render_answers_at_once(api: Api, clip_short: Path) -> None:
    api.upload(clip_short)
    done = api.wait(api.export("mp4"))
    elapsed, answer = _held(api, done["id"], "10")
    assert answer.json()["status"] == "completed" and elapsed < 1


@pytest.mark.parametrize("wait", ["abc", "-1", "nan", "inf", "0", ""])
def test_a_bad_wait_is_a_plain_look(api: Api, clip_short: Path, wait: str) -> None:
    api.upload(clip_short)
    stuck = api.export("mp4", headers={"X-Nemo-Fault": "render-never"})
    elapsed, answer = _held(api, stuck, wait)
    assert answer.status_code == 200 and answer.json()["status"] == "processing" and elapsed < 0.4


def test_the_hold_is_capped_by_the_setting_and_can_be_off(make_engine, api_for, clip_short: Path) -> None:
    capped = api_for(make_engine(long_poll_max_s=0.3))
    capped.upload(clip_short)
    elapsed, answer = _held(capped, capped.export("mp4", headers={"X-Nemo-Fault": "render-never"}), "30")
    assert answer.headers[HEADER] == "0.3" and 0.25 <= elapsed < 2
    off = api_for(make_engine(long_poll_max_s=0))
    off.upload(clip_short)
    elapsed, answer = _held(off, off.export("mp4", headers={"X-Nemo-Fault": "render-never"}), "30")
    assert HEADER not in answer.headers and answer.json()["status"] == "processing" and elapsed < 0.4


def test_stopping_the_engine_answers_held_polls(make_engine, api_for, clip_short: Path) -> None:
    engine = make_engine()
    api = api_for(engine)
    api.upload(clip_short)
    stuck = api.export("mp4", headers={"X-Nemo-Fault": "render-never"})
    answers: list[Any] = []
    holder = threading.Thread(target=lambda: answers.append(_held(api, stuck, "15")))
    holder.start()
    time.sleep(0.3)
    start = time.monotonic()
    engine.stop()
    stopped_in = time.monotonic() - start
    holder.join(timeout=10)
    assert answers and answers[0][1].status_code == 200 and answers[0][0] < 3
    assert stopped_in < 2  # no waiting out the hold (nor uvicorn's 3 s grace)


def test_the_client_sees_the_result_when_it_is_ready_with_few_polls(engine, clip_short: Path) -> None:
    with NemoClient(base_url=engine.url, poll_schedule=LOCAL_POLLS) as client:
        client.connect()
        client.upload(clip_short)
        engine.inject("slow-render:2")
        job = client.export(format="mp4")
        seen: list[Any] = []
        client.wait_for_render(job, progress=seen.append)
        shown = time.time()
    record = engine.app.state.engine.store.job(job.id)
    assert seen[-1].status == "completed"
    assert shown - record.finished < 0.25  # at once, not at the next look
    assert len(seen) <= 8  # the schedule's cadence (progress for the bar), not a spin

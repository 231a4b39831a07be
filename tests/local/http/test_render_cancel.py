"""The engine's ``POST /api/render/proxy/lambda/<id>/cancel``: its ffmpeg killed, the job ``cancelled``,
its credits freed, a held long poll answered at once. Real HTTP on 127.0.0.1, real ffmpeg.

To cancel an ffmpeg that is really running, the engine is given an ffmpeg that reads its input at the
clip's own pace (``-re``): the same binary, exec'd with one more flag, so a 10 s clip renders in 10 s.
"""

from __future__ import annotations

import os
import stat
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from helpers_engine import Api, inside, wait_until
from helpers_media import ffmpeg

pytestmark = pytest.mark.timeout(120)

_PACED = """#!{python}
import os, sys
args = sys.argv[1:]
if "-progress" in args:  # a render, not a probe: read the input at its own pace
    args = ["-re", *args]
os.execv({real!r}, [{real!r}, *args])
"""


@pytest.fixture(scope="module")
def paced_ffmpeg(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("paced") / "ffmpeg"
    path.write_text(_PACED.format(python=sys.executable, real=ffmpeg()))
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return str(path)


def _cancel(api: Api, job_id: str) -> dict[str, Any]:
    answer = api.http.post(f"/api/render/proxy/lambda/{job_id}/cancel", json={})
    assert answer.status_code == 200, answer.text
    return answer.json()["data"]


def test_cancel_kills_the_running_ffmpeg_and_frees_the_hold(make_engine, api_for, clip10: Path,
                                                            paced_ffmpeg: str) -> None:  # fmt: skip
    engine = make_engine(ffmpeg=paced_ffmpeg, render_hold_credits=5)
    api = api_for(engine)
    api.upload(clip10)
    job_id = api.export("mp4", quality="low")
    proc = wait_until(lambda: inside(engine).worker._procs.get(job_id))  # ffmpeg is running
    wait_until(lambda: api.poll(job_id)["progress"] > 0)
    assert api.http.get("/api/credits/balance/simple").json()["data"]["frozen"] == 5
    held: dict[str, Any] = {}

    def hold() -> None:
        started = time.monotonic()
        held["answer"] = api.http.get(f"/api/render/proxy/lambda/{job_id}", params={"wait": 20}).json()
        held["took"] = time.monotonic() - started

    waiter = threading.Thread(target=hold)
    waiter.start()
    time.sleep(0.3)  # the long poll is held at the engine
    answer = _cancel(api, job_id)
    waiter.join(timeout=10)
    assert answer["status"] == "cancelled" and answer["output"]["url"] is None
    assert held["answer"]["status"] == "cancelled" and held["took"] < 5  # answered at once, not after 20 s
    assert wait_until(lambda: proc.poll() is not None, 5) and proc.returncode != 0  # killed
    assert api.poll(job_id)["status"] == "cancelled"
    balance = api.http.get("/api/credits/balance/simple").json()["data"]
    assert (balance["frozen"], balance["available"]) == (0, 100)  # the hold went back; export is free
    wait_until(lambda: not (engine.data_dir / "renders" / job_id).exists(), 5)  # the partial file is gone
    download = api.http.get(f"/api/render/proxy/{job_id}/download")
    assert download.status_code == 409


def test_a_queued_render_never_starts_and_the_next_one_runs(make_engine, api_for, clip_short: Path) -> None:
    engine = make_engine(render_hold_credits=2)
    api = api_for(engine)
    api.upload(clip_short)
    first = api.export("mp4", headers={"X-Nemo-Fault": "render-never"})  # holds the session's one slot
    second = api.export("mp4")
    assert api.poll(second)["status"] == "pending" and api.poll(second)["queue_position"] == 1
    assert _cancel(api, second)["status"] == "cancelled"
    assert _cancel(api, first)["status"] == "cancelled"  # wakes the stuck render: the slot is free again
    third = api.wait(api.export("mp4"))
    assert third["status"] == "completed"
    assert api.poll(second)["status"] == "cancelled" and inside(engine).store.job(second).started is None
    assert api.http.get("/api/credits/balance/simple").json()["data"]["frozen"] == 0


def test_cancelling_a_finished_or_unknown_render(api: Api, clip_short: Path) -> None:
    api.upload(clip_short)
    done = api.wait(api.export("mp4"))
    assert _cancel(api, done["id"])["status"] == "completed"  # it had ended: answered as it is
    assert api.poll(done["id"])["status"] == "completed"
    missing = api.http.post("/api/render/proxy/lambda/render_nope/cancel", json={})
    assert missing.status_code == 404
    other = Api(api.url).login()
    other.new_session()
    try:
        assert other.http.post(f"/api/render/proxy/lambda/{done['id']}/cancel", json={}).status_code == 404
    finally:
        other.close()


def test_a_cancelled_render_stays_cancelled_after_a_restart(make_engine, api_for, clip_short: Path,
                                                            tmp_path: Path) -> None:  # fmt: skip
    data = tmp_path / "data"
    engine = make_engine(data_dir=data)
    api = api_for(engine)
    api.upload(clip_short)
    job_id = api.export("mp4", headers={"X-Nemo-Fault": "render-never"})
    _cancel(api, job_id)
    engine.stop()
    again = make_engine(data_dir=data)
    assert inside(again).store.job(job_id).status == "cancelled" and job_id not in inside(again).worker._pending
    assert os.path.exists(data / "state.db")

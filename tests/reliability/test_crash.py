"""The engine killed with SIGKILL in the middle of changes, again and again: every acknowledged change is there
after the restart. A real ``nemo-widgets serve`` process, real HTTP, several clients editing at once."""

from __future__ import annotations

import random
import re
import signal
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from helpers_engine import ATTRIBUTION, parse_sse
from helpers_media import make_clip

from ._support import record

pytestmark = pytest.mark.slow  # engines killed with SIGKILL under load, then checked

VOLUMES = list(range(5, 100, 5))


class Serve:
    """``nemo-widgets serve`` on a data dir; killed and restarted on demand (a new port each time)."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir, self.url = data_dir, ""
        self.proc: subprocess.Popen[str] | None = None
        self.starts = 0

    def start(self) -> None:
        args = [sys.executable, "-m", "nemo_widgets.apps.cli", "serve", "--port", "0", "--data-dir", str(self.data_dir)]
        proc = self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        assert proc.stdout is not None
        line = proc.stdout.readline()
        found = re.search(r"http://127\.0\.0\.1:\d+", line)
        assert found, line
        self.url = found.group(0)
        self.starts += 1

    def kill(self) -> None:
        assert self.proc is not None
        self.url = ""
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=10)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()


@dataclass
class Acked:
    """What the engine acknowledged (answered 200 / finished the turn), per worker."""

    token: str = ""
    sessions: list[str] = field(default_factory=list)
    media: dict[str, str] = field(default_factory=dict)  # session -> media id
    volume: dict[str, tuple[int, set[int]]] = field(default_factory=dict)  # session -> (last acked, tried since)
    renders: list[str] = field(default_factory=list)
    count: int = 0


class Worker(threading.Thread):
    def __init__(self, serve: Serve, clip: Path, stop: threading.Event, seed: int) -> None:
        super().__init__(daemon=True)
        self.serve, self.clip, self.stop_event = serve, clip, stop
        self.acked, self.rng, self.client_id = Acked(), random.Random(seed), str(uuid.uuid4())
        self.errors: list[str] = []

    def run(self) -> None:
        while not self.stop_event.is_set():
            url = self.serve.url
            if not url:
                self.stop_event.wait(0.05)  # the engine is restarting: look again soon, or stop
                continue
            try:
                with httpx.Client(base_url=url, timeout=20, headers=ATTRIBUTION) as http:
                    while not self.stop_event.is_set() and self.serve.url == url:
                        self.step(http)
            except httpx.TransportError:
                self.stop_event.wait(0.05)  # the engine was killed (or is starting): nothing in flight is counted
                continue
            except Exception as exc:  # noqa: BLE001 - reported by the test
                self.errors.append(f"{type(exc).__name__}: {exc}")
                return

    def step(self, http: httpx.Client) -> None:
        a = self.acked
        if not a.token:
            answer = http.post("/api/auth/anonymous-token", headers={"X-Client-Id": self.client_id})
            a.token = _ok(answer)["token"]
        http.headers["Authorization"] = f"Bearer {a.token}"
        if not a.sessions or self.rng.random() < 0.1:
            a.sessions.append(
                _ok(http.post("/api/tasks/me/with-session/nemo_agent", json={"language": "en"}))["session_id"]
            )
        sid = a.sessions[-1]
        if sid not in a.media:
            files = [("files", (self.clip.name, self.clip.read_bytes(), "video/mp4"))]
            a.media[sid] = _ok(http.post(f"/api/upload-video/nemo_agent/me/{sid}", files=files))["media"][0]["id"]
        elif self.rng.random() < 0.1:
            job_id = f"render_{uuid.uuid4().hex[:12]}"
            body = {"id": job_id, "sessionId": sid, "output": {"format": "mp3"}}
            _ok(http.post("/api/render/proxy/lambda", json=body), envelope=True)
            a.renders.append(job_id)
        else:
            self.edit(http, sid)
        a.count += 1

    def edit(self, http: httpx.Client, sid: str) -> None:
        last, tried = self.acked.volume.get(sid, (-1, set()))
        value = self.rng.choice([v for v in VOLUMES if v != last])
        self.acked.volume[sid] = (last, tried | {value})
        body = {
            "app_name": "nemo_agent",
            "user_id": "me",
            "session_id": sid,
            "new_message": {"role": "user", "parts": [{"text": f"set the audio volume to {value}%"}]},
        }
        answer = http.post("/run_sse", json=body, headers={"Accept": "text/event-stream", "X-Nemo-Silent": "1"})
        events, _ = parse_sse(answer.text)
        if answer.status_code != 200 or not any("functionResponse" in str(e) for e in events):
            raise httpx.TransportError("the turn did not finish")  # cut by the kill
        self.acked.volume[sid] = (value, set())


def _ok(answer: httpx.Response, envelope: bool = True) -> Any:
    if answer.status_code != 200:
        raise httpx.TransportError(f"HTTP {answer.status_code}")  # treated like a cut: not acknowledged
    return answer.json()["data"] if envelope else answer.json()


def _volumes(draft: dict[str, Any]) -> set[int]:
    return {
        round(seg["m"]["volume"] * 100)
        for t in draft["t"]
        if t.get("tt") == 1
        for seg in t["sg"]
        if "volume" in seg.get("m", {})
    }


def _check(url: str, acked: Acked) -> int:
    """Every acknowledged change of one worker, read back; returns how many were checked."""
    checked = 0
    with httpx.Client(base_url=url, timeout=20, headers={"Authorization": f"Bearer {acked.token}"}) as http:
        assert http.get("/api/credits/balance/simple").status_code == 200  # the token (its digest) was kept
        for sid in acked.sessions:
            state = http.get(f"/api/state/nemo_agent/me/{sid}/latest")
            assert state.status_code == 200, f"session {sid} lost"
            data = state.json()["data"]["state"]
            checked += 1
            if sid in acked.media:
                assert acked.media[sid] in [m["id"] for m in data["video_infos"]], "an upload lost"
                checked += 1
            if sid in acked.volume and acked.volume[sid][0] >= 0:
                last, tried = acked.volume[sid]
                assert _volumes(data["draft"]) <= {last} | tried and _volumes(data["draft"]), "an edit lost"
                checked += 1
        for job_id in acked.renders:
            assert http.get(f"/api/render/proxy/lambda/{job_id}").status_code == 200, "a render lost"
            checked += 1
    return checked


def _until_more_changes(crew: list[Worker], more: int, timeout: float = 60.0) -> None:
    start, deadline = sum(w.acked.count for w in crew), time.monotonic() + timeout
    while sum(w.acked.count for w in crew) < start + more:
        assert time.monotonic() < deadline, f"no {more} more acknowledged changes in {timeout:g} s"
        time.sleep(0.05)


def _kill_repeatedly(tmp_path: Path, kills: int, workers: int) -> None:
    clip = make_clip(tmp_path / "tiny.mp4", seconds=1, size="160x90", audio=True)
    serve = Serve(tmp_path / "engine")
    serve.start()
    stop, rng = threading.Event(), random.Random(14)
    crew = [Worker(serve, clip, stop, seed) for seed in range(workers)]
    for worker in crew:
        worker.start()
    try:
        for _ in range(kills):
            _until_more_changes(crew, 3)  # load really ran since the last start (a loaded machine is slow)
            time.sleep(rng.uniform(0.0, 0.4))  # then a random moment: mid-request, most likely
            serve.kill()
            serve.start()
        _until_more_changes(crew, 3)  # the load runs against the last engine too
        stop.set()
        for worker in crew:
            worker.join(timeout=30)
        assert not [e for w in crew for e in w.errors], [e for w in crew for e in w.errors]
        serve.kill()  # the last change too may be cut
        serve.start()
        checked = sum(_check(serve.url, w.acked) for w in crew)
    finally:
        stop.set()
        serve.stop()
    done = sum(w.acked.count for w in crew)
    assert done >= 3 * kills and checked >= workers * 2, (done, checked)
    record("notes", f"crash: SIGKILLs under load ({workers} clients)", kills + 1)
    record("notes", f"crash: acknowledged changes checked after {kills + 1} SIGKILLs", checked)


def test_sigkill_under_load_loses_no_acknowledged_change(tmp_path: Path) -> None:
    _kill_repeatedly(tmp_path, kills=4, workers=4)


def test_sigkill_under_load_many_times(tmp_path: Path) -> None:
    _kill_repeatedly(tmp_path, kills=20, workers=6)

"""A plain-httpx helper for tests that drive an engine over HTTP (the official client aside).

api = Api(engine.url).login(); api.new_session(); api.upload(clip); api.chat("remove all audio")
"""

from __future__ import annotations

import json
import os
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import httpx

T = TypeVar("T")

__all__ = ["ATTRIBUTION", "FIXTURES", "Api", "clip_draft", "hostile_paths", "parse_sse"]

ATTRIBUTION = {"X-Skill-Source": "video-audio-remover", "X-Skill-Version": "1.0.0", "X-Skill-Platform": "pytest"}
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "adk"


def clip_draft() -> dict[str, Any]:
    """The engine's draft after one upload: a 10 s clip with picture and sound (media id ``m1``)."""
    from nemo_widgets.local import drafts

    media = {
        "id": "m1",
        "name": "clip.mp4",
        "kind": "video",
        "duration_ms": 10000,
        "has_video": True,
        "has_audio": True,
    }
    return drafts.append_media(drafts.empty_draft(), media)


def parse_sse(raw: str) -> tuple[list[dict[str, Any]], int]:
    """The JSON events of an SSE body, and how many ``: ping`` comments it held."""
    events, pings = [], 0
    for block in raw.split("\n\n"):
        for line in block.splitlines():
            if line.startswith(":"):
                pings += 1
            elif line.startswith("data: "):
                events.append(json.loads(line[len("data: ") :]))
    return events, pings


def wait_until(
    check: Callable[[], T | None], timeout: float = 30, what: str = "the condition", every: float = 0.02
) -> T:
    """Poll ``check`` every ``every`` s until it gives a true value (returned), failing after ``timeout`` s: a wait
    on an event the test can see, never a sleep that guesses how long the engine takes."""
    deadline = time.monotonic() + timeout
    while not (value := check()):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:g} s waiting for {what}")
        time.sleep(every)
    return value


def hostile_paths(tmp_path: Path, clip: Path) -> dict[str, tuple[str, str]]:
    """Paths no hand-off by path may take: name -> (path sent, the telling part of the engine's sentence)."""
    (tmp_path / "passwd.mp4").symlink_to("/etc/passwd")
    (tmp_path / "zero.mp4").symlink_to("/dev/zero")
    (tmp_path / "folder.mp4").mkdir()
    os.mkfifo(tmp_path / "pipe.mp4")
    (tmp_path / "loop.mp4").symlink_to(tmp_path / "loop.mp4")
    return {
        "a link to a text file": (str(tmp_path / "passwd.mp4"), "is not really an MP4 file"),
        "a link to a device": (str(tmp_path / "zero.mp4"), "is not a regular file"),
        "a folder": (str(tmp_path / "folder.mp4"), "is not a regular file"),
        "a pipe (never opened for a blocking read)": (str(tmp_path / "pipe.mp4"), "is not a regular file"),
        "a link to itself": (str(tmp_path / "loop.mp4"), "could not be opened"),
        "a relative path": (os.path.relpath(clip), "is not an absolute path"),
        "a path that climbs": (f"{tmp_path}/../{tmp_path.name}/nothing.mp4", "was not found"),
        "a NUL byte": (f"{clip}\x00.txt", "is not an absolute path"),
        "a type the API does not take": ("/etc/hostname", "unsupported type"),
    }


def inside(engine: Any) -> Any:
    """A running engine's own parts (store, render worker, running turns), for a test to wait on."""
    return engine.app.state.engine


class Api:
    """Plain httpx calls to an engine, the way the client will make them."""

    def __init__(self, url: str, client_id: str | None = None) -> None:
        self.url = url
        self.http = httpx.Client(base_url=url, timeout=60, headers=ATTRIBUTION)
        self.client_id = client_id or str(uuid.uuid4())
        self.token = ""
        self.sid = ""

    def close(self) -> None:
        self.http.close()

    def login(self) -> Api:
        answer = self.http.post("/api/auth/anonymous-token", headers={"X-Client-Id": self.client_id})
        assert answer.status_code == 200, answer.text
        self.token = answer.json()["data"]["token"]
        self.http.headers["Authorization"] = f"Bearer {self.token}"
        return self

    def new_session(self) -> str:
        body = {"task_name": "project", "language": "en"}
        answer = self.http.post("/api/tasks/me/with-session/nemo_agent", json=body)
        assert answer.status_code == 200, answer.text
        self.sid = answer.json()["data"]["session_id"]
        return self.sid

    def upload(self, *paths: Path, **kw: Any) -> httpx.Response:
        files = [("files", (p.name, p.read_bytes(), "application/octet-stream")) for p in paths]
        return self.http.post(f"/api/upload-video/nemo_agent/me/{self.sid}", files=files, **kw)

    def chat(
        self, text: str, streaming: bool = False, headers: dict[str, str] | None = None
    ) -> tuple[list[dict[str, Any]], int]:
        """One chat turn (must answer 200): its JSON events and its heartbeat count."""
        body = {
            "app_name": "nemo_agent",
            "user_id": "me",
            "session_id": self.sid,
            "new_message": {"role": "user", "parts": [{"text": text}]},
            "streaming": streaming,
        }
        answer = self.http.post("/run_sse", json=body, headers={"Accept": "text/event-stream", **(headers or {})})
        assert answer.status_code == 200, answer.text
        return parse_sse(answer.text)

    def state(self) -> dict[str, Any]:
        answer = self.http.get(f"/api/state/nemo_agent/me/{self.sid}/latest")
        assert answer.status_code == 200, answer.text
        return answer.json()["data"]["state"]

    def export(
        self, fmt: str = "mp4", job_id: str | None = None, headers: dict[str, str] | None = None, quality: str = "high"
    ) -> str:
        job_id = job_id or f"render_{uuid.uuid4().hex[:10]}"
        body = {
            "id": job_id,
            "sessionId": self.sid,
            "draft": self.state()["draft"],
            "output": {"format": fmt, "quality": quality},
        }
        answer = self.http.post("/api/render/proxy/lambda", json=body, headers=headers or {})
        assert answer.status_code == 200, answer.text
        return job_id

    def poll(self, job_id: str) -> dict[str, Any]:
        return self.http.get(f"/api/render/proxy/lambda/{job_id}").json()

    def wait(self, job_id: str, timeout: float = 60) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while True:
            answer = self.poll(job_id)
            if answer["status"] in ("completed", "failed") or time.monotonic() > deadline:
                return answer
            time.sleep(0.05)

    def download(self, answer: dict[str, Any], dest: Path) -> Path:
        got = httpx.get(answer["output"]["url"], timeout=60)  # no bearer token: the signed URL suffices
        assert got.status_code == 200
        dest.write_bytes(got.content)
        return dest

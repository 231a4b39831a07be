"""Fixtures of the protocol tests: a fake NemoVideo API and one runner for both clients.

``FakeNemo`` answers like protocol.md says the cloud does, over
``httpx.MockTransport``; a test arms faults on it (``fake.fail(route, …)``)
and reads what it received (``fake.requests``). ``api`` is parametrised over
the sync and the async client: ``await api.call("credits")`` runs either.
"""

from __future__ import annotations

import inspect
import json
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import httpx
import pytest
from nemo_widgets.protocol.async_client import AsyncNemoClient
from nemo_widgets.protocol.client import NemoClient
from nemo_widgets.protocol.settings import Settings

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "adk"
TOKEN = "nmv_usr_SECRETTOKEN_0123456789abcdef"
BASE = "https://api.test"
WEB = "https://web.test"

EXAMPLE_DRAFT: dict[str, Any] = {
    "t": [
        {"tt": 0, "sg": [{"s": 0, "d": 10000, "m": {"name": "city timelapse", "src": "m1", "in": 0}}]},
        {"tt": 1, "m": {"name": "BGM"}, "sg": [{"s": 0, "d": 10000, "m": {"name": "Lo-fi", "volume": 0.35}}]},
        {"tt": 7, "m": {"name": "Title"}, "sg": [{"s": 0, "d": 3000, "m": {"text": "Urban Dreams"}}]},
    ],
    "d": 10000,
}


def capture(name: str) -> bytes:
    return (FIXTURES / f"{name}.sse").read_bytes()


class Body(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A response body given as chunks, for both clients; may fail after them.

    ``on_chunk(chunk)`` runs before each chunk is handed out (to move a fake
    clock while a stream plays).
    """

    def __init__(
        self,
        chunks: Iterable[bytes],
        error: Exception | None = None,
        on_chunk: Callable[[bytes], None] | None = None,
    ) -> None:
        self.chunks = list(chunks)
        self.error = error
        self.on_chunk = on_chunk
        self.closed = False

    def __iter__(self):
        for chunk in self.chunks:
            if self.on_chunk:
                self.on_chunk(chunk)
            yield chunk
        if self.error:
            raise self.error

    async def __aiter__(self):
        for chunk in self.__iter__():
            yield chunk

    def close(self) -> None:
        self.closed = True

    async def aclose(self) -> None:
        self.closed = True


class FakeClock:
    """A clock that only moves when slept on (or pushed)."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def envelope(data: Any, code: int = 0, status: int = 200, **extra: Any) -> httpx.Response:
    return httpx.Response(status, json={"code": code, "data": data, **extra})


class FakeNemo:
    """The API of protocol.md, in memory."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []
        self.valid_tokens = {TOKEN}
        self.next_token = TOKEN
        self.session_id = "sess_1"
        self.task_id = "task_1"
        self.draft: dict[str, Any] = json.loads(json.dumps(EXAMPLE_DRAFT))
        self.drafts_after_chat: list[dict[str, Any]] = []  # the draft changes on each chat turn
        self.chat: Body | bytes = capture("plain_text")
        self.uploads: list[dict[str, Any]] = []
        self.renders: dict[str, list[dict[str, Any]]] = {}
        self.render_script: list[list[dict[str, Any]]] = []  # per submitted job: the statuses its polls see
        self.files: dict[str, bytes] = {}
        self.faults: dict[str, list[httpx.Response | Exception]] = {}
        #: X-Nemo-Long-Poll on export and poll answers (the embedded engine's long poll), if set
        self.long_poll: str | None = None
        #: a clock a held poll (``?wait=S``) advances by S while the render is unfinished, if set
        self.hold_clock: FakeClock | None = None
        #: whether POST .../lambda/<id>/cancel exists (a cloud without it answers 404)
        self.cancel_supported = True

    # -- arming -----------------------------------------------------------
    def fail(self, route: str, response: httpx.Response | Exception, times: int = 1) -> None:
        self.faults.setdefault(route, []).extend([response] * times)

    def calls(self, route: str) -> list[httpx.Request]:
        return [r for r in self.requests if self.route_of(r) == route]

    # -- routing ------------------------------------------------------------
    ROUTES = (
        ("POST", r"/api/auth/anonymous-token", "token"),
        ("POST", r"/api/tasks/me/with-session/nemo_agent", "session"),
        ("POST", r"/api/auth/claim-token", "claim"),
        ("POST", r"/run_sse", "chat"),
        ("POST", r"/api/upload-video/nemo_agent/me/[^/]+", "upload"),
        ("GET", r"/api/credits/balance/simple", "credits"),
        ("GET", r"/api/state/nemo_agent/me/[^/]+/latest", "state"),
        ("POST", r"/api/render/proxy/lambda", "export"),
        ("POST", r"/api/render/proxy/lambda/[^/]+/cancel", "cancel"),
        ("GET", r"/api/render/proxy/lambda/[^/]+", "poll"),
        ("GET", r"/api/render/proxy/[^/]+/download", "fallback"),
        ("GET", r"/files/.+", "file"),
    )

    def route_of(self, request: httpx.Request) -> str:
        for method, pattern, name in self.ROUTES:
            if request.method == method and re.fullmatch(pattern, request.url.path):
                return name
        return "unknown"

    def __call__(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.requests.append(request)
        route = self.route_of(request)
        queued = self.faults.get(route)
        if queued:
            fault = queued.pop(0)
            if isinstance(fault, Exception):
                raise fault
            return fault
        if route not in ("token", "file") and self.bearer(request) not in self.valid_tokens:
            return envelope(None, code=1001, status=401, msg="token expired")
        return getattr(self, f"on_{route}")(request)

    @staticmethod
    def bearer(request: httpx.Request) -> str | None:
        value = request.headers.get("authorization", "")
        return value[7:] if value.startswith("Bearer ") else None

    # -- handlers -------------------------------------------------------------
    def on_token(self, request: httpx.Request) -> httpx.Response:
        if not request.headers.get("x-client-id"):
            return httpx.Response(400, json={"code": 400, "msg": "missing X-Client-Id"})
        self.valid_tokens.add(self.next_token)
        return envelope({"token": self.next_token, "credits": 100})

    def on_session(self, request: httpx.Request) -> httpx.Response:
        return envelope({"task_id": self.task_id, "session_id": self.session_id})

    def on_claim(self, request: httpx.Request) -> httpx.Response:
        return envelope({"claim_token": "clm_claim123456", "expires_in": 3600})

    def on_chat(self, request: httpx.Request) -> httpx.Response:
        if self.drafts_after_chat:
            self.draft = self.drafts_after_chat.pop(0)
        body = self.chat if isinstance(self.chat, Body) else Body([self.chat])
        return httpx.Response(200, headers={"content-type": "text/event-stream"}, stream=body)

    def on_upload(self, request: httpx.Request) -> httpx.Response:
        if request.headers.get("content-type", "").startswith("application/json"):
            urls = json.loads(request.content)["urls"]
            return envelope({"files": [{"id": f"u{i}", "name": url.rsplit("/", 1)[-1]} for i, url in enumerate(urls)]})
        names = re.findall(rb'name="files"; filename="([^"]+)"', request.content)
        media = [{"id": f"m{i}", "name": n.decode(), "duration": 10.0, "has_video": True, "has_audio": True}
                 for i, n in enumerate(names)]  # fmt: skip
        self.uploads.extend(media)
        return envelope({"files": media})

    def on_credits(self, request: httpx.Request) -> httpx.Response:
        return envelope({"available": 97, "frozen": 3, "total": 100})

    def on_state(self, request: httpx.Request) -> httpx.Response:
        infos = [{"id": "m1", "name": "clip.mp4", "duration": 10.0, "has_video": True, "has_audio": True}]
        return envelope({"state": {"draft": self.draft, "video_infos": infos, "canvas_config": {"w": 1920},
                                   "generated_media": []}})  # fmt: skip

    def on_export(self, request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        done = {"status": "completed", "progress": 100, "output": {"url": f"{BASE}/files/{body['id']}.mp4"}}
        script = self.render_script.pop(0) if self.render_script else [{"status": "processing", "progress": 50}, done]
        self.renders[body["id"]] = script
        self.files[body["id"]] = b"RENDERED-" + body["id"].encode()
        return self._announce(envelope({"id": body["id"], "status": "pending"}))

    def _announce(self, response: httpx.Response) -> httpx.Response:
        if self.long_poll is not None:
            response.headers["X-Nemo-Long-Poll"] = self.long_poll
        return response

    def on_poll(self, request: httpx.Request) -> httpx.Response:
        job = request.url.path.rsplit("/", 1)[-1]
        script = self.renders.get(job)
        if script is None:
            return httpx.Response(404, json={"code": 404, "msg": "render not found"})
        status = script.pop(0) if len(script) > 1 else script[0]
        wait = float(request.url.params.get("wait", 0))
        if self.hold_clock is not None and status.get("status") not in ("completed", "failed"):
            self.hold_clock.now += wait
        return self._announce(httpx.Response(200, json={"id": job, **status}))

    def on_cancel(self, request: httpx.Request) -> httpx.Response:
        job = request.url.path.split("/")[-2]
        if not self.cancel_supported or job not in self.renders:
            return httpx.Response(404, json={"detail": "Not Found"})
        self.renders[job] = [{"status": "cancelled", "progress": 40}]
        return envelope({"id": job, "status": "cancelled", "progress": 40})

    def on_fallback(self, request: httpx.Request) -> httpx.Response:
        job = request.url.path.split("/")[-2]
        return httpx.Response(200, content=self.files.get(job, b""), headers={"content-type": "video/mp4"})

    def on_file(self, request: httpx.Request) -> httpx.Response:
        job = request.url.path.rsplit("/", 1)[-1].split(".")[0]
        data = self.files.get(job, b"")
        return httpx.Response(200, content=data, headers={"content-length": str(len(data))})

    def on_unknown(self, request: httpx.Request) -> httpx.Response:
        return httpx.Response(404, json={"detail": "Not Found"})


@pytest.fixture(autouse=True)
def _private_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No test reads the developer's env or writes the real home."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    for name in ("NEMO_API_URL", "NEMO_WEB_URL", "NEMO_TOKEN", "NEMO_CLIENT_ID", "SKILL_SOURCE",
                 "NEMO_CONFIG_DIR", "NEMO_PROFILE", "NEMO_LANGUAGE"):  # fmt: skip
        monkeypatch.delenv(name, raising=False)
    return home


@pytest.fixture
def fake() -> FakeNemo:
    return FakeNemo()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


class Runner:
    """Runs the same calls on the sync or the async client."""

    def __init__(self, kind: str, fake: FakeNemo, clock: FakeClock, home: Path) -> None:
        self.kind = kind
        self.fake = fake
        self.clock = clock
        self.home = home
        self.client: NemoClient | AsyncNemoClient = self.make()

    def make(self, **overrides: Any) -> NemoClient | AsyncNemoClient:
        settings = Settings.from_env(env={}, home=self.home, api_url=BASE, web_url=WEB)
        options: dict[str, Any] = {"settings": settings, "sleep": self.clock.sleep, "clock": self.clock}
        options.update(overrides)
        if self.kind == "sync":
            return NemoClient(transport=httpx.MockTransport(self.fake), **options)
        return AsyncNemoClient(transport=httpx.MockTransport(self.fake), **options)

    async def call(self, name: str, *args: Any, client: Any = None, **kwargs: Any) -> Any:
        result = getattr(client or self.client, name)(*args, **kwargs)
        if inspect.isawaitable(result):
            result = await result
        return result

    async def chat(self, text: str, client: Any = None) -> list[Any]:
        client = client or self.client
        if self.kind == "sync":
            with client.chat(text) as stream:
                return list(stream)
        async with client.chat(text) as stream:
            return [event async for event in stream]

    async def close(self) -> None:
        await self.call("close")


@pytest.fixture(params=["sync", "async"])
async def api(request: pytest.FixtureRequest, fake: FakeNemo, clock: FakeClock, _private_home: Path):
    runner = Runner(request.param, fake, clock, _private_home)
    yield runner
    await runner.close()

"""What the reliability tests share: an engine that counts requests, a client-side fault tap, fake sleeps.

* :func:`start_engine` starts a real engine (uvicorn on 127.0.0.1) with a
  pure-ASGI middleware that writes every request to a :class:`RequestLog`
  as it arrives (so a stream cut mid-turn is counted too): the engine-side
  proof that a message was sent once.
* :class:`Tap` wraps the client's real HTTP transport: it records what the
  client put on the wire and adds the engine's own ``X-Nemo-Fault`` header to
  the requests a rule picks (``tap.arm("500", "POST", "/run_sse")``), so a
  fault lands on one precise call of a longer flow.
* :class:`Sleeps` replaces the client's ``sleep``: it records the waits the
  client asked for (429's 30 s, a dropped stream's 30 s / 60 s) and sleeps a
  few milliseconds instead; ``hook`` runs on each call (to restart the
  engine between two polls).
"""

from __future__ import annotations

import asyncio
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from nemo_widgets.local import EngineSettings, LocalEngine
from nemo_widgets.protocol.async_client import AsyncNemoClient
from nemo_widgets.protocol.client import NemoClient

from helpers_engine import wait_until

__all__ = [
    "FIGURES",
    "WEB",
    "Clients",
    "RequestLog",
    "Sleeps",
    "StartEngines",
    "Tap",
    "call",
    "record",
    "record_fault",
    "start_engine",
    "wait_until",
]

WEB = "https://web.example"  # the web app URL the clients are given (links are checked against it)

#: What this run tried, for the summary at the end (and the README's figures).
FIGURES: dict[str, Any] = {"faults": {}, "examples": {}, "notes": {}}


def record_fault(fault: str, layer: str) -> None:
    """Note that ``fault`` was forced and its end state checked at ``layer`` (client, async, studio...)."""
    FIGURES["faults"].setdefault(fault, set()).add(layer)


def record(kind: str, name: str, value: Any) -> None:
    """Note a figure: ``record("examples", "sse decoder", 500)``; counts add up."""
    table = FIGURES[kind]
    table[name] = table.get(name, 0) + value if isinstance(value, (int, float)) else value


# -- the engine side ----------------------------------------------------------


@dataclass
class Seen:
    method: str
    path: str
    status: int | None = None
    headers: dict[str, str] = field(default_factory=dict)


class RequestLog:
    """Every request an engine received, in order (thread-safe)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.entries: list[Seen] = []

    def add(self, entry: Seen) -> None:
        with self._lock:
            self.entries.append(entry)

    def count(self, method: str, path: str, status: int | None = None) -> int:
        """Requests of ``method`` whose path matches the regex ``path`` (and answered ``status``)."""
        pattern = re.compile(path)
        with self._lock:
            return sum(
                1
                for e in self.entries
                if e.method == method and pattern.fullmatch(e.path) and (status is None or e.status == status)
            )

    def chat_turns(self) -> int:
        return self.count("POST", "/run_sse")

    def clear(self) -> None:
        with self._lock:
            self.entries.clear()


class CountingMiddleware:
    """Pure ASGI: log each HTTP request when it arrives and its status when the answer starts."""

    def __init__(self, app: Any, log: RequestLog) -> None:
        self.app, self.log = app, log

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        entry = Seen(scope["method"], scope["path"], headers=headers)
        self.log.add(entry)

        async def tell(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                entry.status = message["status"]
            await send(message)

        await self.app(scope, receive, tell)


#: The ``engines`` fixture: ``engines(EngineSettings(...), data_dir=..., port=...)`` -> (engine, log).
StartEngines = Callable[..., "tuple[LocalEngine, RequestLog]"]


def start_engine(
    settings: EngineSettings | None = None,
    *,
    data_dir: Path | None = None,
    port: int = 0,
    log: RequestLog | None = None,
) -> tuple[LocalEngine, RequestLog]:
    """A running engine on 127.0.0.1 whose requests are logged (a fresh log unless given)."""
    settings = settings or EngineSettings(silent_ratio=0.0, chunk_delay_s=0.0, seed=11)
    if data_dir is not None:
        settings.data_dir = data_dir
    log = log if log is not None else RequestLog()
    engine = LocalEngine(settings, port=port)
    engine.app.add_middleware(CountingMiddleware, log=log)
    return engine.start(), log


# -- the client side ----------------------------------------------------------


@dataclass
class Rule:
    fault: str
    method: str
    path: re.Pattern[str]
    times: int


class Tap:
    """Records the client's requests; adds ``X-Nemo-Fault`` to the ones a rule picks."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.rules: list[Rule] = []
        self.sent: list[tuple[str, str]] = []
        self.urls: list[str] = []  # full URLs, query included
        self.bodies: list[bytes] = []  # the bodies that were not streamed (JSON)

    def arm(self, fault: str, method: str, path: str, times: int = 1) -> Tap:
        """The next ``times`` requests of ``method`` on a path matching ``path`` suffer ``fault``."""
        with self._lock:
            self.rules.append(Rule(fault, method, re.compile(path), times))
        return self

    def count(self, method: str, path: str) -> int:
        pattern = re.compile(path)
        with self._lock:
            return sum(1 for m, p in self.sent if m == method and pattern.fullmatch(p))

    def pending(self) -> list[str]:
        """Rules not used up (a test that armed a fault expects it to have hit)."""
        with self._lock:
            return [f"{r.fault} {r.method} {r.path.pattern} x{r.times}" for r in self.rules if r.times > 0]

    def _prepare(self, request: httpx.Request) -> None:
        with self._lock:
            self.sent.append((request.method, request.url.path))
            self.urls.append(str(request.url))
            if isinstance(request.stream, httpx.ByteStream):
                self.bodies.append(request.content)
            for rule in self.rules:
                if rule.times > 0 and rule.method == request.method and rule.path.fullmatch(request.url.path):
                    rule.times -= 1
                    request.headers["X-Nemo-Fault"] = rule.fault
                    return

    def sync(self) -> httpx.BaseTransport:
        return _SyncTap(self)

    def asynchronous(self) -> httpx.AsyncBaseTransport:
        return _AsyncTap(self)


class _SyncTap(httpx.BaseTransport):
    def __init__(self, tap: Tap) -> None:
        self.tap, self.inner = tap, httpx.HTTPTransport()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.tap._prepare(request)
        return self.inner.handle_request(request)

    def close(self) -> None:
        self.inner.close()


class _AsyncTap(httpx.AsyncBaseTransport):
    def __init__(self, tap: Tap) -> None:
        self.tap, self.inner = tap, httpx.AsyncHTTPTransport()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.tap._prepare(request)
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()


class Sleeps:
    """A client's ``sleep``: records each wait asked for, sleeps at most ``real`` seconds."""

    def __init__(self, real: float = 0.01, hook: Callable[[float], None] | None = None) -> None:
        self.calls: list[float] = []
        self.real = real
        self.hook = hook

    def sync(self, seconds: float) -> None:
        self.calls.append(seconds)
        if self.hook is not None:
            self.hook(seconds)
        time.sleep(min(seconds, self.real))

    async def asynchronous(self, seconds: float) -> None:
        self.calls.append(seconds)
        if self.hook is not None:
            self.hook(seconds)
        await asyncio.sleep(min(seconds, self.real))

    def long_waits(self, at_least: float = 1.0) -> list[float]:
        """The waits of a second or more (render polls aside, the protocol's waits)."""
        return [s for s in self.calls if s >= at_least]


class Clients:
    """Makes sync or async clients on an engine, each with a :class:`Tap` and :class:`Sleeps`."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.made: list[Any] = []

    async def close(self) -> None:
        for client in self.made:
            await call(client.close())

    def __call__(
        self, engine: LocalEngine, *, tap: Tap | None = None, sleeps: Sleeps | None = None, **options: Any
    ) -> Any:
        tap = tap if tap is not None else Tap()
        sleeps = sleeps if sleeps is not None else Sleeps()
        options.setdefault("web_url", WEB)
        if self.kind == "sync":
            client: Any = NemoClient(base_url=engine.url, transport=tap.sync(), sleep=sleeps.sync, **options)
        else:
            client = AsyncNemoClient(
                base_url=engine.url, transport=tap.asynchronous(), sleep=sleeps.asynchronous, **options
            )
        client.tap, client.sleeps = tap, sleeps
        self.made.append(client)
        return client


async def call(value: Any) -> Any:
    """The result of a client call, sync or async."""
    if hasattr(value, "__await__"):
        return await value
    return value

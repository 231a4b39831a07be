"""What a batch does to go faster, checked on the wire: unpaced replies, one connection pool, the manifest's columns."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path
from typing import Any, ClassVar

import httpx
import pytest
from nemo_widgets.core import batch as batch_mod
from nemo_widgets.core.batch import process_many
from nemo_widgets.core.manifest import MANIFEST_NAME, OUTCOME_FIELDS, Manifest, Outcome, Record
from nemo_widgets.local.http import api_chat
from nemo_widgets.protocol.constants import PACE_HEADER
from nemo_widgets.protocol.schedule import FixedSchedule

from helpers_batch import make_clips
from helpers_engine import Api

pytestmark = pytest.mark.usefixtures("isolated")

FAST_POLLS = FixedSchedule(interval=0.05, max_polls=2400)
EDIT = "remove all audio from this video"


class _ChatHeaders:
    """ASGI middleware keeping the headers of every ``POST /run_sse``."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.seen: list[dict[str, str]] = []

    @property
    def state(self) -> Any:
        return self.app.state

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope.get("type") == "http" and scope.get("path") == "/run_sse":
            self.seen.append({k.decode().lower(): v.decode() for k, v in scope["headers"]})
        await self.app(scope, receive, send)


def _engine_with_chat_headers(tmp_path: Path, **fields: Any) -> tuple[Any, _ChatHeaders]:
    from nemo_widgets.local import EngineSettings
    from nemo_widgets.local.server import LocalEngine

    engine = LocalEngine(EngineSettings(data_dir=tmp_path / "engine", silent_ratio=0.0, seed=7, **fields))
    recorder = _ChatHeaders(engine.app)
    engine._server.config.app = recorder
    return engine.start(), recorder


async def test_batch_turns_ask_the_engine_not_to_pace_their_replies(tmp_path: Path) -> None:
    engine, recorder = _engine_with_chat_headers(tmp_path, chunk_delay_s=0.02)
    try:
        items = await process_many(make_clips(tmp_path / "clips", 3), EDIT, concurrency=2, base_url=engine.url,
                                   web_url=engine.url, poll_schedule=FAST_POLLS, output_dir=tmp_path / "out")  # fmt: skip
    finally:
        engine.stop()
    assert all(item.ok for item in items)
    assert len(recorder.seen) == 3 and all(h.get(PACE_HEADER.lower()) == "off" for h in recorder.seen)


class _Sleeps:
    """``asyncio`` as the engine's chat module sees it, recording the pauses between chunks instead of waiting."""

    def __init__(self) -> None:
        self.asked: list[float] = []

    def __getattr__(self, name: str) -> Any:
        return getattr(asyncio, name)

    async def sleep(self, seconds: float) -> None:
        self.asked.append(seconds)
        await asyncio.sleep(0)


def _turn(url: str, headers: dict[str, str], sleeps: _Sleeps) -> tuple[list[float], int]:
    """One streamed chat turn (a question: no media needed) on a fresh session: the pauses asked, its events."""
    api = Api(url).login()
    try:
        api.new_session()
        sleeps.asked = []
        events, _pings = api.chat("how do I export this video?", streaming=True, headers=headers)
        return sleeps.asked, len(events)
    finally:
        api.close()


def test_the_engine_paces_a_reply_unless_asked_not_to(start_engine: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """How much faster an unpaced turn is: bench/bench_latency.py #24; here, which pauses the engine asks for."""
    sleeps = _Sleeps()
    monkeypatch.setattr(api_chat, "asyncio", sleeps)
    engine = start_engine(chunk_delay_s=1.0)
    paced, paced_frames = _turn(engine.url, {}, sleeps)
    unpaced, unpaced_frames = _turn(engine.url, {PACE_HEADER: "off"}, sleeps)
    assert paced_frames == unpaced_frames >= 3  # the same chunks and final text, only without the pauses
    assert paced.count(1.0) >= 3 and not [s for s in unpaced if s > 0]


class _CountingPool(httpx.AsyncHTTPTransport):
    made: ClassVar[list[_CountingPool]] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.requests, self.closed = 0, 0
        _CountingPool.made.append(self)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.requests += 1
        return await super().handle_async_request(request)

    async def aclose(self) -> None:
        self.closed += 1
        await super().aclose()


async def test_the_jobs_of_a_batch_share_one_connection_pool_closed_at_the_end(
    engine: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _CountingPool.made = []
    monkeypatch.setattr(batch_mod, "new_pool", lambda connections: _CountingPool())
    items = await process_many(make_clips(tmp_path / "clips", 4), EDIT, concurrency=2, base_url=engine.url,
                               web_url=engine.url, poll_schedule=FAST_POLLS, output_dir=tmp_path / "out")  # fmt: skip
    assert all(item.ok for item in items)
    [pool] = _CountingPool.made
    assert pool.requests >= 4 * 6  # every job's session, upload, chat, state, export, poll, download went through it
    assert pool.closed == 1


def test_a_manifest_written_with_the_earlier_column_order_still_reads_and_writes(tmp_path: Path) -> None:
    earlier = (
        "key TEXT PRIMARY KEY, position INTEGER, source TEXT, instruction TEXT, format TEXT, fingerprint TEXT,"
        " folder TEXT, session_id TEXT, edited INTEGER, render_id TEXT, status TEXT, output TEXT, result_format TEXT,"
        " checksum TEXT, size INTEGER, error TEXT, retryable INTEGER, attempts INTEGER, updated REAL"
    )
    db = sqlite3.connect(tmp_path / MANIFEST_NAME)
    db.execute(f"CREATE TABLE items ({earlier})")
    db.execute("INSERT INTO items (key, position, source, instruction, session_id, edited, render_id, status, size)"
               " VALUES ('/a.mp4', 0, '/a.mp4', 'remove all audio', 's1', 1, 'render_1', 'rendering', 0)")  # fmt: skip
    db.commit()
    db.close()
    with Manifest(tmp_path) as manifest:
        record = manifest.get("/a.mp4")
        assert record is not None
        assert (record.session_id, record.edited, record.render_id, record.status) == ("s1", True, "render_1",
                                                                                       "rendering")  # fmt: skip
        manifest.update("/a.mp4", status="done", size=7, checksum="sha256:x")
        manifest.put(Record(key="/b.mp4", position=1, source="/b.mp4", instruction="x", status="failed", error="e"))
        got = {r.key: r for r in manifest.records()}
    assert (got["/a.mp4"].status, got["/a.mp4"].size, got["/a.mp4"].instruction) == ("done", 7, "remove all audio")
    assert (got["/b.mp4"].status, got["/b.mp4"].error, got["/b.mp4"].position) == ("failed", "e", 1)


def test_a_job_result_and_a_manifest_row_share_their_outcome_fields() -> None:
    from nemo_widgets.core.batch_job import JobResult

    result = JobResult(key="/a.mp4", status="done", render_id="r", size=3, changes=["x"], rate_limited=1)
    assert set(result.outcome()) == set(OUTCOME_FIELDS) and result.outcome()["size"] == 3
    assert isinstance(result, Outcome) and issubclass(Record, Outcome)
    assert JobResult(key="k").status == "failed" and Record(key="k", position=0, source="", instruction="").status == (
        "waiting"
    )


class _Counting(httpx.AsyncBaseTransport):
    """Counts the requests a batch sends, by method and path kind."""

    def __init__(self) -> None:
        self.inner = httpx.AsyncHTTPTransport()
        self.paths: list[str] = []
        self.upload_bytes = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if path.startswith("/api/upload-video"):
            self.upload_bytes += int(request.headers.get("content-length") or 0)
        kind = "state" if "/api/state/" in path else "file" if "/api/render/files/" in path else \
            "render" if "/api/render/" in path else path  # fmt: skip
        self.paths.append(f"{request.method} {kind}")
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()


@pytest.mark.parametrize(("fmt", "edit", "made"), [("mp4", EDIT, "mp4"), (None, EDIT, "mp4"),
                                                   (None, "extract the audio as mp3", "mp3")])  # fmt: skip
async def test_on_its_own_engine_a_file_is_one_request_and_gets_the_agents_format(
    isolated: Path, fmt: str | None, edit: str, made: str
) -> None:
    """Against the batch's own embedded engine a file is one request (the hand-off, the turn, the render, held
    until it finishes): the format given, else the one the agent settled on (an MP3 when asked); no state read,
    no bytes through HTTP either way."""
    from helpers_media import probe

    counting = _Counting()
    try:
        items = await process_many(make_clips(isolated / "clips", 2), edit, concurrency=1, format=fmt,
                                   output_dir=isolated / "out", local_engine=isolated / "engines",
                                   transport=counting)  # fmt: skip
    finally:
        await counting.aclose()
    assert all(item.ok for item in items), [item.error for item in items]
    for item in items:
        assert item.outcome is not None and item.outcome.path.suffix == f".{made}"
        streams = probe(item.outcome.path)
        assert (streams["video"], streams["audio"]) == ((1, 0) if made == "mp4" else (0, 1)), streams
    # one token for the batch, then one request a file: its results copied from the engine's folder
    assert counting.paths == ["POST /api/auth/anonymous-token"] + ["POST /api/local/job"] * 2, counting.paths


def test_an_engine_vouches_only_for_its_own_signed_result_urls(isolated: Path) -> None:
    """``LocalEngine.result_file``: the file behind a finished render's signed URL; nothing for a wrong key, a
    wrong name, another address or an unfinished job."""
    from nemo_widgets.local import EngineSettings, start_in_background

    with start_in_background(EngineSettings(data_dir=isolated / "engine", silent_ratio=0.0, seed=7)) as engine:
        api = Api(engine.url).login()
        try:
            api.new_session()
            api.upload(make_clips(isolated / "clips", 1)[0])
            job = api.wait(api.export())
        finally:
            api.close()
        assert job["status"] == "completed", job
        url = job["output"]["url"]
        found = engine.result_file(url)
        assert found is not None and found.is_file() and found.stat().st_size > 0
        job_id, key, name = url.rsplit("/", 3)[1:]
        assert engine.result_file(url.replace(key, "0" * len(key))) is None
        assert engine.result_file(url.replace(name, "other.mp4")) is None
        assert engine.result_file(url.replace(engine.url, "http://127.0.0.1:9")) is None
        assert engine.result_file(f"{engine.url}/api/render/files/{job_id}") is None


async def test_on_its_own_engine_a_file_the_agent_does_not_edit_fails_with_its_reply(isolated: Path) -> None:
    """The one-request job: a question or a refusal renders nothing and is that file's sentence (not retried)."""
    clips = make_clips(isolated / "clips", 2)
    asks = {clips[0].name: "how do I export this video?", clips[1].name: "cut from 50 s to 60 s"}
    items = await process_many(clips, asks, output_dir=isolated / "out", local_engine=isolated / "engines")
    assert [(item.status, item.retryable, item.outcome) for item in items] == [("failed", False, None)] * 2
    question, refused = (item.error or "" for item in items)
    assert "Export button" in question and "doesn't fit" in refused, (question, refused)  # the agent's own words
    assert not list((isolated / "out").rglob("*.mp4"))

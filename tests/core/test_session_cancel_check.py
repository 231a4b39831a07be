"""The session's cancel (turn, render at the server, job book) and the result check after each download.

Against the real engine over HTTP on 127.0.0.1 (real ffmpeg renders), and against the cloud-like fake
(``tests/protocol``' ``FakeNemo``) for a cloud that lacks the cancel endpoint and sends a file with sound.
"""

from __future__ import annotations

import asyncio
import copy
import json
from pathlib import Path
from typing import Any

import httpx
import pytest
from nemo_widgets.core.jobs import JobBook
from nemo_widgets.core.result_check import FIX_SILENT
from nemo_widgets.core.session import StudioSession
from nemo_widgets.protocol.async_client import AsyncNemoClient
from nemo_widgets.protocol.schedule import FixedSchedule
from nemo_widgets.protocol.settings import Settings

from helpers_engine import inside
from helpers_media import make_audio, make_clip, probe

pytestmark = [pytest.mark.usefixtures("isolated"), pytest.mark.timeout(120)]

FAST_POLLS = FixedSchedule(interval=0.05, max_polls=2400)


class Counting(httpx.AsyncBaseTransport):
    """The real transport, counting the requests by path."""

    def __init__(self) -> None:
        self._inner = httpx.AsyncHTTPTransport()
        self.paths: list[str] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.paths.append(request.url.path)
        return await self._inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self._inner.aclose()


def open_session(engine: Any, transport: Any = None, **options: Any) -> StudioSession:
    from nemo_widgets.core.factory import open_session as factory

    return factory(base_url=engine.url, web_url=engine.url, poll_schedule=FAST_POLLS, transport=transport,
                   **options)  # fmt: skip


def statuses(session: StudioSession) -> list[tuple[str, str, str]]:
    seen: list[tuple[str, str, str]] = []
    session.events.on(
        "status", lambda message, level, next_step="", link=None: seen.append((message, level, next_step))
    )
    return seen


async def _until(check: Any, timeout: float = 30) -> Any:
    deadline = asyncio.get_running_loop().time() + timeout
    while not (value := check()):
        assert asyncio.get_running_loop().time() < deadline, "timed out"
        await asyncio.sleep(0.02)
    return value


# -- cancel ------------------------------------------------------------------------------


async def test_cancel_stops_the_render_at_the_engine_and_forgets_it(engine: Any, sample_clip: Path) -> None:
    transport = Counting()
    session = open_session(engine, transport)
    said = statuses(session)
    try:
        await session.upload([sample_clip])
        engine.inject("render-never")
        export = asyncio.ensure_future(session.guarded(session.export()))
        job = await _until(lambda: session.render_job)
        pending = session.book.pending(session.api_url)
        assert pending is not None and pending.job_id == job.id
        await _until(lambda: transport.paths.count(f"/api/render/proxy/lambda/{job.id}") >= 2)  # polling
        assert await session.cancel() is True
        assert export.done() and export.result() is None
        assert inside(engine).store.job(job.id).status == "cancelled"
        assert transport.paths.count(f"/api/render/proxy/lambda/{job.id}/cancel") == 1
        assert session.book.pending(session.api_url) is None and session.render_job is None
        assert said[-1][:2] == ("Export cancelled.", "info") and "Cancelled." not in [m for m, _, _ in said]
        assert transport.paths.count("/api/render/proxy/lambda") == 1  # never resubmitted
    finally:
        await session.aclose()
    again = open_session(engine)  # the next Studio's session: nothing to resume
    try:
        assert await again.resume() is None
    finally:
        await again.aclose()


async def test_cancelling_a_chat_turn_closes_it_and_never_resends(start_engine: Any, sample_clip: Path) -> None:
    engine = start_engine(step_delay_s=3.0, heartbeat_s=0.2)
    transport = Counting()
    session = open_session(engine, transport)
    said = statuses(session)
    try:
        await session.upload([sample_clip])
        turn = asyncio.ensure_future(session.guarded(session.ask("remove all audio from this video")))
        await _until(lambda: "/run_sse" in transport.paths)
        await _until(lambda: inside(engine).turns)  # the engine is running the turn (its 3 s step)
        assert await session.cancel() is False
        assert turn.done() and turn.result() is None
        assert said[-1][0] == "Cancelled." and "sent twice" in said[-1][2]
        await _until(lambda: not inside(engine).turns)  # the edit the engine had begun has landed
        assert transport.paths.count("/run_sse") == 1
        reply = await session.ask("status please")  # the client is usable: the cancelled stream was closed
        assert reply.ok and transport.paths.count("/run_sse") == 2
    finally:
        await session.aclose()


async def test_a_render_cancelled_at_the_server_ends_the_export(engine: Any, sample_clip: Path) -> None:
    session = open_session(engine)
    said = statuses(session)
    try:
        await session.upload([sample_clip])
        engine.inject("render-never")
        export = asyncio.ensure_future(session.guarded(session.export()))
        job = await _until(lambda: session.render_job)
        other = AsyncNemoClient(base_url=engine.url, token=session.client.token, session_id=session.client.session_id)
        await other.cancel_render(job)  # e.g. from another kernel, or the web app
        await other.aclose()
        assert await asyncio.wait_for(export, 10) is None
        assert said[-1][0] == "Export cancelled." and session.book.pending(session.api_url) is None
    finally:
        await session.aclose()


# -- the result check after every download ---------------------------------------------


async def test_an_export_that_kept_the_sound_is_told_and_fixed_in_one_click(engine: Any, sample_clip: Path) -> None:
    session = open_session(engine)
    said = statuses(session)
    try:
        await session.upload([sample_clip])
        kept = await session.export()  # the clip's sound is still on the timeline
        assert kept.check is not None and kept.check.ok is False and not kept.as_promised
        assert (kept.check.found.video, kept.check.found.audio, kept.check.found.reader) == (1, 1, "ffmpeg")
        assert kept.check.fix == FIX_SILENT and said[-1][1] == "warn"
        assert said[-1][0].startswith("The exported video is not silent") and "Remove the audio" in said[-1][2]
        fixed = await session.fix_result()
        assert fixed is not None and fixed.check is not None and fixed.check.ok is True and fixed.as_promised
        assert probe(fixed.path)["audio"] == 0 and said[-1][0].startswith("Video ready!")
        assert kept.path.exists() and kept.path != fixed.path  # the first file is kept
        assert await session.fix_result() is None  # nothing left to fix
    finally:
        await session.aclose()


async def test_background_music_the_agent_added_is_caught(engine: Any, sample_clip: Path, tmp_path: Path) -> None:
    session = open_session(engine)
    try:
        await session.upload([sample_clip])
        await session.ask("remove all audio from this video")
        media = await session.upload([make_audio(tmp_path / "lofi.mp3", seconds=4)])
        draft = copy.deepcopy(inside(engine).store.session(_account(engine, session), session.client.session_id).draft)
        video = [t for t in draft["t"] if t["tt"] == 0]
        bgm = {"tt": 1, "m": {"name": "BGM"}, "sg": [{"s": 0, "d": 4000, "m": {"name": "Lo-fi", "src": media[0].id,
                                                                             "volume": 0.35, "in": 0}}]}  # fmt: skip
        _set_draft(engine, session, {"t": [*video, bgm], "d": 10000})  # what the cloud's agent does on its own
        state = await session.refresh()
        assert "2. BGM: Lo-fi (0-4s, 35%)" in state.draft.summary()
        outcome = await session.export()
        check = outcome.check
        assert check is not None and check.ok is False and check.found.audio == 1 and check.fix == FIX_SILENT
        fixed = await session.fix_result()
        assert fixed is not None and fixed.check is not None
        assert fixed.check.ok is True and probe(fixed.path)["audio"] == 0
    finally:
        await session.aclose()


async def test_the_mp3_profile_export_passes(engine: Any, sample_clip: Path) -> None:
    session = open_session(engine, profile="video-to-mp3")
    try:
        await session.upload([sample_clip])
        await session.ask("extract the audio from this video as an MP3 file")
        outcome = await session.export()
        check = outcome.check
        assert outcome.format == "mp3" and check is not None and check.ok is True
        assert (check.found.video, check.found.audio) == (0, 1)
    finally:
        await session.aclose()


def _account(engine: Any, session: StudioSession) -> str:
    token = session.client.token
    assert token is not None
    return inside(engine).store.account_for_token(token.get()).id


def _set_draft(engine: Any, session: StudioSession, draft: dict[str, Any]) -> None:
    inside(engine).store.update_session(_account(engine, session), session.client.session_id,
                                        lambda s: s.push_draft(draft))  # fmt: skip


# -- the cloud-like fake ------------------------------------------------------------------


@pytest.fixture
def cloud(tmp_path: Path) -> Any:
    from protocol.conftest import BASE, WEB, FakeNemo

    fake = FakeNemo()
    settings = Settings.from_env(env={}, home=tmp_path / "home", api_url=BASE, web_url=WEB)
    client = AsyncNemoClient(settings=settings, transport=httpx.MockTransport(fake), poll_schedule=FAST_POLLS)
    session = StudioSession(client, output_dir=tmp_path / "out", book=JobBook(tmp_path / "book.json"))
    return fake, session


async def test_a_cloud_file_with_sound_is_told(cloud: Any, tmp_path: Path) -> None:
    fake, session = cloud
    with_sound = make_clip(tmp_path / "cloud.mp4", seconds=1, size="160x90", audio=True).read_bytes()
    original = fake.on_export

    def export(request: httpx.Request) -> httpx.Response:
        answer = original(request)
        job = next(iter(fake.renders))
        fake.files = {job: with_sound}
        return answer

    fake.on_export = export
    said = statuses(session)
    outcome = await session.export()
    assert outcome.check.ok is False and outcome.check.found.audio == 1
    assert said[-1][1] == "warn" and outcome.path.read_bytes() == with_sound


async def test_a_cloud_without_cancel_still_cancels_here(cloud: Any) -> None:
    fake, session = cloud
    fake.cancel_supported = False
    fake.render_script = [[{"status": "processing", "progress": 10}]]
    said = statuses(session)
    export = asyncio.ensure_future(session.guarded(session.export()))
    job = await _until(lambda: session.render_job)
    assert await session.cancel() is True and export.done()
    assert said[-1][0] == "Export cancelled." and "may still finish it" in said[-1][2]
    assert session.book.pending(session.api_url) is None and len(fake.calls("cancel")) == 1
    assert job.id in fake.renders  # the fake's render was never told: it runs on there


async def test_an_unreadable_file_is_neither_passed_nor_failed(cloud: Any) -> None:
    _fake, session = cloud
    outcome = await session.export()  # the fake's file is a few bytes of text
    assert outcome.check.ok is None and outcome.as_promised and not outcome.check.found.readable


async def test_the_studio_session_shows_every_part_of_a_reply(cloud: Any) -> None:
    fake, session = cloud
    parts = [{"text": "Picking a track...", "thought": True}, {"text": "First part. "}, {"text": "Second part."}]
    frame = {"content": {"parts": parts, "role": "model"}, "author": "nemo_agent", "id": "ev-9"}
    fake.chat = b"data: " + json.dumps(frame).encode() + b"\n\n"
    shown: list[tuple[str, bool]] = []
    session.events.on("reply_text", lambda text, final: shown.append((text, final)))
    reply = await session.ask("add background music")
    assert reply.text == "First part. Second part." and shown[-1] == ("First part. Second part.", True)
    assert all("Picking" not in text for text, _ in shown)


async def test_cancel_after_the_automatic_retry_stops_the_retried_render(cloud: Any) -> None:
    fake, session = cloud
    fake.render_script = [[{"status": "failed", "error": "gpu lost"}], [{"status": "processing", "progress": 5}]]
    export = asyncio.ensure_future(session.guarded(session.export()))
    first = await _until(lambda: session.render_job)
    retried = await _until(lambda: session.render_job if session.render_job.id != first.id else None)
    assert session.book.pending(session.api_url).job_id == retried.id  # a restart would resume the retry
    assert await session.cancel() is True and export.done()
    (call,) = fake.calls("cancel")
    assert call.url.path.endswith(f"/{retried.id}/cancel")
    assert session.book.pending(session.api_url) is None

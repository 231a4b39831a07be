"""The fault matrix for the plain clients (sync and async), over real HTTP against the engine.

Each fault is forced by the engine itself: armed on the engine
(``engine.inject``) or, where one call of a longer flow must be hit, named in
the engine's ``X-Nemo-Fault`` header by the client-side :class:`Tap`. Each
test checks the end state protocol.md prescribes, the error's sentence and
next step, and what must not be lost: the session and its uploads where the
session lives on, the draft, and one ``/run_sse`` request per message
(counted on the engine side).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from nemo_widgets.local import EngineSettings, LocalEngine
from nemo_widgets.protocol.client import NemoClient
from nemo_widgets.protocol.errors import (
    AgentError,
    AuthError,
    FileTooLarge,
    NemoError,
    NemoTimeout,
    NoCredits,
    PlanLimit,
    RateLimited,
    RenderFailed,
    ServerError,
    SessionNotFound,
    StreamDropped,
    UnsupportedFile,
)
from nemo_widgets.protocol.schedule import FixedSchedule

from helpers_media import probe

from ._support import WEB, Clients, RequestLog, StartEngines, call, record_fault

EDIT = "remove all audio from this video"
#: Renders are polled every 50 ms of (recorded) time: the tests wait on the render, not on a schedule.
FAST_POLLS = FixedSchedule(interval=0.05, max_polls=5000)

pytestmark = pytest.mark.timeout(120)


def assert_readable(error: NemoError) -> None:
    """A sentence and a next step, no raw JSON, no bare code."""
    assert error.user_message.strip() and error.next_step.strip()
    text = str(error)
    assert "{" not in text and '"code"' not in text
    assert not text.strip().isdigit()


async def uploaded(client, clip: Path):
    await call(client.connect())
    await call(client.upload(clip))
    return await call(client.state())


def client_kind(client) -> str:
    return "sync client" if isinstance(client, NemoClient) else "async client"


def account_of(engine: LocalEngine, client) -> str:
    account = engine.app.state.engine.store.account_for_token(client.token.get())
    assert account is not None
    return str(account.id)


# -- 1001 / HTTP 400: recovered without the user noticing ----------------------------------


async def test_1001_new_token_same_session(
    make_client: Clients, engine: LocalEngine, requests_seen: RequestLog, clip: Path
) -> None:
    client = make_client(engine)
    before = await uploaded(client, clip)
    token, sid = client.token, client.session_id
    engine.inject("1001")
    after = await call(client.state())
    assert client.token != token and client.session_id == sid  # a fresh token, the same session
    assert [m.name for m in after.video_infos] == ["clip.mp4"]  # the upload is kept
    assert after.draft.raw == before.draft.raw
    assert requests_seen.count("POST", "/api/auth/anonymous-token") == 2
    assert requests_seen.count("GET", "/api/state/.*", status=401) == 1
    record_fault("1001", client_kind(client))


async def test_1001_twice_is_an_auth_error(make_client: Clients, engine: LocalEngine, clip: Path) -> None:
    client = make_client(engine)
    await uploaded(client, clip)
    engine.inject("1001", times=2)
    with pytest.raises(AuthError) as caught:
        await call(client.credits())
    assert_readable(caught.value)
    assert "token" in caught.value.user_message


async def test_400_new_client_id(make_client: Clients, engine: LocalEngine, requests_seen: RequestLog) -> None:
    client = make_client(engine)
    first = client.client_id
    engine.inject("400")
    info = await call(client.connect())
    assert info.session_id and client.client_id != first
    assert requests_seen.count("POST", "/api/auth/anonymous-token", status=400) == 1
    assert requests_seen.count("POST", "/api/auth/anonymous-token", status=200) == 1
    record_fault("400", client_kind(client))


# -- 1002: the session is gone ------------------------------------------------------------------


async def test_1002_session_not_found(make_client: Clients, engine: LocalEngine, clip: Path) -> None:
    client = make_client(engine)
    await uploaded(client, clip)
    old = client.session_id
    engine.inject("1002")
    with pytest.raises(SessionNotFound) as caught:
        await call(client.state())
    assert_readable(caught.value)
    assert "gone" in caught.value.user_message and "new session" in caught.value.next_step.lower()
    await call(client.new_session())
    fresh = await call(client.state())
    assert client.session_id != old and not fresh.video_infos and not fresh.draft.ready_for_export
    record_fault("1002", client_kind(client))


async def test_1002_for_a_stale_session_id(make_client: Clients, engine: LocalEngine) -> None:
    client = make_client(engine, session_id="0b0e5a51-dead-4bad-8bad-000000000000")
    await call(client.connect())
    with pytest.raises(SessionNotFound):
        await call(client.state())


# -- 2001: no credits -------------------------------------------------------------------------


async def test_2001_no_credits_link(
    make_client: Clients, engine: LocalEngine, requests_seen: RequestLog, clip: Path
) -> None:
    client = make_client(engine)
    before = await uploaded(client, clip)
    credits = await call(client.credits())
    engine.inject("2001")
    with pytest.raises(NoCredits) as caught:
        await call(client.ask(EDIT))
    error = caught.value
    assert_readable(error)
    assert error.link == f"{WEB}?bind={account_of(engine, client)}"
    assert error.link in error.next_step and "Register" in error.next_step
    assert requests_seen.chat_turns() == 1  # not re-sent
    after = await call(client.state())
    assert after.draft.raw == before.draft.raw and len(after.video_infos) == 1
    assert (await call(client.credits())).available == credits.available
    record_fault("2001", client_kind(client))


async def test_2001_for_real_when_credits_run_out(make_client: Clients, engines: StartEngines, clip: Path) -> None:
    engine, log = engines(EngineSettings(credits_per_token=1, silent_ratio=0.0, chunk_delay_s=0.0))
    client = make_client(engine)
    await uploaded(client, clip)
    reply = await call(client.ask(EDIT))
    assert reply.ok
    kept = await call(client.state())
    with pytest.raises(NoCredits) as caught:
        await call(client.ask('add the title "Hello"'))
    assert caught.value.link == f"{WEB}?bind={account_of(engine, client)}"
    assert (await call(client.state())).draft.raw == kept.draft.raw
    assert log.chat_turns() == 2


# -- 4001 / 4002: refused files ---------------------------------------------------------------


async def test_4001_unsupported_file(make_client: Clients, engine: LocalEngine, clip: Path, not_media: Path) -> None:
    client = make_client(engine)
    before = await uploaded(client, clip)
    engine.inject("4001")
    with pytest.raises(UnsupportedFile) as injected:
        await call(client.upload(clip))
    with pytest.raises(UnsupportedFile) as real:
        await call(client.upload(not_media))
    for error in (injected.value, real.value):
        assert_readable(error)
    assert "mp4" in injected.value.next_step and "wav" in injected.value.next_step  # a bare refusal: the formats
    assert real.value.user_message == "'notes.mp4' is not really an MP4 file: its content is not media."  # the reason
    after = await call(client.state())
    assert [m.name for m in after.video_infos] == ["clip.mp4"] and after.draft.raw == before.draft.raw
    media_dir = engine.data_dir / "media" / client.session_id
    assert len(list(media_dir.iterdir())) == 1  # the refused files left nothing behind
    record_fault("4001", client_kind(client))


async def test_4001_checked_before_sending(make_client: Clients, engine: LocalEngine, tmp_path: Path) -> None:
    client = make_client(engine)
    await call(client.connect())
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    with pytest.raises(UnsupportedFile):
        await call(client.upload(text))
    assert client.tap.count("POST", "/api/upload-video/.*") == 0


async def test_4002_file_too_large(
    make_client: Clients, engine: LocalEngine, engines: StartEngines, clip: Path
) -> None:
    client = make_client(engine)
    await uploaded(client, clip)
    engine.inject("4002")
    with pytest.raises(FileTooLarge) as injected:
        await call(client.upload(clip))
    small, _ = engines(EngineSettings(max_upload_bytes=20_000))  # the real check, while streaming
    other = make_client(small)
    await call(other.connect())
    with pytest.raises(FileTooLarge) as real:
        await call(other.upload(clip))
    for error in (injected.value, real.value):
        assert_readable(error)
        assert "Compress" in error.next_step or "trim" in error.next_step
    assert not list((small.data_dir / "media" / other.session_id).glob("*"))
    assert len((await call(client.state())).video_infos) == 1
    record_fault("4002", client_kind(client))


# -- 402: plan limit ------------------------------------------------------------------------


async def test_402_plan_limit(make_client: Clients, engine: LocalEngine, requests_seen: RequestLog, clip: Path) -> None:
    client = make_client(engine)
    before = await uploaded(client, clip)
    engine.inject("402")
    with pytest.raises(PlanLimit) as caught:
        await call(client.export())
    assert_readable(caught.value)
    assert "upgrade" in caught.value.next_step.lower() and "credits" in caught.value.user_message
    store = engine.app.state.engine.store
    assert not [j for j in store.jobs.values() if j.session_id == client.session_id]
    assert (await call(client.state())).draft.raw == before.draft.raw
    record_fault("402", client_kind(client))


# -- 429: wait 30 s, retry once ---------------------------------------------------------------


async def test_429_waits_then_retries(make_client: Clients, engine: LocalEngine, requests_seen: RequestLog) -> None:
    client = make_client(engine)
    await call(client.connect())
    engine.inject("429")
    credits = await call(client.credits())
    assert credits.available > 0
    assert client.sleeps.calls == [30.0]  # the server's Retry-After: 30
    engine.inject("429", times=2)
    with pytest.raises(RateLimited) as caught:
        await call(client.credits())
    assert_readable(caught.value)
    assert client.sleeps.calls == [30.0, 30.0]  # one wait per call, then the error
    record_fault("429", client_kind(client))


async def test_429_on_chat_is_one_turn(
    make_client: Clients, engine: LocalEngine, requests_seen: RequestLog, clip: Path
) -> None:
    client = make_client(engine)
    await uploaded(client, clip)
    client.tap.arm("429", "POST", "/run_sse")
    reply = await call(client.ask(EDIT))
    assert reply.ok and reply.text
    assert requests_seen.count("POST", "/run_sse", status=429) == 1  # refused, not run
    assert requests_seen.count("POST", "/run_sse", status=200) == 1  # the one turn that ran
    assert 30.0 in client.sleeps.calls


# -- 5xx ------------------------------------------------------------------------------------


async def test_500_is_a_server_error(
    make_client: Clients, engine: LocalEngine, requests_seen: RequestLog, clip: Path
) -> None:
    client = make_client(engine)
    before = await uploaded(client, clip)
    engine.inject("500")
    with pytest.raises(ServerError) as caught:
        await call(client.state())
    assert_readable(caught.value)
    client.tap.arm("500", "POST", "/run_sse")
    with pytest.raises(ServerError):
        await call(client.ask(EDIT))
    assert requests_seen.chat_turns() == 1  # not re-sent
    assert (await call(client.state())).draft.raw == before.draft.raw
    record_fault("500", client_kind(client))


async def test_500_while_polling_is_tolerated(
    make_client: Clients, engine: LocalEngine, clip: Path, tmp_path: Path
) -> None:
    client = make_client(engine, poll_schedule=FAST_POLLS)
    await uploaded(client, clip)
    client.tap.arm("500", "GET", "/api/render/proxy/lambda/.*")
    job = await call(client.export())
    result = await call(client.wait_for_render(job))
    path = await call(client.download(result, tmp_path))
    assert probe(path)["duration"] == pytest.approx(2.0, abs=0.15)
    assert not client.tap.pending()


# -- the chat stream dropped mid-turn -----------------------------------------------------------


async def test_drop_mid_edit_recovers_from_state(
    make_client: Clients, engine: LocalEngine, requests_seen: RequestLog, clip: Path
) -> None:
    client = make_client(engine)
    before = await uploaded(client, clip)
    assert before.draft.has_audio
    client.tap.arm("drop-stream", "POST", "/run_sse")
    reply = await call(client.ask(EDIT))
    assert isinstance(reply.errors[0], StreamDropped)
    assert_readable(reply.errors[0])
    assert "not sent again" in reply.errors[0].next_step
    assert requests_seen.chat_turns() == 1  # never re-sent
    assert client.sleeps.calls == [30.0]  # waited 30 s, then the first state poll saw the edit
    assert reply.state is not None and not reply.state.draft.has_audio  # the edit landed
    assert reply.changes  # and is described from the state diff
    now = await call(client.state())
    assert now.draft.raw == reply.state.draft.raw and [m.name for m in now.video_infos] == ["clip.mp4"]
    record_fault("drop-stream", client_kind(client))


async def test_drop_without_edit_polls_then_gives_up(
    make_client: Clients, engine: LocalEngine, requests_seen: RequestLog, clip: Path
) -> None:
    client = make_client(engine)
    before = await uploaded(client, clip)
    states_before = requests_seen.count("GET", "/api/state/.*")
    client.tap.arm("drop-stream", "POST", "/run_sse")
    reply = await call(client.ask("hello, what can you do?"))
    assert isinstance(reply.errors[0], StreamDropped)
    assert client.sleeps.calls == [30.0, 60.0, 60.0, 60.0, 60.0]  # 30 s, then every 60 s, 5 polls
    assert requests_seen.count("GET", "/api/state/.*") - states_before == 1 + 5  # before + 5 unchanged polls
    assert requests_seen.chat_turns() == 1
    assert reply.state is not None and reply.state.draft.raw == before.draft.raw


async def test_agent_error_in_stream(
    make_client: Clients, engine: LocalEngine, requests_seen: RequestLog, clip: Path
) -> None:
    client = make_client(engine)
    before = await uploaded(client, clip)
    client.tap.arm("agent-error", "POST", "/run_sse")
    reply = await call(client.ask(EDIT))
    assert len(reply.errors) == 1 and isinstance(reply.errors[0], AgentError)  # ADK's two frames: one error
    assert_readable(reply.errors[0])
    assert requests_seen.chat_turns() == 1
    assert (await call(client.state())).draft.raw == before.draft.raw
    record_fault("agent-error", client_kind(client))


# -- renders -------------------------------------------------------------------------------------


async def test_render_failing_once_is_resubmitted(
    make_client: Clients, engine: LocalEngine, requests_seen: RequestLog, clip: Path, tmp_path: Path
) -> None:
    client = make_client(engine, poll_schedule=FAST_POLLS)
    await uploaded(client, clip)
    await call(client.ask(EDIT))
    client.tap.arm("render-fail-once", "POST", "/api/render/proxy/lambda")
    job = await call(client.export())
    result = await call(client.wait_for_render(job))
    assert result.job.id != job.id  # retried once under a new id
    assert requests_seen.count("POST", "/api/render/proxy/lambda") == 2
    info = probe(await call(client.download(result, tmp_path)))
    assert info["duration"] == pytest.approx(2.0, abs=0.15) and info["video"] == 1 and info["audio"] == 0
    record_fault("render-fail-once", client_kind(client))


async def test_render_failing_twice_is_an_error(make_client: Clients, engine: LocalEngine, clip: Path) -> None:
    client = make_client(engine, poll_schedule=FAST_POLLS)
    await uploaded(client, clip)
    client.tap.arm("render-fail-once", "POST", "/api/render/proxy/lambda", times=2)
    job = await call(client.export())
    with pytest.raises(RenderFailed) as caught:
        await call(client.wait_for_render(job))
    assert_readable(caught.value)
    assert caught.value.job_id and caught.value.job_id != job.id


async def test_render_never_finishing_times_out_with_its_id(
    make_client: Clients, engines: StartEngines, clip: Path
) -> None:
    # its own engine (the stuck job holds a render slot until the engine stops), polled as the cloud is:
    # no held polls (the engine's long poll would make the recorded sleeps real waits)
    engine, log = engines(EngineSettings(silent_ratio=0.0, chunk_delay_s=0.0, seed=11, long_poll_max_s=0))
    client = make_client(engine)  # the product's poll schedule, with recorded sleeps
    await uploaded(client, clip)
    client.tap.arm("render-never", "POST", "/api/render/proxy/lambda")
    job = await call(client.export())
    with pytest.raises(NemoTimeout) as caught:
        await call(client.wait_for_render(job))
    assert_readable(caught.value)
    assert job.id in caught.value.user_message and f"resume_render({job.id!r})" in caught.value.next_step
    assert 600 <= sum(client.sleeps.calls) <= 660  # gave up after the 10 minutes the schedule allows
    polls = log.count("GET", f"/api/render/proxy/lambda/{job.id}")
    assert polls == len(client.sleeps.calls) <= 40  # a bounded number of polls
    assert (await call(client.poll_render(job))).status == "processing"  # still there to resume
    record_fault("render-never", client_kind(client))

"""Every endpoint and every recovery, run on the sync and the async client alike."""

from __future__ import annotations

import json

import httpx
import pytest
from nemo_widgets.protocol import errors
from nemo_widgets.protocol.events import ChatEvent
from nemo_widgets.protocol.models import Credits, RenderJob, RenderStatus, SessionInfo, SessionState
from nemo_widgets.protocol.schedule import FixedSchedule

from .conftest import BASE, TOKEN, WEB, Body, capture, envelope


def body_of(request: httpx.Request) -> dict:
    return json.loads(request.content)


# -- construction, token, session ------------------------------------------------------


async def test_no_request_until_used(api, fake):
    client = api.make(token="nmv_usr_given_token", session_id="sess_old")
    assert fake.requests == []
    assert client.session_id == "sess_old"
    await api.call("close", client=client)


async def test_connect_gets_token_then_session(api, fake):
    info = await api.call("connect")
    assert isinstance(info, SessionInfo)
    assert (info.session_id, info.task_id) == ("sess_1", "task_1")
    token_req, session_req = fake.requests
    assert token_req.url.path == "/api/auth/anonymous-token"
    assert "authorization" not in token_req.headers
    assert token_req.headers["x-client-id"] == api.client.client_id
    assert session_req.headers["authorization"] == f"Bearer {TOKEN}"
    assert body_of(session_req) == {"task_name": "project", "language": "en"}


async def test_every_request_carries_attribution(api, fake):
    await api.call("connect")
    await api.call("credits")
    for request in fake.requests:
        assert request.headers["x-skill-source"] == "video-audio-remover"
        assert request.headers["x-skill-version"]
        assert request.headers["x-skill-platform"] == "unknown"


async def test_profile_changes_attribution_and_defaults(api, fake):
    client = api.make(profile="video-to-mp3")
    await api.call("connect", client=client)
    assert fake.requests[-1].headers["x-skill-source"] == "video-to-mp3"
    job = await api.call("export", client=client)
    assert (job.format, job.quality) == ("mp3", "192k")
    await api.call("close", client=client)


async def test_given_token_and_session_resume_without_session_call(api, fake):
    client = api.make(token=TOKEN, session_id="sess_9")
    info = await api.call("connect", client=client)
    assert info.resumed and info.session_id == "sess_9"
    assert fake.requests == []
    await api.call("credits", client=client)
    assert [fake.route_of(r) for r in fake.requests] == ["credits"]
    await api.call("close", client=client)


async def test_methods_connect_lazily(api, fake):
    state = await api.call("state")
    assert isinstance(state, SessionState)
    assert [fake.route_of(r) for r in fake.requests] == ["token", "session", "state"]


async def test_new_session_replaces_session(api, fake):
    await api.call("connect")
    fake.session_id = "sess_2"
    info = await api.call("new_session")
    assert api.client.session_id == "sess_2" == info.session_id


async def test_claim_link_never_holds_bearer_token(api, fake):
    link = await api.call("claim_link")
    assert link == f"{WEB}/workspace/claim?ct=clm_claim123456"
    assert TOKEN not in link
    assert body_of(fake.calls("claim")[0]) == {"task_id": "task_1", "session_id": "sess_1"}


# -- recoveries -------------------------------------------------------------------------


async def test_1001_fetches_fresh_token_with_same_client_id_and_retries_once(api, fake):
    await api.call("connect")
    fake.valid_tokens = set()  # the token expired
    fake.next_token = "nmv_usr_fresh_token_987654321"
    credits = await api.call("credits")
    assert credits.available == 97
    tokens = fake.calls("token")
    assert len(tokens) == 2
    assert tokens[0].headers["x-client-id"] == tokens[1].headers["x-client-id"]
    assert fake.calls("credits")[-1].headers["authorization"] == "Bearer nmv_usr_fresh_token_987654321"


async def test_a_refused_anonymous_token_is_not_a_refused_user_token(api, fake):
    await api.call("connect")
    fake.valid_tokens = set()
    fake.next_token = "nmv_usr_fresh_token_987654321"
    await api.call("credits")
    assert api.client.user_token_refused is False  # the toolkit's own anonymous token: same account, renewed


async def test_a_refused_user_token_is_reported(api, fake, caplog):
    client = api.make(token="nmv-user-supplied-but-revoked")  # not among the fake's valid tokens
    assert client.user_token_refused is False
    with caplog.at_level("WARNING", logger="nemo_widgets.protocol"):
        await api.call("connect", client=client)
    assert client.user_token_refused is True  # protocol.md's recovery went on in a new anonymous account
    assert "different account" in caplog.text and "nmv-user-supplied" not in caplog.text
    await api.call("close", client=client)


async def test_1001_twice_raises_auth_error(api, fake):
    await api.call("connect")
    fake.fail("credits", envelope(None, code=1001, status=401), times=2)
    with pytest.raises(errors.AuthError) as info:
        await api.call("credits")
    assert "token" in info.value.user_message
    assert len(fake.calls("credits")) == 2


async def test_1001_with_http_200_envelope(api, fake):
    await api.call("connect")
    fake.fail("credits", envelope(None, code=1001))
    assert (await api.call("credits")).available == 97


async def test_400_on_token_makes_new_client_id_and_retries(api, fake):
    fake.fail("token", httpx.Response(400, json={"code": 400, "msg": "missing X-Client-Id"}))
    await api.call("connect")
    first, second = fake.calls("token")
    assert first.headers["x-client-id"] != second.headers["x-client-id"]


async def test_400_twice_raises_missing_client_id(api, fake):
    fake.fail("token", httpx.Response(400), times=2)
    with pytest.raises(errors.MissingClientId):
        await api.call("connect")


async def test_429_waits_30s_then_retries_once(api, fake, clock):
    await api.call("connect")
    fake.fail("credits", httpx.Response(429))
    assert (await api.call("credits")).available == 97
    assert clock.sleeps == [30.0]


async def test_429_honours_retry_after(api, fake, clock):
    await api.call("connect")
    fake.fail("credits", httpx.Response(429, headers={"Retry-After": "7"}))
    await api.call("credits")
    assert clock.sleeps == [7.0]


async def test_429_twice_raises_rate_limited(api, fake, clock):
    await api.call("connect")
    fake.fail("credits", httpx.Response(429), times=2)
    with pytest.raises(errors.RateLimited):
        await api.call("credits")
    assert clock.sleeps == [30.0]


async def test_1002_raises_session_not_found(api, fake):
    await api.call("connect")
    fake.fail("state", envelope(None, code=1002, status=404, msg="session not found"))
    with pytest.raises(errors.SessionNotFound) as info:
        await api.call("state")
    assert "uploaded" in str(info.value) and "new_session" in str(info.value)
    assert len(fake.calls("state")) == 1  # no retry


async def test_adk_404_session_not_found_on_chat(api, fake):
    await api.call("connect")
    fake.fail("chat", httpx.Response(404, json={"detail": "Session not found: sess_1"}))
    with pytest.raises(errors.SessionNotFound):
        await api.chat("hello")


async def test_2001_no_credits_with_registration_link(api, fake):
    await api.call("connect")
    fake.fail("chat", envelope({"bind_id": "u42"}, code=2001, status=403))
    with pytest.raises(errors.NoCredits) as info:
        await api.chat("add music")
    assert info.value.link == f"{WEB}?bind=u42"
    assert info.value.link in str(info.value)


async def test_2001_without_bind_id_uses_task_id(api, fake):
    await api.call("connect")
    fake.fail("chat", envelope(None, code=2001, status=403))
    with pytest.raises(errors.NoCredits) as info:
        await api.chat("add music")
    assert info.value.link == f"{WEB}?bind=task_1"


async def test_402_plan_limit_on_export(api, fake):
    await api.call("connect")
    fake.fail("export", httpx.Response(402, json={"code": 402, "msg": "free plan"}))
    with pytest.raises(errors.PlanLimit) as info:
        await api.call("export")
    assert "upgrade" in str(info.value).lower()


async def test_500_server_error(api, fake):
    await api.call("connect")
    fake.fail("credits", httpx.Response(500, text="<html>oops</html>"))
    with pytest.raises(errors.ServerError) as info:
        await api.call("credits")
    assert info.value.http_status == 500
    assert "<html>" not in str(info.value)


async def test_unknown_code_is_api_error_with_safe_message(api, fake):
    await api.call("connect")
    fake.fail("credits", envelope(None, code=3007, msg="quota window closed"))
    with pytest.raises(errors.APIError) as info:
        await api.call("credits")
    assert type(info.value) is errors.APIError
    assert info.value.code == 3007
    assert "quota window closed" in str(info.value)
    assert "3007" not in str(info.value)


async def test_connection_error(api, fake):
    fake.fail("token", httpx.ConnectError("refused"))
    with pytest.raises(errors.ConnectionFailed) as info:
        await api.call("connect")
    assert isinstance(info.value, ConnectionError)


async def test_timeout(api, fake):
    fake.fail("token", httpx.ReadTimeout("slow"))
    with pytest.raises(errors.NemoTimeout) as info:
        await api.call("connect")
    assert isinstance(info.value, TimeoutError)


async def test_non_json_success_is_protocol_error(api, fake):
    await api.call("connect")
    fake.fail("credits", httpx.Response(200, text="not json"))
    with pytest.raises(errors.ProtocolError):
        await api.call("credits")


# -- credits and state ---------------------------------------------------------------------


async def test_credits(api):
    credits = await api.call("credits")
    assert credits == Credits(available=97, frozen=3, total=100)


async def test_state_parses_draft_and_media(api):
    state = await api.call("state")
    assert state.draft.summary().startswith("Timeline (3 tracks): 1. Video: city timelapse (0-10s)")
    assert state.video_infos[0].name == "clip.mp4"
    assert state.canvas_config == {"w": 1920}


# -- chat --------------------------------------------------------------------------------


async def test_chat_request_shape(api, fake):
    await api.chat("remove all audio")
    request = fake.calls("chat")[0]
    assert request.headers["accept"] == "text/event-stream"
    assert body_of(request) == {
        "app_name": "nemo_agent", "user_id": "me", "session_id": "sess_1",
        "new_message": {"role": "user", "parts": [{"text": "remove all audio"}]}, "streaming": True,
    }  # fmt: skip


async def test_chat_streamed_text_shown_once(api, fake):
    fake.chat = capture("streamed_text")
    events = await api.chat("go")
    kinds = [e.kind for e in events]
    assert kinds == ["text_chunk", "text_chunk", "text_chunk", "text", "end"]
    final = events[3]
    assert final.replaces
    assert "".join(e.text for e in events[:3]) == final.text


async def test_chat_silent_edit_hides_tool_calls_as_text(api, fake):
    fake.chat = capture("silent_edit")
    events = await api.chat("remove audio")
    assert [e.kind for e in events] == ["tool_call", "tool_result", "end"]
    assert events[0].name == "remove_audio"
    assert events[1].state_delta == {"draft": {"t": [{"tt": 0, "sg": [{"d": 10000}]}], "d": 10000}}


async def test_chat_agent_error_becomes_one_error(api, fake):
    fake.chat = capture("agent_error")
    events = await api.chat("go")
    assert [e.kind for e in events] == ["error", "end"]
    error = events[0].to_error()
    assert isinstance(error, errors.AgentError)
    assert str(error).startswith("The agent ran into a problem: backend exploded.")
    assert error.code == "RuntimeError"


async def test_chat_drop_raises_stream_dropped_and_is_not_resent(api, fake):
    fake.chat = Body([capture("streamed_text")[:300]], error=httpx.RemoteProtocolError("peer closed"))
    with pytest.raises(errors.StreamDropped):
        await api.chat("go")
    assert len(fake.calls("chat")) == 1


async def test_chat_closes_response_when_loop_breaks(api, fake):
    body = Body([capture("streamed_text")])
    fake.chat = body
    if api.kind == "sync":
        with api.client.chat("go") as stream:
            for _event in stream:
                break
    else:
        async with api.client.chat("go") as stream:
            async for _event in stream:
                break
    assert body.closed


async def test_chat_heartbeats_only_for_10_minutes_times_out(api, fake, clock):
    def tick(chunk: bytes) -> None:
        clock.now += 61

    fake.chat = Body([b": ping\n\n"] * 12, on_chunk=tick)
    with pytest.raises(errors.TurnTimeout):
        await api.chat("go")


# -- ask -------------------------------------------------------------------------------


async def test_ask_translates_gui_text(api, fake):
    reply = await api.call("ask", "remove all audio")
    assert reply.text == "Done! I removed the audio track. Run the export to render your silent MP4."
    assert reply.actions == ("export",)
    assert not reply.silent and reply.ok


async def test_ask_streamed_text_not_doubled(api, fake):
    fake.chat = capture("streamed_text")
    seen: list[ChatEvent] = []
    reply = await api.call("ask", "go", on_event=seen.append)
    assert reply.text.count("Done!") == 1
    assert [e.kind for e in seen][-1] == "end"


async def test_ask_silent_edit_reports_state_diff(api, fake):
    fake.chat = capture("silent_edit")
    fake.drafts_after_chat = [{"t": [EXAMPLE_VIDEO_ONLY], "d": 10000}]
    reply = await api.call("ask", "remove all audio from this video")
    assert reply.silent
    assert [c.name for c in reply.tool_calls] == ["remove_audio"]
    assert reply.changes == ("audio track 'BGM' removed", "text track 'Title' removed")
    assert reply.state is not None and not reply.state.draft.has_audio
    assert [fake.route_of(r) for r in fake.requests][-3:] == ["state", "chat", "state"]


async def test_ask_without_the_read_before_the_turn(api, fake):
    fake.chat = capture("silent_edit")
    fake.drafts_after_chat = [{"t": [EXAMPLE_VIDEO_ONLY], "d": 10000}]
    await api.call("connect")
    reply = await api.call("ask", "remove all audio from this video", read_before=False)
    assert [fake.route_of(r) for r in fake.requests][-2:] == ["chat", "state"]  # the silent turn's read only
    assert len(fake.calls("state")) == 1
    assert reply.state is not None and not reply.state.draft.has_audio


async def test_ask_agent_error_in_reply_errors(api, fake):
    fake.chat = capture("agent_error")
    reply = await api.call("ask", "go")
    assert not reply.ok
    assert isinstance(reply.error, errors.AgentError)
    assert len(reply.errors) == 1


async def test_ask_drop_recovers_by_polling_state(api, fake, clock):
    fake.chat = Body([capture("streamed_text")[:300]], error=httpx.ReadError("reset"))
    fake.drafts_after_chat = [{"t": [EXAMPLE_VIDEO_ONLY], "d": 10000}]
    reply = await api.call("ask", "remove all audio")
    assert isinstance(reply.error, errors.StreamDropped)
    assert "audio track 'BGM' removed" in reply.changes
    assert clock.sleeps == [30.0]
    assert len(fake.calls("chat")) == 1


async def test_ask_drop_gives_up_after_five_unchanged_polls(api, fake, clock):
    fake.chat = Body([], error=httpx.ReadError("reset"))
    reply = await api.call("ask", "remove all audio")
    assert clock.sleeps == [30.0, 60.0, 60.0, 60.0, 60.0]
    assert len(fake.calls("state")) == 1 + 5
    assert reply.changes == () and isinstance(reply.error, errors.StreamDropped)
    assert len(fake.calls("chat")) == 1


async def test_ask_still_working_every_two_minutes(api, fake, clock):
    def tick(chunk: bytes) -> None:
        clock.now += 30

    fake.chat = Body([b": ping\n\n"] * 10 + [capture("plain_text")], on_chunk=tick)
    notices: list[float] = []
    reply = await api.call("ask", "go", on_still_working=notices.append)
    assert notices == [120.0, 240.0]
    assert reply.text.startswith("Done!")


async def test_ask_huge_line_is_a_protocol_error_then_recovery(api, fake, clock, monkeypatch):
    from nemo_widgets.protocol import _sse

    monkeypatch.setattr(_sse, "DEFAULT_MAX_LINE_SIZE", 1000)
    monkeypatch.setattr(_sse.SSEDecoder.__init__, "__defaults__", (1000,))
    fake.chat = Body([b"data: " + b"x" * 5000])
    reply = await api.call("ask", "go")
    assert isinstance(reply.error, errors.ProtocolError)
    assert len(fake.calls("chat")) == 1
    assert clock.sleeps[0] == 30.0


async def test_ask_turn_timeout_is_reported(api, fake, clock):
    def tick(chunk: bytes) -> None:
        clock.now += 100

    fake.chat = Body([b"data:\n\n"] * 8, on_chunk=tick)
    reply = await api.call("ask", "go")
    assert isinstance(reply.error, errors.TurnTimeout)


# -- upload ------------------------------------------------------------------------------


async def test_upload_several_files(api, fake, tmp_path):
    paths = []
    for name in ("a.mp4", "b.MOV", "c.jpeg"):
        path = tmp_path / name
        path.write_bytes(b"x" * 1000)
        paths.append(path)
    media = await api.call("upload", paths)
    assert [m.name for m in media] == ["a.mp4", "b.MOV", "c.jpeg"]
    request = fake.calls("upload")[0]
    assert request.url.path == "/api/upload-video/nemo_agent/me/sess_1"
    assert request.content.count(b'name="files"') == 3


async def test_upload_checks_type_before_sending(api, fake, tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("hi")
    with pytest.raises(errors.UnsupportedFile) as info:
        await api.call("upload", path)
    assert "mp4" in str(info.value) and "'notes.txt'" in str(info.value)
    assert fake.requests == []


async def test_upload_checks_size_before_sending(api, fake, tmp_path):
    path = tmp_path / "huge.mp4"
    with open(path, "wb") as handle:
        handle.truncate(500 * 1024 * 1024 + 1)  # sparse: nothing written
    with pytest.raises(errors.FileTooLarge) as info:
        await api.call("upload", path)
    assert "500 MB" in str(info.value) and "ompress" in str(info.value)
    assert fake.requests == []


async def test_upload_server_4001_and_4002(api, fake, tmp_path):
    path = tmp_path / "clip.mp4"
    path.write_bytes(b"x")
    fake.fail("upload", envelope(None, code=4001, status=415))
    with pytest.raises(errors.UnsupportedFile):
        await api.call("upload", path)
    fake.fail("upload", envelope(None, code=4002, status=413))
    with pytest.raises(errors.FileTooLarge) as info:
        await api.call("upload", path)
    assert "'clip.mp4'" in str(info.value)


async def test_upload_bytes(api, fake):
    progress = []
    media = await api.call("upload_bytes", b"y" * 5000, "voice.mp3", progress=lambda d, t: progress.append((d, t)))
    assert media[0].name == "voice.mp3"
    assert progress[-1] == (5000, 5000)


async def test_upload_bytes_unsupported(api, fake):
    with pytest.raises(errors.UnsupportedFile):
        await api.call("upload_bytes", b"y", "evil.exe")
    assert fake.requests == []


async def test_upload_url(api, fake):
    media = await api.call("upload_url", "https://example.com/v/clip.mp4")
    assert media[0].name == "clip.mp4"
    assert body_of(fake.calls("upload")[0]) == {"urls": ["https://example.com/v/clip.mp4"], "source_type": "url"}


async def test_upload_retried_after_1001_resends_whole_file(api, fake, tmp_path):
    path = tmp_path / "clip.mp4"
    path.write_bytes(b"z" * 200_000)
    await api.call("connect")
    fake.fail("upload", envelope(None, code=1001, status=401))
    progress = []
    await api.call("upload", path, progress=lambda d, t: progress.append(d))
    first, second = fake.calls("upload")
    assert len(second.content) == len(first.content) > 200_000
    assert progress[-1] == 200_000


# -- export ------------------------------------------------------------------------------


async def test_export_body(api, fake):
    job = await api.call("export", format="mp4", quality="high")
    assert isinstance(job, RenderJob)
    assert job.id.startswith("render_") and job.id[7:].isdigit()
    body = body_of(fake.calls("export")[0])
    assert body == {"id": job.id, "sessionId": "sess_1", "draft": fake.draft,
                    "output": {"format": "mp4", "quality": "high"}}  # fmt: skip


async def test_export_nothing_to_export(api, fake):
    fake.draft = {"t": [{"tt": 0, "sg": []}]}
    with pytest.raises(errors.NothingToExport):
        await api.call("export")
    assert fake.calls("export") == []


async def test_export_given_empty_draft(api, fake):
    with pytest.raises(errors.NothingToExport):
        await api.call("export", draft={"t": []})
    assert fake.calls("export") == []


async def test_export_given_draft_and_formats(api, fake):
    job = await api.call("export", format="MP3", draft=fake.draft)
    assert (job.format, job.quality) == ("mp3", "192k")
    assert body_of(fake.calls("export")[0])["output"] == {"format": "mp3", "quality": "192k"}
    assert fake.calls("state") == []


async def test_export_of_the_sessions_own_draft_reads_no_state(api, fake):
    job = await api.call("export", format="mp4", session_draft=True)
    assert body_of(fake.calls("export")[0])["draft"] == {} and job.format == "mp4"
    assert fake.calls("state") == []


async def test_claim_link_without_claim_token(api, fake):
    fake.fail("claim", envelope({}))
    with pytest.raises(errors.NemoError, match="claim link"):
        await api.call("claim_link")


async def test_poll_render_status(api, fake):
    job = await api.call("export")
    status = await api.call("poll_render", job)
    assert (status.status, status.progress) == ("processing", 50)
    status = await api.call("poll_render", job.id)
    assert status.done and status.url == f"{BASE}/files/{job.id}.mp4"


async def test_wait_for_render_reports_progress(api, fake, clock):
    job = await api.call("export")
    seen: list[RenderStatus] = []
    result = await api.call("wait_for_render", job, progress=seen.append)
    assert [s.status for s in seen] == ["processing", "completed"]
    assert result.url == f"{BASE}/files/{job.id}.mp4"
    assert result.fallback_url == f"{BASE}/api/render/proxy/{job.id}/download"
    assert clock.sleeps[0] == 5.0  # the adaptive schedule's first poll


async def test_long_poll_held_at_the_server_when_it_is_offered(api, fake, clock):
    fake.long_poll, fake.hold_clock = "20", clock
    fake.render_script = [
        [{"status": "processing", "progress": p} for p in (10, 40, 80)]
        + [{"status": "completed", "progress": 100, "output": {"url": f"{BASE}/files/x.mp4"}}]
    ]
    job = await api.call("export")
    result = await api.call("wait_for_render", job)
    polls = fake.calls("poll")
    assert result.url == f"{BASE}/files/x.mp4" and len(polls) == 4
    waits = [float(p.url.params["wait"]) for p in polls]
    assert waits[0] == 5.0 and all(0 < w <= 20 for w in waits)  # the schedule's delays, capped by the offer
    assert clock.sleeps == []  # no sleeping on the client side: the server held each answer
    assert polls[0].extensions["timeout"]["read"] == 35.0  # the hold plus the usual 30 s


async def test_without_the_offer_polls_are_plain_looks(api, fake, clock):
    job = await api.call("export")
    await api.call("wait_for_render", job)
    assert all("wait" not in p.url.params for p in fake.calls("poll"))
    assert clock.sleeps  # slept between looks, as against the cloud


async def test_a_server_that_offers_but_does_not_hold_is_not_busy_polled(api, fake, clock):
    fake.long_poll = "20"  # announced, but every answer comes back at once
    fake.render_script = [[{"status": "processing", "progress": 1}] * 3 + [{"status": "completed", "progress": 100}]]
    job = await api.call("export")
    await api.call("wait_for_render", job, schedule=FixedSchedule(2, 10))
    assert clock.sleeps == [2.0, 2.0, 2.0]  # the rest of each hold, slept by the client


@pytest.mark.parametrize("offer", ["abc", "-1", "nan", "0", ""])
async def test_a_bad_long_poll_offer_is_ignored(api, fake, clock, offer):
    fake.long_poll = offer
    job = await api.call("export")
    await api.call("wait_for_render", job)
    assert all("wait" not in p.url.params for p in fake.calls("poll"))


async def test_wait_for_render_retries_failed_once_with_new_id(api, fake):
    fake.render_script = [[{"status": "failed", "error": "gpu lost"}]]
    job = await api.call("export")
    result = await api.call("wait_for_render", job, schedule=FixedSchedule(1, 5))
    first, second = (body_of(r)["id"] for r in fake.calls("export"))
    assert first == job.id != second == result.job.id
    assert body_of(fake.calls("export")[1])["draft"] == fake.draft


async def test_wait_for_render_failed_twice_raises(api, fake):
    fake.render_script = [[{"status": "failed", "error": "gpu lost"}], [{"status": "failed"}]]
    job = await api.call("export")
    with pytest.raises(errors.RenderFailed):
        await api.call("wait_for_render", job, schedule=FixedSchedule(1, 5))
    assert len(fake.calls("export")) == 2


async def test_a_deterministic_render_failure_is_not_resubmitted(api, fake):
    reason = "There is no sound to export as MP3: the clip has no audio track. Export the video as MP4."
    fake.render_script = [[{"status": "failed", "error": reason, "retryable": False, "error_code": "no_audio"}]]
    job = await api.call("export")
    with pytest.raises(errors.RenderFailed) as info:
        await api.call("wait_for_render", job, schedule=FixedSchedule(1, 5))
    assert len(fake.calls("export")) == 1 and not info.value.retryable
    assert str(info.value) == reason  # the server's sentence as it is: no "try again in a minute"


async def test_wait_for_render_gives_up_with_resume_hint(api, fake):
    fake.render_script = [[{"status": "processing", "progress": 1}]]
    job = await api.call("export")
    with pytest.raises(errors.NemoTimeout) as info:
        await api.call("wait_for_render", job, schedule=FixedSchedule(30, 3))
    assert f"resume_render('{job.id}')" in str(info.value)
    assert len(fake.calls("poll")) == 3


async def test_wait_for_render_tolerates_a_failed_poll(api, fake):
    job = await api.call("export")
    fake.fail("poll", httpx.Response(502))
    result = await api.call("wait_for_render", job)
    assert result.job.id == job.id


async def test_resume_render_by_id(api, fake):
    job = await api.call("export")
    other = api.make(token=TOKEN, session_id="sess_1")
    result = await api.call("resume_render", job.id, client=other)
    assert result.url.endswith(f"{job.id}.mp4")
    await api.call("close", client=other)


async def test_resumed_failed_render_resubmits_current_draft(api, fake):
    fake.render_script = [[{"status": "failed"}]]
    job = await api.call("export")
    result = await api.call("resume_render", job.id, schedule=FixedSchedule(1, 3))
    assert result.job.id != job.id
    assert body_of(fake.calls("export")[-1])["draft"] == fake.draft


async def test_download_streams_to_file_and_directory(api, fake, tmp_path):
    job = await api.call("export")
    result = await api.call("wait_for_render", job)
    seen = []
    path = await api.call("download", result, tmp_path / "out.mp4", progress=lambda d, t: seen.append((d, t)))
    assert path.read_bytes() == fake.files[job.id]
    assert seen[-1] == (len(fake.files[job.id]),) * 2
    path = await api.call("download", result, tmp_path)
    assert path == tmp_path / f"{job.id}.mp4" and path.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".download-")]


async def test_download_falls_back_to_api_url(api, fake, tmp_path):
    job = await api.call("export")
    result = await api.call("wait_for_render", job)
    fake.fail("file", httpx.Response(403, text="expired"))
    path = await api.call("download", result, tmp_path / "out.mp4")
    assert path.read_bytes() == fake.files[job.id]
    assert fake.calls("fallback")[0].headers["authorization"] == f"Bearer {TOKEN}"


async def test_download_sends_no_token_to_other_hosts(api, fake, tmp_path):
    fake.render_script = [[{"status": "completed", "output": {"url": "https://cdn.test/files/x.mp4"}}]]
    job = await api.call("export")
    result = await api.call("wait_for_render", job)
    fake.files["x"] = b"cdn bytes"
    await api.call("download", result, tmp_path / "x.mp4")
    cdn = next(r for r in fake.requests if r.url.host == "cdn.test")
    assert not {"authorization", "x-client-id", "x-skill-source"} & set(cdn.headers)


async def test_download_fails_cleanly(api, fake, tmp_path):
    job = await api.call("export")
    result = await api.call("wait_for_render", job)
    fake.fail("file", httpx.Response(500))
    fake.fail("fallback", httpx.ConnectError("down"))
    with pytest.raises(errors.DownloadFailed):
        await api.call("download", result, tmp_path / "out" / "out.mp4")
    assert list((tmp_path / "out").iterdir()) == []


EXAMPLE_VIDEO_ONLY = {"tt": 0, "sg": [{"s": 0, "d": 10000, "m": {"name": "city timelapse", "src": "m1", "in": 0}}]}


@pytest.mark.parametrize("text", ["", "   ", "\n\t "])
async def test_ask_an_empty_message_is_refused_before_anything_is_sent(api, fake, text):
    with pytest.raises(errors.EmptyMessage) as caught:
        await api.call("ask", text)
    assert "the message is empty" in caught.value.user_message
    assert "400" not in str(caught.value)
    assert fake.calls("chat") == [] and fake.calls("state") == []

"""The cloud as it really answers: multi-part replies, every documented poll shape, cancel, the upload fields.

Each wire case runs through the sync and the async client (the ``api`` fixture).
"""

from __future__ import annotations

import asyncio
import inspect
import json
from typing import Any

import httpx
import pytest
from nemo_widgets.protocol import errors
from nemo_widgets.protocol.models import MediaInfo, RenderStatus
from nemo_widgets.protocol.schedule import FixedSchedule

from .conftest import BASE, Body, envelope

ONE_POLL = FixedSchedule(1, 5)


def sse(*frames: dict) -> bytes:
    return b"".join(b"data: " + json.dumps(f).encode() + b"\n\n" for f in frames)


def model_frame(parts: list[dict], **extra: object) -> dict:
    return {"content": {"parts": parts, "role": "model"}, "author": "nemo_agent", "id": "ev-1", **extra}


MULTI: list[dict[str, Any]] = [
    {"text": "Thinking about the music.", "thought": True},
    {"text": "First part. "},
    {"text": "Second part."},
]

# -- several text parts in one event ----------------------------------------------------


async def test_ask_keeps_every_part_of_a_multi_part_reply(api, fake):
    fake.chat = sse(model_frame(MULTI))
    reply = await api.call("ask", "add music")
    assert reply.text == "First part. Second part." and "Thinking" not in reply.text


async def test_streamed_multi_part_reply_is_replaced_by_its_whole_final(api, fake):
    fake.chat = Body([sse(model_frame([{"text": "First part. "}], partial=True)),
                      sse(model_frame([{"text": "Second part."}], partial=True)),
                      sse(model_frame(MULTI, partial=False, turnComplete=True))])  # fmt: skip
    shown: list = []
    reply = await api.call("ask", "add music", on_event=shown.append)
    assert [e.kind for e in shown] == ["text_chunk", "text_chunk", "text", "end"]
    assert shown[2].replaces and reply.text == "First part. Second part."


# -- the three documented render poll shapes --------------------------------------------

URL = f"{BASE}/files/shape.mp4"


def shape(kind: str, status: str, progress: int, **more: object) -> dict:
    """A poll answer in one of the three documented shapes (the fake adds the top-level ``id``)."""
    if kind == "current":
        return {"status": status, "progress": progress, "output": {"url": URL} if status == "completed" else {}, **more}
    if kind == "envelope":
        data = {"status": status, "progress": progress, "createdAt": "2026-12-01T10:00:00Z", **more}
        if status == "completed":
            data.update(outputUrl=URL, completedAt="2026-12-01T10:00:40Z")
        return {"success": True, "data": data}
    output: dict[str, object] | None = {"url": URL, "duration": 10.0, "size": 123456} if status == "completed" else None
    return {"taskId": "task-9", "status": status, "progress": progress, "output": output, "error": None, **more}


@pytest.mark.parametrize("kind", ["current", "envelope", "task"])
async def test_every_poll_shape_gives_progress_and_the_url(api, fake, kind):
    fake.render_script = [[shape(kind, "processing", 40), shape(kind, "completed", 100)]]
    fake.files["shape"] = b"RENDERED"
    job = await api.call("export")
    seen: list[RenderStatus] = []
    result = await api.call("wait_for_render", job, progress=seen.append, schedule=ONE_POLL)
    assert [(s.status, s.progress) for s in seen] == [("processing", 40), ("completed", 100)]
    assert result.url == URL  # not the fallback download
    if kind == "task":
        assert (result.status.duration_s, result.status.size) == (10.0, 123456)
        assert RenderStatus.from_data(shape(kind, "completed", 100)).job_id == "task-9"  # no "id" of its own
    if kind == "envelope":
        assert result.status.created_at == "2026-12-01T10:00:00Z"
        assert result.status.completed_at == "2026-12-01T10:00:40Z"


@pytest.mark.parametrize(
    ("answer", "text"),
    [
        ({"status": "failed", "errorMessage": "GPU node lost"}, "GPU node lost"),
        ({"status": "failed", "error": "codec not supported"}, "codec not supported"),
        ({"status": "failed", "error": {"code": "E42", "message": "draft has no clips"}}, "draft has no clips"),
        ({"success": True, "data": {"status": "FAILED", "errorMessage": "render timed out"}}, "render timed out"),
        ({"success": False, "message": "render quota exceeded"}, "render quota exceeded"),
        ({"taskId": "t", "status": "failed", "output": None, "error": {"message": "out of memory"}}, "out of memory"),
    ],
)  # fmt: skip
async def test_the_servers_error_reaches_the_user_as_a_sentence(api, fake, answer, text):
    fake.render_script = [[answer], [answer]]  # fails, and fails again after the one retry
    job = await api.call("export")
    with pytest.raises(errors.RenderFailed) as caught:
        await api.call("wait_for_render", job, schedule=ONE_POLL)
    message = caught.value.user_message
    assert message == f"The export failed on the server: {text}." and "{" not in message


def test_status_words_and_odd_values():
    assert RenderStatus.from_data({"status": "SUCCEEDED"}).done
    assert RenderStatus.from_data({"status": "canceled"}).cancelled
    assert RenderStatus.from_data({}).status == "pending"
    odd = RenderStatus.from_data({"status": "processing", "progress": "250", "output": "https://cdn.test/x.mp4"})
    assert (odd.progress, odd.url) == (100.0, "https://cdn.test/x.mp4")
    ok = RenderStatus.from_data({"status": "completed", "message": "ok", "output": {"url": "/f.mp4", "size": -1}})
    assert ok.error is None and ok.size is None  # "message" is only an error on a failure
    assert RenderStatus.from_data({"code": 0, "data": {"status": "completed", "outputUrl": "/o.mp4"}}).url == "/o.mp4"


@pytest.mark.parametrize(
    ("given", "percent"),
    [(45, 45.0), ("45", 45.0), ("45%", 45.0), (" 7.5 % ", 7.5), (0.45, 45.0), ("0.5", 50.0), (1, 1.0),
     (0, 0.0), (100, 100.0), ("half", None), (True, None)],
)  # fmt: skip
def test_progress_in_percent_from_every_spelling(given, percent):
    assert RenderStatus.from_data({"status": "processing", "progress": given}).progress == percent


# -- cancel ------------------------------------------------------------------------------


async def test_cancel_render_posts_the_cancel_and_the_poll_loop_stops(api, fake):
    fake.render_script = [[{"status": "processing", "progress": 40}]]
    job = await api.call("export")
    status = await api.call("cancel_render", job)
    assert status.cancelled and status.progress == 40
    (call,) = fake.calls("cancel")
    assert call.url.path == f"/api/render/proxy/lambda/{job.id}/cancel"
    assert call.headers["authorization"].startswith("Bearer ") and call.headers["x-skill-source"]
    with pytest.raises(errors.RenderCancelled) as caught:
        await api.call("wait_for_render", job, schedule=ONE_POLL)
    assert caught.value.user_message == "Export cancelled." and len(fake.calls("export")) == 1  # never resubmitted


async def test_a_cloud_without_cancel_is_tolerated(api, fake):
    fake.cancel_supported = False
    job = await api.call("export")
    assert await api.call("cancel_render", job) is None
    assert await api.call("cancel_render", "render_unknown") is None


async def test_a_cancel_answer_without_a_status_means_cancelled(api, fake):
    job = await api.call("export")
    fake.fail("cancel", httpx.Response(200, json={"code": 0, "data": None}))
    status = await api.call("cancel_render", job.id)
    assert status.cancelled and status.job_id == job.id


async def test_a_cancel_refused_for_another_reason_raises(api, fake):
    job = await api.call("export")
    fake.fail("cancel", httpx.Response(500, json={"code": 500, "msg": "boom"}))
    with pytest.raises(errors.ServerError):
        await api.call("cancel_render", job)


# -- the upload answer's documented fields -----------------------------------------------


async def test_upload_keeps_file_type_cdn_url_fps_and_hash(api, fake):
    files = [
        {
            "id": "m1",
            "name": "clip.mp4",
            "duration": 12.5,
            "size": 2048,
            "file_type": "video",
            "cdn_url": "https://cdn.test/m1.mp4",
            "fps": "30000/1001",
            "hash": "9f86d081",
        },
        {"id": "m2", "name": "song.mp3", "fileType": "audio", "cdnUrl": "https://cdn.test/m2.mp3", "fps": 0},
    ]
    fake.fail("upload", envelope({"files": files}))
    first, second = await api.call("upload_bytes", b"x" * 2048, "clip.mp4")
    assert (first.file_type, first.cdn_url, first.fps, first.hash) == ("video", "https://cdn.test/m1.mp4", 29.97,
                                                                       "9f86d081")  # fmt: skip
    assert (first.duration_s, first.size, first.url) == (12.5, 2048, "https://cdn.test/m1.mp4")
    assert (second.file_type, second.cdn_url, second.fps, second.hash) == ("audio", "https://cdn.test/m2.mp3", None,
                                                                           None)  # fmt: skip


def test_media_fields_tolerate_garbage():
    info = MediaInfo.from_data({"fps": "fast", "hash": ["x"], "file_type": True, "cdn_url": 5})
    assert (info.fps, info.hash, info.file_type) == (None, None, None)
    assert MediaInfo.from_data({"frame_rate": 25}).fps == 25.0


# -- cancelling a chat turn ---------------------------------------------------------------


class HangingBody(Body):
    """A chat stream that sends one chunk, then keeps the connection open with nothing more."""

    async def __aiter__(self):
        for chunk in self.chunks:
            yield chunk
        await asyncio.Event().wait()


async def test_cancelling_a_turn_closes_its_stream_and_never_resends(fake, clock, _private_home):
    from .conftest import Runner

    runner = Runner("async", fake, clock, _private_home)
    body = HangingBody([sse(model_frame([{"text": "Working on "}], partial=True))])
    fake.chat = body
    seen: list = []
    asking = runner.client.ask("remove all audio", on_event=seen.append)
    assert inspect.isawaitable(asking)  # the async client
    turn = asyncio.ensure_future(asking)
    while not seen:
        await asyncio.sleep(0.01)
    turn.cancel()
    with pytest.raises(asyncio.CancelledError):
        await turn
    assert body.closed  # the response was closed, not left hanging
    assert len(fake.calls("chat")) == 1 and len(fake.calls("state")) == 1  # not re-sent; no recovery polls
    await runner.close()

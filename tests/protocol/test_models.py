"""The wire models, parsed tolerantly."""

from __future__ import annotations

import json

import pytest
from nemo_widgets.protocol.errors import AgentError
from nemo_widgets.protocol.models import (
    Credits,
    MediaInfo,
    RenderJob,
    RenderResult,
    RenderStatus,
    Reply,
    SessionInfo,
    SessionState,
)

from .conftest import EXAMPLE_DRAFT


def test_credits():
    assert Credits.from_data({"available": 97, "frozen": 3, "total": 100}) == Credits(97, 3, 100)
    assert Credits.from_data({"available": "5"}) == Credits(5, 0, 5)
    assert Credits.from_data(None) == Credits(0, 0, 0)
    assert str(Credits(97, 3, 100)) == "97 credits available (3 held by running work)"
    assert str(Credits(10, 0, 10)) == "10 credits available"


def test_session_info():
    info = SessionInfo.from_data({"task_id": 5, "session_id": "s"})
    assert (info.session_id, info.task_id, info.resumed) == ("s", "5", False)
    assert SessionInfo.from_data({"sessionId": "s2"}).session_id == "s2"
    assert SessionInfo.from_data([]).session_id == ""


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"id": "m1", "name": "a.mp4", "duration": 12.5, "has_video": True, "has_audio": False, "width": 640,
          "height": 360}, ("m1", "a.mp4", 12.5, True, False, 640, 360)),
        ({"media_id": 7, "filename": "b.mov", "duration_ms": 2500}, ("7", "b.mov", 2.5, None, None, None, None)),
        ({"file_name": "c.mp3", "hasAudio": True}, (None, "c.mp3", None, None, True, None, None)),
        ({"name": "d.png", "w": 10, "h": 20}, (None, "d.png", None, True, None, 10, 20)),
        ({}, (None, None, None, None, None, None, None)),
    ],
)  # fmt: skip
def test_media_info(data, expected):
    media = MediaInfo.from_data(data)
    got = (media.id, media.name, media.duration_s, media.has_video, media.has_audio, media.width, media.height)
    assert got == expected


def test_media_list_shapes():
    item = {"id": "x", "name": "a.mp4"}
    for shape in ([item], {"files": [item]}, {"video_infos": [item]}, {"items": [item]}, item, {"x": item}):
        media = MediaInfo.list_from(shape)
        assert len(media) == 1
    assert MediaInfo.list_from("nope") == ()
    assert MediaInfo.list_from(None) == ()


def test_session_state_tolerates_shapes():
    data = {"state": {"draft": json.dumps(EXAMPLE_DRAFT), "video_infos": {"m1": {"name": "clip.mp4"}},
                      "generated_media": [{"url": "x"}]}}  # fmt: skip
    state = SessionState.from_data(data)
    assert state.draft.ready_for_export
    assert state.video_infos[0].name == "clip.mp4"
    assert state.generated_media == ({"url": "x"},)
    empty = SessionState.from_data({"state": None})
    assert not empty.draft.ready_for_export and empty.video_infos == ()
    assert SessionState.from_data({"draft": EXAMPLE_DRAFT}).draft.ready_for_export  # state not nested


@pytest.mark.parametrize(
    ("data", "status", "progress", "url"),
    [
        ({"status": "pending"}, "pending", None, None),
        ({"status": "processing", "progress": 42}, "processing", 42, None),
        ({"status": "completed", "output": {"url": "https://x/y.mp4"}}, "completed", None, "https://x/y.mp4"),
        ({"status": "SUCCESS", "url": "u", "progress": "100"}, "completed", 100, "u"),
        ({"status": "running", "progress": 140}, "processing", 100, None),
        ({"code": 0, "data": {"status": "failed", "error": "gpu"}}, "failed", None, None),
        ({}, "pending", None, None),
        (None, "pending", None, None),
    ],
)
def test_render_status(data, status, progress, url):
    parsed = RenderStatus.from_data(data)
    assert (parsed.status, parsed.progress, parsed.url) == (status, progress, url)
    assert parsed.finished == (status in ("completed", "failed"))


def test_render_status_error_and_format():
    parsed = RenderStatus.from_data({"status": "failed", "error": "gpu lost", "output": {"format": "mp3"}})
    assert parsed.failed and parsed.error == "gpu lost" and parsed.format == "mp3"


def test_render_result_filename_and_job_repr_hides_draft():
    job = RenderJob("render_1", "s", "mp3", "192k", 0.0, draft={"t": [1, 2, 3]})
    assert "draft" not in repr(job)
    assert RenderResult(job, None, "f", "mp3").filename == "render_1.mp3"


def test_reply_str():
    assert str(Reply(text="Hi")) == "Hi"
    assert str(Reply(silent=True, changes=("audio muted",))) == "Changes: audio muted."
    assert str(Reply(silent=True)) == "Done (no visible change on the timeline)."
    error = AgentError("boom")
    reply = Reply(errors=(error,))
    assert not reply.ok and reply.error is error and str(reply).startswith("The agent ran into a problem")

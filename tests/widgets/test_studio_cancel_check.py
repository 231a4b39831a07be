"""The Studio's Cancel during an export (cancelled at the engine, not resumed by the next Studio) and the
one-click fix of a result that is not as promised. A real engine over HTTP, real ffmpeg."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from widget_kit import wait_for

from helpers_media import probe

pytestmark = pytest.mark.timeout(120)


async def test_cancel_stops_the_export_and_the_next_studio_does_not_resume_it(make_studio: Any, engine: Any,
                                                                              sample_clip: Path) -> None:  # fmt: skip
    studio = make_studio("background")
    await wait_for(lambda: studio.status.message == "Ready!")
    studio.upload(sample_clip)
    engine.inject("slow-render:30")
    studio.exporter.button.click()
    await wait_for(lambda: studio.session.render_job and not studio.exporter.cancel_button.disabled,
                   what="the render to run")  # fmt: skip
    job = studio.session.render_job
    studio.exporter.cancel_button.click()
    await wait_for(lambda: studio.status.message.startswith("Export cancelled."), what="the cancel")
    await wait_for(lambda: not studio.runner.busy, what="the work to stop")
    assert engine.app.state.engine.store.job(job.id).status == "cancelled"
    assert studio.http.count(f"/api/render/proxy/lambda/{job.id}/cancel") == 1
    assert studio.exporter.message.value == "Export cancelled" and studio.exporter.player.player is None
    assert ("note", "Export cancelled.") in studio.chat.messages
    assert studio.exporter.cancel_button.disabled and not studio.exporter.button.disabled
    assert studio.session.book.pending(studio.session.api_url) is None

    after = make_studio("foreground")  # the next Studio (e.g. after a kernel restart) on the same folder
    assert after.status.message == "Ready!"
    assert not [p for p in after.http.paths() if p.startswith("/api/render/proxy/lambda/")]  # nothing resumed


def test_a_video_that_is_not_silent_is_said_and_fixed_in_one_click(make_studio: Any, sample_clip: Path) -> None:
    studio = make_studio("foreground")
    studio.upload(sample_clip)
    kept = studio.export()  # the clip's sound was never removed
    assert kept is not None and kept.check.ok is False
    assert studio.status.level == "warn" and studio.status.message.startswith("The exported video is not silent")
    assert "not silent" in studio.exporter.problem.value
    assert studio.exporter.fix_button.layout.display != "none"
    assert studio.exporter.fix_button.description == "Remove the audio and export again"
    assert studio.exporter.player.player is not None  # the file is shown and kept anyway

    studio.exporter.fix_button.click()  # foreground: the click runs the fix to the end

    assert studio.status.message.startswith("Video ready!"), studio.status.message
    assert studio.exporter.problem.value == "" and studio.exporter.fix_button.layout.display == "none"
    fixed = studio.session.last_outcome
    assert fixed.path != kept.path and kept.path.exists() and probe(fixed.path)["audio"] == 0
    assert studio.http.chats == 1  # one message to the agent: "remove all audio from this video"

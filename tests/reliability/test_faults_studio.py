"""The fault matrix for the Studio: what the user sees on the status line, and what is kept.

A real :class:`Studio` (foreground mode: each action blocks until done, as in
a script or on Colab) over a :class:`StudioSession` and an
:class:`AsyncNemoClient` whose transport is a :class:`Tap`, against a real
engine. For each fault the status line must hold a sentence and a next step
(never a traceback, a token, raw JSON or a bare code), and the uploads, the
draft, the pending render and the one-request-per-message rule must hold.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from nemo_widgets.core.factory import open_session
from nemo_widgets.core.jobs import JobBook
from nemo_widgets.core.session import Handled
from nemo_widgets.local import EngineSettings, LocalEngine
from nemo_widgets.protocol.models import Reply, SessionState
from nemo_widgets.protocol.schedule import FixedSchedule
from nemo_widgets.widgets.studio import Studio

from helpers_media import probe

from ._support import WEB, RequestLog, Sleeps, StartEngines, Tap, record_fault

EDIT = "remove all audio from this video"
FAST_POLLS = FixedSchedule(interval=0.05, max_polls=5000)

pytestmark = pytest.mark.timeout(120)

MakeStudio = Callable[..., Studio]


@pytest.fixture
def make_studio(tmp_path: Path) -> Iterator[MakeStudio]:
    """Studios on a given engine, with a tap, recorded sleeps, their own book and output folder."""
    made: list[Studio] = []

    def make(engine: LocalEngine, *, tap: Tap | None = None, sleeps: Sleeps | None = None, **options: Any) -> Studio:
        tap = tap if tap is not None else Tap()
        sleeps = sleeps if sleeps is not None else Sleeps()
        options.setdefault("poll_schedule", FAST_POLLS)
        session = open_session(
            base_url=engine.url, web_url=WEB, output_dir=tmp_path / "exports", book=JobBook(tmp_path / "book.json"),
            transport=tap.asynchronous(), sleep=sleeps.asynchronous, **options,
        )  # fmt: skip
        studio = Studio(session, mode="foreground")
        studio.tap, studio.sleeps = tap, sleeps
        made.append(studio)
        return studio

    yield make
    for studio in made:
        studio.close()


def status(studio: Studio) -> tuple[str, str]:
    return studio.status.level, studio.status.message


def assert_error_shown(studio: Studio, *phrases: str) -> str:
    """The status line shows an error: a sentence, then a next step, holding ``phrases``."""
    level, text = status(studio)
    assert level == "error", text
    assert studio.last_error == text
    sentences = [s for s in text.replace("!", ".").split(". ") if s.strip()]
    assert len(sentences) >= 2, f"a sentence and a next step: {text!r}"
    assert "{" not in text and "Traceback" not in text and not text.strip().isdigit()
    for phrase in phrases:
        assert phrase in text, f"{phrase!r} not in {text!r}"
    return text


def ready(studio: Studio, clip: Path) -> Any:
    assert status(studio) == ("ok", "Ready!")
    assert studio.upload(clip)
    return studio.session.state


def media_names(studio: Studio) -> list[str | None]:
    return [m.name for m in studio.session.media]


def reply_of(handled: Handled) -> Reply:
    """What ``send`` gave, as the agent's reply (an edit is never routed elsewhere)."""
    assert isinstance(handled, Reply), handled
    return handled


def state_of(studio: Studio) -> SessionState:
    state = studio.session.state
    assert state is not None, "no state read yet"
    return state


def refreshed(studio: Studio) -> SessionState:
    state = studio.refresh()
    assert state is not None, studio.status.message
    return state


def token_of(studio: Studio) -> str:
    token = studio.session.client.token
    assert token is not None
    return token.get()


# -- recovered silently --------------------------------------------------------------------


def test_1001_and_400_recovered(
    make_studio: MakeStudio, engine: LocalEngine, requests_seen: RequestLog, clip: Path
) -> None:
    engine.inject("400")
    studio = make_studio(engine)
    ready(studio, clip)
    engine.inject("1001")
    reply = reply_of(studio.send(EDIT))
    assert reply.ok
    level, text = status(studio)
    assert level == "ok" and text.startswith("Done.")
    assert requests_seen.chat_turns() == 1
    assert requests_seen.count("POST", "/api/auth/anonymous-token", status=400) == 1
    assert requests_seen.count("POST", "/api/auth/anonymous-token", status=200) == 2
    assert not state_of(studio).draft.has_audio and media_names(studio) == ["clip.mp4"]
    record_fault("1001", "studio")
    record_fault("400", "studio")


def test_429_waits_and_goes_on_then_says_wait(
    make_studio: MakeStudio, engine: LocalEngine, requests_seen: RequestLog, clip: Path
) -> None:
    studio = make_studio(engine)
    ready(studio, clip)
    studio.tap.arm("429", "POST", "/run_sse")
    assert reply_of(studio.send(EDIT)).ok
    assert status(studio)[0] == "ok" and 30.0 in studio.sleeps.calls
    assert requests_seen.count("POST", "/run_sse", status=200) == 1
    studio.tap.arm("429", "POST", "/run_sse", times=2)
    studio.send('add the title "Hi"')
    assert_error_shown(studio, "Too many requests", "Wait a minute")
    assert requests_seen.count("POST", "/run_sse", status=200) == 1  # the refused message never ran
    record_fault("429", "studio")


# -- errors shown, state kept ------------------------------------------------------------------


def test_1002_new_session_and_says_uploads_are_gone(
    make_studio: MakeStudio, engine: LocalEngine, requests_seen: RequestLog, clip: Path, clip_b: Path
) -> None:
    studio = make_studio(engine)
    ready(studio, clip)
    old = studio.session.client.session_id
    studio.tap.arm("1002", "POST", "/run_sse")
    studio.send(EDIT)
    assert_error_shown(studio, "uploaded to it are gone", "new session")
    assert requests_seen.chat_turns() == 1
    client = studio.session.client
    assert client.session_id and client.session_id != old  # a new session is in use
    assert studio.session.media == () and not state_of(studio).draft.ready_for_export
    assert studio.uploads.media.texts == []  # the panel no longer lists the lost upload
    assert studio.upload(clip_b) and media_names(studio) == ["other clip.mp4"]  # and the new one works
    assert status(studio)[0] == "ok"
    record_fault("1002", "studio")


def test_2001_shows_the_registration_link(
    make_studio: MakeStudio, engine: LocalEngine, requests_seen: RequestLog, clip: Path
) -> None:
    studio = make_studio(engine)
    before = ready(studio, clip)
    engine.inject("2001")
    studio.send(EDIT)
    account = engine.app.state.engine.store.account_for_token(token_of(studio))
    link = f"{WEB}?bind={account.id}"
    assert_error_shown(studio, "run out of credits", f"Register at {link}")
    assert f'href="{link}"' in studio.status.value
    assert requests_seen.chat_turns() == 1
    assert refreshed(studio).draft.raw == before.draft.raw and media_names(studio) == ["clip.mp4"]
    record_fault("2001", "studio")


def test_4001_and_4002_refused_uploads(
    make_studio: MakeStudio, engine: LocalEngine, clip: Path, not_media: Path
) -> None:
    studio = make_studio(engine)
    before = ready(studio, clip)
    assert studio.upload(not_media) is None
    assert_error_shown(studio, "'notes.mp4' is not really an MP4 file", "Check that it plays")
    engine.inject("4002")
    assert studio.upload(clip, if_duplicate="add") is None
    assert_error_shown(studio, "larger than", "Compress it or trim it")
    assert refreshed(studio).draft.raw == before.draft.raw and media_names(studio) == ["clip.mp4"]
    assert any(row.startswith("clip.mp4 |") for row in studio.uploads.media.texts)
    record_fault("4001", "studio")
    record_fault("4002", "studio")


def test_402_says_register_or_upgrade(make_studio: MakeStudio, engine: LocalEngine, clip: Path, tmp_path: Path) -> None:
    studio = make_studio(engine)
    before = ready(studio, clip)
    engine.inject("402")
    assert studio.export() is None
    assert_error_shown(studio, "plan", "Register or upgrade")
    assert studio.session.book.pending(studio.session.api_url) is None  # nothing half-submitted to resume
    assert refreshed(studio).draft.raw == before.draft.raw
    record_fault("402", "studio")


def test_500_and_agent_error(
    make_studio: MakeStudio, engine: LocalEngine, requests_seen: RequestLog, clip: Path
) -> None:
    studio = make_studio(engine)
    before = ready(studio, clip)
    studio.tap.arm("500", "POST", "/run_sse")
    studio.send(EDIT)
    assert_error_shown(studio, "internal problem", "Try again")
    studio.tap.arm("agent-error", "POST", "/run_sse")
    studio.send(EDIT)
    assert_error_shown(studio, "The agent ran into a problem", "say it differently")
    assert requests_seen.chat_turns() == 2  # one per message
    assert refreshed(studio).draft.raw == before.draft.raw
    record_fault("500", "studio")
    record_fault("agent-error", "studio")


def test_dropped_stream_one_request_and_the_edit_shown(
    make_studio: MakeStudio, engine: LocalEngine, requests_seen: RequestLog, clip: Path
) -> None:
    studio = make_studio(engine)
    ready(studio, clip)
    studio.tap.arm("drop-stream", "POST", "/run_sse")
    reply = reply_of(studio.send(EDIT))
    assert_error_shown(studio, "dropped", "not sent again")
    assert requests_seen.chat_turns() == 1
    assert studio.sleeps.calls[:1] == [30.0]
    assert reply.state is not None and not state_of(studio).draft.has_audio  # the edit is on the timeline
    assert any("removed" in text or "audio" in text for _who, text in studio.chat.messages)  # the change, in words
    assert media_names(studio) == ["clip.mp4"]
    record_fault("drop-stream", "studio")


# -- renders ---------------------------------------------------------------------------------


def test_render_failing_once_then_twice(make_studio: MakeStudio, engine: LocalEngine, clip: Path) -> None:
    studio = make_studio(engine)
    ready(studio, clip)
    studio.send(EDIT)
    studio.tap.arm("render-fail-once", "POST", "/api/render/proxy/lambda")
    outcome = studio.export()
    assert outcome is not None and status(studio)[0] == "ok" and "ready" in status(studio)[1]
    info = probe(outcome.path)
    assert info["duration"] == pytest.approx(2.0, abs=0.15) and info["audio"] == 0
    studio.tap.arm("render-fail-once", "POST", "/api/render/proxy/lambda", times=2)
    assert studio.export() is None
    assert_error_shown(studio, "The export failed on the server", "Try exporting again")
    record_fault("render-fail-once", "studio")


def test_render_never_keeps_the_job_to_resume(make_studio: MakeStudio, engines: StartEngines, clip: Path) -> None:
    # polled as the cloud is: no held polls (they would turn the recorded sleeps into real waits)
    engine, _ = engines(EngineSettings(silent_ratio=0.0, chunk_delay_s=0.0, long_poll_max_s=0))
    studio = make_studio(engine, poll_schedule=None)  # the product's schedule, recorded sleeps
    ready(studio, clip)
    studio.tap.arm("render-never", "POST", "/api/render/proxy/lambda")
    assert studio.export() is None
    pending = studio.session.book.pending(studio.session.api_url)
    assert pending is not None
    assert_error_shown(studio, f"The export {pending.job_id} is still running", "Resume it later")
    record_fault("render-never", "studio")

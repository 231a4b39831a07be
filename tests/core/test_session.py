"""The session controller (no widgets): events of a flow, errors as sentences, the streamed text, resume, floor 2."""

from __future__ import annotations

import asyncio
import itertools
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from nemo_widgets.core.chat_flow import _Conversation
from nemo_widgets.core.jobs import JobBook
from nemo_widgets.core.session import StudioSession, describe_error
from nemo_widgets.protocol.errors import NemoError, NoCredits, NothingToExport, UnsupportedFile
from nemo_widgets.protocol.events import ChatEvent
from nemo_widgets.protocol.models import Reply
from nemo_widgets.protocol.schedule import FixedSchedule

from helpers_media import probe

pytestmark = pytest.mark.usefixtures("isolated")

FAST_POLLS = FixedSchedule(interval=0.05, max_polls=2400)
REPO = Path(__file__).resolve().parents[2]


def open_session(engine: Any, **options: Any) -> StudioSession:
    from nemo_widgets.core.factory import open_session as factory

    return factory(base_url=engine.url, web_url=engine.url, poll_schedule=FAST_POLLS, **options)


def record(session: StudioSession) -> list[tuple[Any, ...]]:
    """Every event the session emits, as (kind, *args), in order."""
    from nemo_widgets.core.events import EVENT_KINDS

    seen: list[tuple[Any, ...]] = []
    for kind in EVENT_KINDS:
        session.events.on(kind, lambda *args, k=kind: seen.append((k, *args)))
    return seen


def kinds(events: list[tuple[Any, ...]], *, skip: tuple[str, ...] = ()) -> list[str]:
    """Event kinds in order, consecutive repeats collapsed."""
    out: list[str] = []
    for event in events:
        if event[0] not in skip and (not out or out[-1] != event[0]):
            out.append(event[0])
    return out


def statuses(events: list[tuple[Any, ...]]) -> list[str]:
    return [e[1] for e in events if e[0] == "status"]


async def test_events_of_a_whole_flow_come_in_order(engine: Any, sample_clip: Path) -> None:
    session = open_session(engine)
    events = record(session)
    try:
        await session.connect()
        assert kinds(events) == ["status", "connected", "state", "credits", "status"]
        assert statuses(events) == ["Setting things up...", "Ready!"]

        events.clear()
        await session.upload([sample_clip])
        assert kinds(events) == ["status", "upload_progress", "media", "state", "credits", "status"]
        assert statuses(events)[-1].startswith("Uploaded sample_clip.mp4")
        sent = [e for e in events if e[0] == "upload_progress"]
        assert sent[-1][2] == sent[-1][3] == sample_clip.stat().st_size

        events.clear()
        reply = await session.handle("remove all audio from this video")
        assert kinds(events, skip=("media",))[:3] == ["user_message", "status", "reply_text"]
        texts = [e for e in events if e[0] == "reply_text"]
        assert [final for _, _, final in texts].count(True) == 1 and texts[-1][2] is True
        assert isinstance(reply, Reply)
        assert texts[-1][1] == reply.text and "removed the audio track" in reply.text
        after = kinds(events, skip=("media",))
        assert after[after.index("reply") :] == ["reply", "state", "credits", "status"]
        assert statuses(events)[-1] == "Done. Timeline (1 track): 1. Video: sample_clip.mp4 (0-10s)"

        events.clear()
        outcome = await session.export()
        flow = kinds(events, skip=("status", "media"))
        assert flow[:2] == ["state", "render_progress"]
        assert flow[-3:] == ["download_progress", "render_progress", "result"]
        progress = [e for e in events if e[0] == "render_progress"]
        assert progress[0][1:] == (0.0, "Starting the render...") and progress[-1][1:] == (100.0, "Video ready!")
        assert statuses(events)[0] == "Checking the timeline..."
        assert statuses(events)[-1] == f"Video ready! Saved to {outcome.path}"
        assert [e for e in events if e[0] == "result"] == [("result", outcome)]
        assert outcome.media_type == "video" and outcome.mime == "video/mp4"
        assert probe(outcome.path)["audio"] == 0
    finally:
        await session.aclose()


async def test_guarded_work_reports_errors_as_status_lines(engine: Any) -> None:
    session = open_session(engine)
    events = record(session)
    try:
        assert await session.guarded(session.export()) is None
        errors = [e for e in events if e[0] == "status" and e[2] == "error"]
        assert errors == [("status", NothingToExport().user_message, "error", NothingToExport().next_step, None)]
        assert [e[1] for e in events if e[0] == "busy"] == [True, False]
    finally:
        await session.aclose()


def test_describe_error_for_toolkit_errors() -> None:
    assert describe_error(NothingToExport()) == (NothingToExport().user_message, NothingToExport().next_step, None)
    message, next_step, _ = describe_error(UnsupportedFile(filename="notes.txt"))
    assert "notes.txt" in message and "mp4" in next_step
    plain = describe_error(NemoError("Something broke.", next_step="Try later."))
    assert plain == ("Something broke.", "Try later.", None)


def test_describe_error_for_no_credits_gives_the_registration_link() -> None:
    error = NoCredits(link="https://web.test?bind=usr_1", anonymous=True)
    message, next_step, link = describe_error(error)
    assert message == "You have run out of credits."
    assert link == "https://web.test?bind=usr_1" and "Register at https://web.test?bind=usr_1" in next_step


def test_describe_error_for_unknown_exceptions_hides_the_details(caplog: pytest.LogCaptureFixture) -> None:
    secret = "nmv_usr_SECRET123"
    message, next_step, link = describe_error(KeyError(f"token {secret}"))
    assert message == "Something unexpected went wrong."
    assert "restart the kernel" in next_step and link is None
    assert secret not in message + next_step
    assert "KeyError" in caplog.text  # logged for the developer, by type
    cancelled = describe_error(asyncio.CancelledError())
    assert cancelled[0] == "Cancelled." and "sent twice" in cancelled[1]


def test_conversation_final_text_replaces_its_chunks() -> None:
    conversation = _Conversation()
    for piece in ("Done! I ", "removed the ", "audio."):
        assert conversation.apply(ChatEvent("text_chunk", piece, id="e1"))
    assert conversation.text == "Done! I removed the audio."
    assert conversation.apply(ChatEvent("text", "Done! I removed the audio.", id="e1"))
    assert conversation.text == "Done! I removed the audio."  # not twice
    assert conversation.apply(ChatEvent("text", "Anything else?", id="e2"))
    assert conversation.text == "Done! I removed the audio.\n\nAnything else?"
    assert not conversation.apply(ChatEvent("tool_call", id="c1", name="remove_audio"))
    assert not conversation.apply(ChatEvent("heartbeat"))


def test_conversation_without_event_ids_still_replaces() -> None:
    conversation = _Conversation()
    for piece in ("Hel", "lo ", "there"):
        conversation.apply(ChatEvent("text_chunk", piece))
    assert conversation.text == "Hello"  # "there" may not be the whole word yet
    conversation.apply(ChatEvent("text", "Hello there"))
    assert conversation.text == "Hello there"


async def test_a_reply_in_gui_words_is_never_rewritten_while_it_streams(start_engine: Any, sample_clip: Path) -> None:
    """The engine speaks of its web editor's Export button: the reader sees the toolkit's words from the start,
    each text shown begins the next one and the final one (before, the final text replaced the streamed one)."""
    engine = start_engine(gui_ratio=1.0, chunk_delay_s=0.01)
    session = open_session(engine)
    session.text_rate = 1000.0  # every chunk shown: the worst case for a rewrite
    events = record(session)
    try:
        await session.upload([sample_clip])
        reply = await session.ask("remove all audio")
    finally:
        await session.aclose()
    shown = [e[1] for e in events if e[0] == "reply_text"]
    assert "Run the export" in reply.text and len(shown) >= 3, shown
    assert all(later.startswith(earlier) for earlier, later in itertools.pairwise(shown)), shown
    assert shown[-1] == reply.text and not any("Click" in text for text in shown)


async def test_a_render_running_at_a_restart_is_resumed_and_shown(start_engine: Any, isolated: Path,
                                                                 sample_clip: Path) -> None:  # fmt: skip
    data = isolated / "engine-data"
    key = f"local:{data.resolve()}"
    book = JobBook()  # ./.nemo_widgets.json, next to the "notebook"
    first = start_engine(data_dir=data)
    before = open_session(first, book_key=key)
    await before.connect()
    await before.upload([sample_clip])
    await before.ask("remove all audio from this video")
    first.inject("slow-render:2")
    export = asyncio.create_task(before.export())
    for _ in range(500):
        if book.pending(key) is not None or export.done():
            break
        await asyncio.sleep(0.02)
    pending = book.pending(key)
    assert pending is not None and not export.done()
    export.cancel()  # the kernel dies: the Python side is gone...
    with pytest.raises(asyncio.CancelledError):
        await export
    await before.aclose()
    first.stop()  # ...and the engine it ran, with the render half done

    second = start_engine(data_dir=data)  # the new kernel's engine, same folder
    after = open_session(second, book_key=key)
    events = record(after)
    try:
        outcome = await after.resume()
    finally:
        await after.aclose()
    assert outcome is not None and outcome.job_id == pending.job_id
    assert ("result", outcome) in events
    assert statuses(events)[-1].startswith("Video ready!")
    assert statuses(events)[statuses(events).index("Resuming the export that was running...") :]
    info = probe(outcome.path)
    assert info["video"] == 1 and info["audio"] == 0
    assert book.pending(key) is None  # nothing left to resume
    again = open_session(second, book_key=key)
    try:
        assert await again.resume() is None
    finally:
        await again.aclose()


def test_protocol_and_core_work_without_ipywidgets(tmp_path: Path, sample_clip: Path) -> None:
    script = textwrap.dedent(f"""
        import asyncio, sys
        sys.modules["ipywidgets"] = None  # importing it now raises ImportError
        import nemo_widgets.protocol, nemo_widgets.protocol.client, nemo_widgets.protocol.async_client
        from nemo_widgets.core import batch, chart, events, factory, jobs, session, throttle
        from nemo_widgets.protocol.schedule import FixedSchedule
        from nemo_widgets.local import EngineSettings, start_in_background

        async def main():
            with start_in_background(EngineSettings(silent_ratio=0.0, seed=1), data_dir="engine") as engine:
                s = factory.open_session(base_url=engine.url, web_url=engine.url,
                                         poll_schedule=FixedSchedule(0.05, 2400))
                await s.upload([{str(sample_clip)!r}])
                await s.handle("remove all audio from this video")
                png = chart.render_timeline(s.state.draft)
                outcome = await s.export()
                await s.aclose()
                return png, outcome
        png, outcome = asyncio.run(main())
        assert png[:4] == b"\\x89PNG", png[:8]
        print("OK", outcome.format, outcome.size > 0)
        try:
            import nemo_widgets.widgets.studio
        except ImportError:
            print("widgets need ipywidgets")
        assert "ipywidgets" not in [m for m in sys.modules if sys.modules[m] is not None]
    """)
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "NEMO_CONFIG_DIR": str(tmp_path / "config"),
           "PYTHONPATH": str(REPO)}  # fmt: skip
    done = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True,
                          timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.split() == ["OK", "mp4", "True", "widgets", "need", "ipywidgets"]


def test_a_session_that_could_not_work_is_refused_with_a_sentence() -> None:
    from nemo_widgets.protocol.async_client import AsyncNemoClient
    from nemo_widgets.protocol.client import NemoClient

    sync = NemoClient(base_url="http://127.0.0.1:9", token="nmv_usr_notshown")
    try:
        with pytest.raises(TypeError, match="needs an AsyncNemoClient") as caught:
            StudioSession(sync)  # type: ignore[arg-type]  # the mistake under test
        assert "nmv_usr_notshown" not in str(caught.value)
    finally:
        sync.close()
    with pytest.raises(ValueError, match="text_rate"):
        StudioSession(AsyncNemoClient(base_url="http://127.0.0.1:9"), text_rate=0)


@pytest.mark.parametrize("name", ["base_url", "web_url", "settings"])
def test_factories_refuse_what_the_embedded_engine_cannot_take(name: str, tmp_path: Path) -> None:
    from nemo_widgets.core.batch import process_many
    from nemo_widgets.core.factory import open_local_session

    with pytest.raises(TypeError, match=f"open_local_session\\({name}=\\.\\.\\.\\)"):
        open_local_session(data_dir=tmp_path / "never", **dict[str, Any]({name: "x"}))
    assert not (tmp_path / "never").exists()  # refused before the engine's folder was made
    with pytest.raises(TypeError, match=f"process_many\\(local_engine=...\\)\\({name}=\\.\\.\\.\\)"):
        asyncio.run(
            process_many(
                [tmp_path / "a.mp4"], "x", local_engine=True, output_dir=tmp_path, **dict[str, Any]({name: "x"})
            )
        )

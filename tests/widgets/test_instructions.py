"""The instruction box: the reply streamed once, the chart refreshed, routing, silent edits, GUI phrases."""

from __future__ import annotations

import html
import re
import time
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import pytest
from nemo_widgets.protocol.gui_text import without_offers
from widget_kit import wait_for

from helpers_media import probe

RENDER_SUBMIT = "/api/render/proxy/lambda"


def agent_texts(studio: Any) -> list[str]:
    return [text for who, text in studio.chat.messages if who == "agent"]


def shown_text(studio: Any) -> str:
    """The conversation as the user reads it (markup removed)."""
    return html.unescape(re.sub(r"<[^>]+>", " ", studio.chat.conversation.value))


def type_and_send(studio: Any, text: str) -> None:
    studio.chat.text.set_state({"value": text})  # typed in the browser
    studio.chat.send_button.click()


async def test_streamed_reply_is_shown_once_and_the_chart_changes(make_studio: Any, start_engine: Any,
                                                                  sample_clip: Path) -> None:  # fmt: skip
    engine = start_engine(chunk_delay_s=0.05)
    studio = make_studio("background", on=engine)
    await wait_for(lambda: studio.status.message == "Ready!")
    studio.upload(sample_clip)
    before_png, before_rev = studio.timeline.png, studio.timeline.revision
    assert "2 tracks" in studio.timeline.summary.value

    shown: list[str] = []
    studio.chat.conversation.observe(lambda change: shown.append(change["new"]), names="value")
    type_and_send(studio, "remove all audio from this video")
    assert studio.chat.text.value == ""  # the box is cleared for the next instruction
    await wait_for(lambda: studio.status.message.startswith("Done."), what="the end of the turn")

    final = agent_texts(studio)
    assert len(final) == 1, studio.chat.messages  # the final text replaced the chunks
    assert "removed the audio track" in final[0]
    assert shown_text(studio).count("removed the audio track") == 1
    partial = [v for v in shown if "NemoVideo:" in v and html.escape(final[0]) not in v]
    assert partial, "the reply was not shown while it streamed"
    assert all(v.count("NemoVideo:") == 1 for v in shown if "NemoVideo:" in v)  # one agent message all along
    assert studio.timeline.revision > before_rev
    assert studio.timeline.png != before_png and studio.timeline.png[:8] == b"\x89PNG\r\n\x1a\n"
    assert "alt='Timeline chart. " in studio.timeline.image.value  # a screen reader hears what the chart shows
    assert "1 track" in studio.timeline.summary.value and "Audio" not in studio.timeline.summary.value
    assert studio.http.chats == 1


def test_a_silent_edit_is_told_from_the_state(make_studio: Any, start_engine: Any, sample_clip: Path) -> None:
    engine = start_engine(silent_ratio=1.0)
    studio = make_studio("foreground", on=engine)
    studio.upload(sample_clip)
    studio.send("remove all audio from this video")
    said = agent_texts(studio)
    assert len(said) == 1
    assert "audio track 'Audio' removed" in said[0], said
    assert "1 track" in studio.timeline.summary.value


NOT_SILENT = "The exported video is not silent"  # the clip's sound was kept: the Studio says so (issue 13)


@pytest.mark.parametrize("typed, shows", [
    ("export", NOT_SILENT),
    ("导出", NOT_SILENT),
    ("credits", "Credits:"),
    ("积分", "Credits:"),
    ("status", "Timeline (2 tracks)"),
    ("状态", "Timeline (2 tracks)"),
])  # fmt: skip
def test_toolkit_words_run_toolkit_actions_not_the_agent(make_studio: Any, sample_clip: Path, typed: str,
                                                         shows: str) -> None:  # fmt: skip
    studio = make_studio("foreground")
    studio.upload(sample_clip)
    type_and_send(studio, typed)
    assert studio.status.message.startswith(shows), studio.status.message
    assert studio.http.chats == 0
    if shows == NOT_SILENT:
        assert studio.exporter.player.player is not None
        assert studio.http.count(RENDER_SUBMIT) == 1


def test_edit_and_export_does_both_in_order(make_studio: Any, sample_clip: Path) -> None:
    studio = make_studio("foreground")
    studio.upload(sample_clip)
    type_and_send(studio, "remove all audio from this video and export it silent")
    assert studio.http.chats == 1 and studio.http.count(RENDER_SUBMIT) == 1
    paths = studio.http.paths("POST")
    assert paths.index("/run_sse") < paths.index(RENDER_SUBMIT)  # edited first, then exported
    assert studio.exporter.message.value == "Video ready!"
    assert "removed the audio track" in agent_texts(studio)[0]
    path = Path(studio.session.last_outcome.path)
    assert probe(path)["video"] == 1 and probe(path)["audio"] == 0


def test_a_gui_phrase_becomes_an_export_button_that_works(make_studio: Any, start_engine: Any,
                                                         sample_clip: Path) -> None:  # fmt: skip
    engine = start_engine(gui_ratio=1.0)
    studio = make_studio("foreground", on=engine)
    studio.upload(sample_clip)
    studio.send("remove all audio from this video")
    said = agent_texts(studio)[0]
    assert "Click the Export button" not in said and "removed the audio track" in said
    buttons = {b.description: b for b in studio.chat.actions.children}
    assert "Export now" in buttons
    assert studio.http.count(RENDER_SUBMIT) == 0

    buttons["Export now"].click()

    assert studio.exporter.message.value == "Video ready!"
    assert studio.http.count(RENDER_SUBMIT) == 1 and studio.http.chats == 1
    assert isinstance(studio.exporter.player.player, widgets.Video)


def test_show_timeline_visibly_does_something(make_studio: Any, start_engine: Any, sample_clip: Path) -> None:
    """A silent edit offers *Show timeline*: clicking it reads the timeline again, marks the chart and says in the
    conversation what it holds (before, it refreshed a chart that had not changed: nothing moved on screen)."""
    engine = start_engine(silent_ratio=1.0)
    studio = make_studio("foreground", on=engine)
    studio.upload(sample_clip)
    studio.send("remove all audio from this video")
    buttons = {b.description: b for b in studio.chat.actions.children}
    assert "Show timeline" in buttons
    said, marked, reads = (
        len(studio.chat.messages),
        studio.timeline.highlights,
        sum(1 for p in studio.http.paths("GET") if p.startswith("/api/state/")),
    )

    buttons["Show timeline"].click()

    assert sum(1 for p in studio.http.paths("GET") if p.startswith("/api/state/")) == reads + 1  # read again
    assert studio.timeline.highlights == marked + 1 and "solid" in studio.timeline.image.layout.border
    sent = [kw.get("data", a[0] if a else {}) for a, kw in studio.timeline._reveal.comm.messages]
    asked = [m["content"] for m in sent if isinstance(m, dict) and m.get("method") == "custom"]
    assert asked == [{"kind": "reveal"}], sent  # the page is asked to bring the timeline into view, once
    who, note = studio.chat.messages[-1]
    assert len(studio.chat.messages) == said + 1 and who == "note"
    assert note.endswith(studio.session.state.draft.summary()) and "Video: sample_clip.mp4" in note
    drawn = studio.timeline.revision
    studio.timeline.follow_page({"dark": True, "width": 320})  # the page's width and theme, just after the click
    assert studio.timeline.revision == drawn + 1 and "solid" in studio.timeline.image.layout.border  # same draft
    studio.send("undo")  # the next change of the chart takes the mark away
    assert not studio.timeline.image.layout.border


def test_check_credits_says_them_in_the_conversation(make_studio: Any) -> None:
    studio = make_studio("foreground")
    studio._on_action("credits")  # the button a reply that mentions credits offers
    studio.wait()
    who, note = studio.chat.messages[-1]
    assert who == "note" and note == f"Credits, read again just now: {studio.session.credits_info}"


@pytest.mark.parametrize("typed", ["", "   \n "])
def test_an_empty_instruction_gets_a_helpful_sentence(make_studio: Any, typed: str) -> None:
    studio = make_studio("foreground")
    sent = len(studio.http.requests)
    type_and_send(studio, typed)
    assert "Type an instruction first" in studio.status.message
    assert "remove all audio" in studio.status.message  # an example of what to type
    assert len(studio.http.requests) == sent


async def test_streamed_text_updates_are_throttled(make_studio: Any, start_engine: Any,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    from nemo_widgets.local.http import api_chat

    # the engine streams about 3 chunks a reply; one chunk per character makes a long, fast stream
    monkeypatch.setattr(api_chat, "split_chunks", lambda text: list(text))
    engine = start_engine(chunk_delay_s=0.004)
    studio = make_studio("background", on=engine)
    await wait_for(lambda: studio.status.message == "Ready!")
    changes: list[tuple[float, str]] = []
    studio.chat.conversation.observe(lambda c: changes.append((time.monotonic(), c["new"])), names="value")

    type_and_send(studio, "what can you do?")  # the engine's help text: ~450 characters
    await wait_for(lambda: studio.status.message.startswith("Replied"), what="the end of the reply")

    replies = [(t, v) for t, v in changes if "NemoVideo:" in v]
    final = agent_texts(studio)[0]
    assert len(final) > 300
    assert len(replies) >= 4, "the reply was not shown while it streamed"
    span = replies[-1][0] - replies[0][0]
    assert span > 1.0  # the stream really lasted (hundreds of chunks)
    # ~20/s + the first + the final; +0.5 s of slack for updates bunched by a busy main thread (unthrottled: ~450)
    assert len(replies) <= 20 * (span + 0.5) + 2, (len(replies), span)
    assert any(html.escape(final[-20:]) in v for _t, v in replies)  # the final flush showed the whole text
    # then its "Try: ..." line gave way to the buttons that send those phrasings
    assert html.escape(without_offers(final)[-20:]) in replies[-1][1] and "Try:" not in replies[-1][1]

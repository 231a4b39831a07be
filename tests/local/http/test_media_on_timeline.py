"""The engine's timeline and its clips: an upload is an undo step, a clip comes off the timeline (by the id the
Studio's Remove sends, or by its name), the replies name every clip, and the embedded engine speaks one voice."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from nemo_widgets.local import EngineSettings, drafts, start_in_background
from nemo_widgets.protocol.draft import Draft

from helpers_engine import Api


def reply_text(events: list[dict[str, Any]]) -> str:
    return " ".join(p["text"] for e in events for p in e.get("content", {}).get("parts", []) if "text" in p)


def clips(api: Api) -> list[str]:
    """The video track's clips, by name, in order."""
    draft = Draft.from_dict(api.state()["draft"])
    return [seg.name or "?" for t in draft.tracks if t.kind == "video" for seg in t.segments]


def media_ids(api: Api) -> list[str]:
    return [m["id"] for m in api.state()["video_infos"]]


def credits(api: Api) -> int:
    return int(api.http.get("/api/credits/balance/simple").json()["data"]["available"])


def test_undo_right_after_an_upload_takes_its_clip_off_and_says_so(api: Api, clip_short: Path, clip10: Path) -> None:
    api.upload(clip_short)
    api.chat("remove all audio")
    api.upload(clip10)
    assert clips(api) == ["short.mp4", "clip.mp4"]
    said = reply_text(api.chat("undo")[0])
    assert said.startswith("Undone: took clip.mp4 off the timeline."), said
    assert clips(api) == ["short.mp4"] and not Draft.from_dict(api.state()["draft"]).has_audio  # the edit stays
    assert "clip.mp4" in [m["name"] for m in api.state()["video_infos"]]  # still uploaded, just not on it
    said = reply_text(api.chat("undo")[0])  # then the edit before it
    assert said.startswith("Undone.") and Draft.from_dict(api.state()["draft"]).has_audio, said


def test_the_studios_remove_takes_that_clip_off_for_free_and_undo_brings_it_back(api: Api, clip_short: Path,
                                                                                 clip10: Path) -> None:  # fmt: skip
    api.upload(clip_short)
    api.upload(clip10)
    api.upload(clip_short)
    first, _, third = media_ids(api)
    before = credits(api)
    said = reply_text(api.chat(f'Remove the clip "short.mp4" (media {third}) from the timeline.')[0])
    assert "took short.mp4 off the timeline" in said and "12s" in said, said
    assert clips(api) == ["short.mp4", "clip.mp4"] and credits(api) == before  # the first copy stays; no credit
    assert [s["m"]["src"] for t in api.state()["draft"]["t"] for s in t["sg"] if t["tt"] == 0] == [
        first,
        media_ids(api)[1],
    ]
    said = reply_text(api.chat("undo")[0])
    assert "put short.mp4 back on the timeline" in said and clips(api) == ["short.mp4", "clip.mp4", "short.mp4"]


@pytest.mark.parametrize(
    ("message", "left", "said"),
    [
        ("remove clip.mp4 from the timeline", ["short.mp4", "short.mp4"], "took clip.mp4 off the timeline"),
        ("从时间线删除 clip.mp4", ["short.mp4", "short.mp4"], "从时间线移除了 clip.mp4"),
        ("remove short.mp4 from the timeline", ["short.mp4", "clip.mp4", "short.mp4"], "2 clips on the timeline"),
        ("delete other.mp4", ["short.mp4", "clip.mp4", "short.mp4"], "no clip called other.mp4"),
    ],
)
def test_a_clip_named_by_its_name(api: Api, clip_short: Path, clip10: Path, message: str, left: list[str],
                                  said: str) -> None:  # fmt: skip
    for path in (clip_short, clip10, clip_short):
        api.upload(path)
    answer = reply_text(api.chat(message)[0])
    assert said in answer and clips(api) == left, answer


def test_remove_closes_the_gap_and_cuts_a_title_over_the_clip() -> None:
    draft = drafts.empty_draft()
    for i, length in enumerate((2000, 3000, 4000)):
        record = {"id": f"med_{i}", "name": f"{i}.mp4", "kind": "video", "has_video": True, "has_audio": True,
                  "duration_ms": length}  # fmt: skip
        draft = drafts.append_media(draft, record)
    draft = drafts.set_title(draft, "Hi", 2000, 3000)  # exactly over the middle clip
    after = drafts.remove_media(draft, "med_1")
    assert drafts.total_ms(after) == 6000 and drafts.media_on_timeline(after) == ["med_0", "med_2"]
    starts = [(s["m"]["src"], s["s"]) for t in after["t"] for s in t["sg"]]
    assert starts == [("med_0", 0), ("med_2", 2000), ("med_0", 0), ("med_2", 2000)]  # no title left, no gap
    assert drafts.remove_media(after, "med_9") == after  # a clip not there: nothing changes


def test_the_engines_summary_names_every_clip_as_the_chart_draws_them(api: Api, clip_short: Path,
                                                                      clip10: Path) -> None:  # fmt: skip
    for path in (clip_short, clip10, clip_short):
        api.upload(path)
    api.chat("remove all audio")
    said = reply_text(api.chat("undo")[0])
    assert "Video: short.mp4 (0-2s), clip.mp4 (2-12s), short.mp4 (12-14s)" in said, said
    assert drafts.summary(api.state()["draft"]) == Draft.from_dict(api.state()["draft"]).summary()


def test_the_embedded_engine_speaks_one_voice(api_for: Any, clip_short: Path) -> None:
    """Defaults: every edit says what it did, never of a web editor (the cloud's habits are settings, off)."""
    assert EngineSettings().silent_ratio == 0.0 and EngineSettings().gui_ratio == 0.0
    with start_in_background(EngineSettings(chunk_delay_s=0.0)) as running:  # the defaults, random seed
        api = api_for(running)
        api.upload(clip_short)
        replies = set()
        for _ in range(8):  # with the old defaults (30 % silent, 50 % GUI) 8 turns alike: under 1 in 100
            replies.add(reply_text(api.chat("remove all audio", streaming=True)[0]))
            api.chat("undo")
    assert len(replies) == 1, replies
    (reply,) = replies
    assert "removed the audio track" in reply and "Click" not in reply and "button" not in reply

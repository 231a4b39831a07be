"""The timeline model: a draft after uploads, cuts across tracks, volume, titles, the summary."""

from __future__ import annotations

from nemo_widgets.local import drafts
from nemo_widgets.protocol.draft import Segment

from helpers_engine import clip_draft


def test_draft_after_upload_and_a_second_upload() -> None:
    draft = clip_draft()
    assert [t["tt"] for t in draft["t"]] == [0, 1] and draft["d"] == 10000
    assert draft["t"][0]["m"]["name"] == "clip.mp4" and draft["t"][1]["m"]["name"] == "Audio"
    second = drafts.append_media(
        draft,
        {"id": "m2", "name": "b.mp4", "kind": "video", "duration_ms": 4000, "has_video": True, "has_audio": False},
    )
    assert second["d"] == 14000 and second["t"][0]["sg"][1] == {
        "s": 10000,
        "d": 4000,
        "m": {"name": "b.mp4", "src": "m2", "in": 0},
    }
    assert len(second["t"][1]["sg"]) == 1


def test_cuts_move_all_tracks_consistently() -> None:
    draft = drafts.cut_range(clip_draft(), 3000, 5000)
    for track in draft["t"]:
        assert [(s["s"], s["d"], s["m"]["in"]) for s in track["sg"]] == [(0, 3000, 0), (3000, 5000, 5000)]
    assert draft["d"] == 8000
    kept = drafts.keep_range(clip_draft(), 2000, 6000)
    assert kept["d"] == 4000 and kept["t"][0]["sg"] == [
        {"s": 0, "d": 4000, "m": {"name": "clip.mp4", "src": "m1", "in": 2000}}
    ]


def test_volume_title_and_summary() -> None:
    draft, changed = drafts.set_volume(clip_draft(), 0.35)
    draft = drafts.set_title(draft, "Urban Dreams", 0, 3000)
    assert changed == 1 and draft["t"][1]["sg"][0]["m"]["volume"] == 0.35
    assert draft["t"][2] == {
        "tt": 7,
        "m": {"name": "Title", "muted": False},
        "sg": [{"s": 0, "d": 3000, "m": {"name": "Title", "text": "Urban Dreams"}}],
    }
    assert drafts.summary(draft) == (
        "Timeline (3 tracks): 1. Video: clip.mp4 (0-10s) 2. Audio: clip.mp4 (0-10s, 35%) "
        '3. Title: "Urban Dreams" (0-3s)'
    )


def test_a_segment_is_read_with_the_same_keys_as_the_client_reads_it() -> None:
    """The engine and protocol.draft tolerate the same start and end keys (they once drifted: "end")."""
    for start_key in ("s", "st", "start"):
        for end_key in ("e", "end"):
            seg = {start_key: 1000, end_key: 3500}
            client = Segment.from_dict(seg)
            assert client is not None
            assert (drafts.seg_start(seg), drafts.seg_len(seg)) == (client.start_ms, client.duration_ms) == (1000, 2500)

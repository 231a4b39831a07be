"""Results are named after their source, safe for any file system, and never overwrite an earlier one."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from nemo_widgets.core.result_names import MAX_STEM_BYTES, reserve_result_path, result_stem, safe_stem
from nemo_widgets.protocol.draft import Draft
from nemo_widgets.protocol.schedule import FixedSchedule

from helpers_media import make_clip, probe

pytestmark = pytest.mark.usefixtures("isolated")


def clip_draft(*names: str, audio: bool = True) -> Draft:
    def segments(**more: Any) -> list[dict[str, Any]]:
        return [{"s": i * 1000, "d": 1000, "m": {"name": n, "src": f"med_{i}", **more}} for i, n in enumerate(names)]

    tracks: list[dict[str, Any]] = [{"tt": 0, "sg": segments()}]
    if audio:
        tracks.append({"tt": 1, "m": {"name": "Audio"}, "sg": segments(volume=1)})
    return Draft.from_dict({"t": tracks})


@pytest.mark.parametrize(
    ("draft", "fmt", "stem"),
    [
        (clip_draft("clip.mp4", audio=False), "mp4", "clip (no audio)"),
        (clip_draft("clip.mp4"), "mp3", "clip"),
        (clip_draft("clip.mp4"), "mp4", "clip (edited)"),
        (clip_draft("holiday.mov", "beach.mp4", audio=False), "mp4", "holiday and 1 more (no audio)"),
        (clip_draft("a.mp4", "a.mp4", "b.mp4"), "wav", "a and 2 more"),  # two uploads of one name: two sources
        (Draft(), "mp4", "result (no audio)"),
    ],
)
def test_the_stem_says_the_source_and_what_became_of_it(draft: Draft, fmt: str, stem: str) -> None:
    assert result_stem(draft, fmt) == stem


@pytest.mark.parametrize(
    ("raw", "safe"),
    [
        ('a/b\\c:d*e?f"g<h>i|j', "a_b_c_d_e_f_g_h_i_j"),
        ("..hidden", "hidden"),
        ("trailing dots. . ", "trailing dots"),
        ("CON", "CON_"),
        ("nul.tar", "nul.tar_"),
        ("", "result"),
        ("tab\tand\nnewline", "tab_and_newline"),
        ("café 视频", "café 视频"),  # letters of any script stay
    ],
)
def test_safe_stem(raw: str, safe: str) -> None:
    assert safe_stem(raw) == safe


def test_a_long_name_is_cut_on_a_character_boundary() -> None:
    stem = safe_stem("视" * 200)
    assert len(stem.encode()) <= MAX_STEM_BYTES and stem == "视" * (MAX_STEM_BYTES // 3)


def test_a_taken_name_gets_the_next_number(tmp_path: Path) -> None:
    first = reserve_result_path(tmp_path, "clip (no audio)", "mp4")
    first.write_bytes(b"earlier result")
    second = reserve_result_path(tmp_path, "clip (no audio)", "mp4")
    third = reserve_result_path(tmp_path, "clip (no audio)", "mp4")  # reserved, still empty: taken too
    assert [p.name for p in (first, second, third)] == [
        "clip (no audio).mp4",
        "clip (no audio) 2.mp4",
        "clip (no audio) 3.mp4",
    ]
    assert first.read_bytes() == b"earlier result"


async def test_exports_are_named_after_the_clip_and_kept(engine: Any, isolated: Path) -> None:
    from nemo_widgets.core.factory import open_session

    clip = make_clip(isolated / "beach day.mp4", seconds=2, size="320x180", audio=True)
    session = open_session(
        base_url=engine.url, web_url=engine.url, poll_schedule=FixedSchedule(interval=0.05, max_polls=2400)
    )
    try:
        await session.upload([clip])
        await session.handle("remove all audio")
        first = await session.export()
        second = await session.export()
        await session.handle("undo")
        mp3 = await session.export("mp3")
    finally:
        await session.aclose()
    assert first.path.name == "beach day (no audio).mp4" and second.path.name == "beach day (no audio) 2.mp4"
    assert mp3.path.name == "beach day.mp3"
    assert probe(first.path)["audio"] == 0 and probe(second.path)["audio"] == 0 and probe(mp3.path)["video"] == 0
    assert sorted(p.name for p in (isolated / "nemo_exports").iterdir()) == sorted(
        p.name for p in (first.path, second.path, mp3.path)
    )

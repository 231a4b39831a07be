"""Whole clips of identical stream parameters are joined by copy (ffmpeg's concat demuxer), anything else is not."""

from __future__ import annotations

import asyncio
import subprocess
from pathlib import Path
from typing import Any

import pytest
from nemo_widgets.local.media.ffmpeg_args import concat_list, render_args
from nemo_widgets.local.media.plan import plan_render

from helpers_media import ffmpeg, make_clip, probe


def _record(path: str, **extra: Any) -> dict[str, Any]:
    record = {"abs_path": path, "kind": "video", "duration_ms": 2000, "has_video": True, "has_audio": True,
              "width": 640, "height": 360, "fps": 25.0, "video_codec": "h264", "pix_fmt": "yuv420p", "rotation": 0,
              "audio_codec": "aac", "sample_rate": 44100, "audio_track": 0,
              "audio_streams": [{"index": 0, "codec": "aac", "sample_rate": 44100, "channels": 2, "default": True}]}  # fmt: skip
    return {**record, **extra}


def _draft(lengths: list[int], audio: bool = True, gap: int = 0, cut: int = 0) -> dict[str, Any]:
    """Clips back to back (``gap`` ms apart), each with its sound; ``cut``: the second starts that far in."""
    video, sound, at = [], [], 0
    for n, length in enumerate(lengths):
        seg = {"s": at, "d": length, "m": {"src": f"m{n}", "in": cut if n == 1 else 0}}
        video.append(seg)
        sound.append({"s": at, "d": length, "m": {"src": f"m{n}", "in": 0, "volume": 1.0}})
        at += length + gap
    tracks = [{"tt": 0, "m": {}, "sg": video}]
    return {"t": tracks + ([{"tt": 1, "m": {"name": "Audio"}, "sg": sound}] if audio else [])}


def _media(count: int, **second: Any) -> dict[str, dict[str, Any]]:
    return {f"m{n}": _record(f"/clips/c{n}.mp4", **(second if n == 1 else {})) for n in range(count)}


@pytest.mark.parametrize("audio", [True, False])
def test_whole_clips_of_one_kind_back_to_back_are_joined_by_copy(audio: bool) -> None:
    plan = plan_render(_draft([2000, 2000, 2000], audio=audio), _media(3), "mp4")
    assert plan.joinable
    args = render_args("ffmpeg", plan, "out.mp4", join_list="join.txt")
    assert args[args.index("-f") + 1] == "concat" and "-c:v" in args and args[args.index("-c:v") + 1] == "copy"
    assert ("-an" in args) != audio and ("libx264" not in args)
    assert concat_list(plan) == "file '/clips/c0.mp4'\nfile '/clips/c1.mp4'\nfile '/clips/c2.mp4'\n"


@pytest.mark.parametrize(
    ("why", "draft", "media", "fmt"),
    [
        ("a trimmed clip", _draft([2000, 1000]), _media(2), "mp4"),
        ("a cut start", _draft([2000, 2000], cut=500), _media(2), "mp4"),
        ("a gap between them", _draft([2000, 2000], gap=500), _media(2), "mp4"),
        ("another size", _draft([2000, 2000]), _media(2, width=1280, height=720), "mp4"),
        ("another frame rate", _draft([2000, 2000]), _media(2, fps=30.0), "mp4"),
        ("HEVC", _draft([2000, 2000]), _media(2, video_codec="hevc"), "mp4"),
        ("interlaced", _draft([2000, 2000]), _media(2, interlaced=True), "mp4"),
        ("another sound rate", _draft([2000, 2000]),
         _media(2, audio_streams=[{"index": 0, "codec": "aac", "sample_rate": 48000, "channels": 2}]), "mp4"),
        ("an audio export", _draft([2000, 2000]), _media(2), "mp3"),
        ("one clip", _draft([2000]), _media(1), "mp4"),
    ],
)  # fmt: skip
def test_anything_else_is_not_joined(why: str, draft: dict, media: dict, fmt: str) -> None:
    assert not plan_render(draft, media, fmt).joinable, why


def test_a_quieter_clip_is_not_joined() -> None:
    draft = _draft([2000, 2000])
    draft["t"][1]["sg"][1]["m"]["volume"] = 0.5
    assert not plan_render(draft, _media(2), "mp4").joinable


def test_a_quote_in_a_path_is_escaped_for_the_list() -> None:
    media = {"m0": _record("/clips/it's.mp4"), "m1": _record("/clips/b.mp4")}
    assert concat_list(plan_render(_draft([2000, 2000]), media, "mp4")).startswith("file '/clips/it'\\''s.mp4'\n")


@pytest.mark.slow
def test_the_engine_joins_two_uploads_of_one_clip_into_one_playable_file(tmp_path: Path, engine: Any) -> None:
    from nemo_widgets.core.factory import LOCAL_POLLS, local_client_settings
    from nemo_widgets.protocol.async_client import AsyncNemoClient

    clip = make_clip(tmp_path / "clip.mp4", seconds=3, size="320x180")
    out = tmp_path / "joined.mp4"

    async def join() -> None:
        async with AsyncNemoClient(settings=local_client_settings(engine.url), poll_schedule=LOCAL_POLLS) as client:
            await client.connect()
            await client.upload(clip)
            await client.upload(clip)
            result = await client.wait_for_render(await client.export(format="mp4"))
            await client.download(result, out)

    asyncio.run(join())
    found, source = probe(out), probe(clip)
    assert found["video"] == 1 and found["audio"] == 1
    assert abs(found["duration"] - 2 * source["duration"]) < 0.1, (found["duration"], source["duration"])
    video = next(s for s in found["streams"] if s["type"] == "video")
    copied = next(s for s in source["streams"] if s["type"] == "video")["kbps"]
    assert video["codec"] == "h264" and abs(video["kbps"] - copied) <= 0.05 * copied  # copied, not re-encoded
    assert (video["width"], video["height"]) == (320, 180)
    decoded = subprocess.run([ffmpeg(), "-v", "error", "-i", str(out), "-f", "null", "-"], capture_output=True,
                             timeout=120)  # fmt: skip
    assert decoded.returncode == 0 and not decoded.stderr.strip(), decoded.stderr[-500:]

"""The ffmpeg argument lists built from a draft (checked without running ffmpeg), the quality asked, progress."""

from __future__ import annotations

import pytest
from nemo_widgets.local.media.ffmpeg_args import extract_audio_args, remove_audio_args, render_args, with_faststart
from nemo_widgets.local.media.plan import Clip, RenderPlan, audio_bitrate, plan_render
from nemo_widgets.local.media.worker import parse_progress_line

from helpers_engine import clip_draft


def test_stream_copy_argument_lists() -> None:
    assert remove_audio_args("ff", "in.mp4", "out.mp4")[-10:] == [
        "-i",
        "in.mp4",
        "-map",
        "0:v:0",
        "-an",
        "-c:v",
        "copy",
        "-movflags",
        "+faststart",
        "out.mp4",
    ]
    mp3 = extract_audio_args("ff", "in.mp4", "o.mp3", "mp3")
    assert mp3[-10:] == ["-i", "in.mp4", "-map", "0:a:0", "-vn", "-c:a", "libmp3lame", "-b:a", "192k", "o.mp3"]
    assert "pcm_s16le" in extract_audio_args("ff", "in.mp4", "o.wav", "wav")
    assert extract_audio_args("ff", "in.mp4", "o.m4a", "m4a", source_codec="aac")[-3:-1] == ["-c:a", "copy"]
    assert "-progress" in mp3 and "pipe:1" in mp3


def _plan(fmt: str, *, trim: bool = False, audio: bool = True, volume: float = 1.0) -> RenderPlan:
    video = Clip("in.mp4", "video", 0, 3000 if trim else 0, 7000 if trim else 10000, 10000)
    sound = Clip("in.mp4", "audio", 0, video.in_ms, video.dur_ms, 10000, volume, "aac")
    return RenderPlan(fmt, video.dur_ms, [video], [sound] if audio else [], [], 640, 360, 25, copy_video=True)


def test_render_args_copy_when_the_edit_allows() -> None:
    assert "copy" in render_args("ff", _plan("mp4", audio=False), "o.mp4")
    assert "-filter_complex" not in render_args("ff", _plan("mp3"), "o.mp3")
    both = render_args("ff", _plan("mp4"), "o.mp4")
    assert both[-8:-2] == ["0:a:0", "-c:v", "copy", "-c:a", "copy", "-moov_size"]  # room for the index: one pass
    assert int(both[-2]) >= 65536 + 10 * 75 * 32 and both[-1] == "o.mp4"
    faststart = with_faststart(both)
    assert faststart is not None and faststart[-4:] == [
        "copy",
        "-movflags",
        "+faststart",
        "o.mp4",
    ]  # when the room was too small


def test_render_args_reencode_a_trim_with_accurate_seek() -> None:
    args = render_args("ff", _plan("mp4", trim=True), "o.mp4")
    assert args[args.index("-ss") + 1] == "3.000" and args[args.index("-t") + 1] == "7.000"
    assert "libx264" in args and "aac" in args and args[-3:] == ["-t", "7.000", "o.mp4"]
    volume = render_args("ff", _plan("mp3", volume=0.35), "o.mp3")
    assert "volume=0.35" in volume[volume.index("-filter_complex") + 1] and "libmp3lame" in volume


@pytest.mark.parametrize(("quality", "bitrate"), [
    ("320k", "320k"), ("128K", "128k"), ("256kbps", "256k"), ("high", "192k"), ("999k", "192k"), ("16k", "192k"),
    (None, "192k"), ("", "192k"), ("1080p", "192k"), ("Medium", "192k"), ("4k", "192k"), ("160k", "160k"),
])  # fmt: skip
def test_quality_bitrates(quality: str | None, bitrate: str) -> None:
    assert audio_bitrate(quality) == bitrate


def _planned(fmt: str, quality: str | None, size: tuple[int, int] = (1280, 720)) -> list[str]:
    media = {
        "m1": {
            "abs_path": "in.mp4",
            "kind": "video",
            "duration_ms": 10000,
            "has_video": True,
            "has_audio": True,
            "width": size[0],
            "height": size[1],
            "fps": 25,
            "audio_codec": "aac",
            "video_codec": "h264",
            "pix_fmt": "yuv420p",
        }
    }
    draft = clip_draft()
    if fmt == "mp3":
        draft["t"] = [t for t in draft["t"] if t["tt"] == 1]
    return render_args("ff", plan_render(draft, media, fmt, quality), f"o.{fmt}")


def test_the_quality_asked_is_what_ffmpeg_is_told() -> None:
    assert _planned("mp3", "320k")[-4:-1] == ["libmp3lame", "-b:a", "320k"]
    assert _planned("mp3", None)[-2:-1] == ["192k"]
    assert _planned("m4a", None)[-3:-1] == ["-c:a", "copy"]  # an AAC source at the default: copied
    assert _planned("m4a", "128k")[-4:-1] == ["aac", "-b:a", "128k"]
    copied = ["0:a:0", "-c:v", "copy", "-c:a", "copy", "-moov_size"]
    assert _planned("mp4", "high")[-8:-2] == copied  # playable H.264 within the cap: copied
    assert _planned("mp4", "720p")[-8:-2] == copied  # already 720p: never scaled up
    low = _planned("mp4", "low")  # one whole clip, smaller: one transcode, the AAC copied
    assert (
        low[low.index("-vf") + 1] == "scale=852:480:out_range=tv,setsar=1"
        and "libx264" in low
        and low.count("copy") == 1
    )
    assert "scale=1920:1080:out_range=tv,setsar=1" in _planned("mp4", "1080p", size=(3840, 2160))
    assert "scale=1920:1080:out_range=tv,setsar=1" in _planned(
        "mp4", "high", size=(3840, 2160)
    )  # the cloud's cap by default


def test_progress_lines() -> None:
    assert parse_progress_line("out_time_us=5000000", 10000) == 50
    assert parse_progress_line("out_time_us=N/A", 10000) is None
    assert parse_progress_line("frame=12", 10000) is None
    assert parse_progress_line("out_time_us=99000000", 10000) == 99

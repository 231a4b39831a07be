"""The output rules, without ffmpeg: what is copied, what is re-encoded and at which size; the probe's new facts."""

from __future__ import annotations

from pathlib import Path

import pytest
from nemo_widgets.local.media import ffmpeg_args as args_mod
from nemo_widgets.local.media.ffmpeg_args import plan_render, render_args
from nemo_widgets.local.media.policy import (
    copy_video_ok,
    display_size,
    fit_size,
    mp3_sample_rate,
    playable_h264,
    refuse_original,
)
from nemo_widgets.local.media.probe import default_audio_track, last_out_time_ms, parse_probe
from nemo_widgets.local.media.worker import refusal, short_result_note
from nemo_widgets.protocol.constants import QUALITIES, SAID_QUALITIES, VIDEO_QUALITY_CHOICES, quality_of

from helpers_engine import Api
from helpers_media import make_clip, probe

HIGH, P1080, P720, ORIGINAL = (QUALITIES[n] for n in ("high", "1080p", "720p", "original"))


@pytest.mark.parametrize(("size", "quality", "fitted"), [
    ((1920, 1080), HIGH, (1920, 1080)), ((1080, 1920), HIGH, (1080, 1920)),  # the cloud's promise, both ways
    ((3840, 2160), HIGH, (1920, 1080)), ((2160, 3840), HIGH, (1080, 1920)), ((2400, 1600), HIGH, (1620, 1080)),
    ((2560, 1080), HIGH, (1920, 810)), ((2560, 1080), P1080, (2560, 1080)),  # 1080p caps the short side only
    ((3840, 2160), P1080, (1920, 1080)), ((1280, 720), P1080, (1280, 720)),  # never up
    ((1920, 1080), P720, (1280, 720)), ((1080, 1920), P720, (720, 1280)), ((321, 241), HIGH, (320, 240)),
    ((3840, 2160), ORIGINAL, (3840, 2160)),
])  # fmt: skip
def test_fit_size(size: tuple[int, int], quality, fitted: tuple[int, int]) -> None:
    assert fit_size(*size, quality) == fitted


def test_display_size_honours_rotation() -> None:
    assert display_size(1920, 1080, 90) == display_size(1920, 1080, 270) == (1080, 1920)
    assert display_size(1920, 1080, 180) == display_size(1920, 1080, 0) == (1920, 1080)


def _rec(codec: str = "h264", pix: str = "yuv420p", size: tuple[int, int] = (1280, 720), rotation: int = 0) -> dict:
    return {
        "kind": "video",
        "video_codec": codec,
        "pix_fmt": pix,
        "width": size[0],
        "height": size[1],
        "rotation": rotation,
        "name": "clip.mov",
    }


@pytest.mark.parametrize(("record", "quality", "copy"), [
    (_rec(), HIGH, True), (_rec(pix="yuvj420p"), HIGH, True),
    (_rec("hevc"), HIGH, False), (_rec("vp8"), HIGH, False), (_rec("mpeg4"), HIGH, False),
    (_rec("mjpeg", "yuvj422p"), HIGH, False), (_rec("prores", "yuv422p10le"), HIGH, False),
    (_rec(pix="yuv420p10le"), HIGH, False), (_rec(pix="yuv444p"), HIGH, False),
    (_rec(size=(3840, 2160)), HIGH, False), (_rec(size=(1920, 1080), rotation=90), HIGH, True),
    (_rec(size=(1920, 1080)), P720, False), (_rec(size=(1280, 720)), P720, True),
    (_rec("hevc", size=(3840, 2160)), ORIGINAL, True), (_rec("vp8"), ORIGINAL, False),
])  # fmt: skip
def test_copy_only_what_plays_within_the_cap(record: dict, quality, copy: bool) -> None:
    assert copy_video_ok(record, quality) is copy
    assert playable_h264(record) is (record["video_codec"] == "h264" and record["pix_fmt"] in ("yuv420p", "yuvj420p"))


def test_original_refuses_what_an_mp4_cannot_hold() -> None:
    assert refuse_original(_rec("hevc")) is None
    assert refuse_original(_rec("vp8")) == (
        "The original VP8 video of 'clip.mov' cannot go into an MP4 unchanged. "
        'Export with quality "high" to get H.264 that plays everywhere.'
    )


@pytest.mark.parametrize(
    ("rate", "resampled"),
    [
        (44100, None),
        (48000, None),
        (32000, None),
        (16000, 48000),
        (22050, 44100),
        (8000, 48000),
        (96000, 48000),
        (88200, 44100),
    ],
)
def test_mp3_resamples_rates_that_cap_its_bitrate(rate: int, resampled: int | None) -> None:
    assert mp3_sample_rate(rate) == resampled


def test_one_quality_vocabulary() -> None:
    assert all(name in QUALITIES for name in VIDEO_QUALITY_CHOICES) and set(SAID_QUALITIES.values()) <= set(QUALITIES)
    assert quality_of("1080P") is P1080 and quality_of(None) is HIGH and quality_of("nonsense") is HIGH
    assert quality_of("160k").audio_bitrate == "160k" and quality_of("320k").short_side == 1080


def _media(**extra: object) -> dict:
    record = {
        "abs_path": "in.mov",
        "kind": "video",
        "duration_ms": 2000,
        "has_video": True,
        "has_audio": True,
        "width": 1920,
        "height": 1080,
        "fps": 30,
        "video_codec": "hevc",
        "pix_fmt": "yuv420p",
        "rotation": 90,
        "audio_codec": "aac",
        "audio_streams": [
            {"index": 0, "codec": "aac", "sample_rate": 44100, "language": "fra", "default": False},
            {"index": 1, "codec": "aac", "sample_rate": 16000, "language": "eng", "default": True},
        ],
        "audio_track": 1,
    }
    return {"m1": {**record, **extra}}


def _draft(video: bool = True, **meta: object) -> dict:
    seg = {"s": 0, "d": 2000, "m": {"src": "m1", "in": 0, **meta}}
    tracks = [{"tt": 1, "m": {"name": "Audio"}, "sg": [seg]}]
    return {"t": ([{"tt": 0, "m": {}, "sg": [seg]}] if video else []) + tracks}


def test_a_rotated_hevc_clip_is_re_encoded_upright_and_a_trim_keeps_its_shape() -> None:
    plan = plan_render(_draft(), _media(), "mp4", "high")
    assert (plan.width, plan.height, plan.copy_video) == (1080, 1920, False)  # portrait, not pillarboxed
    args = render_args("ff", plan, "o.mp4")
    assert args[args.index("-vf") + 1].startswith("scale=1080:1920:") and "-tag:v" not in args
    trimmed = plan_render(
        {"t": [{"tt": 0, "m": {}, "sg": [{"s": 0, "d": 1000, "m": {"src": "m1", "in": 500}}]}]},
        _media(),
        "mp4",
        "1080p",
    )
    graph = render_args("ff", trimmed, "o.mp4")
    assert "scale=1080:1920:force_original_aspect_ratio=decrease" in graph[graph.index("-filter_complex") + 1]


def test_the_default_audio_track_is_taken_and_a_language_can_be_asked() -> None:
    mp3 = render_args("ff", plan_render(_draft(video=False), _media(), "mp3"), "o.mp3")
    assert mp3[mp3.index("-map") + 1] == "0:a:1" and mp3[mp3.index("-ar") + 1] == "48000"  # eng, 16 kHz
    french = render_args("ff", plan_render(_draft(video=False, language="fr"), _media(), "mp3"), "o.mp3")
    assert french[french.index("-map") + 1] == "0:a:0" and "-ar" not in french
    assert default_audio_track([{"index": 0, "default": False}, {"index": 1, "default": False}]) == 0


def test_original_keeps_hevc_tagged_for_safari() -> None:
    args = render_args("ff", plan_render(_draft(), _media(), "mp4", "original"), "o.mp4")
    assert args[args.index("-c:v") + 1] == "copy" and args[args.index("-tag:v") + 1] == "hvc1"


def test_refusals_are_sentences_found_before_ffmpeg() -> None:
    silent_video = _media(has_audio=False, audio_streams=[])
    no_sound = refusal(plan_render(_draft(), silent_video, "mp3"))
    assert no_sound is not None and no_sound.code == "no_audio" and str(no_sound).startswith("There is no sound")
    only_sound = refusal(plan_render(_draft(video=False), _media(), "mp4"))
    assert only_sound is not None and only_sound.code == "no_video"
    vp8 = refusal(plan_render(_draft(), _media(video_codec="vp8"), "mp4", "original"))
    assert vp8 is not None and vp8.code == "original_codec"
    assert refusal(plan_render(_draft(), _media(), "mp4")) is None


def test_short_result_note() -> None:
    assert short_result_note(2000, 1990) is None and short_result_note(60_000, 58_000) is None
    assert "damaged or incomplete" in (short_result_note(2000, 1000) or "")
    assert last_out_time_ms("out_time_us=10\nprogress=continue\nout_time_us=1500000\nprogress=end\n") == 1500


PROBE_MKV = """Input #0, matroska,webm, from 'movie.mkv':
  Duration: N/A, start: 0.000000, bitrate: N/A
  Stream #0:0: Video: hevc (Main 10), yuv420p10le(tv, progressive), 3840x2160, SAR 1:1 DAR 16:9, 29.97 fps
    Side data:
      Display Matrix: rotation of -90.00 degrees
  Stream #0:1(fre): Audio: opus, 48000 Hz, stereo, fltp
  Stream #0:2(eng): Audio: eac3, 44100 Hz, 5.1(side), fltp (default)
  Stream #0:3(eng): Subtitle: subrip (srt)
"""


def test_parse_probe_reads_rotation_pixel_format_and_every_audio_stream() -> None:
    info = parse_probe(PROBE_MKV)
    assert (info.video_codec, info.pix_fmt, info.rotation, info.width, info.height) == (
        "hevc",
        "yuv420p10le",
        270,
        3840,
        2160,
    )
    assert info.duration_ms is None and [s["language"] for s in info.audio_streams] == ["fre", "eng"]
    assert info.audio_track == 1 and (info.audio_codec, info.sample_rate) == ("eac3", 44100)
    assert [s["default"] for s in info.audio_streams] == [False, True]


def test_an_index_that_outgrows_its_room_falls_back_to_faststart(
    api: Api, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(args_mod, "INDEX_BASE_BYTES", 64)  # the engine runs in this process: no room at all
    monkeypatch.setattr(args_mod, "INDEX_BYTES_PER_PACKET", 0)
    clip = make_clip(tmp_path / "clip.mp4", seconds=2, size="160x90", audio=True)
    api.upload(clip)
    api.chat("remove all audio from this video")
    answer = api.wait(api.export("mp4"))
    assert answer["status"] == "completed", answer
    out = api.download(answer, tmp_path / "out.mp4")
    assert probe(out)["video"] == 1 and out.read_bytes()[:64].find(b"moov") > 0  # still index first


def test_a_stream_of_an_unknown_codec_is_not_usable() -> None:
    info = parse_probe(
        "Input #0, avi, from 'x.avi':\n  Duration: 00:00:02.00, start: 0.000000\n"
        "  Stream #0:0: Video: none (XYZW / 0x575A5958), 640x480, 25 fps\n"
    )
    assert not info.has_video  # refused at upload: "could not be read as a video"

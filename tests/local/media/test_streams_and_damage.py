"""The third round's rules without ffmpeg: which video stream, frames without times, files cut short, formats."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from nemo_widgets.local.http.api_render import resolve_format
from nemo_widgets.local.media.ffmpeg_args import plan_render, render_args
from nemo_widgets.local.media.policy import refuse_original
from nemo_widgets.local.media.probe import parse_probe
from nemo_widgets.local.media.sniff import cut_short
from nemo_widgets.local.media.worker import short_result_note

from helpers_engine import clip_draft

COVER_FIRST = """Input #0, matroska,webm, from 'download.mkv':
  Duration: 00:00:01.02, start: 0.000000, bitrate: 876 kb/s
  Stream #0:0: Video: h264 (High), yuv420p(progressive), 300x300 [SAR 1:1 DAR 1:1], 25 fps, 25 tbr, 1k tbn
  Stream #0:1: Video: h264 (Constrained Baseline), yuv420p(tv, progressive), 320x240 [SAR 1:1 DAR 4:3], 25 fps, 25 tbr, 1k tbn (default)
  Stream #0:2: Audio: aac (LC), 44100 Hz, mono, fltp (default)
"""
THUMBNAIL_FIRST = """Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'clip.mov':
  Duration: 00:00:01.00, start: 0.000000, bitrate: 899 kb/s
  Stream #0:0[0x1]: Video: mjpeg (Baseline) (jpeg / 0x6765706A), yuvj420p(pc), 300x300, 2061 kb/s, 25 fps
  Stream #0:1[0x2]: Video: h264 (High) (avc1 / 0x31637661), yuv420p(progressive), 320x240, 728 kb/s, 25 fps
"""
AVI = """Input #0, avi, from 'camera.avi':
  Duration: 00:00:02.00, start: 0.000000, bitrate: 711 kb/s
  Stream #0:0: Video: h264 ({profile}) (H264 / 0x34363248), yuv420p(progressive), 320x240, 25 fps, 25 tbr
"""


def test_the_video_is_the_default_flagged_stream_not_a_cover_before_it() -> None:
    info = parse_probe(COVER_FIRST)
    assert (info.video_track, info.width, info.height, info.video_profile) == (1, 320, 240, "Constrained Baseline")


def test_a_moving_stream_goes_before_a_still_picture_when_none_is_flagged() -> None:
    info = parse_probe(THUMBNAIL_FIRST)
    assert (info.video_track, info.video_codec, info.width) == (1, "h264", 320)


def _record(profile: str, container: str = "avi") -> dict[str, Any]:
    info = parse_probe(AVI.format(profile=profile)).to_dict()
    info["container"] = container
    return dict(info, id="m1", name="camera.avi", kind="video", abs_path="in.avi", path="m1.avi", size=1)


def _args(record: dict[str, Any], quality: str | None = None) -> list[str]:
    draft = clip_draft()
    draft["t"] = [t for t in draft["t"] if t["tt"] == 0]  # the picture alone: the silent MP4
    record = dict(record, duration_ms=10000)
    return render_args("ff", plan_render(draft, {"m1": record}, "mp4", quality), "out.mp4")


def test_frames_out_of_order_in_an_avi_are_re_encoded_and_in_order_ones_copied_with_times_rebuilt() -> None:
    reordered, in_order = _args(_record("High")), _args(_record("Constrained Baseline"))
    assert "libx264" in reordered and "+genpts" not in reordered
    assert in_order[in_order.index("-fflags") : in_order.index("-i")] == ["-fflags", "+genpts"]
    assert in_order[in_order.index("-c:v") + 1] == "copy"
    assert "+genpts" not in _args(_record("High", container="matroska"))  # an MKV keeps its times
    refused = refuse_original(_record("High"))
    assert refused is not None and "out of order" in refused and refuse_original(_record("Baseline")) is None


def test_a_cover_first_is_skipped_by_the_render_too() -> None:
    record = dict(parse_probe(COVER_FIRST).to_dict(), id="m1", name="d.mkv", kind="video", abs_path="in.mkv")
    args = _args(record)
    assert args[args.index("-map") + 1] == "0:v:1"


def test_an_mp4_cut_short_is_known_by_its_boxes(tmp_path: Path) -> None:
    whole = b"\x00\x00\x00\x10ftypisom\x00\x00\x02\x00" + b"\x00\x00\x00\x10mdat" + bytes(8)
    (tmp_path / "whole.mp4").write_bytes(whole)
    (tmp_path / "cut.mp4").write_bytes(whole[:-3])
    (tmp_path / "text.mp4").write_bytes(b"just some words, not boxes at all\n" * 3)
    assert [cut_short(tmp_path / n) for n in ("whole.mp4", "cut.mp4", "text.mp4", "missing.mp4")] == [
        False,
        True,
        False,
        False,
    ]
    assert short_result_note(6000, 5640) is None  # a little short: no word...
    assert "damaged" in str(short_result_note(6000, 5640, damaged=True))  # ...unless the file is known cut
    assert "damaged" in str(short_result_note(6000, 6000, damaged=True))


@pytest.mark.parametrize(
    ("requested", "remembered", "fmt"),
    [("mp4", None, "mp4"), ("mp4", "mp4", "mp4"), ("mp4", "wav", "wav"), (None, "mp4", "m4a"), (None, None, "mp3")],
)
def test_sound_alone_asked_as_mp4_stays_mp4_to_be_refused(requested: str | None, remembered: str | None,
                                                          fmt: str) -> None:  # fmt: skip
    draft = clip_draft()
    draft["t"] = [t for t in draft["t"] if t["tt"] != 0]  # no picture left
    assert resolve_format(requested, draft, remembered) == fmt

"""The second round's rules without ffmpeg: EXIF orientation, pixel aspect, fields, late sound, RF64 WAV."""

from __future__ import annotations

from pathlib import Path

import pytest
from media_make import exif_orientation_segment
from nemo_widgets.local.media.exif import jpeg_orientation, orientation_rotation
from nemo_widgets.local.media.ffmpeg_args import extract_audio_args, render_args
from nemo_widgets.local.media.plan import plan_render
from nemo_widgets.local.media.policy import display_size, source_filters
from nemo_widgets.local.media.probe import parse_probe, sniff_kinds
from nemo_widgets.local.media.sniff import sniff
from nemo_widgets.local.media.worker import empty_sound

JPEG = b"\xff\xd8\xff\xdb\x00\x04\x00\x00\xff\xda\x00\x02"  # SOI, a tiny DQT, start of scan


@pytest.mark.parametrize(("orientation", "rotation"), [(1, 0), (3, 180), (6, 90), (8, 270), (5, 90), (2, 0)])
def test_a_photos_exif_orientation_gives_its_turn(tmp_path: Path, orientation: int, rotation: int) -> None:
    photo = tmp_path / "IMG.jpg"
    photo.write_bytes(JPEG[:2] + exif_orientation_segment(orientation) + JPEG[2:])
    assert jpeg_orientation(photo.read_bytes()) == orientation and orientation_rotation(photo) == rotation


def test_no_exif_or_a_damaged_one_is_upright(tmp_path: Path) -> None:
    assert jpeg_orientation(JPEG) is None and jpeg_orientation(b"\x89PNG\r\n\x1a\n") is None
    cut = JPEG[:2] + exif_orientation_segment(6)[:14]  # the segment cut short
    assert jpeg_orientation(cut) is None
    assert orientation_rotation(tmp_path / "missing.jpg") == 0


PROBE_DV = """Input #0, avi, from 'camcorder.avi':
  Duration: 00:00:01.00, start: 0.000000, bitrate: 29633 kb/s
  Stream #0:0: Video: dvvideo (dvsd / 0x64737664), yuv411p, 720x480 [SAR 8:9 DAR 4:3], 28771 kb/s, 29.97 fps
  Stream #0:1: Audio: pcm_s16le ([1][0][0][0] / 0x0001), 48000 Hz, mono, s16, 768 kb/s
"""
PROBE_DVD = """Input #0, matroska,webm, from 'DVD rip.mkv':
  Duration: 00:00:01.52, start: 0.000000, bitrate: 3247 kb/s
  Stream #0:0: Video: mpeg2video (Main), yuv420p(tv, top coded first (swapped)), 720x576 [SAR 64:45 DAR 16:9], 25 fps
  Stream #0:1: Audio: ac3, 48000 Hz, 5.1(side), fltp, 448 kb/s, start 0.476780 (default)
"""


def test_the_probe_reads_pixel_aspect_fields_and_a_late_start() -> None:
    dv, dvd = parse_probe(PROBE_DV), parse_probe(PROBE_DVD)
    assert dv.pixel_aspect == pytest.approx(8 / 9) and dv.interlaced  # DV: always fields
    assert dvd.pixel_aspect == pytest.approx(64 / 45) and dvd.interlaced
    assert dvd.audio_streams[0]["delay_ms"] == 477 and dv.audio_streams[0]["delay_ms"] == 0
    assert (dvd.audio_streams[0]["channels"], parse_probe(PROBE_DV).interlaced) == (6, True)


def test_the_displayed_size_applies_the_pixel_aspect_then_the_rotation() -> None:
    assert display_size(720, 480, 0, 8 / 9) == (640, 480) and display_size(720, 576, 0, 64 / 45) == (1024, 576)
    assert display_size(720, 480, 90, 32 / 27) == (480, 853) and display_size(640, 480, 0, 1.0001) == (640, 480)
    assert source_filters(False) == [] and source_filters(True)[0].startswith("bwdif=")


def _record(**extra: object) -> dict[str, dict[str, object]]:
    info = parse_probe(PROBE_DVD).to_dict()
    return {"m1": {**info, "abs_path": "dvd.mkv", "kind": "video", **extra}}


def _draft(audio: bool = True, in_ms: int = 0) -> dict[str, object]:
    seg = {"s": 0, "d": 1520 - in_ms, "m": {"src": "m1", "in": in_ms}}
    return {"t": [{"tt": 0, "m": {}, "sg": [seg]}, *([{"tt": 1, "m": {}, "sg": [seg]}] if audio else [])]}


def test_a_dvd_rip_is_woven_and_shown_at_its_width() -> None:
    plan = plan_render(_draft(audio=False), _record(), "mp4")
    assert (plan.width, plan.height, plan.copy_video) == (1024, 576, False)
    args = render_args("ff", plan, "o.mp4")
    assert args[args.index("-vf") + 1].startswith("bwdif=mode=send_frame:deint=interlaced,scale=1024:576:")
    trimmed = render_args("ff", plan_render(_draft(audio=False, in_ms=500), _record(), "mp4"), "o.mp4")
    graph = trimmed[trimmed.index("-filter_complex") + 1]
    assert "[0:v:0]bwdif=mode=send_frame:deint=interlaced,scale=trunc(iw*sar/2)*2:ih,setsar=1,scale=1024:576" in graph


def test_sound_that_starts_late_keeps_its_place_in_an_audio_export() -> None:
    mp3 = render_args("ff", plan_render(_draft(), _record(), "mp3"), "o.mp3")
    assert mp3[mp3.index("-af") + 1] == "aresample=async=1:first_pts=0"
    m4a = extract_audio_args("ff", "in.mp4", "o.m4a", "m4a", source_codec="aac", delay_ms=500)
    assert m4a[m4a.index("-c:a") + 1] == "aac"  # a copy could not hold the silence
    on_time = extract_audio_args("ff", "in.mp4", "o.m4a", "m4a", source_codec="aac", delay_ms=23)  # AAC priming
    assert on_time[on_time.index("-c:a") + 1] == "copy" and "-af" not in on_time


def test_an_empty_audio_track_is_refused_in_words() -> None:
    refused = empty_sound("mp3")
    assert refused.code == "no_audio" and str(refused).startswith("There is no sound to export as MP3: the audio")


def test_a_field_recorders_rf64_wav_is_audio() -> None:
    assert sniff_kinds(b"RF64\xff\xff\xff\xffWAVEds64" + bytes(52)) == {"audio"}
    assert sniff_kinds(b"BW64\xff\xff\xff\xffWAVEds64" + bytes(52)) == {"audio"}


PROBE = """Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'clip.mp4':
  Duration: 00:01:02.50, start: 0.000000, bitrate: 1870 kb/s
  Stream #0:0[0x1](und): Video: h264 (High) (avc1 / 0x31637661), yuv420p(progressive), 1280x720 [SAR 1:1 DAR 16:9], 1794 kb/s, 25 fps, 25 tbr, 12800 tbn (default)
  Stream #0:1[0x2](und): Audio: aac (LC) (mp4a / 0x6134706D), 48000 Hz, stereo, fltp, 129 kb/s (default)
At least one output file must be specified
"""


def test_parse_probe_reads_duration_and_streams() -> None:
    info = parse_probe(PROBE)
    assert info.duration_ms == 62500 and info.container == "mov"
    assert (info.has_video, info.width, info.height, info.video_codec, info.fps) == (True, 1280, 720, "h264", 25.0)
    assert (info.has_audio, info.audio_codec, info.sample_rate) == (True, "aac", 48000)


def test_parse_probe_ignores_cover_art_and_garbage() -> None:
    mp3 = (
        "Input #0, mp3, from 'a.mp3':\n  Duration: 00:00:03.00, start: 0.0, bitrate: 128 kb/s\n"
        "  Stream #0:0: Audio: mp3 (mp3float), 44100 Hz, mono, fltp, 128 kb/s\n"
        "  Stream #0:1: Video: mjpeg (Baseline), yuvj420p, 300x300, 90k tbr (attached pic)\n"
    )
    info = parse_probe(mp3)
    assert info.has_audio and not info.has_video and info.duration_ms == 3000
    assert parse_probe("x.mp4: Invalid data found when processing input").duration_ms is None


@pytest.mark.parametrize(
    ("head", "kinds"),
    [
        (b"\x00\x00\x00\x20ftypisom" + b"\x00" * 20, {"video", "audio"}),
        (b"\x1a\x45\xdf\xa3" + b"\x00" * 20, {"video", "audio"}),
        (b"RIFF\x00\x00\x00\x00AVI LIST", {"video"}),
        (b"RIFF\x00\x00\x00\x00WAVEfmt ", {"audio"}),
        (b"RIFF\x00\x00\x00\x00WEBPVP8 ", {"image"}),
        (b"ID3\x04\x00\x00\x00\x00", {"audio"}),
        (b"\xff\xfb\x90\x64\x00", {"audio"}),
        (b"\xff\xf1\x50\x80\x02\x1f\xfc", {"audio"}),  # an ADTS header (a 16-byte frame)
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", {"image"}),
        (b"\x89PNG\r\n\x1a\n\x00\x00", {"image"}),
        (b"GIF89a\x01\x00", {"image"}),
        (b"this is not a video at all, just text", set()),
        (b"", set()),
    ],
)
def test_sniff_kinds(head: bytes, kinds: set[str]) -> None:
    assert sniff_kinds(head) == kinds


# -- round 3: what a file really is -----------------------------------------------------------------------


def _mp3_frames(count: int) -> bytes:
    """``count`` MPEG-1 layer III frames at 128 kbit/s, 44.1 kHz (417 bytes each, no padding)."""
    return (b"\xff\xfb\x90\x00" + bytes(413)) * count


@pytest.mark.parametrize(
    ("head", "kinds", "other", "not_media"),
    [
        (_mp3_frames(6)[200:], {"audio"}, None, False),  # a capture that starts inside a frame
        (bytes(range(1, 200)) * 3 + _mp3_frames(6), {"audio"}, None, False),  # noise before the first frame
        (b"\x00\x00\x00\x1cftypavif" + bytes(40), set(), "an AVIF", False),
        (b"\x00\x00\x00\x18ftypheic" + bytes(40), set(), "a HEIC", False),
        (b"fLaC\x00\x00\x00\x22" + bytes(40), set(), "a FLAC", False),
        (b"BM\x36\x84\x03\x00\x00\x00\x00\x00\x36\x00\x00\x00" + bytes(40), set(), "a BMP", False),
        ((b"\x47" + bytes(187)) * 4, set(), "an MPEG-TS", False),
        (b"plain words, not a video\n" * 8, set(), None, True),
        (b"PK\x03\x04\x14\x00\x06\x00" + bytes(range(256)), set(), None, True),  # a zip (or .docx) named .mp4
        (bytes(range(1, 256)) * 4, set(), None, False),  # unknown binary: ffmpeg's probe decides
        (bytes([0xFF, 0xFB, 0x90, 0x00]) + bytes(300) + b"\x01\x02" * 200, set(), None, False),  # one lone header
    ],
)
def test_content_says_what_a_file_is(head: bytes, kinds: set[str], other: str | None, not_media: bool) -> None:
    found = sniff(head)
    assert (set(found.kinds), found.other.label if found.other else None, found.not_media) == (kinds, other, not_media)

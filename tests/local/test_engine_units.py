"""Pure parts of the engine: probe parsing, sniffing, ffmpeg argument lists, drafts, intents, SSE frames."""

from __future__ import annotations

import json

import pytest
from nemo_widgets.local import drafts
from nemo_widgets.local.faults import Fault, FaultPlan
from nemo_widgets.local.media import parse_probe, sniff_kinds
from nemo_widgets.local.render import parse_progress_line
from nemo_widgets.local.render_args import (
    Clip,
    RenderPlan,
    audio_bitrate,
    extract_audio_args,
    plan_render,
    remove_audio_args,
    render_args,
    with_faststart,
)
from nemo_widgets.local.sse import Invocation, error_frame, frame, split_chunks
from nemo_widgets.local.uploads import display_name, stored_name

from helpers_engine import FIXTURES, clip_draft

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


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("../../etc/passwd.mp4", "passwd.mp4"),
        ("/abs/path/clip.mp4", "clip.mp4"),
        ("C:\\Users\\me\\clip.mp4", "clip.mp4"),
        ("cl\x00ip\x1b.mp4", "clip.mp4"),
        ("..hidden.mp4", "..hidden.mp4"),
        ("a<b>c|d?.mp4", "a<b>c|d?.mp4"),
        ("می\u200cخواهم.mp4", "می\u200cخواهم.mp4"),  # a zero-width non-joiner is part of the word
        ("at 10.22\u202fAM.mov", "at 10.22\u202fAM.mov"),
        ("vide\u0301o.mp4", "vide\u0301o.mp4"),  # decomposed, as macOS gives it: kept as given
        ("", "upload"),
        ("../", "upload"),
    ],
)
def test_display_name_is_the_name_given(raw: str, shown: str) -> None:
    assert display_name(raw) == shown


def test_stored_name_fits_255_bytes_with_its_suffix_and_cuts_no_character() -> None:
    title = "我们一起去看海边的日出" * 10  # 330 bytes
    stored = stored_name(title, "_edited.mp4")
    assert len(stored.encode()) <= 255 and stored.endswith("_edited.mp4") and title.startswith(stored[:-11])
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467" * 30
    assert not stored_name(family, ".mp3").removesuffix(".mp3").endswith("\u200d")  # no joiner left hanging
    assert stored_name("a/b\\c\nd", ".mp3") == "a_b_c_d.mp3" and stored_name("", ".mp3") == "render.mp3"


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


def _capture(name: str) -> list[dict]:
    text = (FIXTURES / name).read_text()
    return [json.loads(line[6:]) for line in text.splitlines() if line.startswith("data: ")]


def test_frames_have_the_captured_key_order() -> None:
    inv = Invocation()
    plain, silent, streamed, failed = (
        _capture(n) for n in ("plain_text.sse", "silent_edit.sse", "streamed_text.sse", "agent_error.sse")
    )
    assert list(inv.text("hi")) == list(plain[0])
    assert list(inv.function_call("c", "remove_audio", {})) == list(silent[0])
    assert list(inv.function_response("c", "remove_audio", {}, {"draft": {}})) == list(silent[1])
    assert list(inv.chunk("a", "x")) == list(streamed[0]) and list(inv.final("a", "x")) == list(streamed[-1])
    assert list(inv.error("RuntimeError", "boom")) == list(failed[0])
    last = json.loads(error_frame("RuntimeError", "boom")[6:])
    assert list(last) == list(failed[1]) and list(last["error_details"]) == list(failed[1]["error_details"])
    assert frame({"a": 1}) == b'data: {"a":1}\n\n'
    assert "".join(split_chunks("Done! I removed the audio track.")) == "Done! I removed the audio track."


def test_fault_plan_header_and_armed() -> None:
    armed: dict[str, int] = {"429": 1, "slow-render:2": 1}
    plan = FaultPlan(armed)
    assert plan.take("chat", {"x-nemo-fault": "drop-stream"}) == [Fault("drop-stream")]
    assert plan.take("token", {"x-nemo-fault": "drop-stream"}) == []  # not a chat: ignored
    assert plan.take("state", {}) == [Fault("429")]
    assert plan.take("state", {}) == []
    assert plan.take("chat", {}) == []  # slow-render waits for an export
    assert plan.take("export", {}) == [Fault("slow-render", "2")] and Fault("slow-render", "2").seconds() == 2
    assert armed == {}

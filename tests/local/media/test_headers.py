"""The upload's header reader gives ffmpeg's probe answer or none at all, over files of many kinds made by ffmpeg."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from nemo_widgets.local.media import headers
from nemo_widgets.local.media.headers import probe_upload, read_header
from nemo_widgets.local.media.probe import MediaInfo, probe_fully

from helpers_media import ffmpeg

V = ["-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25"]
A = ["-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100"]
X264 = ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"]

#: name -> (ffmpeg arguments between the inputs and the output, output suffix, whether the reader must answer)
CASES: dict[str, tuple[list[str], str, bool]] = {
    "h264_aac_mp4": ([*V, *A, *X264, "-c:a", "aac", "-shortest"], "mp4", True),
    "ntsc_rate_stereo_48k_faststart": (
        [
            "-f",
            "lavfi",
            "-i",
            "testsrc2=size=640x360:rate=30000/1001",
            "-f",
            "lavfi",
            "-i",
            "sine=frequency=300:sample_rate=48000",
            *X264,
            "-c:a",
            "aac",
            "-ac",
            "2",
            "-shortest",
            "-movflags",
            "+faststart",
        ],
        "mp4",
        True,
    ),
    "mov": ([*V, *A, *X264, "-c:a", "aac", "-shortest"], "mov", True),
    "m4a_audio_only": ([*A, "-c:a", "aac"], "m4a", True),
    "video_only": ([*V, *X264], "mp4", True),
    "two_languages": (
        [
            *V,
            *A,
            "-f",
            "lavfi",
            "-i",
            "sine=frequency=880:sample_rate=22050",
            "-map",
            "0:v",
            "-map",
            "1:a",
            "-map",
            "2:a",
            *X264,
            "-c:a",
            "aac",
            "-metadata:s:a:0",
            "language=eng",
            "-metadata:s:a:1",
            "language=fra",
            "-disposition:a:1",
            "0",
            "-shortest",
        ],
        "mp4",
        True,
    ),
    "anamorphic_sar": ([*V, "-vf", "setsar=4/3", *X264], "mp4", True),
    "full_range": ([*V, "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuvj420p"], "mp4", False),
    "yuv422": ([*V, "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv422p"], "mp4", False),
    "ten_bit": ([*V, "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p10le"], "mp4", False),
    "cropped_odd_size": (["-f", "lavfi", "-i", "testsrc2=size=330x186:rate=24", *X264], "mp4", True),
    "interlaced": (
        [*V, "-c:v", "libx264", "-preset", "ultrafast", "-flags", "+ildct+ilme", "-x264opts", "tff=1"],
        "mp4",
        False,
    ),
    "surround_aac": ([*A, "-c:a", "aac", "-ac", "6"], "m4a", False),
    "mp3_in_mp4": ([*V, *A, *X264, "-c:a", "libmp3lame", "-shortest"], "mp4", False),
    "mpeg4_part2": ([*V, "-c:v", "mpeg4"], "mp4", False),
    "fragmented_mp4": (
        [*V, *A, *X264, "-c:a", "aac", "-shortest", "-movflags", "frag_keyframe+empty_moov"],
        "mp4",
        False,
    ),
    "wav_s16_stereo": ([*A, "-ac", "2", "-c:a", "pcm_s16le"], "wav", True),
    "wav_u8_mono": ([*A, "-c:a", "pcm_u8"], "wav", True),
    "wav_s24": ([*A, "-c:a", "pcm_s24le"], "wav", True),
    "wav_float": ([*A, "-c:a", "pcm_f32le"], "wav", True),
    "wav_alaw": ([*A, "-c:a", "pcm_alaw"], "wav", False),
    "mp3": ([*A, "-c:a", "libmp3lame"], "mp3", False),
}


def _make(folder: Path, name: str) -> Path:
    args, suffix, _sure = CASES[name]
    out = folder / f"{name}.{suffix}"
    subprocess.run([ffmpeg(), "-hide_banner", "-v", "error", "-y", *args, "-t", "2", str(out)], check=True,
                   capture_output=True, timeout=120)  # fmt: skip
    return out


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_header_gives_ffmpegs_answer_or_none(tmp_path: Path, name: str) -> None:
    path = _make(tmp_path, name)
    by_ffmpeg = probe_fully(ffmpeg(), path, "audio" if path.suffix in (".m4a", ".wav", ".mp3") else "video")
    read = read_header(path)
    if read is not None:
        assert read == by_ffmpeg
    if CASES[name][2]:  # the common kinds: read without ffmpeg
        assert read is not None, by_ffmpeg


def test_a_rotated_phone_clip_and_an_edit_list_go_to_ffmpeg(tmp_path: Path) -> None:
    plain = _make(tmp_path, "h264_aac_mp4")
    rotated = tmp_path / "rotated.mp4"
    subprocess.run([ffmpeg(), "-hide_banner", "-v", "error", "-y", "-display_rotation", "90", "-i", str(plain),
                    "-c", "copy", str(rotated)], check=True, capture_output=True, timeout=60)  # fmt: skip
    assert read_header(rotated) is None and probe_fully(ffmpeg(), rotated, "video").rotation in (90, 270)
    cut = tmp_path / "cut.mp4"  # a stream copy cut off a keyframe: an edit list that skips the first frames
    subprocess.run([ffmpeg(), "-hide_banner", "-v", "error", "-y", "-ss", "0.5", "-i", str(plain), "-c", "copy",
                    str(cut)], check=True, capture_output=True, timeout=60)  # fmt: skip
    read = read_header(cut)
    assert read is None or read == probe_fully(ffmpeg(), cut, "video")


@pytest.mark.parametrize("damage", ["truncated", "garbage_after_ftyp", "empty"])
def test_a_damaged_file_is_left_to_ffmpeg(tmp_path: Path, damage: str) -> None:
    whole = _make(tmp_path, "h264_aac_mp4").read_bytes()
    broken = tmp_path / f"{damage}.mp4"
    broken.write_bytes({"truncated": whole[: len(whole) // 2], "garbage_after_ftyp": whole[:32] + b"\xff" * 500,
                        "empty": b""}[damage])  # fmt: skip
    assert read_header(broken) is None


def test_an_upload_read_from_its_header_starts_no_ffmpeg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _make(tmp_path, "h264_aac_mp4")
    expected = probe_fully(ffmpeg(), path, "video")

    def no_ffmpeg(*_args: object) -> MediaInfo:
        raise AssertionError("ffmpeg was asked")

    monkeypatch.setattr(headers, "probe_fully", no_ffmpeg)
    assert probe_upload(ffmpeg(), path, "video") == expected

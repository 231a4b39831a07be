"""The result check: the file's streams (ffmpeg, and our own reader without it) against the profile's promise.

The media are DATA: a corpus of generated files of the kinds a render can come back as (containers,
codecs, sample rates, tags, cover art, moov first or last, two audio tracks) plus files that are not
media. Both readers must give the truth for each class; the agreement is printed as a figure.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from nemo_widgets.core import streams
from nemo_widgets.core.result_check import FIX_AUDIO_ONLY, FIX_SILENT, check_result, promise_for
from nemo_widgets.core.streams import read_streams, read_with_ffmpeg, read_without_ffmpeg

from helpers_media import ffmpeg

VIDEO = ["-f", "lavfi", "-i", "testsrc2=size=160x90:rate=10"]
TONE = ["-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100"]
LOW_TONE = ["-f", "lavfi", "-i", "sine=frequency=220:sample_rate=22050"]
H264 = ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"]


def _cover(folder: Path) -> Path:
    path = folder / "cover.png"
    if not path.exists():
        _ffmpeg(["-f", "lavfi", "-i", "color=c=red:size=64x64", "-frames:v", "1"], path)
    return path


def _ffmpeg(args: list[str], out: Path) -> Path:
    subprocess.run([ffmpeg(), "-hide_banner", "-v", "error", "-y", *args, "-t", "1", str(out)], check=True,
                   capture_output=True, timeout=60)  # fmt: skip
    return out


#: name -> (how to make it in a folder, (video streams, audio streams)); None: not media (unreadable)
CORPUS: dict[str, tuple[Callable[[Path], Path], tuple[int, int] | None]] = {
    "mp4 video+aac": (lambda d: _ffmpeg([*VIDEO, *TONE, *H264, "-c:a", "aac"], d / "va.mp4"), (1, 1)),
    "mp4 video only": (lambda d: _ffmpeg([*VIDEO, *H264, "-an"], d / "v.mp4"), (1, 0)),
    "mp4 moov first": (lambda d: _ffmpeg([*VIDEO, *TONE, *H264, "-c:a", "aac", "-movflags", "+faststart"],
                                         d / "fast.mp4"), (1, 1)),
    "mp4 two audio tracks": (lambda d: _ffmpeg([*VIDEO, *TONE, *LOW_TONE, "-map", "0", "-map", "1", "-map", "2",
                                                *H264, "-c:a", "aac"], d / "two.mp4"), (1, 2)),
    "mp4 audio only": (lambda d: _ffmpeg([*TONE, "-c:a", "aac"], d / "a.mp4"), (0, 1)),
    "m4a": (lambda d: _ffmpeg([*TONE, "-c:a", "aac"], d / "a.m4a"), (0, 1)),
    "mov video+audio": (lambda d: _ffmpeg([*VIDEO, *TONE, *H264, "-c:a", "aac"], d / "va.mov"), (1, 1)),
    "mp3 192k": (lambda d: _ffmpeg([*TONE, "-c:a", "libmp3lame", "-b:a", "192k"], d / "a.mp3"), (0, 1)),
    "mp3 vbr": (lambda d: _ffmpeg([*TONE, "-c:a", "libmp3lame", "-q:a", "4"], d / "vbr.mp3"), (0, 1)),
    "mp3 mpeg-2 22 kHz": (lambda d: _ffmpeg([*LOW_TONE, "-c:a", "libmp3lame", "-b:a", "64k"], d / "low.mp3"),
                          (0, 1)),
    "mp3 id3 tags": (lambda d: _ffmpeg([*TONE, "-c:a", "libmp3lame", "-id3v2_version", "3", "-metadata",
                                        "title=Urban Dreams", "-metadata", "artist=Nemo"], d / "tags.mp3"), (0, 1)),
    "mp3 cover art": (lambda d: _ffmpeg([*TONE, "-i", str(_cover(d)), "-map", "0", "-map", "1", "-c:a",
                                         "libmp3lame", "-c:v", "mjpeg", "-disposition:v", "attached_pic",
                                         "-id3v2_version", "3"], d / "cover.mp3"), (0, 1)),
    "wav": (lambda d: _ffmpeg([*TONE], d / "a.wav"), (0, 1)),
    "text named .mp3": (lambda d: _write(d / "notes.mp3", b"these are my notes, not music\n" * 200), None),
    "zeros named .mp4": (lambda d: _write(d / "zeros.mp4", bytes(50_000)), None),
    "random named .mp3": (lambda d: _write(d / "random.mp3", _random(200_000)), None),
    "empty named .mp4": (lambda d: _write(d / "empty.mp4", b""), None),
    "truncated mp4 header": (lambda d: _write(d / "cut.mp4", b"\x00\x00\x00\x20ftypisom" + bytes(8)), None),
}  # fmt: skip


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _random(size: int) -> bytes:
    import random

    return random.Random(13).randbytes(size)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, tuple[int, int] | None]]:
    folder = tmp_path_factory.mktemp("results")
    return {name: (make(folder), truth) for name, (make, truth) in CORPUS.items()}


def _seen(report: streams.StreamReport) -> tuple[int, int] | None:
    return (report.video, report.audio) if report.readable else None


def test_both_readers_tell_the_truth_for_every_class(corpus, capsys) -> None:
    """Every media class read right by both; our reader never invents streams in a non-media file.

    ffmpeg's MP3 probe is lenient: random bytes named ``.mp3`` read as one audio stream (seen here), so
    for non-media files only "no video" is asked of it. A render server does not send random bytes; a
    text error page saved as the file is unreadable to both.
    """
    wrong: dict[str, list[tuple[str, object]]] = {"ffmpeg": [], "ours": []}
    for name, (path, truth) in corpus.items():
        for reader, report in (("ffmpeg", read_with_ffmpeg(path, ffmpeg())), ("ours", read_without_ffmpeg(path))):
            if truth is None:
                bad = report.readable and (report.video > 0 or reader == "ours")
            else:
                bad = _seen(report) != truth
            if bad:
                wrong[reader].append((name, _seen(report)))
    with capsys.disabled():
        for reader, misses in wrong.items():
            print(f"\nresult-check reader {reader}: {len(corpus) - len(misses)}/{len(corpus)} classes right")
    assert wrong == {"ffmpeg": [], "ours": []}


def test_ffmpeg_is_used_when_present_and_our_reader_otherwise(corpus, monkeypatch) -> None:
    path = corpus["mp4 video+aac"][0]
    assert read_streams(path).reader == "ffmpeg"  # imageio-ffmpeg is installed with [local]
    monkeypatch.setattr(streams, "find_ffmpeg", lambda: None)
    assert read_streams(path).reader == "mp4 boxes"
    assert read_streams(corpus["mp3 192k"][0]).reader == "mp3 frames"
    assert read_streams(corpus["wav"][0]).reader == "wav header"
    missing = read_streams(corpus["mp3 192k"][0].with_name("gone.mp3"))
    assert not missing.readable and str(missing) == "streams unknown"


def test_the_ffmpeg_duration_is_read(corpus) -> None:
    report = read_with_ffmpeg(corpus["mp4 video+aac"][0], ffmpeg())
    assert report.duration_s is not None and abs(report.duration_s - 1.0) < 0.2


def test_a_broken_ffmpeg_falls_back_to_our_reader(corpus, tmp_path) -> None:
    fake = tmp_path / "ffmpeg"
    fake.write_text("#!/bin/sh\nexit 1\n")
    fake.chmod(0o755)
    assert read_streams(corpus["mp4 video+aac"][0], str(fake)).reader == "mp4 boxes"
    assert not read_with_ffmpeg(corpus["mp4 video+aac"][0], str(tmp_path / "nope")).readable


@pytest.mark.parametrize("with_ffmpeg", [True, False])
@pytest.mark.parametrize(
    ("name", "fmt", "profile", "ok", "fix"),
    [
        ("mp4 video only", "mp4", "video-audio-remover", True, None),
        ("mp4 video+aac", "mp4", "video-audio-remover", False, FIX_SILENT),
        ("mp4 two audio tracks", "mp4", "video-audio-remover", False, FIX_SILENT),
        ("mp4 video+aac", "mp4", "video-to-mp3", True, None),  # an MP4 from the MP3 skill may keep its sound
        ("mp4 audio only", "mp4", "video-to-mp3", False, None),  # an MP4 without video
        ("mp3 192k", "mp3", "video-to-mp3", True, None),
        ("mp3 cover art", "mp3", "video-to-mp3", True, None),  # cover art is not a video stream
        ("mp3 192k", "mp3", "video-audio-remover", True, None),
        ("mp4 video+aac", "mp3", "video-to-mp3", False, FIX_AUDIO_ONLY),  # a video came back named .mp3
        ("mp4 video only", "m4a", "video-to-mp3", False, None),  # no sound at all: nothing to fix by editing
        ("text named .mp3", "mp3", "video-to-mp3", None, None),  # unreadable: neither passed nor failed
    ],
)  # fmt: skip
def test_the_check_decides_by_the_promise(corpus, monkeypatch, with_ffmpeg, name, fmt, profile, ok, fix) -> None:
    if not with_ffmpeg:
        monkeypatch.setattr(streams, "find_ffmpeg", lambda: None)
    check = check_result(corpus[name][0], fmt, profile)
    assert (check.ok, check.fix) == (ok, fix), check
    assert (check.problem is not None) == (ok is False)
    if check.problem:
        assert check.problem.endswith("The file is kept.") and "{" not in check.problem
    assert check.promise == promise_for(fmt, profile)
    assert os.path.exists(corpus[name][0])  # the file is never removed


def test_the_mismatch_sentence_counts_streams(corpus) -> None:
    assert "it has 2 audio streams" in (check_result(corpus["mp4 two audio tracks"][0], "mp4",
                                                     "video-audio-remover").problem or "")  # fmt: skip
    assert "it has an audio stream" in (check_result(corpus["mp4 video+aac"][0], "mp4",
                                                     "video-audio-remover").problem or "")  # fmt: skip

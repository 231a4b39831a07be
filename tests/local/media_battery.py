"""The real-world media battery, as data: one line per class of file a user brings.

Each :class:`Case` says how to make the file (ffmpeg lavfi sources, then an
optional finishing step: a rotation set on the copy, a cut, a pipe that leaves
no duration in the header...) and what each job must give: a result
(:class:`Video` for the silent MP4, :class:`Audio` for the MP3) or the exact
sentence the user reads (:class:`Says`). New class: one more line in ``CASES``.

Small on purpose (1-2 s, small sizes; the 4K class is 3840x2160 at 5 fps for
1 s), so the whole battery runs on 2 cores in about a minute.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from helpers_media import ffmpeg

__all__ = ["CASES", "Audio", "Case", "Says", "Video", "make"]

V = ["-f", "lavfi", "-i", "testsrc2=size={size}:rate={rate}"]
A = ["-f", "lavfi", "-i", "sine=frequency=440:sample_rate={ar}"]
A2 = ["-f", "lavfi", "-i", "sine=frequency=880:sample_rate=16000"]
X264 = ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"]
NO_SOUND = (
    "There is no sound to export as MP3: the clip on the timeline has no audio track. "
    "Upload a clip with sound, or export the video as MP4."
)
NO_PICTURE = (
    "This file has no picture, only sound: removing its audio would leave nothing. "
    "Upload a video, or export the audio as MP3. Nothing was changed."
)  # the local agent's refusal
CHECK_FILE = "Check that it plays on your computer; if it does, save it again (e.g. as MP4) and upload that."


@dataclass(frozen=True)
class Video:
    """A silent MP4 that plays in a browser: H.264 yuv420p, moov first, no audio; ``size`` as displayed."""

    size: tuple[int, int]
    seconds: float
    rotation: int = 0  # the display matrix kept on a copy
    note: str | None = None  # a substring of the result's note (a damaged source)


@dataclass(frozen=True)
class Audio:
    """An MP3 at ``kbps`` and ``rate`` Hz, ``seconds`` long."""

    seconds: float
    rate: int = 44100
    kbps: int = 192
    note: str | None = None


@dataclass(frozen=True)
class Says:
    """The exact sentence (message and next step) the user reads; ``{name}`` is the file's name."""

    text: str


@dataclass(frozen=True)
class Case:
    name: str
    filename: str
    inputs: list[str]  # ffmpeg input arguments (lavfi), formatted with size/rate/ar
    output: list[str]  # ffmpeg output arguments
    silent: Video | Says
    mp3: Audio | Says
    size: str = "320x240"
    rate: int = 25
    ar: int = 44100
    seconds: float = 1.0
    finish: str | None = None  # rotate90 | pipe | cut | cut_moov_last | empty | text
    extra: dict[str, str] = field(default_factory=dict)


CASES: list[Case] = [
    Case("h264_aac_mp4", "phone.mp4", V + A, [*X264, "-c:a", "aac"], Video((320, 240), 1), Audio(1)),
    Case(
        "hevc_rotated_iphone",
        "IMG_0001.mov",
        V + A,
        [
            "-c:v",
            "libx265",
            "-preset",
            "ultrafast",
            "-x265-params",
            "log-level=error",
            "-tag:v",
            "hvc1",
            "-pix_fmt",
            "yuv420p",
            "-c:a",
            "aac",
        ],
        Video((240, 320), 1),
        Audio(1),
        finish="rotate90",
    ),
    Case(
        "h264_portrait_rotated",
        "android.mp4",
        V + A,
        [*X264, "-c:a", "aac"],
        Video((240, 320), 1, rotation=90),
        Audio(1),
        finish="rotate90",
    ),
    Case(
        "h264_portrait_coded",
        "vertical.mp4",
        V + A,
        [*X264, "-c:a", "aac"],
        Video((180, 320), 1),
        Audio(1),
        size="180x320",
    ),
    Case(
        "h264_4k", "uhd.mp4", V + A, [*X264, "-c:a", "aac"], Video((1920, 1080), 1), Audio(1), size="3840x2160", rate=5
    ),
    Case(
        "h264_10bit",
        "tenbit.mkv",
        V + A,
        ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p10le", "-c:a", "aac"],
        Video((320, 240), 1),
        Audio(1),
    ),
    Case(
        "vp8_webm",
        "youtube.webm",
        V + A,
        ["-c:v", "libvpx", "-deadline", "realtime", "-cpu-used", "8", "-c:a", "libopus"],
        Video((320, 240), 1),
        Audio(1, rate=48000),
    ),
    Case(
        "vp9_webm_mediarecorder",
        "recording.webm",
        V + A,
        [
            "-c:v",
            "libvpx-vp9",
            "-deadline",
            "realtime",
            "-cpu-used",
            "8",
            "-c:a",
            "libopus",
            "-f",
            "webm",
            "-live",
            "1",
        ],
        Video((320, 240), 1),
        Audio(1, rate=48000),
        finish="pipe",
    ),
    Case(
        "mkv_two_audio_subtitles",
        "movie.mkv",
        V + A + A2,
        [
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
            "language=fra",
            "-metadata:s:a:1",
            "language=eng",
            "-disposition:a:0",
            "0",
            "-disposition:a:1",
            "default",
        ],
        Video((320, 240), 1),
        Audio(1, rate=48000),
        finish="subtitles",
    ),
    Case(
        "avi_mpeg4",
        "camera.avi",
        V + A,
        ["-c:v", "mpeg4", "-q:v", "5", "-c:a", "libmp3lame"],
        Video((320, 240), 1),
        Audio(1),
    ),
    Case(
        "avi_mjpeg",
        "dashcam.avi",
        V + A,
        ["-c:v", "mjpeg", "-q:v", "5", "-c:a", "pcm_s16le"],
        Video((320, 240), 1),
        Audio(1),
    ),
    Case(
        "prores_mov",
        "edit.mov",
        V + A,
        ["-c:v", "prores_ks", "-profile:v", "0", "-c:a", "pcm_s16le"],
        Video((320, 240), 1),
        Audio(1),
    ),
    Case("pcm_mov", "screen.mov", V + A, [*X264, "-c:a", "pcm_s16le"], Video((320, 240), 1), Audio(1)),
    Case(
        "vfr_mp4",
        "vfr.mp4",
        V + A,
        ["-vf", "select='lt(mod(n\\,5)\\,2)'", "-fps_mode", "vfr", *X264, "-c:a", "aac"],
        Video((320, 240), 2),
        Audio(2),
        seconds=2,
    ),
    Case("no_audio_mp4", "silent.mp4", V, X264, Video((320, 240), 1), Says(NO_SOUND)),
    Case("wav_16k", "voice.wav", A, ["-c:a", "pcm_s16le"], Says(NO_PICTURE), Audio(1, rate=48000), ar=16000),
    Case("mp3", "song.mp3", A, ["-c:a", "libmp3lame", "-b:a", "128k"], Says(NO_PICTURE), Audio(1)),
    Case("m4a", "memo.m4a", A, ["-c:a", "aac"], Says(NO_PICTURE), Audio(1, rate=48000), ar=48000),
    Case("aac_adts", "radio.aac", A, ["-c:a", "aac", "-f", "adts"], Says(NO_PICTURE), Audio(1)),
    Case(
        "jpg_large_photo",
        "photo.jpg",
        V,
        ["-frames:v", "1", "-q:v", "5"],
        Video((1620, 1080), 1),
        Says(NO_SOUND),
        size="2400x1600",
    ),
    Case("png_odd_size", "screenshot.png", V, ["-frames:v", "1"], Video((320, 240), 1), Says(NO_SOUND), size="321x241"),
    Case("webp_still", "sticker.webp", V, ["-frames:v", "1", "-c:v", "libwebp"], Video((320, 240), 1), Says(NO_SOUND)),
    Case("gif_animated", "funny.gif", V, [], Video((320, 240), 1.5), Says(NO_SOUND), rate=10, seconds=1.5),
    Case(
        "webp_animated",
        "anim.webp",
        V,
        ["-c:v", "libwebp_anim", "-loop", "0"],
        Video((320, 240), 1.5),
        Says(NO_SOUND),
        rate=10,
        seconds=1.5,
    ),
    Case(
        "truncated_faststart",
        "cut short.mp4",
        V + A,
        [*X264, "-c:a", "aac", "-movflags", "+faststart"],
        Video((320, 240), 1.0, note="damaged or incomplete"),
        Audio(1.0, note="damaged or incomplete"),
        seconds=2,
        finish="cut",
    ),
    Case(
        "truncated_no_index",
        "broken.mp4",
        V + A,
        [*X264, "-c:a", "aac"],
        Says(f"'{{name}}' could not be read as a video: it looks damaged or incomplete. {CHECK_FILE}"),
        Says(f"'{{name}}' could not be read as a video: it looks damaged or incomplete. {CHECK_FILE}"),
        finish="cut",
    ),
    Case(
        "empty_mp4",
        "empty.mp4",
        [],
        [],
        Says(f"'{{name}}' is empty (0 bytes). {CHECK_FILE}"),
        Says(f"'{{name}}' is empty (0 bytes). {CHECK_FILE}"),
        finish="empty",
    ),
    Case(
        "text_as_mp4",
        "notes.mp4",
        [],
        [],
        Says(f"'{{name}}' is not really an MP4 file: its content is not media. {CHECK_FILE}"),
        Says(f"'{{name}}' is not really an MP4 file: its content is not media. {CHECK_FILE}"),
        finish="text",
    ),
    Case("name_quotes_hash", 'say "hi" #1.mp4', V + A, [*X264, "-c:a", "aac"], Video((320, 240), 1), Audio(1)),
    Case("name_unicode", "vidéo été 名前 🎬 it's.mp4", V + A, [*X264, "-c:a", "aac"], Video((320, 240), 1), Audio(1)),
]


def _run(args: list[str]) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(args, check=True, capture_output=True, timeout=180)


def make(case: Case, folder: Path) -> Path:
    """Write the case's file in ``folder`` (its own sub-folder: the name is the user's)."""
    out = folder / case.name / case.filename
    out.parent.mkdir(parents=True, exist_ok=True)
    if case.finish == "empty":
        out.write_bytes(b"")
        return out
    if case.finish == "text":
        out.write_text("these are my notes, not a video\n" * 64)
        return out
    fmt = {"size": case.size, "rate": str(case.rate), "ar": str(case.ar)}
    inputs = [part.format(**fmt) for part in case.inputs]
    base = [ffmpeg(), "-hide_banner", "-v", "error", "-y", *inputs, "-t", f"{case.seconds}"]
    if case.finish == "pipe":  # a browser's MediaRecorder: written as a stream, no duration in the header
        data = _run([*base, *case.output, "pipe:1"]).stdout
        out.write_bytes(data)
        return out
    first = out.with_name("stage1" + out.suffix) if case.finish else out
    _run([*base, *case.output, str(first)])
    if case.finish == "rotate90":  # a phone's display matrix, set on a copy of the coded stream
        _run([ffmpeg(), "-v", "error", "-y", "-display_rotation", "90", "-i", str(first), "-c", "copy", str(out)])
    elif case.finish == "subtitles":
        srt = out.with_name("subs.srt")
        srt.write_text("1\n00:00:00,000 --> 00:00:00,900\nHello\n")
        _run(
            [
                ffmpeg(),
                "-v",
                "error",
                "-y",
                "-i",
                str(first),
                "-i",
                str(srt),
                "-map",
                "0",
                "-map",
                "1",
                "-c",
                "copy",
                "-c:s",
                "srt",
                "-disposition:a:0",
                "0",
                "-disposition:a:1",
                "default",
                str(out),
            ]
        )
    elif case.finish == "cut":  # delivered short: the first half of the bytes
        data = first.read_bytes()
        out.write_bytes(data[: len(data) // 2])
    if first != out:
        first.unlink()
    return out

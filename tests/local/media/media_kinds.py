"""The vocabulary of the media battery: what a class of file is made of and what each job must give.

A :class:`Case` says how to make the file (ffmpeg lavfi sources, output
arguments, then an optional finishing step) and what each job must give: a
result (:class:`Video` for the silent MP4, :class:`Audio` for the MP3) or the
exact sentence the user reads (:class:`Says`). The sentences are written out
here, not taken from the code they check.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "A2",
    "CHECK_FILE",
    "NO_PICTURE",
    "NO_SOUND",
    "NO_VIDEO",
    "SOUND_ONLY",
    "X264",
    "A",
    "Audio",
    "Case",
    "Says",
    "V",
    "Video",
    "unsupported",
]

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
NO_VIDEO = "There is no video to export as MP4: the timeline holds only audio. Export it as MP3 instead, or upload a video."  # the engine's refusal of a silent-MP4 export of sound alone
#: The silent job on a file with no picture: the agent's refusal, then the export's (never a file with sound).
SOUND_ONLY = f"{NO_PICTURE} | {NO_VIDEO}"
CHECK_FILE = "Check that it plays on your computer; if it does, save it again (e.g. as MP4) and upload that."
FORMATS = "mp4, mov, avi, webm, mkv, jpg, png, gif, webp, mp3, wav, m4a, aac"  # protocol.md's list


def unsupported(what: str) -> str:
    """The sentence for a type the API does not take (the client refuses it before sending)."""
    return f"'{{name}}' is not a supported file type. {what}Supported formats: {FORMATS}."


@dataclass(frozen=True)
class Video:
    """A silent MP4 that plays in a browser: H.264, moov first, no audio, one video stream (no cover picture).

    ``size`` as displayed (rotation and pixel aspect applied); ``rotation``: the display matrix kept on a
    copy; ``pix_fmt``: ``yuvj420p`` where a full-range H.264 is copied; ``progressive``: no frame of the
    result is interlaced (ffmpeg's ``idet`` on the result); ``note``: a substring of the result's note.
    """

    size: tuple[int, int]
    seconds: float
    rotation: int = 0
    note: str | None = None
    pix_fmt: str = "yuv420p"
    progressive: bool = False
    reordered: bool = False


#: ``Video.reordered``: the source's frames are stored out of display order (H.264 B-frames): the result's
#: frames must show in order, each at its own time.


@dataclass(frozen=True)
class Audio:
    """An MP3 at ``kbps`` and ``rate`` Hz, ``seconds`` long; ``channels`` checked when given (a downmix);
    ``lead_silence``: the seconds of silence it starts with (sound that started late in the video)."""

    seconds: float
    rate: int = 44100
    kbps: int = 192
    note: str | None = None
    channels: int | None = None
    lead_silence: float = 0.0


@dataclass(frozen=True)
class Says:
    """The exact sentence (message and next step) the user reads; ``{name}`` is the file's name."""

    text: str


@dataclass(frozen=True)
class Case:
    """One class of file: ``inputs`` (lavfi, formatted with size/rate/ar), ``output`` (ffmpeg's output
    arguments), ``finish`` (a step after: see ``media_make.FINISHES``) and what each job gives; every
    accepted file's name must be shown exactly as given."""

    name: str
    filename: str
    inputs: list[str]
    output: list[str]
    silent: Video | Says
    mp3: Audio | Says
    size: str = "320x240"
    rate: int | str = 25
    ar: int = 44100
    seconds: float = 1.0
    finish: str | None = None
    #: The name the user's file has, when it cannot be the name on this disk (over 255 bytes): sent as given.
    sent_as: str | None = None
    #: Why this class is not served (on purpose): its jobs are expected to fail (strict xfail).
    declined: str | None = None

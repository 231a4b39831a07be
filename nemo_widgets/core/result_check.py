"""Does the exported file keep the profile's promise? Checked after every download.

The promise comes from the format and the skill profile (protocol.md):

* an audio format (MP3, M4A, WAV) has audio and no video, whatever the profile;
* an MP4 from ``video-audio-remover`` is silent: video and **no audio stream**;
* an MP4 from another profile has video (audio or not is the user's edit).

The cloud's agent is documented to add music, titles and effects on its own,
so a "silent" export can come back with sound. :func:`check_result` compares
what :func:`~nemo_widgets.core.streams.read_streams` found with that promise;
on a mismatch it gives a sentence for the user and, when one can help, an
instruction to send to the agent before exporting again (the file is kept
either way). A file nothing could read is neither passed nor failed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from nemo_widgets.core.streams import StreamReport, read_streams
from nemo_widgets.protocol.constants import AUDIO_EXPORT_FORMATS, export_format

__all__ = ["FIX_AUDIO_ONLY", "FIX_SILENT", "ResultCheck", "check_result", "promise_for"]

SILENT_PROFILE = "video-audio-remover"
#: What the one-click fix asks the agent before exporting again.
FIX_SILENT = "remove all audio from this video"
FIX_AUDIO_ONLY = "extract the audio from this video"


@dataclass(frozen=True)
class ResultCheck:
    """What was found in the file, what was promised, and what to do when they differ.

    ``ok`` is ``True``/``False``, or ``None`` when the file could not be read.
    ``problem`` is a sentence for the user; ``fix`` an instruction for the
    agent (``fix_label`` its button) when a new edit can mend it.
    """

    found: StreamReport = field(default_factory=StreamReport)
    promise: str = "video"
    ok: bool | None = None
    problem: str | None = None
    fix: str | None = None
    fix_label: str | None = None


def promise_for(fmt: str, profile_name: str) -> str:
    """``"audio only"``, ``"silent video"`` or ``"video"``."""
    if export_format(fmt) in AUDIO_EXPORT_FORMATS:
        return "audio only"
    return "silent video" if profile_name == SILENT_PROFILE else "video"


def check_result(path: str | Path, fmt: str, profile_name: str, *, ffmpeg: str | None = None) -> ResultCheck:
    """Read ``path`` 's streams and compare them with what ``fmt`` from ``profile_name`` promises."""
    found = read_streams(path, ffmpeg)
    promise = promise_for(fmt, profile_name)
    if not found.readable:
        return ResultCheck(found, promise, None, None)
    if promise == "silent video" and found.has_audio:
        problem = (
            f"The exported video is not silent: it has {_count(found.audio, 'audio stream')}, though this "
            "skill promises a silent MP4. The file is kept."
        )
        return ResultCheck(found, promise, False, problem, FIX_SILENT, "Remove the audio and export again")
    if promise == "audio only" and not found.has_audio:
        problem = "The exported audio file has no audio stream: the timeline had no sound to export. The file is kept."
        return ResultCheck(found, promise, False, problem)
    if promise == "audio only" and found.has_video:
        problem = (
            f"The exported audio file also holds {_count(found.video, 'video stream')}, though it should be "
            "audio only. The file is kept."
        )
        return ResultCheck(found, promise, False, problem, FIX_AUDIO_ONLY, "Keep only the audio and export again")
    if promise != "audio only" and not found.has_video:
        return ResultCheck(found, promise, False, "The exported video has no video stream. The file is kept.")
    return ResultCheck(found, promise, True)


def _count(number: int, noun: str) -> str:
    return f"{'an' if noun[0] in 'aeiou' else 'a'} {noun}" if number == 1 else f"{number} {noun}s"

"""Facts of the NemoVideo API that both sides of the wire share.

One place per fact: the client, the widgets and the embedded local engine all
import these names instead of repeating them.
"""

from __future__ import annotations

from enum import IntEnum

__all__ = [
    "ACCEPTED_EXTENSIONS",
    "AUDIO_EXTENSIONS",
    "AUDIO_EXPORT_FORMATS",
    "APP_NAME",
    "Code",
    "DEFAULT_API_URL",
    "DEFAULT_WEB_URL",
    "EXTENSION_ALIASES",
    "EXPORT_FORMATS",
    "IMAGE_EXTENSIONS",
    "MAX_UPLOAD_BYTES",
    "MAX_UPLOAD_LABEL",
    "TrackType",
    "VIDEO_EXTENSIONS",
]

DEFAULT_API_URL = "https://mega-api-prod.nemovideo.ai"
DEFAULT_WEB_URL = "https://nemovideo.com"
APP_NAME = "nemo_agent"

#: Embedded-engine extension of the export poll (not in the cloud API): a poll
#: answer carrying this header (its value: the longest hold, in seconds) means
#: ``GET /api/render/proxy/lambda/<id>?wait=S`` holds the answer until the
#: render finishes or ``S`` seconds pass. The cloud never sends it, so the
#: client never sends ``wait`` there.
LONG_POLL_HEADER = "X-Nemo-Long-Poll"

VIDEO_EXTENSIONS: tuple[str, ...] = ("mp4", "mov", "avi", "webm", "mkv")
IMAGE_EXTENSIONS: tuple[str, ...] = ("jpg", "png", "gif", "webp")
AUDIO_EXTENSIONS: tuple[str, ...] = ("mp3", "wav", "m4a", "aac")
#: Every file type the API accepts for upload, lower case, without the dot.
ACCEPTED_EXTENSIONS: tuple[str, ...] = VIDEO_EXTENSIONS + IMAGE_EXTENSIONS + AUDIO_EXTENSIONS

#: Other spellings of accepted extensions (``clip.jpeg`` is a jpg).
EXTENSION_ALIASES: dict[str, str] = {"jpeg": "jpg", "qt": "mov"}

#: The largest file the API accepts (500 MB, counted in MiB like the cloud).
MAX_UPLOAD_BYTES = 500 * 1024 * 1024
MAX_UPLOAD_LABEL = "500 MB"

#: Formats an export (render) can produce.
EXPORT_FORMATS: tuple[str, ...] = ("mp4", "mp3", "wav", "m4a")
#: The audio-only subset of EXPORT_FORMATS.
AUDIO_EXPORT_FORMATS: tuple[str, ...] = ("mp3", "wav", "m4a")


class Code(IntEnum):
    """The ``code`` field of the JSON envelope."""

    OK = 0
    BAD_TOKEN = 1001
    SESSION_NOT_FOUND = 1002
    NO_CREDITS = 2001
    UNSUPPORTED_FILE = 4001
    FILE_TOO_LARGE = 4002


class TrackType(IntEnum):
    """The ``tt`` field of a draft track."""

    VIDEO = 0
    AUDIO = 1
    TEXT = 7

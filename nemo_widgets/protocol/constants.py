"""Facts of the NemoVideo API that both sides of the wire share.

One place per fact: the client, the widgets and the embedded local engine all
import these names instead of repeating them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import Literal, get_args

__all__ = [
    "ACCEPTED_EXTENSIONS",
    "APP_NAME",
    "AUDIO_EXPORT_FORMATS",
    "AUDIO_EXTENSIONS",
    "AUDIO_QUALITY_CHOICES",
    "DEFAULT_API_URL",
    "DEFAULT_AUDIO_BITRATE",
    "DEFAULT_AUDIO_QUALITY",
    "DEFAULT_VIDEO_QUALITY",
    "DEFAULT_WEB_URL",
    "EVENT_KINDS",
    "EXPORT_FORMATS",
    "EXTENSION_ALIASES",
    "FINISHED_RENDER_STATES",
    "HALF_WIDTH",
    "HAN",
    "HTTP_STATUS",
    "IMAGE_EXTENSIONS",
    "LOCAL_FILES_HEADER",
    "LOCAL_JOB_PATH",
    "MAX_UPLOAD_BYTES",
    "MAX_UPLOAD_LABEL",
    "MAX_VIDEO_SIZE",
    "PACE_HEADER",
    "QUALITIES",
    "QUOTED",
    "RENDER_STATES",
    "RENDER_STATE_ALIASES",
    "RESULTLESS_RENDER_STATES",
    "RUNTIMES",
    "SAID_QUALITIES",
    "SAVE_AS_HINTS",
    "SEGMENT_END_KEYS",
    "SEGMENT_START_KEYS",
    "STATUS_LEVELS",
    "UNFINISHED_RENDER_STATES",
    "VIDEO_EXTENSIONS",
    "VIDEO_QUALITY_CHOICES",
    "WORD_END",
    "WORD_START",
    "Code",
    "EventKind",
    "Quality",
    "RenderState",
    "Runtime",
    "StatusLevel",
    "TrackType",
    "export_format",
    "file_extension",
    "quality_of",
    "render_state",
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
#: Types people bring that the API does not take, and what to save them as first.
SAVE_AS_HINTS: dict[str, str] = {
    **dict.fromkeys(("flac", "ogg", "oga", "opus", "wma", "aif", "aiff", "amr", "ape", "caf", "mka"), "MP3 or WAV"),
    **dict.fromkeys(("wmv", "asf", "flv", "ts", "mts", "m2ts", "3gp", "3g2", "mpg", "mpeg", "vob", "ogv", "m4v",
                     "rm", "rmvb", "dv", "mxf"), "MP4"),
    **dict.fromkeys(("heic", "heif", "avif", "jxl", "tif", "tiff", "bmp", "psd", "svg"), "JPG or PNG"),
}  # fmt: skip


def file_extension(filename: str) -> str:
    """The lower-case extension of ``filename`` without the dot, aliases resolved (``A.JPEG`` -> ``jpg``)."""
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    return EXTENSION_ALIASES.get(ext, ext)


#: The largest file the API accepts (500 MB, counted in MiB like the cloud).
MAX_UPLOAD_BYTES = 500 * 1024 * 1024
MAX_UPLOAD_LABEL = "500 MB"

#: Formats an export (render) can produce.
EXPORT_FORMATS: tuple[str, ...] = ("mp4", "mp3", "wav", "m4a")
#: The audio-only subset of EXPORT_FORMATS.
AUDIO_EXPORT_FORMATS: tuple[str, ...] = ("mp3", "wav", "m4a")


def export_format(name: str) -> str:
    """An export format as every floor spells it: lower case, no dot, no spaces (``" .MP3"`` -> ``"mp3"``)."""
    return name.strip().lower().lstrip(".")


#: A render job's state, as the toolkit speaks it (the client, the Studio and the engine).
RenderState = Literal["pending", "processing", "completed", "failed", "cancelled"]
RENDER_STATES: tuple[RenderState, ...] = get_args(RenderState)
FINISHED_RENDER_STATES: tuple[RenderState, ...] = ("completed", "failed", "cancelled")
UNFINISHED_RENDER_STATES: tuple[RenderState, ...] = ("pending", "processing")
#: Status words other servers use, as the five above.
RENDER_STATE_ALIASES: dict[str, RenderState] = {
    "complete": "completed", "done": "completed", "success": "completed", "succeeded": "completed",
    "finished": "completed", "error": "failed", "failure": "failed", "queued": "pending",
    "waiting": "pending", "running": "processing", "rendering": "processing", "in_progress": "processing",
    "canceled": "cancelled", "aborted": "cancelled",
}  # fmt: skip


def render_state(word: str | None) -> str:
    """A server's status word as a :data:`RenderState` (case-folded, aliases mapped, missing: ``pending``);
    a word nobody knows is kept as sent, so the caller can say what the server said."""
    key = (word or "").strip().lower()
    return RENDER_STATE_ALIASES.get(key, key or "pending")


#: How a status line reads: ``busy`` shows a spinner, ``warn`` a result that needs a look.
StatusLevel = Literal["info", "busy", "ok", "warn", "error"]
STATUS_LEVELS: tuple[StatusLevel, ...] = get_args(StatusLevel)

#: Where the kernel runs, when it can tell (``protocol.settings.detect_runtime``).
Runtime = Literal["colab", "vscode", "binder", "jupyterhub"]
RUNTIMES: tuple[Runtime, ...] = get_args(Runtime)

#: What one event of a chat turn is (``protocol.events.ChatEvent.kind``): a piece of the reply as it
#: streams, the reply's whole text, a tool's call and its result (never shown), a keep-alive, a failure,
#: and the turn's end.
EventKind = Literal["text_chunk", "text", "tool_call", "tool_result", "heartbeat", "error", "end"]
EVENT_KINDS: tuple[EventKind, ...] = get_args(EventKind)


class Code(IntEnum):
    """The ``code`` field of the JSON envelope."""

    OK = 0
    BAD_TOKEN = 1001
    SESSION_NOT_FOUND = 1002
    NO_CREDITS = 2001
    UNSUPPORTED_FILE = 4001
    FILE_TOO_LARGE = 4002


#: The HTTP status the API answers with each error code (the engine sends it; the client reads either).
HTTP_STATUS: dict[Code, int] = {
    Code.BAD_TOKEN: 401,
    Code.SESSION_NOT_FOUND: 404,
    Code.NO_CREDITS: 403,
    Code.UNSUPPORTED_FILE: 415,
    Code.FILE_TOO_LARGE: 413,
}


class TrackType(IntEnum):
    """The ``tt`` field of a draft track."""

    VIDEO = 0
    AUDIO = 1
    TEXT = 7


#: What the cloud promises for a video export: H.264 up to 1080x1920 (either orientation).
MAX_VIDEO_SIZE = (1920, 1080)
DEFAULT_AUDIO_BITRATE = "192k"


@dataclass(frozen=True)
class Quality:
    """What one export quality gives (the one meaning the router, the Studio, the client and the engine share).

    ``short_side``/``long_side`` cap the picture (in display orientation; the source is never scaled up,
    ``None``: no cap on that side); ``original`` keeps the video stream untouched whatever plays;
    ``audio_bitrate`` is the MP3 / M4A / MP4-sound bitrate.
    """

    name: str
    short_side: int | None
    long_side: int | None
    audio_bitrate: str
    gives: str
    original: bool = False


def _video(name: str, short: int | None, long: int | None, gives: str, original: bool = False) -> Quality:
    return Quality(name, short, long, DEFAULT_AUDIO_BITRATE, gives, original)


def _audio(kbit: int, gives: str) -> Quality:
    return Quality(f"{kbit}k", MAX_VIDEO_SIZE[1], MAX_VIDEO_SIZE[0], f"{kbit}k", gives)


#: Every export quality, by name. "high" (the default) is the best the cloud promises.
QUALITIES: dict[str, Quality] = {q.name: q for q in (
    _video("high", MAX_VIDEO_SIZE[1], MAX_VIDEO_SIZE[0], "H.264 within 1080x1920 (portrait) or 1920x1080"),
    _video("1080p", 1080, None, "H.264, the short side at most 1080"),
    _video("720p", 720, None, "H.264, the short side at most 720"),
    _video("medium", 720, None, "the same as 720p"),
    _video("480p", 480, None, "H.264, the short side at most 480"),
    _video("low", 480, None, "the same as 480p"),
    _video("original", None, None, "the source's video stream untouched (it may not play in a browser)", True),
    _audio(128, "128 kbit/s audio"),
    _audio(192, "192 kbit/s audio (the suggested quality)"),
    _audio(256, "256 kbit/s audio"),
    _audio(320, "320 kbit/s audio"),
)}  # fmt: skip
DEFAULT_VIDEO_QUALITY = "high"
DEFAULT_AUDIO_QUALITY = DEFAULT_AUDIO_BITRATE
#: The Studio's choices, the default first.
VIDEO_QUALITY_CHOICES: tuple[str, ...] = ("high", "1080p", "720p", "480p", "original")
AUDIO_QUALITY_CHOICES: tuple[str, ...] = ("192k", "320k", "256k", "128k")

#: Words a user says for a quality -> its name (the router matches them in this order).
SAID_QUALITIES: dict[str, str] = {
    "original quality": "original", "source quality": "original", "untouched": "original",
    "4k": "high", "2160p": "high", "1440p": "high", "high quality": "high", "best quality": "high",
    "1080p": "1080p", "full hd": "1080p", "hd": "high", "720p": "720p", "medium quality": "720p",
    "480p": "480p", "360p": "480p", "low quality": "480p",
}  # fmt: skip


def quality_of(name: str | None) -> Quality:
    """The :class:`Quality` a name means: a known name, else a bitrate ("160k": 160 kbit/s), else "high"."""
    key = (name or "").strip().lower()
    if key in QUALITIES:
        return QUALITIES[key]
    digits = key[:-1] if key.endswith("k") else key.removesuffix("kbps")
    if digits.isdigit() and 32 <= int(digits) <= 320:
        return _audio(int(digits), f"{int(digits)} kbit/s audio")
    return QUALITIES[DEFAULT_VIDEO_QUALITY]


#: The render states that end without a result (nothing to download, nothing to keep).
RESULTLESS_RENDER_STATES: tuple[RenderState, ...] = ("failed", "cancelled")

#: A chat request header: ``off`` asks the embedded engine not to pace its streamed reply (the delay between
#: chunks is there for a person watching it type; a batch has nobody watching). The cloud ignores it.
PACE_HEADER = "X-Nemo-Pace"

#: An upload header of the embedded engine only: its ``file_key``, which lets the process that started it hand
#: files over by path (JSON ``{"local_files": [...]}``) instead of sending their bytes. The cloud has no such call.
LOCAL_FILES_HEADER = "X-Nemo-Local-Files"

#: The embedded engine's one-request job for the process that started it (its ``file_key`` in
#: :data:`LOCAL_FILES_HEADER`): a file on this machine, an instruction and a format in, the render out. The cloud
#: has no such call; its clients keep the documented session, upload, chat, export and poll.
LOCAL_JOB_PATH = "/api/local/job"

#: Full-width forms typed with a Chinese input method ("导出ＭＰ４", "２０％", "０：０３") -> ASCII:
#: letters, digits, % . : - + and the ideographic space. The router and the local agent read a message
#: through it (full-width commas and question marks are left: both already read them).
HALF_WIDTH: dict[int, str] = {
    **{c: chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F) if chr(c - 0xFEE0).isalnum() or chr(c - 0xFEE0) in "%.:-+"},
    0x3000: " ",
}

#: A Chinese (Han) character: a message with one is read, and answered, as Chinese.
HAN = r"[\u4e00-\u9fff]"
#: Word edges that also hold next to CJK text (``\b`` does not: "导出mp4"): before a word, and after it.
WORD_START, WORD_END = r"(?<![A-Za-z0-9_])", r"(?![A-Za-z0-9_])"

#: Quoted text in a message ("…", “…”, 「…」, 『…』, or '…' between non-letters): a title's words, never an
#: instruction. Group 1 (double quotes) or group 2 (single quotes) holds the words.
QUOTED = r"[\"“「『《‘«„‹]((?:[^\"”」』》’»“›]|’(?=[A-Za-z]))+)[\"”」』》’»“›]|(?<![A-Za-z])'((?:[^']|(?<=[A-Za-z])'(?=[A-Za-z])){1,80})'(?![A-Za-z])"

#: The keys a segment's start may come under (``s`` is the wire's; the others are tolerated), and its end
#: when it gives an end instead of a length ``d``.
SEGMENT_START_KEYS: tuple[str, ...] = ("s", "st", "start")
SEGMENT_END_KEYS: tuple[str, ...] = ("e", "end")

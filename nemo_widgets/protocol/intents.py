"""What the user means, and what the backend's GUI talk means for us.

:func:`route` implements the routing table of protocol.md: export, credits,
state and upload skip the chat stream; anything else is a chat message; an
edit that also asks for the result ("remove all audio from this video and
export it silent") is ``chat_then_export``. The words are data, one module per
language (:mod:`nemo_widgets.protocol.route_words`); the rules here read them.

:func:`translate` (the backend's web-editor wording rewritten into what this
toolkit does) and :func:`suggestions` live in :mod:`nemo_widgets.protocol.gui_text`
and are re-exported here.

Every routing keyword list lives once, in its language's module; the merged lists are re-exported here.
"""

from __future__ import annotations

import difflib
import functools
import re
from dataclasses import dataclass
from typing import Literal

from nemo_widgets.protocol.constants import (
    AUDIO_EXPORT_FORMATS,
    EXPORT_FORMATS,
    HALF_WIDTH,
    QUOTED,
    SAID_QUALITIES,
    WORD_END,
    WORD_START,
)
from nemo_widgets.protocol.gui_text import Translation, suggestions, translate
from nemo_widgets.protocol.route_words import borrowed, fuzzy, keyword_list, keywords, pattern

__all__ = [
    "CREDITS_KEYWORDS",
    "EDIT_KEYWORDS",
    "EXPORT_KEYWORDS",
    "STATE_KEYWORDS",
    "UPLOAD_KEYWORDS",
    "Intent",
    "Translation",
    "route",
    "suggestions",
    "translate",
]

Action = Literal["export", "credits", "state", "upload", "chat", "chat_then_export"]

#: Routing keywords (protocol.md's table, plus a few plain variants), every language's, one after the other
#: (the words live in :mod:`nemo_widgets.protocol.route_words`, one data module per language).
EXPORT_KEYWORDS: tuple[str, ...] = keyword_list("EXPORT")
CREDITS_KEYWORDS: tuple[str, ...] = keyword_list("CREDITS")
STATE_KEYWORDS: tuple[str, ...] = keyword_list("STATE")
UPLOAD_KEYWORDS: tuple[str, ...] = keyword_list("UPLOAD")
#: Words that make a message an edit even when it also says "export".
EDIT_KEYWORDS: tuple[str, ...] = keyword_list("EDIT")
#: An export that describes a silent result: edit first, then export an MP4.
SILENT_KEYWORDS: tuple[str, ...] = keyword_list("SILENT")
#: An export that asks for the sound alone: edit first, then export audio (MP3 unless said).
AUDIO_ONLY_KEYWORDS: tuple[str, ...] = keyword_list("AUDIO_ONLY")

#: Said resolution or quality → the export's quality value (the shared vocabulary of protocol.constants).
_QUALITY_WORDS: dict[str, str] = SAID_QUALITIES
_W0, _W1 = WORD_START, WORD_END
_FORMAT_RE = re.compile(_W0 + "(" + "|".join(EXPORT_FORMATS) + ")" + _W1, re.I)
_BITRATE_RE = re.compile(_W0 + r"(\d{2,3})\s*k(?:bps|bit/s|b/s)?" + _W1, re.I)
_QUOTED_RE = re.compile(QUOTED)
#: A clause that asks rather than tells (a question is never a render), or a question mark at the end.
_QUESTION_RE = re.compile(pattern("question") + r"|\?\s*$", re.I)
_REQUEST_RE = re.compile(pattern("request"), re.I)
_AUDIO_OBJECT_RE = re.compile(pattern("audio_object"), re.I)
#: An edit that leaves the video without its sound ("remove the audio then export"): the result is an MP4.
_SILENCING_RE = re.compile(pattern("silencing"), re.I)
#: A negated, deferred or failed export: never a render now ("I'll export later").
_NOT_EXPORT_RE = re.compile(pattern("not_export"), re.I)
#: "the export", "my download": the noun, not the command.
_NOUN_RE = re.compile(pattern("noun_before"), re.I)
_RANGE_RE = re.compile(pattern("range"), re.I)
#: State wordings with a free word or two in them ("show me the tracks", "how long is this video").
_STATE_PHRASE_RE = re.compile(pattern("state_phrase"), re.I)
#: In a question, these topics are the state ("how many tracks do I have").
_STATE_TOPIC_RE = re.compile(pattern("state_topic"), re.I)
_EXTRACT_RE = re.compile(pattern("extract"), re.I)
#: The formats said by another name, the plainest last ("a lossless audio file" is a WAV before it is audio).
_SAID_FORMATS = tuple(
    (name, re.compile(pattern(f"said_{name}"), re.I)) for name in sorted(AUDIO_EXPORT_FORMATS, key="mp3".__eq__)
)
#: Two formats in one export ("export as mp3 and wav"): one export makes one file, so the agent asks.
_TWO_EXPORTS_RE = re.compile(pattern("two_exports"), re.I)
_FORMATS_RE = re.compile(_W0 + "(" + "|".join(EXPORT_FORMATS) + ")" + _W1, re.I)

#: What the result is for ("so that I can put it on a USB stick"): said about later, never a request now.
_PURPOSE_RE = re.compile(pattern("purpose"), re.I)
_SENTENCE_RE = re.compile(r"(?<=[?!.\u3002\uff1f\uff01])\s*")  # ASCII's and the full-width stops
_ONE_SENTENCE_RE = re.compile(r"[^?!.\u3002\uff1f\uff01]+[?!.\u3002\uff1f\uff01]*")
_MENTION_RE = re.compile(pattern("mention"), re.I)
_FORMAT_ALONE_RE = re.compile(pattern("format_alone"), re.I)
_EXPORT_RE = keywords("EXPORT")
_CREDITS_RE = keywords("CREDITS")
_STATE_RE = keywords("STATE")
_UPLOAD_RE = keywords("UPLOAD")
_EDIT_RE = keywords("EDIT")
_SILENT_RE = keywords("SILENT")
_AUDIO_ONLY_RE = re.compile(keywords("AUDIO_ONLY").pattern + "|" + pattern("audio_only"), re.I)


@dataclass(frozen=True)
class Intent:
    """Where a message goes. ``format``/``quality`` are set when the text said them.

    ``quality`` is the value sent to the export (a name of
    ``protocol.constants.QUALITIES``: "high", "1080p", "720p", "original", or
    an audio bitrate such as "192k"); ``resolution`` is what was said ("1080p").
    """

    action: Action
    text: str
    format: str | None = None
    quality: str | None = None
    resolution: str | None = None

    @property
    def uses_chat(self) -> bool:
        return self.action in ("chat", "chat_then_export")

    @property
    def exports(self) -> bool:
        return self.action in ("export", "chat_then_export")


def _export_options(text: str) -> tuple[str | None, str | None, str | None]:
    lowered = text.lower()
    fmt_match = _FORMAT_RE.search(text)
    fmt = fmt_match.group(1).lower() if fmt_match else None
    quality = resolution = None
    for word, value in _QUALITY_WORDS.items():
        if re.search(_W0 + re.escape(word) + _W1, lowered):
            quality, resolution = value, (word if word[0].isdigit() else None)
            break
    if fmt is None:  # "as a lossless file", "as an audio file": the format said by another name
        fmt = next((name for name, said in _SAID_FORMATS if said.search(text)), None)
    bitrate = _BITRATE_RE.search(text)
    if bitrate and (fmt in (None, "mp3", "m4a", "wav")) and quality is None:
        quality = f"{bitrate.group(1)}k"
    return fmt, quality, resolution


#: "send me a silent mp4", "render it as mp4", "save as mp3": a send, a render or a save is an export only when
#: what it makes is said (``{made}`` in the language's pattern: the formats and the said qualities).
_MADE = "|".join([*EXPORT_FORMATS, *(re.escape(word) for word in _QUALITY_WORDS)])
_SEND_RE = re.compile(pattern("send").replace("{made}", _MADE), re.I)


def _export_command(text: str) -> re.Match[str] | None:
    """The export keyword used as a command: not negated, not a noun ("the export"), not in a question."""
    if _NOT_EXPORT_RE.search(text):
        return None
    for found in _EXPORT_RE.finditer(text):
        if _NOUN_RE.search(text[: found.start()]) or _in_a_question(text, found.start()):
            continue
        return found
    return _SEND_RE.search(text)


def _is_question(text: str) -> bool:
    return bool(_QUESTION_RE.search(text)) and not _REQUEST_RE.search(text)


def _in_a_question(text: str, at: int) -> bool:
    """Whether the word at ``at`` is in a sentence that asks, of a message of several ("cut the last 2 s. And
    what format is the export?": the export is asked about, not asked for)."""
    spans = [m.span() for m in _ONE_SENTENCE_RE.finditer(text) if m.group(0).strip()]
    if len(spans) < 2:
        return False
    return any(start <= at < end and _is_question(text[start:end].strip()) for start, end in spans)


def _edit_format(text: str, export: re.Match[str], fmt: str | None) -> tuple[bool | None, str | None]:
    """Whether the export also asks for a change (edit first), and the format that change implies.

    ``None``: the message contradicts itself (a silent MP3): the agent asks, nothing is exported.
    """
    spanned = bool(_RANGE_RE.search(text))  # "mute the first 2 seconds": a part, not the whole sound
    silent = not spanned and bool(_SILENT_RE.search(text) or _SILENCING_RE.search(text))
    audio_only = bool(_AUDIO_ONLY_RE.search(text))
    extract = bool(_EXTRACT_RE.search(text))
    if silent and not extract and (audio_only or fmt in AUDIO_EXPORT_FORMATS):
        return None, None  # the sound removed, and the sound alone kept
    if audio_only:
        return True, fmt if fmt in AUDIO_EXPORT_FORMATS else "mp3"
    if silent and not extract:
        return True, fmt if fmt is not None and fmt not in AUDIO_EXPORT_FORMATS else "mp4"
    if fmt is None and _AUDIO_OBJECT_RE.search(text):
        fmt = "mp3"  # "export the audio": the sound is what is exported
    rest = text[: export.start()] + " " + text[export.end() :]
    return bool(_EDIT_RE.search(rest) or _RANGE_RE.search(rest)), fmt


#: "add another video": one more file, not an edit.
_ANOTHER_FILE_RE = re.compile(pattern("another_file"), re.I)
#: "upload it to TikTok": another site's upload, not a file for this session.
_UPLOAD_ELSEWHERE_RE = re.compile(pattern("upload_elsewhere"), re.I)
#: "how do credits work?": an explanation the agent gives, not the balance.
_CREDITS_HOW_RE = re.compile(pattern("credits_how"), re.I)


def _read_only(text: str) -> Action | None:
    """Credits, state or upload: generous (nothing is spent), unless the message also asks for an edit."""
    if _ANOTHER_FILE_RE.search(text):
        return "upload"
    if _EDIT_RE.search(text):
        return None
    if _CREDITS_RE.search(text):
        return "credits"
    if _STATE_RE.search(text) or _STATE_PHRASE_RE.search(text) or _STATE_PHRASE_RE.search(borrowed(text)):
        return "state"
    upload = _UPLOAD_RE.search(text)
    # "… can the MP4 be uploaded to TikTok?": another site's upload, or one asked about in a longer message
    if upload and not _in_a_question(text, upload.start()) and not _UPLOAD_ELSEWHERE_RE.search(text):
        return "upload"
    words = re.findall(r"[a-z]+", text.lower())
    if 0 < len(words) <= 2 and text.isascii():
        read_only = fuzzy()
        close = difflib.get_close_matches(words[0], list(read_only), n=1, cutoff=0.8)
        if close:
            return read_only[close[0]]  # type: ignore[return-value]  # the data names actions of this table
    return None


@functools.lru_cache(maxsize=1)
def _opencc() -> object | None:
    try:
        import opencc  # the ``local`` extra: without it, traditional Chinese is routed as typed
    except ImportError:
        return None
    return opencc.OpenCC("tw2sp")


def _simplified(text: str) -> str:
    converter = _opencc() if re.search(r"[\u3400-\u9fff]", text) else None
    return str(converter.convert(text)) if converter is not None else text  # type: ignore[attr-defined]  # no stubs


def route(text: str, *, has_files: bool = False) -> Intent:
    """The action for a user's message (protocol.md's routing table).

    Only clear commands are intercepted; a question never starts a render;
    an export that describes a change ("a silent version") is ``chat_then_export``.

    >>> route("export 1080p MP4")
    Intent(action='export', text='export 1080p MP4', format='mp4', quality='1080p', resolution='1080p')
    >>> route("remove all audio from this video and export it silent").action
    'chat_then_export'
    """
    clean = " ".join(text.split())
    if has_files:
        return Intent("upload", clean)
    # full-width letters and digits read as ASCII, traditional Chinese as simplified; quoted words are
    # content ('add a title "Export"'), not commands
    bare = _PURPOSE_RE.sub(" ", _QUOTED_RE.sub(" ", _simplified(clean.translate(HALF_WIDTH))))
    plain = " ".join(_MENTION_RE.sub(" ", bare).split())
    bare = borrowed(plain)  # a Chinese sentence's English verb ("render" before its state)
    alone = _FORMAT_ALONE_RE.match(bare)
    if alone:  # "mp3": that file
        fmt, quality, resolution = _export_options(bare)
        return Intent("export", clean, fmt, quality, resolution)
    if _is_question(bare) and _CREDITS_HOW_RE.search(bare):
        return Intent("chat", clean)
    if _is_question(bare):
        topic: Action | None = "state" if _STATE_TOPIC_RE.search(bare) and not _EDIT_RE.search(bare) else None
        # "is the export done yet? need to drop the link in #marketing": the question asked, sentence by sentence
        asked = next((a for a in map(_read_only, _SENTENCE_RE.split(bare)) if a is not None), None)
        return Intent(_read_only(bare) or asked or topic or "chat", clean)
    export = (
        _export_command(bare) if not _NOT_EXPORT_RE.search(plain) else None
    )  # a deferral said in English inside a Chinese sentence
    if export:
        if len({f.lower() for f in _FORMATS_RE.findall(bare)}) > 1 or _TWO_EXPORTS_RE.search(bare):
            return Intent("chat", clean)  # two files asked for at once: the agent asks which
        fmt, quality, resolution = _export_options(bare)
        edit, fmt = _edit_format(bare, export, fmt)
        if edit is None:
            return Intent("chat", clean)  # it contradicts itself: the agent asks which is meant
        return Intent("chat_then_export" if edit else "export", clean, fmt, quality, resolution)
    return Intent(_read_only(bare) or "chat", clean)

"""What the user means, and what the backend's GUI talk means for us.

:func:`route` implements the routing table of protocol.md: export, credits,
state and upload skip the chat stream; anything else is a chat message; an
edit that also asks for the result ("remove all audio from this video and
export it silent") is ``chat_then_export``. English and Chinese keywords.

:func:`translate` (the backend's web-editor wording rewritten into what this
toolkit does) and :func:`suggestions` live in :mod:`nemo_widgets.protocol.gui_text`
and are re-exported here.

Every routing keyword list lives here once, as a module constant.
"""

from __future__ import annotations

import difflib
import functools
import re
from dataclasses import dataclass
from typing import Literal

from nemo_widgets.protocol.constants import AUDIO_EXPORT_FORMATS, EXPORT_FORMATS, HALF_WIDTH, QUOTED, SAID_QUALITIES
from nemo_widgets.protocol.gui_text import Translation, suggestions, translate

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

#: Routing keywords (protocol.md's table, plus a few plain variants). English
#: entries match whole words (also next to CJK text), case-insensitively; Chinese ones as substrings.
EXPORT_KEYWORDS: tuple[str, ...] = (
    "export", "导出", "download", "下载", "send me the video", "send me the file",
    "send me the audio", "send me the mp3", "send me the mp4", "send me the result", "send me it", "send it",
    "render it", "render the video", "保存视频", "保存一下",
)  # fmt: skip
CREDITS_KEYWORDS: tuple[str, ...] = ("credits", "credit", "积分", "balance", "余额")
STATE_KEYWORDS: tuple[str, ...] = (
    "status", "状态", "show tracks", "show the tracks", "show timeline", "show the timeline", "show state",
    "list the tracks", "list tracks", "what's on the timeline", "what is on the timeline", "what tracks",
    "show me the timeline", "show the current draft", "show the draft", "timeline look like",
    "what's in my project", "what is in my project", "how long is the video", "how long is the clip",
    "how long is it", "时间线上有什么", "查看时间线", "显示时间线", "几条轨道", "有哪些轨道", "轨道", "时间线", "时间轴",
)  # fmt: skip
UPLOAD_KEYWORDS: tuple[str, ...] = ("upload", "上传", "再传", "传一个", "传个")
#: Words that make a message an edit even when it also says "export".
EDIT_KEYWORDS: tuple[str, ...] = (
    "remove", "delete", "strip", "mute", "unmute", "add", "insert", "put", "cut", "trim", "split", "crop",
    "extract", "convert", "replace", "change", "set", "speed", "slow", "fade", "lower", "raise",
    "increase", "decrease", "drop", "generate", "apply", "merge", "join", "reverse", "shorten",
    "without audio", "without sound", "without the audio", "without the sound", "no audio", "no sound",
    "删除", "删掉", "去掉", "去除", "移除", "添加", "加上", "剪", "裁", "静音", "提取", "转换", "替换", "修改", "生成",
    "调到", "调成", "调低", "调高", "调小", "调大", "降低", "提高",
)  # fmt: skip
#: An export that describes a silent result: edit first, then export an MP4.
SILENT_KEYWORDS: tuple[str, ...] = (
    "silent", "muted", "mute", "without audio", "without sound", "without the audio", "without the sound",
    "without any sound", "with no sound", "with no audio", "no sound", "no audio", "audio removed",
    "sound removed", "sound off", "无声", "静音", "没有声音", "没声音", "不要声音", "去掉声音", "去掉音频",
)  # fmt: skip
#: An export that asks for the sound alone: edit first, then export audio (MP3 unless said).
AUDIO_ONLY_KEYWORDS: tuple[str, ...] = (
    "audio only", "audio-only", "only the audio", "just the audio", "only audio", "just audio",
    "only the sound", "just the sound", "仅音频", "只要音频", "只导出音频", "只有音频", "只要声音", "只有声音",
)  # fmt: skip

#: Said resolution or quality → the export's quality value (the shared vocabulary of protocol.constants).
_QUALITY_WORDS: dict[str, str] = SAID_QUALITIES
_W0, _W1 = r"(?<![A-Za-z0-9_])", r"(?![A-Za-z0-9_])"  # word edges that also hold next to CJK text (not \b)
_FORMAT_RE = re.compile(_W0 + "(" + "|".join(EXPORT_FORMATS) + ")" + _W1, re.I)
_BITRATE_RE = re.compile(_W0 + r"(\d{2,3})\s*k(?:bps|bit/s|b/s)?" + _W1, re.I)
_QUOTED_RE = re.compile(QUOTED)
#: A clause that asks rather than tells (a question is never a render).
_QUESTION_RE = re.compile(
    r"(?:^|[,.;!?]\s*)(?:what|what's|whats|which|how|why|when|where|who|is|are|was|were|does|do|did|should|"
    r"shall|will|would it|can i|could i|may i|am i|have i|has|is it|are there)"
    + _W1
    + r"|\?\s*$|[吗呢？]|怎么|怎样|如何|什么|哪|多少|多久|为什么|是否|能不能|可不可以|会不会",
    re.I,
)
_REQUEST_RE = re.compile(
    r"^(?:please\s+)?(?:can|could|would|will)\s+you" + _W1 + r"(?!.*\b(?:tell|explain|show)\s+me\b)"
    r"(?!.*\bhow\s+(?:to|do|can|could)\b)|帮我|请(?!问)|给我",
    re.I,
)
_AUDIO_OBJECT_RE = re.compile(
    r"(?:export|download|send me|render)\s+(?:the\s+|just\s+the\s+)?(?:(?:video|clip)'?s\s+)?(?:audio|sound|soundtrack)"
    + _W1
    + r"|(?:导出|下载)(?:一下)?(?:视频|片子)?(?:里|中)?的?(?:音频|声音|音轨)"
    # 把…导出: the object comes first ("把音频导出来", "把视频里的声音导出"); its last noun is the sound
    + r"|把[^，。,.!?！？]{0,8}?(?:音频|声音|音轨)(?:文件)?\s*(?:单独)?(?:导出|下载)",
    re.I,
)
#: An edit that leaves the video without its sound ("remove the audio then export"): the result is an MP4.
_SILENCING_RE = re.compile(
    f"{_W0}(?:remov(?:e|ing)|delet(?:e|ing)|strip(?:ping)?|drop(?:ping)?|kill(?:ing)?|los(?:e|ing)|tak(?:e|ing) out"
    r"|get(?:ting)? rid of|turn(?:ing)? off|mut(?:e|ing))\s+(?:all\s+)?(?:of\s+)?"
    f"(?:the\\s+|its\\s+|this\\s+)?(?:audio|sound|soundtrack){_W1}"
    r"|(?:去掉|删除|删掉|去除|移除|关掉)\s*(?:所有的?|全部的?)?(?:声音|音频|音轨)"
    r"|(?:声音|音频|音轨)\s*(?:都|全部)?\s*(?:去掉|删除|删掉|去除|移除|关掉|删了|关了)"
    f"|{_W0}without\\s+(?:any\\s+|the\\s+|its\\s+|their\\s+|all\\s+)?(?:audio|sound|soundtrack){_W1}",
    re.I,
)
_NOT_EXPORT_RE = re.compile(
    r"(?:don'?t|do not|not|never|no need to|without)\s+(?:\w+\s+){0,2}?(?:export|download|render|save)"
    + _W1
    # a future or a deferral is never a render now: "I'll export later", "之后我会自己导出"
    + r"|\bi(?:'ll| will|'m going to| am going to| can)\s+(?:\w+\s+){0,2}?(?:export|download|render|save)"
    # the deferral may come a few words after the command: "export as mp3 later", "render it in 4k tomorrow"
    + r"|(?:export|download|render)\w*\s+(?:[\w.%-]+\s+){0,4}?(?:later|tomorrow|afterwards|myself|another time)\b"
    + r"|(?:之后|等会儿?|待会儿?|稍后|以后|回头)\s*(?:我)?(?:会|再)?(?:自己)?\s*(?:导出|下载)|我(?:会|自己)(?:再)?(?:导出|下载)"
    + r"|(?:先|暂时)?(?:不要|不用|别)\s*(?:export|download|render)"
    + r"|(?:export|download|render)(?:ing)?\s+(?:has\s+|have\s+|is\s+|was\s+)?(?:failed|fails|error|broke|isn'?t|doesn'?t|won'?t)"
    + r"|(?:别|不要|不用|先不|暂时不|还不)\s*(?:要\s*)?(?:导出|下载)|(?:导出|下载)的(?!时候|时)|(?:导出|下载)(?:失败|不了|出错|报错|有问题)",
    re.I,
)
#: "the export", "my download": the noun, not the command.
_NOUN_RE = re.compile(r"(?:the|an?|my|your|this|that|its|each|every|of)\s+$", re.I)
#: A part of the clip, its length said in digits or words ("the first five seconds", 前两秒).
_RANGE_RE = re.compile(
    r"(?:first|last|opening|final)\s+(?:\d|(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen"
    r"|twenty|thirty|a few|half a|a)\s+(?:and a half\s+)?(?:s|secs?|seconds?|minutes?|mins?)\b)"
    r"|\d\s*(?:s|sec|secs|seconds?)\s*(?:to|-|until)\s*\d|"
    r"\d+:\d\d\s*(?:to|-|until)|前\s*[\d一二两三四五六七八九十半]+\s*秒|最后\s*[\d一二两三四五六七八九十半]+\s*秒",
    re.I,
)
#: State wordings with a free word or two in them ("show me the tracks", "how long is this video").
_STATE_PHRASE_RE = re.compile(
    f"{_W0}(?:show|list|display|see)\\s+(?:me\\s+)?(?:the\\s+|my\\s+|all\\s+(?:the\\s+|my\\s+)?)?(?:current\\s+)?"
    f"(?:tracks|timeline|draft|project|state){_W1}"
    f"|{_W0}what(?:'?s| is)\\s+(?:in|on)\\s+(?:the|my|this)\\s+(?:project|timeline|draft){_W1}"
    f"|{_W0}how\\s+long\\s+(?:is|does)\\s+(?:(?:the|this|my|that)\\s+(?:video|clip|timeline|project|draft)|it)"
    r"(?:\s+(?:now|last|run))?\s*\??$"
    # how a render is going: "is the render done yet?", "has the export finished?", "导出好了吗"
    r"|\b(?:is|has|are)\s+(?:the|my|it|this)?\s*(?:render|export|download|video|file)?\w*\s*(?:done|finished|ready|complete)\b"
    r"|\bprogress\b.*\b(?:export|render)|\b(?:export|render)\w*\b.*\bprogress\b"
    r"|(?:导出|渲染|下载)(?:好了|完了|完成了|结束了)|(?:导出|渲染)(?:进度|到哪)|(?:几|多少)\s*(?:个|条)?\s*tracks?\b",
    re.I,
)
#: In a question, these topics are the state ("how many tracks do I have").
_STATE_TOPIC_RE = re.compile(
    _W0 + r"(?:tracks?|timeline|draft|duration|length)" + _W1 + r"|how many (?:seconds|minutes) (?:is|long)"
    r"|时间线|轨道|时长|多长|几秒",
    re.I,
)
_FUZZY_READ_ONLY: dict[str, Action] = {
    "credits": "credits",
    "balance": "credits",
    "status": "state",
    "upload": "upload",
}


def _keyword_re(words: tuple[str, ...]) -> re.Pattern[str]:
    ascii_words = [w for w in words if w.isascii()]
    other = [w for w in words if not w.isascii()]
    parts = [_W0 + re.escape(w).replace(r"\ ", r"\s+") + _W1 for w in sorted(ascii_words, key=len, reverse=True)]
    parts += [re.escape(w) for w in other]
    return re.compile("|".join(parts), re.I)


_EXPORT_RE = _keyword_re(EXPORT_KEYWORDS)
_CREDITS_RE = _keyword_re(CREDITS_KEYWORDS)
_STATE_RE = _keyword_re(STATE_KEYWORDS)
_UPLOAD_RE = _keyword_re(UPLOAD_KEYWORDS)
_EDIT_RE = _keyword_re(EDIT_KEYWORDS)
_SILENT_RE = _keyword_re(SILENT_KEYWORDS)
_AUDIO_ONLY_RE = re.compile(
    _keyword_re(AUDIO_ONLY_KEYWORDS).pattern + r"|(?:只|仅)(?:要|导出|保留|下载)?(?:音频|声音|音轨)", re.I
)


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
    bitrate = _BITRATE_RE.search(text)
    if bitrate and (fmt in (None, "mp3", "m4a", "wav")) and quality is None:
        quality = f"{bitrate.group(1)}k"
    return fmt, quality, resolution


#: "send me a silent mp4", "send me only the audio": a send is an export only when a result is its object.
_SEND_RE = re.compile(
    _W0 + r"send\s+(?:me\s+|it\s+|this\s+)?(?:(?:the|a|an|my|this|only the|just the|only|just)\s+)?(?:[\w-]+\s+){0,2}?"
    r"(?:video|file|clip|audio|sound|mp3|mp4|wav|m4a|result|copy|version|export)"
    + _W1
    # "give me a high quality mp4": a give is an export when the video result is its object
    + r"|"
    + _W0
    + r"give\s+me\s+(?:the|a|an|my)\s+(?:[\w-]+\s+){0,2}?(?:mp4|video|file|result)"
    + _W1,
    re.I,
)


#: "render at 480p", "render it as mp4": "render" is an export when what it makes is said.
_RENDER_RE = re.compile(
    _W0
    + r"render\s+(?:it\s+|this\s+|that\s+|the\s+(?:video|clip|file)\s+)?(?:at|in|as|to|into|an?)\s+(?:"
    + "|".join([*EXPORT_FORMATS, *(re.escape(word) for word in _QUALITY_WORDS)])
    + ")"
    + _W1,
    re.I,
)


#: "save as mp3", "save it as a 720p mp4": a save that names what it makes; "save it" only as the whole
#: message ("save it for later" is not a render).
_SAVE_AS_RE = re.compile(
    _W0
    + r"save\s+(?:it\s+|this\s+)?(?:as|in|to)\s+(?:an?\s+)?(?:"
    + "|".join([*EXPORT_FORMATS, *(re.escape(word) for word in _QUALITY_WORDS)])
    + ")"
    + _W1
    + r"|^(?:(?:ok|okay|now|please|pls)\s+)*save\s+(?:it|this|that|the\s+(?:video|file|result|clip))"
    r"(?:\s+(?:now|please|pls))*\s*[.!]*$",
    re.I,
)


def _export_command(text: str) -> re.Match[str] | None:
    """The export keyword used as a command: not negated, not a noun ("the export"), not in a question."""
    if _NOT_EXPORT_RE.search(text):
        return None
    for found in _EXPORT_RE.finditer(text):
        if found.group(0).isascii() and _NOUN_RE.search(text[: found.start()]):
            continue
        return found
    return _SEND_RE.search(text) or _RENDER_RE.search(text) or _SAVE_AS_RE.search(text)


def _is_question(text: str) -> bool:
    return bool(_QUESTION_RE.search(text)) and not _REQUEST_RE.search(text)


def _edit_format(text: str, export: re.Match[str], fmt: str | None) -> tuple[bool | None, str | None]:
    """Whether the export also asks for a change (edit first), and the format that change implies.

    ``None``: the message contradicts itself (a silent MP3): the agent asks, nothing is exported.
    """
    spanned = bool(_RANGE_RE.search(text))  # "mute the first 2 seconds": a part, not the whole sound
    silent = not spanned and bool(_SILENT_RE.search(text) or _SILENCING_RE.search(text))
    audio_only = bool(_AUDIO_ONLY_RE.search(text))
    if silent and not re.search(r"extract|提取", text, re.I) and (audio_only or fmt in AUDIO_EXPORT_FORMATS):
        return None, None  # the sound removed, and the sound alone kept
    if audio_only:
        return True, fmt if fmt in AUDIO_EXPORT_FORMATS else "mp3"
    if silent and not re.search(r"extract|提取", text, re.I):
        return True, fmt if fmt is not None and fmt not in AUDIO_EXPORT_FORMATS else "mp4"
    if fmt is None and _AUDIO_OBJECT_RE.search(text):
        fmt = "mp3"  # "export the audio", "导出音频": the sound is what is exported
    rest = text[: export.start()] + " " + text[export.end() :]
    return bool(_EDIT_RE.search(rest) or _RANGE_RE.search(rest)), fmt


#: "add another video", "再传一个文件": one more file, not an edit.
_ANOTHER_FILE_RE = re.compile(
    _W0 + r"(?:add|upload|attach|send)\s+(?:another|a new|one more|a second)\s+(?:video|clip|file)" + _W1, re.I
)


def _read_only(text: str) -> Action | None:
    """Credits, state or upload: generous (nothing is spent), unless the message also asks for an edit."""
    if _ANOTHER_FILE_RE.search(text):
        return "upload"
    if _EDIT_RE.search(text):
        return None
    if _CREDITS_RE.search(text):
        return "credits"
    if _STATE_RE.search(text) or _STATE_PHRASE_RE.search(text):
        return "state"
    if _UPLOAD_RE.search(text):
        return "upload"
    words = re.findall(r"[a-z]+", text.lower())
    if 0 < len(words) <= 2 and text.isascii():
        close = difflib.get_close_matches(words[0], list(_FUZZY_READ_ONLY), n=1, cutoff=0.8)
        if close:
            return _FUZZY_READ_ONLY[close[0]]
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
    bare = _QUOTED_RE.sub(" ", _simplified(clean.translate(HALF_WIDTH)))
    if _is_question(bare):
        topic: Action | None = "state" if _STATE_TOPIC_RE.search(bare) and not _EDIT_RE.search(bare) else None
        return Intent(_read_only(bare) or topic or "chat", clean)
    export = _export_command(bare)
    if export:
        fmt, quality, resolution = _export_options(bare)
        edit, fmt = _edit_format(bare, export, fmt)
        if edit is None:
            return Intent("chat", clean)  # it contradicts itself: the agent asks which is meant
        return Intent("chat_then_export" if edit else "export", clean, fmt, quality, resolution)
    return Intent(_read_only(bare) or "chat", clean)

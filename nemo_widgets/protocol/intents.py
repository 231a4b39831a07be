"""What the user means, and what the backend's GUI talk means for us.

:func:`route` implements the routing table of protocol.md: export, credits,
state and upload skip the chat stream; anything else is a chat message; an
edit that also asks for the result ("remove all audio from this video and
export it silent") is ``chat_then_export``. English and Chinese keywords.

:func:`translate` rewrites the backend's web-editor instructions ("click the
Export button", "点击导出", "drag the clip", "preview in the timeline",
"check your billing page") into what this toolkit does, keeps the rest of
the text, and lists the actions the text suggests.

Every keyword list lives here once, as a module constant.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from nemo_widgets.protocol.constants import EXPORT_FORMATS, SAID_QUALITIES

__all__ = [
    "CREDITS_KEYWORDS",
    "EDIT_KEYWORDS",
    "EXPORT_KEYWORDS",
    "Intent",
    "STATE_KEYWORDS",
    "Translation",
    "UPLOAD_KEYWORDS",
    "route",
    "translate",
]

Action = Literal["export", "credits", "state", "upload", "chat", "chat_then_export"]

#: Routing keywords (protocol.md's table, plus a few plain variants). English
#: entries match whole words, case-insensitively; Chinese ones as substrings.
EXPORT_KEYWORDS: tuple[str, ...] = (
    "export", "导出", "download", "下载", "send me the video", "send me the file",
    "send me the audio", "send me the mp3", "send me the mp4", "render it",
)  # fmt: skip
CREDITS_KEYWORDS: tuple[str, ...] = ("credits", "credit", "积分", "balance", "余额")
STATE_KEYWORDS: tuple[str, ...] = (
    "status", "状态", "show tracks", "show the tracks", "show timeline", "show the timeline", "show state",
)  # fmt: skip
UPLOAD_KEYWORDS: tuple[str, ...] = ("upload", "上传")
#: Words that make a message an edit even when it also says "export".
EDIT_KEYWORDS: tuple[str, ...] = (
    "remove", "delete", "strip", "mute", "unmute", "add", "insert", "put", "cut", "trim", "split", "crop",
    "extract", "convert", "replace", "change", "make", "set", "speed", "slow", "fade", "lower", "raise",
    "increase", "decrease", "keep", "drop", "generate", "apply", "turn", "merge", "join", "reverse",
    "without audio", "without sound", "no audio", "no sound",
    "删除", "去掉", "去除", "移除", "添加", "加上", "剪", "裁", "静音", "提取", "转换", "替换", "修改", "生成",
)  # fmt: skip

#: Said resolution or quality → the export's quality value (the shared vocabulary of protocol.constants).
_QUALITY_WORDS: dict[str, str] = SAID_QUALITIES
_FORMAT_RE = re.compile(r"\b(" + "|".join(EXPORT_FORMATS) + r")\b", re.I)
_AUDIO_ONLY_RE = re.compile(r"\baudio[ -]only\b|\bjust the audio\b|\bonly (?:the )?audio\b|仅音频|只要音频", re.I)
_BITRATE_RE = re.compile(r"\b(\d{2,3})\s*k(?:bps|bit/s|b/s)?\b", re.I)


def _keyword_re(words: tuple[str, ...]) -> re.Pattern[str]:
    ascii_words = [w for w in words if w.isascii()]
    other = [w for w in words if not w.isascii()]
    parts = [r"\b" + re.escape(w).replace(r"\ ", r"\s+") + r"\b" for w in sorted(ascii_words, key=len, reverse=True)]
    parts += [re.escape(w) for w in other]
    return re.compile("|".join(parts), re.I)


_EXPORT_RE = _keyword_re(EXPORT_KEYWORDS)
_CREDITS_RE = _keyword_re(CREDITS_KEYWORDS)
_STATE_RE = _keyword_re(STATE_KEYWORDS)
_UPLOAD_RE = _keyword_re(UPLOAD_KEYWORDS)
_EDIT_RE = _keyword_re(EDIT_KEYWORDS)


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
    if fmt is None and _AUDIO_ONLY_RE.search(text):
        fmt = "mp3"
    quality = resolution = None
    for word, value in _QUALITY_WORDS.items():
        if re.search(r"\b" + re.escape(word) + r"\b", lowered):
            quality, resolution = value, (word if word[0].isdigit() else None)
            break
    bitrate = _BITRATE_RE.search(text)
    if bitrate and (fmt in (None, "mp3", "m4a", "wav")) and quality is None:
        quality = f"{bitrate.group(1)}k"
    return fmt, quality, resolution


def _is_edit(text: str, export_match: re.Match[str]) -> bool:
    """An edit verb outside the export phrase itself."""
    rest = text[: export_match.start()] + " " + text[export_match.end() :]
    return bool(_EDIT_RE.search(rest))


def route(text: str, *, has_files: bool = False) -> Intent:
    """The action for a user's message (protocol.md's routing table).

    >>> route("export 1080p MP4")
    Intent(action='export', text='export 1080p MP4', format='mp4', quality='1080p', resolution='1080p')
    >>> route("remove all audio from this video and export it silent").action
    'chat_then_export'
    """
    clean = " ".join(text.split())
    if has_files:
        return Intent("upload", clean)
    export = _EXPORT_RE.search(clean)
    if export:
        fmt, quality, resolution = _export_options(clean)
        action: Action = "chat_then_export" if _is_edit(clean, export) else "export"
        return Intent(action, clean, fmt, quality, resolution)
    if _CREDITS_RE.search(clean):
        return Intent("credits", clean)
    if _STATE_RE.search(clean):
        return Intent("state", clean)
    if _UPLOAD_RE.search(clean):
        return Intent("upload", clean)
    return Intent("chat", clean)


# -- GUI translation --------------------------------------------------------


@dataclass(frozen=True)
class Translation:
    """The backend's text with GUI wording replaced, and the actions it suggests."""

    text: str
    actions: tuple[str, ...] = ()


_BUTTON = r"(?:\s+(?:button|tab|icon|menu|option))?"
_Q = r"[\"'“”‘’]?"
#: (pattern, replacement, action): applied in order, case-insensitively.
GUI_RULES: tuple[tuple[str, str, str], ...] = (
    (rf"\b(?:click|press|hit|tap|select)(?:\s+on)?(?:\s+the)?\s+{_Q}export{_Q}{_BUTTON}", "run the export", "export"),
    (rf"\b(?:click|press|hit|tap)(?:\s+on)?(?:\s+the)?\s+{_Q}download{_Q}{_BUTTON}", "download the export", "export"),
    (r"点击\s*[“\"']?导出[”\"']?(?:按钮)?", "运行导出", "export"),
    (r"导出按钮", "导出", "export"),
    (r"\bthe\s+export\s+button\b", "the export", "export"),
    (r"\b(?:preview|check|view|see)\s+(?:it\s+|the\s+result\s+)?(?:in|on)\s+the\s+timeline\b",
     "check the timeline summary", "chart"),
    (r"在时间线(?:中|上)?预览", "查看时间线摘要", "chart"),
    (r"\bdrag(?:\s*(?:and|&|/|-)\s*drop)?\b", "ask me to move", "chat"),
    (r"\bdrop\b(?=\s+(?:it|the|your|a|this)\b)", "ask me to place", "chat"),
    (r"拖拽|拖动", "告诉我移动", "chat"),
    (r"\b(?:check|open|visit|go\s+to)\s+(?:your\s+|the\s+)?(?:account|billing)(?:\s+(?:page|settings|section))?\b",
     "check your credits", "credits"),
    (r"(?:查看|打开)(?:你的)?(?:账户|账单)", "查看积分", "credits"),
    (rf"\bopen\s+(?:the\s+|your\s+)?{_Q}([\w ]{{1,30}}?){_Q}\s+(?:panel|tab|editor|view|window|menu|sidebar)\b",
     "check the state", "state"),
    (r"\bopen\s+(?:the\s+|your\s+)?(?:timeline|project|editor)\b", "check the state", "state"),
    (r"打开[^，。,.\s]{0,8}?(?:面板|编辑器|时间线|项目)", "查看状态", "state"),
    (rf"\b(?:click|press|tap)(?:\s+on)?(?:\s+the)?\s+{_Q}([\w ]{{1,30}}?){_Q}\s+(?:button|tab|icon)\b",
     r'say "\1"', "chat"),
    (r"点击", "让我", "chat"),
    (r"\s*(?:in|on|at)\s+the\s+(?:top|bottom|upper|lower)?[\s-]?(?:left|right)?\s*(?:corner|sidebar|toolbar|side\s+panel)\b",
     "", ""),
)  # fmt: skip
_GUI = tuple((re.compile(pattern, re.I), replacement, action) for pattern, replacement, action in GUI_RULES)
_MENTIONS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\bexport\b|导出", re.I), "export"),
    (re.compile(r"\bcredits?\b|积分|余额", re.I), "credits"),
)


def _capitalise_sentences(text: str, starts: list[int]) -> str:
    chars = list(text)
    for index in starts:
        if index < len(chars) and (index == 0 or text[:index].rstrip()[-1:] in ".!?\n"):
            chars[index] = chars[index].upper()
    return "".join(chars)


def translate(backend_text: str) -> Translation:
    """Replace the backend's GUI instructions with toolkit wording.

    >>> translate("Done! Click the Export button to render your silent MP4.")
    Translation(text='Done! Run the export to render your silent MP4.', actions=('export',))
    """
    text = backend_text
    actions: list[str] = []
    for pattern, replacement, action in _GUI:
        starts = _shift(text, pattern, replacement)
        if not starts:
            continue
        text = _capitalise_sentences(pattern.sub(replacement, text), starts)
        if action and action not in actions:
            actions.append(action)
    for pattern, action in _MENTIONS:
        if action not in actions and pattern.search(text):
            actions.append(action)
    text = re.sub(r"[ \t]{2,}", " ", text).replace(" .", ".").replace(" ,", ",")
    return Translation(text, tuple(actions))


def _shift(original: str, pattern: re.Pattern[str], replacement: str) -> list[int]:
    """Where each replacement will start in the new text (later ones move as earlier ones change length)."""
    shifted, offset = [], 0
    for match in pattern.finditer(original):
        shifted.append(match.start() + offset)
        offset += len(match.expand(replacement)) - (match.end() - match.start())
    return shifted

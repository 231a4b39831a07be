"""Understanding a chat message without a language model: rules over the text.

:func:`parse_intent` turns a message into an :class:`Intent` (a tool name and
its arguments), or ``help`` when nothing matched. English and the common
Chinese phrasings of the two jobs (remove audio, extract audio) and of trims.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from nemo_widgets.protocol.constants import AUDIO_EXPORT_FORMATS

__all__ = ["Intent", "is_chinese", "parse_intent", "parse_time_ms"]

NUM = r"(?<![A-Za-z0-9_.:])(\d+:\d{1,2}(?::\d{1,2})?(?:\.\d+)?|\d+(?:\.\d+)?)"
UNIT = r"\s*(milliseconds?|ms|seconds?|secs?|s|minutes?|mins?|min|m|秒钟|秒|分钟|分)?(?![a-z])"
TIME = NUM + UNIT
_UNIT_MS = {"ms": 1, "milli": 1, "min": 60000, "m": 60000, "分": 60000}


@dataclass
class Intent:
    """A tool to call (``remove_audio``, ``extract_audio``, ``trim``, ``set_volume``,
    ``add_title``, ``undo``) with its arguments, or ``help``."""

    name: str
    args: dict[str, Any] = field(default_factory=dict)

    @property
    def is_edit(self) -> bool:
        return self.name != "help"


def is_chinese(text: str) -> bool:
    return re.search(r"[\u4e00-\u9fff]", text) is not None


def parse_time_ms(number: str, unit: str | None) -> int:
    """``"1:45"`` → 105000; ``("10", "seconds")`` → 10000; ``("2", "min")`` → 120000."""
    if ":" in number:
        seconds = 0.0
        for part in number.split(":"):
            seconds = seconds * 60 + float(part)
        return round(seconds * 1000)
    unit = (unit or "s").lower()
    factor = 1000
    for prefix, value in _UNIT_MS.items():
        if unit.startswith(prefix):
            factor = value
            break
    return round(float(number) * factor)


def _times(text: str) -> list[int]:
    return [parse_time_ms(n, u) for n, u in re.findall(TIME, text)]


_UNDO = re.compile(r"\b(undo|revert|go back|roll ?back)\b|撤销|撤回|还原")
_TITLE_WORD = re.compile(r"\b(title|caption|text|heading)\b|标题|字幕|文字")
_QUOTED = re.compile(r"[\"“「『](.+?)[\"”」』]")
_PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s*%|百分之\s*(\d+(?:\.\d+)?)")
_VOLUME_WORD = re.compile(r"\b(volume|music|audio|sound|bgm|voice|loud\w*|quiet\w*)\b|音量|音乐|声音")
_MUSIC_WORD = re.compile(r"\b(music|bgm|soundtrack)\b|音乐|背景音")
_TRIM_VERB = re.compile(
    r"\b(trim|cut|remove|delete|drop|keep|shorten|chop|crop|clip|skip|lose)\b|剪|删|去掉|保留|裁|只要"
)
_KEEP = re.compile(r"\b(keep|only|shorten to|trim to|cut to|make it)\b|保留|只要|只保留")
_RANGE = re.compile(r"(?:from|between)?\s*" + TIME + r"\s*(?:to|until|till|through|and|-|–|—|到|至)\s*" + TIME)
_FIRST = re.compile(r"(?:first|opening|beginning|start|前)\s*(?:the\s+)?" + TIME)
_LAST = re.compile(r"(?:last|final|ending|end|最后|后)\s*(?:the\s+)?" + TIME)
_TO_LENGTH = re.compile(r"\b(?:shorten|trim|cut|make)\b(?:\s+(?:it|this|the video|the clip))?\s+to\s+" + TIME)
_EXTRACT = re.compile(
    r"\bextract\b|\brip\b|\baudio[- ]only\b|\bonly (?:the )?audio\b|\bkeep (?:only )?(?:the )?audio\b"
    r"|\b(?:to|as|into|in)\s+(?:an?\s+)?(?:mp3|wav|m4a)\b|\b(?:mp3|wav|m4a)\s+(?:file|audio|format)\b"
    r"|提取|转成|转为|转换成|转换为|导出音频|只要音频|只保留音频|转\s*mp3"
)
_REMOVE = re.compile(
    r"\b(?:remove|delete|strip|mute|drop|kill|erase|silence|get rid of|take out|take away|turn off)\b"
    r"[^.!?]*?\b(?:audio|sound|sounds|music|voice|voices|noise|track|tracks|soundtrack)\b"
    r"|\b(?:mute|muted|silent|silence|no sound|no audio|without (?:sound|audio))\b"
    r"|\bstrip\b"
    r"|去掉音频|删除所有音频|删除音频|去除音频|移除音频|去掉声音|删除声音|去除声音|静音|消音|无声|去掉背景音|去掉音轨|删除音轨"
)
_CONVERT = re.compile(r"\bconvert\b|转换")


def _title(original: str, lower: str) -> Intent | None:
    quoted = _QUOTED.search(original)
    if not quoted or not _TITLE_WORD.search(lower):
        return None
    rest = lower[: quoted.start()] + " " + lower[quoted.end() :]
    length = re.search(r"(?:for|lasting|持续)\s*" + TIME, rest)
    start = re.search(r"(?:\bat|\bfrom|\bstarting at|在)\s*" + TIME, rest)
    return Intent("add_title", {
        "text": quoted.group(1).strip(),
        "start_ms": parse_time_ms(*start.groups()) if start else 0,
        "duration_ms": parse_time_ms(*length.groups()) if length else 3000,
    })


def _volume(lower: str) -> Intent | None:
    percent = _PERCENT.search(lower)
    if not percent or not _VOLUME_WORD.search(lower):
        return None
    value = float(percent.group(1) or percent.group(2))
    target = "music" if _MUSIC_WORD.search(lower) else "audio"
    return Intent("set_volume", {"volume": round(min(100.0, value) / 100, 3), "target": target})


def _trim(lower: str) -> Intent | None:
    if not _TRIM_VERB.search(lower) and not _TO_LENGTH.search(lower):
        return None
    keep = _KEEP.search(lower) is not None
    found = _RANGE.search(lower)
    if found:
        a, b = parse_time_ms(*found.groups()[:2]), parse_time_ms(*found.groups()[2:])
        return Intent("trim", {"mode": "keep" if keep else "cut", "start_ms": min(a, b), "end_ms": max(a, b)})
    found = _FIRST.search(lower)
    if found:
        ms = parse_time_ms(*found.groups())
        return Intent("trim", {"mode": "keep", "start_ms": 0, "end_ms": ms} if keep else
                      {"mode": "cut", "start_ms": 0, "end_ms": ms})
    found = _LAST.search(lower)
    if found:
        ms = parse_time_ms(*found.groups())
        return Intent("trim", {"mode": "keep_last" if keep else "cut_last", "length_ms": ms})
    found = _TO_LENGTH.search(lower)
    if found:
        return Intent("trim", {"mode": "keep", "start_ms": 0, "end_ms": parse_time_ms(*found.groups())})
    return None


def _format(lower: str) -> str:
    for fmt in AUDIO_EXPORT_FORMATS:
        if fmt in lower:
            return fmt
    return "m4a" if "aac" in lower else "mp3"


def parse_intent(message: str, skill_source: str | None = None) -> Intent:
    """What ``message`` asks for; ``skill_source`` (X-Skill-Source) settles "convert my files"."""
    original = message.strip()
    lower = original.lower()
    if _UNDO.search(lower):
        return Intent("undo")
    for intent in (_title(original, lower), _volume(lower), _trim(lower)):
        if intent is not None:
            return intent
    if _EXTRACT.search(lower):
        return Intent("extract_audio", {"format": _format(lower)})
    if _REMOVE.search(lower):
        return Intent("remove_audio")
    if _CONVERT.search(lower) and (skill_source or "").endswith("mp3"):
        return Intent("extract_audio", {"format": _format(lower)})
    return Intent("help")

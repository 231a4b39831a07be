"""The agent's vocabulary shared by its rules: the words for audio, video, a negation, each verb (English and Chinese).

A leaf: the clause reader (:mod:`~nemo_widgets.local.agent.grammar`) and the
message splitter (:mod:`~nemo_widgets.local.agent.clauses`) read these patterns.
"""

from __future__ import annotations

import re

from nemo_widgets.protocol.constants import AUDIO_EXPORT_FORMATS, HAN, QUOTED

__all__ = [
    "AUDIO",
    "AUDIO_FORMAT",
    "CUT",
    "EXPORT_WORDS",
    "HAN",
    "KEEP",
    "MUTE",
    "NEG",
    "QUOTE",
    "REMOVE",
    "VIDEO",
    "WANT_NEG",
    "is_chinese",
]

AUDIO = r"(?:\b(?:audio|sound|sounds|soundtrack|audio track)\b|音频|声音|音轨|原声|原音|声轨)"
VIDEO = r"(?:\b(?:video|picture|image|footage)\b|视频|画面)"
NEG = re.compile(
    r"\b(?:don'?t|do not|dont|never|no need to|not)\b|\b(?:without|stop|avoid|quit)\s+\w+ing\b|别|不要(?=\s*(?:删|去|剪|静|提|动|改|碰|导|把|mute))|不用|无需|先不"
)
WANT_NEG = re.compile(
    r"\b(?:don'?t|do not|dont|no longer)\s+(?:want|need|keep)\s+(?:the\s+|any\s+|this\s+|my\s+)?(?:audio|sound|video|picture)"
    r"|不(?:要|需要|想要)(?:有|带)?(?=\s*(?:声音|音频|视频|画面))"
)
CUT = r"(?:\b(?:trim|cut|remove|delete|drop|skip|lose|chop|get rid of|take off|take out|shorten|ditch|scrap|axe|snip|lop off|nuke|zap|trash|shave)\b|\btake\b(?=.*\b(?:off|out|away)\b)|剪掉|剪|删除|删掉|删|去掉|去除|裁掉|cut\s*掉)"
KEEP = r"(?:\b(?:keep|only|extract|export|download)\b|保留|只要|只留|留下|截取|截)"
MUTE = r"(?:\b(?:mute|silence|silent|no sound|no audio|muted)\b|静音|消音|无声)"
REMOVE = r"(?:\b(?:remove|delete|strip|drop|kill|erase|get rid of|take out|take away|turn off|lose|nuke|ditch|scrap|axe|zap|trash)\b|\btake (?:the |all (?:the )?)?(?:audio|sound) (?:out|off)\b|去掉|删除|去除|移除|删掉|删了|关掉|关闭|拿掉|消除|清除|除去|抹掉|remove)"
EXPORT_WORDS = re.compile(
    r"\b(?:export|download|render|send me)\b(?:\s+(?:it|this|the video|the file|now|please))*|导出|下载"
)
#: The audio formats an export can be, as a regex alternation ("mp3|wav|m4a"): protocol.constants has the list.
AUDIO_FORMAT = "|".join(AUDIO_EXPORT_FORMATS)
#: Quoted words in a message (protocol.constants.QUOTED): group 1 or 2 holds them.
QUOTE = re.compile(QUOTED, re.I)
_HAN = re.compile(HAN)


def is_chinese(text: str) -> bool:
    """Whether ``text`` has a Chinese character: then it is read, and answered, as Chinese."""
    return _HAN.search(text) is not None

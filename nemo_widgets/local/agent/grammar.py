"""Reading one clause: which operation, on what, with which polarity and amount."""

from __future__ import annotations

import re
from typing import Any

from nemo_widgets.local.agent.declines import decline_for
from nemo_widgets.local.agent.languages import merged
from nemo_widgets.local.agent.spans import T, find_span
from nemo_widgets.local.agent.titles import read_title
from nemo_widgets.local.agent.types import Clause, Op, Span
from nemo_widgets.local.agent.words import (
    AUDIO,
    AUDIO_FORMAT,
    CUT,
    EXPORT_WORDS,
    KEEP,
    MUTE,
    NEG,
    REMOVE,
    VIDEO,
    WANT_NEG,
    is_chinese,
)
from nemo_widgets.protocol.constants import AUDIO_EXPORT_FORMATS

__all__ = ["read_clause", "with_verb"]

_UNDO = re.compile(r"\b(?:undo|revert|go back|roll ?back|take (?:that|it) back)\b|撤销|撤回|还原")
_RESTORE = re.compile(
    r"\bunmute\b|\b(?:put|bring|get)\b.*\b(?:sound|audio)\b.*\bback\b|\bbring back\b.*\b(?:sound|audio)\b"
    r"|\brestore\b.*\b(?:sound|audio)\b|恢复(?:声音|音频)|取消静音|(?:声音|音频)\s*(?:恢复|还原|找回来|加回来|放回来)"
)
_VOLUME = re.compile(
    r"\b(?:volume|loud|louder|loudness|quiet|quieter|softer|gain)\b|\b(?:audio|sound|volume) levels?\b|音量|大声|小声"
)
_UP = re.compile(
    r"\b(?:louder|up|increase|raise|boost|more|higher|too quiet)\b|提高|增加|调大|大点|加大|大些|增大|调高|高点|升高|太小"
)
_DOWN = re.compile(
    r"\b(?:quieter|softer|down|reduce|lower|decrease|less|too loud)\b|降低|减少|调小|小点|减小|小些|减弱|调低|低点|减半|降|太大|太响|太吵"
)
#: "in the middle", "part of": a scope the volume can't take here (only whole-clip volume, or mute a span).
_PART = re.compile(
    r"\b(?:in|at|during|for|near) the (?:middle|beginning|start|end|intro|outro)\b|\bpart of\b"
    r"|\bsome parts?\b|\bin places\b|中间|开头|结尾|部分"
)
#: A level set, not a change: "to"/"at" right before the amount ("for you to make it 30% quieter" is a change).
_ABSOLUTE = re.compile(
    r"\b(?:to|at)\s+(?:about\s+|around\s+|roughly\s+|approximately\s+|~\s*)?\d|(?:到|为|成)\s*\d|设置|设"
)
_PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s*%")
#: What a level said as a number follows: "to 0.5", "volume=0.3", "volume 0.8", "调到80".
_LEVEL_AFTER = r"(?:\b(?:to|at)\s+|(?<=[a-z])\s*[=:]\s*|\b(?:volume|level|gain)\s+|(?:到|为|成)\s*)"
#: "set the volume to 150", "音量调到80": a level said without "%" (10-200; a time is not a level).
_BARE_LEVEL = re.compile(_LEVEL_AFTER + r"(\d{2,3})(?![\d.:%])(?!\s*(?:s\b|secs?\b|seconds?|min|m\b|ms\b|秒|分))")
#: "get the sound out of this video": removed from it, or taken out as a file? Asked unless a format says.
_OUT_OF = re.compile(r"\b(?:get|pull)\s+(?:the\s+|all\s+(?:the\s+)?)?(?:audio|sound|soundtrack)\s+out\s+of\b")
#: A silent result and a sound-only one in one breath ("export it silent as mp3"): ask which.
_SILENT_RESULT = re.compile(
    r"\bsilent\b|\bmuted\b|\bno (?:sound|audio)\b|\bwithout (?:any |the |its |their |all )?(?:sound|audio)\b|\bsound off\b"
    r"|无声|静音|没有声音|没声音|不要声音"
)
_AUDIO_RESULT = re.compile(
    r"\b(?:"
    + AUDIO_FORMAT
    + r"|aac)\b|\baudio[- ]only\b|\b(?:only|just) (?:the )?(?:audio|sound)\b|只(?:要|保留|导出)?\s*(?:音频|声音)|仅音频"
)
_EXTRACT = re.compile(
    r"\bextract\b|\brip\b|\baudio[- ]only\b|\b(?:the )?(?:audio|sound|soundtrack) only\b|\bonly (?:the )?(?:audio|sound)\b|\bjust (?:the )?(?:audio|sound)\b"
    r"|\b(?:just|only)\s+(?:want|need|keep)\s+(?:the\s+)?(?:audio|sound|soundtrack)\b|\bjust (?:the )?soundtrack\b|只有\s*(?:声音|音频)"
    r"|\bonly need the (?:audio|sound)\b|\b(?:to|as|into|in)\s+(?:an?\s+)?(?:" + AUDIO_FORMAT + r"|aac)\b"
    r"|\b(?:"
    + AUDIO_FORMAT
    + r")\s+(?:file|audio|format)\b|\bmake an? (?:"
    + AUDIO_FORMAT
    + r")\b|\bget the (?:soundtrack|audio|sound) out\b"
    r"|\bdrop the video\b|\bno video\b|\bwithout (?:the )?video\b|\b(?:make|create|save|give me|want|need|get) (?:me )?an? (?:audio|sound) (?:file|track|version)\b"
    r"|提取|转成|转为|转换成|转换为|(?:变成|弄成|做成|改成|换成)\s*(?:"
    + AUDIO_FORMAT
    + r"|音频)|只(?:想要|需要|想|要|保留|留下?|导出)*\s*(?:音频|声音|音轨)|仅(?:要|保留)?\s*(?:音频|声音|音轨)"
    r"|\b(?:want|need|get|have)\s+(?:an?|the)\s+(?:"
    + AUDIO_FORMAT
    + r")\b|\bthe (?:"
    + AUDIO_FORMAT
    + r") (?:of|from|version)\b"
    r"|\b(?:to|as|into)\s+(?:an?\s+)?(?:audio|sound)(?:\s+(?:only|file|track))?$"
    r"|^(?:(?:i want|i need|give me|just|only|我要|我想要|给我|要|只要)\s*)?(?:an?\s+)?(?:"
    + AUDIO_FORMAT
    + r")(?:\s*(?:please|pls|file|version|文件|格式))?$"
    r"|(?:保存|存)(?:为|成)\s*(?:"
    + AUDIO_FORMAT
    + r")|(?:导出|下载)\s*(?:为|成)?\s*(?:一个)?\s*(?:"
    + AUDIO_FORMAT
    + r")"
)
_WHOLE_REMOVE = re.compile(
    r"^(?:mute|strip)\b|\bmute (?:it|this|the video|the clip|everything|all|the whole)|\bsilent\b"
    r"|\bsilence (?:it|this|that|everything|all|the (?:video|clip|whole|entire))\b|\b(?:no|zero) (?:sound|audio)\b|\bwithout (?:any |the |its |their |all )?(?:sound|audio)\b|\b(?:sound|audio) off\b|\bturn (?:off )?the sound(?: off)?\b"
    r"|\b(?:video|picture) only\b|\bjust the video\b|\bonly the video\b|\bstrip\b"
    r"|静音|消音|无声|不要声音|不要音频|把视频变成无声|(?:关掉|关闭|关上)\s*(?:声音|音频)|没有声音|mute"
    r"|(?:声音|音频)\s*(?:关了|关掉|关闭|关上|去了|删了|不要了)"
)
_KEEP_AUDIO = re.compile(
    r"\bkeep (?:the |my )?(?:audio|sound|soundtrack)\b|保留(?:声音|音频)|(?:声音|音频)\s*(?:要)?(?:保留|留着|留下)"
    r"|\bleave the (?:audio|sound)\b"
)
_AMOUNT_ONLY = re.compile(
    r"^(?:like|say|maybe|around|about|roughly|to|at|make it|so|调到|调成|改成|设为|设成|到|大概|大约)?\s*(\d+(?:\.\d+)?)\s*%"
    r"\s*(?:or so|please|pls|maybe|吧|左右|就行)?$"
)
_KEEP_VOLUME = re.compile(r"\b(?:keep|leave)\s+(?:the\s+|my\s+)?volume\b|音量不变|保持音量|音量保持")
_CONVERT = re.compile(r"\bconvert\b|转换")
_STATEMENT = re.compile("|".join(f"(?:{p})" for p in merged("STATEMENTS")))


def _fmt(text: str) -> str:
    for fmt in AUDIO_EXPORT_FORMATS:
        if fmt in text:
            return fmt
    return "m4a" if "aac" in text else "mp3"


def _op(name: str, args: dict[str, Any] | None = None, phrase: str = "", verb: str = "") -> Clause:
    return Clause("op", op=Op(name, args or {}), phrase=phrase, verb=verb)


def with_verb(verb: str, span: Span | None, phrase: str) -> Clause:
    """The operation a verb makes of a span: cut, keep or mute it."""
    if span is None or span.kind in ("at", "bare", "many"):
        return _ask_span(phrase)
    if verb == "mute":
        return _op("mute_range", {"span": span}, phrase, verb)
    return _op("trim", {"mode": verb, "span": span}, phrase, verb)


def _ask_span(phrase: str) -> Clause:
    number = re.search(T, phrase)
    n = number.group(1) if number else "2"
    if is_chinese(phrase):
        return Clause(
            "ask",
            reason=f"不确定“{phrase}”指的是哪一段。",
            suggestions=[f"剪掉前{n}秒", f"剪掉最后{n}秒", f"保留前{n}秒"],
        )
    return Clause(
        "ask",
        reason=f'I\'m not sure which part you mean in "{phrase}".',
        suggestions=[f"cut the first {n} seconds", f"cut the last {n} seconds", f"keep the first {n} seconds"],
    )


def _negated(text: str) -> Clause | None:
    unwanted = WANT_NEG.search(text)
    if unwanted:
        noun = unwanted.group(0) + text[unwanted.end() : unwanted.end() + 4]  # what is not wanted comes right after
        if re.search(AUDIO, noun):
            span = find_span(text)
            if span is not None and span.kind not in ("at", "bare"):
                return with_verb("mute", span, text)  # "最后两秒不要声音": no sound there
            return _op("remove_audio", phrase=text)
        if re.search(VIDEO, noun):
            return _op("extract_audio", {"format": "mp3"}, phrase=text)
    if re.match(r"^(?:not|no)\s+(?:the\s+)?(?:audio|sound)$", text):
        return Clause("none")
    if NEG.search(text):
        what = (
            "the audio"
            if re.search(AUDIO + "|" + MUTE + r"|silent", text)
            else ("the export" if EXPORT_WORDS.search(text) else "the timeline")
        )
        return Clause("noop", reason=what)
    return None


def _is_volume(text: str) -> bool:
    percent = _PERCENT.search(text)
    if percent and re.match(
        r"^(?:and |then |please )*(?:set|turn|put|bring|make|change|adjust)\s+(?:it|this|that)\b", text
    ):
        return True  # "…, set it to 60%": a bare level is the volume
    wordy = _VOLUME.search(text) or re.search(AUDIO + r"|\bmusic\b|音乐", text)
    directed = (_UP.search(text) or _DOWN.search(text)) and (
        percent or re.search(r"\bturn (?:it|this|that) (?:down|up)\b", text)
    )
    return bool(
        _VOLUME.search(text)
        or (percent and wordy)
        or directed
        or re.search(r"(?:声音|音量|音乐).*(?:大点|小点|调大|调小|调高|调低|关小|开大|太大|太小|太响|太吵)", text)
        or re.fullmatch(r"(?:再)?(?:调小|调大|调低|调高|关小|开大)(?:点|些)?", text)
    )


_PART_VOLUME = Clause(
    "decline",
    reason="changing the volume of part of the clip",
    suggestions=["mute the first 2 seconds", "set the volume to 50%"],
)


def _volume(text: str, span: Span | None) -> Clause | None:
    if not _is_volume(text):
        return None
    if _PART.search(text) or (span is not None and span.kind not in ("bare", "at")):
        return Clause(_PART_VOLUME.kind, reason=_PART_VOLUME.reason, suggestions=list(_PART_VOLUME.suggestions))
    target = "music" if re.search(r"\b(?:music|bgm|soundtrack)\b|音乐|背景音", text) else "audio"
    amount = _volume_amount(text)
    if amount is None:
        if is_chinese(text):
            return Clause(
                "ask",
                reason="音量要调到多少？",
                suggestions=["音量调到50%", "音量提高50%", "音量降低30%"],
                vague=True,
            )
        return Clause(
            "ask",
            reason="How loud should it be?",
            suggestions=["set the volume to 50%", "make it 50% louder", "reduce the volume by 30%"],
            vague=True,  # "it's a bit loud" beside "lower it to 50%" is settled by that clause
        )
    step = bool(amount.pop("step", False))
    clause = _op("set_volume", {"target": target, **amount}, text)
    clause.vague = step  # "it's too loud, set it to 60%": the 60 % is meant
    return clause


def _volume_amount(text: str) -> dict[str, Any] | None:
    """``{"volume": level}`` or ``{"factor": change}`` as said; None when no amount is said."""
    percent = _PERCENT.search(text)
    decimal = re.search(_LEVEL_AFTER + r"(0(?:\.\d+)?|1(?:\.0+)?)\b(?!\s*%)", text)
    if percent:
        value = float(percent.group(1)) / 100
        relative = re.search(r"\bby\b", text) or (
            (_UP.search(text) or _DOWN.search(text)) and not _ABSOLUTE.search(text)
        )
        if relative:
            return {"factor": 1 + value if _UP.search(text) else 1 - value}
        return {"volume": value}
    if decimal:
        return {"volume": float(decimal.group(1))}
    if 10 <= _bare_level(text) <= 200:
        return {"volume": _bare_level(text) / 100}
    if re.search(r"\b(?:to|at) (?:a |one )?half\b", text):  # "lower it to half": a level
        return {"volume": 0.5}
    if re.search(r"\bhalve\b|\bhalf the\b|\bhalf as loud\b|\bin half\b|减半", text):
        return {"factor": 0.5}
    if re.search(r"\bdouble\b|\btwice as loud\b|加倍|2\s*倍|翻倍", text):
        return {"factor": 2.0}
    times = re.search(
        r"\b(\d+(?:\.\d+)?)\s*(?:times|x)\s+(?:louder|as loud)\b|(\d+(?:\.\d+)?)\s*倍(?=.*(?:大|响))", text
    )
    if times:  # "3 times louder", 音量大1.5倍
        return {"factor": float(times.group(1) or times.group(2))}
    if _UP.search(text) or _DOWN.search(text):  # no amount said: a step, which a said amount overrides
        return {"factor": 1.25 if _UP.search(text) else 0.75, "step": True}
    return None


def _bare_level(text: str) -> int:
    found = _BARE_LEVEL.search(text)
    return int(found.group(1)) if found else 0


def _spanned(text: str, span: Span) -> Clause | None:
    """A clause with a time span: mute it, cut it or keep it."""
    audio = re.search(AUDIO, text)
    if re.search(MUTE, text) or (audio and re.search(REMOVE + "|" + CUT + r"|\bwithout\b", text)):
        return with_verb("mute", span, text)
    if re.search(r"\bwithout\b|\bminus\b", text):  # "export without the first 2 seconds": that part goes
        return with_verb("cut", span, text)
    if re.search(KEEP, text) or re.search(
        r"\bstart(?:s)?\b.*\b(?:at|from)\b|\bend(?:s)? (?:it |the video )?at\b", text
    ):
        return with_verb("keep", span, text)
    if span.kind == "first" and re.search(
        r"\bto\s+\d|剪到|缩短到|剪成|缩短成|缩成|\bmake (?:it|this|the video|the clip) \d", text
    ):
        return with_verb("keep", span, text)
    if span.kind in ("first", "last") and re.search(  # "trim it (down) to the first 8 seconds": what is left
        r"\bto\s+(?:just\s+|only\s+)?the\s+(?:first|last|final|opening)\b", text
    ):
        return with_verb("keep", span, text)
    if re.search(CUT, text):
        return with_verb("cut", span, text)
    if span.kind in ("at", "bare", "many"):
        return None if span.kind != "many" else _ask_span(text)
    return Clause("span", span=span, phrase=text)


def read_clause(text: str, quotes: list[str], skill_source: str | None = None) -> Clause:
    """What one clause asks for."""
    text = text.strip(" .!?")
    postposed = re.search(r"\s*(?:不要|不想要|不需要)了?$", text)  # "音频不要了": the thing, then "don't want"
    if postposed and postposed.start() > 0:
        text = "去掉 " + text[: postposed.start()]
    if re.fullmatch(r"redo", text):
        return Clause(
            "ask",
            reason="Redo isn't kept here: say the edit again, please.",
            suggestions=["cut the first 2 seconds", "remove all audio"],
        )
    steps = re.search(r"\bundo (\d+|all)\b", text)
    if steps:
        return _op("undo", {"steps": steps.group(1) if steps.group(1) == "all" else int(steps.group(1))}, text)
    if _UNDO.search(text):
        return _op("undo", phrase=text)
    negated = _negated(text)
    if negated is not None:
        return negated
    if _RESTORE.search(text):
        span = find_span(text)
        if span is not None and span.kind not in ("at", "bare", "many"):  # "unmute the first 2 seconds"
            return _op("restore_audio", {"span": span}, text)
        return _op("restore_audio", phrase=text)
    title = read_title(text, quotes)
    if title is not None:
        return title
    if re.search(REMOVE + "|" + CUT, text) and re.search(r"\b(?:title|titles|caption|text)\b|标题|文字", text):
        return _op("remove_title", phrase=text)
    declined = decline_for(text, chinese=is_chinese(text))
    if declined:
        said_as_problem = _STATEMENT.search(text) is not None
        return Clause(
            "decline", reason=declined["reason"], suggestions=declined["suggestions"], problem=said_as_problem
        )
    amount = _AMOUNT_ONLY.match(text)
    if amount:  # "make it quieter, like 40%": an amount on its own is the level of the volume said beside it
        level = _op("set_volume", {"target": "audio", "volume": float(amount.group(1)) / 100}, text)
        return Clause("amount", op=level.op, phrase=text)
    if _KEEP_VOLUME.search(text) and not re.search(r"\d", text):
        return Clause("noop", reason="the volume")  # "keep the volume as it is, just cut …"
    span = find_span(text)
    volume = _volume(text, span)
    if volume is not None:
        return volume
    return _after_volume(text, span, skill_source)


def _after_volume(text: str, span: Span | None, skill_source: str | None) -> Clause:
    if span is not None:
        spanned = _spanned(text, span)
        if spanned is not None:
            return spanned
    if _SILENT_RESULT.search(text) and _AUDIO_RESULT.search(text):
        return _silent_audio(text)
    if _OUT_OF.search(text) and not _AUDIO_RESULT.search(text):
        return Clause(  # "get the audio out of this video": out of the video, or out as a file?
            "ask",
            reason=f'"{text}" could mean removing the sound from the video or keeping only the sound.',
            suggestions=["remove all audio", "extract the audio as MP3"],
        )
    if re.search(r"\b(?:convert|turn)\b.*\b(?:to|into)\s+(?:an?\s+)?mp4\b|转(?:成|为|换成)\s*mp4", text):
        return Clause("ask", reason="It is already a video.", suggestions=["export as MP4", "remove all audio"])
    if _EXTRACT.search(text) and not re.search(r"\b(?:a |the )?clip\b", text):
        return _op("extract_audio", {"format": _fmt(text)}, text)
    if _CONVERT.search(text) and (skill_source or "").endswith("mp3"):
        return _op("extract_audio", {"format": _fmt(text)}, text)
    if (re.search(REMOVE, text) and re.search(AUDIO, text)) or _WHOLE_REMOVE.search(text):
        return _op("remove_audio", phrase=text)
    if re.search(REMOVE, text) and re.search(VIDEO, text) and not re.search(AUDIO, text):
        return _without_video(text)
    if (re.search(r"\bcut\b", text) and re.search(AUDIO, text)) or re.search(r"\bfix\b.*" + AUDIO, text):
        return Clause(
            "ask",
            reason=f'"{text}" could mean several edits.',
            suggestions=["remove all audio", "mute the first 2 seconds", "reduce the volume by 30%"],
        )
    if _KEEP_AUDIO.search(text):
        return Clause("noop", reason="the audio")
    return _verb_only(text)


def _without_video(text: str) -> Clause:
    """ "Remove the picture" keeps the sound; "remove the video" could also mean the whole clip: asked, unless
    another clause keeps the sound ("音频保留，视频不要")."""
    keep_sound = _op("extract_audio", {"format": _fmt(text)}, text)
    if re.search(r"\b(?:picture|image|footage|visuals?)\b|画面|图像", text):
        return keep_sound
    zh = is_chinese(text)
    return Clause(
        "ask",
        op=keep_sound.op,
        reason="要只保留声音（去掉画面）吗？" if zh else "Do you mean keeping only the sound (removing the picture)?",
        suggestions=["提取音频", "去掉音频"] if zh else ["extract the audio as MP3", "remove all audio"],
    )


def _silent_audio(text: str) -> Clause:
    """A silent MP3 has nothing in it: the video without its sound, or the sound alone?"""
    if is_chinese(text):
        return Clause(
            "ask",
            reason="无声的音频文件里什么都没有：你想要无声视频（MP4），还是只要音频（MP3）？",
            suggestions=["去掉音频", "提取音频"],
        )
    return Clause(
        "ask",
        reason="A silent MP3 would have nothing in it: do you want the video without its sound (MP4), "
        "or the sound alone (MP3)?",
        suggestions=["remove all audio", "extract the audio as MP3"],
    )


def _verb_only(text: str) -> Clause:
    if re.search(CUT + r"|\bshorter\b|\bkeep\b|保留|只要", text):
        verb = "keep" if re.search(KEEP, text) else "cut"
        return Clause("verb", verb=verb, phrase=text)
    if EXPORT_WORDS.search(text):
        return Clause("export")
    return Clause("none")

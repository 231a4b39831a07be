"""What the local agent says: edits named one by one, and clear answers when nothing was done.

A reply that offers phrasings ends with one line ``Try: “…” · “…”`` (``可以试试：“…” · “…”``);
:func:`nemo_widgets.protocol.intents.suggestions` reads them back and the Studio shows them as
buttons that send the phrase.
"""

from __future__ import annotations

import difflib
import re
from typing import Any

from nemo_widgets.local import drafts
from nemo_widgets.local.agent.intents import Plan
from nemo_widgets.local.agent.wording import edit_distance
from nemo_widgets.protocol.constants import EXPORT_FORMATS, TrackType

__all__ = ["EXAMPLES", "done_text", "help_text", "no_media_text", "not_done_text", "reply_for"]

#: Phrasings the engine understands, offered when a message was not understood (close ones first).
EXAMPLES: dict[str, tuple[str, ...]] = {
    "en": ("remove all audio", "extract the audio as MP3", "cut the first 2 seconds", "trim 1 second off the end",
           "keep the first 5 seconds", "keep everything after 0:03", "cut from 0:02 to 0:05",
           "mute the first 2 seconds", "set the volume to 50%", "reduce the volume by 30%",
           "make it 50% louder", 'add a title "My clip" for 3 seconds', "undo", "export as MP4"),
    "zh": ("去掉音频", "提取音频", "剪掉前2秒", "保留前5秒", "剪掉最后1秒", "前两秒静音", "音量调到50%",
           "音量降低30%", "加个标题“你好”", "撤销", "导出MP4"),
}  # fmt: skip


_ZH_NOUNS = {"the audio": "音频", "the export": "导出", "the timeline": "时间线", "the volume": "音量"}
#: Reasons some rules write in English only, as a Chinese message should read them (pattern, replacement).
_ZH_REASONS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^changing the volume of part of the clip$"), "只调整片段中一部分的音量"),
    (re.compile(r"^It is already a video\.$"), "它已经是视频了。"),
    (re.compile(r'^What should be "(.+)"\?$'), r"“\1”指的是什么？"),
    (re.compile(r'^"(.+)" could mean removing the sound from the video or keeping only the sound\.$'),
     r"“\1”可能是去掉视频里的声音，也可能是只保留声音。"),
    (re.compile(r'^"(.+)" could mean several edits\.$'), r"“\1”可能指好几种改动。"),
)  # fmt: skip


def zh_reason(reason: str, fallback: str) -> str:
    """``reason`` for a Chinese message: as written when it is Chinese already, translated when a rule wrote it
    in English, else ``fallback`` (never an English sentence inside a Chinese reply)."""
    if not reason.isascii():
        return reason
    for pattern, chinese in _ZH_REASONS:
        if pattern.match(reason):
            return pattern.sub(chinese, reason)
    return fallback


def try_line(phrases: list[str], zh: bool) -> str:
    unique = list(dict.fromkeys(p for p in phrases if p))[:3]
    if not unique:
        return ""
    quoted = " · ".join(f"“{p}”" for p in unique)
    return ("\n可以试试：" if zh else "\nTry: ") + quoted


def done_text(done: list[str], total: int, output_format: str | None, kept: list[str], zh: bool) -> tuple[str, str]:
    """(plain, GUI-style) replies for a finished edit that names each operation."""
    if zh:
        named = "；".join(f"{i}. {d}" for i, d in enumerate(done, 1)) if len(done) > 1 else done[0]
        plain = f"好的，已完成：{named}。时间线现在 {drafts.fmt_secs(total)}。"
        return plain, plain + "点击导出按钮即可渲染。"
    named = "; ".join(f"{i}) {d}" for i, d in enumerate(done, 1)) if len(done) > 1 else done[0]
    left = f" I left {' and '.join(dict.fromkeys(kept))} as it is." if kept else ""
    plain = f"Done! I {named}.{left} The timeline is now {drafts.fmt_secs(total)} long."
    noun = (output_format or "mp4").upper()
    return plain, f"{plain} Click the Export button to render your {noun}."


def not_done_text(why: str, done: list[str], zh: bool) -> str:
    if zh:
        return f"{why}这条消息里的修改都没有执行，时间线没有变化。"
    undone = [re.sub(r" \(now [^)]*long\)$", "", step) for step in done]  # the length it would have had
    rest = f"; the rest of the message was not applied either ({'; '.join(undone)})" if done else ""
    return f"{why} Nothing was changed{rest}."


def help_text(chinese: bool = False) -> str:
    if chinese:
        return (
            "我是本地 NemoVideo 引擎，可以：去掉全部音频（无声视频）；提取音频为 MP3、WAV 或 M4A；"
            "剪辑（“剪掉前3秒”、“保留前20秒”、“剪掉最后1秒”）；某段静音（“前两秒静音”）；调节音量"
            "（“音量调到一半”、“音量降低30%”）；添加标题（加个标题“你好”）；撤销。"
            + try_line(list(EXAMPLES["zh"][:3]), True)
        )
    return (
        "I'm the local NemoVideo engine. I can: remove all audio (a silent video); extract the audio as MP3, "
        'WAV or M4A; trim or cut ("cut the first 2 seconds", "trim 1 second off the end", "cut from 0:30 '
        'to 1:45", "keep everything after 0:03"); mute a part ("mute the first 2 seconds"); set or change '
        'the volume ("set the volume to 50%", "reduce the volume by 30%", up to '
        f"{round(drafts.MAX_VOLUME * 100)}%); add a title "
        "('add a title \"Urban Dreams\" for 3 seconds'); and undo the last message's edits. Several edits in one "
        "message are done in order." + try_line(list(EXAMPLES["en"][:3]), False)
    )


def no_media_text(chinese: bool = False) -> str:
    if chinese:
        return "请先上传一个视频，然后告诉我要怎么改（例如“去掉音频”）。" + try_line(["上传"], True)
    return 'Upload a video first, then tell me what to change (for example "remove all audio from this video").'


def close_to(text: str, zh: bool, n: int = 3) -> list[str]:
    """The known phrasings closest to ``text``."""
    examples = EXAMPLES["zh" if zh else "en"]
    scored = sorted(examples, key=lambda e: -difflib.SequenceMatcher(None, text.lower(), e.lower()).ratio())
    return scored[:n]


def _answer(plan: Plan, draft: dict[str, Any], text: str, zh: bool) -> str:
    lower = text.lower()
    if plan.reason == "how" and plan.suggestions:
        return (
            f"直接说“{plan.suggestions[0]}”就可以。" if zh else f"Just say it: “{plan.suggestions[0]}” and I'll do it."
        ) + try_line([*plan.suggestions, *close_to(plan.suggestions[0], zh, 2)], zh)
    if re.search(r"format|格式|wav|mp3|m4a|mp4", lower):
        names = ", ".join(f.upper() for f in EXPORT_FORMATS)
        return (
            f"可以导出为：{names}。" if zh else f"Exports can be {names} (MP4 is video, the others audio only)."
        ) + try_line(["export as MP4", "export as MP3", "export as WAV"], zh)
    if re.search(r"\b(?:have|has|got)\b.*\b(?:audio|sound)\b|有(?:没有)?(?:声音|音频)", lower):
        has = drafts.has_track(draft, TrackType.AUDIO)
        if zh:
            return ("时间线上有音轨。" if has else "时间线上没有音轨。") + try_line(["去掉音频", "提取音频"], zh)
        return ("Yes, the timeline has an audio track." if has else "No, the timeline has no audio now.") + try_line(
            ["remove all audio", "extract the audio as MP3", "status"], zh
        )
    if re.search(r"export|download|render|导出|下载", lower):
        return (
            "导出不消耗积分，本地几秒钟就好；用导出按钮或说“导出”。"
            if zh
            else "Exports cost no credits and take a few seconds here: use the Export button, or say “export”. "
            "For a silent video say “remove all audio” first."
        ) + try_line(["export", "remove all audio", "status"], zh)
    return (
        "这个问题我在本地回答不了，我能做的是这些编辑。"
        if zh
        else "I can't answer that here; I'm a rule-based local editor. These I can do:"
    ) + try_line(close_to(text, zh), zh)


def reply_for(plan: Plan, draft: dict[str, Any], text: str, zh: bool) -> str:
    """The reply to a message that changes nothing: say what and why, and offer close phrasings."""
    kind = plan.kind
    if kind == "help":
        return help_text(zh)
    if kind == "social":
        hello = re.search(r"hi|hello|hey|你好", text.lower())
        words = ("你好！" if hello else "不客气！") if zh else ("Hello!" if hello else "You're welcome!")
        return (
            words
            + (" 想改什么就告诉我。" if zh else " Tell me what to change next.")
            + try_line(close_to(text, zh), zh)
        )
    if kind == "noop":
        kept = (
            "、".join(dict.fromkeys(_ZH_NOUNS.get(k, k) for k in plan.kept))
            if zh
            else " and ".join(dict.fromkeys(plan.kept))
        )
        return (
            f"好的，{kept}保持不变，没有改动。" if zh else f"OK, I left {kept} as it is; nothing was changed."
        ) + try_line(close_to(text, zh, 2), zh)
    if kind == "answer":
        return _answer(plan, draft, text, zh)
    offered = plan.suggestions
    if zh and all(s.isascii() for s in offered):
        offered = close_to(text, zh)  # offer Chinese phrasings to a Chinese message
    if kind == "decline":
        return (
            f"本地引擎做不了：{zh_reason(plan.reason, '这个操作')}。没有改动。"
            if zh
            else f"The local engine can't do {plan.reason}, so nothing was changed."
        ) + try_line(offered, zh)
    if kind == "ask":
        if zh:
            return f"{zh_reason(plan.reason, '我不确定你的意思。')} 你是指哪一个？" + try_line(offered, zh)
        return f"{plan.reason} Which one do you mean?" + try_line(offered, zh)
    return _not_understood(text, zh)


def _not_understood(text: str, zh: bool) -> str:
    words = re.findall(r"[a-z]+", text.lower())
    if any(edit_distance(w, "export") <= 2 for w in words if len(w) >= 4):
        return ("Did you mean to export? Nothing was changed." if not zh else "是要导出吗？没有改动。") + try_line(
            ["export", "export as MP4", "export as MP3"], zh
        )
    shown = text if len(text) <= 60 else text[:57] + "..."
    return (
        f"我没看懂“{shown}”，没有改动。" if zh else f"I didn't understand “{shown}”, so nothing was changed."
    ) + try_line(close_to(text, zh), zh)

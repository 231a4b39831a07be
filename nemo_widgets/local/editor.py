"""The rule-based agent: applies an :class:`~nemo_widgets.local.intents.Intent` to a session.

Each edit is a tool call: :func:`apply_intent` changes the session's draft
(keeping the old one for undo) and returns an :class:`Outcome` with the tool
response, the new state delta and two versions of the reply: plain, and one
that speaks of the web editor's GUI ("Click the Export button…") so the
client's GUI translation gets exercised.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from nemo_widgets.local import drafts
from nemo_widgets.local.intents import Intent
from nemo_widgets.local.store import Session
from nemo_widgets.protocol.constants import TrackType

__all__ = ["Outcome", "apply_intent", "help_text", "no_media_text"]


@dataclass
class Outcome:
    """What an edit did."""

    tool: str
    args: dict[str, Any]
    response: dict[str, Any]
    plain: str
    gui: str
    changed: bool = True
    state_delta: dict[str, Any] = field(default_factory=dict)


def help_text(chinese: bool = False) -> str:
    if chinese:
        return ("我是本地 NemoVideo 引擎，可以：去掉全部音频（无声视频）；提取音频为 MP3、WAV 或 M4A；"
                "剪辑（“剪掉前10秒”、“保留前20秒”、“cut from 0:30 to 1:45”）；调节音量（“音乐 35%”）；"
                "添加标题（add a title \"Urban Dreams\" for 3 seconds）；撤销。")
    return ("I'm the local NemoVideo engine. I can: remove all audio (a silent video); extract the audio "
            "as MP3, WAV or M4A; trim or cut (\"trim the first 10 seconds\", \"remove the last 20 seconds\", "
            "\"cut from 0:30 to 1:45\", \"keep the first 20 seconds\"); set the volume (\"music at 35%\"); "
            "add a title ('add a title \"Urban Dreams\" for 3 seconds'); and undo the last edit.")


def no_media_text(chinese: bool = False) -> str:
    if chinese:
        return "请先上传一个视频，然后告诉我要怎么改（例如“去掉音频”）。"
    return "Upload a video first, then tell me what to change (for example \"remove all audio from this video\")."


def _secs(ms: int) -> str:
    return f"{ms / 1000:g}s"


def _remove_audio(session: Session, intent: Intent, zh: bool) -> Outcome:
    draft, removed = drafts.remove_audio(session.draft)
    if removed and not drafts.has_content(draft):  # an audio-only file: removing its sound leaves nothing
        text = ("这个文件只有音频，没有画面：去掉音频后什么都不剩。请上传视频，或把音频导出为 MP3。" if zh else
                "This file has no picture, only sound: removing its audio would leave nothing. "
                "Upload a video, or export the audio as MP3.")
        return Outcome("remove_audio", {}, {"status": "error", "reason": "no video"}, text, text, changed=False)
    if not removed:
        text = "视频已经没有音频了。" if zh else "There's no audio left to remove: the video is already silent."
        return Outcome("remove_audio", {}, {"status": "ok", "removed_tracks": 0}, text, text, changed=False)
    session.push_draft(draft)
    session.output_format = None
    if zh:
        plain, gui = "好的，已删除音轨，视频现在是无声的。", "好的，已删除音轨。点击导出按钮即可渲染无声 MP4。"
    else:
        plain = "Done! I removed the audio track. Your video is now silent; export it as an MP4 when you're ready."
        gui = "Done! I removed the audio track. Click the Export button to render your silent MP4."
    return Outcome("remove_audio", {}, {"status": "ok", "removed_tracks": removed}, plain, gui)


def _extract_audio(session: Session, intent: Intent, zh: bool) -> Outcome:
    fmt = intent.args.get("format", "mp3")
    has_audio = any(t.get("tt") == TrackType.AUDIO and t.get("sg") for t in session.draft["t"])
    if not has_audio:
        text = "这个视频没有音频可以提取。" if zh else "This video has no audio track to extract."
        return Outcome("extract_audio", {"format": fmt}, {"status": "error", "reason": "no audio"}, text, text,
                       changed=False)
    draft, dropped = drafts.audio_only(session.draft)
    session.push_draft(draft)
    session.output_format = fmt
    up = fmt.upper()
    if zh:
        plain = f"好的，已提取音频（{_secs(draft['d'])}）。导出即可得到 {up} 文件。"
        gui = f"好的，已提取音频。点击导出按钮下载 {up} 文件。"
    else:
        plain = f"Done! I kept only the audio ({_secs(draft['d'])}). Export it to get your {up} file."
        gui = f"Done! I extracted the audio. Click the Export button to download your {up} file."
    response = {"status": "ok", "format": fmt, "removed_tracks": dropped}
    return Outcome("extract_audio", {"format": fmt}, response, plain, gui, state_delta={"output_format": fmt})


def _trim_range(intent: Intent, total: int) -> tuple[str, int, int]:
    mode = intent.args["mode"]
    if mode == "cut_last":
        return "cut", max(0, total - intent.args["length_ms"]), total
    if mode == "keep_last":
        return "keep", max(0, total - intent.args["length_ms"]), total
    return mode, intent.args["start_ms"], min(total, intent.args["end_ms"])


def _trim(session: Session, intent: Intent, zh: bool) -> Outcome:
    total = drafts.total_ms(session.draft)
    mode, start, end = _trim_range(intent, total)
    args = {"mode": mode, "start_ms": start, "end_ms": end}
    whole = mode == "cut" and start <= 0 and end >= total
    if end <= start or start >= total or whole:
        text = (f"That range doesn't fit the {_secs(total)} timeline, so I left it as it is."
                if not whole else "That would remove everything, so I left the timeline as it is.")
        return Outcome("trim", args, {"status": "error", "reason": "range"}, text, text, changed=False)
    change = drafts.cut_range if mode == "cut" else drafts.keep_range
    draft = change(session.draft, start, end)
    session.push_draft(draft)
    what = f"cut {_secs(start)}–{_secs(end)}" if mode == "cut" else f"kept {_secs(start)}–{_secs(end)}"
    plain = f"Done! I {what}; the timeline is now {_secs(draft['d'])} long."
    gui = f"{plain} Preview it in the timeline, then click Export."
    return Outcome("trim", args, {"status": "ok", "duration_ms": draft["d"]}, plain, gui)


def _set_volume(session: Session, intent: Intent, zh: bool) -> Outcome:
    volume, target = intent.args["volume"], intent.args.get("target", "audio")
    names = {"bgm", "music"} if target == "music" else None
    draft, changed = drafts.set_volume(session.draft, volume, names)
    if not changed and names:
        draft, changed = drafts.set_volume(session.draft, volume)
    if not changed:
        text = "There's no audio track to change the volume of."
        return Outcome("set_volume", intent.args, {"status": "error", "reason": "no audio"}, text, text,
                       changed=False)
    session.push_draft(draft)
    plain = f"Done! The {target} volume is now {round(volume * 100)}%."
    gui = f"{plain} Drag the volume slider in the timeline to fine-tune it."
    return Outcome("set_volume", intent.args, {"status": "ok", "segments": changed}, plain, gui)


def _add_title(session: Session, intent: Intent, zh: bool) -> Outcome:
    text, start, length = intent.args["text"], intent.args["start_ms"], intent.args["duration_ms"]
    session.push_draft(drafts.set_title(session.draft, text, start, length))
    plain = f'Done! I added the title "{text}" from {_secs(start)} to {_secs(start + length)}.'
    gui = f"{plain} Open the text panel to change its font and colour."
    return Outcome("add_title", intent.args, {"status": "ok"}, plain, gui)


def _undo(session: Session, intent: Intent, zh: bool) -> Outcome:
    if not session.history:
        text = "没有可以撤销的操作。" if zh else "There's nothing to undo."
        return Outcome("undo", {}, {"status": "ok", "undone": False}, text, text, changed=False)
    session.draft = session.history.pop()
    if any(t.get("tt") == TrackType.VIDEO and t.get("sg") for t in session.draft["t"]):
        session.output_format = None
    plain = ("已撤销。" if zh else "Undone. ") + drafts.summary(session.draft)
    return Outcome("undo", {}, {"status": "ok", "undone": True}, plain, plain,
                   state_delta={"output_format": session.output_format})


_HANDLERS = {
    "remove_audio": _remove_audio,
    "extract_audio": _extract_audio,
    "trim": _trim,
    "set_volume": _set_volume,
    "add_title": _add_title,
    "undo": _undo,
}


def apply_intent(session: Session, intent: Intent, chinese: bool = False) -> Outcome:
    """Apply an edit to ``session`` (call under the store's lock); the draft goes into the state delta."""
    outcome = _HANDLERS[intent.name](session, intent, chinese)
    outcome.state_delta = {"draft": session.draft, **outcome.state_delta}
    return outcome

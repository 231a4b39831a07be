"""The rule-based agent: applies a :class:`~nemo_widgets.local.agent.intents.Plan` to a session.

Each operation is a tool call. :func:`apply_plan` runs the plan's operations
in order on a copy of the draft; only when every one of them works is the
result kept (one undo step for the whole message), so a message is done
whole or not at all. The :class:`Outcome` holds the tool calls, the state
delta and two versions of the reply: plain, and one that speaks of the web
editor's Export button so the client's GUI translation gets exercised. The
reply names every operation; it says "Done" only when the draft changed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from nemo_widgets.local import drafts
from nemo_widgets.local.agent.intents import Plan
from nemo_widgets.local.agent.languages import reply_template
from nemo_widgets.local.agent.replies import done_text, not_done_text
from nemo_widgets.local.agent.types import Op, Span
from nemo_widgets.local.state.records import Session
from nemo_widgets.protocol.constants import TrackType

__all__ = ["FREE_OPS", "Outcome", "Refused", "apply_plan"]

#: Steps that cost no credit: going back, and taking a clip off the timeline (housekeeping, e.g. a duplicate).
FREE_OPS = frozenset({"undo", "remove_media"})


class Refused(Exception):
    """An operation that cannot be applied to this draft; its text is said to the user."""

    def __init__(self, english: str, chinese: str, note: tuple[str, str] | None = None) -> None:
        super().__init__(english)
        self.english, self.chinese = english, chinese
        #: Set when nothing is lost by going on without this part in a longer message ("remove the title and
        #: the audio" with no title): said as this step of the reply (English, Chinese) instead of stopping.
        self.note = note


@dataclass
class Outcome:
    """What a message did: its tool calls ``(name, args, response)`` and the reply."""

    calls: list[tuple[str, dict[str, Any], dict[str, Any]]]
    plain: str
    gui: str
    changed: bool = True
    state_delta: dict[str, Any] = field(default_factory=dict)


@dataclass
class _Work:
    draft: dict[str, Any]
    output_format: str | None
    media: dict[str, dict[str, Any]]
    zh: bool
    #: The timeline's length when the message came, and what this message cut from it so far (each
    #: (start, end) on the timeline as it was then): times the user said are read on that timeline.
    total_at_start: int = 0
    cuts: list[tuple[int, int]] = field(default_factory=list)

    def now(self, said: int) -> int:
        """Where a time on the timeline the user saw is now, after the cuts before it in this message."""
        for start, end in self.cuts:
            if said >= end:
                said -= end - start
            elif said > start:
                said = start
        return said


#: Spans said as times on the clip ("0:05 to 0:06", "after 0:03"): read on the timeline the message
#: came to, even after an earlier cut in the same message. "first/last N" are read on the timeline as it is.
_ABSOLUTE_SPANS = ("range", "after", "before")


def _span(work: _Work, span: Span) -> tuple[int, int, str]:
    """The span on the current timeline, and how to name it (the times as the user said them)."""
    total = drafts.total_ms(work.draft)
    if span.kind in _ABSOLUTE_SPANS and work.cuts:
        said = span.resolve(work.total_at_start)
        start, end = work.now(said[0]), work.now(min(said[1], work.total_at_start))
        if end <= start:
            raise Refused(
                f"{drafts.fmt_secs(said[0])}–{drafts.fmt_secs(said[1])} was already cut by this message.",
                f"{drafts.fmt_secs(said[0])}–{drafts.fmt_secs(said[1])} 已经被这条消息剪掉了。",
            )
        return start, end, f"{drafts.fmt_secs(said[0])}–{drafts.fmt_secs(said[1])}"
    start, end = span.resolve(total)
    reach = span.a if span.kind in ("first", "last", "middle") else end
    if reach > total + max(500, total // 20):  # "mute the first 2 minutes" of a 10 s clip: not a part of it
        shown = drafts.fmt_secs(span.a if span.kind in ("first", "last", "middle") else end)
        raise Refused(
            f"The timeline is only {drafts.fmt_secs(total)} long, so {shown} doesn't fit in it: nothing was changed.",
            f"时间线只有 {drafts.fmt_secs(total)}，{shown} 超出了时间线，没有改动。",
        )
    start, end = max(0, start), min(total, end)
    if end <= start:
        raise Refused(
            f"That time doesn't fit the {drafts.fmt_secs(total)} timeline.",
            f"这个时间超出了时间线（{drafts.fmt_secs(total)}）。",
        )
    return start, end, f"{drafts.fmt_secs(start)}–{drafts.fmt_secs(end)}"


def _remove_audio(work: _Work, op: Op) -> str:
    draft, removed = drafts.remove_audio(work.draft)
    if removed and not drafts.has_content(draft):  # an audio-only file: removing its sound leaves nothing
        raise Refused(
            "This file has no picture, only sound: removing its audio would leave nothing. "
            "Upload a video, or export the audio as MP3.",
            "这个文件只有音频，没有画面：去掉音频后什么都不剩。请上传视频，或把音频导出为 MP3。",
        )
    work.draft = draft
    if not removed:
        raise Refused("There's no audio to remove: the video is already silent.", "视频已经没有音频了。")
    work.output_format = None
    return "删除了音轨（无声视频）" if work.zh else "removed the audio track (the video is now silent)"


def _extract_audio(work: _Work, op: Op) -> str:
    fmt = op.args.get("format", "mp3")
    if not drafts.has_track(work.draft, TrackType.AUDIO):
        raise Refused("This video has no audio to extract.", "这个视频没有音频可以提取。")
    work.draft, _dropped = drafts.audio_only(work.draft)
    work.output_format = fmt
    return f"只保留了音频（导出为 {fmt.upper()}）" if work.zh else f"kept only the audio (it exports as {fmt.upper()})"


def _trim(work: _Work, op: Op) -> str:
    start, end, span = _span(work, op.args["span"])
    total = drafts.total_ms(work.draft)
    mode = op.args["mode"]
    if (mode == "cut" and start <= 0 and end >= total) or (mode == "keep" and start <= 0 and end >= total):
        if mode == "cut":
            raise Refused(
                "That would remove everything, so I left the timeline as it is.", "这样会把内容全部删掉，所以没有改动。"
            )
        raise Refused(
            f"The timeline is only {drafts.fmt_secs(total)} long: nothing to trim.",
            f"时间线只有 {drafts.fmt_secs(total)}，不需要剪。",
        )
    change = drafts.cut_range if mode == "cut" else drafts.keep_range
    work.draft = change(work.draft, start, end)
    work.cuts += [(start, end)] if mode == "cut" else [(end, total), (0, start)]
    if work.zh:
        return f"{'剪掉' if mode == 'cut' else '保留'}了 {span}（现在 {drafts.fmt_secs(work.draft['d'])}）"
    return f"{'cut' if mode == 'cut' else 'kept'} {span} (now {drafts.fmt_secs(work.draft['d'])} long)"


def _mute_range(work: _Work, op: Op) -> str:
    start, end, span = _span(work, op.args["span"])
    work.draft, changed = drafts.mute_range(work.draft, start, end)
    if not changed:
        raise Refused("There's no sound to mute there.", "那里没有可以静音的声音。")
    return f"把 {span} 静音" if work.zh else f"muted {span}"


def _set_volume(work: _Work, op: Op) -> str:
    target, volume, factor = op.args.get("target", "audio"), op.args.get("volume"), op.args.get("factor")
    names = {"bgm", "music"} if target == "music" else None
    draft, changed = drafts.set_volume(work.draft, volume, names, factor)
    if not changed and names:
        draft, changed = drafts.set_volume(work.draft, volume, None, factor)
    if not changed:
        raise Refused("There's no audio track to change the volume of.", "没有可以调节音量的音轨。")
    levels = {
        seg["m"]["volume"]
        for t in draft["t"]
        if t.get("tt") == TrackType.AUDIO
        for seg in t["sg"]
        if not seg["m"].get("muted")
    }
    if max(levels, default=0) > drafts.MAX_VOLUME + 1e-9:
        raise Refused(
            f"The volume can go up to {round(drafts.MAX_VOLUME * 100)}% here.",
            f"音量最高可以调到 {round(drafts.MAX_VOLUME * 100)}%。",
        )
    work.draft = draft
    shown = "/".join(f"{round(v * 100)}%" for v in sorted(levels))
    return f"音量调到 {shown}" if work.zh else f"set the volume to {shown}"


def _add_title(work: _Work, op: Op) -> str:
    text, start, length = op.args["text"], op.args["start_ms"], op.args["duration_ms"]
    if not text:
        raise Refused("Put the title's words in quotes.", "请把标题文字放在引号里。")
    if op.args.get("at_end"):
        start = max(0, drafts.total_ms(work.draft) - length)
    work.draft = drafts.set_title(work.draft, text, start, length)
    span = f"{drafts.fmt_secs(start)}–{drafts.fmt_secs(start + length)}"
    return f"添加了标题“{text}”（{span}）" if work.zh else f'added the title "{text}" ({span})'


def _remove_title(work: _Work, op: Op) -> str:
    work.draft, removed = drafts.remove_titles(work.draft)
    if not removed:
        raise Refused(
            "There's no title to remove.", "没有可以删除的标题。", ("found no title to remove", "没有找到要删除的标题")
        )
    return "删除了标题" if work.zh else "removed the title"


def _restore_audio(work: _Work, op: Op) -> str:
    span = op.args.get("span")
    if span is not None:
        start, end, _named = _span(work, span)
        work.draft, changed = drafts.mute_range(work.draft, start, end, mute=False)
    else:
        work.draft, changed = drafts.restore_audio(work.draft, work.media)
    if not changed:
        raise Refused("The audio is already on.", "声音本来就是开着的。")
    work.output_format = None
    return "恢复了声音" if work.zh else "brought the sound back"


def _remove_media(work: _Work, op: Op) -> str:
    """Take one uploaded clip off the timeline: the one with the id the message names, else the only one of
    that name on it."""
    playing = drafts.media_on_timeline(work.draft)
    media_id, name = op.args.get("media_id"), op.args.get("name")
    if media_id not in playing:
        named = [m for m in playing if work.media.get(m, {}).get("name") == name] if name else []
        if len(named) > 1:
            raise Refused(
                f"{len(named)} clips on the timeline are called {name}: use the Remove button beside the one to take off.",
                f"时间线上有 {len(named)} 个叫 {name} 的片段：请用那一个旁边的“移除”按钮。",
            )
        if not named:
            shown = name or media_id or "that clip"
            raise Refused(f"There's no clip called {shown} on the timeline.", f"时间线上没有叫 {shown} 的片段。")
        media_id = named[0]
    name = work.media.get(media_id, {}).get("name") or name or "the clip"
    work.draft = drafts.remove_media(work.draft, media_id)
    return f"从时间线移除了 {name}" if work.zh else f"took {name} off the timeline"


_HANDLERS = {
    "remove_audio": _remove_audio, "extract_audio": _extract_audio, "trim": _trim, "mute_range": _mute_range,
    "set_volume": _set_volume, "add_title": _add_title, "restore_audio": _restore_audio,
    "remove_title": _remove_title, "remove_media": _remove_media,
}  # fmt: skip


def _undone(before: dict[str, Any], after: dict[str, Any], media: dict[str, dict[str, Any]], zh: bool) -> str:
    """What an undo did to the clips on the timeline ("took x.mp4 off the timeline"), or nothing to say."""
    was, now = drafts.media_on_timeline(before), drafts.media_on_timeline(after)

    def names(ids: list[str]) -> str:
        return ", ".join(str(media.get(i, {}).get("name") or "a clip") for i in ids)

    gone, back = [i for i in was if i not in now], [i for i in now if i not in was]
    if zh:
        said = ([f"从时间线移除了 {names(gone)}"] if gone else []) + (
            [f"把 {names(back)} 放回了时间线"] if back else []
        )
        return "；".join(said)
    said = ([f"took {names(gone)} off the timeline"] if gone else []) + (
        [f"put {names(back)} back on the timeline"] if back else []
    )
    return "; ".join(said)


def _edits_since_the_clips_came(session: Session) -> int:
    """How many undo steps lead back to the original: the edits since the clips now on the timeline were
    added (adding a clip is an undo step too, but "back to the original" keeps the clips)."""
    clips = sorted(drafts.media_on_timeline(session.draft))
    steps = 0
    for draft in reversed(session.history):
        if sorted(drafts.media_on_timeline(draft)) != clips:
            break
        steps += 1
    return steps


def _undo(session: Session, zh: bool, steps: int | str = 1) -> Outcome:
    """Undo the last message's edits, ``steps`` messages' worth, or (``"all"``) back to the original."""
    wanted = _edits_since_the_clips_came(session) if steps == "all" else int(steps)
    if not session.history or wanted < 1:
        text = "没有可以撤销的操作。" if zh else "There's nothing to undo."
        return Outcome([("undo", {}, {"status": "ok", "undone": False})], text, text, changed=False)
    undone = min(wanted, len(session.history))
    before = session.draft
    for _ in range(undone):
        session.draft = session.history.pop()
    if drafts.has_track(session.draft, TrackType.VIDEO):
        session.output_format = None
    what = _undone(before, session.draft, session.media, zh)
    if steps == "all":
        said = reply_template("undone_all", zh)
    elif undone < wanted:
        said = reply_template("undo_fewer", zh).format(n=undone)
    elif undone > 1:
        said = reply_template("undone_n", zh).format(n=undone)
    elif zh:
        said = f"已撤销：{what}。" if what else "已撤销。"
    else:
        said = f"Undone: {what}. " if what else "Undone. "
    plain = said + drafts.summary(session.draft)
    return Outcome(
        [("undo", {"steps": steps}, {"status": "ok", "undone": undone})],
        plain,
        plain,
        state_delta={"output_format": session.output_format},
    )


def _args(op: Op) -> dict[str, Any]:
    """Tool-call arguments as JSON (a span as its parts)."""
    return {k: (v.__dict__ if isinstance(v, Span) else v) for k, v in op.args.items()}


def apply_plan(session: Session, plan: Plan, chinese: bool = False) -> Outcome:
    """Apply an edit plan to ``session`` (call under the store's lock): all of it, or nothing."""
    if plan.is_undo:
        outcome = _undo(session, chinese, plan.ops[0].args.get("steps", 1))
    else:
        outcome = _apply_all(session, plan, chinese)
    outcome.state_delta = {"draft": session.draft, **outcome.state_delta}
    return outcome


def _apply_all(session: Session, plan: Plan, zh: bool) -> Outcome:
    work = _Work(session.draft, session.output_format, session.media, zh, drafts.total_ms(session.draft))
    done: list[str] = []
    calls: list[tuple[str, dict[str, Any], dict[str, Any]]] = []
    for op in plan.ops:
        if op.name == "undo":
            text = "撤销要单独说。" if zh else "Say undo on its own, please: I left the timeline as it is."
            return Outcome([], text, text, changed=False)
        try:
            done.append(_HANDLERS[op.name](work, op))
        except Refused as refused:
            if refused.note is not None and len(plan.ops) > 1:
                done.append(refused.note[1] if zh else refused.note[0])
                continue
            text = not_done_text(refused.chinese if zh else refused.english, done, zh)
            return Outcome(
                [(op.name, _args(op), {"status": "error", "reason": refused.english})], text, text, changed=False
            )
        calls.append((op.name, _args(op), {"status": "ok", "duration_ms": drafts.total_ms(work.draft)}))
    if work.draft == session.draft and work.output_format == session.output_format:
        text = "已经是这样了，没有改动。" if zh else f"It already is that way ({'; '.join(done)}), so nothing changed."
        return Outcome(calls, text, text, changed=False)
    session.push_draft(work.draft)
    session.output_format = work.output_format
    plain, gui = done_text(done, drafts.total_ms(work.draft), work.output_format, plan.kept, zh)
    if plan.declined:  # a conditional's first request could not be done: named, then its fallback
        said = reply_template("fallback", zh).format(declined=plan.declined) + " "
        plain, gui = said + plain, said + gui
    return Outcome(calls, plain, gui, state_delta={"output_format": work.output_format})

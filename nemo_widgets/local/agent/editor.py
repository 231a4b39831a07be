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

from dataclasses import dataclass, field, replace
from typing import Any

from nemo_widgets.local import drafts
from nemo_widgets.local.agent.coverage import phrase_of
from nemo_widgets.local.agent.history import history_step
from nemo_widgets.local.agent.languages import Language
from nemo_widgets.local.agent.plan import Plan
from nemo_widgets.local.agent.replies import done_text, not_done_text, try_line
from nemo_widgets.local.agent.types import Op, Outcome, Span
from nemo_widgets.local.state.records import Session
from nemo_widgets.protocol.constants import TrackType

__all__ = ["FREE_OPS", "Outcome", "Refused", "apply_plan"]

#: Steps that cost no credit: going back or forward again, and taking a clip off the timeline (housekeeping, e.g. a duplicate).
FREE_OPS = frozenset({"undo", "redo", "remove_media"})


class Refused(Exception):
    """An operation that cannot be applied to this draft: the reply template ``key`` says why."""

    def __init__(self, key: str, note: str | None = None, **fields: Any) -> None:
        super().__init__(key)
        self.key, self.fields = key, fields
        #: A step key, set when nothing is lost by going on without this part in a longer message ("remove the
        #: title and the audio" with no title): said as this step of the reply instead of stopping.
        self.note = note


#: What one operation did: a reply template key (``step_…``) and its fields.
Step = tuple[str, dict[str, Any]]


@dataclass
class _Work:
    draft: dict[str, Any]
    output_format: str | None
    media: dict[str, dict[str, Any]]
    lang: Language
    #: The timeline's length when the message came, and what this message cut from it so far (each
    #: (start, end) on the timeline as it was then): times the user said are read on that timeline.
    total_at_start: int = 0
    cuts: list[tuple[int, int]] = field(default_factory=list)
    #: The clock the message said its times are on (``Plan.clock``): "source", "timeline" or "" (unsaid).
    clock: str = ""

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


#: Far past any clip's end: "after 0:05" on the clip as uploaded runs to its end, wherever that is now.
_FAR = 10**9


def _span(work: _Work, span: Span) -> tuple[int, int, str]:
    """The span on the current timeline, and how to name it (the times as the user said them)."""
    total = drafts.total_ms(work.draft)
    # "mute 6-7 s of the original clip" (a timeline of several clips has no one clip's clock: its own is read)
    if span.kind in _ABSOLUTE_SPANS and work.clock == "source" and len(drafts.media_on_timeline(work.draft)) == 1:
        start, end = span.resolve(_FAR)
        mapped = drafts.timeline_of_source(work.draft, start, end)
        if mapped is None:
            raise Refused("source_cut", span=_named(work, start, min(end, total)))
        return mapped[0], mapped[1], _named(work, *mapped)
    if span.kind in _ABSOLUTE_SPANS and not work.cuts and not work.clock and span.resolve(total)[0] < total:
        # a time said after an earlier message cut a part before it: the timeline as it is now, or the clip as
        # uploaded? Both are read as often; asked, with both offered
        start, end = span.resolve(total)
        if drafts.source_moved(work.draft, start if span.kind == "after" else min(end, total)):
            on_source = drafts.timeline_of_source(work.draft, *span.resolve(_FAR))
            named = _named(work, start, end)
            if on_source is None:
                raise Refused("which_clock_cut", span=named)
            raise Refused("which_clock", span=named, moved=_named(work, *on_source))
    if span.kind in _ABSOLUTE_SPANS and work.cuts:
        said = span.resolve(work.total_at_start)
        start, end = work.now(said[0]), work.now(min(said[1], work.total_at_start))
        named = _named(work, *said)
        if end <= start:
            raise Refused("already_cut", span=named)
        return start, end, named
    start, end = span.resolve(total)
    reach = span.a if span.kind in ("first", "last", "middle") else end
    if reach > total + max(500, total // 20):  # "mute the first 2 minutes" of a 10 s clip: not a part of it
        raise Refused("too_long", total=drafts.fmt_secs(total), said=drafts.fmt_secs(reach))
    start, end = max(0, start), min(total, end)
    if end <= start:
        raise Refused("outside", total=drafts.fmt_secs(total))
    return start, end, _named(work, start, end)


def _named(work: _Work, start: int, end: int) -> str:
    return work.lang.say("span", a=drafts.fmt_secs(start), b=drafts.fmt_secs(end))


def _remove_audio(work: _Work, op: Op) -> Step:
    draft, removed = drafts.remove_audio(work.draft)
    if removed and not drafts.has_content(draft):  # an audio-only file: removing its sound leaves nothing
        raise Refused("sound_only_file")
    work.draft = draft
    if not removed:
        raise Refused("no_audio_to_remove")
    work.output_format = None
    return "step_remove_audio", {}


def _extract_audio(work: _Work, op: Op) -> Step:
    fmt = op.args.get("format", "mp3")
    if not drafts.has_track(work.draft, TrackType.AUDIO):
        raise Refused("no_audio_to_extract")
    work.draft, _dropped = drafts.audio_only(work.draft)
    work.output_format = fmt
    return "step_extract_audio", {"fmt": fmt.upper()}


def _trim(work: _Work, op: Op) -> Step:
    start, end, span = _span(work, op.args["span"])
    total = drafts.total_ms(work.draft)
    mode = op.args["mode"]
    if start <= 0 and end >= total:
        if mode == "cut":
            raise Refused("cut_everything")
        # "cut everything after 2 s, keep only the first 2 s": said twice, already so after the cut before it
        raise Refused("nothing_to_trim", note="step_kept_already" if work.cuts else None, total=drafts.fmt_secs(total))
    change = drafts.cut_range if mode == "cut" else drafts.keep_range
    work.draft = change(work.draft, start, end)
    work.cuts += [(start, end)] if mode == "cut" else [(end, total), (0, start)]
    return f"step_{mode}", {"span": span, "now": drafts.fmt_secs(work.draft["d"])}


def _mute_range(work: _Work, op: Op) -> Step:
    start, end, span = _span(work, op.args["span"])
    work.draft, changed = drafts.mute_range(work.draft, start, end)
    if not changed:
        raise Refused("no_sound_there")
    return "step_mute", {"span": span}


def _set_volume(work: _Work, op: Op) -> Step:
    target, volume, factor = op.args.get("target", "audio"), op.args.get("volume"), op.args.get("factor")
    names = {"bgm", "music"} if target == "music" else None
    draft, changed = drafts.set_volume(work.draft, volume, names, factor)
    if not changed and names:
        draft, changed = drafts.set_volume(work.draft, volume, None, factor)
    if not changed:
        raise Refused("no_volume_track")
    levels = {
        seg["m"]["volume"]
        for t in draft["t"]
        if t.get("tt") == TrackType.AUDIO
        for seg in t["sg"]
        if not seg["m"].get("muted")
    }
    if max(levels, default=0) > drafts.MAX_VOLUME + 1e-9:
        raise Refused("volume_max", max=round(drafts.MAX_VOLUME * 100))
    work.draft = draft
    return "step_volume", {"levels": "/".join(f"{round(v * 100)}%" for v in sorted(levels))}


def _add_title(work: _Work, op: Op) -> Step:
    text, start, length = op.args["text"], op.args["start_ms"], op.args["duration_ms"]
    if not text:
        raise Refused("title_quotes")
    there = drafts.title_of(work.draft)
    if op.args.get("whole"):
        start, length = 0, drafts.total_ms(work.draft)
    elif op.args.get("at_end"):
        start = max(0, drafts.total_ms(work.draft) - length)
    elif there is not None and not op.args.get("_said") and not op.args.get("_another"):
        start, length = there[1], there[2]  # "change the text to …": new words where the title was
    if op.args.get("_another") and there is not None and there[0] != text:  # the engine shows one title
        raise Refused("one_title", title=there[0], new=text)
    if start >= drafts.total_ms(work.draft):  # "add a title at 1:05" on a 10 s clip
        raise Refused("outside", total=drafts.fmt_secs(drafts.total_ms(work.draft)))
    work.draft = drafts.set_title(work.draft, text, start, length)
    replaced = there is not None and there[0] != text  # the engine shows one title: the one there given these words
    return "step_change_title" if replaced else "step_title", {
        "text": text,
        "span": _named(work, start, start + length),
    }


def _change_title(work: _Work, op: Op) -> Step:
    """The title already there with the words or the time the message gives it; the rest of it stays."""
    title = there = drafts.title_of(work.draft)
    if title is None and op.args.get("text"):  # "put the title 'Our Trip' at 3 s" with no title yet: added
        title = (str(op.args["text"]), 0, 3000)
    if title is None:
        raise Refused("no_title_to_change")
    text = op.args.get("text") or title[0]
    start = op.args.get("start_ms", title[1]) + op.args.get("shift_ms", 0)  # "1 second earlier": from where it is
    length = op.args["end_ms"] - start if "end_ms" in op.args else op.args.get("duration_ms", title[2])
    if op.args.get("whole"):  # "show the title the whole time": from the start to the end
        start, length = 0, drafts.total_ms(work.draft)
    elif op.args.get("at_end"):  # "move the title to the end" / "to the last 2 seconds": it ends where the video does
        start = max(0, drafts.total_ms(work.draft) - length)
    if length <= 0:  # "stay until 1 s" for a title that starts at 2 s
        raise Refused("title_ends_first")
    if start < 0 or start >= drafts.total_ms(work.draft):  # moved before the start or past the end
        raise Refused("outside", total=drafts.fmt_secs(drafts.total_ms(work.draft)))
    work.draft = drafts.set_title(work.draft, text, start, length)
    same_words = text == (there[0] if there is not None else None)  # only its time changed: said so
    return "step_retime_title" if same_words else "step_change_title", {
        "text": text,
        "span": _named(work, start, start + length),
    }


def _remove_title(work: _Work, op: Op) -> Step:
    work.draft, removed = drafts.remove_titles(work.draft)
    if not removed:
        raise Refused("no_title", note="step_no_title")
    return "step_remove_title", {}


def _restore_audio(work: _Work, op: Op) -> Step:
    span = op.args.get("span")
    if span is not None:
        start, end, _named_span = _span(work, span)
        work.draft, changed = drafts.mute_range(work.draft, start, end, mute=False)
    else:
        work.draft, changed = drafts.restore_audio(work.draft, work.media)
    if not changed:
        raise Refused("sound_on")
    work.output_format = None
    return "step_restore_audio", {}


def _remove_media(work: _Work, op: Op) -> Step:
    """Take one uploaded clip off the timeline: the one with the id the message names, else the only one of
    that name on it."""
    playing = drafts.media_on_timeline(work.draft)
    media_id, name = op.args.get("media_id"), op.args.get("name")
    if media_id not in playing and not name and not media_id and len(set(playing)) == 1:
        media_id = playing[0]  # "take the clip off the timeline": the only one there
    if media_id not in playing:
        named = [m for m in playing if work.media.get(m, {}).get("name") == name] if name else []
        if len(named) > 1:
            raise Refused("same_name", n=len(named), name=name)
        if not named:
            raise Refused("no_clip", name=name or media_id or work.lang.say("that_clip"))
        media_id = named[0]
    name = work.media.get(media_id, {}).get("name") or name or work.lang.say("the_clip")
    work.draft = drafts.remove_media(work.draft, media_id)
    return "step_remove_media", {"name": name}


_HANDLERS = {
    "remove_audio": _remove_audio, "extract_audio": _extract_audio, "trim": _trim, "mute_range": _mute_range,
    "set_volume": _set_volume, "add_title": _add_title, "restore_audio": _restore_audio,
    "remove_title": _remove_title, "remove_media": _remove_media, "change_title": _change_title,
}  # fmt: skip


def _args(op: Op) -> dict[str, Any]:
    """Tool-call arguments as JSON (a span as its parts)."""
    return {k: (v.__dict__ if isinstance(v, Span) else v) for k, v in op.args.items() if not k.startswith("_")}


def apply_plan(session: Session, plan: Plan) -> Outcome:
    """Apply an edit plan to ``session`` (call under the store's lock): all of it, or nothing. The reply is
    written in the plan's language."""
    if plan.is_undo or plan.is_redo:
        outcome = history_step(session, plan)
    elif len(plan.ops) > 1 and all(op.name in ("undo", "redo") for op in plan.ops):  # "undo twice, then redo one"
        steps = [history_step(session, replace(plan, ops=[op])) for op in plan.ops]
        text = " ".join(step.plain for step in steps)
        outcome = Outcome([c for step in steps for c in step.calls], text, text, changed=any(s.changed for s in steps))
    elif plan.ops and plan.ops[0].name in ("undo", "redo") and plan.ops[0].args.get("steps", 1) == 1:
        outcome = _step_then(session, plan)
    else:
        outcome = _apply_all(session, plan)
    outcome.state_delta = {"draft": session.draft, **outcome.state_delta}
    return outcome


def _step_then(session: Session, plan: Plan) -> Outcome:
    """ "Undo, and cut only the first second instead", "sorry, I meant 3 to 5", "redo, then extract the audio as
    M4A": one step back or forward, then the rest; all of it or nothing (the step is taken back again when the
    rest can't be done)."""
    lang, back = plan.language, plan.ops[0].name == "undo"
    source = session.history if back else session.redo
    if not source:
        text = lang.say("nothing_to_undo" if back else "redo_nothing")
        return Outcome([], text, text, changed=False)
    (session.undone if back else session.redone)(source.pop())
    rest = _apply_all(session, replace(plan, ops=plan.ops[1:]))
    if not rest.changed:
        if back:
            session.redone(session.redo.pop())
        else:
            session.undone(session.history.pop())
        return rest
    done = "undone" if back else "redone"
    said = lang.say("undone_then" if back else done)
    calls = [(plan.ops[0].name, {"steps": 1}, {"status": "ok", done: 1}), *rest.calls]
    return Outcome(calls, said + rest.plain, said + rest.gui, state_delta=rest.state_delta)


def _named_clip(work: _Work, files: list[str]) -> str | None:
    """Why an edit for the clip the message names can't be done here (None when it can): that clip is not on
    the timeline, or is one of several (the reader edits the timeline as a whole)."""
    playing = drafts.media_on_timeline(work.draft)
    names = {str(work.media.get(m, {}).get("name", "")).casefold() for m in playing}
    for name in files:
        if name.casefold() not in names:
            return work.lang.say("no_clip", name=name)
        if len(playing) > 1:
            return work.lang.say("one_of_many", name=name)
    return None


def _apply_all(session: Session, plan: Plan) -> Outcome:
    lang = plan.language
    work = _Work(session.draft, session.output_format, session.media, lang, drafts.total_ms(session.draft))
    work.clock = plan.clock
    other = _named_clip(work, plan.files)
    if other is not None:  # "cut the first 2 seconds of intro.mov" with clip.mp4 on the timeline
        text = not_done_text(other, [], lang)
        return Outcome([], text, text, changed=False)
    done: list[Step] = []
    calls: list[tuple[str, dict[str, Any], dict[str, Any]]] = []
    for op in plan.ops:
        if op.name in ("undo", "redo"):
            text = lang.say("undo_alone")
            return Outcome([], text, text, changed=False)
        try:
            done.append(_HANDLERS[op.name](work, op))
        except Refused as refused:
            if refused.note is not None and len(plan.ops) > 1:
                done.append((refused.note, {}))
                continue
            why = lang.say(refused.key, **refused.fields)
            text = not_done_text(why, [lang.say(key, **fields) for key, fields in done], lang)
            if refused.key.startswith("which_clock"):  # the whole message said again on each clock, to click
                said = phrase_of(plan.ops, lang)
                clocks = ("on_timeline",) if refused.key == "which_clock_cut" else ("on_timeline", "on_source")
                text += try_line([lang.phrase(clock, edit=said) for clock in clocks], lang)
            if refused.key == "one_title":  # the title there, changed to the new words
                text += try_line([lang.phrase("change_title", t=refused.fields["new"])], lang)
            return Outcome([(op.name, _args(op), {"status": "error", "reason": why})], text, text, changed=False)
        calls.append((op.name, _args(op), {"status": "ok", "duration_ms": drafts.total_ms(work.draft)}))
    if work.draft == session.draft and work.output_format == session.output_format:
        steps = lang.listed([lang.say(key, **fields) for key, fields in done])
        text = lang.say("already_so", steps=steps)
        return Outcome(calls, text, text, changed=False)
    session.push_draft(work.draft)
    session.output_format = work.output_format
    # a cut's length after it is said only when another cut follows it (the times said next are on that
    # timeline); the last one's is the total, said once at the end
    last_cut = max((i for i, (_k, f) in enumerate(done) if "now" in f), default=-1)
    named = [
        lang.say("step_now", step=lang.say(k, **f), now=f["now"]) if "now" in f and i < last_cut else lang.say(k, **f)
        for i, (k, f) in enumerate(done)
    ]
    plain, gui = done_text(named, drafts.total_ms(work.draft), work.output_format, plan.kept, lang)
    if plan.declined:  # a part declined (a conditional's first request, or one part of several): named first
        said = lang.say(plan.declined_how, declined=lang.listed([lang.feature(f) for f in plan.declined], "and"))
        if plan.declined_how == "rest":  # what was done, then the part left out
            plain, gui = lang.listed([plain, said], "sentences"), lang.listed([gui, said], "sentences")
        else:  # the fallback: why it was done first
            plain, gui = lang.listed([said, plain], "sentences"), lang.listed([said, gui], "sentences")
    return Outcome(calls, plain, gui, state_delta={"output_format": work.output_format})

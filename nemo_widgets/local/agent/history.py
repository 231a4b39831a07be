"""Undo and redo: the session's earlier drafts, and the drafts undone since the last edit.

An undo pops drafts off the session's history onto its redo stack; a redo moves them back; a new edit
clears the redo stack (:meth:`~nemo_widgets.local.state.records.Session.push_draft`). The reply says
what came back or went away ("took b.mp4 off the timeline", then the timeline's summary), in the
plan's language.
"""

from __future__ import annotations

from typing import Any

from nemo_widgets.local import drafts
from nemo_widgets.local.agent.languages import Language
from nemo_widgets.local.agent.plan import Plan
from nemo_widgets.local.agent.types import Outcome
from nemo_widgets.local.state.records import Session
from nemo_widgets.protocol.constants import TrackType

__all__ = ["history_step"]


def history_step(session: Session, plan: Plan) -> Outcome:
    """Undo or redo ``steps`` messages' edits (``"all"``: back to the original, or every undone step)."""
    op = plan.ops[0]
    lang, steps = plan.language, op.args.get("steps", 1)
    redo = op.name == "redo"
    if redo:
        wanted = len(session.redo) if steps == "all" else int(steps)
    else:
        wanted = _edits_since_the_clips_came(session) if steps == "all" else int(steps)
    source = session.redo if redo else session.history
    # never back to an empty timeline: the first clip comes off with its Remove button, not with "undo"
    allowed = len(source) if redo else _steps_keeping_a_clip(session)
    if not source or wanted < 1 or allowed < 1:
        alone = not redo and bool(session.history) and wanted >= 1
        text = lang.say("redo_nothing" if redo else ("nothing_to_undo_clip" if alone else "nothing_to_undo"))
        return Outcome([(op.name, {}, {"status": "ok", "undone": False})], text, text, changed=False)
    moved = min(wanted, len(source), allowed)
    before = session.draft
    for _ in range(moved):
        if redo:
            session.redone(session.redo.pop())
        else:
            session.undone(session.history.pop())
    if drafts.has_track(session.draft, TrackType.VIDEO):
        session.output_format = None
    what = _changed(before, session.draft, session.media, lang)
    said = _said(lang, redo, steps, moved, wanted, what)
    total = drafts.fmt_secs(drafts.total_ms(session.draft))
    plain = said + lang.say("after_step", summary=drafts.summary(session.draft), total=total)
    return Outcome(
        [(op.name, {"steps": steps}, {"status": "ok", "undone" if not redo else "redone": moved})],
        plain,
        plain,
        state_delta={"output_format": session.output_format},
    )


def _said(lang: Language, redo: bool, steps: int | str, moved: int, wanted: int, what: str) -> str:
    if redo:
        if moved < wanted and steps != "all":
            return lang.say("redo_fewer" if moved > 1 else "redo_fewer_one", n=moved)
        if moved > 1:
            return lang.say("redone_n", n=moved)
        return lang.say("redone_what", what=what) if what else lang.say("redone")
    if steps == "all":
        return lang.say("undone_all")
    if moved < wanted:
        return lang.say("undo_fewer" if moved > 1 else "undo_fewer_one", n=moved)
    if moved > 1:
        return lang.say("undone_n", n=moved)
    return lang.say("undone_what", what=what) if what else lang.say("undone")


def _changed(before: dict[str, Any], after: dict[str, Any], media: dict[str, dict[str, Any]], lang: Language) -> str:
    """What a step back or forward did: the clips it took off or put back on the timeline, else how the
    timeline's length changed; "" when neither says anything."""
    was, now = drafts.media_on_timeline(before), drafts.media_on_timeline(after)

    def names(ids: list[str]) -> str:
        return lang.listed([str(media.get(i, {}).get("name") or lang.say("a_clip")) for i in ids], "names")

    gone, back = [i for i in was if i not in now], [i for i in now if i not in was]
    said = ([lang.say("step_remove_media", name=names(gone))] if gone else []) + (
        [lang.say("step_put_back", name=names(back))] if back else []
    )
    return lang.listed(said)


def _steps_keeping_a_clip(session: Session) -> int:
    """How many undo steps leave a clip on the timeline (the step that brought the first clip is not undone)."""
    steps = 0
    for draft in reversed(session.history):
        if not drafts.media_on_timeline(draft):
            break
        steps += 1
    return steps


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

"""Reading one clause: which operation, on what, with which polarity and amount."""

from __future__ import annotations

import re
from typing import Any

from nemo_widgets.local.agent.declines import decline_for
from nemo_widgets.local.agent.languages import LANGUAGES, merged, words
from nemo_widgets.local.agent.spans import T, find_span, parse_time_ms
from nemo_widgets.local.agent.titles import read_title, read_title_change
from nemo_widgets.local.agent.types import Clause, Op, Span, said
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
)
from nemo_widgets.protocol.constants import AUDIO_EXPORT_FORMATS

__all__ = ["described_part", "read_clause", "with_verb"]

_UNDO = re.compile(words("undo"))
_RESTORE = re.compile(words("restore"))
_VOLUME = re.compile(words("volume"))
_UP = re.compile(words("up"))
_DOWN = re.compile(words("down"))
#: "in the middle", "part of": a scope the volume can't take here (only whole-clip volume, or mute a span).
_PART = re.compile(words("part"))
#: A level set, not a change: "to"/"at" right before the amount ("for you to make it 30% quieter" is a change).
_ABSOLUTE = re.compile(words("absolute"))
_PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s*%")
#: What a level said as a number follows: "to 0.5", "volume=0.3", "volume 0.8".
_LEVEL_AFTER = words("level_after")
#: "set the volume to 150": a level said without "%" (10-200; a time is not a level).
_BARE_LEVEL = re.compile(_LEVEL_AFTER + r"(\d{2,3})(?![\d.:%])(?!\s*" + words("time_unit") + ")")
#: "get the sound out of this video": removed from it, or taken out as a file? Asked unless a format says.
_OUT_OF = re.compile(words("out_of"))
#: A silent result and a sound-only one in one breath ("export it silent as mp3"): ask which.
_SILENT_RESULT = re.compile(words("silent_result"))
_AUDIO_RESULT = re.compile(r"\b(?:" + AUDIO_FORMAT + r"|aac)\b|" + words("audio_result"))
_EXTRACT = re.compile(words("extract"))
_WHOLE_REMOVE = re.compile(words("whole_remove"))
_KEEP_AUDIO = re.compile(words("keep_audio"))
_AMOUNT_ONLY = re.compile("^" + words("amount_before") + r"?\s*(\d+(?:\.\d+)?)\s*%\s*" + words("amount_after") + "?$")
_KEEP_VOLUME = re.compile(words("keep_volume"))
_CONVERT = re.compile(words("convert"))
_STATEMENT = re.compile("|".join(f"(?:{p})" for p in merged("STATEMENTS")))
_NOT_EDIT = re.compile(words("neg_not_edit"))
_MUCH = re.compile(words("much_more"))
_CLAUSE_REWRITES = tuple((re.compile(p), r) for lang in LANGUAGES for p, r in lang.CLAUSE_REWRITES)


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
    number = re.search(T, re.sub(r"⟦\d+⟧", " ", phrase))
    ms = parse_time_ms(number.group(1), number.group(2)) if number else 2000
    return Clause(
        "ask",
        reason="ask_span",
        fields={"phrase": phrase},
        suggestions=[said("cut_first", s=ms), said("cut_last", s=ms), said("keep_first", s=ms)],
    )


def _negated(text: str) -> Clause | None:
    unwanted = WANT_NEG.search(text)
    if unwanted:
        noun = unwanted.group(0) + text[unwanted.end() : unwanted.end() + 4]  # what is not wanted comes right after
        if re.search(AUDIO, noun):
            span = find_span(text)
            if span is not None and span.kind not in ("at", "bare"):
                return with_verb("mute", span, text)  # "no sound in the last 2 seconds": none there
            return _op("remove_audio", phrase=text)
        if re.search(VIDEO, noun):
            return _op("extract_audio", {"format": "mp3"}, phrase=text)
    if re.search(words("not_audio"), text):
        return Clause("none")
    if NEG.search(_NOT_EDIT.sub(" ", text)):  # "I don't like the first 2 seconds": a feeling, not "don't cut"
        what = (
            "audio"
            if re.search(AUDIO + "|" + MUTE + "|" + words("silent_word"), text)
            else ("export" if EXPORT_WORDS.search(text) else "timeline")
        )
        # "don't cut anything": nothing at all, which no other clause of the message may then change
        return Clause("noop", reason=what, fields={"all": bool(re.search(words("anything"), text))}, phrase=text)
    return None


def _is_volume(text: str) -> bool:
    percent = _PERCENT.search(text)
    if percent and re.search(words("set_it"), text):
        return True  # "…, set it to 60%": a bare level is the volume
    wordy = _VOLUME.search(text) or re.search(AUDIO + "|" + words("music"), text)
    directed = (_UP.search(text) or _DOWN.search(text)) and (percent or re.search(words("turn_it"), text))
    return bool(
        _VOLUME.search(text)
        or (percent and wordy)
        or directed
        or re.search(words("volume_said"), text)
        or re.search(words("volume_alone"), text)
    )


_PART_VOLUME = Clause("decline", reason="part_volume", suggestions=[said("mute_first", s=2000), said("volume", p=50)])


def _volume(text: str, span: Span | None) -> Clause | None:
    if not _is_volume(text):
        return None
    if _PART.search(text) or (span is not None and span.kind not in ("bare", "at")):
        return Clause(_PART_VOLUME.kind, reason=_PART_VOLUME.reason, suggestions=list(_PART_VOLUME.suggestions))
    target = "music" if re.search(words("music_target"), text) else "audio"
    amount = _volume_amount(text)
    if amount is None:
        return Clause(
            "ask",
            reason="how_loud",
            suggestions=[said("volume", p=50), said("louder", p=50), said("quieter", p=30)],
            vague=True,  # "it's a bit loud" beside "lower it to 50%" is settled by that clause
        )
    if amount.get("step") and _MUCH.search(text):  # "heaps louder": more than a step, and no amount said
        return Clause(
            "ask",
            reason="how_loud",
            suggestions=[said("louder" if amount["factor"] > 1 else "quieter", p=50), said("volume", p=50)],
            vague=True,
        )
    step = bool(amount.pop("step", False))
    clause = _op("set_volume", {"target": target, **amount}, text)
    clause.vague = step  # "it's too loud, set it to 60%": the 60 % is meant
    clause.complaint = step and complained_only(text)  # "that's too loud!!": a step only if a change is asked
    return clause


_COMPLAINT = re.compile(words("complaint"))


def complained_only(text: str) -> bool:
    """The loudness is only complained of ("still too loud"): no word asks for a change."""
    rest = _COMPLAINT.sub(" ", text)
    return rest != text and not (_UP.search(rest) or _DOWN.search(rest) or re.search(words("turn_it"), rest))


def _volume_amount(text: str) -> dict[str, Any] | None:
    """``{"volume": level}`` or ``{"factor": change}`` as said; None when no amount is said."""
    percent = _PERCENT.search(text)
    decimal = re.search(_LEVEL_AFTER + r"(0(?:\.\d+)?|1(?:\.0+)?)\b(?!\s*%)", text)
    if percent:
        value = float(percent.group(1)) / 100
        way = _COMPLAINT.sub(" ", text)  # "too quiet now, make 80%": a complaint does not make the amount a change
        relative = re.search(words("by"), way) or ((_UP.search(way) or _DOWN.search(way)) and not _ABSOLUTE.search(way))
        if relative:
            return {"factor": 1 + value if _UP.search(way) else 1 - value}
        return {"volume": value}
    if decimal:
        return {"volume": float(decimal.group(1))}
    if 10 <= _bare_level(text) <= 200:
        return {"volume": _bare_level(text) / 100}
    if re.search(words("to_half"), text):  # "lower it to half": a level
        return {"volume": 0.5}
    if re.search(words("halve"), text):
        return {"factor": 0.5}
    if re.search(words("double"), text):
        return {"factor": 2.0}
    times = re.search(words("times_louder"), text)
    if times:  # "3 times louder"
        return {"factor": float(next(g for g in times.groups() if g))}
    if _UP.search(text) or _DOWN.search(text):  # no amount said: a step, which a said amount overrides
        return {"factor": 1.25 if _UP.search(text) else 0.75, "step": True}
    return None


def _bare_level(text: str) -> int:
    found = _BARE_LEVEL.search(text)
    return int(found.group(1)) if found else 0


_KEEP_SAID = re.compile(words("keep_said"))


def _spanned(text: str, span: Span) -> Clause | None:
    """A clause with a time span: mute it, cut it or keep it."""
    audio = re.search(AUDIO, text)
    if re.search(MUTE, text) or (audio and re.search(REMOVE + "|" + CUT + r"|\bwithout\b", text)):
        return with_verb("mute", span, text)
    if re.search(words("without"), text):  # "export without the first 2 seconds": that part goes
        return with_verb("cut", span, text)
    if re.search(KEEP, text) and audio and not re.search(VIDEO, text):  # "keep the last second's sound": not a trim
        return Clause("ask", reason="ask_span", fields={"phrase": text},
                      suggestions=[said("mute_first", s=span.a), said("remove_audio")])  # fmt: skip
    # "just cut the last 3 seconds, I'll export later": a cut beside a word that can also say "keep" is a cut
    keeping = re.search(_KEEP_SAID, text) or (re.search(KEEP, text) and not re.search(CUT, text))
    if keeping or re.search(words("starts_at"), text):
        return with_verb("keep", span, text)
    if span.kind == "first" and re.search(words("keep_to"), text):
        return with_verb("keep", span, text)
    if span.kind in ("first", "last") and re.search(words("to_the_edge"), text):  # "trim it to the first 8 s"
        return with_verb("keep", span, text)
    if re.search(CUT, text):
        return with_verb("cut", span, text)
    if span.kind in ("at", "bare", "many"):
        return None if span.kind != "many" else _ask_span(text)
    return Clause("span", span=span, phrase=text)


def read_clause(text: str, quotes: list[str], skill_source: str | None = None) -> Clause:
    """What one clause asks for."""
    text = text.strip(" .!?")
    for pattern, replacement in _CLAUSE_REWRITES:  # a language's other word order (the thing, then "not wanted")
        text = pattern.sub(replacement, text)
    steps = re.search(r"\b(undo|redo)(?: (\d+|all))?$|\b(undo) (\d+|all)\b", text)
    taken_back = steps or _UNDO.search(text)
    if taken_back and NEG.search(text[: taken_back.start()]):  # "don't undo anything, just …": the edits stay
        return Clause("noop", reason="timeline", phrase=text)
    if steps:
        name, count = steps.group(1) or steps.group(3), steps.group(2) or steps.group(4)
        return _op(name, {"steps": count if count == "all" else int(count)} if count else {}, text)
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
    title = read_title_change(text, quotes) or read_title(text, quotes)
    if title is not None:
        return title
    if re.search(REMOVE + "|" + CUT, text) and re.search(words("title_noun"), text):
        return _op("remove_title", phrase=text)
    if _SOMEONE_ELSE.match(text):  # "our audience mostly watches with the sound off": about someone, not a request
        return Clause("none", phrase=text)
    declined = decline_for(text)
    if declined is not None:
        declined.problem = _STATEMENT.search(text) is not None  # "there's a hum": said, not asked for
        return declined
    if find_span(text) is None and _EDITS.search(text):
        # "mute the part where the dog barks": which seconds only someone who hears the clip knows (never the
        # whole clip); the same edit on a span, to click and correct
        cut = bool(re.search(CUT, text) and not re.search(MUTE, text) and not re.search(AUDIO, text))
        asked = described_part(text, cut)
        if asked is not None:
            return asked
    if _MORE_OF_IT.search(text) and re.search(f"{CUT}|{MUTE}", text) and find_span(text) is None:
        # "mute a bit more": more of an edit, with no amount and no part (never the whole clip)
        offered = _MUTE_SPAN if re.search(MUTE, text) else _CUT_SPAN
        return Clause("ask", reason="more_of_edit", suggestions=[offered])
    amount = _AMOUNT_ONLY.match(text)
    if amount:  # "make it quieter, like 40%": an amount on its own is the level of the volume said beside it
        level = _op("set_volume", {"target": "audio", "volume": float(amount.group(1)) / 100}, text)
        return Clause("amount", op=level.op, phrase=text)
    if _KEEP_VOLUME.search(text) and not re.search(r"\d", text):
        return Clause("noop", reason="volume")  # "keep the volume as it is, just cut …"
    span = find_span(text)
    volume = (
        _volume(text, span) if span is None or not span.kind.startswith("share") else None
    )  # "the first 20%": of the clip
    if volume is not None:
        volume.problem = (
            volume.kind in ("ask", "decline") and _STATEMENT.search(text) is not None
        )  # "there's a loud bang"
        if volume.kind == "decline" and volume.problem:  # "the sound is really loud between 3 and 5": that part, said
            volume.span = span
        return volume
    return _after_volume(text, span, skill_source)


def described_part(text: str, cut: bool = False) -> Clause | None:
    """The question back when ``text`` names a part by what happens in it ("the part where the dog barks"), which
    only someone who hears or sees the clip can find: it names the part and offers the same edit on seconds (a
    cut when ``cut``, else a mute); None when no such part is named."""
    found = _DESCRIBED.search(text)
    if found is None or re.search(r"\d", found.group(0)):
        return None
    offered = _CUT_SPAN if cut else _MUTE_SPAN
    return Clause("ask", reason="described_part", fields={"part": found.group(0).strip()}, suggestions=[offered])


def _after_volume(text: str, span: Span | None, skill_source: str | None) -> Clause:
    if span is not None:
        spanned = _spanned(text, span)
        if spanned is not None:
            return spanned
    if _SILENT_RESULT.search(text) and _AUDIO_RESULT.search(text):
        return _silent_audio(text)
    if _OUT_OF.search(text) and not _AUDIO_RESULT.search(text):
        return Clause(  # "get the audio out of this video": out of the video, or out as a file?
            "ask", reason="out_of", fields={"phrase": text}, suggestions=[said("remove_audio"), _MP3]
        )
    if re.search(words("to_mp4"), text):
        return Clause("ask", reason="already_video", suggestions=[said("export_as", f="MP4"), said("remove_audio")])
    if _EXTRACT.search(text) and not re.search(words("clip"), text):
        return _op("extract_audio", {"format": _fmt(text)}, text)
    if _CONVERT.search(text) and (skill_source or "").endswith("mp3"):
        return _op("extract_audio", {"format": _fmt(text)}, text)
    if (re.search(REMOVE, text) and re.search(AUDIO, text)) or _WHOLE_REMOVE.search(text):
        return _op("remove_audio", phrase=text)
    if re.search(REMOVE, text) and re.search(VIDEO, text) and not re.search(AUDIO, text):
        return _without_video(text)
    if (re.search(words("cut_word"), text) and re.search(AUDIO, text)) or re.search(words("fix") + ".*" + AUDIO, text):
        return Clause(
            "ask",
            reason="several_edits",
            fields={"phrase": text},
            suggestions=[said("remove_audio"), said("mute_first", s=2000), said("quieter", p=30)],
        )
    if _KEEP_AUDIO.search(text):
        return Clause("noop", reason="audio")
    return _verb_only(text)


def _without_video(text: str) -> Clause:
    """ "Remove the picture" keeps the sound; "remove the video" could also mean the whole clip: asked, unless
    another clause keeps the sound ("keep the sound, not the video")."""
    keep_sound = _op("extract_audio", {"format": _fmt(text)}, text)
    if re.search(words("picture"), text):
        return keep_sound
    return Clause("ask", op=keep_sound.op, reason="keep_sound_only", suggestions=[_MP3, said("remove_audio")])


def _silent_audio(text: str) -> Clause:
    """A silent MP3 has nothing in it: the video without its sound, or the sound alone?"""
    return Clause("ask", reason="silent_audio", suggestions=[said("remove_audio"), _MP3])


_MP3 = said("extract_audio", f="MP3")
_DESCRIBED = re.compile(words("described_part"))
_MORE_OF_IT = re.compile(words("more_of_it"))
_SOMEONE_ELSE = re.compile(words("someone_else"))
_EDITS = re.compile(f"{CUT}|{MUTE}|{REMOVE}")
_CUT_SPAN, _MUTE_SPAN = said("cut_range", a=3000, b=5000), said("mute_range", a=3000, b=5000)


def _verb_only(text: str) -> Clause:
    if re.search(words("mute_verb"), text):  # "the last 3 seconds — mute those": the span said beside it
        return Clause("verb", verb="mute", phrase=text)
    if re.search(CUT + "|" + words("keep_verb"), text):
        verb = "keep" if re.search(KEEP, text) else "cut"
        return Clause("verb", verb=verb, phrase=text)
    if EXPORT_WORDS.search(text):
        return Clause("export", phrase=text)
    return Clause("none")

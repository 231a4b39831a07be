"""Stage 3 of the reader: what the message does with its parts: a conditional with a fallback, a correction.

``"if you can't remove just the wind noise, then remove all the audio"``: a first request and a fallback
(:func:`fallback`), read apart; the planner does the first when it can, else names it and does the
fallback. ``"set volume to 30%... sorry I meant 60%"``: the part after the correction replaces what it
corrects (:func:`corrected`): a whole request replaces the last clause; a span, a time, an amount, a
format or an end ("the end") replaces the last one of its kind said before.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from nemo_widgets.local.agent.languages import merged, words
from nemo_widgets.local.agent.words import STOPS, STOPS_CLASS

__all__ = ["corrected", "fallback"]

_SPAN = re.compile(words("span_edge") + r"\s*(\d+(?:\.\d+)?)\s*(" + words("short_unit") + ")?")
_TIME = r"\d+(?::\d+){0,2}(?:\.\d+)?\s*" + words("sec_unit") + "?"
_RANGE = re.compile(_TIME + r"\s*" + words("range_to") + r"\s*" + _TIME)
_NUMBER = re.compile(r"(\d+(?:\.\d+)?)\s*(%|" + words("amount_unit") + ")?")
_FORMAT = re.compile(r"\b(mp3|wav|m4a|mp4|aac)\b")
_END = re.compile(words("clip_end"))
_QUOTED = re.compile(r"⟦\d+⟧")
_AT_TIME = re.compile(words("at_time") + r"\d+(?::\d+){0,2}(?:\.\d+)?\s*(?:" + words("short_unit") + ")?")
_DROP = re.compile(words("drop_part"))
_EDGE = re.compile(words("span_edge"))
_CANCEL = re.compile(words("cancel"))
#: The whole clip as an edit's object ("mute the whole thing"): what a correction that says a span replaces.
_WHOLE = re.compile(words("whole_object"))
#: An edit's verb, and a correction that only says another one ("cut them instead").
_VERB = re.compile(words("edit_verb"))
_VERB_SWAP = re.compile(words("verb_swap"))
_LEAD = re.compile(r"^(?:[\s:" + STOPS_CLASS + "]|" + words("lead") + ")*")
_TAIL = re.compile(r"(?:[\s!" + STOPS_CLASS + "]|" + words("tail") + ")*$")
_CLAUSE_BREAK = re.compile(r"(?:[,;]|\.\s|" + words("then_words") + ")")
_STRIP = " " + STOPS
#: A pause word left at the end of what a correction corrects ("cut the last 2 seconds. actually | scratch that")
_PAUSED = re.compile(
    r"(?:[\s,.;" + STOPS_CLASS + "]*\\b(?:" + words("pause") + r"|actually|ok|okay|so)\b)+[\s,.;" + STOPS_CLASS + "]*$"
)


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], tuple[re.Pattern[str], ...]]:
    marks = re.compile("|".join(f"(?:{p})" for p in merged("CORRECTIONS")))
    return marks, tuple(re.compile(str(p)) for p in merged("FALLBACKS"))


def fallback(text: str) -> tuple[str, str] | None:
    """(first request, fallback) when ``text`` is a conditional with a fallback."""
    for pattern in _patterns()[1]:
        found = pattern.match(text)
        if found:
            return found.group("first").strip(_STRIP), found.group("then").strip(_STRIP)
    return None


def corrected(text: str, reads_alone: Callable[[str], bool]) -> str | None:
    """``text`` with each self-correction applied; ``reads_alone`` says whether a part is a whole request.
    ``""`` when a correction takes the request back ("remove the audio, no wait, don't"); None when a
    correction says something that has no place in what came before (it is never added as one more edit)."""
    marks = _patterns()[0]
    parts = [p for p in marks.split(text) if p is not None]
    if len(parts) == 1 or not parts[0].strip(_STRIP):  # nothing said before it: not a correction
        return text
    result = _PAUSED.sub("", parts[0]).strip(_STRIP) or parts[0].strip(_STRIP)
    for later in parts[1:]:
        core = _TAIL.sub("", _LEAD.sub("", later))
        if not core:
            continue
        if _CANCEL.fullmatch(core):
            return ""
        fixed = _fix(result, core, reads_alone)
        if fixed is None:
            return None
        result = fixed
    return result


def _fix(earlier: str, core: str, reads_alone: Callable[[str], bool]) -> str | None:
    """The earlier text with ``core`` (what the correction says) put in place of what it corrects."""
    for pattern in (
        _RANGE,
        _SPAN,
        _FORMAT,
        _END,
        _QUOTED,
        _AT_TIME,
    ):  # _QUOTED: "title 'Welcom Home', sorry, 'Welcome Home'"
        said = pattern.search(core)
        if said and said.group(0).strip() == core.strip():
            replaced = _replace_last(earlier, pattern, said)
            if replaced is None and pattern in (_RANGE, _SPAN):  # "mute the whole thing, no, the first 5 s"
                replaced = _replace_last(earlier, _WHOLE, said)
            if replaced is not None:
                return replaced
    dropped = _DROP.fullmatch(core.strip())
    if dropped:  # "cut the first 2 and the last 2, actually not the last 2": that part taken back
        return _without(earlier, next(g for g in dropped.groups() if g))
    swap = _VERB_SWAP.fullmatch(core.strip())
    if swap:  # "mute the first 3 seconds, no wait, cut them instead": the verb changes, the span stays
        replaced = _replace_last(earlier, _VERB, swap)
        if replaced is not None:
            return replaced
    number = _NUMBER.fullmatch(core.strip())
    if number:
        replaced = _replace_last(earlier, _NUMBER, number)
        if replaced is not None:
            return replaced
        if not _NUMBER.search(earlier) and reads_alone(earlier):  # "that's too quiet now, make it 80%": the amount
            return f"{earlier.rstrip(_STRIP)}, {core.strip()}"
    if reads_alone(core):
        clauses = _CLAUSE_BREAK.split(earlier)
        kept = earlier[: len(earlier) - len(clauses[-1])].rstrip(_STRIP + ";") if len(clauses) > 1 else ""
        return f"{kept}, {core}" if kept else core
    return None


def _without(earlier: str, part: str) -> str | None:
    """``earlier`` without the clause that says ``part`` (the same numbers and ends); None when none does."""
    numbers = re.findall(r"\d+(?:\.\d+)?", part)
    edges = [e.strip() for e in _EDGE.findall(part)]
    pieces = [p.strip(_STRIP) for p in _CLAUSE_BREAK.split(earlier) if p and p.strip(_STRIP)]
    for i in range(len(pieces) - 1, -1, -1):
        said = re.findall(r"\d+(?:\.\d+)?", pieces[i])
        same = said == numbers if numbers else bool(edges)  # "belakang tak payah": the end named, no number
        if same and all(e in pieces[i] for e in edges) and len(pieces) > 1:
            verb = _VERB.search(pieces[0])
            rest = pieces[:i] + pieces[i + 1 :]
            if i == 0 and verb:  # the verb was said with the part taken back: it goes with the next one
                rest[0] = f"{verb.group(0)} {rest[0]}"
            return ", ".join(rest)
    return None


def _replace_last(earlier: str, pattern: re.Pattern[str], said: re.Match[str]) -> str | None:
    found = list(pattern.finditer(earlier))
    if not found:
        return None
    last = found[-1]
    new = said.group(0).strip()
    if pattern.groups >= 2 and said.group(2) is None and last.group(2):  # "no, 4": the unit said before
        new = f"{new} {last.group(2)}" if last.group(2)[0].isalpha() and len(last.group(2)) > 1 else new + last.group(2)
    if pattern is _SPAN and not re.match(words("span_edge"), new):
        return None
    if pattern is _VERB:  # the verb alone, not the pronoun that pointed at the span
        new = said.group(1)
    return f"{earlier[: last.start()]}{new} {earlier[last.end() :]}".strip()

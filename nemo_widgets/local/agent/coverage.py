"""Stage 5 of the reader: act only on what was fully read.

A reading that leaves a word that changes an edit unread (a number no operation uses, a unit, "and a
half", "if", "except" …, listed per language as ``MEANINGFUL``) changes nothing: the agent asks,
offering its best reading as a phrasing the Studio shows as a button ("Did you mean: “cut the last
0.5 seconds”?"). Fillers, greetings and hedges were dropped before (stage 2), and quoted words are the
user's own (a title), so neither is counted.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, cast

from nemo_widgets.local.agent.languages import Language, merged, words
from nemo_widgets.local.agent.spans import unit_ms
from nemo_widgets.local.agent.words import STOPS

__all__ = ["is_context", "phrase_of", "unread"]

_NUMBER = re.compile(
    r"(?<![a-z0-9_.:⟦])(\d+:\d{1,2}(?::\d{1,2})?(?:\.\d+)?|\d+(?:\.\d+)?)"
    + words("number_suffix")  # an ordinal's letters ("the 5th second"): still a number
    + r"?\s*("
    + words("count_units")
    + r")?(?![a-z0-9⟧])"
    + r"(?!\s*"
    + words("counted")  # a count of things ("a video" said with a numeral in Chinese), not an amount
    + ")"
)
_FORMAT = re.compile(r"(?<![a-z0-9])(?:mp3|mp4|wav|m4a|aac)(?![a-z0-9])")
_COUNTS = frozenset(str(unit) for unit in merged("COUNT_UNITS"))
_TITLE_NOUN = re.compile(words("title_noun"))
_TITLE_OPS = frozenset({"add_title", "change_title", "remove_title", "undo", "redo"})


@lru_cache(maxsize=1)
def _in_request() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in merged("MEANINGFUL_IN_REQUEST")))


@lru_cache(maxsize=1)
def _meaningful() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in merged("MEANINGFUL")))


#: A number written against the letters before it, with a unit of time or a percent after it ("end2" then a unit).
_GLUED = re.compile(r"(?<=[a-z])(\d+(?:\.\d+)?)\s*(\u79d2|secs?\b|seconds?\b|ms\b|%)")


def _values(ops: list[Any]) -> list[float]:
    """Every amount the operations use, in ms, %, steps or as said."""
    out: list[float] = []
    for op in ops:
        for key, value in op.args.items():
            if hasattr(value, "kind"):  # a Span: two ends when it is a range, else one length or time
                out += [value.a, value.b] if value.kind == "range" else [value.a]
            elif key == "volume" and value is not None:
                out.append(value * 100)
            elif key == "factor" and value is not None:
                out += [abs(1 - value) * 100, value * 100, value]
            elif isinstance(value, str):  # an undo's "all": no number
                continue
            elif key in ("steps", "end_ms") or (key in ("start_ms", "duration_ms") and _said_time(op, key)):
                out.append(value)
            elif key == "shift_ms":  # "1 second earlier": the amount moved, whichever way
                out.append(abs(value))
        titled = op.name in ("add_title", "change_title")
        if titled and len(op.args.get("_said", ())) == 2:  # "from 1 s to 3 s": the end said
            out.append(op.args.get("start_ms", 0) + op.args.get("duration_ms", 0))
    return out


def _said_time(op: Any, key: str) -> bool:
    """Whether a title's start or length was said (a default one accounts for no number of the message)."""
    return key.removesuffix("_ms") in op.args.get("_said", ("start", "duration"))


def _said(number: str, unit: str | None) -> list[float]:
    """What a number with its unit could be among the operations' values."""
    if ":" in number:
        seconds = 0.0
        for part in number.split(":"):
            seconds = seconds * 60 + float(part)
        return [seconds * 1000]
    value, unit = float(number), (unit or "")
    factor = unit_ms(unit) if unit else None
    if factor is not None:  # milliseconds or minutes
        return [value * factor]
    if unit in _COUNTS:
        return [value, value * 100]
    return [value * 1000, value, value * 100]


def is_context(part: str) -> bool:
    """A clause read as nothing that only tells about the clip ("I'm preparing this for my Year 9 class"): said
    about someone (``CONTEXT``), with no request in it, no thing or end named alone, no word that changes an
    edit and no amount with a unit."""
    return _context().search(part) is not None and not (
        _FORMAT.search(part)  # a clause that names a format is never only context: its words are checked
        or _ACTION().match(part)
        or _naming().fullmatch(part.strip(" !" + STOPS))
        or _meaningful().search(part)
        or any(found.group(2) for found in _NUMBER.finditer(part))
    )


def unread(text: str, ops: list[Any], parts: list[str] = []) -> list[str]:  # noqa: B006 - never changed
    """The words of ``text`` (a canonical reading) that change an edit and that ``ops`` did not use;
    ``parts`` are clauses the reader read as nothing: one that starts like a request is unread too."""
    shown = re.sub(r"⟦\d+⟧", " ", text)
    left = [m.group(0).strip() for m in _meaningful().finditer(shown)]
    # "the speech": only beside a request, not in the reason said after it ("… because someone's talking")
    for clause in re.split(r"[,;.!?" + STOPS + "]|" + words("reason_said"), shown):
        if _operative().search(clause):
            left += [m.group(0).strip() for m in _in_request().finditer(clause)]
    pool = _values(ops)  # each amount an operation uses accounts for one number said
    # each number said, and a length written against a word before it ("at the end2" + a unit): a number said too
    for found in [*_NUMBER.finditer(shown), *_GLUED.finditer(shown)]:
        candidates = _said(found.group(1), found.group(2))
        match = next((u for u in pool for c in candidates if abs(c - u) <= max(0.01, abs(u) * 0.006)), None)
        if match is None:
            left.append(found.group(0).strip())
        else:
            pool.remove(match)
    if not any(_spans(op) for op in ops):  # a reading of the whole clip: a word naming a part of it is unread
        left += [m.group(0).strip() for m in _part_words().finditer(shown)]
    if not any(op.name in _TITLE_OPS for op in ops):  # "change the title to start at 2 s" read as a trim
        left += [m.group(0).strip() for m in _TITLE_NOUN.finditer(shown)]
    return left + [part for part in parts if _asks_for_something(part) and not _announces(part, ops)]


def _asks_for_something(part: str) -> bool:
    """A clause read as nothing that starts like a request, names only a thing or an end, or holds a word of an
    edit (a verb, the volume, a format: "as loud as it can go", "and wav"): a part of the message not read."""
    operative = _operative().search(part) and not re.search(words("not_audio"), part)  # "…, not the audio"
    return bool(_ACTION().match(part) or _naming().fullmatch(part.strip(" !" + STOPS)) or operative)


#: The words that name each operation (notions of the languages' ``WORDS``): a clause that names only operations
#: the reading does ("I'd like a title:", then the title) announces them and changes nothing.
_NAMED_BY = {
    "trim": ("cut", "keep_verb"), "mute_range": ("mute",), "remove_audio": ("remove", "mute", "audio"),
    "set_volume": ("volume",), "extract_audio": ("extract", "audio"), "add_title": ("title_noun",), "change_title": ("title_noun",),
}  # fmt: skip


def _announces(part: str, ops: list[Any]) -> bool:
    """A clause read as nothing that only names what the other clauses do: no number, no part of the clip, no
    word that changes an edit, and every word of an edit in it one of an operation the reading does."""
    if re.search(r"\d", part) or _part_words().search(part) or _meaningful().search(part) or _naming().fullmatch(part):
        return False
    named = {notion for op in ops for notion in _NAMED_BY.get(op.name, ())}
    said = {notion for notion in _NOTIONS if re.search(words(notion), part)}
    return bool(said) and said <= named and not re.search(words("part_said"), part)


_NOTIONS = ("cut", "mute", "remove", "volume", "extract", "keep_verb", "title_noun")


@lru_cache(maxsize=1)
def _operative() -> re.Pattern[str]:
    notions = ("cut", "mute", "remove", "volume", "extract", "keep_verb", "title_noun", "undo")
    formats = r"\b(?:mp3|wav|m4a|mp4|aac)\b"
    return re.compile("|".join([*(words(n) for n in notions), formats]))


def _spans(op: Any) -> bool:
    """Whether an operation reads a part of the clip (a span, a start or a length)."""
    return any(
        hasattr(v, "kind") or k in ("start_ms", "duration_ms", "end_ms", "shift_ms", "at_end")
        for k, v in op.args.items()
    )


@lru_cache(maxsize=1)
def _part_words() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in merged("PART_WORDS")))


@lru_cache(maxsize=1)
def _naming() -> re.Pattern[str]:
    """A clause that is only a thing or an end of the clip, read as nothing ("…, and the title", "also the first")."""
    ends = [str(pair[1]).lstrip("^").rstrip("$") for pair in cast(Any, merged("ELLIPSES"))]  # (kind, pattern) pairs
    return re.compile("|".join(f"(?:{p})" for p in (*merged("OBJECTS"), *ends)))


@lru_cache(maxsize=1)
def _context() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in merged("CONTEXT")))


@lru_cache(maxsize=1)
def _action_re() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in merged("ACTIONS")))


def _ACTION() -> re.Pattern[str]:
    return _action_re()


def _phrase(op: Any, lang: Language) -> str:
    if op.name in ("trim", "mute_range"):
        verb = "mute" if op.name == "mute_range" else op.args["mode"]
        span = op.args["span"]
        kind = {"half1": "first", "half2": "last", "share_first": "first", "share_last": "last"}.get(
            span.kind, span.kind
        )
        key = f"{verb}_{kind}"
        a, b = (span.a, span.b) if span.kind == "range" else (span.a, span.a)
        length: float | str = f"{span.a / 100:g}%" if span.kind.startswith("share") else span.a
        return lang.phrase(key if key in lang.data.PHRASES else "undo", s=length, a=a, b=b)
    if op.name == "set_volume":
        factor = op.args.get("factor")
        if factor is not None:
            key = "quieter" if factor < 1 else "louder"
            return lang.phrase(key, p=f"{abs(1 - factor) * 100:.0f}")
        return lang.phrase("volume", p=f"{op.args['volume'] * 100:.0f}")
    if op.name == "extract_audio":
        return lang.phrase("extract_audio", f=str(op.args.get("format", "mp3")).upper())
    if op.name == "add_title":
        return lang.phrase("add_title", t=op.args.get("text", ""))
    if op.name == "change_title":
        if op.args.get("text"):
            return lang.phrase("change_title", t=op.args["text"])
        return lang.phrase("move_title", s=op.args.get("start_ms", 0))
    return lang.phrase(op.name if op.name in lang.data.PHRASES else "undo")


def phrase_of(ops: list[Any], lang: Language) -> str:
    """The operations said as a request the reader reads back as them ("cut the last 0.5 seconds")."""
    return str(lang.data.PHRASES["join"]).join(_phrase(op, lang) for op in ops)

"""Stage 5 of the reader: act only on what was fully read.

A reading that leaves a word that changes an edit unread (a number no operation uses, a unit, "and a
half", "if", "except", 分贝 …, listed per language as ``MEANINGFUL``) changes nothing: the agent asks,
offering its best reading as a phrasing the Studio shows as a button ("Did you mean: “cut the last
0.5 seconds”?"). Fillers, greetings and hedges were dropped before (stage 2), and quoted words are the
user's own (a title), so neither is counted.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, cast

from nemo_widgets.local.agent.languages import en, merged, zh

__all__ = ["phrase_of", "unread"]

_NUMBER = re.compile(
    r"(?<![a-z0-9_.:⟦])(\d+:\d{1,2}(?::\d{1,2})?(?:\.\d+)?|\d+(?:\.\d+)?)\s*"
    r"(ms|milliseconds?|%|seconds?|secs?|s|minutes?|mins?|min|m|hours?|hrs?|h|秒钟?|分钟|分|小时|步|次|倍)?(?![a-z0-9⟧])"
    r"(?!\s*[段个条张部只])"  # "一段视频", "一个标题": a count of things ("a video"), not an amount
)


@lru_cache(maxsize=1)
def _meaningful() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in merged("MEANINGFUL")))


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
            elif key in ("start_ms", "duration_ms") or key == "steps":
                out.append(value)
        if op.name == "add_title":
            out.append(op.args.get("start_ms", 0) + op.args.get("duration_ms", 0))
    return out


def _said(number: str, unit: str | None) -> list[float]:
    """What a number with its unit could be among the operations' values."""
    if ":" in number:
        seconds = 0.0
        for part in number.split(":"):
            seconds = seconds * 60 + float(part)
        return [seconds * 1000]
    value, unit = float(number), (unit or "")
    if unit.startswith(("ms", "milli")):
        return [value]
    if unit.startswith(("m", "分")):
        return [value * 60000]
    if unit.startswith(("h", "小时")):
        return [value * 3600000]
    if unit in ("%", "步", "次", "倍"):
        return [value, value * 100]
    return [value * 1000, value, value * 100]


def unread(text: str, ops: list[Any], parts: list[str] = []) -> list[str]:  # noqa: B006 - never changed
    """The words of ``text`` (a canonical reading) that change an edit and that ``ops`` did not use;
    ``parts`` are clauses the reader read as nothing: one that starts like a request is unread too."""
    shown = re.sub(r"⟦\d+⟧", " ", text)
    left = [m.group(0).strip() for m in _meaningful().finditer(shown)]
    pool = _values(ops)  # each amount an operation uses accounts for one number said
    for found in _NUMBER.finditer(shown):
        candidates = _said(found.group(1), found.group(2))
        match = next((u for u in pool for c in candidates if abs(c - u) <= max(0.01, abs(u) * 0.006)), None)
        if match is None:
            left.append(found.group(0).strip())
        else:
            pool.remove(match)
    if not any(_spans(op) for op in ops):  # a reading of the whole clip: a word naming a part of it is unread
        left += [m.group(0).strip() for m in _part_words().finditer(shown)]
    return left + [part for part in parts if _ACTION().match(part) or _naming().fullmatch(part.strip(" .!。！"))]


def _spans(op: Any) -> bool:
    """Whether an operation reads a part of the clip (a span, a start or a length)."""
    return any(hasattr(v, "kind") or k in ("start_ms", "duration_ms") for k, v in op.args.items())


@lru_cache(maxsize=1)
def _part_words() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in merged("PART_WORDS")))


@lru_cache(maxsize=1)
def _naming() -> re.Pattern[str]:
    """A clause that is only a thing or an end of the clip, read as nothing ("…, and the title", "also the first")."""
    ends = [str(pair[1]).lstrip("^").rstrip("$") for pair in cast(Any, merged("ELLIPSES"))]  # (kind, pattern) pairs
    return re.compile("|".join(f"(?:{p})" for p in (*merged("OBJECTS"), *ends)))


@lru_cache(maxsize=1)
def _action_re() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in merged("ACTIONS")))


def _ACTION() -> re.Pattern[str]:
    return _action_re()


def _secs(ms: float, zh_: bool) -> str:
    n = f"{ms / 1000:g}"
    return f"{n}秒" if zh_ else f"{n} second{'' if n == '1' else 's'}"


def _phrase(op: Any, words: dict[str, str], zh_: bool) -> str:
    if op.name in ("trim", "mute_range"):
        verb = "mute" if op.name == "mute_range" else op.args["mode"]
        span = op.args["span"]
        kind = {"half1": "first", "half2": "last"}.get(span.kind, span.kind)
        key = f"{verb}_{kind}"
        a, b = (span.a, span.b) if span.kind == "range" else (span.a, span.a)
        return words.get(key, words["undo"]).format(s=_secs(span.a, zh_), a=_secs(a, zh_), b=_secs(b, zh_))
    if op.name == "set_volume":
        factor = op.args.get("factor")
        if factor is not None:
            key = "quieter" if factor < 1 else "louder"
            return words[key].format(p=f"{abs(1 - factor) * 100:.0f}")
        return words["volume"].format(p=f"{op.args['volume'] * 100:.0f}")
    if op.name == "extract_audio":
        return words["extract_audio"].format(f=str(op.args.get("format", "mp3")).upper())
    if op.name == "add_title":
        return words["add_title"].format(t=op.args.get("text", ""))
    return str(words.get(op.name, words["undo"]))


def phrase_of(ops: list[Any], chinese: bool) -> str:
    """The operations said as a request the reader reads back as them ("cut the last 0.5 seconds")."""
    words: dict[str, str] = (zh if chinese else en).PHRASES
    return words["join"].join(_phrase(op, words, chinese) for op in ops)

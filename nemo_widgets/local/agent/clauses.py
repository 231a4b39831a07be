"""The clause grammar of the local agent: one clause ("cut the first 2 seconds") → one meaning.

A message is split into clauses (commas, "and", "then", "but", 然后, 再 ...);
each clause is read on its own (negation, a declined feature, a volume, a
time span, a verb), then a clause without a verb takes its neighbour's
("cut the first 2 seconds and the last 2 seconds"), and a verb without a span
takes its neighbour's span ("the first three seconds are boring, cut them").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, cast

from nemo_widgets.local.agent.grammar import read_clause, with_verb
from nemo_widgets.local.agent.languages import merged
from nemo_widgets.local.agent.spans import NUM, T, parse_time_ms
from nemo_widgets.local.agent.titles import read_title
from nemo_widgets.local.agent.types import Clause, Op, Span
from nemo_widgets.local.agent.words import QUOTE

__all__ = ["parse_all"]


def _nth_second(found: re.Match[str]) -> str:
    return f"{int(found.group(1)) - 1}秒到{found.group(1)}秒"


_CUT_VERB = r"(?:cut|remove|delete|trim|drop|get rid of|lose|ditch|scrap|chop)"
#: Rewrites to the plain wording the clause rules read, applied in order before the split.
_REWRITES: tuple[tuple[str, str | Callable[[re.Match[str]], str]], ...] = (
    (r"\bbetween\s+" + T + r"\s+and\s+" + T, r"\1\2-\3\4"),
    (r"\bstart(?:s)? (?:the video |it )?at\s+" + T + r"\s+and\s+end(?:s)? (?:it )?at\s+" + T, r"keep \1\2-\3\4"),
    # "the 2 second mark", "the 0:05 mark": a time
    (r"(?:\bthe\s+)?" + NUM + r"[ -]?(?:(?:seconds?|secs?|s)[ -])?mark\b", r"\1s"),
    # "cut everything except the first 5 seconds", "remove all but the last 4": what is kept
    (r"\b" + _CUT_VERB + r"\s+(?:of\s+)?(?:everything|all|anything|the rest)(?:\s+of\s+(?:it|the video|the clip))?\s+"
     r"(?:except(?:\s+for)?|but|other than|apart from|besides|save for)\s+", "keep "),
    (r"除了\s*(.+?)\s*(?:以外|之外)?[，,]?\s*(?:其他的?|别的|其余的?)?(?:都|全部?)\s*(?:删掉|剪掉|去掉|删了|删|剪|不要)了?",
     r"保留 \1"),
    # "0:04 to the end", "from the start to 0:04", "4秒到结尾": open-ended spans said with both ends
    (r"(?:\bfrom\s+)?" + T + r"\s*(?:to|until|till|through|-)\s*(?:the\s+)?end\b", r"from \1\2"),
    (r"(?:\bfrom\s+)?(?:the\s+)?(?:start|beginning)\s*(?:to|until|till|through|-)\s*" + T, r"before \1\2"),
    (r"(?:从\s*)?" + T + r"\s*(?:到|至)\s*(?:结尾|最后|末尾|结束)", r"\1\2之后"),
    # "trim both the start and the end by 1 second", "1 second from the start and the end"
    (r"\b(?:both\s+)?(?:the\s+)?(?:start|beginning)\s+and\s+(?:the\s+)?end(?:ing)?\s+by\s+" + T,
     r"the first \1\2 and the last \1\2"),
    (T + r"\s+(?:off|from)\s+(?:both\s+)?(?:the\s+)?(?:start|beginning)\s+and\s+(?:the\s+)?end(?:ing)?\b",
     r"the first \1\2 and the last \1\2"),
    # "trim the start by 1 second and the end by 2 seconds"
    (r"\b(?:the\s+)?(?:start|beginning)\s+by\s+" + T, r"the first \1\2"),
    (r"\b(?:the\s+)?end(?:ing)?\s+by\s+" + T, r"the last \1\2"),
    (r"\b(first|last) and (?:the )?(first|last)\s+" + T, r"\1 \3\4 and \2 \3\4"),
    # "the first 2 and the last 3 seconds": the unit said once
    (r"\b(first|last)\s+(\d+(?:\.\d+)?) and (?:the )?(first|last)\s+" + T, r"\1 \2\5 and \3 \4\5"),
    # "第3秒" alone: the third second (2-3 s); "第2秒到第4秒", "从第5秒开始" are times
    (r"(?<![到至\d])第\s*(\d+)\s*秒(?!\s*(?:到|至|-|开始|之后|以后|后|起|之前|以前|前))", _nth_second),
    (T + r"\s*(?:off|from|at)\s+(?:both|each)\s+ends?", r"first \1\2 and last \1\2"),
    (r"(?:首尾|两头|两端|2头|2端)各?\s*" + T, r"前\1\2 和 最后\1\2"),
    (r"(?:首尾|两头|两端|2头|2端)各?\s*(剪掉|剪去|剪|删掉|删|去掉|裁掉)\s*" + T, r"\1 前\2\3 和 最后\2\3"),
    # "前面剪2秒": the verb said between the side and the length
    (r"(前面|开头|后面|最后面|最后|结尾)\s*(剪掉|剪去|剪|删掉|删|去掉|裁掉)\s*(?=\d)", r"\2\1"),
    # "shorten it to 6 seconds by cutting the start": which end goes is said after the length
    (r"\b(?:shorten|trim|cut|make|reduce|bring)\b(?:\s+(?:it|this|the video|the clip))?\s+(?:down\s+)?to\s+" + T
     + r"\s+by\s+(?:cut|trim|remov|tak|drop|chop|delet)\w*\s+(?:off\s+|away\s+)?(?:from\s+)?(?:the\s+)?"
     r"(?:start|beginning|front|intro)\b", r"keep the last \1\2"),
    (r"\b(?:shorten|trim|cut|make|reduce|bring)\b(?:\s+(?:it|this|the video|the clip))?\s+(?:down\s+)?to\s+" + T
     + r"\s+by\s+(?:cut|trim|remov|tak|drop|chop|delet)\w*\s+(?:off\s+|away\s+)?(?:from\s+)?(?:the\s+)?"
     r"(?:end|ending|outro)\b", r"keep the first \1\2"),
    # "mute everything except the first 2 seconds": the rest of the clip is muted
    (r"\b(?:mute|silence)\s+(?:everything|all|the rest)(?:\s+of\s+(?:it|the video|the clip))?\s+"
     r"(?:except(?:\s+for)?|but|other than|apart from|besides|save for)\s+(?:the\s+)?(?:first|opening)\s+" + T,
     r"mute after \1\2"),
    (r"除了\s*(?:前|前面|开头)的?\s*" + T + r"\s*(?:以外|之外)?[，,]?\s*(?:其他的?|别的|其余的?)?(?:都|全部?)\s*(?:静音|消音)",
     r"\1\2之后静音"),
)  # fmt: skip
_REWRITE_RES = tuple((re.compile(pattern), replacement) for pattern, replacement in _REWRITES)


def prepare(text: str) -> str:
    """The message with its set phrasings rewritten to the plain wording the clause rules read."""
    return _prepare(text)


def _prepare(text: str) -> str:
    for pattern, replacement in _REWRITE_RES:
        text = pattern.sub(replacement, text)
    return text


_SPLIT = re.compile(
    r"\s*(?:[,;!?，。；！？、]+|\.(?=\s|$)|\b(?:and then|then|and|but|also|plus|after that|afterwards)\b"
    r"|然后|并且|而且|再|还有|同时|但是|但|和|以及)\s*"
)


#: "no wait", "I mean", "不对": what follows replaces the clause said just before it.
_CORRECTION = re.compile(
    r"\s*(?:\b(?:actually,?\s+make (?:that|it)|make that|[,，]\s*no[,，]?)(?=\s*\d+(?:\.\d+)?\s*(?:s|secs?|seconds?|ms)?\s*$)|\bno,? wait\b|\bwait,? no\b|\b(?:no|sorry),? i meant?\b|\bi meant?\b|\bmake that\b|\bcorrection\b"
    r"|\bscratch that\b|不对|我是说|我的意思是|说错了)\s*[,，:：]?\s*"
)


def parse_all(
    text: str, original: str, skill_source: str | None = None, quotes: list[str] | None = None
) -> list[Clause]:
    """Split, read and join the clauses of a (normalised) message; quotes are taken from ``original``
    unless given (then ``text`` holds them as ``⟦n⟧`` already)."""
    if quotes is None:
        quotes = [q[0] or q[1] for q in QUOTE.findall(original)]
        holder = iter(range(len(quotes)))
        text = QUOTE.sub(lambda _m: f" ⟦{next(holder, 0)}⟧ ", text)
    first, *corrections = _CORRECTION.split(text)
    clauses = _read(first, quotes, skill_source)
    for later in corrections:
        clauses = _corrected(clauses, later, _read(later, quotes, skill_source))
    return _join(clauses)


def _corrected(clauses: list[Clause], later: str, fixed: list[Clause]) -> list[Clause]:
    """The clauses after a correction ("no wait, the first 3 seconds"; "make that 3") replace the last one."""
    while clauses and clauses[-1].kind == "none":  # "…, actually": a filler word before the correction
        clauses.pop()
    if not clauses:
        return fixed
    dropped = clauses.pop()
    number = re.fullmatch(T, later.strip())
    op = dropped.op
    span = op.args.get("span") if op is not None else None
    if op is not None and number and isinstance(span, Span) and span.kind != "range":  # "make that 3": that long
        args = {**op.args, "span": Span(span.kind, parse_time_ms(*number.groups()))}
        return [*clauses, Clause("op", op=Op(op.name, args), phrase=later, verb=dropped.verb)]
    if fixed and fixed[0].kind == "span" and dropped.verb:
        fixed[0] = with_verb(dropped.verb, fixed[0].span, fixed[0].phrase)
    return clauses + fixed


def _read(text: str, quotes: list[str], skill_source: str | None) -> list[Clause]:
    return [clause for _part, clause in _read_pairs(text, quotes, skill_source)]


def _read_pairs(text: str, quotes: list[str], skill_source: str | None) -> list[tuple[str, Clause]]:
    """Each clause of ``text`` as prepared, and what it reads as beside the clauses before it."""
    parts = [p.strip() for p in _SPLIT.split(_prepare(text)) if p and p.strip()]
    out: list[tuple[str, Clause]] = []
    for part in parts:
        clause = read_clause(part, quotes, skill_source)
        timed = _title_timing(out[-1], part, quotes) if out and clause.kind in ("span", "none", "ask") else None
        if timed is not None:  # "加标题“X”，从第1秒开始，显示4秒": the title's times said in the clauses after it
            out[-1] = (f"{out[-1][0]} {part}", timed)
            continue
        if clause.kind == "none":
            clause = _elided(part, [c for _p, c in out], quotes, skill_source)
        out.append((part, clause))
    return out


def _title_timing(before: tuple[str, Clause], part: str, quotes: list[str]) -> Clause | None:
    """The title read before with ``part`` said after it, when ``part`` says when it shows or how long."""
    phrase, clause = before
    if clause.op is None or clause.op.name != "add_title":
        return None
    again = read_title(f"{phrase} {part}", quotes)
    if again is None or again.op is None or again.op.args == clause.op.args:
        return None
    return again


def read_parts(text: str, quotes: list[str], skill_source: str | None = None) -> list[tuple[str, str]]:
    """Each clause of ``text`` as prepared, with the kind the grammar reads it as (for the coverage check)."""
    return [(part, clause.kind) for part, clause in _read_pairs(text, quotes, skill_source)]


_ELLIPSES = tuple((str(kind), re.compile(str(pattern))) for kind, pattern in cast(Any, merged("ELLIPSES")))
_OBJECT = re.compile("|".join(f"(?:{p})" for p in merged("OBJECTS")))


def _elided(part: str, before: list[Clause], quotes: list[str], skill_source: str | None) -> Clause:
    """A clause that says only what changes from the one before it, read with that one's other words:
    "Remove the last second. Also the first." (the same edit and length at the other end), "remove the
    title and the audio" (the same verb on another thing)."""
    said = part.strip(" .!。！")
    last = next((c for c in reversed(before) if c.kind == "op" and c.op is not None), None)
    if last is None or last.op is None:
        return Clause("none", phrase=part)
    thing = _OBJECT.fullmatch(said)
    named = _OBJECT.search(last.phrase) if thing else None
    if thing and named:
        again = read_clause(f"{last.phrase[: named.start()]}{said}{last.phrase[named.end() :]}", quotes, skill_source)
        return again if again.kind == "op" else Clause("none", phrase=part)
    side = next((kind for kind, pattern in _ELLIPSES if pattern.match(said)), None)
    span = last.op.args.get("span")
    if side is None or not isinstance(span, Span) or span.kind not in ("first", "last"):
        return Clause("none", phrase=part)
    verb = "mute" if last.op.name == "mute_range" else str(last.op.args.get("mode", ""))
    return with_verb(verb, Span(side, span.a), part) if verb else Clause("none", phrase=part)


def _join(clauses: list[Clause]) -> list[Clause]:
    """A verbless span takes the verb before it (or after it); a verb without a span takes a neighbour's."""
    out: list[Clause] = []
    for i, clause in enumerate(clauses):
        if clause.kind == "span":  # "前半秒和最后半秒都剪掉": the verb may come with the next span
            verb = next((c.verb for c in reversed(out) if c.verb), "") or next(
                (c.verb for c in clauses[i + 1 :] if c.kind in ("verb", "op") and c.verb), ""
            )
            out.append(with_verb(verb, clause.span, clause.phrase) if verb else clause)
        elif clause.kind == "verb":
            borrowed = next((c.span for c in reversed(out) if c.kind == "span"), None)
            if borrowed is not None:
                out = [c for c in out if c.kind != "span"]
                out.append(with_verb(clause.verb, borrowed, clause.phrase))
            elif any(c.kind == "span" for c in clauses[i + 1 :]):
                out.append(Clause("none", verb=clause.verb))
            else:
                out.append(clause)
        else:
            out.append(clause)
    return [c for c in out if c.kind != "none"]

"""The clause grammar of the local agent: one clause ("cut the first 2 seconds") → one meaning.

A message is split into clauses (commas, "and", "then", "but", 然后, 再 ...);
each clause is read on its own (negation, a declined feature, a volume, a
time span, a verb), then a clause without a verb takes its neighbour's
("cut the first 2 seconds and the last 2 seconds"), and a verb without a span
takes its neighbour's span ("the first three seconds are boring, cut them").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Clause", "Span", "parse_all", "parse_time_ms"]

NUM = r"(?<![a-z0-9_.:])(\d+:\d{1,2}(?::\d{1,2})?(?:\.\d+)?|\d+(?:\.\d+)?)"
UNIT = r"\s*(milliseconds?|ms|seconds?|secs?|s|minutes?|mins?|min|m|秒钟|秒|分钟|分)?(?![a-z0-9])(?!\s*[%倍个段条次遍])"
T = NUM + UNIT
_UNIT_MS = {"ms": 1, "milli": 1, "min": 60000, "m": 60000, "分": 60000}

AUDIO = r"(?:\b(?:audio|sound|sounds|soundtrack|audio track)\b|音频|声音|音轨|原声|原音|声轨)"
VIDEO = r"(?:\b(?:video|picture|image|footage)\b|视频|画面)"
NEG = re.compile(
    r"\b(?:don'?t|do not|dont|never|no need to|not)\b|\b(?:without|stop|avoid|quit)\s+\w+ing\b|别|不要(?=\s*(?:删|去|剪|静|提|动|改|碰|导|把|mute))|不用|无需|先不"
)
WANT_NEG = re.compile(
    r"\b(?:don'?t|do not|dont|no longer)\s+(?:want|need|keep)\s+(?:the\s+|any\s+|this\s+|my\s+)?(?:audio|sound|video|picture)"
    r"|不(?:要|需要|想要)(?:有|带)?(?=\s*(?:声音|音频|视频|画面))"
)
CUT = r"(?:\b(?:trim|cut|remove|delete|drop|skip|lose|chop|get rid of|take off|take out|shorten|ditch|scrap|axe|snip|lop off|nuke|zap|trash|shave)\b|\btake\b(?=.*\b(?:off|out|away)\b)|剪掉|剪|删除|删掉|删|去掉|去除|裁掉|cut\s*掉)"
KEEP = r"(?:\b(?:keep|only|extract|export|download)\b|保留|只要|只留|留下|截取|截)"
MUTE = r"(?:\b(?:mute|silence|silent|no sound|no audio|muted)\b|静音|消音|无声)"
REMOVE = r"(?:\b(?:remove|delete|strip|drop|kill|erase|get rid of|take out|take away|turn off|lose|nuke|ditch|scrap|axe|zap|trash)\b|\btake (?:the |all (?:the )?)?(?:audio|sound) (?:out|off)\b|去掉|删除|去除|移除|删掉|删了|关掉|关闭|拿掉|消除|清除|除去|抹掉|remove)"
EXPORT_WORDS = re.compile(
    r"\b(?:export|download|render|send me)\b(?:\s+(?:it|this|the video|the file|now|please))*|导出|下载"
)


def parse_time_ms(number: str, unit: str | None) -> int:
    """``"1:45"`` → 105000; ``("10", "seconds")`` → 10000; ``("2", "min")`` → 120000."""
    if ":" in number:
        seconds = 0.0
        for part in number.split(":"):
            seconds = seconds * 60 + float(part)
        return round(seconds * 1000)
    unit = (unit or "s").lower()
    factor = 1000
    for prefix, value in _UNIT_MS.items():
        if unit.startswith(prefix):
            factor = value
            break
    return round(float(number) * factor)


@dataclass(frozen=True)
class Span:
    """A time span to resolve against the timeline: ``range`` (a, b), ``first``/``last``/``middle`` (a
    length), ``after``/``before`` (a time); ``at`` and ``bare`` are spans that say too little."""

    kind: str
    a: int
    b: int = 0

    def resolve(self, total: int) -> tuple[int, int]:
        if self.kind in ("half1", "half2"):
            return (0, total // 2) if self.kind == "half1" else (total // 2, total)
        if self.kind == "range":
            return min(self.a, self.b), max(self.a, self.b)
        if self.kind in ("first", "before"):
            return 0, self.a
        if self.kind == "last":
            return max(0, total - self.a), total
        if self.kind == "after":
            return self.a, total
        start = max(0, (total - self.a) // 2)
        return start, start + self.a


@dataclass
class Clause:
    """One clause read: ``kind`` is op, noop, ask, decline, export, verb (a verb, no span), span or none."""

    kind: str
    op: Any = None
    reason: str = ""
    suggestions: list[str] = field(default_factory=list)
    phrase: str = ""
    verb: str = ""
    span: Span | None = None
    #: A volume said without an amount ("it's too loud"): a clause that says the amount settles it.
    vague: bool = False


_SPAN_RULES: tuple[tuple[str, str], ...] = (
    ("half1", r"\b(?:first|1st|opening) half\b|前半(?:段|部分)?"),
    ("half2", r"\b(?:second|last|2nd|latter) half\b|后半(?:段|部分)?"),
    ("range", r"(?:from|between)?\s*" + T + r"\s*(?:to|until|till|through|and|-|–|—|到|至)\s*(?:第\s*)?" + T),
    ("middle", T + r"\s*(?:long\s+)?(?:clip|part|section|piece|bit|segment)?\s*(?:from|in|of)\s+the\s+middle"),
    ("middle", r"(?:\bmiddle|中间的?)\s*" + T),
    ("last", T + r"\s*(?:off|from|at)\s+the\s+end"),
    ("first", T + r"\s*(?:off|from|at)\s+the\s+(?:start|beginning)"),
    ("after", r"(?:\bafter|\bfrom|\bpast|\bsince|\bstarting at|\bstart(?:s)?(?: the video| it)? (?:at|from))\s+(?:the\s+)?" + T),
    ("after", T + r"\s*(?:之后|以后|后的|开始)"),
    ("after", r"从\s*(?:第\s*)?" + T + r"\s*开始"),
    ("before", r"(?:\bbefore|\buntil|\btill|\bup to|\bend(?:s)?(?: the video| it)? at)\s+(?:the\s+)?" + T),
    ("before", T + r"\s*(?:之前|以前)"),
    ("first", r"(?:\bfirst|\bopening|\bbeginning|\binitial|前面的?|前|开头的?|开始的?|(?<!镜)头)\s*(?:the\s+)?" + T),
    ("last", r"(?:\blast|\bfinal|\bending|最后面的?|最后的?|结尾的?|末尾的?|后面的?|后)\s*(?:the\s+)?" + T),
    ("first", r"(?:\b(?:shorten|trim|cut|make|reduce)\b(?:\s+(?:it|this|the video|the clip))?\s+(?:down\s+)?to|剪到|缩短到|剪成|缩短成|缩成)\s*" + T),
    ("first", r"\bmake (?:it|this|the video|the clip)\s+" + T),
    ("at", r"\bat\s+" + T),
    ("bare", T),
)  # fmt: skip
_SPANS = tuple((kind, re.compile(pattern)) for kind, pattern in _SPAN_RULES)


def find_span(text: str) -> Span | None:
    for kind, pattern in _SPANS:
        found = pattern.search(text)
        if found:
            groups = found.groups()
            if len(re.findall(T, text)) > (2 if kind == "range" else 1 if groups else 0):
                return Span("many", 0)  # more times than one span holds: never guess which is meant
            if not groups:
                return Span(kind, 0)
            a = parse_time_ms(groups[0], groups[1])
            b = parse_time_ms(groups[2], groups[3]) if kind == "range" else 0
            return Span(kind, a, b)
    return None


def _nth_second(found: re.Match[str]) -> str:
    return f"{int(found.group(1)) - 1}秒到{found.group(1)}秒"


_CUT_VERB = r"(?:cut|remove|delete|trim|drop|get rid of|lose|ditch|scrap|chop)"
#: Rewrites to the plain wording the clause rules read, applied in order before the split.
_REWRITES: tuple[tuple[str, Any], ...] = (
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
    (r"(?<![到至\d])第\s*(\d+)\s*秒(?!\s*(?:到|至|-|开始|之后|以后|后|起))", _nth_second),
    (T + r"\s*(?:off|from|at)\s+(?:both|each)\s+ends?", r"first \1\2 and last \1\2"),
    (r"(?:首尾|两头|两端)各?\s*" + T, r"前\1\2 和 最后\1\2"),
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
_QUOTE = re.compile(r"[\"“「『《‘]([^\"”」』》’]+)[\"”」』》’]|(?<![a-z])'([^']{1,80})'(?![a-z])", re.I)


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
        quotes = [q[0] or q[1] for q in _QUOTE.findall(original)]
        holder = iter(range(len(quotes)))
        text = _QUOTE.sub(lambda _m: f" ⟦{next(holder, 0)}⟧ ", text)
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
    span = dropped.op.args.get("span") if dropped.op is not None else None
    if number and isinstance(span, Span) and span.kind != "range":  # "make that 3": the same span, that long
        from nemo_widgets.local.intents import Op

        args = {**dropped.op.args, "span": Span(span.kind, parse_time_ms(*number.groups()))}
        return [*clauses, Clause("op", op=Op(dropped.op.name, args), phrase=later, verb=dropped.verb)]
    if fixed and fixed[0].kind == "span" and dropped.verb:
        from nemo_widgets.local.grammar import with_verb

        fixed[0] = with_verb(dropped.verb, fixed[0].span, fixed[0].phrase)
    return clauses + fixed


def _read(text: str, quotes: list[str], skill_source: str | None) -> list[Clause]:
    from nemo_widgets.local.grammar import read_clause

    parts = [p.strip() for p in _SPLIT.split(_prepare(text)) if p and p.strip()]
    return [read_clause(p, quotes, skill_source) for p in parts]


def read_parts(text: str, quotes: list[str], skill_source: str | None = None) -> list[tuple[str, str]]:
    """Each clause of ``text`` as prepared, with the kind the grammar reads it as (for the coverage check)."""
    from nemo_widgets.local.grammar import read_clause

    parts = [p.strip() for p in _SPLIT.split(_prepare(text)) if p and p.strip()]
    return [(p, read_clause(p, quotes, skill_source).kind) for p in parts]


def _join(clauses: list[Clause]) -> list[Clause]:
    """A verbless span takes the verb before it (or after it); a verb without a span takes a neighbour's."""
    from nemo_widgets.local.grammar import with_verb

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

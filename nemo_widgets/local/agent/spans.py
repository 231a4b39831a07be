"""Times and time spans in what people type: "1:45", "10 seconds", "the first 3 seconds", "从第5秒开始".

A leaf of the agent: :func:`parse_time_ms` reads one time, :func:`find_span`
the one span a clause names (or says there are too many to guess).
"""

from __future__ import annotations

import re

from nemo_widgets.local.agent.types import Span

__all__ = ["NOT_TIME", "NUM", "UNIT", "T", "find_span", "parse_time_ms"]

NUM = r"(?<![a-z0-9_.:])(\d+:\d{1,2}(?::\d{1,2})?(?:\.\d+)?|\d+(?:\.\d+)?)"
#: Counts that are not times: a number said with one of these is never read as seconds ("the first 10 frames").
NOT_TIME = (
    r"(?:[%倍个段条次遍帧拍张]|(?:frames?|fps|beats?|bars?|measures?|takes?|shots?|scenes?|times|x|px|pixels?"
    r"|percent|pct|kb|mb|gb|kbps|bpm|words?|lines?|steps?|db)\b)"
)
#: A unit of time, or none (then what follows must not be a count of something else: ``NOT_TIME``).
UNIT = (
    r"\s*(?:(milliseconds?|ms|seconds?|secs?|s|minutes?|mins?|min|m|hours?|hrs?|h|秒钟|秒|分钟|分|小时)(?![a-z0-9])"
    r"(?!\s*[%倍个段条次遍])|(?![a-z0-9])(?!\s*" + NOT_TIME + "))"
)
T = NUM + UNIT
_UNIT_MS = {"ms": 1, "milli": 1, "min": 60000, "m": 60000, "分": 60000, "h": 3600000, "小时": 3600000}


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

"""Times and time spans in what people type: "1:45", "10 seconds", "the first 3 seconds", "from 0:05 on".

Built on the languages' words: :func:`parse_time_ms` reads one time, :func:`find_span`
the one span a clause names (or says there are too many to guess).
"""

from __future__ import annotations

import re

from nemo_widgets.local.agent.languages import LANGUAGES, words
from nemo_widgets.local.agent.types import Span

__all__ = ["NUM", "SHARE", "UNIT", "T", "find_span", "parse_time_ms", "unit_ms"]

NUM = r"(?<![a-z0-9_.:])(\d+:\d{1,2}(?::\d{1,2})?(?:\.\d+)?|\d+(?:\.\d+)?)"
UNIT = r"\s*(" + words("time_units") + r")?(?![a-z0-9])(?!\s*" + words("not_a_time") + ")"
T = NUM + UNIT
_UNIT_MS: dict[str, int] = {prefix: ms for lang in LANGUAGES for prefix, ms in lang.UNIT_MS.items()}


def parse_time_ms(number: str, unit: str | None) -> int:
    """``"1:45"`` → 105000; ``("10", "seconds")`` → 10000; ``("2", "min")`` → 120000."""
    if ":" in number:
        seconds = 0.0
        for part in number.split(":"):
            seconds = seconds * 60 + float(part)
        return round(seconds * 1000)
    return round(float(number) * (unit_ms(unit or "s") or 1000))


def unit_ms(unit: str) -> int | None:
    """The length in ms of a time unit that is not seconds ("ms", "min", a language's own), else None."""
    unit = unit.lower()
    return next((value for prefix, value in _UNIT_MS.items() if unit.startswith(prefix)), None)


#: A share of the clip: "the first 20%", "the last 30%" (a fraction said as words is a percentage by then).
SHARE = r"(\d+(?:\.\d+)?)\s*%"

_SPAN_RULES: tuple[tuple[str, str], ...] = (
    # a length said as two ("the first 2-3 seconds"): which one is meant is asked
    ("unsure", "(?:" + words("first_word") + "|" + words("last_word") + r")\s*(?:the\s+)?" + T + r"\s*"
     + words("length_or") + r"\s*" + T),
    ("share_first", words("first_word") + r"\s*(?:the\s+)?" + SHARE),
    ("share_last", words("last_word") + r"\s*(?:the\s+)?" + SHARE),
    ("but_last", words("but_last") + r"\s*" + T),
    ("half1", words("half1")),
    ("half2", words("half2")),
    ("range", words("range_from") + r"?\s*" + T + r"\s*" + words("range_word") + r"\s*" + words("ordinal") + "?" + T),
    ("middle", T + words("middle_of")),
    ("middle", words("middle") + r"\s*" + T),
    ("last", T + words("off_end")),
    ("first", T + words("off_start")),
    ("after", words("after_time") + T),
    ("after", T + r"\s*" + words("after_word")),
    ("after", words("from_nth") + T + r"\s*" + words("start_word")),
    ("before", words("before_time") + T),
    ("before", T + r"\s*" + words("before_word")),
    ("first", words("first_word") + r"\s*(?:the\s+)?" + T),
    ("last", words("last_word") + r"\s*(?:the\s+)?" + T),
    ("first", words("trim_to") + r"\s*" + T),
    ("first", words("make_it") + T),
    ("at", words("at_time") + T),
    ("bare", T),
)  # fmt: skip
_SPANS = tuple((kind, re.compile(pattern)) for kind, pattern in _SPAN_RULES)


def find_span(text: str) -> Span | None:
    for kind, pattern in _SPANS:
        found = pattern.search(text)
        if found and kind.startswith("share"):  # in hundredths of a per cent of the clip
            share = round(float(found.group(1)) * 100)
            others = re.findall(T, text[: found.start()] + " " + text[found.end() :])
            return Span(kind, share) if 0 < share <= 10000 and not others else Span("many", 0)
        if found and kind == "unsure":
            return Span("many", 0)
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

"""Reading a title: its words (set aside as ``⟦n⟧`` by the structure stage), where it starts and how long it shows."""

from __future__ import annotations

import re

from nemo_widgets.local.agent.languages import merged, words
from nemo_widgets.local.agent.spans import T, find_span, parse_time_ms
from nemo_widgets.local.agent.types import Clause, Op

__all__ = ["read_title", "read_title_change"]

_TITLE = re.compile(words("title_word"))
_VERBS = re.compile("|".join(f"(?:{p})" for p in merged("TITLE_VERBS")))


_CHANGE = re.compile(words("title_change"))
_MOVE = re.compile(words("title_move"))


def read_title_change(text: str, quotes: list[str]) -> Clause | None:
    """``change_title`` when the clause gives the title already there other words ("change the title to 'X'") or
    another time ("move the title to 2 seconds", "… and show it 3 seconds"); what it does not say stays."""
    change, move = _CHANGE.search(text), _MOVE.search(text)
    if not (change or move):
        return None
    args: dict[str, object] = {}
    found = re.search(r"⟦(\d+)⟧", text)
    if change:
        if not found or int(found.group(1)) >= len(quotes):
            return None
        args["text"] = quotes[int(found.group(1))].strip()
    rest = re.sub(r"⟦\d+⟧", " ", text)
    length = re.search(words("title_for") + r"\s*" + T, rest)
    at = re.search(T, rest[move.end() :]) if move else None
    said: tuple[str, ...] = ()
    if at:
        args["start_ms"], said = parse_time_ms(*at.groups()), ("start",)
    if length:
        args["duration_ms"], said = parse_time_ms(*length.groups()), (*said, "duration")
    if move and not at:
        return None
    return Clause("op", op=Op("change_title", {**args, "_said": said}), phrase=text)


def read_title(text: str, quotes: list[str]) -> Clause | None:
    """``add_title`` when the clause names a title and holds its quoted words (``⟦n⟧``): when it starts
    ("at 2 seconds"), how long it shows ("for 4 seconds"), both ends ("from 1s to 3s"),
    or at the end."""
    found = re.search(r"⟦(\d+)⟧", text)
    if not found or not (_TITLE.search(text) or _VERBS.match(text)):
        return None
    rest = text.replace(found.group(0), " ")
    length = re.search(words("title_for") + r"\s*" + T, rest)
    start = re.search(words("title_at") + r"\s*" + T, rest)
    until = re.search(words("title_from") + r"?\s*" + T + r"\s*" + words("title_to") + r"\s*" + T, rest)
    if not (length or start or until) and find_span(rest) is None:  # "put 'X' on the video, 5 second": how long
        length = re.search(r"(?:^|[\s,])" + T + r"\s*$", rest)
    start_ms = parse_time_ms(*start.groups()) if start else 0
    duration = parse_time_ms(*length.groups()) if length else 3000
    if until:  # "from 1s to 3s": both ends said
        start_ms, end_ms = parse_time_ms(*until.groups()[:2]), parse_time_ms(*until.groups()[2:])
        duration = max(1, end_ms - start_ms)
    side = find_span(rest) if not (length or start or until) else None
    said = ("start",) * bool(start or until) + ("duration",) * bool(length or until)
    if side is not None and side.kind in ("first", "last"):  # "over the first 3 seconds": there, that long
        start_ms, duration, said = 0, side.a, ("duration",)
    return Clause(
        "op",
        op=Op(
            "add_title",
            {
                "text": quotes[int(found.group(1))].strip() if int(found.group(1)) < len(quotes) else "",
                "start_ms": start_ms,
                "duration_ms": duration,
                "at_end": bool(re.search(words("at_end"), rest)) or (side is not None and side.kind == "last"),
                # which times the message said (a default length never accounts for a number it said)
                "_said": said,
            },
        ),
        phrase=text,
    )

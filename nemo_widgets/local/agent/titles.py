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
_STAY = re.compile(words("title_stay"))
_WHOLE = re.compile(words("title_whole"))
_SHIFT = re.compile(words("title_shift"))
_EARLIER = re.compile(words("title_earlier"))
_LATER = re.compile(words("title_later"))


def read_title_change(text: str, quotes: list[str]) -> Clause | None:
    """``change_title`` when the clause gives the title already there other words ("change the title to 'X'") or
    another time ("move the title to 2 seconds", "… and show it 3 seconds", "make that title stay up for 5
    seconds", "keep the title up until 6 s"); what it does not say stays."""
    change, move, stay = _CHANGE.search(text), _MOVE.search(text), _STAY.search(text)
    shift = _SHIFT.search(text) if not (change or move or stay) else None
    if shift:  # "shift the title 1 second earlier": moved by that much from where it is
        return _shifted(text, shift)
    if not (change or move or stay):
        return None
    args: dict[str, object] = {}
    found = re.search(r"⟦(\d+)⟧", text)
    if change and not found and (stay or move):  # "change the title to stay until 6 s": its time, not its words
        change = None
    if change and not (found and int(found.group(1)) < len(quotes)):
        return None
    if found and int(found.group(1)) < len(quotes):  # "put the title at 3 s: 'Our Trip'": its words with its time
        args["text"] = quotes[int(found.group(1))].strip()
    rest = re.sub(r"⟦\d+⟧", " ", text)
    times = _changed_times(rest, move, stay)
    if times is None:
        return None
    args.update(times)
    said = ("start",) * ("start_ms" in times) + ("duration",) * ("duration_ms" in times or "end_ms" in times)
    return Clause("op", op=Op("change_title", {**args, "_said": said}), phrase=text)


def _shifted(text: str, shift: re.Match[str]) -> Clause | None:
    """ "Move the title 1 second earlier" (and its Chinese words): its start moved by the time said, its length kept."""
    rest = text[shift.end() :]
    amount = re.search(T, rest)
    earlier, later = _EARLIER.search(rest), _LATER.search(rest)
    if amount is None or bool(earlier) == bool(later):  # no amount, or no direction (or both): not read here
        return None
    moved = parse_time_ms(*amount.groups())
    op = Op("change_title", {"shift_ms": -moved if earlier else moved, "_said": ()})
    return Clause("op", op=op, phrase=text)


def _changed_times(rest: str, move: re.Match[str] | None, stay: re.Match[str] | None) -> dict[str, int] | None:
    """The times a change gives the title: a start, a length, both ends, or an end; None when a move or a
    stay says no time."""
    both = re.search(words("title_from") + r"?\s*" + T + r"\s*" + words("title_to") + r"\s*" + T, rest)
    if not both and _WHOLE.search(rest):  # "make the title stay for the whole video": from its start to its end
        return {"whole": 1}
    if both:  # "put it at 5 to 8 s": both ends
        start, end = parse_time_ms(*both.groups()[:2]), parse_time_ms(*both.groups()[2:])
        return {"start_ms": start, "duration_ms": max(1, end - start)}
    out: dict[str, int] = {}
    length = re.search(words("title_for") + r"\s*" + T, rest)
    # the time right after the move ("move the title to 2 seconds"), never a length said later ("… for 4 seconds")
    to = r"\s*(?:" + words("title_at") + r")?\s*(?:the\s+)?" + words("ordinal") + r"?\s*"  # "… to (at) 5 seconds"
    at = re.match(to + T, rest[move.end() :]) if move else None
    if at:
        out["start_ms"] = parse_time_ms(*at.groups())
    elif move:  # "move the title to the end", "… to the last 2 seconds": it ends with the video
        side = find_span(rest[move.end() :])
        if side is not None and side.kind == "last":
            out["duration_ms"], out["at_end"] = side.a, 1
        elif re.search(words("at_end"), rest[move.end() :]) or re.match(words("title_to_end"), rest[move.end() :]):
            out["at_end"] = 1
        elif re.match(words("title_to_start"), rest[move.end() :]):  # "move it to the start"
            out["start_ms"] = 0
    if not (move or stay) and re.search(words("at_end"), rest):  # its new words "… at the end": moved there too
        out["at_end"] = 1
    if stay and not length:
        until = re.search(words("title_until") + r"\s*" + T, rest[stay.end() :])
        if until:  # "stay until 6 s": its end
            out["end_ms"] = parse_time_ms(*until.groups())
        length = None if until else re.search(T, rest[stay.end() :])  # "make the title last 5 seconds"
    if length:
        out["duration_ms"] = parse_time_ms(*length.groups())
    if (move and not at and "at_end" not in out and "start_ms" not in out) or (stay and not out):
        return None
    return out


_ANOTHER = re.compile(words("another_title"), re.I)


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
                "whole": bool(_WHOLE.search(rest)),  # "for the whole clip": from its start to its end
                # "add another title": one more beside the one there (the engine shows one)
                "_another": bool(_ANOTHER.search(text)),
                # which times the message said (a default length never accounts for a number it said)
                "_said": said,
            },
        ),
        phrase=text,
    )

"""The agent's plain types: an operation (:class:`Op`), a time span (:class:`Span`), one clause read (:class:`Clause`).

A leaf: every module of the reader and the editor builds on these.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["Clause", "Op", "Outcome", "Said", "Span", "said"]

#: A sentence or a phrase not yet written: a template key (a language's ``REPLIES`` or ``PHRASES``) and its
#: fields. The rules say what to say; the message's language writes it.
Said = tuple[str, dict[str, Any]]


def said(key: str, **fields: Any) -> Said:
    """``said("cut_first", s=2000)``: the phrase ``cut_first`` with its fields (times in ms)."""
    return key, fields


@dataclass
class Op:
    """One tool call: ``remove_audio``, ``extract_audio``, ``trim``, ``mute_range``, ``set_volume``,
    ``restore_audio``, ``add_title`` or ``undo``, with its arguments (spans are resolved by the editor)."""

    name: str
    args: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Span:
    """A time span to resolve against the timeline: ``range`` (a, b), ``first``/``last``/``middle`` (a
    length), ``after``/``before`` (a time), ``but_last`` (all of it but the last ``a``), ``share_first``/
    ``share_last`` (a share of it, ``a`` in hundredths of a per cent); ``at`` and ``bare`` say too little."""

    kind: str
    a: int
    b: int = 0

    def resolve(self, total: int) -> tuple[int, int]:
        if self.kind in ("share_first", "share_last"):
            part = total * self.a // 10000
            return (0, part) if self.kind == "share_first" else (total - part, total)
        if self.kind == "but_last":
            return 0, max(0, total - self.a)
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
    op: Op | None = None
    #: why nothing is done: a reply template key (ask), a feature id (decline), a noun key (noop)
    reason: str = ""
    fields: dict[str, Any] = field(default_factory=dict)
    suggestions: list[Said] = field(default_factory=list)
    phrase: str = ""
    verb: str = ""
    span: Span | None = None
    #: A volume said without an amount ("it's too loud"): a clause that says the amount settles it.
    vague: bool = False
    #: A declined thing said as a problem, not asked for ("the wind is too loud"): beside a request
    #: that can be done, it is named in the reply and the request is done.
    problem: bool = False
    #: A loudness only complained of ("that's too loud!!", "\u8fd8\u662f\u592a\u5927\u58f0"): its step is done only
    #: when another clause asks for a change ("too loud, reduce a bit"); said alone, how loud is asked.
    complaint: bool = False


@dataclass
class Outcome:
    """What a message did (an edit, an undo or a redo): its tool calls ``(name, args, response)`` and the reply."""

    calls: list[tuple[str, dict[str, Any], dict[str, Any]]]
    plain: str
    gui: str
    changed: bool = True
    state_delta: dict[str, Any] = field(default_factory=dict)

"""What the reader makes of a message: a :class:`Plan`, and the two ways a plan is written back to the user.

Shared by the reading of a message alone (:mod:`~nemo_widgets.local.agent.intents`) and of a message read
after the step before it (:mod:`~nemo_widgets.local.agent.followups`), and applied by the editor.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from nemo_widgets.local.agent.languages import ENGLISH, Language
from nemo_widgets.local.agent.types import Clause, Op

__all__ = ["Kind", "Plan", "ask", "shown"]

Kind = Literal["edit", "noop", "ask", "confirm", "decline", "answer", "social", "help", "unknown"]


@dataclass
class Plan:
    """What a message asks for: ``ops`` when ``kind == "edit"``; else ``reason`` says why not."""

    kind: Kind
    ops: list[Op] = field(default_factory=list)
    reason: str = ""
    suggestions: list[str] = field(default_factory=list)
    #: what the message left alone, by noun key ("audio", "timeline")
    kept: list[str] = field(default_factory=list)
    #: The features of a first request declined before its fallback was done ("if you can't remove the wind noise…").
    declined: list[str] = field(default_factory=list)
    #: How ``declined`` came: "fallback" (the first request of a conditional, its fallback done) or "rest" (one
    #: part of a message declined, the other parts done: "cut the first 2 seconds and add a fade in").
    declined_how: Literal["fallback", "rest"] = "fallback"
    #: The file names the message says ("cut the first 2 seconds of intro.mov"): the edit is for the clip of
    #: that name, which the editor checks is the one on the timeline.
    files: list[str] = field(default_factory=list)
    #: The language the reply is written in (decided from the message at the structure stage).
    language: Language = ENGLISH
    #: When ``kind == "ask"``: the question's key in the replies ("amount_alone", …).
    asked: str = ""
    #: The clock the message's times are on when it said one: "source" (the clip as uploaded: "in the original
    #: clip's time") or "timeline" (as it is now). Unsaid, a time after an earlier cut that moved it is asked.
    clock: str = ""

    @property
    def is_edit(self) -> bool:
        return self.kind == "edit"

    @property
    def is_undo(self) -> bool:
        """The message asks for an undo and nothing else (an undo must be said on its own)."""
        return [op.name for op in self.ops] == ["undo"]

    @property
    def is_redo(self) -> bool:
        """The message asks for a redo and nothing else."""
        return [op.name for op in self.ops] == ["redo"]


def ask(lang: Language, clause: Clause) -> Plan:
    """Ask back: the clause's question and its phrasings, written in ``lang``."""
    reason = lang.say(clause.reason, **clause.fields)
    suggestions = [lang.write(s) for s in clause.suggestions]
    return Plan("ask", reason=reason, suggestions=suggestions, language=lang, asked=clause.reason)


def shown(plan: Plan, quotes: list[str]) -> Plan:
    """The plan's question and phrasings with the user's quoted words back in place of their ``⟦n⟧``."""

    def back(text: str) -> str:
        return re.sub(
            r"⟦(\d+)⟧", lambda m: f"“{quotes[int(m.group(1))]}”" if int(m.group(1)) < len(quotes) else "", text
        )

    plan.reason, plan.suggestions = back(plan.reason), [back(s) for s in plan.suggestions]
    return plan

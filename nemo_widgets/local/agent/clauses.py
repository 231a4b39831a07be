"""The clause grammar of the local agent: one clause ("cut the first 2 seconds") → one meaning.

A message is split into clauses (commas, "and", "then", "but" ..., each language's ``clause_break`` words);
each clause is read on its own (negation, a declined feature, a volume, a
time span, a verb), then a clause without a verb takes its neighbour's
("cut the first 2 seconds and the last 2 seconds"), and a verb without a span
takes its neighbour's span ("the first three seconds are boring, cut them").
"""

from __future__ import annotations

import re
from collections.abc import Callable

from nemo_widgets.local.agent.grammar import read_clause, with_verb
from nemo_widgets.local.agent.languages import LANGUAGES, words
from nemo_widgets.local.agent.spans import NUM, T, parse_time_ms
from nemo_widgets.local.agent.types import Clause, Op, Span
from nemo_widgets.local.agent.words import QUOTE, STOPS_CLASS

__all__ = ["parse_all"]


#: Rewrites to the plain wording the clause rules read, every language's (``SPAN_REWRITES``, where ``⟨T⟩``
#: stands for a time and ``⟨NUM⟩`` for a number), applied in order before the split.
_REWRITES: tuple[tuple[str, str | Callable[[re.Match[str]], str]], ...] = tuple(
    (pattern.replace("⟨T⟩", T).replace("⟨NUM⟩", NUM), replacement)
    for lang in LANGUAGES
    for pattern, replacement in lang.SPAN_REWRITES
)
_REWRITE_RES = tuple((re.compile(pattern), replacement) for pattern, replacement in _REWRITES)


def prepare(text: str) -> str:
    """The message with its set phrasings rewritten to the plain wording the clause rules read."""
    return _prepare(text)


def _prepare(text: str) -> str:
    for pattern, replacement in _REWRITE_RES:
        text = pattern.sub(replacement, text)
    return text


_SPLIT = re.compile(r"\s*(?:[,;!?]+|\.(?=\s|$)|" + words("clause_break") + r")\s*")


#: "no wait", "I mean": what follows replaces the clause said just before it.
_CORRECTION = re.compile(r"\s*" + words("correction") + r"\s*[:" + STOPS_CLASS + r"]?\s*")


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
    parts = [p.strip() for p in _SPLIT.split(_prepare(text)) if p and p.strip()]
    return [read_clause(p, quotes, skill_source) for p in parts]


def read_parts(text: str, quotes: list[str], skill_source: str | None = None) -> list[tuple[str, str]]:
    """Each clause of ``text`` as prepared, with the kind the grammar reads it as (for the coverage check)."""
    parts = [p.strip() for p in _SPLIT.split(_prepare(text)) if p and p.strip()]
    return [(p, read_clause(p, quotes, skill_source).kind) for p in parts]


def _join(clauses: list[Clause]) -> list[Clause]:
    """A verbless span takes the verb before it (or after it); a verb without a span takes a neighbour's."""
    out: list[Clause] = []
    for i, clause in enumerate(clauses):
        if clause.kind == "span":  # "the first and the last half second, cut both": the verb may come after
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

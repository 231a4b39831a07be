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
from typing import Any, cast

from nemo_widgets.local.agent.grammar import read_clause, with_verb
from nemo_widgets.local.agent.languages import LANGUAGES, merged, words
from nemo_widgets.local.agent.spans import NUM, T, find_span, parse_time_ms
from nemo_widgets.local.agent.titles import read_title, read_title_change
from nemo_widgets.local.agent.types import Clause, Op, Span
from nemo_widgets.local.agent.words import QUOTE, STOPS, STOPS_CLASS

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
    return [clause for _part, clause in _read_pairs(text, quotes, skill_source)]


def _read_pairs(text: str, quotes: list[str], skill_source: str | None) -> list[tuple[str, Clause]]:
    """Each clause of ``text`` as prepared, and what it reads as beside the clauses before it."""
    parts = [p.strip() for p in _SPLIT.split(_prepare(text)) if p and p.strip()]
    out: list[tuple[str, Clause]] = []
    for part in parts:
        clause = read_clause(part, quotes, skill_source)
        timed = _title_timing(out[-1], part, quotes) if out and clause.kind in ("span", "none", "ask") else None
        if timed is None and out:  # 'change the title to "Bye" and move it to the end': "it" is that title
            moved = _title_referred(out[-1][1], part, quotes, skill_source)
            if moved is not None:
                out.append((part, moved))
                continue
        if (
            timed is not None
        ):  # 'add the title "X", starting at 1 s, for 4 s': the title's times said in the clauses after it
            out[-1] = (f"{out[-1][0]} {part}", timed)
            continue
        if out and _words_for_the_timed(out[-1][1], clause):  # "put the title at 4 to 7 s, write 'Go'": one title
            before = out[-1][1].op
            assert before is not None and clause.op is not None
            words_said = Op("change_title", {**before.args, "text": clause.op.args["text"]})
            out[-1] = (f"{out[-1][0]} {part}", Clause("op", op=words_said, phrase=f"{out[-1][0]} {part}"))
            continue
        if clause.kind == "none" or (clause.kind == "ask" and out and _ELLIPSES_SAME.match(part.strip(" !" + STOPS))):
            clause = _elided(part, [c for _p, c in out], quotes, skill_source)
        out.append((part, clause))
    return out


def _words_for_the_timed(before: Clause, clause: Clause) -> bool:
    """Whether ``clause`` gives only a title's words (no time, no place) just after ``before`` gave a title's time
    without words: the two say one title."""
    if before.op is None or clause.op is None or before.op.name != "change_title" or clause.op.name != "add_title":
        return False
    args = clause.op.args
    timeless = not (args.get("_said") or args.get("at_end") or args.get("whole") or args.get("_another"))
    return timeless and bool(args.get("text")) and "text" not in before.op.args and "shift_ms" not in before.op.args


def _title_timing(before: tuple[str, Clause], part: str, quotes: list[str]) -> Clause | None:
    """The title read before with ``part`` said after it, when ``part`` says when it shows or how long; or a
    title announced before ("I'd like a title.") whose words come in ``part`` ("“Hello” for 2 seconds")."""
    phrase, clause = before
    if clause.kind == "none" and "⟦" in part and "⟦" not in phrase and _TITLE_NOUN.search(phrase):
        return read_title(f"{phrase} {part}", quotes)
    if clause.op is not None and clause.op.name == "change_title" and "text" in clause.op.args:
        # 'change the title to "X" and put it at the end': its new words, then where it goes
        moved = read_title_change(f"{phrase} {part}", quotes)
        return moved if moved is not None and moved.op is not None and moved.op.args != clause.op.args else None
    if clause.op is None or clause.op.name != "add_title":
        return None
    again = read_title(f"{phrase} {part}", quotes)
    if again is None or again.op is None or again.op.args == clause.op.args:
        return None
    return again


_TITLE_PRONOUN = re.compile(words("title_pronoun"), re.I)


def _title_referred(before: Clause, part: str, quotes: list[str], skill_source: str | None) -> Clause | None:
    """A clause after a title's own that moves or retimes "it" ("… and move it to the end"): read with "it" as the
    title (in each language's word for it); kept only when it reads as a change of the title."""
    if before.op is None or before.op.name not in ("add_title", "change_title"):
        return None
    if not _TITLE_PRONOUN.search(part) or _TITLE_NOUN.search(part):
        return None
    for lang in LANGUAGES:
        said = _TITLE_PRONOUN.sub(f" {lang.TITLE_SAID} ", part, count=1)
        clause = read_clause(said, quotes, skill_source)
        if clause.op is not None and clause.op.name == "change_title":
            return clause
    return None


def read_parts(text: str, quotes: list[str], skill_source: str | None = None) -> list[tuple[str, str]]:
    """Each clause of ``text`` as prepared, with the kind the grammar reads it as (for the coverage check)."""
    return [
        (part, "problem" if clause.problem and clause.kind == "ask" else clause.kind)
        for part, clause in _read_pairs(text, quotes, skill_source)
    ]


_TITLE_NOUN = re.compile(words("title_noun"))
#: An amount said alone after a volume request ("double please", "like 50%")
_AMOUNT = re.compile(r"\d|" + "|".join(words(k) for k in ("double", "halve", "to_half", "times_louder", "half_said")))
_HALF = re.compile(words("half_said"))
_POINTS_BACK = re.compile(words("points_back"))
#: A part said as "that part" with its times ("from 5 to 7 s, that part has swearing; take the sound off"): the
#: sound taken off is that part's
_THAT_PART = re.compile(words("that_part"))
_ELLIPSES = tuple((str(kind), re.compile(str(pattern))) for kind, pattern in cast(Any, merged("ELLIPSES")))
_ELLIPSES_SAME = re.compile("|".join(f"(?:{p.pattern})" for kind, p in _ELLIPSES if kind == "same") or "(?!)")
_OBJECT = re.compile("|".join(f"(?:{p})" for p in merged("OBJECTS")))


def _elided(part: str, before: list[Clause], quotes: list[str], skill_source: str | None) -> Clause:
    """A clause that says only what changes from the one before it, read with that one's other words:
    "Remove the last second. Also the first." (the same edit and length at the other end), "remove the
    title and the audio" (the same verb on another thing)."""
    said = part.strip(" !" + STOPS)
    last = next((c for c in reversed(before) if c.kind == "op" and c.op is not None), None)
    if last is None or last.op is None:
        return Clause("none", phrase=part)
    if last.op.name == "set_volume" and _AMOUNT.search(said):  # "put more volume? … double please": the amount
        amount = read_clause(f"{last.phrase} {said}", quotes, skill_source)
        if amount.op is not None and amount.op.args != last.op.args and not amount.vague:
            return amount
        if _HALF.search(said) and not re.search(r"\d", said):  # "make more small, half is good": to half
            return Clause("op", op=Op("set_volume", {"target": "audio", "volume": 0.5}), phrase=part, verb=last.verb)
    thing = _OBJECT.fullmatch(said)
    named = _OBJECT.search(last.phrase) if thing else None
    if thing and named:
        again = read_clause(f"{last.phrase[: named.start()]}{said}{last.phrase[named.end() :]}", quotes, skill_source)
        return again if again.kind == "op" else Clause("none", phrase=part)
    side = next((kind for kind, pattern in _ELLIPSES if pattern.match(said)), None)
    span = last.op.args.get("span")
    verb = "mute" if last.op.name == "mute_range" else str(last.op.args.get("mode", ""))
    if side is None or not isinstance(span, Span) or not verb:
        return Clause("none", phrase=part)
    said_span = find_span(said)
    if side == "span":  # "and again for 6 to 7": the edit before, on the span said
        return with_verb(verb, said_span, part) if said_span is not None else Clause("none", phrase=part)
    if span.kind not in ("first", "last"):
        return Clause("none", phrase=part)
    if side == "other":  # "now the other end": the same edit and length at the end not named before
        side = "last" if span.kind == "first" else "first"
    length = said_span.a if said_span is not None and said_span.kind not in ("many", "range") else span.a
    again = with_verb(verb, Span(span.kind if side == "same" else side, length), part)
    if side == "same" and again.op is not None:  # "2 more seconds" after "cut the last 2 seconds": a second cut
        again.op.args["again"] = True
    return again


_SOUND = re.compile(words("audio"))
_PICTURE = re.compile(words("video"))


def _verb_on_sound(clause: Clause) -> str:
    """A cut said of the sound ("…, could you take that sound away?") is a mute of that part."""
    named = _SOUND.search(clause.phrase) and not _PICTURE.search(clause.phrase)
    return "mute" if clause.verb == "cut" and named else clause.verb


_DESCRIBES = re.compile(words("describes"))


def _spanned(clause: Clause) -> bool:
    """An operation said with a part of its own ("cut the first 3 seconds")."""
    return clause.op is not None and isinstance(clause.op.args.get("span"), Span)


def _join(clauses: list[Clause]) -> list[Clause]:
    """A verbless span takes the verb before it (or after it); a verb without a span takes a neighbour's."""
    out: list[Clause] = []
    for i, clause in enumerate(clauses):
        if clause.kind == "span":  # "the first and the last half second, cut both": the verb may come after
            # (a span described, "the first 2 seconds are shaky", never takes the verb of a request after it with a
            # part of its own, "cut the first 3 seconds": the problem is told, then one cut asked)
            told = _DESCRIBES.search(clause.phrase) is not None
            # nor the verb of a request before it with a part of its own ("delete the first half, the second half is
            # what matters")
            verb = next((c.verb for c in reversed(out) if c.verb and not (told and _spanned(c))), "") or next(
                (
                    _verb_on_sound(c)
                    for c in clauses[i + 1 :]
                    if c.kind in ("verb", "op") and c.verb and not (told and _spanned(c))
                ),
                "",
            )
            out.append(with_verb(verb, clause.span, clause.phrase) if verb else clause)
        elif (
            clause.kind == "op"
            and clause.op is not None
            and clause.op.name == "remove_audio"
            and (
                _POINTS_BACK.search(clause.phrase) or any(c.kind == "span" and _THAT_PART.search(c.phrase) for c in out)
            )
            and any(c.kind == "span" for c in out)
        ):  # "only the audio of the last second — mute it": "it" is that part
            borrowed = next(c.span for c in reversed(out) if c.kind == "span")
            out = [c for c in out if c.kind != "span"]
            out.append(with_verb("mute", borrowed, clause.phrase))
        elif clause.kind == "verb":
            # the part said before: a span, or one a stated problem names ("it's really loud between 3 and 5")
            borrowed = next((c.span for c in reversed(out) if c.kind == "span" or (c.problem and c.span)), None)
            if borrowed is not None:
                out = [c for c in out if c.kind != "span"]
                out.append(with_verb(_verb_on_sound(clause), borrowed, clause.phrase))
            elif any(c.kind == "span" for c in clauses[i + 1 :]):
                out.append(Clause("none", verb=clause.verb))
            else:
                out.append(clause)
        else:
            out.append(clause)
    return [c for c in out if c.kind != "none"]

"""The last stage of the reader: a message read after the step before it.

Every message is first read alone (:mod:`~nemo_widgets.local.agent.intents`). Some only mean something after
the session's last step: "put it back", "actually just 2", "no, down 20%", "the same at the end", "a bit more",
"make it stay for 5 seconds" after a title was added. This module holds those rules. Each one reads the
languages' data (``words(...)``, ``merged(...)``); none branches on a language.

They run in two places, in a fixed order:

1. Before the message is read (:func:`rewritten`): "put it back" is answered at once (a redo after an undo,
   else an undo); the words that set the edit before aside ("… instead of cutting them") are taken out; "the
   same at the end" is replaced by the edit before, said at the other end.
2. After it was read alone (:func:`after`): the rules of :data:`RULES`, in order; the first that answers
   decides. When none does, the message read alone stands.

The reader of a message alone is passed in (:data:`Reader`), so this stage never imports the one that calls it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import cast

from nemo_widgets.local.agent.canonical import borrowed, canonical
from nemo_widgets.local.agent.coverage import phrase_of, unread
from nemo_widgets.local.agent.languages import Language, merged, words
from nemo_widgets.local.agent.plan import Plan, ask, shown
from nemo_widgets.local.agent.structure import Structured, structure, to_simplified
from nemo_widgets.local.agent.types import Clause, Op, Span
from nemo_widgets.local.agent.wording import normalise
from nemo_widgets.local.agent.words import STOPS

__all__ = ["CORRECTING", "RULES", "Reader", "Rewritten", "Turn", "after", "rewritten"]

#: The reader of a message alone: (the message, its shape, the X-Skill-Source) → its plan.
Reader = Callable[[str, Structured, str | None], Plan]

#: A message that starts by correcting the one before ("sorry, I meant 3 to 5").
CORRECTING = re.compile(
    # (each correction's own "^" dropped: this pattern is anchored already, and a pause may come first: "hmm actually …")
    r"^\s*(?:"
    + words("pause")
    + r")?[\s,]*(?:"
    + "|".join(f"(?:{str(p).removeprefix('^')})" for p in merged("CORRECTIONS"))
    + ")"
)
_AGAIN = re.compile(words("again"))
_OTHER_END = re.compile(words("other_end"))
_MORE = re.compile(words("more_again"))
_SWAP = re.compile(words("swap_again"))
#: "… instead of cutting them": the edit said replaces the one before (when there is one).
_REPLACING = re.compile(words("instead_of_edit"), re.I)
_INSTEAD_VALUE = re.compile(words("instead_of_value"), re.I)
_A_RANGE = re.compile(r"(\d+(?:\.\d+)?)\s*\S{0,7}?\s*" + words("range_to") + r"\s*(\d+(?:\.\d+)?)", re.I)


def _inside(left_out: list[tuple[str, str]], said: list[tuple[str, str]]) -> bool:
    """Whether the range set aside lies inside the range said before it ("2 to 5 … but not 3 to 4"), where "3 to 5
    rather than 2 to 5" replaces it."""
    if not left_out or not said:
        return False
    (c, d), (a, b) = left_out[0], said[-1]
    return float(a) < float(c) < float(d) < float(b)


#: After a title was added or changed: "it" is that title ("make it stay for 5 seconds"), and new words said
#: alone are its new words ('typo, should be "Trip to Roma"').
_TITLE_PRONOUN = re.compile(words("title_pronoun"), re.I)
_TITLE_SHOULD = re.compile(words("title_should"), re.I)
_TITLE_OPS = ("add_title", "change_title")
_TITLE_NOUN = re.compile(words("title_noun"))
_TITLE_TIME_VERB = re.compile(words("title_time_verb"), re.I)
_TITLE_KEPT = re.compile(words("title_kept"), re.I)
#: The verbs of an edit, said: a correction without one ("no wait, only the first 3 seconds") keeps the verb before
#: (no letter of a spaced script on either side: a Chinese verb has Chinese characters around it)
_EDIT_VERB = re.compile(r"(?<![a-z])(?:" + "|".join(str(v) for v in merged("EDIT_VERBS")) + r"|keep)(?![a-z])", re.I)
#: "the same at the end" beside other requests: the edit before, done at the other end of the clip
_SAME_OTHER_END = re.compile(words("same_other_end"), re.I)
#: "actually just …" after an edit: the edit said replaces the one before
_REPLACES = re.compile(words("replaces_previous"), re.I)
_INSTEAD_TAIL = re.compile(words("instead_tail"), re.I)
_BARE_VALUE = re.compile(words("bare_value"), re.I)
#: "put it back": after an undo, what it took back comes back (a redo); else the edit before is undone
_PUT_BACK = re.compile(words("put_back"), re.I)
#: "change the cut to 3 seconds" (and its Chinese words): the named edit said again with another value
_CHANGE_NAMED = re.compile(words("change_named"), re.I)
#: "no, down 20%" (and its Chinese words): the edit before was wrong; an edit of the same kind replaces it
_WRONG_THEN = re.compile(words("wrong_then"), re.I)
_OVERDONE = re.compile(words("overdone"), re.I)
#: An undo that names what it takes back ("undo the volume change but keep the cut"): the kinds of edit each
#: language's ``EDIT_KINDS`` names, and where what is kept starts (``undo_keeps``).
_KINDS = tuple(
    (re.compile(str(kind[0]), re.I), frozenset(str(n) for n in kind[1]))
    for kind in cast(tuple[tuple[str, tuple[str, ...]], ...], merged("EDIT_KINDS"))
)
_UNDO_KEEPS = re.compile(words("undo_keeps"), re.I)
#: An undo that names an earlier step by its order ("undo the first cut"): not the last one
_UNDO_EARLIER = re.compile(words("undo_earlier"), re.I)
#: "hmm actually …" (and each language's words for it): the message thinks again about the step before
_SECOND_THOUGHT = re.compile(words("second_thought"), re.I)
_UNDO = Op("undo", {})
#: Which clock the message's times are on, said ("in the original clip's time", and its Chinese words): see ``Plan.clock``.
_CLOCKS = (("source", re.compile(words("clock_source"), re.I)), ("timeline", re.compile(words("clock_timeline"), re.I)))


@dataclass
class Rewritten:
    """A message after the rewrites made before it is read."""

    #: what is read: the message without the words that set an edit aside, "the same at the end" said out
    text: str
    #: the message as typed, in simplified characters: what the rules after the reading look in
    simple: str
    #: the message set the edit before aside ("instead of cutting them")
    instead: bool
    #: the answer, when the message needs no reading ("put it back")
    answer: Plan | None = None
    #: the clock its times are on, when it says one ("source", "timeline"); the words that said it are taken out
    clock: str = ""


def rewritten(message: str, previous: list[Op], undone: bool, language: str) -> Rewritten:
    """``message`` ready to be read, given the session's last edits (``previous``) and whether its last step was
    an undo (``undone``); ``language`` is the session's."""
    simple = to_simplified(message)
    if _PUT_BACK.fullmatch(message):  # "nvm put it back": what the last step changed comes back
        back = Plan("edit", ops=[Op("redo" if undone else "undo", {})], language=structure(message, language).language)
        return Rewritten(message, simple, False, back)
    # "mute the first 3 seconds instead of cutting them", "cut 3 instead of 2": what is set aside goes; after an
    # edit, it is that edit the message corrects (looked for in simplified characters, as every rule reads Chinese)
    text, clock = message, ""
    for name, said_clock in _CLOCKS:  # "mute 6-7 s of the original clip": the clock said, then read without it
        found = said_clock.search(text) or said_clock.search(simple)  # (Chinese words in simplified characters)
        if found:
            # cut from the message as typed when its simplified form has the same length (the reply keeps its script)
            typed = text if said_clock.search(text) or len(simple) == len(text) else simple
            text, clock = f"{typed[: found.start()]} {typed[found.end() :]}".strip(), name
            simple = to_simplified(text)
            break
    instead = None
    # (also with the borrowed words said in the language: "not last" in a Chinese sentence)
    for looked in (simple, borrowed(simple)):
        instead = _REPLACING.search(looked) or _INSTEAD_VALUE.search(looked)
        if instead and _inside(_A_RANGE.findall(instead.group(0)), _A_RANGE.findall(looked[: instead.start()])):
            instead = None  # "mute from 2 to 5 s but not 3 to 4": a part left out of the edit's, read by the planner
        if instead:
            typed = text if looked is simple and len(simple) == len(text) else looked
            text = (typed[: instead.start()] + typed[instead.end() :]).strip()
            break
    if previous and _SAME_OTHER_END.search(simple) and _other_end(previous):
        lang_said = structure(text, language).language  # "now the same at the end, and mute the last second"
        typed = text if len(simple) == len(text) else simple
        same = _SAME_OTHER_END.search(typed)
        if same:
            text = f"{typed[: same.start()]} {phrase_of(_other_end(previous), lang_said)} {typed[same.end() :]}".strip()
    return Rewritten(text, simple, bool(instead), clock=clock)


@dataclass
class Turn:
    """A message read alone, and what the session remembers of the step before it."""

    said: Rewritten
    shaped: Structured
    #: the message read alone
    plan: Plan
    #: the last message's edits (never empty here)
    previous: list[Op]
    skill_source: str | None
    #: the session's language
    language: str
    read: Reader

    @property
    def lang(self) -> Language:
        return self.shaped.language

    @property
    def simple(self) -> str:
        return self.said.simple

    @property
    def said_now(self) -> str:
        """The message as the rewrites said it, without its end stops."""
        return canonical(normalise(self.shaped.text)).text.strip(" !" + STOPS)

    @property
    def same_kind(self) -> bool:
        """The message read alone makes the same kinds of edit as the step before."""
        return self.plan.is_edit and {op.name for op in self.plan.ops} == {op.name for op in self.previous}


#: Questions back that no edit before can answer.
_SETTLED_ASKS = frozenset({"described_part", "more_of_edit"})


def after(turn: Turn) -> Plan:
    """The plan of a message that follows an edit: the first rule's answer, else the message read alone."""
    if turn.plan.asked in _SETTLED_ASKS:  # a part only hearing the clip finds: asked whatever came before
        return turn.plan
    for rule in RULES:
        answer = rule(turn)
        if answer is not None:
            return answer
    return turn.plan


def _change_named(turn: Turn) -> Plan | None:
    """ "change the cut to 3 seconds": a correction of that edit when it was the last one; else only the last
    step can be changed, said."""
    simple = turn.simple
    named = _CHANGE_NAMED.search(simple)
    if not named:
        return None
    kinds, last = _kinds(named.group(0)), frozenset(op.name for op in turn.previous)
    if kinds and not kinds & last:
        said = phrase_of(turn.previous, turn.lang)
        return Plan("confirm", reason=turn.lang.say("undo_not_last", last=said), language=turn.lang)
    value = simple[named.end() :].strip()
    return _referring(turn, value, correcting=True) if value else None


def _wrong_then(turn: Turn) -> Plan | None:
    """ "no, down 20%", "you cut off the punchline, only the last 2 seconds should go": the edit before was wrong;
    one of the same kind said now replaces it."""
    wrong = _WRONG_THEN.search(turn.simple) or _OVERDONE.search(turn.simple)  # or "you cut off the punchline"
    if wrong and turn.same_kind and not turn.plan.is_undo:
        turn.plan.ops = [_UNDO, *turn.plan.ops]
        return turn.plan
    return None


def _verbless_correction(turn: Turn) -> Plan | None:
    """ "no wait, only the first 3": a correction without a verb keeps the verb of the edit before."""
    if (
        _REPLACES.search(turn.simple)
        and CORRECTING.match(normalise(turn.said.text))
        and not _EDIT_VERB.search(turn.simple)
    ):
        return _referring(turn, turn.said.text)
    return None


def _replaces(turn: Turn) -> Plan | None:
    """ "actually just mute 0 to 5", "… instead of cutting them": this edit instead of the one before. Without a
    verb of its own and of another kind, which edit it corrects is asked."""
    plan = turn.plan
    replaces = _REPLACES.search(turn.simple) and not any(op.name in ("undo", "redo") for op in plan.ops)
    if replaces and plan.is_edit and not turn.same_kind and not _EDIT_VERB.search(turn.simple):
        return ask(turn.lang, Clause("ask", reason="correction_unclear"))
    tail = _INSTEAD_TAIL.search(turn.simple) and turn.same_kind and all(op.name == "trim" for op in plan.ops)
    if (turn.said.instead or replaces or tail) and plan.is_edit:
        if all(op.name == "change_title" for op in plan.ops):  # "… for 5 seconds instead of 3": a change replaces
            return plan  # by itself (an undo first would take away the title it changes)
        if plan.ops[:1] != [_UNDO]:  # "undo that and mute just 0 to 2 instead": the undo said once is enough
            plan.ops = [_UNDO, *plan.ops]
        return plan
    return None


def _undo_of_another(turn: Turn) -> Plan | None:
    """An undo of one step that keeps something ("undo that but keep the mute": what is kept is a condition on
    the undo, not one more edit), or that names an edit the last step did not make."""
    plan, simple = turn.plan, turn.simple
    keeps = _UNDO_KEEPS.search(simple)
    if keeps and plan.ops[:1] == [_UNDO]:
        head = simple[: keeps.start()]
        alone = turn.read(head, structure(head, turn.language), turn.skill_source)
        if alone.is_undo:
            alone.language = turn.lang
            plan = alone
    if plan.is_undo and plan.ops[0].args.get("steps", 1) == 1 and _UNDO_EARLIER.search(simple):
        # "undo the first cut, not the second": an earlier step than the last, which one undo can't take back alone
        said = phrase_of(turn.previous, turn.lang)
        return Plan("confirm", reason=turn.lang.say("undo_not_last", last=said), language=turn.lang)
    if plan.is_undo and plan.ops[0].args.get("steps", 1) == 1:
        read_now = canonical(normalise(turn.shaped.text)).text  # the kinds said, also as the rewrites said them
        other = _undo_names_another((simple, read_now), turn.previous, plan.language)
        if other is not None:  # "undo the volume change" when the last edit was a cut: only the last goes back
            return other
    return plan if plan is not turn.plan else None


def _again(turn: Turn) -> Plan | None:
    """ "do it again", said in any language: the edit before once more (a range cut is asked: what is there now
    is other footage)."""
    parts = [p.strip() for p in re.split(r"[,;" + STOPS + "]", turn.said_now) if p.strip()]
    if not parts or not all(_AGAIN.fullmatch(p) for p in parts):
        return None
    previous, lang = turn.previous, turn.lang
    if any(
        op.name == "trim" and isinstance(op.args.get("span"), Span) and op.args["span"].kind == "range"
        for op in previous
    ):
        again = phrase_of(previous, lang)
        return Plan("confirm", reason=lang.say("again_range", again=again), suggestions=[again], language=lang)
    return Plan("edit", ops=[Op(op.name, {**op.args, "again": True}) for op in previous], language=lang)


def _more(turn: Turn) -> Plan | None:
    """ "a bit more" after "a bit quieter": the same step again."""
    if all(op.name == "set_volume" and "factor" in op.args for op in turn.previous) and _MORE.fullmatch(turn.said_now):
        return Plan("edit", ops=list(turn.previous), language=turn.lang)
    return None


def _the_other_end(turn: Turn) -> Plan | None:
    """ "no, the other end": the edit before undone, done at the other end."""
    swapped = _other_end(turn.previous) if _OTHER_END.fullmatch(turn.said_now) else []
    return Plan("edit", ops=[_UNDO, *swapped], language=turn.lang) if swapped else None


def _swap(turn: Turn) -> Plan | None:
    """ "undo that and instead mute it": the edit before, with this verb on its part."""
    swap = _SWAP.fullmatch(turn.said_now)
    return _referring(turn, swap.group(1), correcting=True) if swap else None


def _title_referred(turn: Turn) -> Plan | None:
    """After a title: the message read with "it" as that title; kept only when all it does is change or remove
    the title ("make it stay for 5 seconds", 'typo, should be "Trip to Roma"')."""
    simple = turn.simple
    timed = _TITLE_TIME_VERB.search(simple) and _TITLE_PRONOUN.search(simple) and not _TITLE_NOUN.search(simple)
    if not (turn.plan.kind in ("unknown", "ask", "confirm") or timed):
        return None
    if not any(op.name in _TITLE_OPS for op in turn.previous):
        return None
    message, data = turn.said.text, turn.lang.data
    said = _TITLE_SHOULD.sub(f" {data.TITLE_CHANGE_SAID} ", message, count=1)
    for count in (1, 0):  # the first "it" the title, else every one ("start it at 1 s and keep it up till 4")
        titled = _TITLE_PRONOUN.sub(f" {data.TITLE_SAID} ", said, count=count)
        if titled == message:
            return None
        shaped = structure(titled, turn.lang.name)
        plan = shown(turn.read(titled, shaped, turn.skill_source), shaped.quotes)
        # (a title's words said without the verb read as a title added: over the one there, its words changed)
        if plan.is_edit and all(op.name in ("add_title", "change_title", "remove_title") for op in plan.ops):
            plan.language = turn.lang
            return plan
    return None


def _said_after(turn: Turn) -> Plan | None:
    """ "one more second", "I meant 3 to 5", "not that much, just 2": a message not read alone (or taken back),
    read after the edit before. An amount alone after a volume change ("make it 80%") is that change's level."""
    plan = turn.plan
    taken_back = plan.kind == "noop" and CORRECTING.match(normalise(turn.said.text))
    if not (plan.kind in ("unknown", "ask", "confirm") or taken_back):
        return None
    amount = plan.asked == "amount_alone" and all(op.name == "set_volume" for op in turn.previous)
    bare = _BARE_VALUE.match(normalise(turn.simple)) if len(turn.previous) == 1 else None
    value = next((g for g in bare.groups() if g), "") if bare else ""
    if re.fullmatch(r"\s*\d+(?:\.\d+)?\s*[.!]*\s*", turn.simple):
        value = ""  # a number said alone: what it is for is asked
    level = turn.previous[0].name == "set_volume"
    # "make it 3 instead", "no, 70%": the one amount of the edit before, said again (a level said as a number
    # under 10 with no unit is no level anyone means: not read so)
    if value and (not level or "%" in value or float(re.sub(r"[^\d.]", "", value)) >= 10):
        return _referring(turn, value, correcting=True)
    read = _referring(turn, turn.said.text, correcting=turn.said.instead or amount)
    wrong = _WRONG_THEN.search(turn.simple) or _OVERDONE.search(turn.simple)
    if read is not None and wrong and read.ops[:1] != [_UNDO] and _kinds_of(read.ops) == _kinds_of(turn.previous):
        read.ops = [_UNDO, *read.ops]  # "switch it, I want the second half": the edit before was the wrong one
    return read


def _kinds_of(ops: list[Op]) -> set[str]:
    return {op.name for op in ops}


#: What an edit takes away, by the noun a message keeps ("keep the sound"): see ``_keeps_what_it_took``.
_TAKES = {"remove_audio": "audio", "mute_range": "audio", "trim": "timeline"}


def _keeps_what_it_took(turn: Turn) -> Plan | None:
    """ "hmm actually keep the sound, just make it quieter" after the sound was removed: a second thought that
    keeps what the edit before took away undoes that edit, then does the rest."""
    plan = turn.plan
    taken = {_TAKES.get(op.name) for op in turn.previous}
    if plan.kind not in ("edit", "noop") or not _SECOND_THOUGHT.search(turn.simple) or not taken & set(plan.kept):
        return None
    return Plan("edit", ops=[_UNDO, *plan.ops], kept=plan.kept, language=turn.lang)


def _needs_what_it_took(turn: Turn) -> Plan | None:
    """ "actually I want just the audio" right after the sound was removed: keeping only the sound needs the sound
    the edit before took away, so that edit is undone first."""
    plan = turn.plan
    if (
        [op.name for op in turn.previous] != ["remove_audio"]
        or not plan.is_edit
        or not _SECOND_THOUGHT.search(turn.simple)
    ):
        return None  # (said plainly, "extract the audio" after it is answered: there is no sound left)
    if not any(op.name == "extract_audio" for op in plan.ops) or plan.ops[:1] == [_UNDO]:
        return None
    plan.ops = [_UNDO, *plan.ops]
    return plan


#: The rules after the reading, in the order they are tried.
RULES: tuple[Callable[[Turn], Plan | None], ...] = (
    _change_named,
    _wrong_then,
    _title_referred,
    _verbless_correction,
    _replaces,
    _keeps_what_it_took,
    _needs_what_it_took,
    _undo_of_another,
    _again,
    _more,
    _the_other_end,
    _swap,
    _said_after,
)


def _referring(turn: Turn, message: str, correcting: bool = False) -> Plan | None:
    """A message that only makes sense after the edit before it, read after that edit said again: a correction
    of it ("sorry I meant 3 to 5": that edit undone, the corrected one done) or a part of it said again
    ("do the same for the end", "one more second": the new edit only)."""
    previous, lang = turn.previous, turn.lang
    before = phrase_of(previous, lang)
    if correcting or CORRECTING.match(normalise(message)):
        said = f"{before}, {message}" if not correcting else f"{before}, {lang.data.CORRECTION_SAID} {message}"
        fixed = turn.read(said, structure(said, lang.name), turn.skill_source)
        if fixed.is_edit and fixed.ops != previous:
            fixed.ops, fixed.language = [_UNDO, *fixed.ops], lang
            return fixed
        return None
    together = f"{before}. {message}"
    joined = turn.read(together, structure(together, lang.name), turn.skill_source)
    if joined.is_edit and joined.ops[: len(previous)] == previous and len(joined.ops) > len(previous):
        added = joined.ops[len(previous) :]
        reread = canonical(normalise(structure(message, lang.name).text)).text
        # "… but keep the title": the title named is the one there, left alone
        kept = _TITLE_KEPT.search(to_simplified(message)) or _TITLE_KEPT.search(reread)
        left = [w for w in unread(reread, added) if not (kept and _TITLE_NOUN.fullmatch(w))]
        if all(op.name not in ("undo", "redo") for op in added) and left:
            return None  # "mute the bad part too": the part the new edit is for was not read, only the one before
        joined.ops, joined.language = added, lang
        return joined
    return None


def _kinds(text: str) -> frozenset[str]:
    """The operations the kinds of edit named in ``text`` could be."""
    return frozenset().union(*(names for pattern, names in _KINDS if pattern.search(text)))


def _undo_names_another(texts: tuple[str, ...], previous: list[Op], lang: Language) -> Plan | None:
    """An undo of one step that names an edit the last message did not make, or keeps one it made ("undo the
    volume change but keep the cut" after a cut): an undo takes back the whole last message, so nothing is
    done and the reply says what the last step was. ``texts``: the message as typed and as the rewrites said it."""
    named: frozenset[str] = frozenset()
    kept: frozenset[str] = frozenset()
    for text in texts:
        keeps = _UNDO_KEEPS.search(text)
        named |= _kinds(text[: keeps.start()] if keeps else text)
        kept |= _kinds(text[keeps.end() :]) if keeps else frozenset()
    last = frozenset(op.name for op in previous)
    if (named and not named & last) or (kept & last):
        return Plan("confirm", reason=lang.say("undo_not_last", last=phrase_of(previous, lang)), language=lang)
    return None


def _other_end(previous: list[Op]) -> list[Op]:
    """The edit before at the other end of the clip (each span said from one end), else none."""
    swapped = []
    for op in previous:
        span = op.args.get("span")
        if not isinstance(span, Span) or span.kind not in ("first", "last"):
            return []
        other = Span("last" if span.kind == "first" else "first", span.a, span.b)
        swapped.append(Op(op.name, {**op.args, "span": other}))
    return swapped

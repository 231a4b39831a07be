"""Understanding a chat message without a language model: rules over the text.

:func:`parse_message` turns a message into a :class:`Plan`: a list of
operations (:class:`Op`, each with its scope: the whole clip, a time span,
the audio) to apply in order, or why nothing will be done: a negation ("don't
remove the audio"), a question, a request this engine declines by name
("remove the background noise"), one that could mean two edits (then it asks),
or one it did not understand (then it suggests phrasings close to it).
The clause grammar lives in :mod:`nemo_widgets.local.agent.clauses`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal, cast

from nemo_widgets.local.agent.acts import corrected, fallback
from nemo_widgets.local.agent.canonical import canonical
from nemo_widgets.local.agent.clauses import parse_all, prepare, read_parts
from nemo_widgets.local.agent.coverage import is_context, phrase_of, unread
from nemo_widgets.local.agent.declines import BINDS_THE_SOUND, FEATURES, SOUND_OPS, decline_for
from nemo_widgets.local.agent.grammar import with_verb
from nemo_widgets.local.agent.languages import ENGLISH, Language, merged, words
from nemo_widgets.local.agent.structure import Structured, structure, to_simplified
from nemo_widgets.local.agent.types import Clause, Op, Said, Span, said
from nemo_widgets.local.agent.wording import normalise
from nemo_widgets.local.agent.words import STOPS
from nemo_widgets.protocol.constants import ACCEPTED_EXTENSIONS, AUDIO_EXPORT_FORMATS

__all__ = ["Op", "Plan", "parse_message"]

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


_SOCIAL = re.compile(words("social"))
#: A message that starts by correcting the one before ("sorry, I meant 3 to 5").
_CORRECTING = re.compile(
    # (each correction's own "^" dropped: this pattern is anchored already, and a pause may come first: "hmm actually …")
    r"^\s*(?:"
    + words("pause")
    + r")?[\s,]*(?:"
    + "|".join(f"(?:{str(p).removeprefix('^')})" for p in merged("CORRECTIONS"))
    + ")"
)
_HELP = re.compile(words("help"))
_AGAIN = re.compile(words("again"))
_OTHER_END = re.compile(words("other_end"))
_MORE = re.compile(words("more_again"))
_RESTATING = re.compile(words("restating"))
_POINTS_BACK = re.compile(words("points_back"))
_SWAP = re.compile(words("swap_again"))
#: "… instead of cutting them": the edit said replaces the one before (when there is one).
_REPLACING = re.compile(words("instead_of_edit"), re.I)
_INSTEAD_VALUE = re.compile(words("instead_of_value"), re.I)
#: A format said as what to make (not "my mp4"): two in one message make two files, which one export can't.
_TARGET_FORMAT = re.compile(
    r"(?<!my )(?<!this )(?<!the )(?<!from )(?<![a-z0-9])(mp4|mp3|wav|m4a|aac)(?![a-z0-9])", re.I
)
_QUESTION = re.compile(words("question"))
#: "… or only mute?" (each language's ``or_only``): a question about what can be done, never a request
_ONLY_THIS = re.compile(words("or_only"))
_KEEPS_A_VOICE = re.compile(words("keeps_a_voice"))
_TIMELINE = re.compile(words("timeline"))
_INVERTS = re.compile(words("inverts"))
#: A unit or a number the reader cannot take ("3 frames", "2,5"): no reading is offered to click either.
_NO_GUESS = re.compile(words("no_guess"))
#: "export mp3 and wav, both formats": two files asked for at once
_TWO_FILES = re.compile(words("two_files"))
#: After a title was added or changed: "it" is that title ("make it stay for 5 seconds"), and new words said
#: alone are its new words ('typo, should be "Trip to Roma"').
_TITLE_PRONOUN = re.compile(words("title_pronoun"), re.I)
_TITLE_SHOULD = re.compile(words("title_should"), re.I)
_TITLE_OPS = ("add_title", "change_title")
_TITLE_NOUN = re.compile(words("title_noun"))
_TITLE_TIME_VERB = re.compile(words("title_time_verb"), re.I)
#: The verbs of an edit, said: a correction without one ("no wait, only the first 3 seconds") keeps the verb before
_EDIT_VERB = re.compile(r"\b(?:" + "|".join(str(v) for v in merged("EDIT_VERBS")) + r"|keep)\b", re.I)
#: "the same at the end" beside other requests: the edit before, done at the other end of the clip
_SAME_OTHER_END = re.compile(words("same_other_end"), re.I)
#: "actually just …" after an edit: the edit said replaces the one before
_REPLACES = re.compile(words("replaces_previous"), re.I)
#: "put it back": after an undo, what it took back comes back (a redo); else the edit before is undone
_PUT_BACK = re.compile(words("put_back"), re.I)
#: "change the cut to 3 seconds" (and its Chinese words): the named edit said again with another value
_CHANGE_NAMED = re.compile(words("change_named"), re.I)
#: "no, down 20%" (and its Chinese words): the edit before was wrong; an edit of the same kind replaces it
_WRONG_THEN = re.compile(words("wrong_then"), re.I)
#: An undo that names what it takes back ("undo the volume change but keep the cut"): the kinds of edit each
#: language's ``EDIT_KINDS`` names, and where what is kept starts (``undo_keeps``).
_KINDS = tuple(
    (re.compile(str(kind[0]), re.I), frozenset(str(n) for n in kind[1]))
    for kind in cast(tuple[tuple[str, tuple[str, ...]], ...], merged("EDIT_KINDS"))
)
_UNDO_KEEPS = re.compile(words("undo_keeps"), re.I)
_REQUEST = re.compile(words("request"))


_EXT = "|".join(ACCEPTED_EXTENSIONS)
#: An uploaded clip as a message names it: its file name (quoted or not; it ends with an accepted extension)
#: and/or its media id in brackets, as the Studio's Remove control writes it.
_CLIP_REF = (
    rf"(?:(?:the|this|that|my)\s+|\u8fd9\u4e2a\s*|\u8fd9\u6bb5\s*)?(?:(?:clip|file|video|upload)\s+)?"
    rf"(?:[\"“](?P<quoted>[^\"“”]+?\.(?:{_EXT}))[\"”]|(?P<bare>[^\s\"“”]+\.(?:{_EXT})))?"
    r"\s*(?:\(?media\s+(?P<id>med_[0-9a-z]+)\)?)?"
)
#: A file name said in a message: what it names, up to an accepted extension.
_FILE_SAID = re.compile(rf"(?<![\w.-])([\w.-]+\.(?:{_EXT}))(?!\w)", re.I)
_NEGATED = re.compile("|".join(str(n) for n in merged("NEGATIONS")), re.I)
_REMOVE_CLIP = tuple(re.compile(str(p).replace("⟨CLIP⟩", _CLIP_REF), re.I) for p in merged("REMOVE_CLIP"))


def _clip_removal(original: str) -> Plan | None:
    """ "Remove the clip "a.mp4" (media med_…) from the timeline": one clip off the timeline."""
    whole = to_simplified(original.strip().rstrip(" !" + STOPS))
    *before, last = re.split(r"[,.!?;" + STOPS + r"]\s*", whole)
    # "I uploaded the wrong video lol, take it off the timeline": the request after what was said before it
    tried = [whole] + ([last.strip()] if before and last.strip() and not _NEGATED.search(" ".join(before)) else [])
    for text, pattern in ((text, pattern) for text in tried for pattern in _REMOVE_CLIP):
        match = pattern.match(text)
        named = match and (match.group("quoted") or match.group("bare") or match.group("id"))
        if match and (named or _TIMELINE.search(text)):  # a clip named, or taken "off the timeline"
            name = (match.group("quoted") or match.group("bare") or "").strip() or None
            return Plan("edit", ops=[Op("remove_media", {"media_id": match.group("id"), "name": name})])
    return None


def parse_message(
    message: str,
    skill_source: str | None = None,
    language: str = "",
    previous: list[Op] | None = None,
    undone: bool = False,
) -> Plan:
    """What ``message`` asks for, and the language to answer in (``language``, the session's, when the message
    has no script of its own); ``skill_source`` (X-Skill-Source) settles "convert my files".

    The stages: the message's shape (:mod:`~nemo_widgets.local.agent.structure`), its words made
    canonical (:mod:`~nemo_widgets.local.agent.canonical`), a fallback or a correction
    (:mod:`~nemo_widgets.local.agent.acts`), the clauses read (:mod:`~nemo_widgets.local.agent.clauses`),
    the plan, and the check that every word that changes an edit was read
    (:mod:`~nemo_widgets.local.agent.coverage`)."""
    original = message.strip()
    if _PUT_BACK.fullmatch(original):  # "nvm put it back": what the last step changed comes back
        return Plan("edit", ops=[Op("redo" if undone else "undo", {})], language=structure(original, language).language)
    # "mute the first 3 seconds instead of cutting them", "cut 3 instead of 2": what is set aside goes; after an
    # edit, it is that edit the message corrects (looked for in simplified characters, as every rule reads Chinese)
    simple = to_simplified(original)
    instead = _REPLACING.search(simple) or _INSTEAD_VALUE.search(simple)
    if instead:
        typed = original if len(simple) == len(original) else simple
        original = (typed[: instead.start()] + typed[instead.end() :]).strip()
    if previous and _SAME_OTHER_END.search(simple) and _other_end(previous):
        lang_said = structure(original, language).language  # "now the same at the end, and mute the last second"
        typed = original if len(simple) == len(original) else simple
        same = _SAME_OTHER_END.search(typed)
        if same:
            original = (
                f"{typed[: same.start()]} {phrase_of(_other_end(previous), lang_said)} {typed[same.end() :]}".strip()
            )
    shaped = structure(original, language)
    plan = _shown(_parse(original, shaped, skill_source), shaped.quotes)
    plan.language = shaped.language
    if plan.is_edit and all(op.name != "remove_media" for op in plan.ops):
        plan.files = list(dict.fromkeys(found.group(1) for found in _FILE_SAID.finditer(original)))
    named = _CHANGE_NAMED.search(simple)
    if named and previous:  # "change the cut to 3 seconds": a correction of that edit, when it was the last one
        kinds, last = _kinds(named.group(0)), frozenset(op.name for op in previous)
        if kinds and not kinds & last:
            return Plan(
                "confirm", reason=shaped.language.say("undo_not_last", last=phrase_of(previous, shaped.language))
            )
        value = simple[named.end() :].strip()
        corrected = _referring(value, previous, skill_source, shaped.language, correcting=True) if value else None
        if corrected is not None:
            return corrected
    same_kind = previous and plan.is_edit and {op.name for op in plan.ops} == {op.name for op in previous}
    if _WRONG_THEN.search(simple) and same_kind and not plan.is_undo:  # "no, down 20%": instead of the last edit
        plan.ops = [Op("undo", {}), *plan.ops]
        return plan
    if (
        previous
        and _REPLACES.search(simple)
        and _CORRECTING.match(normalise(original))
        and not _EDIT_VERB.search(simple)
    ):
        verbless = _referring(original, previous, skill_source, shaped.language)  # "no wait, only the first 3"
        if verbless is not None:
            return verbless
    replaces = _REPLACES.search(simple) and not any(op.name in ("undo", "redo") for op in plan.ops)
    if replaces and previous and plan.is_edit and not same_kind and not _EDIT_VERB.search(simple):
        return _ask(shaped.language, Clause("ask", reason="correction_unclear"))  # "no wait, only the first 3"
    if (instead or replaces) and previous and plan.is_edit:
        plan.ops = [Op("undo", {}), *plan.ops]  # "actually just mute 0 to 5": this edit instead of the one before
        return plan
    keeps = _UNDO_KEEPS.search(simple)
    if previous and keeps and plan.ops[:1] == [Op("undo", {})]:  # "undo that but keep the mute": what is kept
        head = structure(simple[: keeps.start()], language)  # is a condition on the undo, not one more edit
        alone = _parse(simple[: keeps.start()], head, skill_source)
        if alone.is_undo:
            alone.language = shaped.language
            plan = alone
    if previous and plan.is_undo and plan.ops[0].args.get("steps", 1) == 1:
        read_now = canonical(normalise(shaped.text)).text  # the kinds said, also as the rewrites said them
        other = _undo_names_another((simple, read_now), previous, plan.language)
        if other is not None:  # "undo the volume change" when the last edit was a cut: only the last goes back
            return other
    said_now = canonical(normalise(shaped.text)).text.strip(" !" + STOPS)
    parts = [p.strip() for p in re.split(r"[,;" + STOPS + "]", said_now) if p.strip()]
    if previous and parts and all(_AGAIN.fullmatch(p) for p in parts):  # "do it again", said in any language
        if any(
            op.name == "trim" and isinstance(op.args.get("span"), Span) and op.args["span"].kind == "range"
            for op in previous
        ):  # a range cut again: what is there now is other footage; asked
            again = phrase_of(previous, shaped.language)
            return Plan(
                "confirm",
                reason=shaped.language.say("again_range", again=again),
                suggestions=[again],
                language=shaped.language,
            )
        return Plan("edit", ops=[Op(op.name, {**op.args, "again": True}) for op in previous], language=shaped.language)
    if (
        previous
        and all(op.name == "set_volume" and "factor" in op.args for op in previous)
        and _MORE.fullmatch(said_now)
    ):
        return Plan("edit", ops=list(previous), language=shaped.language)  # "a bit more" after "a bit quieter"
    swapped_end = _other_end(previous) if previous and _OTHER_END.fullmatch(said_now) else []
    if swapped_end:  # "no, the other end": the edit before undone, done at the other end
        return Plan("edit", ops=[Op("undo", {}), *swapped_end], language=shaped.language)
    swap = _SWAP.fullmatch(said_now) if previous else None
    if swap and previous:  # "undo that and instead mute it": the edit before, with this verb on its part
        swapped = _referring(swap.group(1), previous, skill_source, shaped.language, correcting=True)
        if swapped is not None:
            return swapped
    timed = _TITLE_TIME_VERB.search(simple) and _TITLE_PRONOUN.search(simple) and not _TITLE_NOUN.search(simple)
    if (
        previous
        and (plan.kind in ("unknown", "ask", "confirm") or timed)
        and any(op.name in _TITLE_OPS for op in previous)
    ):
        titled = _title_referred(original, skill_source, shaped.language)
        if titled is not None:
            return titled
    taken_back = plan.kind == "noop" and _CORRECTING.match(normalise(original))  # "not that much, just 2"
    if previous and (plan.kind in ("unknown", "ask", "confirm") or taken_back):  # "one more second", "I meant 3 to 5"
        # an amount alone after a volume change ("make it 80%", "\u6539\u6210 80%") is that change's new level
        amount = plan.asked == "amount_alone" and all(op.name == "set_volume" for op in previous)
        referred = _referring(original, previous, skill_source, shaped.language, correcting=bool(instead) or amount)
        if referred is not None:
            return referred
    return plan


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
        return Plan("confirm", reason=lang.say("undo_not_last", last=phrase_of(previous, lang)))
    return None


def _title_referred(message: str, skill_source: str | None, lang: Language) -> Plan | None:
    """The message read with "it" as the title just added or changed; kept only when all it does is change or
    remove that title."""
    data = lang.data
    said = _TITLE_SHOULD.sub(f" {data.TITLE_CHANGE_SAID} ", message, count=1)
    said = _TITLE_PRONOUN.sub(f" {data.TITLE_SAID} ", said, count=1)
    if said == message:
        return None
    plan = _shown(_parse(said, (shaped := structure(said, lang.name)), skill_source), shaped.quotes)
    if plan.is_edit and all(op.name in ("change_title", "remove_title") for op in plan.ops):
        plan.language = lang
        return plan
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


def _asks(said: str, shaped: Structured) -> bool:
    """Whether a greeting also asks for something ("hey nemo undo everything")."""
    return any(c.kind == "op" for c in parse_all(canonical(said).text, said, None, shaped.quotes))


def _shown(plan: Plan, quotes: list[str]) -> Plan:
    """The plan's question and phrasings with the user's quoted words back in place of their ``⟦n⟧``."""

    def back(text: str) -> str:
        return re.sub(
            r"⟦(\d+)⟧", lambda m: f"“{quotes[int(m.group(1))]}”" if int(m.group(1)) < len(quotes) else "", text
        )

    plan.reason, plan.suggestions = back(plan.reason), [back(s) for s in plan.suggestions]
    return plan


def _referring(
    message: str, previous: list[Op], skill_source: str | None, lang: Language, correcting: bool = False
) -> Plan | None:
    """A message that only makes sense after the edit before it, read after that edit said again: a correction
    of it ("sorry I meant 3 to 5": that edit undone, the corrected one done) or a part of it said again
    ("do the same for the end", "one more second": the new edit only)."""
    before = phrase_of(previous, lang)
    if correcting or _CORRECTING.match(normalise(message)):
        said = f"{before}, {message}" if not correcting else f"{before}, {lang.data.CORRECTION_SAID} {message}"
        fixed = _parse(said, structure(said, lang.name), skill_source)
        if fixed.is_edit and fixed.ops != previous:
            fixed.ops, fixed.language = [Op("undo", {}), *fixed.ops], lang
            return fixed
        return None
    joined = _parse(f"{before}. {message}", structure(f"{before}. {message}", lang.name), skill_source)
    if joined.is_edit and joined.ops[: len(previous)] == previous and len(joined.ops) > len(previous):
        added = joined.ops[len(previous) :]
        reread = canonical(normalise(structure(message, lang.name).text)).text
        left = [w for w in unread(reread, added) if not _TITLE_NOUN.fullmatch(w)]  # "… but keep the title": that one
        if all(op.name not in ("undo", "redo") for op in added) and left:
            return None  # "mute the bad part too": the part the new edit is for was not read, only the one before
        joined.ops, joined.language = added, lang
        return joined
    return None


def _parse(original: str, shaped: Structured, skill_source: str | None) -> Plan:
    said = normalise(shaped.text)
    bare = said.strip(" !?" + STOPS)
    if not bare:
        return Plan("unknown")
    removal = _clip_removal(original)
    if removal is not None:
        return removal
    if _HELP.search(bare):
        return Plan("help")
    if _SOCIAL.search(bare) and len(bare.split()) <= 4 and not re.search(r"\d", bare) and not _asks(said, shaped):
        return Plan("social")
    read = canonical(said)
    if _ONLY_THIS.search(said):  # "can you cut videos? or only mute": which one it can do, asked
        return _question(original, bare, skill_source, shaped.language)
    if not read.polite and _QUESTION.search(said) and not _REQUEST.search(said):
        rest = _after_a_question(original)
        if rest:  # "why is this so hard, remove the sound": the request after the question is what to do
            plan = _parse(rest, structure(rest, shaped.language.name), skill_source)
            if plan.is_edit:
                return plan
        quoted = re.sub(r"\s*⟦(\d+)⟧\s*", lambda m: f' "{shaped.quotes[int(m.group(1))]}" ', bare)
        return _question(original, " ".join(quoted.split()), skill_source, shaped.language)
    lang = shaped.language
    split = fallback(read.text)
    if split is not None:
        return _with_fallback(split, shaped.quotes, original, skill_source, lang)
    text = corrected(read.text, lambda part: _reads_alone(part, shaped.quotes, skill_source))
    if text == "":  # "remove the audio, no wait, don't": taken back
        return Plan("noop", kept=["timeline"])
    if text is None:  # a correction with no place in what it corrects: never one more edit
        return _ask(lang, Clause("ask", reason="correction_unclear"))
    again = _RESTATING.search(text)
    if again:  # "cut the first 2s, i.e. remove 0-2": the edit said twice; both ways must be the same edit
        return _restated(text[: again.start()], text[again.end() :], shaped.quotes, original, skill_source, lang)
    return _read_fully(text, shaped.quotes, original, skill_source, lang)


#: A question said first, then the rest of the message (after its first stop or comma).
_AFTER_FIRST = re.compile(
    r"^[^" + re.escape(",;.!?" + STOPS) + r"]+[" + re.escape(",;.!?" + STOPS) + r"]+\s*(.+)$", re.S
)


def _after_a_question(original: str) -> str:
    """What follows a question said first, when it is not a question itself ("" otherwise)."""
    found = _AFTER_FIRST.match(original.strip())
    if not found or _QUESTION.search(normalise(to_simplified(found.group(1)))):
        return ""
    return found.group(1).strip()


def _read_fully(text: str, quotes: list[str], original: str, skill_source: str | None, lang: Language) -> Plan:
    """The plan of a canonical text, or a question back when a word that changes the edit was not read."""
    plan = _plan(parse_all(text, original, skill_source, quotes), original, lang)
    if not plan.is_edit:
        return plan
    if any(op.name in SOUND_OPS for op in plan.ops) and _KEEPS_A_VOICE.search(text):
        # "make the music quieter, but keep my voice": one sound of the mix kept as it is, which this engine
        # cannot do beside an edit of the whole sound
        offered = [lang.write(s) for s in FEATURES["separate"]]
        return Plan("decline", reason=lang.feature("separate"), suggestions=offered, declined=["separate"])
    parts = read_parts(text, quotes, skill_source)
    read = prepare(text)
    for part, kind in parts:
        # what to leave alone; "for my Year 9 class"; a problem stated beside the request ("a loud bang at 5 s")
        if kind in ("noop", "problem", "decline") or (kind == "none" and is_context(part)):
            read = read.replace(part, " ")
    left = unread(read, plan.ops, [part for part, kind in parts if kind == "none"])
    if not left:
        return plan
    leftover = lang.listed([f"“{w}”" for w in left], "or")
    if any(_INVERTS.search(w) for w in left):  # "remove the audio except …": the reading might be the opposite
        return Plan("confirm", reason=lang.say("unread_inverts", leftover=leftover))
    if any(_NO_GUESS.search(w) for w in left):
        return Plan("confirm", reason=lang.say("unread_no_guess", leftover=leftover))
    reading = phrase_of(plan.ops, lang)
    reason = lang.say("did_you_mean", leftover=leftover, reading=reading)
    return Plan("confirm", reason=reason, suggestions=[reading])


def _restated(
    first: str, second: str, quotes: list[str], original: str, skill_source: str | None, lang: Language
) -> Plan:
    """A request said, then said again in other words: done when both read as the same edit, else asked."""
    one = _read_fully(first, quotes, original, skill_source, lang)
    two = _read_fully(second, quotes, original, skill_source, lang)
    if not (one.is_edit and two.is_edit):
        return one if one.is_edit else two if two.is_edit else one
    if [_resolved(op) for op in one.ops] == [_resolved(op) for op in two.ops]:
        return one
    return Plan("ask", reason=lang.say("said_twice"), suggestions=[phrase_of(one.ops, lang), phrase_of(two.ops, lang)])


def _resolved(op: Op) -> tuple[object, ...]:
    """An operation with its span as the part of a long timeline it names (the first 2 s and 0-2 s are one)."""
    span = op.args.get("span")
    where = span.resolve(10**9) if isinstance(span, Span) else None
    rest = {k: v for k, v in op.args.items() if k != "span" and not k.startswith("_")}
    return op.name, where, sorted(rest.items())


def _reads_alone(part: str, quotes: list[str], skill_source: str | None) -> bool:
    return any(c.kind == "op" for c in parse_all(part, part, skill_source, quotes))


def _with_fallback(
    split: tuple[str, str], quotes: list[str], original: str, skill_source: str | None, lang: Language
) -> Plan:
    """Do the first request when it can be done; when it is declined, say so by name and do the fallback."""
    first = _read_fully(split[0], quotes, original, skill_source, lang)
    if first.kind != "decline":
        return first
    then = _read_fully(split[1], quotes, original, skill_source, lang)
    if then.kind in ("edit", "noop"):
        then.declined = first.declined
        return then
    return first


def _question(original: str, bare: str, skill_source: str | None, lang: Language = ENGLISH) -> Plan:
    """A question is answered, never acted on; "how do I remove the audio?" offers the phrase to say; one about
    a thing this engine does not do ("is there a way to make it play slower?") names it."""
    declined = decline_for(bare)
    if declined is not None:
        offered = [lang.write(said) for said in declined.suggestions]
        return Plan("decline", reason=lang.feature(declined.reason), suggestions=offered, declined=[declined.reason])
    how = re.match(words("how_to") + r"\s+(.+)$", bare)
    if how:
        inner = _plan(parse_all(how.group(1), how.group(1), skill_source), how.group(1), ENGLISH)
        if inner.is_edit:
            return Plan("answer", reason="how", suggestions=[how.group(1)])
    return Plan("answer", reason="question")


def _plan(clauses: list[Clause], original: str, lang: Language) -> Plan:
    """Combine the clauses: all doable → edit; anything declined or unclear → nothing done, and say why
    (written in ``lang``)."""
    declined = [c for c in clauses if c.kind == "decline"]
    if declined:
        return _with_declined(declined, clauses, original, lang)
    kept = [c.reason for c in clauses if c.kind == "noop"]
    read_as = " ".join(c.phrase for c in clauses)  # the clauses as read (a correction or a fallback settled)
    said_formats = read_as + (
        " " + to_simplified(original).lower() if _TWO_FILES.search(to_simplified(original)) else ""
    )
    targets = list(dict.fromkeys(f.lower().replace("aac", "m4a") for f in _TARGET_FORMAT.findall(said_formats)))
    if len(targets) > 1:  # "export as mp4 and mp3": which file?
        return _ask(lang, Clause("ask", reason="two_formats", suggestions=[_made_as(f) for f in targets]))
    ops, unclear = _settle(clauses, kept)
    nothing = [c.reason for c in clauses if c.kind == "noop" and c.fields.get("all")]
    changed = [op for op in ops if _NOUN_OF.get(op.name) in nothing]
    if changed:  # "cut the first 2 seconds but don't cut anything": which one is meant?
        return Plan("ask", reason=lang.say("edit_and_nothing"),
                    suggestions=[phrase_of(changed, lang)])  # fmt: skip
    if unclear:
        return _ask(lang, unclear[0])
    touched = _side_left_alone(clauses, ops)
    if touched:  # "cut the first two seconds, but don't touch the start": which one?
        return Plan("ask", reason=lang.say("edit_and_nothing"), suggestions=[phrase_of(touched, lang)])
    said_again = any(op.name == "mute_range" for op in ops)
    loose = [
        c for c in clauses
        if c.kind == "verb" and _PART_WORDS.search(c.phrase)
        and not (said_again and c.verb == "mute" and _POINTS_BACK.search(c.phrase))  # "…, can you silence just that part"
    ]  # fmt: skip
    if ops and loose:  # "remove audio then cut the first bit": a part not understood is not dropped unsaid
        return _ask(lang, with_verb(loose[0].verb, None, loose[0].phrase))
    both = _cut_and_keep(ops)
    if both:
        return Plan("ask", reason=lang.say("cut_and_keep"),
                    suggestions=[phrase_of([op], lang) for op in both])  # fmt: skip
    conflict = _conflict(ops, kept)
    if conflict:
        return _ask(lang, Clause("ask", reason=conflict[0], suggestions=conflict[1]))
    ops, formats = _one_extraction(clauses, ops)
    if len(formats) > 1:  # "extract it as mp3, as wav": which one?
        return _ask(
            lang, Clause("ask", reason="two_formats", suggestions=[said("extract_audio", f=f.upper()) for f in formats])
        )
    ops = _dedupe(ops)
    if ops:
        return Plan("edit", ops=ops, kept=kept)
    if kept:
        return Plan("noop", kept=kept)
    if any(c.kind == "export" for c in clauses):
        return Plan("answer", reason="export")
    return Plan("unknown", reason=original)


#: What each operation changes, by the noun a negated clause leaves alone ("don't cut anything": the timeline).
_NOUN_OF = {"trim": "timeline", "remove_media": "timeline", "remove_audio": "audio", "mute_range": "audio",
            "set_volume": "audio", "extract_audio": "audio"}  # fmt: skip

#: Words that name a part of the clip: a cut or keep that says one but whose span was not read asks.
_PART_WORDS = re.compile(words("part_said") + r"|\d")


def _with_declined(declined: list[Clause], clauses: list[Clause], original: str, lang: Language) -> Plan:
    """A message with a part this engine declines: the other parts done and the declined one named ("cut the
    first 2 seconds and add a fade in"; "there's a hum; lower it to 60%"), unless the declined part says how the
    sound must stay and an edit changes the sound ("duck the music; quieter when I talk"): then nothing is done."""
    features = list(dict.fromkeys(c.reason for c in declined))
    binding = any(c.reason in BINDS_THE_SOUND and not c.problem for c in declined)
    if any(c.kind == "op" for c in clauses):
        rest = _plan([c for c in clauses if c.kind != "decline"], original, lang)
        if rest.is_edit and not (binding and any(op.name in SOUND_OPS for op in rest.ops)):
            rest.declined, rest.declined_how = features, "rest"
            return rest
        if all(c.problem for c in declined):
            return rest
    doable = [] if binding else [c.phrase for c in clauses if c.kind == "op" and c.phrase]
    offered = [lang.write(s) for c in declined for s in c.suggestions]
    return Plan(
        "decline",
        reason=lang.listed([lang.feature(f) for f in features]),
        suggestions=doable + offered,
        declined=features,
    )


def _settle(clauses: list[Clause], kept: list[str]) -> tuple[list[Op], list[Clause]]:
    """The operations, and the open questions no other clause answers."""
    amounts = [c for c in clauses if c.kind == "amount"]
    if amounts and not any(c.vague for c in clauses):  # "40%" with no volume beside it: 40 % of what?
        alone = amounts[0].phrase
        number = re.search(r"\d+(?:\.\d+)?", alone)
        level = number.group(0) if number else alone.rstrip("% ")
        return [], [
            Clause("ask", reason="amount_alone", fields={"amount": alone}, suggestions=[said("volume", p=level)])
        ]
    clauses = [Clause("op", op=c.op, phrase=c.phrase) if c.kind == "amount" else c for c in clauses]
    stated = [c.op for c in clauses if c.kind == "op" and c.op is not None and not c.vague]
    ops = [c.op for c in clauses if c.kind == "op" and c.op is not None and not _settled(c, stated)]
    keeps_sound = "audio" in kept or any(op.name == "extract_audio" for op in stated)
    guessed = [c for c in clauses if c.kind == "ask" and c.op is not None and keeps_sound]
    ops += [
        c.op for c in guessed if c.op is not None
    ]  # "keep the sound, not the video": the sound kept settles "remove the video"
    # a question a stated problem raises ("there's a loud bang at 5 s") is answered by any edit said beside it
    asks = [c for c in clauses if c.kind == "ask" and not _settled(c, ops) and c not in guessed]
    return ops, [c for c in asks if not (c.problem and ops)]


def _settled(clause: Clause, ops: list[Op]) -> bool:
    """A volume without an amount ("it's too loud": a question, or a step) beside one that says it."""
    return clause.vague and any(op.name == "set_volume" for op in ops)


def _ask(lang: Language, clause: Clause) -> Plan:
    """Ask back: the clause's question and its phrasings, written in ``lang``."""
    reason = lang.say(clause.reason, **clause.fields)
    return Plan("ask", reason=reason, suggestions=[lang.write(s) for s in clause.suggestions], asked=clause.reason)


def _conflict(ops: list[Op], kept: list[str]) -> tuple[str, list[Said]] | None:
    """Two operations that undo each other's point: (why, what to say instead)."""
    names = [op.name for op in ops]
    whole_mute = "remove_audio" in names
    if whole_mute and "extract_audio" in names:  # "remove the audio and save it as mp3": nothing would be left
        return "both_sound", [said("remove_audio"), said("extract_audio", f="MP3")]
    volumes = [op for op in ops if op.name == "set_volume"]
    if len({str(op.args) for op in volumes}) > 1:  # "make it 50% quieter, 50% louder": which one?
        return "two_volumes", [_volume_said(op) for op in volumes]
    if whole_mute and ("restore_audio" in names or "audio" in kept):
        return "both_audio", [said("remove_audio"), said("keep_audio")]
    return None


_SIDES = (("first", re.compile(words("start_side"))), ("last", re.compile(words("end_side"))))


def _side_left_alone(clauses: list[Clause], ops: list[Op]) -> list[Op]:
    """The edits on an end of the clip that a negated clause says to leave alone ("don't touch the start"), else none."""
    sides = {kind for c in clauses if c.kind == "noop" for kind, said in _SIDES if said.search(c.phrase)}
    return [op for op in ops if isinstance(op.args.get("span"), Span) and op.args["span"].kind in sides]


def _cut_and_keep(ops: list[Op]) -> list[Op]:
    """A part both cut and kept ("cut the first 2 seconds but keep the first 2 seconds"): the two, else none."""
    trims = [op for op in ops if op.name == "trim"]
    for i, op in enumerate(trims):
        for other in trims[i + 1 :]:
            if other.args.get("span") == op.args.get("span") and other.args.get("mode") != op.args.get("mode"):
                return [op, other]
    return []


def _made_as(fmt: str) -> Said:
    """The request that makes a file of ``fmt``: the video exported, or its sound kept in that format."""
    return said("export_as", f=fmt.upper()) if fmt == "mp4" else said("extract_audio", f=fmt.upper())


def _volume_said(op: Op) -> Said:
    factor = op.args.get("factor")
    if factor is None:
        return said("volume", p=f"{op.args['volume'] * 100:.0f}")
    return said("quieter" if factor < 1 else "louder", p=f"{abs(1 - factor) * 100:.0f}")


_FORMAT_SAID = re.compile(r"(?<![a-z0-9])(?:" + "|".join(AUDIO_EXPORT_FORMATS) + r"|aac)(?![a-z0-9])")


def _one_extraction(clauses: list[Clause], ops: list[Op]) -> tuple[list[Op], list[str]]:
    """Two clauses that both keep only the sound are one extraction, in the format one of them names ("extract the
    audio as m4a, I don't need the picture": M4A, not the MP3 a clause without a format would default to)."""
    extractions = [op for op in ops if op.name == "extract_audio"]
    if len(extractions) < 2:
        return ops, []
    named = list(dict.fromkeys(
        str(c.op.args.get("format")) for c in clauses
        if c.op is not None and c.op.name == "extract_audio" and _FORMAT_SAID.search(c.phrase)
    ))  # fmt: skip
    if len(named) > 1:
        return ops, named
    first = ops.index(extractions[0])
    kept = Op(
        "extract_audio", {**extractions[0].args, "format": named[0] if named else extractions[0].args.get("format")}
    )
    return [*ops[:first], kept, *(op for op in ops[first + 1 :] if op.name != "extract_audio")], []


def _dedupe(ops: list[Op]) -> list[Op]:
    out: list[Op] = []
    for op in ops:
        if out and out[-1].name == op.name and out[-1].args == op.args:
            continue
        out.append(op)
    return out

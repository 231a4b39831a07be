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

from nemo_widgets.local.agent import followups
from nemo_widgets.local.agent.acts import corrected, fallback
from nemo_widgets.local.agent.canonical import canonical
from nemo_widgets.local.agent.clauses import parse_all, prepare, read_parts
from nemo_widgets.local.agent.coverage import is_context, phrase_of, unread
from nemo_widgets.local.agent.declines import BINDS_THE_SOUND, FEATURES, SOUND_OPS, decline_for
from nemo_widgets.local.agent.grammar import complained_only, described_part, with_verb
from nemo_widgets.local.agent.languages import ENGLISH, Language, merged, words
from nemo_widgets.local.agent.plan import Plan, ask, shown
from nemo_widgets.local.agent.spans import find_span
from nemo_widgets.local.agent.structure import Structured, structure, to_simplified
from nemo_widgets.local.agent.types import Clause, Op, Said, Span, said
from nemo_widgets.local.agent.wording import normalise
from nemo_widgets.local.agent.words import STOPS
from nemo_widgets.protocol.constants import ACCEPTED_EXTENSIONS, AUDIO_EXPORT_FORMATS

__all__ = ["Op", "Plan", "parse_message"]

_SOCIAL = re.compile(words("social"))
_HELP = re.compile(words("help"))
_RESTATING = re.compile(words("restating"))
_POINTS_BACK = re.compile(words("points_back"))
#: A format said as what to make (not "my mp4"): two in one message make two files, which one export can't.
_TARGET_FORMAT = re.compile(
    r"(?<!my )(?<!this )(?<!the )(?<!from )(?<![a-z0-9])(mp4|mp3|wav|m4a|aac)(?![a-z0-9])", re.I
)
_QUESTION = re.compile(words("question"))
#: "… or only mute?" (each language's ``or_only``): a question about what can be done, never a request
_ONLY_THIS = re.compile(words("or_only"))
#: "can it export as M4A?" with no one named: a question about the export, answered (the export is the toolkit's)
_EXPORT_ASKED = re.compile(words("export_asked"), re.I)
_KEEPS_A_VOICE = re.compile(words("keeps_a_voice"))
_TIMELINE = re.compile(words("timeline"))
_INVERTS = re.compile(words("inverts"))
#: A unit or a number the reader cannot take ("3 frames", "2,5"): no reading is offered to click either.
_NO_GUESS = re.compile(words("no_guess"))
#: "export mp3 and wav, both formats": two files asked for at once
_TWO_FILES = re.compile(words("two_files"))
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
    the plan, the check that every word that changes an edit was read
    (:mod:`~nemo_widgets.local.agent.coverage`), and, after an edit (``previous``: the last message's edits;
    ``undone``: the last step was an undo), the message read after that step
    (:mod:`~nemo_widgets.local.agent.followups`)."""
    original = message.strip()
    rewrite = followups.rewritten(original, previous or [], undone, language)
    if rewrite.answer is not None:
        return rewrite.answer
    shaped = structure(rewrite.text, language)
    plan = shown(_parse(rewrite.text, shaped, skill_source), shaped.quotes)
    plan.language = shaped.language
    if plan.is_edit and all(op.name != "remove_media" for op in plan.ops):
        plan.files = list(dict.fromkeys(found.group(1) for found in _FILE_SAID.finditer(rewrite.text)))
    if previous:
        plan = followups.after(followups.Turn(rewrite, shaped, plan, previous, skill_source, language, _parse))
    plan.clock = rewrite.clock
    return plan


def _asks(said: str, shaped: Structured) -> bool:
    """Whether a greeting also asks for something ("hey nemo undo everything")."""
    return any(c.kind == "op" for c in parse_all(canonical(said).text, said, None, shaped.quotes))


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
    # "can you cut videos? or only mute": which one it can do, asked; "may it be exported as M4A?" said with no one
    # named (each language's export_asked): answered
    if _ONLY_THIS.search(said) or _EXPORT_ASKED.search(said):
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
        return ask(lang, Clause("ask", reason="correction_unclear"))
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


_ALL_OF_IT = re.compile(words("all_of_it"))


def _read_fully(text: str, quotes: list[str], original: str, skill_source: str | None, lang: Language) -> Plan:
    """The plan of a canonical text, or a question back when a word that changes the edit was not read."""
    plan = _plan(parse_all(text, original, skill_source, quotes), original, lang, complained_only(text))
    if not plan.is_edit:
        return plan
    whole_sound = [
        op for op in plan.ops if op.name == "remove_audio" or (op.name == "mute_range" and not op.args.get("span"))
    ]
    if whole_sound and not any(op.args.get("span") for op in plan.ops) and not _ALL_OF_IT.search(text):
        # "the dog barking near the end, mute that": the part said in another clause, found only by hearing it
        asked = described_part(text)
        if asked is not None:
            return ask(lang, asked)
    if any(op.name in SOUND_OPS for op in plan.ops) and _KEEPS_A_VOICE.search(text):
        # "make the music quieter, but keep my voice": one sound of the mix kept as it is, which this engine
        # cannot do beside an edit of the whole sound
        offered = [lang.write(s) for s in FEATURES["separate"]]
        return Plan("decline", reason=lang.feature("separate"), suggestions=offered, declined=["separate"])
    parts = read_parts(text, quotes, skill_source)
    read = prepare(text)
    spans = [op.args.get("span") for op in plan.ops]
    for part, kind in parts:
        # what to leave alone; "for my Year 9 class"; a problem stated beside the request ("a loud bang at 5 s");
        # the part an edit is for, said before the request ("the first 2 seconds are shaky, cut the first 2 seconds")
        told = kind == "span" and find_span(part) in spans and not unread(part, plan.ops)
        if kind in ("noop", "problem", "decline") or (kind == "none" and is_context(part)) or told:
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


def _plan(clauses: list[Clause], original: str, lang: Language, told_only: bool = False) -> Plan:
    """Combine the clauses: all doable → edit; anything declined or unclear → nothing done, and say why
    (written in ``lang``)."""
    declined = [c for c in clauses if c.kind == "decline"]
    if declined:
        return _with_declined(declined, clauses, original, lang, told_only)
    clauses = _with_exceptions(clauses)
    kept = [c.reason for c in clauses if c.kind == "noop"]
    read_as = " ".join(c.phrase for c in clauses)  # the clauses as read (a correction or a fallback settled)
    said_formats = read_as + (
        " " + to_simplified(original).lower() if _TWO_FILES.search(to_simplified(original)) else ""
    )
    targets = list(dict.fromkeys(f.lower().replace("aac", "m4a") for f in _TARGET_FORMAT.findall(said_formats)))
    if len(targets) > 1:  # "export as mp4 and mp3": which file?
        return ask(lang, Clause("ask", reason="two_formats", suggestions=[_made_as(f) for f in targets]))
    ops, unclear = _settle(clauses, kept, told_only)
    nothing = [c.reason for c in clauses if c.kind == "noop" and c.fields.get("all")]
    changed = [op for op in ops if _NOUN_OF.get(op.name) in nothing]
    if changed:  # "cut the first 2 seconds but don't cut anything": which one is meant?
        return Plan("ask", reason=lang.say("edit_and_nothing"),
                    suggestions=[phrase_of(changed, lang)])  # fmt: skip
    if unclear:
        return ask(lang, unclear[0])
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
        return ask(lang, with_verb(loose[0].verb, None, loose[0].phrase))
    both = _cut_and_keep(ops)
    if both:
        return Plan("ask", reason=lang.say("cut_and_keep"),
                    suggestions=[phrase_of([op], lang) for op in both])  # fmt: skip
    conflict = _conflict(ops, kept)
    if conflict:
        return ask(lang, Clause("ask", reason=conflict[0], suggestions=conflict[1]))
    ops, formats = _one_extraction(clauses, ops)
    if len(formats) > 1:  # "extract it as mp3, as wav": which one?
        return ask(
            lang, Clause("ask", reason="two_formats", suggestions=[said("extract_audio", f=f.upper()) for f in formats])
        )
    ops = _dedupe(_without_complements(ops))
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


def _with_declined(
    declined: list[Clause], clauses: list[Clause], original: str, lang: Language, told_only: bool
) -> Plan:
    """A message with a part this engine declines: the other parts done and the declined one named ("cut the
    first 2 seconds and add a fade in"; "there's a hum; lower it to 60%"), unless the declined part says how the
    sound must stay and an edit changes the sound ("duck the music; quieter when I talk"): then nothing is done."""
    features = list(dict.fromkeys(c.reason for c in declined))
    binding = any(c.reason in BINDS_THE_SOUND and not c.problem for c in declined)
    if any(c.kind == "op" for c in clauses):
        rest = _plan([c for c in clauses if c.kind != "decline"], original, lang, told_only)
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


def _with_exceptions(clauses: list[Clause]) -> list[Clause]:
    """ "mute from 2 to 5 s, but not 3 to 4" (and each language's words): a part said as left alone, inside the
    part a mute or a cut is for, is taken out of it; the edit is done on the two sides."""
    out = list(clauses)
    for left_alone in [c for c in clauses if c.kind == "noop"]:
        # (its unit may be said once, beside the edit's own part: "mute from 2 to 5 seconds but not 3 to 4")
        inside = find_span(left_alone.phrase) or find_span(f"{left_alone.phrase} seconds")
        if inside is None or inside.kind != "range":
            continue
        for i, clause in enumerate(out):
            op = clause.op
            span = op.args.get("span") if clause.kind == "op" and op is not None else None
            cuts_or_mutes = op is not None and (op.name == "mute_range" or op.args.get("mode") == "cut")
            if (
                cuts_or_mutes
                and isinstance(span, Span)
                and span.kind == "range"
                and span.a < inside.a < inside.b < span.b
            ):
                assert op is not None
                sides = [
                    Op(op.name, {**op.args, "span": Span("range", a, b)})
                    for a, b in ((span.a, inside.a), (inside.b, span.b))
                ]
                out[i : i + 1] = [Clause("op", op=side, phrase=clause.phrase, verb=clause.verb) for side in sides]
                out.remove(left_alone)
                break
    return out


def _settle(clauses: list[Clause], kept: list[str], told_only: bool) -> tuple[list[Op], list[Clause]]:
    """The operations, and the open questions no other clause answers (``told_only``: the message asks for no
    change of loudness, it only says it is too loud or quiet)."""
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
    told = [c for c in clauses if c.complaint and c.op in ops]
    if told and told_only:  # "still too loud": the loudness is told, no change asked ("reduce abit"); asked
        step = told[0].op.args.get("factor", 1) if told[0].op is not None else 1
        offered = [said("louder" if step > 1 else "quieter", p=25), said("volume", p=50)]
        ops = [op for op in ops if all(op is not c.op for c in told)]
        asks.append(Clause("ask", reason="how_loud", suggestions=offered, vague=True))
    return ops, [c for c in asks if not (c.problem and ops)]


def _settled(clause: Clause, ops: list[Op]) -> bool:
    """A volume without an amount ("it's too loud": a question, or a step) beside one that says it."""
    return clause.vague and any(op.name == "set_volume" for op in ops)


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


_OTHER_HALF = {"half1": "half2", "half2": "half1"}


def _without_complements(ops: list[Op]) -> list[Op]:
    """A keep of one half, then a cut of the other ("keep only the first half and delete the second half"): the cut
    says the keep again; done after the keep, it would cut half of what was kept."""
    kept = {op.args["span"].kind for op in ops if op.name == "trim" and op.args.get("mode") == "keep" and
            isinstance(op.args.get("span"), Span)}  # fmt: skip
    return [
        op for op in ops
        if not (op.name == "trim" and op.args.get("mode") == "cut" and isinstance(op.args.get("span"), Span)
                and _OTHER_HALF.get(op.args["span"].kind) in kept)
    ]  # fmt: skip


def _dedupe(ops: list[Op]) -> list[Op]:
    out: list[Op] = []
    for op in ops:
        if out and out[-1].name == op.name and out[-1].args == op.args:
            continue
        out.append(op)
    return out

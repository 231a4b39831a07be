"""English, as data for the agent's one reader (see :mod:`nemo_widgets.local.agent.languages`).

Patterns apply to lower-case text whose number words are already digits ("two" → "2").
"""

from __future__ import annotations

import re
from collections.abc import Callable

from nemo_widgets.local.agent.languages import en_replies as _replies
from nemo_widgets.local.agent.languages import en_spelling
from nemo_widgets.protocol.constants import AUDIO_EXPORT_FORMATS

NAME = "en"
#: What the language writes (replies, the help, examples offered), kept in its own module.
REPLIES, ABILITIES, EXAMPLES = _replies.REPLIES, _replies.ABILITIES, _replies.EXAMPLES
LISTS, NOUNS, TOPICS, MISSPELT = _replies.LISTS, _replies.NOUNS, _replies.TOPICS, _replies.MISSPELT
PHRASES, FEATURE_NAMES = _replies.PHRASES, _replies.FEATURE_NAMES
#: No script of its own: English is the reply language when no other script is seen.
SCRIPT = ""
#: Whether its words are written with spaces between them.
SPACED = True
#: A time said with a unit; used by patterns below.
_T = r"(\d+(?:\.\d+)?)"
#: The audio formats an export can be ("mp3|wav|m4a").
_FMT = "|".join(AUDIO_EXPORT_FORMATS)


#: Its spelling fixes and its number words as digits (code of its own, in ``en_spelling``).
SPELLING, NUMBERS = en_spelling.spelling, en_spelling.numbers


def _for_a_length(found: re.Match[str]) -> str:
    """ "from 0:02 for 5 seconds": the span from the time said to that time plus the length."""
    minutes, _, seconds = found.group(1).rpartition(":")
    at = float(seconds) + 60 * float(minutes or 0)
    return f"from {at:g} to {at + float(found.group(2)):g} seconds"


def _times_level(found: re.Match[str]) -> str:
    """ "1.5x" said of the sound: the level as a percentage ("set the volume to 150%")."""
    return f"set the volume to {float(found.group(1)) * 100:g}%"


#: Not right after an edit's verb ("mute from 2 to 4 s"): a span said as a request's object, not described.
_NO_VERB_BEFORE = "".join(
    f"(?<!\\b{verb} )" for verb in ("mute", "cut", "trim", "remove", "delete", "drop", "silence", "keep")
)

SIMPLIFICATIONS: tuple[tuple[str, str | Callable[[re.Match[str]], str]], ...] = (
    # "bring it down to like 70%": a hedge between the preposition and its amount
    (r"\b(to|at|by)\s+(?:like|about|around|roughly|maybe|approx(?:imately)?)\s+(?=\d)", r"\1 "),
    # "take it all the way back to the original clip": back to the original
    (r"\b(?:take|put|bring|set|get|change|turn)\s+(?:it|this|everything|things)\s+(?:all\s+the\s+way\s+)?back\s+to\s+(?:the\s+)?original"
     r"(?:\s+(?:clip|video|version|file))?\b", "undo all"),
    # a learner's "cut the video begin two second", "the end three second": the first / last seconds
    (r"\b(?:the\s+)?(?:video\s+|clip\s+)?(?:begin|beginning|start)\s+(\d+(?:\.\d+)?)\s*(s|secs?|seconds?)\b",
     r"the first \1 \2"),
    (r"\b(?:the\s+)?(?:video\s+|clip\s+)?(?:end|ending)\s+(\d+(?:\.\d+)?)\s*(s|secs?|seconds?)\b", r"the last \1 \2"),
    # a learner's "title change to 'Bye'": the title changed
    (r"^\s*(?:the\s+)?title\s+change\s+(?=to\b)", "change the title "),
    # "… and move to the end" after a title: it, moved
    (r"\b(and|then)\s+(move|shift|put)\s+(?=to\s+(?:the\s+)?(?:end|start|beginning|\d))", r"\1 \2 it "),
    # "go to 40" after a volume change: that level (a time has its unit or its colon)
    (r"\bgo (?:down |up )?to (\d+(?:\.\d+)?)(\s*%)?(?!\s*(?:s\b|secs?|seconds?|mins?|minutes?|:|\d))", r"make it \1\2"),
    # "that's still loud, make it 40": a number said right after the loudness is its level
    (r"(\b(?:loud|quiet|soft|noisy|louder|quieter|softer)\b[^,.;!?]{0,20}[,.;!?])\s*(?:so\s+)?(?:make it|set it|put it|bring it)\s+"
     r"(?:to\s+|down to\s+|up to\s+)?(\d+(?:\.\d+)?)"
     r"(?!\d|\.\d|\s*%?\s*(?:s\b|secs?|seconds?|mins?|minutes?|:|x\b|×|times|louder|quieter|softer|more|less|higher|lower|up|down))"
     r"\s*%?",
     r"\1 set the volume to \2%"),
    # "sound at 80 please": the level; "make it louder like 150%": to that level; "go back to normal": undone
    (r"\b(?:sound|audio|volume)\s+at\s+(\d{2,3})\s*%?(?!\s*(?:s\b|secs?|seconds?|mins?|minutes?|:|\d|\.|x\b|×|times))", r"set the volume to \1% "),
    (r"\b(louder|quieter|softer)\s+(?:like|about|around)\s+(?=\d+(?:\.\d+)?\s*%)", r"\1, like "),
    (r"^(?:[^,.;!?]*[,.;!?]\s*)?(?:(?:just|please)\s+)?(?:go|set it|put it|change it)\s+back to normal\b", "undo"),
    # a range said with "up to" or "through" ("from 2.5 s up to 4.5", "1200ms through 1800ms"), or between two marks
    (r"(\d+(?:\.\d+)?\s*(?:ms|s|secs?|seconds?)?)\s+(?:up to|up until|through|thru)\s+(?=\d)", r"\1 to "),
    (r"\bbetween (?:the )?(\d+(?:\.\d+)?)\s*(?:s|secs?|seconds?)?\s*(?:marks?\s+)?and (?:the )?(\d+(?:\.\d+)?)\s*(?:-?\s*(?:s|secs?|seconds?)\b)?"
     r"\s*(?:marks?\b)?", r"from \1 to \2 seconds"),
    # "I wanted it LOUDER. 150": the level, said after the word
    (r"\b(louder|quieter|softer)\s*[.,!]+\s*(\d+(?:\.\d+)?)\s*%?\s*[.!]*$", r"\1, like \2%"),
    # "undo lah, wrong one": why, not which
    (r"\bundo\s*,?\s*(?:lah\s*,?\s*)?wrong (?:one|1)\b", "undo"),
    # "the very beginning", "the very end": the start, the end
    (r"\bthe very (beginning|start|end)\b", r"the \1"),
    # "from 3 seconds in": the 3 s mark
    (r"(\d+(?:\.\d+)?\s*(?:s|secs?|seconds?))\s+in\b(?!\s+(?:the|a|an|total|length)\b)", r"\1"),
    # short forms people type
    (r"\bvol\b\.?", "volume"), (r"\brm\b", "remove"),
    # a format spelt out by dictation ("m four a", "m p three")
    (r"\bm\s?(?:four|4)\s?a\b", "m4a"), (r"\bm\s?p\s?(?:three|3)\b", "mp3"), (r"\bm\s?p\s?(?:four|4)\b", "mp4"),
    # "drop the volume all the way to zero": the level said, "all the way" only says how far
    (r"\ball the way (?=(?:down )?to (?:0|zero|nothing)\b)", ""),
    # "I don't want the title anymore": that thing removed
    (r"\bi (?:don'?t|do not) (?:want|need) (the|that|this|my) (title|caption|text|audio|sound|music) (?:anymore|any more)\b",
     r"remove \1 \2"),
    # "I need the sound back" after it was removed: the sound restored
    (r"\bi (?:need|want) (?:the|my) (?:sound|audio) back\b", "restore the audio"),
    # "the 2 first seconds" (a Romance speaker's order), "realize the cut of": do it
    (r"\bthe (\d+(?:\.\d+)?) (first|last)\b", r"the \2 \1"),
    (r"\b(?:realize|realise|make|do|perform|execute) the (cut|trim|mute)(?: of)?\b", r"\1"),
    (r"\bmore (?:low|quiet|soft|down|small|little)\b", "quieter"), (r"\bmore (?:high|loud|strong|up)\b", "louder"),
    (r"\b(volume|sound|audio) (?:in|on) (\d+(?:\.\d+)?\s*%)", r"\1 to \2"),
    # a timecode with frames that are 00 is a whole second ("00:00:02:00")
    (r"\b(\d{1,2}):(\d{2}):(\d{2}):00\b", r"\1:\2:\3"),
    # an editor's "top and tail it": cut both ends (by the length said with it)
    (r"\btop and tail(?: it| the (?:clip|video))?\b", "cut"),
    # the clip's front is its start ("the front 2 seconds")
    # the words on the screen are the title: taken off, or changed ("change the words on the screen so they say …")
    (r"\b(?:take|get|remove|clear|delete)\s+(?:the|those|these|that)\s+(?:words|text|writing|caption)\s+(?:off|from)"
     r"(?:\s+(?:the\s+)?(?:screen|video|picture))?\b", "remove the title"),
    (r"\bchange\s+(?:the|those|these|that)\s+(?:words|text|writing)(?:\s+on\s+(?:the\s+)?screen)?\s+(?:so\s+(?:they|it)\s+says?|to\s+say|to)\b",
     "change the title to"),
    # a title shown the whole time
    (r"(\b(?:title|caption|text|words|⟦\d+⟧)[^.;!?]*?)(?:\bfor the (?:full|whole|entire) (?:duration|length|clip|video)"
     r"(?: of the (?:clip|video))?\b|\bthe whole time\b|\bthroughout(?: the (?:clip|video))?\b|\ball the way through\b)",
     r"\1for the whole clip"),
    # everything taken back ("revert all changes", "restore the clip to its original state")
    (r"\b(?:revert|undo|cancel|discard|reset)\s+all(?:\s+(?:the|my|of the))?\s+(?:changes|edits)\b"
     r"|\brestore (?:the (?:clip|video)|it|everything) (?:to|back to) (?:its|the) original(?: state| version)?\b", "undo all"),
    (r"\bcancel (?:the )?last (?:thing|change|edit|step)(?: (?:you|i) (?:did|made))?\b", "undo"),
    # "make it so only the picture stays": the sound goes
    (r"\bmake it so (?:that )?only the (?:picture|video|image|footage) (?:stays|is left|remains)\b", "remove the audio"),
    # "cut the first 2 seconds but keep the whole clip": nothing cut, said against a cut (asked)
    (r"\bkeep (?:the whole (?:clip|video|thing)|everything)(?:\s+(?:as it is|as is|the same|intact|untouched))?(?=\s*(?:[,.;!?]|$))",
     "don't cut anything"),
    # "turn the whole thing down a little": the verb's two halves around the object
    (r"\bturn (?:the whole thing|everything|it all|the whole (?:clip|video)|the (?:sound|audio|volume)) (down|up)\b", r"turn \1 the volume"),
    # "add a tidal that says Hello": a title heard as another word
    (r"\b(add|put|a|the) (?:tidal|tittle|titel|tidle)\b", r"\1 title"),
    # "i was going to say cut the intro but actually just …": what was going to be said is not said
    (r"^i was (?:going to|gonna) (?:say|ask(?: you)?(?: to)?)\b.*?\bbut (?:actually |instead )?(?:just )?", ""),
    # "dont cut anything just put a title …": the request after what is not wanted is its own clause
    (r"\b(don'?t (?:cut|change|touch|trim|mute|remove) (?:anything|it|the \w+))\s+(?=just\b|only\b)", r"\1, "),
    # a run-on: a verb right after a length starts the next clause ("cut the first two seconds mute the last two")
    (r"(\b(?:cut|mute|trim|remove|delete|keep|chop)\b[^,.;!?]*?(?:\d\s*(?:seconds?|secs?|s)\b|\b(?:first|last) \d+\b))\s+"
     r"(?=(?:cut|mute|trim|remove|delete|add|put|set|turn|make|keep|extract|lower|raise)\b)", r"\1, "),
    # "b&w" is black and white
    (r"\bb\s?(?:&|and|n)\s?w\b", "black and white"),
    (r"\bcut (?:it |this )?down to the (first|last) (\d+(?:\.\d+)?)\b(?!\s*(?:s|secs?|seconds?)\b)", r"keep the \1 \2 seconds"),
    # "cut it down to the first half", "trim to the middle 4 seconds": what is left is that part
    (r"\b(?:cut|trim|shorten|chop)(?:\s+(?:it|this|the video|the clip))?\s+(?:down\s+)?to\s+(?:just\s+|only\s+)?the\s+"
     r"(?=(?:first|last|middle|opening|final)\s+(?:half|third|quarter|\d))", "keep the "),
    # a title's words, then how they look ("add the title 'Grand Opening' in big red letters"): a clause of its own
    (r"(⟦\d+⟧)\s+(in (?:(?:big|large|huge|tiny|small|bold|red|blue|white|yellow|green|black)\s+){1,3}(?:letters|text|font|writing)\b)",
     r"\1, \2"),
    # "undo that last one"
    (r"\bundo (?:that|the) last (?:one|1)\b", "undo"),
    # a format in brackets ("keep just the audio (wav)"): that format
    (r"\(\s*(mp3|wav|m4a|mp4)\s*\)", r" as \1"),
    # "theres a cough at like 0:07-0:08, can u mute just that bit": that part
    # (not after an edit's verb: "mute from 2 to 4 s, no wait, cut that part" is a correction, read by its rule)
    (_NO_VERB_BEFORE + r"\b(?:at|from)\s+(?:like\s+|about\s+|around\s+)?(\d+(?::\d{2})?(?:\.\d+)?\s*(?:s|secs?|seconds?)?)\s*(?:to|-|–|until|till)\s*(\d+(?::\d{2})?(?:\.\d+)?\s*(?:s|secs?|seconds?)?)\b[^.;!?]*?,\s*(?:can (?:u|you)\s+)?(?:please\s+|pls\s+)?"
     r"(mute|cut|remove|delete|trim|drop|silence)\s+(?:just\s+|only\s+)?(?:that|this|it|those)(?:\s+(?:bit|part|section))?\b", r", \3 from \1 to \2"),
    # "wait no, put it back, undo that": one undo, said twice
    (r"\bput it back,?\s+(?=undo\b)", ""), (r"\bput it back\s*$", "undo"),
    # "undo it and do 80% instead": that level
    (r"\bdo (\d+(?:\.\d+)?\s*%)(?=\s+instead\b|\s*$)", r"make it \1"),
    # "make it more small, half is good": to half
    (r"\bhalf is (?:good|fine|ok|okay|enough|better)\b", "to 50%"),
    # "trim it to just 0:03-0:08": a range trimmed to is kept
    (r"\btrim (?:it |this |the (?:clip|video) )?(?:down )?to (?:just |only )?(?=(?:from )?\d+(?::\d+)?(?:\.\d+)?\s*(?:s|secs?|seconds?)?"
     r"\s*(?:-|–|to|until)\s*\d)", "keep only "),
    # a call as code ("cut(0, 3s)"): that edit on that part
    (r"\b(cut|mute|delete|remove)\s*\(\s*(\d+(?:\.\d+)?\s*(?:s|secs?)?)\s*,\s*(\d+(?:\.\d+)?\s*(?:s|secs?)?)\s*\)",
     r"\1 from \2 to \3"),
    # "need the first 20% gone": that part cut
    (r"\b(?:need|want|get|have)\s+(the (?:first|last|final|opening) [^,.;!?]+?)\s+gone\b", r"cut \1"),
    # a learner's "quit the sound" (Spanish "quitar"): taken off
    (r"\bquit (?:the )?(sound|audio)\b", r"mute the \1"),
    # a part said with its times, then pointed back at: "It's from 2.5s to 7s. Can you keep just that part?",
    # "from 0:03 to 0:05 someone coughs …, please mute that bit", "The first 1.5 s is me asking …, cut that"
    (r"\b(?:it'?s|it is|that'?s|that is|which is)\s+(?:from\s+)?(\d+(?::\d{2})?(?:\.\d+)?\s*(?:s|secs?|seconds?)?)\s*(?:to|-|until|till)\s*(\d+(?::\d{2})?(?:\.\d+)?\s*(?:s|secs?|seconds?)?)\s*[.,;!?]+\s*"
     r"([^.;!?]*?)\b(?:that|this|the) (?:part|bit|section|piece|shot|clip)\b", r", \3 from \1 to \2"),
    (_NO_VERB_BEFORE + r"\bfrom (\d+(?::\d{2})?(?:\.\d+)?\s*(?:s|secs?|seconds?)?)\s*(?:to|-|until|till)\s*(\d+(?::\d{2})?(?:\.\d+)?\s*(?:s|secs?|seconds?)?)\b[^.;!?]*?,\s*(?:please\s+|pls\s+|just\s+)?(mute|cut|remove|delete|trim|drop|silence)"
     r"\s+(?:that|this|it|those)(?:\s+(?:bit|part|section))?\b", r", \3 from \1 to \2"),
    (r"^(the (?:first|last|final|opening) (\d+(?::\d{2})?(?:\.\d+)?\s*(?:s|secs?|seconds?)?))\s+(?:is|are|was)\b[^;.!?—]*?(?:\s[—–-]+|[,;.!?])\s*(cut|mute|remove|delete|trim|drop)"
     r"\s+(?:that|it|this|them)\b", r"\3 \1"),
    # an editor's in and out points: what is between them is kept ("set in point at 1s and out point at 8s")
    (r"\b(?:set (?:the |an? )?)?in[- ]?point (?:at|to|on|=)?\s*(\d+(?:\.\d+)?\s*(?:s|secs?|seconds?)?)\s*(?:,|and)?\s*(?:set )?(?:the |an? )?out[- ]?point (?:at|to|on|=)?\s*(\d+(?:\.\d+)?\s*(?:s|secs?|seconds?)?)"
     r"(?:\s*,?\s*(?:and )?keep (?:only |just )?(?:what'?s|whats|what is|everything) (?:in )?between(?: them)?)?", r"keep from \1 to \2"),
    # "split at 6s and delete everything after the split": what is after (or before) that time goes
    (r"\bsplit (?:it |the clip |the video )?at (\d+(?:\.\d+)?\s*(?:s|secs?|seconds?)?),? (?:and |then )?(delete|remove|cut|drop|trash) (?:everything|all|the part|the bit|what'?s)"
     r" (after|before) (?:the split|it|that|there)\b", r"\2 everything \3 \1"),
    # ffmpeg said as the request: "-ss 2 -to 8" keeps that part, "-an" drops the sound
    (r"\bffmpeg\b[^;,.?!]*?-ss\s+(\d+(?:\.\d+)?\s*(?:s|secs?|seconds?)?)\s+-to\s+(\d+(?:\.\d+)?\s*(?:s|secs?|seconds?)?)", r"keep from \1 to \2"),
    (r"\bffmpeg\s+-an\b", "remove the audio"),
    # dragging a clip's end in (or its start) on a timeline: "drag the end in to 8s"
    (r"\b(?:drag|pull|move|bring) (?:the )?end (?:in |back )?to (\d+(?:\.\d+)?\s*(?:s|secs?|seconds?)?)", r"cut everything after \1"),
    (r"\b(?:drag|pull|move|bring) (?:the )?(?:start|beginning) (?:in |forward )?to (\d+(?:\.\d+)?\s*(?:s|secs?|seconds?)?)", r"cut everything before \1"),
    # a sound nobody should hear is muted ("make it so nobody hears it", "nobody should hear anything in …")
    (r"\bmake (?:it|this|that) so (?:that )?(?:nobody|no one|no-one|people (?:don'?t|can'?t)|you (?:don'?t|can'?t))"
     r" (?:can |will )?hears?\b", "mute"),
    (r"\b(?:nobody|no one|no-one) (?:should|can|must|will|may) hear (?:anything|it|that|this|a thing)\b", "mute"),
    # texting's "n" for "and" ("cut last 2 sec n export mp4")
    (r"(?<=[a-z0-9])\s+n\s+(?=[a-z])", " and "),
    # ordinal seconds as a range's ends ("from the 1st to the 5th second"): from 1 s to 5 s
    (r"\bfrom the (\d+)(?:st|nd|rd|th) (?:to|till|until|through) the (\d+)(?:st|nd|rd|th) (sec(?:ond)?s?)\b",
     r"from \1 to \2 \3"),
    # an ordinal second alone ("mute the 3rd second"): that second of the clip, from 2 s to 3 s
    *((rf"(?<!from )(?<!to )(?<!and )\bthe {n}(?:st|nd|rd|th) sec(?:ond)?\b(?!\s*(?:to|till|until|through|and|-)\b)",
       f"from {n - 1} to {n} seconds") for n in range(1, 11)),
    (r"(?<!off )(?<!from )\bthe front\b", "the first"), (r"\bfront (?=\d)", "first "), (r"\b1st\b", "first"),
    # a part of the clip named by what happens in it, then its times ("the sneeze starts at 7s and ends at 8s"),
    # and the intro or outro's length ("my intro is 3 seconds long"): that part, for the verb said after it
    (r"\b(?:the|a|my|that|this)\s+(?!video\b|clip\b|film\b|footage\b|recording\b|title\b)[a-z]+\s+(?:starts?|begins?|happens?)\s+"
     r"(?:at\s+)?(\d+(?:\.\d+)?\s*(?:s|secs?|seconds?)?)\s+and\s+(?:ends?|stops?|finish(?:es)?)\s+(?:at\s+)?(\d+(?:\.\d+)?\s*(?:s|secs?|seconds?)?)",
     r"from \1 to \2"),
    (r"\b(?:my|the)\s+intro\s+is\s+(?:the\s+first\s+)?(\d+(?:\.\d+)?\s*(?:s|secs?|seconds?))(?:\s+long)?", r"the first \1"),
    (r"\b(?:my|the)\s+outro\s+is\s+(?:the\s+last\s+)?(\d+(?:\.\d+)?\s*(?:s|secs?|seconds?))(?:\s+long)?", r"the last \1"),
    # "cut those 3 seconds off" after the part was said: them
    (r"\b(?:those|these)\s+\d+(?:\.\d+)?\s*(?:s|secs?|seconds?)\b", "them"),
    # "turn it down like half": to half the level
    (r"\b(?:turn|bring)\s+(?:it|the (?:volume|sound|audio))\s+down,?\s+(?:like\s+|about\s+|to\s+|by\s+)?(?:a\s+)?half\b",
     "set the volume to 50%"),
    # the level before, or the clip's own length: back to the original
    (r"\b(?:as loud as (?:before|it was|originally|the original))\b", "to 100% volume"),
    (r"\b(?:make it|back to|put it back to)\s+the same length as\s+(?:the original|it was|before)(?:\s+again)?\b", "undo all"),
    # a programmer's slice and assignments: "keep[2:8]", "audio = None", "vol -> 80%"
    (r"\[\s*(\d+(?:\.\d+)?)\s*:\s*(\d+(?:\.\d+)?)\s*\]", r" \1s-\2s "),
    (r"\b(?:audio|sound)\s*=\s*(?:none|null|nil|false|0)\b", "remove the audio"),
    (r"\b(?:vol|volume)\s*(?:->|=>|=)\s*", "volume to "),
    # Singapore and Malaysia English: "can X or not" asks for X
    (r"^can (.+?),?\s+or not\b", r"\1"),
    # "make the volume half": half the level
    (r"\bmake (?:the )?(?:volume|sound|audio) half\b", "set it to 50%"),
    # "the only audio of the last second": the sound of that part (what to mute), not a part to keep
    (r"\b(?:only|just) (?:the )?(?:audio|sound) (?:of|in|for|during) (?=the (?:first|last|final))", ""),
    (r"\bi (?:only|just) (?:want|need) to hear\b", "keep hearing"),
    # common slips of the title and its verb
    (r"\btittle\b", "title"), (r"\bad (?=a (?:title|text|caption)\b)", "add "),
    # a time said the way a stopwatch shows it ("2s500"), homophones of a number before seconds in dictation
    (r"\b(\d+)\s*s\s*(\d{3})\b", r"\1.\2s"),
    (r"\bthe (first|last|final) (?:too|to) (seconds?|secs?)\b", r"the \1 2 \2"), (r"\bthe (first|last|final) for (seconds?|secs?)\b", r"the \1 4 \2"),
    # "an mp three": the format, said aloud
    (r"\bmp\s*(3|4)\b", r"mp\1"),
    # "the audio part", "the video part": the thing, not a part of the clip
    (r"\b(audio|video|sound|picture) part\b", r"\1"),
    # a podcaster's "duck it by 10 dB": lower it
    (r"\bduck\b(?=[^,.;]*\bby\s+-?\d)", "lower"),
    # "for about 4 seconds", "around 50%": the amount said
    (r"\b(?:about|around|roughly|approximately|approx\.?)\s+(?=\d)", ""),
    # dictation without punctuation: a polite request starts a new sentence ("… very well can you make it …")
    (r"(?<=[a-z0-9])\s+(?=(?:can|could|would) you\b)", ". "),
    # "3..6": a range as a programmer writes it
    (r"(?<=\d)\s*\.\.\s*(?=\d)", " to "),
    # "… anything i just want …": a sentence said without its comma (dictation) starts again at "i want"
    (r"(?<=[a-z0-9])\s+(?=i (?:just |only |really )?(?:want|need|would like)\b)", ", "),
    # a decimal comma ("2,5 seconds", a German or French writer's 2.5)
    (r"(?<![\d,])(\d+),(\d)(?=\s*(?:s|secs?|seconds?|ms|%)\b)", r"\1.\2"),
    # a share of the clip said as a fraction: "the first quarter", "the last third"
    (r"\b(first|last|final|opening)\s+quarter\b", r"\1 25%"), (r"\b(first|last|final|opening)\s+third\b", r"\1 33.33%"),
    (r"\b(first|last|final|opening)\s+(?:fifth|5th)\b", r"\1 20%"), (r"\b(first|last|final|opening)\s+(?:tenth|10th)\b", r"\1 10%"),
    # "I'd rather mute …": the wish, said
    (r"\b(?:i think )?i'?d rather\b", ""),
    # "20% of the video": a share of the clip, said after the span word
    (r"(\d+(?:\.\d+)?\s*%)\s+of\s+(?:the|this|my)\s+(?:video|clip|footage|recording)\b", r"\1"),
    # audio formats said by another name: AAC is the M4A export, a lossless file a WAV
    (r"\baac\b", "m4a"), (r"\b(?:a\s+)?lossless(?:\s+(?:audio|sound))?(?:\s+(?:file|format|version|copy))?\b", "wav"),
    # the loudest level: "as loud as it can go", "all the way up", "max volume"
    (r"\bas loud as (?:it can go|it goes|possible|you can(?: make it)?)\b|\bto (?:the )?max(?:imum)?\b"
     r"|\b(?:max|maximum|full) volume\b|\bfull blast\b", "to 200%"),
    # "only trim the end", "just cut 1 second": "only" before a verb restricts the edit
    (r"\b(?:only|just)\s+(?=(?:cut|trim|mute|remove|delete|drop|chop|lower|reduce)\b)", ""),
    # "one point five": a decimal said aloud
    (r"\b(\d+) point (\d)(?: (\d))?(?: (\d))?\b", r"\1.\2\3\4"),
    # a level said as a multiple of the sound ("set the volume to 1.5x", "make it 2x louder"): that many times
    (r"\b(?:set |turn |put |make )?(?:the )?(?:volume|sound|audio) (?:to |at )?(\d+(?:\.\d+)?)\s*(?:x|times)(?![a-z])",
     _times_level),
    (r"\b(\d+(?:\.\d+)?)\s*(?:x|times) (?:louder|as loud|the volume)\b", _times_level),
    # "and another second" after a cut: one more second at the same end
    (r"\banother (secs?|seconds?|s)\b(?!\s*(?:clip|video|file|one|upload|take)s?\b)", r"another 1 \1"),
    # the sound taken off, said as what the video should not have ("make it so it doesn't have sound")
    (r"\bmake (?:it|the video|this) so (?:that )?(?:it|the video) (?:doesn'?t|does not|won'?t) have (?:any )?(?:sound|audio)\b",
     "remove the audio"),
    # "make the first 3 seconds quiet": those seconds muted (not a volume for a part)
    (r"\bmake\s+(the\s+(?:first|last|final|opening)\s+\d+(?:\.\d+)?\s*(?:s|secs?|seconds?))\s+(?:quiet|silent)\b", r"mute \1"),
    # "make the sound super low, like 10%": the level said after the word for it
    (r"\b(?:make|turn|set|put)\s+(?:the\s+|it\s+)?(?:sound|volume|audio)?\s*(?:super |really |very |way )?(?:low|quiet|down|soft)"
     r"\s*,?\s*(?:like|say|about|around|maybe)\s+(\d+(?:\.\d+)?)\s*%", r"set the volume to \1%"),
    # "half volume": half the level; "10 percent of what it is": that share of it
    (r"^\s*half (?:the )?volume\b", "set the volume to 50%"),
    (r"\b(\d+(?:\.\d+)?)\s*(?:%|percent|per cent) of what it is(?: now)?\b", r"\1%"),
    # "…, don't need it": the part said before it goes
    (r",\s*(?:i\s+)?(?:don'?t|do not) need (?:it|that|this|them)\b", ", cut it"),
    # Markdown struck through ("~~mute the end~~ (never mind that one)"): taken back
    (r"~~[^~]*~~\s*(?:\([^)]*\))?", ""),
    # "first two seconds gone": cut
    (r"\b(?:the\s+)?(first|last|final)\s+(\d+(?:\.\d+)?)\s*(s|secs?|seconds?)\s+gone\b", r"cut the \1 \2 \3"),
    # a complaint before an undo ("too loud, go back"): the undo is the request
    (r"^(?:ugh[,.!]?\s*)?(?:too (?:loud|quiet|much|long|short)|that'?s (?:too \w+|wrong|bad|worse))[,.!]\s*(?=(?:go back|undo|revert)\b)", ""),
    # the redo key said as the request; "make it wav instead": the sound in that format
    (r"^\s*(?:ctrl|control|cmd|command)\s*\+\s*(?:y|shift\s*\+\s*z)\s*$", "redo"),
    (r"^\s*make it (?:an? )?(mp3|wav|m4a)(?: file)?(?: instead)?\s*$", r"extract the audio as \1"),
    # "half a sec": half a second ("the first half a sec" is not the first half of the clip)
    (r"\bhalf (?:a|1|one) (secs?|seconds?|s)\b", r"0.5 \1"),
    # "between sec 2 and 4": the unit said before the number
    (r"\b(between|from|at|to|till|until) (?:sec|second) (\d+(?:\.\d+)?)\b(?!\s*(?:s|secs?|seconds?)\b)", r"\1 \2 sec"),
    # "make it half", "the volume make it half": half the level
    (r"\bmake it half\b(?!\s+(?:a|an|as|the|of)\b)", "set it to 50%"),
    # "crank it up all the way": the loudest level
    (r"\bup all the way\b|\ball the way up\b", "volume to 200%"),
    # "cut only the first second", "cut first 2 seconds only": "only" beside a cut says how much, it does not keep
    (r"\b(cut|trim|remove|delete|drop|chop|mute)\s+only\s+(?=(?:the\s+)?(?:first|last|\d))", r"\1 "),
    (r"^((?:cut|trim|remove|delete|drop|chop|mute|reduce|lower|raise|increase)\b[^,.;]*?\d[^,.;]*?)\s+only\b", r"\1"),
    # 3'' (seconds), 1'30'' (a minute and a half)
    (r"(\d+)'\s*(\d+(?:\.\d+)?)''", r"\1:\2"), (r"(\d+(?:\.\d+)?)\s*''", r"\1s"),
    # "from the second 4": the 4 s mark (a learner's word order), not the second of two things
    (r"\bthe second (\d+(?:\.\d+)?)\b(?!\s*(?:s|secs?|seconds?|ms)\b)", r"\1s"),
    # fractions of a level: "a quarter as loud", "down by a third"
    (r"\b(?:a|one)\s+quarter\b(?!\s+of\b)", "25%"), (r"\bthree\s+quarters\b(?!\s+of\b)", "75%"),
    (r"\b(?:a|one)\s+third\b(?!\s+of\b)", "33%"),
    # units
    (r"\bdecibels?\b|(?<=\d)\s*dbs?\b|\bdbs?\b", " db"),
    (r"\bmilliseconds?\b|\bmsecs?\b|(?<=\d)\s*millis\b", " ms"),
    # "the first second and a half", "2 seconds and a half", "a second and a half"
    (r"\b(?:the )?(first|last|final|opening) (?:1 )?(?:second|sec) and a half\b", r"\1 1.5 seconds"),
    (_T + r"\s*(seconds?|secs?|minutes?|mins?) and a half\b", r"\1.5 \2"),
    (_T + r"\s+and\s+half\s+(seconds?|secs?)\b", r"\1.5 \2"), (r"(\d+)\s+and\s+0\.5\s+(seconds?|secs?)\b", r"\1.5 \2"),
    (r"\b(?:a|an|one) half (?:a |an )?(second|sec)\b|\bhalf (?:a |an )?(?:second|sec)\b", "0.5 seconds"),
    # "the last half" (of the clip) is its second half
    (r"\b(?:the )?(?:last|final|latter|back) half\b(?! (?:a |an )?(?:second|sec|minute))", "the second half"),
    # levels said as words
    # "the voice is too loud, please make it smaller": a learner's word for quieter (louder)
    (r"(\btoo loud\b[^.;!?]*?\bmake (?:it|that|this) (?:a (?:little|bit) )?)smaller\b", r"\1quieter"),
    (r"(\btoo (?:quiet|soft|low)\b[^.;!?]*?\bmake (?:it|that|this) (?:a (?:little|bit) )?)bigger\b", r"\1louder"),
    # "only the last 2 seconds should go": that part cut
    (r"\b(?:only |just )?((?:the )?(?:first|last) \d+(?:\.\d+)?\s*(?:s|secs?|seconds?)) (?:should|needs to|has to|must) "
     r"(?:go|be (?:cut|removed|deleted|gone|cut out))\b", r"cut \1"),
    # "mute from 0:02 for 5 seconds": from a time, for a length
    (r"\bfrom (\d+(?:\.\d+)?|\d+:\d{2}(?:\.\d+)?)\s*(?:s|secs?|seconds?)? for (\d+(?:\.\d+)?)\s*(?:s|secs?|seconds?)\b",
     _for_a_length),
    # "I just need the audio from this clip as a WAV file": the sound kept, in that format
    (r"\b(?:i\s+)?(?:just\s+|only\s+)?(?:need|want)\s+(?:the\s+)?(?:audio|sound)(?:\s+(?:from|of)\s+(?:this|the|my)\s+"
     r"(?:clip|video))?\s+as\s+(?:an?\s+)?(mp3|wav|m4a|aac)\b", r"extract the audio as \1"),
    # "turn down volume all the way": down as far as it goes
    (r"\b(turn|bring|put|take|drop|pull)\s+down\s+(?:the\s+)?(volume|sound|audio)\s+all the way\b", r"\1 the \2 to 0%"),
    (r"\ball the way (?:down|off)\b|\bas (?:low|quiet) as (?:it|possible)(?: (?:can )?(?:go|goes))?\b"
     r"|\bto (?:the )?minimum\b|\bto (?:zero|0)(?!\.?\d)(?!\s*(?:s|secs?|seconds?|ms|:))\b", "to 0%"),
    (r"\bto (?:a |one )?quarter\b", "to 25%"), (r"\bto (?:a |one )?third\b", "to 33%"),
    (r"\b(?:back )?to (?:normal|the original (?:level|volume)|its original (?:level|volume)|full)\b", "to 100%"),
    (r"\bhalf the volume\b|\bhalve the volume\b", "set the volume to 50%"),
    # what a title says, when it follows a word that introduces it without quotes (the quotes are added
    # to the original text by the structure stage; these only tidy what is left)
    (r"\bso (?:that )?it (?:runs|goes|plays|lasts) from\b", "keep from"),
    (r"(?<!title )(?<!caption )(?<!text )\bon screen\b", "as a title on screen"),
    (r"\bblack (?:and|&) white\b", "grayscale"),  # one word: "and" splits clauses
    (r"^i'?d like (.+?) (?:gone|removed|cut out|cut)$", r"cut \1"),
    (r"\b(?:give|send) me (?:the|an?) (?:mp4|video|file|result)\b", "export it"),
    (r"\b(audio|sound) only\b", r"only \1"),
    (r",?\s*(?:and )?keep the rest\b", ""),
    (r"(\bkeep\b[^.;]*?),?\s*(?:and )?(?:throw away|discard|ditch|drop|delete|remove|cut|lose|get rid of|bin)"
     r" (?:the rest|everything else)\b", r"\1"),
)  # fmt: skip

_CUT_VERB = r"(?:cut|remove|delete|trim|drop|get rid of|lose|ditch|scrap|chop)"
#: "except (for) the bit between": what leaves a part out of an edit; a range after it (⟨T⟩ to ⟨T⟩).
_EXCEPT = (
    r"(?:except(?:\s+for)?|but(?:\s+for)?|other than|apart from|besides|save for|excluding)\s+(?:the\s+)?"
    r"(?:(?:bit|part|section|portion|piece|segment)\s+)?(?:from\s+|between\s+)?"
)
_RANGE = r"⟨T⟩\s*(?:to|and|-|–|until|till)\s*⟨T⟩"
#: The whole clip, as the thing a verb acts on ("mute everything", "mute the video").
_WHOLE = (
    r"(?:everything|all|the rest|it|the (?:whole |entire )?(?:video|clip|thing)|the (?:audio|sound))"
    r"(?:\s+of\s+(?:it|the video|the clip))?(?:\s+(?:throughout|everywhere))?,?"
)
#: Set phrasings of a span rewritten to the plain wording the clause rules read (``⟨T⟩`` a time, ``⟨NUM⟩`` a
#: number; applied in order before the message is split into clauses).
SPAN_REWRITES: tuple[tuple[str, str], ...] = (
    # "remove the sound but keep the sound of the last second": the rest of the clip is muted
    (r"\b(?:remove|mute|kill|turn off|cut|drop)\s+(?:the\s+|all\s+(?:the\s+)?)?(?:sound|audio)\s*,?\s*(?:but|except)\s+"
     r"(?:keep|leave)\s+(?:the\s+)?(?:sound|audio)\s+(?:of|in|for|during|on)\s+(?:the\s+)?", "mute everything except the "),
    # "remove the audio except for the last 2 seconds": the sound stays there, the rest is muted
    (r"\b(?:remove|mute|kill|turn off|drop|take out)\s+(?:the\s+|all\s+(?:the\s+)?)?(?:sound|audio)\s*,?\s*"
     r"(?:except(?:\s+for)?|but(?:\s+for)?|other than|apart from)\s+(?:the\s+)?(?=(?:first|opening|last|final)\b)",
     "mute everything except the "),
    (r"\bbetween\s+⟨T⟩\s+and\s+⟨T⟩", r"\1\2-\3\4"),
    (r"\bstart(?:s)? (?:the video |it )?at\s+⟨T⟩\s+and\s+end(?:s)? (?:it )?at\s+⟨T⟩", r"keep \1\2-\3\4"),
    # "the 2 second mark", "the 0:05 mark": a time
    (r"(?:\bthe\s+)?⟨NUM⟩[ -]?(?:(?:seconds?|secs?|s)[ -])?mark\b", r"\1s"),
    # "cut everything except the first 5 seconds", "remove all but the last 4": what is kept
    (r"\b" + _CUT_VERB + r"\s+(?:of\s+)?(?:everything|all|anything|the rest)(?:\s+of\s+(?:it|the video|the clip))?\s+"
     r"(?:except(?:\s+for)?|but|other than|apart from|besides|save for)\s+", "keep "),
    # "0:04 to the end", "from the start to 0:04": open-ended spans said with both ends
    (r"(?:\bfrom\s+)?⟨T⟩\s*(?:to|until|till|through|-)\s*(?:the\s+)?end\b", r"from \1\2"),
    (r"(?:\bfrom\s+)?(?:the\s+)?(?:start|beginning)\s*(?:to|until|till|through|-)\s*⟨T⟩", r"before \1\2"),
    # "trim both the start and the end by 1 second", "1 second from the start and the end"
    (r"\b(?:both\s+)?(?:the\s+)?(?:start|beginning)\s+and\s+(?:the\s+)?end(?:ing)?\s+by\s+⟨T⟩",
     r"the first \1\2 and the last \1\2"),
    (r"⟨T⟩\s+(?:off|from)\s+(?:both\s+)?(?:the\s+)?(?:start|beginning)\s+and\s+(?:the\s+)?end(?:ing)?\b",
     r"the first \1\2 and the last \1\2"),
    # "trim the start by 1 second and the end by 2 seconds"
    (r"\b(?:the\s+)?(?:start|beginning)\s+by\s+⟨T⟩", r"the first \1\2"),
    (r"\b(?:the\s+)?end(?:ing)?\s+by\s+⟨T⟩", r"the last \1\2"),
    (r"\b(first|last) and (?:the )?(first|last)\s+⟨T⟩", r"\1 \3\4 and \2 \3\4"),
    # "the first 2 and the last 3 seconds": the unit said once
    (r"\b(first|last)\s+(\d+(?:\.\d+)?) and (?:the )?(first|last)\s+⟨T⟩", r"\1 \2\5 and \3 \4\5"),
    (r"⟨T⟩\s*(?:(?:off|from|at|on)\s+)?(?:both|each)\s+ends?", r"first \1\2 and last \1\2"),
    # "shorten it to 6 seconds by cutting the start": which end goes is said after the length
    (r"\b(?:shorten|trim|cut|make|reduce|bring)\b(?:\s+(?:it|this|the video|the clip))?\s+(?:down\s+)?to\s+⟨T⟩"
     r"\s+by\s+(?:cut|trim|remov|tak|drop|chop|delet)\w*\s+(?:off\s+|away\s+)?(?:from\s+)?(?:the\s+)?"
     r"(?:start|beginning|front|intro)\b", r"keep the last \1\2"),
    (r"\b(?:shorten|trim|cut|make|reduce|bring)\b(?:\s+(?:it|this|the video|the clip))?\s+(?:down\s+)?to\s+⟨T⟩"
     r"\s+by\s+(?:cut|trim|remov|tak|drop|chop|delet)\w*\s+(?:off\s+|away\s+)?(?:from\s+)?(?:the\s+)?"
     r"(?:end|ending|outro)\b", r"keep the first \1\2"),
    # "mute everything except the first 2 seconds", "… except the last 2": the rest of the clip is muted
    (r"\b(?:mute|silence)\s+" + _WHOLE + r"\s+"
     r"(?:except(?:\s+for)?|but|other than|apart from|besides|save for)\s+(?:the\s+)?(?:first|opening)\s+⟨T⟩",
     r"mute after \1\2"),
    (r"\b(?:mute|silence)\s+" + _WHOLE + r"\s+"
     r"(?:except(?:\s+for)?|but|other than|apart from|besides|save for)\s+(?:the\s+)?(?:last|final)\s+⟨T⟩",
     r"mute before the last \1\2"),
    # "… except (the bit) between 1 and 3 seconds": a range kept out of the edit
    (r"\b(?:mute|silence)\s+" + _WHOLE + r"\s+" + _EXCEPT + _RANGE, r"mute before \1\2 and mute after \3\4"),
    (r"\bkeep\s+" + _WHOLE + r"\s+" + _EXCEPT + _RANGE, r"cut \1\2-\3\4"),
    # "keep hearing 2 to 5 s, mute everything else": the rest of the clip is muted
    (r"\bkeep hearing\s+(?:from\s+)?" + _RANGE + r"\s*(?:[,;—–-]\s*)?(?:and\s+|so\s+)?(?:mute|silence)\s+(?:everything|all|the rest)"
     r"(?:\s+else)?\b", r"mute before \1\2 and mute after \3\4"),
    # "range(5, 7)": a range as a programmer writes it
    (r"\brange\(\s*⟨T⟩\s*,\s*⟨T⟩\s*\)", r"\1\2-\3\4"),
    # "trim the end, 1.5 seconds": the length said after the end it is taken from
    (r"\b(?:the\s+)?(?:end|ending|tail)\s*,\s*(?:by\s+)?⟨T⟩", r"the last \1\2"),
    (r"\b(?:the\s+)?(?:start|beginning|head)\s*,\s*(?:by\s+)?⟨T⟩", r"the first \1\2"),
    # "keep 2 to 6 s, delete the rest": the rest goes with the keep
    (r"^(keep\b[^,;]+?)[,;]?\s+(?:and\s+)?(?:cut|delete|remove|drop|trim)\s+(?:the rest|everything else|all the rest)\b",
     r"\1"),
    # "[0s, 1.5s]", "t=3..6": a range written the way a programmer writes one
    (r"\[\s*⟨T⟩\s*,\s*⟨T⟩\s*\]", r"\1\2-\3\4"), (r"\bt\s*=\s*(?=\d)", ""),
)  # fmt: skip

#: Words that change no edit: skipped by the reading (and never "left over").
FILLERS: tuple[str, ...] = (
    r"^(?:oops|whoops|ah|argh|ugh)[,.!]*\s+(?=(?:undo|redo)\b)",  # "oops, redo that"
    r"\bum+\b", r"\buh+\b", r"\ber+m?\b", r"\bhmm+\b", r"^(?:ok(?:ay)?|so|well|yeah|right)[, ]+(?:so )?", r"\bso yeah\b",
    r"\bjust\b(?= (?:cut|trim|mute|remove|keep|lower|set|take|extract|add|delete))", r"\byou know\b",
    # Indian English courtesy: "kindly", "do one thing, …", "… and revert (back to me)" (reply to me)
    r"\bkindly\b", r"\bdo (?:1|one) thing\b[,:]?", r"\s*,?\s*\band revert(?: back)?(?: to me)?\s*(?=[.!]*$)",
    r"(?<=you) like\b(?= (?:cut|trim|mute|remove|keep|lower|set|take))", r"\b(?:kinda|basically)\b",
    r"\bthat's all\b|\bthanks?(?: you)?(?: so much)?\b|\bthank you\b|\bcheers\b",
    r"^(?:hi|hello|hey)(?: there)?\b[!,.]?", r"\bfor me\b", r"\bquick (?:one|1)\b\s*:?",
    # the order of the steps ("First, please remove …. Second, …"): a comma after the word says so
    r"(?:^|(?<=[.;!?]\s))(?:first(?:ly)?|second(?:ly)?|third(?:ly)?|next|finally|lastly)\s*,\s*",
    # when the user has to go ("I have a meeting in 5 min", "before my 3pm call"): not a time of the clip
    r",?\s*\b(?:i have|i've got|i got|got) (?:a |an |my |the )?(?:meeting|call|class|flight|train|bus|appointment|lecture"
    r"|deadline|presentation)\b[^,.;!?]*",
    r"\s*\b(?:before|after) (?:my|the|our|this) (?:\d+(?::\d{2})?\s*(?:am|pm)\s*)?(?:meeting|call|class|flight|lecture"
    r"|deadline|presentation|standup|stand-up)\b",
    r",?\s*\b(?:posting|uploading|leaving|going live|live|due|presenting)\b[^,.;!?]*?\bin \d+\s*(?:min|mins|minutes|hours?|hrs?)\b",
    r"\b(?:it|that) was (?:good|fine|better|ok|okay|right) before\b", r"\bbut for now\b|\bfor now\b",
    # "alamak wrong one, undo": the slip said before the request
    r"^\W*(?:\w+\s+)?wrong (?:one|1|button|thing)\b[,!.]?",
    # the rest said to be fine, or only described ("the rest is ok", "the rest is just guests walking out")
    r",?\s*\b(?:the )?rest (?:is|are|was) (?:ok|okay|fine|good|alright|perfect|great)\b",
    r",?\s*\b(?:the )?rest (?:is|are|was) (?:just|only) [^,.;!?]*",
    # a format said to be fine ("mp4 is fine"): the export's, not an edit
    r"(?<!otherwise)(?<!otherwise )(?<!else)(?<!else )(?<!\bor)(?<!\bor ),?\s*\b(?:mp4|mp3|wav|m4a) (?:is|are|'s) (?:fine|ok|okay|good|great|perfect)\b",
    # what the result is for, said last (", so people can follow it with the sound off"): not a request
    r",\s*so (?:that )?(?:people|viewers|everyone|anyone|they|you|we|i|it|my \w+|the \w+) (?:can|could|will|would)"
    r"\b[^,.;!?]*[.!]?$",
    r"\b(?:thx|rn|pls|plz)\b", r"\s*\b(?:lol|lmao|rofl|haha+|hehe+|xd)\b[!.]*", r"\bmate\b", r"[,\s]+ta\s*[!.]*$",
    # a forum post's summary line says the request: what comes before "TL;DR" is its story
    r"^.*\btl\s*;?\s*dr\b\s*[:,-]?",
    # the rest said to go after a keep ("…, rest is not needed"); a count of the requests before them ("OK 3 things:")
    r",?\s*\b(?:the\s+)?rest (?:is|are) not needed\b|,?\s*\b(?:the\s+)?rest (?:isn'?t|is not) needed\b",
    r"(?:^|(?<=[.!?]\s))(?:ok(?:ay)?\s+)?\d+\s+(?:things|changes|edits)\s*[:：]",
    # "first cut …, then …": the order said, not the first part of the clip
    r"(?:^|(?<=[:：,;]\s))first\s+(?=(?:cut|trim|mute|remove|set|add|lower|raise)\b)",
    # texting ("ngl", "fr", "tbh") and a range said to include its ends ("(both included)", "inclusive")
    r"\b(?:ngl|fr|tbh|imo|imho|idk|iirc|btw)\b", r"\s*\((?:both\s+)?(?:ends\s+)?(?:included|inclusive)[^()]*\)", r",?\s*\binclusive\b",
    # a code comment's marks ("# TODO: drop first 2s")
    r"^#+\s*(?:todo|fixme|note)?\s*:?\s*",
    # a mention or a wake word addressed to the assistant ("@nemo", "hey nemo,", "ok assistant"), a Slack "+1"
    r"(?:^|(?<=\s))@[\w-]+\b[:,]?", r"^\+1\b(?:\s+to\s+[^.!?]*)?[.!?]?",
    r"(?:^|(?<=^ok )|(?<=^okay )|(?<=^hey )|(?<=^hi ))(?:nemo|assistant)\b[,:]?",
    # an aside in brackets with no number in it ("(it's just me reaching for the camera)")
    r"\s*\((?![^()]*\d)(?!\s*(?:mp3|wav|m4a|mp4)\s*\))[^()]*\)",  # an aside in brackets, not a format said there
    # a deadline said as context ("need this in 5")
    r"\b(?:i\s+)?need (?:this|it) (?:in|by|within) \d+\s*(?:mins?|minutes|hours?|h)?\b[.!]?",
    # a result said after the request with no number in it ("… quieter so it's not so painful"): not a request
    r"(?<!\bmake it )(?<!\bmake this )(?<!\bmake the video )\bso (?:that )?(?:it|this|she|he|they|we|i)(?:'s| is| isn't| doesn't| does not| won't| will not| can| could)\b"
    r"(?![^,.;!?]*\d)[^,.;!?]*",
    # a restriction said after the edit: nothing else changes ("…, but not anything else")
    r",?\s*\b(?:but\s+)?(?:not anything|nothing) else\b",
    # the clip's length, said as context before the request ("clip is 10s so keep 2-8")
    r"^(?:the |my |this )?(?:clip|video)(?:'s| is) \d+(?:\.\d+)?\s*(?:s|secs?|seconds?)(?: long)?\s*,?\s*(?:so\b)?",
    # Singapore and Malaysia particles, exclamations, and a frustrated opening ("ugh no,", "why is this so hard,")
    r"(?:^|\s)(?:lah|la|leh|lor|meh|hor|nia|aiyo+|aiya|wah lau|walao)\b[!.]?", r"^(?:ugh+|argh+|omg|jeez|seriously)\b[,!.]?\s*(?:no\b[,!.]?)?",
    r"^why (?:is|does) (?:this|it) (?:so hard|not work(?:ing)?|so difficult)\b[?,!.]*", r"\bi said\b", r"\bliterally\b",
    r",?\s*\bor is (?:that|this|it) too much to ask\b", r"\b(?:sorry,?\s*)?(?:my mistake|my bad)\b[.!]?",
    r"\bif (?:that's|that is|it's) too (?:much|little|loud|quiet)\b,?\s*i(?:'ll| will) let you know\b[^.;]*",
    r"^i (?:need|want|have) \d+ (?:things|changes|edits)\s*:?",
    # context: what the user will do, and what is fine as it is
    r"\b(?:i|we)(?:'ll| will| am going to|'m going to|'re going to| are going to|'re| are|re|ll) [^,.;]*?"
    r"(?:myself|ourselves|later|tomorrow|in the app|in \w+ later|on \w+day|next week)\b",
    r"\b(?:the )?(?:volume|sound|audio|ending|end|rest|beginning|start)(?: is| are) (?:fine|ok|okay|good)(?: too| as is)?\b",
    r"(?<=[,;])\s*(?:after that|the rest|otherwise)?\s*(?:keep|leave) (?:it |everything |the rest )?as (?:it is|is)\b",
)  # fmt: skip

#: A request said as a question, or wrapped in politeness: the wrapper (a prefix, then the suffix that
#: goes with it) is dropped, the request stays. Never before "tell me", "explain", "show me": those ask.
POLITE_PREFIX: tuple[str, ...] = (
    r"^(?:please\s+)?(?:is it possible (?:for you )?to|is possible to|is there any way to|would it be possible to|would you mind"
    r"|do you think you could|would you be so kind as to|any chance you (?:can|could)|i was wondering if you could|i'd like you to"
    r"|i wonder,?\s*(?:if|whether) you (?:might|could|would)(?: be so kind as to)?"
    r"|could you(?: maybe| possibly| please)?|can you(?: maybe| please)?|would you(?: please)?"
    r"|will you(?: please)?|please could you|(?:please\s+)?help me|can i get|could i get|can i have|could i have"
    r"|i'?d (?:love|like) it if you could|i'?d (?:really )?appreciate it if you could|it would be great if you could)\s+"
    r"(?!tell\b|explain\b|show me\b|help me understand\b)",
)  # fmt: skip
POLITE_ALONE: tuple[str, ...] = (
    r"\s*,?\s*\bcan (?:or )?not\s*\??$|\s*,?\s*\bcan\s*\?$",
    # Singlish "X can … or not": a request ("the background noise can remove or not")
    r"(?<=\bcan\b)(?=.*\bor not\b)|\s*\bor not\s*(?:ah|lah|leh|lor|hor)?\s*\??$",
)
BORROWED: tuple[tuple[str, str], ...] = ()
POLITE_SUFFIX: tuple[str, ...] = (r"\s*(?:for me|please)?\s*\?+$",)
#: Hedges that change nothing wherever they stand.
HEDGES: tuple[str, ...] = (
    r"\s*,?\s*\bif (?:that's|that is|it's) (?:ok|okay|possible|fine)\b", r"^if possible,?\s+", r",?\s*\bif possible\b",
    r"^if you can,?\s+(?!.*\b(?:otherwise|else)\b)", r"\bi guess\b,?",
    r",?\s*\bif (?:it is|it's) not too much trouble\b,?", r",?\s*\bif you (?:would|could|don't mind|please)\b,?",
)  # fmt: skip

#: What starts a self-correction: the words after it replace the part of the request they correct.
CORRECTIONS: tuple[str, ...] = (
    r"\.{2,}\s*sorry,?\s*i meant?\b", r"\b(?:sorry|sry|soz|no|nope),?\s*i meant?\b", r"\b(?:sorry|sry|soz|oops),?\s*meant\b", r"\boops,?\s*i meant?\b", r"\ber,?\s*i meant?\b",
    r"\bno,? sorry\b", r"\bno,? wait\b", r"(?:\s—|\s-+|[,.;])\s*sorry\b,?\s*typo\b[,.:]?", r"\s—\s*sorry\b[,.]?", r"\bwait,? no\b", r"(?:\s-+|\s—)\s*wait\b", r"\bactually,? no\b",
    r"\bscratch that\b", r"\bno,? actually\b", r"\s*,?\s*\bbut (?:only\s+|just\s+)?(?=\d+(?:\.\d+)?\s*(?:s|secs?|seconds?)?\s*$)", r"(?:\s[—–-]+|[,.;])\s*oops\b[,.!]?", r"\bcorrection\b", r"\s+(?:sorry|no|i mean)\s*,?\s+(?=\d)", r"^actually,?\s*make (?:that|it)\b(?=\s*\d)", r"(?:\.{2,}|[,;—])\s*(?:actually,?\s*)?(?=never ?mind\b)", r"\bi mean\b", r"\bi meant\b", r"[,.]\s*no[,.]", r"[,.]\s*sorry[,.]",
    # what a list said before takes back ("… — actually not the last 2", "Wait, leave 4-5 alone")
    r"(?:\s[—–-]+|[,.;])\s*(?:actually|wait|oh)[,.]?\s+(?=(?:not|skip|forget|leave)\b)",
    r"(?<=[,.;!?])\s*(?:actually,?\s*)?make (?:that|it)\b(?=\s*\d)(?!\s*\d+(?:\.\d+)?\s*(?:more|extra)\b)",
    # "cut the first 2 seconds, wait, actually 3": a new amount after a pause word
    r"(?<=[,.;!?])\s*(?:wait[,.]?\s*)?actually[,.]?(?=\s*(?:just\s+|only\s+)?(?:the\s+)?(?:first|last)?\s*\d)",
    # "actually make it a wav" after an extraction: the format it should have had
    r"(?:^|(?<=[,.;!?]))\s*(?:actually|no|oh|wait|hmm+)[,.!]?\s*make (?:that|it)\b"
    r"(?=\s*(?:an?\s+)?(?:mp3|wav|m4a|mp4|aac)\b)",
    # "oops, should've been 2 to 5": the amount it should have had
    r"(?:^|(?<=[,.;!?—]))\s*(?:(?:oops|oh|sorry|no|hmm+)[,.!]?\s*)*(?:it\s+)?should(?:'ve| have)? been\b"
    r"(?=\s*(?:the\s+)?(?:first\s+|last\s+)?\d)",
    # a follow-up that only says the new amount ("actually 2 to 5", "too much, make it 3")
    r"^actually,?\s*(?=(?:just\s+|only\s+)?(?:from\s+|the\s+(?:first|last)\s+|(?:first|last)\s+)?\d)",
    r"(?:^|(?<=[,.;!?]))\s*(?:(?:hmm+|oh|ah|um+)[,.]?\s*)?(?:too (?:much|many|long|far)|not (?:that|so) (?:much|many|long|far))[,.!]?\s*(?:make (?:that|it)\s*|just\s*|only\s*)?(?=\d)",
)  # fmt: skip

#: A conditional with a fallback: do ``first``; if it can't be done, do ``then``.
FALLBACKS: tuple[str, ...] = (
    r"^if (?:you |u )?(?:can'?t|cannot|can not|are unable to|aren't able to)\s+(?P<first>.+?)"
    r"(?:,\s*(?:then\s+)?(?:just\s+)?|\s+then\s+(?:just\s+)?)(?P<then>.+)$",
    # no comma: "if you cant remove the wind noise just turn it down 20%"
    r"^if (?:you |u )?(?:can'?t|cannot|can not|are unable to|aren't able to)\s+(?P<first>[^,;]+)\s+just\s+(?P<then>[^,;]+)$",
    r"^(?P<first>.+?),?\s+(?:or|and)?\s*if (?:that's |that is |it's |it is |this is |is )?not possible,?\s+(?:then\s+|just\s+)?(?P<then>.+)$",
    r"^if (?P<first>.+?) (?:isn'?t|is not|ain'?t) (?:a thing|possible|supported|available|doable)(?: here)?,?\s+(?:then\s+)?(?:just\s+)?(?P<then>.+)$",
    r"^(?P<first>.+?)[,.;?!]*\s+(?:and\s+|or\s+)?if not\b,?\s+(?:then\s+)?(?:just\s+)?(?P<then>.+)$",
    r"^(?P<first>.+?),?\s+(?:and|or)?\s*if (?:you|u) can'?t(?: do (?:that|it|this|those|them))?,?\s+(?:then\s+)?(?:just\s+)?(?P<then>.+)$",
    r"^(?:try to\s+|if you can,?\s+)?(?P<first>.+?),?\s+(?:otherwise|else|failing that)\s+(?:just\s+)?(?P<then>.+)$",
    r"^if (?P<first>.+?) (?:is|are|isn'?t|aren'?t) (?:not )?(?:possible|doable|available),?\s+(?:then\s+)?(?:just\s+)?(?P<then>.+)$",
)  # fmt: skip

UNDO: tuple[tuple[str, str], ...] = (
    (r"\b(?:undo|revert)\s+(?:just\s+|only\s+)?(?:the\s+|my\s+|your\s+)?(?:last\s+)?(\d+)\s*(?:changes|edits|steps|things|times)?\b", r"undo \1"),
    (r"\bundo (\d+)\s*[a-z]+(?=\s*(?:[,.;!?]|$))", r"undo \1"),  # "undo the last 2 thigns": the count's noun misspelt
    (r"\bundo\s+(?:that\s+)?twice\b|\bundo,?\s+undo\b|\bundo (?:them )?both(?: of them)?\b", "undo 2"),
    (r"\b(?:go|step|return|come|get)\s+back\s+(\d+)\s*(?:steps?|changes|edits)?\b", r"undo \1"),
    (r"\bundo\s*[x×]\s*(\d+)\b|\bundo\s+(\d+)\s*[x×]", r"undo \1\2"),
    (r"\btake back the last (\d+)\b", r"undo \1"),
    (r"\b(?:go\s+)?back to (?:the )?original\b|\brevert to (?:the )?original\b|\bstart over\b|\breset everything\b"
     r"|\bput it back (?:the way|how|like|as) it was\b|\bback to (?:how|the way) it was\b|\bgo back to how it was(?: at the start)?\b"
     r"|\b(?:go|take it) back to the (?:start|beginning)\b(?!\s+of\b)"
     r"|\bundo everything\b|\bundo all(?: (?:the )?(?:changes|edits))?\b", "undo all"),
    (r"\bredo\s+(?:the\s+)?(?:last\s+)?(\d+)\s*(?:changes|edits|steps|things|times)?\b", r"redo \1"),
    (r"(?:^|(?<=[.!?;]\s))(?:(?:actually|ok|oh|please|wait|now|no|can help me|can you|could you)[, ]+)*(?:redo(?:\s+(?:that|it|this"
     r"|the last (?:one|change|edit|step)|the (?:change|edit|step|one) (?:i|you) (?:just )?undid|please))*"
     r"|undo (?:the|that|my) undo|(?:bring|put) back what (?:you|i) (?:undid|undo|undone|have undone))$", "redo"),
    (r"^redo (?:everything|all(?: of it)?)$", "redo all"),
    # "scratch that last one": the last step taken back (never a correction of it: nothing new is said)
    (r"^(?:(?:ok|okay|hmm+|no|wait|actually)[,.!]?\s*)*(?:scratch|forget|cancel|drop|nix|ditch)\s+(?:that|the)\s+last\s+"
     r"(?:one|1|edit|change|step|thing)(?:\s+please|\s+pls)?[.!]*$", "undo"),
    (r"\bredo (?:1|one)(?: of (?:them|those))?\b", "redo 1"),
)  # fmt: skip

DOWN = r"\b(?:lower|reduce|decrease|down|quieter|softer|drop|cut|turn down|attenuate)\b"
UP = r"\b(?:raise|increase|boost|bump|up|louder|amplify)\b"

NEGATIONS: tuple[str, ...] = (
    r"\bdon'?t\b", r"\bdo not\b", r"\bnever\b", r"\bno need to\b", r"\bplease don'?t\b", r"\bno\b",
)  # fmt: skip
#: Verbs that make an edit: a negation right before one from any language negates it ("不要 remove").
EDIT_VERBS: tuple[str, ...] = (
    "remove", "delete", "cut", "trim", "mute", "extract", "export", "touch", "change", "strip", "drop", "lower",
)  # fmt: skip

#: A clause read as nothing that starts like this was a request not understood: the message asks.
ACTIONS: tuple[str, ...] = (r"^(?:make|turn|put|set|change|give|let|have|add|apply|move|shift|swap|reorder|place)\b",)

#: A clause that names only the other end ("Remove the last second. Also the first."): the edit before it,
#: the same length, at that end. (kind, pattern) on the clause as split.
#: ``same`` keeps the end the edit before named, ``span`` takes whatever span the clause says ("again for 6 to 7");
#: a length said in the clause replaces the one before ("same for the last 2 secs", "1 more second").
ELLIPSES: tuple[tuple[str, str], ...] = (
    ("first", r"^(?:(?:now|and|also|ok|okay)[,\s]+)*(?:(?:do\s+)?(?:the\s+)?same(?:\s+thing)?\s+(?:for|with|to|at|on)\s+)?(?:the\s+)?"
     r"(?:first|start|beginning|opening|front)(?:\s+\d+(?:\.\d+)?\s*(?:s|secs?|seconds?|ms))?(?:\s+(?:one|bit|part))?"
     r"(?:\s+(?:too|as well))?$"),
    ("last", r"^(?:(?:now|and|also|ok|okay)[,\s]+)*(?:(?:do\s+)?(?:the\s+)?same(?:\s+thing)?\s+(?:for|with|to|at|on)\s+)?(?:the\s+)?"
     r"(?:last|end|ending|final)(?:\s+\d+(?:\.\d+)?\s*(?:s|secs?|seconds?|ms))?(?:\s+(?:one|bit|part))?"
     r"(?:\s+(?:too|as well))?$"),
    ("same", r"^(?:and\s+)?(?:make it\s+)?(?:another\s+)?\d+(?:\.\d+)?\s*(?:more\s+)?(?:s|secs?|seconds?|ms)(?:\s+more)?$"),
    ("span", r"^(?:and\s+)?(?:again|(?:do\s+)?(?:the\s+)?same(?:\s+thing)?)\s+(?:for|with|at|from|on)\s+"),
    ("other", r"^(?:now\s+|and\s+|then\s+)?(?:do\s+)?(?:the\s+same\s+(?:for|with|at|on)\s+)?(?:the\s+)?other\s+(?:end|side)"
     r"(?:\s+(?:too|as well|now|please))?$"),
)  # fmt: skip

#: A clause that is only a thing ("remove the title and the audio"): the verb before it applies to it too;
#: left unread otherwise (a clause that names a thing and is read as nothing is asked about).
OBJECTS: tuple[str, ...] = (
    r"(?:the\s+|its\s+|that\s+|this\s+)?(?:audio(?:\s+track)?|sound|soundtrack|title|titles|caption|text|video|picture)"
    r"(?:\s+(?:too|as well))?",
)

#: Words that change an edit: a reading that leaves one of these unread changes nothing and asks.
MEANINGFUL: tuple[str, ...] = (
    r"\bdb\b", r"\band a half\b",
    # what leaves a part out of an edit, when no rule read it
    r"\bapart from\b|\bother than\b|\bbesides\b|\bsave for\b|\bexcluding\b|\bbut for\b",
    # a length given as a guess over a range ("somewhere between 1 and 2 seconds I guess")
    r"\bsomewhere\b|\bi guess\b|\bor so\b(?=.*\bor so\b)",
    # the writer is not sure, or offers another reading ("cut 2 or 3 seconds")
    r"\bnot sure\b|\bunsure\b|\bi don'?t know\b", r"\bor\b(?!\s+so\b)(?!\s+something\b)(?!\s+(?:if|else)\b)", r"(?<!first )(?<!second )(?<!1st )(?<!2nd )(?<!opening )(?<!latter )(?<!by )(?<!in )"
    r"(?<!to )(?<!at )\bhalf\b(?! (?:the|as|way))", r"\bunless\b", r"\bexcept\b", r"\bif\b", r"\botherwise\b",
    r"\b(?:longer|shorter)\b", r"\ball the way\b", r"(?<!all the )(?<!the )\bway (?:down|up)\b(?!.*\d)",
    # another clip than the timeline as a whole ("the first 2 seconds of the second clip")
    r"(?<![\d.]\s)(?<![\d.])\b(?:second|third|fourth|fifth|2nd|3rd|4th|5th|other|next|previous|another)\s+"
    r"(?:clip|video|file|upload|one)\b",
    # how a span is reached, when no rule read it ("shorten it by cutting the middle")
    r"\bby\s+(?:cut|trim|remov|tak|drop|chop|delet|mut)\w*",
    # how many times, which channel, each or every one, a part named by its content: none is read here
    r"\b(?:twice|thrice)\b(?!\s+as\b)", r"\b(?:left|right)\s+(?:channel|side|speaker|ear)\b", r"\bchannels?\b",
    r"\b(?:each|every)\b(?!\s+(?:end|side)s?\b)(?!\s+(?:bit|part|trace|last|single|time|day|second of)\b)", r"\b(?:first|1st|last|final)\s+(?:clip|video|file|upload)\b",
    r"\bframes?\b",
    # a count of things that are not a unit of time ("the first 3 blips"): how long each is, unknown
    r"\b(?:first|last)\s+\d+(?:\.\d+)?\s+(?!(?:seconds|secs|minutes|mins|hours|frames|percent|this|less|plus|thus|yes)\b)"
    r"[a-z]{3,}s\b",
    # a length kept from an edit before ("wrong spot, should start at 6. same length"): not read here
    r"\bsame (?:length|duration|size|amount)\b",
)  # fmt: skip
#: Words that change an edit only in a clause that asks for one ("mute the speech"; "my dad says the speech is too
#: faint" is context).
MEANINGFUL_IN_REQUEST: tuple[str, ...] = (r"\b(?:chorus|verse|dialogue|speech|talking|singing|applause|laughter)\b",)

#: Words that name a part of the clip: left over by a reading that changes the whole clip (no span in
#: it), they change nothing and the agent asks ("turn the sound off for the middle part").
PART_WORDS: tuple[str, ...] = (
    r"\bmiddle\b", r"\bpart\b", r"\bsection\b", r"\bportion\b", r"\bsegment\b", r"\b(?:the|that|this) bit\b(?! ?rate)",
    r"\bbeginning\b", r"\bstart\b", r"\bending\b", r"\bseconds?\b", r"\bsecs?\b", r"\bintro\b", r"\boutro\b", r"\bscene\b",
    # a time word names a part, unless it orders the steps ("before exporting", "after that", "when you're done")
    r"\b(?:when|while|during|between|until|after|before)\b(?!\s+(?:that|this|you|i|we|they|he|she|it'?s done|it is done|done"
    r"|export|render|download|save|upload|remove|delete|cut|trim|mute|extract|strip|drop|lower|change|\w+ing"
    r"|(?:the )?(?:weekend|meeting|deadline|holidays?)|tomorrow|tonight|lunch|monday|tuesday|wednesday|thursday"
    r"|friday|saturday|sunday)\b)",
)  # fmt: skip

#: An unquoted title, on the original text (case kept): group ``x`` is what it says.
#: A title ends at "and"/"then", at a time or place word ("for 3 seconds", "over the first three seconds", "at the
#: end", "on screen"), at punctuation or at the end; "Welcome to Paris" and "Happy Birthday to Mom" stay whole.
_END = (
    r"(?=\s+(?:and|then)\b|\s+(?:at|for|from|on|to|in|over|during|across|throughout|until|till|between|before|after"
    r"|lasting|starting)\s+(?:the\s+|a\s+|an\s+)?(?:\d|first|last|opening|whole|start|beginning|end|ending|middle|top"
    r"|bottom|screen|video|clip|it\b|one|two|three|four|five|six|seven|eight|nine|ten|half)|\s*[,.;!?\n]|\s+[—–-]\s|$)"
)
#: A clause that states a problem rather than asks for something ("the sound is just wind", "there's a hum").
STATEMENTS: tuple[str, ...] = (
    # the user's own plan ("I'm going to record a voiceover separately"): said, not asked for
    r"^(?:i'?m|i am) (?:going to|gonna)\b|^i(?:'ll| will)\b",
    r"^(?:honestly\s+|also\s+|so\s+)?(?:there'?s|there is|there are)\b",
    r"^(?:honestly\s+|also\s+|so\s+)?(?:the|this|that|my|its|it'?s|it is)\b"
    r"(?:(?!\b(?:remove|cut|mute|delete|get rid|take|clean|fix|make|can you|could you|please)\b).)*"
    r"\b(?:is|are|was|were|has|have|sounds?|gets?)\b",
)

#: A clause read as nothing that tells about someone ("I shot this in 2019", "my kid is 5"): context, skipped
#: by the coverage check when it holds no word that changes an edit and no amount with a unit.
#: What someone else does with the clip ("our audience mostly watches with the sound off"): said, not asked for
#: (one who wants or asks something relays a request, and is read).
_SOMEONE_ELSE = (
    r"^(?:and\s+|but\s+|so\s+|because\s+)?(?:our|my|his|her|their|the)\s+(?:audience|viewers?|followers|fans|customers|clients?"
    r"|students|class|teacher|boss|manager|mom|mum|dad|parents|friends?|family|kids?|wife|husband|team|users|people)\s+"
    r"(?:mostly\s+|usually\s+|always\s+|often\s+|all\s+|just\s+|only\s+)?(?!wants?\b|needs?\b|asked\b|asks\b|said\b|says\b|told\b)"
    r"[a-z]+(?:s|ed)\b"
)
CONTEXT: tuple[str, ...] = (
    _SOMEONE_ELSE,
    r"^(?:hmm+\s+)?(?:actually\s+)?i (?:liked|like) it better (?:before|the way it was)\b",
    r"^(?:so\s+|well\s+|also\s+)?(?:i|i'm|i've|i'd|i was|my|we|we're|our|he|she|they|his|her|their|this is|it was)\b",
    r"^there(?:'s| is| are| was| were)\b",
    r"^it'?s (?:just|only|all|basically|mostly)\b",
)

#: Quoted words after one of these verbs are a title even when no title word is said ("put ‘The End’ at the end").
TITLE_VERBS: tuple[str, ...] = (
    r"^(?:please\s+|can\s+(?:you\s+|u\s+)?|could you\s+)?(?:put|write|show|display|place|overlay|stick|add|slug in)\b",
)
#: The word a title is said with in the canonical form ``title “…”``.
#: The kinds of edit a message can name, and the operations each could be ("undo the volume change").
EDIT_KINDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (r"\b(?:volume|louder|quieter|loudness)\b", ("set_volume",)),
    (r"\b(?:mute[ds]?|muting|silenced?|silent)\b", ("mute_range", "remove_audio")),
    (r"\b(?:cut|cuts|trim|trims|trimmed|trimming)\b", ("trim",)),
    (r"\b(?:title|caption)\b", ("add_title", "change_title", "remove_title")),
    (r"\b(?:extract(?:ion|ed)?|mp3|wav|m4a)\b", ("extract_audio",)),
)
TITLE_SAID = "the title"
TITLE_CHANGE_SAID = "change the title to"
TITLE_WORD = "title"
TITLES: tuple[str, ...] = (
    r"(?i:\b(?:title|tidal|tittle|titel|caption|text|heading|words|lower third)(?:\s+card)?\s+(?:saying|that says?|which says?|reading"
    r"|that reads?|called|named"
    r"|with the (?:text|words)))\s*:?\s+(?P<x>(?:[^\"“”'‘’「」《》,.;!?\n，。；！？]|(?<=\w)['’](?=\w))+?)" + _END,
    # "put some text at the end that says thanks for watching": the words between stay (when, where)
    r"(?i:\b(?:title|caption|text|words)\b)(?P<keep>(?:\s+(?!(?i:that|which|saying|reading)\b)[\w']+){1,4}?)"
    r"(?i:\s+(?:that says?|saying|which says?|reading|that reads?))\s*:?\s+(?P<x>[^\"“”'‘’「」《》«»,.;!?\n，。；！？]+?)" + _END,
    # "change the title to Happy Birthday Nana instead": the new words, unquoted
    r"(?i:\b(?:change|rename)\s+(?:the\s+)?(?:title|caption|words|text|writing)(?:\s+on\s+(?:the\s+)?screen)?\s+"
    r"(?:to say|to|so (?:they|it) says?))\s+(?!(?i:start|end|begin|show|stay|last|appear|\d))"
    r"(?P<x>[^\"“”'‘’「」《》«»,.;!?\n，。；！？⟦]+?)(?i:\s+instead)?" + _END,
    r"(?i:\b(?:title|caption|heading))\s*:\s*(?P<x>[^\"“”'‘’「」《》,.;!?\n，。；！？]+?)" + _END,
    # "make the title say Bye": the new words, unquoted (over the title there, its time kept)
    r"(?i:\b(?:make|have|let)\s+(?:the|that|this|my)\s+(?:title|caption)\s+(?:say|read))\s+(?!(?i:something|anything)\b)"
    r"(?P<x>[^\"“”'‘’「」《》『』«»,.;!?\n，。；！？⟦]+?)(?i:\s+instead)?" + _END,
    # "title for the whole video: Day 3 - Kyoto": when, then a colon, then its words
    r"(?i:\b(?:title|caption|heading))(?P<keep>\s+(?i:for|over|during|across|at|from|in|on)\s+[^:\"“”⟦\n]{1,40}?)(?<!\d)\s*:\s*(?!\d)"
    r"(?P<x>[^\"“”'‘’「」《》『』«»,.;!?\n，。；！？]+?)\s*$",
    # "put the title summer trip at the end": the words between the title and where it goes, in any case
    r"(?i:\b(?:put|add|place|show|stick)\s+(?:the|a)\s+(?:title|caption))\s+(?!(?i:(?:at|on|in|for|from|over|to|that|which"
    r"|saying|says|called|named|as|of|the|a|an|it|back|up|down|off|here|there|so)\b))(?P<x>[^\"“”'‘’「」《》『』«»,.;!?\n，。；！？⟦]+?)"
    r"(?=\s+(?i:at|over|during|across|for|in|from|on)\s+(?i:the\s+)?(?i:end|ending|start|beginning|first|last|very|whole|\d))",
    r"(?i:\b(?:title|caption|heading))\s*,\s*(?P<x>[A-Z0-9][^\"“”'‘’「」《》,.;!?\n，。；！？]*?)\s*,?" + _END,
    # ("the title I added": who made it, not its words)
    r"(?i:\b(?:title|caption|text))\s+(?!(?:I|We|You|U)\s+(?i:just\s+)?(?i:added|put|made|wrote|created|had|did|typed)\b)"
    r"(?!\d+(?:\.\d+)?\s*(?i:s|secs?|seconds?|ms)\b)"
    r"(?P<x>[A-Z0-9][^\"“”'‘’「」《》,.;!?\n，。；！？]*?)" + _END,
    r"(?i:\bthe words)\s+(?!(?i:on|off|from|in|at|of|over|under|to|so|that|which|are|were|is|was|look|looks|need|needs|should|shouldn'?t|aren'?t|don'?t|seem|seems)\b)(?P<x>[^\"“”'‘’「」《》,.;!?\n，。；！？]+?)" + _END,
    # "write THE END at the end": words in capitals, then where
    r"(?i:\bwrite)\s+(?P<x>[A-Z0-9][^\"“”'‘’「」《》,.;!?\n，。；！？]*?)(?=\s+(?i:at|over|for|during|in|on)\s+(?i:the)\s+(?i:end|start|beginning|first|last|very)\b)",
    r"(?i:\bwrite)\s+(?P<x>[^\"“”'‘’「」《》,.;!?\n，。；！？]+?)(?i:\s+on (?:the video|the clip|it|screen|the screen|the picture|the image|the top|the bottom))",
    # "put Welcome to Lisbon as the title": the words in capitals before "as the title"
    r"(?i:\b(?:put|use|have|make))\s+(?P<x>[A-Z0-9][^\"“”'‘’「」《》,.;!?\n，。；！？]*?)(?i:\s+as\s+(?:the|a|my)\s+(?:title|caption|heading))",
    # "put welcome back on screen for the first 4 seconds": words said to be on screen, in any case
    r"(?i:\b(?:put|show|display|write))\s+(?!(?i:(?:the|a|an|some|my|this|that|it|more|music|sound|audio|text|title"
    r"|effects?|filters?|subtitles?|captions?|stickers?|emojis?|words?)\b))(?P<x>[^\"“”'‘’「」《》,.;?\n]+?)(?=\s+on (?:the )?screen\b)",
    # "put Merry Christmas from the Hendersons over the last two seconds": words in capitals, then when
    r"(?i:\b(?:put|stick|slap|add))\s+(?!(?:the|a|an|some|my|this|that|it)\b)(?!(?i:(?:more|music|sound|audio|text|title"
    r"|effects?|filters?|subtitles?|captions?|stickers?|emojis?)\b))(?P<x>[A-Z0-9][^\"“”'‘’「」《》,.;?\n]*?)"
    r"(?=\s+(?i:over|during|across|for|in) (?i:the )?(?i:first|last|final|opening|end|start|beginning|whole)\b)",
    # "Can you put Happy Birthday Grandad on it": words in capitals put on the picture (not "put some music on it")
    r"(?i:\b(?:put|stick|slap|add))\s+(?!(?i:(?:the|a|an|some|my|this|that|it|more|music|sound|audio|text|title"
    r"|effects?|filters?|subtitles?|captions?|stickers?|emojis?)\b))(?P<x>[A-Z0-9][^\"“”'‘’「」《》,.;?\n]*?)"
    r"(?i:\s+on (?:the video|the clip|it|screen|the screen|top|the picture|the image))",
)  # fmt: skip


#: Requests this engine does not do: (feature id, pattern). The reply names the feature
#: (:data:`FEATURE_NAMES`); the order of the ids is kept in :mod:`~nemo_widgets.local.agent.declines`.
DECLINED: tuple[tuple[str, str], ...] = (
    ("noise", r"noise|\bhum\b|hiss|buzz|\bwind\b|echo|denois"),
    ("loudness", r"\bnormali[sz]|\blufs\b|\bloudness\b|\bduck(?:ing)?\b(?!\s+(?:out|in)\b)|\bcompress(?:or|ion)\b|\blimiter\b"
                 r"|\bauto[- ]?(?:level|gain)"),
    ("silences", r"silent (?:parts|bits|sections|moments)|silences|pauses|\bgaps\b|dead air"
     r"|\b(?:parts|bits|sections|moments) (?:with|that have|where there'?s) no (?:sound|audio|talking)\b"),
    ("separate", r"(?:\bmusic\b|\bbgm\b|\bsong\b).*(?:\bvoices?\b|\bvocals?\b|speech|talking|dialogue)"
     r"|(?:\bvoices?\b|\bvocals?\b|speech|talking|dialogue).*(?:\bmusic\b|\bbgm\b)"
     r"|(?:remove|delete|mute|drop|get rid of).*(?:\bmusic\b|\bbgm\b|\bsong\b|\bvoices?\b|\bvocals?\b|person talking|speech)"
     r"|\b(?:isolate|separate|extract|split)\b.*\b(?:vocals?|voices?|singing)\b|\bkaraoke\b"
     # one sound of the mix changed, another kept: "turn the game audio down but keep my voice the same"
     r"|\b(?:keep|leave)\b.*\b(?:my|the|our|his|her|their)\s+(?:voices?|vocals?|commentary|narration|talking|speech)\b"
     r".*\b(?:same|as (?:it is|is)|alone|untouched|unchanged|how it is)\b"
     r"|\b(?:game|background|bg|crowd|traffic|street)\b.*\b(?:keep|leave|but not)\b.*"
     r"\b(?:voices?|vocals?|commentary|narration|talking|speech)\b"),
    ("split_edit", r"\b[jl][- ]?cuts?\b|\bsplit edits?\b"),
    ("speed", r"\bspeed|faster|slower|slow[ -]?mo|slow motion|slow it down|\b\d+(?:\.\d+)?x\b"),
    ("crop", r"\bcrop|square|aspect ratio|vertical|portrait|\b(?:make|turn|convert|format|resize)\b.*\btiktok\b"
              r"|\btiktok (?:format|size|ratio|style)\b|\b9:16\b|\breframe"),
    ("fade", r"\bfade|\bcross-?\s?fade"),
    ("format", r"\bprores\b|\bdnxh[dr]\b|\bhevc\b|\bh\.?265\b|\bav1\b|\bwebm\b|(?<!\.)\bmov\b|\bmkv\b|\bflac\b"
               r"|\bogg\b|\bopus\b"),
    ("music", r"(?:add|put|insert).*(?:\bmusic\b|\bbgm\b|\bsong\b)|replace (?:the )?(?:audio|sound|music)"),
    ("subtitles", r"subtitle|captions\b|transcri"),
    ("rotate", r"\brotat|\bflip\b|mirror"),
    ("colour", r"black[- ]and[- ]white|grayscale|greyscale|\bfilter|colou?r|bright|contrast|saturat|sepia|brownish"
               r"|\bold (?:photo(?:graph)?|film|movie)\b|\bvintage\b|\bretro\b"),
    ("reverse", r"\breverse|backwards"),
    ("blur", r"\bblur(?!ry)"), ("gif", r"\bgif\b"), ("upscale", r"\bupscal|\benhance (?:the )?(?:quality|resolution)"),
    ("voiceover", r"\bvoice-?overs?\b|\bnarration\b"), ("fillers", r"\b(?:ums|uhs|filler words?)\b"),
    ("objects", r"\bremove (?:the |a |that )?(?:person|people|man|woman|object|car|guy)\b"),
    ("animation", r"\banimat"), ("cleanup", r"\bclean(?:ed)? up (?:the )?(?:audio|sound)|\bbe cleaned up\b"),
    ("generate", r"\bgenerate|create a video|make a video of"),
    ("title_style", r"bigger|smaller|\bfont\b|\bbold\b|\b(?:big|large|huge|tiny|small|red|blue|white|yellow|green|black)"
                    r" (?:(?:big|large|red|blue|white|yellow|green|black|bold) )?(?:letters|text|font|writing)\b"),
    ("split", r"\bsplit\b"),
    ("merge", r"\bmerge\b|\bjoin\b|combine|concatenat"),
    ("transition", r"transition"),
    ("watermark", r"watermark|\blogo\b"),
    ("zoom", r"\bzoom|stabili[sz]|\bloop\b"),
)  # fmt: skip


#: The words of each notion the rules look for (``WORDS[name]``): one pattern per language, joined by
#: :func:`~nemo_widgets.local.agent.languages.words` into one alternation (a message may mix languages).
#: Its own punctuation that ends or separates clauses (beside ASCII's): none.
PUNCTUATION = ""
#: A time unit's first letters → its length in ms (seconds are the default).
UNIT_MS: dict[str, int] = {"ms": 1, "milli": 1, "min": 60000, "m": 60000, "h": 3600000}
#: Units that count (a percentage, steps, times) rather than measure time.
COUNT_UNITS: tuple[str, ...] = ("%",)
#: Taking one uploaded clip off the timeline (``⟨CLIP⟩``: its file name and/or its media id).
REMOVE_CLIP: tuple[str, ...] = (
    r"^(?:please\s+)?(?:remove|delete|drop|take)\s+⟨CLIP⟩(?:\s*(?:off|from|out of)\s+(?:the\s+)?timeline)?$",
    # "take the clip off the timeline, I uploaded the wrong one": the reason after it changes nothing
    r"^(?:please\s+)?(?:remove|delete|drop|take)\s+⟨CLIP⟩\s*(?:off|from|out of)\s+(?:the\s+)?timeline\s*$",
    # "take it off the timeline": "it" is the clip when the timeline is what it comes off
    r"^(?:please\s+)?(?:remove|delete|drop|take)\s+(?:it|this|that)(?P<quoted>(?!))?(?P<bare>(?!))?(?P<id>(?!))?\s*(?:off|from|out of)\s+(?:the\s+)?timeline\s*(?:please)?$",
    r"^(?:please\s+)?(?:remove|delete|drop|take)\s+⟨CLIP⟩\s*(?:off|from|out of)\s+(?:the\s+)?timeline\s*[,.;!]\s*(?:i|it'?s|that'?s|wrong|sorry|oops)\b.*$",
)
#: A written form of its own: (how to tell a message is in it, how to write replies in it, the locale tags that
#: choose it). Chinese: traditional characters, told by OpenCC's t2s changing the text, written through s2twp.
VARIANT: tuple[str, str, tuple[str, ...]] = ("", "", ())
#: Punctuation said aloud (dictation), as the mark: "… seconds period no wait …", "a title comma Beach Day comma …".
SPOKEN_MARKS: tuple[tuple[str, str], ...] = (
    (r"(?i)(?<!\bthe)(?<!\bthis)(?<!\bthat)(?<!\ba)\s+(?:period|full stop)\b(?=\s|$)", "."),
    (r"(?i)(?<!\bthe)(?<!\bthis)(?<!\bthat)(?<!\ba)\s+comma\b(?=\s|$)", ","),
    (r"(?i)\s+question mark\b(?=\s|$)", "?"),
    (r"(?i)\s+new (?:line|paragraph)\b(?=\s|$)", "\n"),
)
#: How a correction is said, when the reader says one for the user ("…, i meant cut 3").
CORRECTION_SAID = "i meant"
#: Its marks that end a sentence (beside ASCII's ".", "!" and "?").
SENTENCE_ENDS = ""
#: What marks a numbered list item after its number, beside ASCII's "." and ")".
LIST_MARKS = ""
WORDS: dict[str, str] = {
    "number_suffix": r"(?:st|nd|rd|th)\b(?=\s*(?:s\b|secs?\b|seconds?\b|mins?\b|minutes?\b))",
    "audio": r"\b(?:audio|sound|sounds|soundtrack|audio track)\b",
    "video": r"\b(?:video|picture|image|footage)\b",
    "neg": r"\b(?:don'?t|do not|dont|never|no need to|not)\b|\b(?:without|stop|avoid|quit)\s+\w+ing\b",
    "want_neg": r"\b(?:don'?t|do not|dont|no longer)\s+(?:want|need|keep)\s+(?:the\s+|any\s+|this\s+|my\s+)?"
    r"(?:audio|sound|video|picture)",
    "cut": r"\b(?:trim|cut|remove|delete|drop|skip|lose|chop|get rid of|take off|take out|shorten|ditch|scrap|axe|snip"
    r"|lop off|nuke|zap|trash|shave|yeet|bin|kill|excise|elide|pare(?: down)?)\b|\btake\b(?=.*\b(?:off|out|away)\b)",
    "keep": r"\b(?:keep|only|extract|export|download)\b",
    # a keep said outright, which a cut in the same clause does not turn into a cut
    "keep_said": r"\bkeep\b|\bextract\b|\bonly (?:the|keep|want|need)\b|\b(?:remains?|is left|are left|stays?)\b",
    "mute": r"\b(?:mute|silence|silent|no sound|no audio|muted|hush)\b",
    "remove": r"\b(?:remove|delete|strip|drop|kill|erase|get rid of|take out|take away|taken out|taken away|turn off|lose|nuke"
    r"|ditch|scrap|yeet|bin"
    r"|pull(?= (?:the |all (?:the )?)?(?:audio|sound)\b(?! out))"
    r"|axe|zap|trash)\b|\btake (?:the |all (?:the )?)?(?:audio|sound) (?:out|off)\b"
    r"|\bquit (?:all |the )+(?:audio|sound)\b",  # a learner's "quit" (quitar): remove
    "export": r"\b(?:export|download|render|send me|bounce(?: out| down)?|save (?:it |this |the (?:video|file|clip) )?as)\b(?:\s+(?:it|this|the video|the file|now|please))*",
    "undo": r"\b(?:undo|revert|go back|roll ?back|take (?:that|it) back)\b",
    "restore": r"\bunmute\b|\b(?:put|bring|get)\b.*\b(?:sound|audio)\b.*\bback\b|\bbring back\b.*\b(?:sound|audio)\b"
    r"|\brestore\b.*\b(?:sound|audio)\b|\bwant\b.*\b(?:sound|audio)\b.*\bback\b",
    "volume": r"\b(?:volume|loud|louder|loudness|quiet|quieter|softer|gain)\b|\b(?:audio|sound|volume) levels?\b",
    "up": r"\b(?:louder|up|crank|increase|increased|raise|raised|boost|boosted|bump|more|higher|too quiet)\b",
    "down": r"\b(?:quieter|softer|down|reduce|reduced|lower|lowered|decrease|decreased|less|too loud)\b",
    # a loudness complained of, no change asked ("that's too loud!!"): how loud is asked, the step offered
    "complaint": r"\btoo (?:loud|quiet|soft|noisy)\b",
    "part": r"\b(?:in|at|during|for|near) the (?:middle|beginning|start|end|intro|outro)\b|\bpart of\b|\bsome parts?\b"
    r"|\bin places\b",
    "absolute": r"\b(?:to|at)\s+(?:about\s+|around\s+|roughly\s+|approximately\s+|~\s*)?\d",
    "level_after": r"\b(?:to|at)\s+|(?<=[a-z])\s*[=:]\s*|\b(?:volume|level|gain)\s+",
    "time_unit": r"s\b|secs?\b|seconds?|min|m\b|ms\b",
    "silent_result": r"\bsilent\b|\bmuted\b|\bno (?:sound|audio)\b|\bwithout (?:any |the |its |their |all )?(?:sound|audio)\b"
    r"|\bsound off\b",
    "audio_result": r"\baudio[- ]only\b|\b(?:only|just) (?:the )?(?:audio|sound)\b",
    "extract": r"\bextract\b|\brip\b|\baudio[- ]only\b|\b(?:the )?(?:audio|sound|soundtrack) only\b"
    r"|\bonly (?:the )?(?:audio|sound)\b|\bjust (?:the )?(?:audio|sound)\b"
    r"|\b(?:just|only)\s+(?:want|need|keep)\s+(?:the\s+)?(?:audio|sound|soundtrack)\b|\bjust (?:the )?soundtrack\b"
    r"|\bonly need the (?:audio|sound)\b|\b(?:to|as|into|in)\s+(?:an?\s+)?(?:" + _FMT + r"|aac)\b"
    r"|\b(?:" + _FMT + r")\s+(?:file|audio|format)\b|\bmake an? (?:" + _FMT + r")\b"
    r"|\bget the (?:soundtrack|audio|sound) out\b|\bdrop the video\b|\bno video\b|\bwithout (?:the )?video\b"
    r"|\b(?:make|create|save|give me|want|need|get) (?:me )?an? (?:audio|sound) (?:file|track|version)\b"
    r"|^(?:(?:i want|i need|give me|just|only)\s*)?(?:an?\s+)?(?:" + _FMT + r")(?:\s*(?:please|pls|file|version))?$"
    r"|\b(?:want|need|get|have)\s+(?:an?|the)\s+(?:" + _FMT + r")\b|\bthe (?:" + _FMT + r") (?:of|from|version)\b"
    r"|\b(?:to|as|into)\s+(?:an?\s+)?(?:audio|sound)(?:\s+(?:only|file|track))?$",
    "whole_remove": r"^(?:mute|strip)\b(?!\s+(?:those|them|these|th(?:at|is|ose|ese) (?:part|bit|section)s?)\b)"
    r"(?!\s+(?:out\s+|off\s+|away\s+)?(?:the\s+|its\s+)?(?:video|picture|image|visuals?)\b)"
    r"|\bmute (?:it|this|the video|the clip|everything|all|the whole)|\bsilent\b"
    r"|(?<!^)\bmuted?\b(?!\s+(?:those|them|these|th(?:at|is|ose|ese) (?:part|bit|section)s?)\b)"
    r"|\bsilence (?:it|this|that|everything|all|the (?:video|clip|whole|entire))\b|\b(?:no|zero) (?:sound|audio)\b"
    r"|\bwithout (?:any |the |its |their |all )?(?:sound|audio)\b|\b(?:sound|audio) off\b"
    r"|\bturn (?:off )?the sound(?: off)?\b|\b(?:video|picture) only\b|\bjust the video\b|\bonly the video\b"
    r"|\bstrip\b(?!\s+(?:out\s+|off\s+|away\s+)?(?:the\s+|its\s+)?(?:video|picture|image|visuals?)\b)",
    "keep_audio": r"\bkeep (?:the |my )?(?:audio|sound|soundtrack)\b|\bleave the (?:audio|sound)\b",
    "amount_before": r"like|say|maybe|around|about|roughly|to|at|make it|so",
    "amount_after": r"or so|please|pls|maybe",
    "keep_volume": r"\b(?:keep|leave)\s+(?:the\s+|my\s+)?volume\b",
    "convert": r"\bconvert\b",
    "title_noun": r"\b(?:title|titles|caption|text)\b",
    "music": r"\bmusic\b",
    "music_target": r"\b(?:music|bgm|soundtrack)\b",
    "halve": r"\bhalve\b|\bhalf the\b|\bhalf as loud\b|\bin half\b",
    "times_louder": r"\b(\d+(?:\.\d+)?)\s*(?:times|x)\s+(?:louder|as loud)\b",
    "double": r"\bdouble\b|\btwice as loud\b",
    "keep_to": r"\bto\s+\d|\bmake (?:it|this|the video|the clip) \d",
    "to_mp4": r"\b(?:convert|turn)\b.*\b(?:to|into)\s+(?:an?\s+)?mp4\b",
    "picture": r"\b(?:picture|image|footage|visuals?)\b",
    "keep_verb": r"\bshorter\b|\bkeep\b",
    "mute_verb": r"^(?:mute|silence|hush)\b",
    "anything": r"\b(?:anything|everything|nothing|any of it|a thing)\b",
    # another value said only to be set aside ("cut 3 instead of 2", "wav instead of mp3")
    "instead_of_value": r"\s*,?\s*\b(?:instead of|rather than|(?<!actually )(?<!wait )(?<!oh )not)\s+(?:the\s+)?(?:first\s+|last\s+)?(?:from\s+)?"
    r"(?:\d|(?:one|two|three|four|five|half)\b|(?:mp3|wav|m4a|mp4)\b)[^,.;—–]*",
    "whole_object": r"\b(?:the whole (?:thing|clip|video)|the entire (?:thing|clip|video)|everything|all of it)\b",
    "edit_verb": r"\b(?:mute|silence|cut|trim|remove|delete|keep|drop|chop)\b",
    "verb_swap": r"(cut|trim|remove|delete|mute|keep)\s+(?:them|it|those|that|this|these)(?:\s+(?:seconds|secs|parts?|bits?))?"
    r"(?:\s+(?:out|away))?(?:\s+instead)?",
    "instead_of_edit": r"\s*,?\s*\b(?:instead of|rather than)\s+(?:cutting|trimming|removing|deleting|muting|lowering"
    r"|raising|extracting|dropping)\b(?:\s+(?:it|them|that|those|this|these))?"
    r"|\s*[,;]\s*(?:but\s+)?not\s+(?:cut|trim|remove|delete|mute|drop)(?:ting|ming|ing|d|ed)?\b(?:\s+(?:it|them|that|those))?"
    r"\s*(?=[,.;!]|$)",
    # "only" that restricts an edit ("cut the first 2 s only"), not one that keeps
    "only": r"\bonly\b",
    # all of the clip but its last part ("mute everything before the last 2 seconds")
    "but_last": r"\bbefore the (?:last|final)\s+",
    # corrections ("no, 4 seconds"): what the corrected part is, and the words around it
    "span_edge": r"\b(?:the\s+)?(?:first|last|final|opening)",
    "short_unit": r"seconds?|secs?|s|ms",
    "sec_unit": r"(?:seconds?|secs?|s)\b",
    "range_to": r"to|-",
    "amount_unit": r"seconds?|secs?|s\b|ms\b",
    "clip_end": r"\b(?:the\s+)?(?:start|beginning|end|ending)\b",
    # before a correction's new value: pause words, and the verb said again ("cut 2 s, no, cut 3")
    # a word said before a correction ("sorry, I meant …")
    "pause": r"sorry|oops|oh|ah|wait|hmm+",
    # a correction that takes the request back ("remove the audio, no wait, don't")
    "cancel": r"(?:don'?t|do not|never ?mind|forget (?:it|that)|cancel(?: that| it)?|leave it|don'?t do (?:it|that))",
    "lead": r"typo\b|is\b|it'?s\b|just\b|only\b|make it\b|make that\b|actually\b|oops\b|oh\b|sorry\b|wait\b|i mean\b|(?:cut|trim|mute)(?=\s*\d)",
    "tail": r"instead|please",
    "then_words": r"\band\b",
    # times and spans (spans.py, titles.py)
    "time_units": r"milliseconds?|ms|seconds?|secs?|s|minutes?|mins?|min|m|hours?|hrs?|h",
    # counts that are not times: a number said with one of these is never read as seconds ("the first 10 frames")
    "not_a_time": r"%|(?:frames?|fps|beats?|bars?|measures?|takes?|shots?|scenes?|times|x|px|pixels?|percent|pct|kb|mb|gb"
    r"|kbps|bpm|words?|lines?|steps?|db)\b",
    "half1": r"\b(?:first|1st|opening) half\b",
    "half2": r"\b(?:second|last|2nd|latter) half\b",
    "range_from": r"from|between",
    "range_word": r"to|until|till|through|and|-|–|—|→|->|\.\.|~",
    "middle": r"\bmiddle",
    "length_or": r"(?:to|or|-|–|~)(?!\s*(?:the\s+)?(?:last|final|end)\b)",
    "first_word": r"\bfirst|\bopening|\bbeginning|\binitial",
    "last_word": r"\blast|\bfinal|\bending",
    "trim_to": r"\b(?:shorten|trim|cut|make|reduce)\b(?:\s+(?:it|this|the video|the clip))?\s+(?:down\s+)?to",
    "title_word": r"\b(?:title|caption|text|heading|lower third)\b|\bthe words\b(?=.*⟦)",
    "title_for": r"\bfor|\blasting|\bduring",
    "title_at": r"\bat(?:\s+the)?|\bfrom(?:\s+the)?|\bstarting at",
    "title_from": r"\bfrom|\bbetween",
    "title_to": r"to|until|till|-|–",
    "at_end": r"\bat the end\b",
    # a title shown from the start to the end ("for the whole video", "the whole time", "throughout")
    # a part named by what happens in it, which only someone who sees or hears the clip can find
    "described_part": r"\b(?:the|that|this|a|any|every)\s+(?:part|parts|bit|bits|section|sections|moment|moments|spot|place"
    r"|scene|segment|portion)\s+(?:where|when|with|in which|that has)\b[^,.;!?]*"
    r"|\b(?:when|where|whenever)\s+(?:the|a|my|his|her|our|their|someone|somebody|he|she|they|people|everyone|everybody)\b"
    r"[^,.;!?]*?\b(?:barks?|barking|coughs?|coughing|talks?|talking|speaks?|speaking|says?|sings?|singing|laughs?"
    r"|laughing|cries|crying|shouts?|shouting|screams?|screaming|sneezes?|claps?|clapping|cheers?|appears?|walks?"
    r"|comes? in|swears?|swearing)\b[^,.;!?]*"
    r"|\b(?:the|a|my|his|her|some|that)\s+(?:dog|dogs|baby|kid|kids|child|man|woman|guy|people|crowd|car|cars|bird|birds|someone)"
    r"\s+(?:barking|crying|coughing|talking|laughing|shouting|screaming|singing|honking|sneezing|clapping)\b[^,.;!?]*",
    # more of an edit with no amount and no part ("mute a bit more"): how much, and where, is asked
    # a reason said after a request ("… cause there's someone talking"): what it names is not asked for
    "reason_said": r"\b(?:because|'?cause|cuz|coz|since)\b",
    "someone_else": _SOMEONE_ELSE,
    # the whole of the sound said ("take away all of the sound"): never a part found by hearing it
    "all_of_it": r"\b(?:all|whole|entire|everything|completely|totally)\b",
    "more_of_it": r"\b(?:a (?:bit|little|tad|touch) |some |even |slightly |little )?more\b(?!\s+(?:than|of the)\b)",
    "title_whole": r"\b(?:for|during|over|across|throughout|in)?\s*(?:the\s+)?(?:whole|entire|full)\s+(?:clip|video|time"
    r"|thing|length|duration|way through)\b|\bthroughout\b|\ball the way through\b"
    r"|\bfrom (?:start|beginning) to (?:finish|end)\b",
    "timeline": r"\btimeline\b",
    "that_part": r"\b(?:that|this) (?:part|bit|section)\b",
    # the clause splitter (clauses.py): what separates clauses, what starts a correction of the one before
    "clause_break": r"\b(?:and then|then|and|but|also|plus|after that|afterwards)\b|\s[+&]\s|\s+—\s+",
    "correction": r"\b(?:actually,?\s+make (?:that|it)|make that|,\s*no,?)(?=\s*\d+(?:\.\d+)?\s*(?:s|secs?|seconds?|ms)?\s*$)"
    r"|\bno,? wait\b|\bwait,? no\b|\b(?:no|sorry),? i meant?\b|\bi meant?\b|\bmake that\b|\bcorrection\b|\bscratch that\b",
    # the coverage check: a number and what it counts
    "count_units": r"ms|milliseconds?|%|seconds?|secs?|s|minutes?|mins?|min|m|hours?|hrs?|h",
    # what a message is before it is read as edits (intents.py)
    "social": r"^(?:hi|hello|hey|thanks?|thank you|thx|ok|okay|cool|great|nice|looks (?:great|good)|perfect|awesome)\b",
    "help": r"^(?:help(?!\s+me\s+(?!with\b|out\b)\w)|what can you do|what do you do|who are you)\b",
    "question": r"^(?:(?:wait|hmm+|oh|ok|okay)[,.!]?\s*)?can i\s+still\b"
    r"|^(?:how|what|which|why|when|where|does|do(?!\s+not\b)|did|is|are|should|will|would(?!\s+(?:you|it|u)\b)|can i"
    r"|could i|is it possible)\b"
    r"(?! you\b)(?<!do(?= the same))(?<!do(?= it again))(?<!do(?= 1 thing))"
    # a tag question: checking what was done ("you cut the first 2 seconds, right?")
    r"|[,\s](?:right|correct|yeah|isn'?t it|didn'?t you|wasn'?t it)\s*\?+\s*$",
    "part_said": r"\b(?:first|last|final|start|end|beginning|ending|bit|part|section|segment|secs?|seconds?|minutes?|mins?)\b",
    # notions only English says so far (another language adds its own branch)
    "out_of": r"\b(?:get|pull)\s+(?:the\s+|all\s+(?:the\s+)?)?(?:audio|sound|soundtrack)\s+out\s+of\b",
    "not_audio": r"^not\s+(?:the\s+)?(?:audio|sound)$",
    # a negation of what the user feels or perceives, not of an edit ("I don't like the first 2 seconds")
    # an amount implied and not given ("heaps louder", "a lot quieter"): more than a step; how much is asked
    # a clause restating the part just named: "no, the other end"
    # a verb's object that points at the part said before it ("the last second — mute it")
    "points_back": r"^(?:then\s+|and\s+|just\s+)?(?:mute|silence)\s+(?:just\s+|only\s+)?(?:it|them|that|those|this|these)"
    r"(?:\s+(?:part|bit|section|parts|bits|seconds))?(?:\s+please)?$",
    # a title already there, given other words or another time ("change the title to …", "move the title to 2 s")
    "title_change": r"\b(?:change|edit|fix)\s+its\s+(?:words|text|wording)\s+(?=to\b|into\b)|"
    r"\b(?:make|have|let)\s+(?:the|that|this|my)\s+(?:title|caption)\s+(?:say|read)\b|"
    r"\b(?:change|rename|replace|edit|update|fix)\s+(?:the\s+)?(?:title|caption)(?:'s text)?\s+"
    r"(?:to|with|into|so (?:that )?it (?:says|reads))\b|\b(?:title|caption)\s+(?:should (?:say|read)|to say)\b",
    # the title already there, shown for another length or until another time ("make that title stay up for 5 s")
    "title_stay": r"\b(?:make|keep|have|let|leave)\s+(?:the|that|this|my)\s+(?:title|caption|text)\s+(?:stay|last|show"
    r"|run|be (?:on|up)|up|on(?: screen)?|for)\b|\b(?:title|caption)\s+(?:should\s+|to\s+|needs to\s+)?(?:stay|last)\b"
    # "show the title from 2 to 6 s", "… the whole time": the title there, shown then
    r"|\b(?:show|display)\s+(?:the|that|this|my)\s+(?:title|caption)\b(?=.*(?:\d|\bwhole\b|\bentire\b|\bthroughout\b))",
    "title_until": r"\buntil|\btill|\bup to",
    # a title moved by an amount from where it is ("shift the title 1 second earlier")
    "title_shift": r"\b(?:move|shift|push|bring|nudge|slide|make|have|let|get)\s+(?:the\s+|that\s+|this\s+|my\s+)?(?:title|caption)\b"
    r"(?:\s+(?:come in|appear|show up|start|pop up))?",
    "title_to_start": r"\s*(?:the\s+)?(?:very\s+)?(?:start|beginning|front)\b",
    "title_to_end": r"\s*(?:the\s+)?(?:very\s+)?(?:end|ending)\b",
    # the title just added, said again as a pronoun, and its words corrected ("typo, should be …")
    "title_pronoun": r"\b(?:it|that|this|them|those)\b(?!\s*(?:'s|is|was)\b)",
    "title_should": r"^\s*(?:(?:typo|oops|sorry|no|wait|lol|haha|lmao|sorry,? typo)\b[\s,.!:—–-]*)*(?:it\s+)?should (?:be|say|read)\b\s*:?",
    # an undo that keeps something ("undo that but keep the mute"): what follows is kept
    "undo_keeps": r"\b(?:but|and)\s+(?:keep|leave)\b",
    "replaces_previous": r"^\s*(?:(?:actually|no|nah|wait|oh)[,.!]?\s+)+(?:just|only)\b",
    # "keep 2 to 8 instead" after a keep: an edit of the same kind in place of the one before
    # a new value alone after an edit with one amount ("make it 3 instead", "no, 70%"): that amount replaced
    "bare_value": r"^(?:(?:no|nope|nah|actually|wait|hmm+|oh|ok|okay|sorry|oops)[,.!]*\s+)*(?:make (?:it|that)|change (?:it|that) to"
    r"|set (?:it|that) to|more like|rather|let'?s (?:do|say)|try|go with)?\s*(\d+(?:\.\d+)?\s*(?:%|s\b|secs?\b|seconds?\b)?)"
    r"\s*(?:instead|then|please|pls|thanks)?[.!]*$",
    "instead_tail": r"\binstead\s*[.!]*\s*$",
    # a title's time said with a verb of showing ("make it stay until 8 seconds"): after a title, "it" is the title
    # a second thought about the step before ("hmm actually keep the sound, just …")
    "second_thought": r"^\s*(?:(?:hmm+|oh|ok|okay|wait|no|nah|sorry)[,.!]?\s*)*(?:actually|on second thought|never ?mind|nvm)\b"
    r"|^\s*(?:wait[,.!]?\s*no|no[,.!]?\s*wait)\b",
    # a part of the clip described, not asked about ("the first 2 seconds are shaky")
    # which clock a time is on after an earlier cut: the clip as uploaded, or the timeline as it is now
    "clock_source": r"\s*,?\s*\(?\b(?:in|of|on|from|by|using|per|according to)\s+(?:the\s+|my\s+)?(?:original|uploaded|unedited|raw|source)"
    r"(?:\s+(?:clip|video|file|footage|recording|version))?(?:'?s)?(?:\s+(?:time|timing|times|timeline|clock|seconds|timestamps?))?\b\)?"
    r"|\s*,?\s*\(?\b(?:as (?:it was |i )?uploaded(?: it)?|in original (?:time|timing|seconds)|original (?:timestamps?|timecodes?))\b\)?"
    r"|\s*[,—–-]*\s*(?:i mean|i'?m talking about|meaning|using)\s+the\s+times?\s+(?:in|of|on)\s+the\s+original(?:\s+(?:clip|video|file))?"
    r"(?:\s*,?\s*not\s+(?:the|in the)\s+(?:trimmed|cut|edited|new|shorter)(?:\s+(?:one|clip|video|version))?)?[.!]?",
    "clock_timeline": r"\s*,?\s*\(?\b(?:on|in|of)\s+(?:the\s+)?(?:timeline|video|clip|edit|version)\s+as it (?:is|stands) now\b\)?"
    r"|\s*,?\s*\(?\b(?:as it (?:is|stands) now|on the (?:current|new) timeline|in the (?:current|new|edited) (?:timeline|video|version|timing)|of what'?s left)\b\)?",
    "undo_earlier": r"\bundo\s+(?:the\s+|my\s+)?(?:first|earlier|older|1st)\s+(?:one|cut|mute|edit|change|step|title|trim)\b",
    "another_title": r"\b(?:another|a second|a 2nd|one more|an extra|a new)\s+(?:title|caption|text)\b|\balso add (?:a )?title\b",
    "describes": r"\b(?:is|are|was|were|looks?|sounds?|seems?|has|have|had|got)\b",
    # the title there named to be left alone ("remove the sound but keep the title")
    "title_kept": r"\b(?:keep|leave)\s+(?:the|that|this|my)\s+(?:title|caption|text)\b",
    "title_time_verb": r"\b(?:stay|stays|last|lasts|show|shows|appear|appears|disappear|disappears|display|come up|pop up"
    r"|start|starts|begin|begins|come in|comes in|stay up|be up|keep it up|keep it on)\b",
    "wrong_then": r"^\s*(?:no[,.!]?\s+)*(?:no|nope|nah|wrong(?:\s+(?:end|side|one|part|spot|way round))?|other end|(?:switch|flip|swap) (?:it|that|them)(?: around)?)\s*[,.!]\s*(?:i (?:meant|said)\s+)?",
    # the edit before went too far ("you cut off the punchline"): one of the same kind said now replaces it
    "overdone": r"\byou (?:cut|trimmed|removed|chopped) (?:off|out)\b|\b(?:cut|trimmed|removed|took) (?:off )?too much\b"
    r"|\bi (?:only|just) (?:wanted|meant|asked for|said)\b",
    # "put it back" (after an edit: undo it; after an undo: redo it)
    "put_back": r"^(?:(?:nvm|never ?mind|wait|no|nope|oh|ok|okay|actually|hmm+|ugh)[,.!]*\s*)*(?:put|bring)\s+(?:it|that|this|them)\s+back(?:\s+please|\s+pls)?[.!]*$",
    # "change the cut to 3 seconds": a named edit given another value
    "change_named": r"^\s*(?:change|make|set|move|extend|lengthen|shorten|stretch|have|let)\s+(?:the|that|my)\s+"
    r"(?:cut|trim|mute|muted part|muting)\s+(?:to|into|until|till|(?:end|stop|finish)\s+(?:at|by))\b",
    "title_earlier": r"\b(?:earlier|sooner)\b",
    "title_later": r"\blater\b",
    "keeps_a_voice": r"\b(?:keep|leave)\b[^.;!?]*\b(?:my|the|our|his|her|their)\s+(?:voices?|vocals?|commentary|narration"
    r"|talking|speech)\b",
    # words that, left unread, could turn the reading around: no reading is offered to click then
    # a unit or a number no reading takes: the reading without it is no better a guess than any other
    "no_guess": r"^(?:\d+\s*)?(?:frames?|fps)\b|^\d,\d$",
    "inverts": r"^(?:except|but|not|don'?t|without|other than|apart from|besides|unless|instead|rest|everything else)\b",
    "two_files": r"\b(?:both|two|2) (?:formats|files|versions)\b|\bone of each\b",
    "or_only": r"\bor (?:can you |do you |does it |is it )?only\b",
    "title_move": r"\b(?:move|prepone|postpone|shift|bring|put)\s+(?:the\s+)?(?:title|caption)\s+(?:to|at|so (?:it|that it) (?:starts?|shows?|appears?|comes? up|pops? up) at)\b"
    r"|\b(?:start|begin)\s+(?:the|that|this|my)\s+(?:title|caption)\s+(?:at|from)\b"
    r"|\b(?:make|have|let|change|set)\s+(?:the|that|this|my)\s+(?:title|caption|text)\s+(?:to\s+)?(?:start|begin|appear|come in"
    r"|come up|show up|pop up)\s+(?:at|from|after)\b",
    # the volume step before, once more ("a bit more", "even more")
    "more_again": r"^(?:a (?:bit|little|tad|touch) |slightly |even |some |bit )?more(?: please| pls)?$",
    # a request said again in other words ("cut the first 2s, i.e. remove 0-2"): both must be the same edit
    "restating": r",?\s*\b(?:i\.e\.?|ie|in other words|namely|aka)(?=[\s,:])[,:]?|,\s*that is,",
    # what is taken back from a list said before it ("…, actually not the last 2", "wait, leave 4-5 alone")
    "drop_part": r"^(?:not|skip|forget|leave|don'?t do)\s+(?:the\s+)?(.+?)(?:\s+alone|\s+out|\s+as (?:it is|is))?$",
    # an end of the clip named by a clause that leaves it alone ("but don't touch the start")
    "start_side": r"\b(?:start|beginning|intro|opening)\b",
    "end_side": r"\b(?:end|ending|outro)\b",
    # the edit before, at the other end, said beside other requests ("now the same at the end, and …")
    "same_other_end": r"\b(?:do\s+)?(?:the\s+)?same(?:\s+thing)?\s+(?:at|for|on|to)\s+the\s+(?:other\s+end|end|start|beginning)\b"
    r"|\b(?:cut|trim)\s+the\s+(?:end|start|beginning)\s+too,?\s+(?:the\s+)?same\s+amount\b",
    "other_end": r"^(?:no|nope|not that(?: one)?|wrong end)[,.!]?\s*(?:the\s+)?other\s+(?:end|side|one)(?:\s+please)?$",
    # a clause naming a thing by its content ("the speech", "the chorus"): a word that changes an edit only in a
    # clause that asks for one
    "much_more": r"\b(?:a lot|lots|much|way|heaps|loads|tons|a ton|massively|super|far|significantly|considerably)\s+"
    r"(?:louder|quieter|softer|lower|higher)\b",
    "neg_not_edit": r"\b(?:don'?t|do not|dont|can'?t|cannot|can not|not)\s+(?:really\s+)?(?:like|love|hear|see|think|know"
    r"|understand|care|mind|enjoy)\b",
    # the edit before, done once more ("do it again", "once more")
    "again": r"^(?:now\s+)?(?:(?:do|repeat) (?:it|that|the same)|(?:the )?same|lagi)?\s*(?:again|once more|one more time|1 more time)(?:\s+please)?$"
    r"|^lagi(?:\s+(?:1|one)\s+time)?$"
    r"|^repeat(?: that| it)?(?:\s+please)?$",
    # the edit before, with another verb on its part ("undo that and instead mute it", "mute them instead")
    # ("mute it" alone is the whole clip: "it" and "this" point back only beside an undo or "instead")
    "swap_again": r"^(?=(?:undo|revert)\b|.*\binstead\b|.*\s(?:them|that|those|these)\b)"
    r"(?:(?:actually|no|nah|wait|hmm+|oh|ok|okay)\s*,?\s+)*"
    r"(?:(?:undo|revert) (?:that|it)\s*,?\s*(?:and\s+)?(?:then\s+)?)?(?:instead\s*,?\s*)?(?:please\s+)?"
    r"((?:cut|trim|remove|delete|mute|keep)\s+(?:it|them|that|those|this|these)(?:\s+(?:seconds|secs|parts?|bits?))?)"
    r"(?:\s+instead)?(?:\s+please)?$",
    "silent_word": r"silent",
    "set_it": r"^(?:and |then |please )*(?:set|turn|put|bring|make|change|adjust)\s+(?:it|this|that)\b",
    "turn_it": r"\bturn (?:it|this|that) (?:down|up)\b",
    "by": r"\bby\b",
    "to_half": r"\b(?:to|at) (?:a |one )?half\b",
    "half_said": r"\bhalf\b",
    "without": r"\bwithout\b|\bminus\b",
    "starts_at": r"\bstart(?:s)?\b.*\b(?:at|from)\b|\bend(?:s)? (?:it |the video )?at\b",
    "to_the_edge": r"\bto\s+(?:just\s+|only\s+)?the\s+(?:first|last|final|opening)\b",
    "clip": r"\b(?:a |the )?clip\b",
    "cut_word": r"\bcut\b",
    "fix": r"\bfix\b",
    "middle_of": r"\s*(?:long\s+)?(?:clip|part|section|piece|bit|segment)?\s*(?:from|in|of)\s+the\s+middle",
    "off_end": r"\s*(?:off|from|at)\s+the\s+end",
    "off_start": r"\s*(?:off|from|at)\s+the\s+(?:start|beginning|front)",
    "after_time": r"(?:\bafter|\bfrom|\bpast|\bsince|\bstarting at|\bstart(?:s)?(?: the video| it)? (?:at|from))\s+(?:the\s+)?",
    "before_time": r"(?:\bbefore|\buntil|\btill|\bup to|\bend(?:s)?(?: the video| it)? at)\s+(?:the\s+)?",
    "make_it": r"\bmake (?:it|this|the video|the clip)\s+(?=\d+(?:\.\d+)?\s*(?:s|secs?|seconds?|ms|minutes?|mins?)\s*$|\d+(?:\.\d+)?\s*(?:s|secs?|seconds?)\s+(?:long|total)\b)",
    "at_time": r"\bat\s+",
    "request": r"^(?:please\s+)?(?:can|could|would|will) you\b|^can i (?:have|get)\b|^could i (?:have|get)\b",
    "how_to": r"^(?:how (?:do|can|could) i|how to|can i|could i|is it possible to)",
}
#: Rewrites of one clause, before it is read (the other order of a language's words).
CLAUSE_REWRITES: tuple[tuple[str, str], ...] = ()

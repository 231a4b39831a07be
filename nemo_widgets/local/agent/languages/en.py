"""English, as data for the agent's one reader (see :mod:`nemo_widgets.local.agent.languages`).

Patterns apply to lower-case text whose number words are already digits ("two" → "2").
"""

from __future__ import annotations

NAME = "en"
#: No script of its own: English is the reply language when no other script is seen.
SCRIPT = ""
#: A time said with a unit; used by patterns below.
_T = r"(\d+(?:\.\d+)?)"

SIMPLIFICATIONS: tuple[tuple[str, str], ...] = (
    # units
    (r"\bdecibels?\b|(?<=\d)\s*dbs?\b|\bdbs?\b", " db"),
    (r"\bmilliseconds?\b|\bmsecs?\b|(?<=\d)\s*millis\b", " ms"),
    # "the first second and a half", "2 seconds and a half", "a second and a half"
    (r"\b(?:the )?(first|last|final|opening) (?:1 )?(?:second|sec) and a half\b", r"\1 1.5 seconds"),
    (_T + r"\s*(seconds?|secs?|minutes?|mins?) and a half\b", r"\1.5 \2"),
    (r"\b(?:a|an|one) half (?:a |an )?(second|sec)\b|\bhalf (?:a |an )?(?:second|sec)\b", "0.5 seconds"),
    # "the last half" (of the clip) is its second half
    (r"\b(?:the )?(?:last|final|latter|back) half\b(?! (?:a |an )?(?:second|sec|minute))", "the second half"),
    # levels said as words
    (r"\ball the way (?:down|off)\b|\bas (?:low|quiet) as (?:it|possible)(?: (?:can )?(?:go|goes))?\b"
     r"|\bto (?:the )?minimum\b|\bto (?:zero|0)(?!\.?\d)(?!\s*(?:s|secs?|seconds?|ms|:))\b", "to 0%"),
    (r"\bto (?:a |one )?quarter\b", "to 25%"), (r"\bto (?:a |one )?third\b", "to 33%"),
    (r"\b(?:back )?to (?:normal|the original (?:level|volume)|its original (?:level|volume)|full)\b", "to 100%"),
    (r"\bhalf the volume\b|\bhalve the volume\b", "set the volume to 50%"),
    # what a title says, when it follows a word that introduces it without quotes (the quotes are added
    # to the original text by the structure stage; these only tidy what is left)
    (r"\bso (?:that )?it (?:runs|goes|plays|lasts) from\b", "keep from"),
    (r"\bon screen\b", "as a title on screen"),
    (r"\bblack (?:and|&) white\b", "grayscale"),  # one word: "and" splits clauses
    (r"^i'?d like (.+?) (?:gone|removed|cut out|cut)$", r"cut \1"),
    (r"\b(?:give|send) me (?:the|an?) (?:mp4|video|file|result)\b", "export it"),
    (r"\b(audio|sound) only\b", r"only \1"),
    (r",?\s*(?:and )?keep the rest\b", ""),
)  # fmt: skip

#: Words that change no edit: skipped by the reading (and never "left over").
FILLERS: tuple[str, ...] = (
    r"\bum+\b", r"\buh+\b", r"\ber+m?\b", r"\bhmm+\b", r"^(?:ok(?:ay)?|so|well|yeah|right)[, ]+(?:so )?", r"\bso yeah\b",
    r"\bjust\b(?= (?:cut|trim|mute|remove|keep|lower|set|take|extract|add|delete))", r"\byou know\b",
    r"(?<=you) like\b(?= (?:cut|trim|mute|remove|keep|lower|set|take))", r"\b(?:kinda|basically)\b",
    r"\bthat's all\b|\bthanks?(?: you)?(?: so much)?\b|\bthank you\b|\bcheers\b",
    r"^(?:hi|hello|hey)(?: there)?\b[!,.]?", r"\bfor me\b", r"\bquick one\s*:?",
    r"^i (?:need|want|have) \d+ (?:things|changes|edits)\s*:?",
    # context: what the user will do, and what is fine as it is
    r"\bi(?:'ll| will| am going to|'m going to) [^,.;]*?(?:myself|later|tomorrow|in the app)\b",
    r"\b(?:the )?(?:volume|sound|audio|ending|end|rest|beginning|start)(?: is| are) (?:fine|ok|okay|good)(?: too| as is)?\b",
)  # fmt: skip

#: A request said as a question, or wrapped in politeness: the wrapper (a prefix, then the suffix that
#: goes with it) is dropped, the request stays. Never before "tell me", "explain", "show me": those ask.
POLITE_PREFIX: tuple[str, ...] = (
    r"^(?:please\s+)?(?:is it possible to|is there any way to|would it be possible to|would you mind"
    r"|do you think you could|any chance you (?:can|could)|i was wondering if you could|i'd like you to"
    r"|could you (?:maybe |possibly |please )?|can you (?:maybe |please )?|would you (?:please )?"
    r"|will you (?:please )?|please could you|can i get|could i get|can i have|could i have"
    r"|i'?d (?:love|like) it if you could|i'?d (?:really )?appreciate it if you could|it would be great if you could)\s+"
    r"(?!tell\b|explain\b|show me\b|help me understand\b)",
)  # fmt: skip
POLITE_ALONE: tuple[str, ...] = ()
BORROWED: tuple[tuple[str, str], ...] = ()
POLITE_SUFFIX: tuple[str, ...] = (r"\s*(?:for me|please)?\s*\?+$",)
#: Hedges that change nothing wherever they stand.
HEDGES: tuple[str, ...] = (
    r"\s*,?\s*\bif (?:that's|that is|it's) (?:ok|okay|possible|fine)\b", r"^if possible,?\s+", r",?\s*\bif possible\b",
    r"^if you can,?\s+(?!.*\b(?:otherwise|else)\b)",
)  # fmt: skip

#: What starts a self-correction: the words after it replace the part of the request they correct.
CORRECTIONS: tuple[str, ...] = (
    r"\.{2,}\s*sorry,?\s*i meant?\b", r"\bsorry,?\s*i meant?\b", r"\boops,?\s*i meant?\b", r"\ber,?\s*i meant?\b",
    r"\bno,? sorry\b", r"\bno,? wait\b", r"\bwait,? no\b", r"(?:\s-+|\s—)\s*wait\b", r"\bactually,? no\b",
    r"\bscratch that\b", r"\bcorrection\b", r"\bi mean\b", r"\bi meant\b", r"[,.]\s*no[,.]", r"[,.]\s*sorry[,.]",
    r"(?<=[,.;!?])\s*(?:actually,?\s*)?make (?:that|it)\b(?=\s*\d)",
    # "cut the first 2 seconds, wait, actually 3": a new amount after a pause word
    r"(?<=[,.;!?])\s*(?:wait[,.]?\s*)?actually[,.]?(?=\s*(?:the\s+)?(?:first|last)?\s*\d)",
)  # fmt: skip

#: A conditional with a fallback: do ``first``; if it can't be done, do ``then``.
FALLBACKS: tuple[str, ...] = (
    r"^if (?:you )?(?:can'?t|cannot|can not|are unable to|aren't able to)\s+(?P<first>.+?)"
    r"(?:,\s*(?:then\s+)?(?:just\s+)?|\s+then\s+(?:just\s+)?)(?P<then>.+)$",
    r"^(?P<first>.+?),?\s+(?:or|and)?\s*if (?:that's|that is|it's|this is) not possible,?\s+(?:then\s+|just\s+)?(?P<then>.+)$",
    r"^(?P<first>.+?),?\s+(?:and|or)?\s*if you can'?t,?\s+(?:then\s+|just\s+)?(?P<then>.+)$",
    r"^(?:try to\s+|if you can,?\s+)?(?P<first>.+?),?\s+(?:otherwise|else|failing that)\s+(?:just\s+)?(?P<then>.+)$",
)  # fmt: skip

UNDO: tuple[tuple[str, str], ...] = (
    (r"\b(?:undo|revert)\s+(?:the\s+)?(?:last\s+)?(\d+)\s*(?:changes|edits|steps|things|times)?\b", r"undo \1"),
    (r"\bundo\s+(?:that\s+)?twice\b|\bundo,?\s+undo\b", "undo 2"),
    (r"\b(?:go|step) back\s+(\d+)\s*(?:steps?|changes|edits)?\b", r"undo \1"),
    (r"\btake back the last (\d+)\b", r"undo \1"),
    (r"\b(?:go\s+)?back to (?:the )?original\b|\brevert to (?:the )?original\b|\bstart over\b|\breset everything\b"
     r"|\bput it back the way it was\b|\bback to how it was\b|\bgo back to how it was(?: at the start)?\b"
     r"|\bundo everything\b|\bundo all(?: (?:the )?(?:changes|edits))?\b", "undo all"),
    (r"^(?:actually\s+)?redo(?:\s+(?:that|it|the last (?:one|change)))?$", "redo"),
)  # fmt: skip

DOWN = r"\b(?:lower|reduce|decrease|down|quieter|softer|drop|cut|turn down|attenuate)\b"
UP = r"\b(?:raise|increase|boost|up|louder|amplify)\b"

NEGATIONS: tuple[str, ...] = (
    r"\bdon'?t\b", r"\bdo not\b", r"\bnever\b", r"\bno need to\b", r"\bplease don'?t\b", r"\bno\b",
)  # fmt: skip
#: Verbs that make an edit: a negation right before one from any language negates it ("不要 remove").
EDIT_VERBS: tuple[str, ...] = (
    "remove", "delete", "cut", "trim", "mute", "extract", "export", "touch", "change", "strip", "drop", "lower",
)  # fmt: skip

#: A clause read as nothing that starts like this was a request not understood: the message asks.
ACTIONS: tuple[str, ...] = (r"^(?:make|turn|put|set|change|give|let|have|add|apply)\b",)

#: A clause that names only the other end ("Remove the last second. Also the first."): the edit before it,
#: the same length, at that end. (kind, pattern) on the clause as split.
ELLIPSES: tuple[tuple[str, str], ...] = (
    ("first", r"^(?:the\s+)?(?:first|start|beginning|opening|front)(?:\s+(?:one|bit|part))?(?:\s+(?:too|as well))?$"),
    ("last", r"^(?:the\s+)?(?:last|end|ending|final)(?:\s+(?:one|bit|part))?(?:\s+(?:too|as well))?$"),
)

#: A clause that is only a thing ("remove the title and the audio"): the verb before it applies to it too;
#: left unread otherwise (a clause that names a thing and is read as nothing is asked about).
OBJECTS: tuple[str, ...] = (
    r"(?:the\s+|its\s+|that\s+|this\s+)?(?:audio(?:\s+track)?|sound|soundtrack|title|titles|caption|text|video|picture)"
    r"(?:\s+(?:too|as well))?",
)

#: Words that change an edit: a reading that leaves one of these unread changes nothing and asks.
MEANINGFUL: tuple[str, ...] = (
    r"\bdb\b", r"\band a half\b", r"(?<!first )(?<!second )(?<!1st )(?<!2nd )(?<!opening )(?<!latter )(?<!by )(?<!in )"
    r"(?<!to )\bhalf\b(?! (?:the|as|way))", r"\bunless\b", r"\bexcept\b", r"\bif\b", r"\botherwise\b",
    r"\ball the way\b",
    # another clip than the timeline as a whole ("the first 2 seconds of the second clip")
    r"(?<![\d.]\s)(?<![\d.])\b(?:second|third|fourth|fifth|2nd|3rd|4th|5th|other|next|previous|another)\s+"
    r"(?:clip|video|file|upload|one)\b",
    # how a span is reached, when no rule read it ("shorten it by cutting the middle")
    r"\bby\s+(?:cut|trim|remov|tak|drop|chop|delet|mut)\w*",
    # how many times, which channel, each or every one, a part named by its content: none is read here
    r"\b(?:twice|thrice)\b(?!\s+as\b)", r"\b(?:left|right)\s+(?:channel|side|speaker|ear)\b", r"\bchannels?\b",
    r"\b(?:each|every)\b(?!\s+(?:end|side)s?\b)(?!\s+(?:bit|part|trace|last|single)\b)", r"\b(?:first|1st|last|final)\s+(?:clip|video|file|upload)\b",
    r"\b(?:chorus|verse|dialogue|speech|talking|singing|applause|laughter|frames?)\b",
)  # fmt: skip

#: Words that name a part of the clip: left over by a reading that changes the whole clip (no span in
#: it), they change nothing and the agent asks ("turn the sound off for the middle part").
PART_WORDS: tuple[str, ...] = (
    r"\bmiddle\b", r"\bpart\b", r"\bsection\b", r"\bportion\b", r"\bsegment\b", r"\b(?:the|that|this) bit\b(?! ?rate)",
    r"\bbeginning\b", r"\bstart\b", r"\bending\b", r"\bintro\b", r"\boutro\b", r"\bscene\b",
    # a time word names a part, unless it orders the steps ("before exporting", "after that", "when you're done")
    r"\b(?:when|while|during|between|until|after|before)\b(?!\s+(?:that|this|you|i|we|it'?s done|it is done|done"
    r"|export|render|download|save|upload|remove|delete|cut|trim|mute|extract|strip|drop|lower|change|\w+ing)\b)",
)  # fmt: skip

#: An unquoted title, on the original text (case kept): group ``x`` is what it says.
#: A title ends at "and"/"then", at a time or place word ("for 3 seconds", "over the first three seconds", "at the
#: end", "on screen"), at punctuation or at the end; "Welcome to Paris" and "Happy Birthday to Mom" stay whole.
_END = (
    r"(?=\s+(?:and|then)\b|\s+(?:at|for|from|on|to|in|over|during|across|throughout|until|till|between|before|after"
    r"|lasting|starting)\s+(?:the\s+|a\s+|an\s+)?(?:\d|first|last|opening|whole|start|beginning|end|ending|middle|top"
    r"|bottom|screen|video|clip|it\b|one|two|three|four|five|six|seven|eight|nine|ten|half)|\s*[,.;!?\n]|$)"
)
#: A clause that states a problem rather than asks for something ("the sound is just wind", "there's a hum").
STATEMENTS: tuple[str, ...] = (
    r"^(?:honestly\s+|also\s+|so\s+)?(?:there'?s|there is|there are)\b",
    r"^(?:honestly\s+|also\s+|so\s+)?(?:the|this|that|my|its|it'?s|it is)\b"
    r"(?:(?!\b(?:remove|cut|mute|delete|get rid|take|clean|fix|make|can you|could you|please)\b).)*"
    r"\b(?:is|are|was|were|has|have|sounds?|gets?)\b",
)

#: Quoted words after one of these verbs are a title even when no title word is said ("put ‘The End’ at the end").
TITLE_VERBS: tuple[str, ...] = (r"^(?:please\s+)?(?:put|write|show|display|place|overlay|stick|add)\b",)
#: The word a title is said with in the canonical form ``title “…”``.
TITLE_WORD = "title"
TITLES: tuple[str, ...] = (
    r"(?i:\b(?:title|caption|text|heading)(?:\s+card)?\s+(?:saying|that says|which says|reading|that reads|called|named"
    r"|with the (?:text|words)))\s*:?\s+(?P<x>[^\"“”'‘’「」《》,.;!?\n]+?)" + _END,
    r"(?i:\b(?:title|caption|heading))\s*:\s*(?P<x>[^\"“”'‘’「」《》,.;!?\n]+?)" + _END,
    r"(?i:\b(?:title|caption))\s+(?P<x>[A-Z0-9][^\"“”'‘’「」《》,.;!?\n]*?)" + _END,
    r"(?i:\bthe words)\s+(?P<x>[^\"“”'‘’「」《》,.;!?\n]+?)" + _END,
    r"(?i:\bwrite)\s+(?P<x>[^\"“”'‘’「」《》,.;!?\n]+?)(?i:\s+on (?:the video|the clip|it|screen))",
)  # fmt: skip

#: How an operation is said, to offer the reading back ("Did you mean: …?"): each phrase reads back as it.
PHRASES: dict[str, str] = {
    "quieter": "make it {p}% quieter",
    "louder": "make it {p}% louder",
    "cut_first": "cut the first {s}",
    "cut_last": "cut the last {s}",
    "cut_range": "cut from {a} to {b}",
    "cut_middle": "cut {s} from the middle",
    "keep_middle": "keep {s} from the middle",
    "mute_middle": "mute {s} in the middle",
    "cut_after": "cut everything after {a}",
    "cut_before": "cut everything before {a}",
    "keep_first": "keep the first {s}",
    "keep_last": "keep the last {s}",
    "keep_range": "keep from {a} to {b}",
    "keep_after": "keep everything after {a}",
    "keep_before": "keep everything before {a}",
    "mute_first": "mute the first {s}",
    "mute_last": "mute the last {s}",
    "mute_range": "mute from {a} to {b}",
    "mute_after": "mute everything after {a}",
    "mute_before": "mute everything before {a}",
    "volume": "set the volume to {p}%",
    "remove_audio": "remove all audio",
    "extract_audio": "extract the audio as {f}",
    "add_title": 'add a title "{t}"',
    "undo": "undo",
    "restore_audio": "bring the sound back",
    "remove_title": "remove the title",
    "join": " and ",
}

#: Requests this engine does not do: (feature id, pattern). The reply names the feature
#: (:data:`FEATURE_NAMES`); the order of the ids is kept in :mod:`~nemo_widgets.local.agent.declines`.
DECLINED: tuple[tuple[str, str], ...] = (
    ("noise", r"noise|\bhum\b|hiss|buzz|\bwind\b|echo|denois"),
    ("silences", r"silent (?:parts|bits|sections|moments)|silences|pauses|\bgaps\b|dead air"),
    ("separate", r"(?:\bmusic\b|\bbgm\b|\bsong\b).*(?:\bvoices?\b|\bvocals?\b|speech|talking|dialogue)"
     r"|(?:\bvoices?\b|\bvocals?\b|speech|talking|dialogue).*(?:\bmusic\b|\bbgm\b)"
     r"|(?:remove|delete|mute|drop|get rid of).*(?:\bmusic\b|\bbgm\b|\bsong\b|\bvoices?\b|\bvocals?\b|person talking|speech)"
     r"|\b(?:isolate|separate|extract|split)\b.*\b(?:vocals?|voices?|singing)\b|\bkaraoke\b"),
    ("speed", r"\bspeed|faster|slower|slow[ -]?mo|slow motion|slow it down|\b\d+(?:\.\d+)?x\b"),
    ("crop", r"\bcrop|square|aspect ratio|vertical|portrait|\btiktok\b|\b9:16\b|\breframe"),
    ("fade", r"\bfade"),
    ("music", r"(?:add|put|insert).*(?:\bmusic\b|\bbgm\b|\bsong\b)|replace (?:the )?(?:audio|sound|music)"),
    ("subtitles", r"subtitle|captions\b|transcri"),
    ("rotate", r"\brotat|\bflip\b|mirror"),
    ("colour", r"black[- ]and[- ]white|grayscale|greyscale|\bfilter|colou?r|bright|contrast|saturat"),
    ("reverse", r"\breverse|backwards"),
    ("blur", r"\bblur"), ("gif", r"\bgif\b"), ("upscale", r"\bupscal|\benhance (?:the )?(?:quality|resolution)"),
    ("voiceover", r"\bvoice-?overs?\b|\bnarration\b"), ("fillers", r"\b(?:ums|uhs|filler words?)\b"),
    ("objects", r"\bremove (?:the |a |that )?(?:person|people|man|woman|object|car|guy)\b"),
    ("animation", r"\banimat"), ("cleanup", r"\bclean(?:ed)? up (?:the )?(?:audio|sound)|\bbe cleaned up\b"),
    ("generate", r"\bgenerate|create a video|make a video of"),
    ("title_style", r"bigger|smaller|\bfont\b|\bbold\b"),
    ("split", r"\bsplit\b"),
    ("merge", r"\bmerge\b|\bjoin\b|combine|concatenat"),
    ("transition", r"transition"),
    ("watermark", r"watermark|\blogo\b"),
    ("zoom", r"\bzoom|stabili[sz]|\bloop\b"),
)  # fmt: skip

FEATURE_NAMES: dict[str, str] = {
    "noise": "removing background noise, hum or echo (it needs audio analysis)",
    "silences": "cutting out the silent parts (it needs audio analysis)",
    "separate": "separating music from voices or vocals (the clip's sound is one mixed track here)",
    "speed": "changing the speed",
    "crop": "cropping or reframing the picture (vertical, square)",
    "fade": "fades",
    "music": "adding or replacing music (only your uploads can go on the timeline)",
    "subtitles": "generating subtitles",
    "rotate": "rotating or flipping",
    "colour": "colour filters (black and white, brightness, colour grading)",
    "reverse": "playing it backwards",
    "blur": "blurring part of the picture",
    "gif": "making a GIF (exports are MP4, MP3, WAV or M4A)",
    "upscale": "upscaling or enhancing the picture",
    "voiceover": "recording or adding a voiceover",
    "fillers": "cutting out filler words like um (it needs speech recognition)",
    "objects": "removing a person or an object from the picture",
    "animation": "adding animations",
    "cleanup": "cleaning up the sound (it needs audio analysis)",
    "generate": "generating new footage",
    "title_style": "styling titles (font, size, colour)",
    "split": "splitting the clip",
    "merge": "joining clips (every upload is already added at the end)",
    "transition": "transitions",
    "watermark": "watermarks or logos",
    "zoom": "zooming, stabilising or looping",
}

REPLIES: dict[str, str] = {
    "did_you_mean": "I'm not sure I read all of that: {leftover} didn't fit what I understood, so nothing was changed. "
    "Did you mean: “{reading}”?",
    "fallback": "I can't do {declined} here, so I did what you asked instead:",
    "redo_nothing": "There's nothing to redo.",
    "redone": "Redone. ",
    "undone_n": "Undid {n} steps. ",
    "undone_all": "Back to the original. ",
    "undo_fewer": "There were only {n} steps to undo: all undone. ",
}

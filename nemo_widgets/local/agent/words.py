"""The agent's vocabulary shared by its rules: the words for audio, video, a negation, each verb (from every
language's ``WORDS``).

Built only on the language data: the clause reader (:mod:`~nemo_widgets.local.agent.grammar`), the
message splitter (:mod:`~nemo_widgets.local.agent.clauses`) and the correction reader read these patterns.
"""

from __future__ import annotations

import re

from nemo_widgets.local.agent.languages import merged, words
from nemo_widgets.protocol.constants import AUDIO_EXPORT_FORMATS, QUOTED

__all__ = [
    "AUDIO",
    "AUDIO_FORMAT",
    "CUT",
    "EXPORT_WORDS",
    "KEEP",
    "MUTE",
    "NEG",
    "QUOTE",
    "REMOVE",
    "STOPS",
    "STOPS_CLASS",
    "SYMBOLS",
    "VIDEO",
    "WANT_NEG",
]

AUDIO = words("audio")
VIDEO = words("video")
NEG = re.compile(words("neg"))
WANT_NEG = re.compile(words("want_neg"))
CUT = words("cut")
KEEP = words("keep")
MUTE = words("mute")
REMOVE = words("remove")
EXPORT_WORDS = re.compile(words("export"))
#: The audio formats an export can be, as a regex alternation ("mp3|wav|m4a"): protocol.constants has the list.
AUDIO_FORMAT = "|".join(AUDIO_EXPORT_FORMATS)
#: Punctuation that ends or separates clauses, every language's, as plain characters.
#: Symbols that say an edit in any language ("🔇 the first 2 secs"), as the English verb (a Chinese sentence reads
#: it as its own through ``BORROWED``).
SYMBOLS: tuple[tuple[str, str], ...] = (
    ("🔇", " mute "),
    ("✂️", " cut "),
    ("✂", " cut "),
    ("ctrl+z", " undo "),
    ("Ctrl+Z", " undo "),
    ("cmd+z", " undo "),
    ("Cmd+Z", " undo "),
)
STOPS = ",." + "".join(str(p) for p in merged("PUNCTUATION"))
#: The same, as the inside of a character class.
STOPS_CLASS = re.escape(STOPS)
#: Quoted words in a message (protocol.constants.QUOTED): group 1 or 2 holds them.
QUOTE = re.compile(QUOTED, re.I)

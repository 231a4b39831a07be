"""Malay, as data for the agent's one reader (see :mod:`nemo_widgets.local.agent.languages`).

Read, not yet written: Malay has no script of its own, so a message in it (or in Malaysian English that mixes
it in, "boleh cut depan 2 saat?") is answered in English, and the replies below are English's until a
translator writes Malay ones. Its words are made the canonical wording the rules read ("depan 2 saat" →
"first 2 seconds"), so one reader reads all three languages.
"""

from __future__ import annotations

import re

from nemo_widgets.local.agent.languages import en_replies as _replies
from nemo_widgets.protocol.constants import AUDIO_EXPORT_FORMATS

NAME = "ms"
#: Its replies are English's for now (see the module's docstring).
REPLIES, ABILITIES, EXAMPLES = _replies.REPLIES, _replies.ABILITIES, _replies.EXAMPLES
LISTS, NOUNS, TOPICS, MISSPELT = _replies.LISTS, _replies.NOUNS, _replies.TOPICS, _replies.MISSPELT
PHRASES, FEATURE_NAMES = _replies.PHRASES, _replies.FEATURE_NAMES
#: Written in Latin letters like English: never the reply language by its script.
SCRIPT = ""
SPACED = True

_NUMBER_WORDS = {"satu": "1", "dua": "2", "tiga": "3", "empat": "4", "lima": "5", "enam": "6", "tujuh": "7",
                 "lapan": "8", "sembilan": "9", "sepuluh": "10", "setengah": "0.5"}  # fmt: skip
_NUMBER = re.compile(r"\b(" + "|".join(_NUMBER_WORDS) + r")\b(?=\s+saat\b)")


def NUMBERS(text: str) -> str:
    """Malay number words before a unit as digits ("dua saat" → "2 saat")."""
    return _NUMBER.sub(lambda m: _NUMBER_WORDS[m.group(1)], text)


def SPELLING(text: str) -> str:
    """No spelling fixes yet."""
    return text


#: Its words for the clip's parts, the edits and the amounts, made the canonical wording.
SIMPLIFICATIONS: tuple[tuple[str, str], ...] = (
    # "ada orang cakap kuat sangat" (someone talks very loud): a statement of what is there, not a request
    (r"(?:^|(?<=[,.;]))\s*ada\b", " there is"), (r"\bkuat\s+sangat\b|\bsangat\s+kuat\b|\bterlalu\s+kuat\b", "very loud"),
    (r"\bsaat\b", "seconds"), (r"\bdepan\b|\bawal\b", "first"), (r"\bbelakang\b|\bterakhir\b|\bhujung\b", "last"),
    (r"\bpotong\b", "cut"), (r"\bbuang\b(?=\s+(?:first|last|\d))", "cut"), (r"\bbuang\b", "remove"),
    (r"\bsenyapkan\b|\bsenyap\b", "mute"), (r"\bsuara\b|\bbunyi\b", "sound"), (r"\btajuk\b", "title"),
    (r"\blagi\s+(?=kuat|perlahan)", ""), (r"\bkuatkan\b|\bkuat\b", "louder"), (r"\bperlahankan\b|\bperlahan\b", "quieter"),
    (r"\bsikit\b|\bsedikit\b", "a bit"), (r"\bdan\b", "and"), (r"\beksport\b", "export"),
    # "jadi half": to half
    (r"\bjadi\s+(?=half\b|separuh\b|setengah\b|一半|\d)", "to "), (r"\bseparuh\b|\bsetengah\b", "half"),
    (r"\bkecilkan\b", "quieter"), (r"\bbesarkan\b", "louder"),
    # "export jadi mp3": as that format
    (r"\b(?:jadi|dalam)\s+(?=(?:" + "|".join(AUDIO_EXPORT_FORMATS) + r"|mp4)\b)", "as "),
)  # fmt: skip
#: Particles and courtesies that change no edit ("ya", "je", "tau"; "lah" is read with English's Singapore words).
FILLERS: tuple[str, ...] = (
    r"\s*\b(?:ya|je|jer|tau|kan)\s*(?=[.!?]*$)",
    r"\btolong\b",
    r"^\s*(?:alamak|adoi|aduh)\b[,!.]?",
)
POLITE_PREFIX: tuple[str, ...] = (r"^(?:tolong|boleh|minta|sila)\s+(?:tolong\s+)?",)
POLITE_SUFFIX: tuple[str, ...] = (r"\s*(?:boleh|tak)?\s*\?+$",)
POLITE_ALONE: tuple[str, ...] = (r"\s*,?\s*\bboleh(?:\s+tak)?\s*\??$",)
HEDGES: tuple[str, ...] = (r"^kalau boleh,?\s+",)
BORROWED: tuple[tuple[str, str], ...] = ()
#: "…, eh, …": what follows corrects what came before.
CORRECTIONS: tuple[str, ...] = (r"(?:\s[—–-]+|[,.;])\s*eh[,.]?\s+",)
FALLBACKS: tuple[str, ...] = (
    r"^kalau tak (?:boleh|dapat|bisa)\s+(?P<first>.+?),\s*(?:terus\s+|je\s+)?(?P<then>.+)$",
)  # fmt: skip
UNDO: tuple[tuple[str, str], ...] = ((r"\bbatalkan\b|\bbatal\b", "undo"),)
DOWN = r"\b(?:perlahankan|kecilkan|rendahkan)\b"
UP = r"\b(?:kuatkan|besarkan|tinggikan)\b"
NEGATIONS: tuple[str, ...] = (r"\bjangan\b",)
EDIT_VERBS: tuple[str, ...] = ("potong", "buang", "senyap")
ACTIONS: tuple[str, ...] = (r"^(?:buat|jadikan|tambah)\b",)
MEANINGFUL: tuple[str, ...] = ()
MEANINGFUL_IN_REQUEST: tuple[str, ...] = ()
PART_WORDS: tuple[str, ...] = (r"\bbahagian\b",)
ELLIPSES: tuple[tuple[str, str], ...] = ()
OBJECTS: tuple[str, ...] = ()
STATEMENTS: tuple[str, ...] = ()
CONTEXT: tuple[str, ...] = ()
TITLE_VERBS: tuple[str, ...] = ()
EDIT_KINDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (r"\bkelantangan\b|\bvolum\b", ("set_volume",)),
    (r"\bsenyap(?:kan)?\b", ("mute_range", "remove_audio")),
    (r"\bpotong\b", ("trim",)),
    (r"\btajuk\b", ("add_title", "change_title", "remove_title")),
)
TITLE_SAID = "tajuk"
TITLE_CHANGE_SAID = "tukar tajuk kepada"
TITLE_WORD = "tajuk"
TITLES: tuple[str, ...] = ()
DECLINED: tuple[tuple[str, str], ...] = (("noise", r"\bbising\b"), ("speed", r"\blaju(?:kan)?\b|\blambat(?:kan)?\b"))
SPAN_REWRITES: tuple[tuple[str, str], ...] = ()
CLAUSE_REWRITES: tuple[tuple[str, str], ...] = ()
PUNCTUATION = ""
UNIT_MS: dict[str, int] = {}
COUNT_UNITS: tuple[str, ...] = ()
REMOVE_CLIP: tuple[str, ...] = ()
VARIANT: tuple[str, str, tuple[str, ...]] = ("", "", ())
SPOKEN_MARKS: tuple[tuple[str, str], ...] = ()
CORRECTION_SAID = "maksud saya"
SENTENCE_ENDS = ""
LIST_MARKS = ""
WORDS: dict[str, str] = {
    # a part of a list taken back: "belakang tak payah" (the end is not needed)
    "drop_part": r"^(.+?)\s+(?:tak payah|tak perlu|tak nak|tak mau)$",
}

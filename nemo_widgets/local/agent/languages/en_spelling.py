"""English spelling and numbers, as the language's own code (see :mod:`nemo_widgets.local.agent.languages`).

:func:`spelling` fixes the slips people make in the words the rules look for ("remvoe teh adio" →
"remove the audio"), never a real word (:mod:`~nemo_widgets.local.agent.languages.en_real_words`);
:func:`numbers` makes number words digits: ``text2num`` (``alpha2digit``) for most, a small table for the
words it leaves alone on purpose ("one", "two", "a second") and for "first"/"second", which are ordinals
to it but a unit of time here. Both are imported lazily: most messages never need them.
"""

from __future__ import annotations

import re
from functools import lru_cache

from nemo_widgets.local.agent.distance import edit_distance
from nemo_widgets.local.agent.languages.en_real_words import REAL_WORDS

__all__ = ["VOCABULARY", "numbers", "spelling"]

#: Words the rules look for, which people often misspell.
VOCABULARY: tuple[str, ...] = (
    "remove", "audio", "sound", "mute", "extract", "first", "last", "seconds", "second", "volume", "trim",
    "delete", "export", "video", "music", "louder", "quieter", "silent", "title", "undo", "keep", "only",
    "minutes", "percent", "background", "cut", "the", "clip", "track", "tracks", "clips", "titles", "videos",
    "silence", "everything", "something", "exports", "muted", "minute", "sounds", "start", "end", "after",
    "before", "beginning", "actually", "split",
)  # fmt: skip
_SMALL_NUMBERS = (
    (r"\b(?:a|one) and a half\b", "1.5"), (r"\ba second and a half\b", "1.5 seconds"),
    (r"\bhalf (?:a |an )?second\b", "0.5 seconds"),
    (r"\bthree quarters? of a second\b", "0.75 seconds"), (r"\b(?:a |one )?quarter (?:of )?(?:a |an )?second\b", "0.25 seconds"), (r"\bhalf (?:a |an )?minute\b", "30 seconds"),
    (r"\b(?:a|an|one) (second|minute|sec)\b", r"1 \1"), (r"(?<!\bthis )(?<!\bthat )(?<!\bthe )(?<!\bwhich )(?<!\beach )(?<!\bevery )(?<!\bother )(?<!\bquick )(?<!\bno )"
     r"(?<!\bany )(?<!\bsome )\bone\b(?! (?:hundred|thousand|of\b|is\b|was\b))", "1"), (r"\btwo\b", "2"),
    (r"\b(first|last|final|opening) (second|minute|sec|min)\b", r"\1 1 \2"),
    (r"\bby (?:a |one |1 )?half\b", "by 50 %"), (r"\bby (?:a |one |1 )?quarter\b", "by 25 %"),
    (r"\bby (?:a |one |1 )?third\b", "by 33 %"),
    # "mute zero to two seconds": the start of a span (never "down to zero", a level)
    (r"\bzero\b(?=\s*(?:s\b|secs?\b|seconds?\b|to\b|-|through\b|till\b|until\b))", "0"), (r"\bsecond (\d+(?:\.\d+)?)\b", r"\1 seconds"),
)  # fmt: skip
#: "muting", "cutting": the -ing forms of the verbs the rules look for, read as the verb ("would you mind
#: muting the last 3 seconds"); after "without", "stop", "avoid" it stays (a negation there).
_GERUNDS = re.compile(
    r"(?<!without )(?<!stop )(?<!avoid )(?<!quit )\b(mut|remov|delet|silenc|extract|keep|cut|trim|strip|lower|rais|reduc|increas|export|"
    r"add|drop|chop|shorten|boost|turn|mak|tak|lower)(?:t|m|p)?ing\b"
)
_GERUND_BASE = {"mut": "mute", "remov": "remove", "delet": "delete", "silenc": "silence", "rais": "raise",
                "reduc": "reduce", "increas": "increase", "mak": "make", "tak": "take"}  # fmt: skip


@lru_cache(maxsize=4096)
def _correct(word: str) -> str:
    if word in VOCABULARY or word in REAL_WORDS or len(word) < 3 or not word.isalpha():
        return word
    if word == "teh":
        return "the"
    single = re.sub(r"(.)\1", r"\1", word)  # "cutt", "mutte": a key held down
    if single != word and single in VOCABULARY:
        return single
    limit = 1 if len(word) < 7 else 2
    best = min(VOCABULARY, key=lambda v: edit_distance(word, v))
    distance = edit_distance(word, best)
    if any(d != best and edit_distance(word, d) <= distance for d in _DIRECTIONS):  # "lowder": louder or lower?
        return word
    if len(best) >= 4 and distance <= limit:
        return best
    return word


#: Words of a direction: a slip as close to another one as to the word it would become is left alone (and asked about).
_DIRECTIONS = ("lower", "louder", "higher", "quieter", "longer", "shorter", "later", "earlier", "faster", "slower")
#: The verbs a real word typed first, before its object, is a slip for ("mite the audio", "ad a title").
_VERBS = ("mute", "trim", "remove", "delete", "extract", "export", "add", "keep")
_VERB_SLIP = re.compile(r"(?:^|(?<=[,.;!?]\s))([a-z]{2,6})(?=\s+(?:the|a|an|it|all|everything)\b)")


def _verb_slip(found: re.Match[str]) -> str:
    word = found.group(1)
    if word in VOCABULARY or word in _VERBS:
        return word
    close = [v for v in _VERBS if edit_distance(word, v) == 1 and len(word) >= len(v) - 1]
    return close[0] if len(close) == 1 and word in REAL_WORDS | _SHORT_SLIPS else word


#: Short real words the rules never read that are a letter off a verb ("ad" for "add").
_SHORT_SLIPS = frozenset({"ad"})


#: Real words that, right before a number, can only be a slip for "first" or "last" ("cut the fist 2 seconds").
_BEFORE_A_NUMBER = {"fist": "first", "frist": "first", "list": "last", "lust": "last", "lats": "last", "lsat": "last"}


def spelling(text: str) -> str:
    """``"remvoe teh adio"`` → ``"remove the audio"``, "per cent" → "%" (lower-case text)."""
    text = text.replace("percent", "%").replace("per cent", "%")
    text = re.sub(
        r"\b(" + "|".join(_BEFORE_A_NUMBER) + r")(?=\s+\d|\s+(?:one|two|three|four|five|six|seven|eight|nine|ten)\b)",
        lambda m: _BEFORE_A_NUMBER[m.group(1)],
        text,
    )
    text = _VERB_SLIP.sub(_verb_slip, text)
    return re.sub(r"[a-z]+", lambda m: _correct(m.group(0)), text)


def numbers(text: str) -> str:
    """English number words as digits ("two and a half seconds" → "2.5 seconds")."""
    for pattern, replacement in _SMALL_NUMBERS:
        text = re.sub(pattern, replacement, text)
    text = _GERUNDS.sub(lambda m: _GERUND_BASE.get(m.group(1), m.group(1)), text)
    if re.search(r"\b(?:three|four|five|six|seven|eight|nine|ten|eleven|twelve|\w+teen|\w+ty)\b", text):
        from text_to_num import alpha2digit  # lazy: a heavy import most messages never need

        # "the first one second": text2num would make "first" and "second" ordinals ("1st", "2nd")
        held = {"first": "⟪f⟫", "second": "⟪s⟫", "seconds": "⟪ss⟫"}
        text = re.sub(r"\b(first|seconds?)\b", lambda m: held[m.group(1)], text)
        text = alpha2digit(text, "en")
        for word, mark in held.items():
            text = text.replace(mark, word)
    return re.sub(r"\b(\d+) and a half\b", r"\1.5", text)  # "two and a half seconds"

"""Text before it is understood: typos fixed, number words turned into digits.

English number words go through ``text2num`` (``alpha2digit``), Chinese
numerals through ``cn2an``; both are well-kept PyPI packages and imported only
when a message needs them. ``text2num`` leaves isolated words below its
threshold ("one", "two", "a second") as words on purpose, and turns "first"
and "second" into ordinals when the threshold is lowered: the small table
here covers exactly those words, where "second" is a unit of time.
"""

from __future__ import annotations

import re
from functools import lru_cache

from nemo_widgets.local.agent.languages import LANGUAGES
from nemo_widgets.local.agent.real_words import REAL_WORDS
from nemo_widgets.protocol.constants import HALF_WIDTH

__all__ = ["normalise", "typo_fix"]

#: Words the rules look for, which people often misspell.
VOCABULARY: tuple[str, ...] = (
    "remove", "audio", "sound", "mute", "extract", "first", "last", "seconds", "second", "volume", "trim",
    "delete", "export", "video", "music", "louder", "quieter", "silent", "title", "undo", "keep", "only",
    "minutes", "percent", "background", "cut", "the", "clip", "track", "tracks", "clips", "titles", "videos",
    "silence", "everything", "something", "exports", "muted", "minute", "sounds", "start", "end",
)  # fmt: skip
_SMALL_NUMBERS = (
    (r"\b(?:a|one) and a half\b", "1.5"), (r"\ba second and a half\b", "1.5 seconds"),
    (r"\bhalf (?:a |an )?second\b", "0.5 seconds"),
    (r"\bthree quarters? of a second\b", "0.75 seconds"), (r"\b(?:a |one )?quarter (?:of )?(?:a |an )?second\b", "0.25 seconds"), (r"\bhalf (?:a |an )?minute\b", "30 seconds"),
    (r"\b(?:a|an|one) (second|minute|sec)\b", r"1 \1"), (r"\bone\b(?! (?:hundred|thousand))", "1"), (r"\btwo\b", "2"),
    (r"\b(first|last|final|opening) (second|minute|sec|min)\b", r"\1 1 \2"),
    (r"\bby (?:a |one |1 )?half\b", "by 50 %"), (r"\bby (?:a |one |1 )?quarter\b", "by 25 %"),
    (r"\bby (?:a |one |1 )?third\b", "by 33 %"), (r"\bsecond (\d+(?:\.\d+)?)\b", r"\1 seconds"),
)  # fmt: skip
#: "muting", "cutting": the -ing forms of the verbs the rules look for, read as the verb ("would you mind
#: muting the last 3 seconds"); after "without", "stop", "avoid" it stays (a negation there).
_GERUNDS = re.compile(
    r"(?<!without )(?<!stop )(?<!avoid )(?<!quit )\b(mut|remov|delet|silenc|extract|keep|cut|trim|strip|lower|rais|reduc|increas|export|"
    r"add|drop|chop|shorten|boost|turn|mak|tak|lower)(?:t|m|p)?ing\b"
)
_GERUND_BASE = {"mut": "mute", "remov": "remove", "delet": "delete", "silenc": "silence", "rais": "raise",
                "reduc": "reduce", "increas": "increase", "mak": "make", "tak": "take"}  # fmt: skip


def edit_distance(a: str, b: str) -> int:
    """Optimal string alignment distance (a swap of neighbours counts one)."""
    rows = [list(range(len(b) + 1))]
    for i, ca in enumerate(a, 1):
        row = [i]
        for j, cb in enumerate(b, 1):
            cost = min(rows[-1][j] + 1, row[j - 1] + 1, rows[-1][j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cost = min(cost, rows[-2][j - 2] + 1)
            row.append(cost)
        rows.append(row)
    return rows[-1][-1]


@lru_cache(maxsize=4096)
def _correct(word: str) -> str:
    if word in VOCABULARY or word in REAL_WORDS or len(word) < 3 or not word.isalpha():
        return word
    if word == "teh":
        return "the"
    limit = 1 if len(word) < 7 else 2
    best = min(VOCABULARY, key=lambda v: edit_distance(word, v))
    if len(best) >= 4 and edit_distance(word, best) <= limit:
        return best
    return word


#: Real words that, right before a number, can only be a slip for "first" or "last" ("cut the fist 2 seconds").
_BEFORE_A_NUMBER = {"fist": "first", "frist": "first", "list": "last", "lust": "last", "lats": "last", "lsat": "last"}


def typo_fix(text: str) -> str:
    """``"remvoe teh adio"`` → ``"remove the audio"`` (lower-case text)."""
    text = re.sub(
        r"\b(" + "|".join(_BEFORE_A_NUMBER) + r")(?=\s+\d|\s+(?:one|two|three|four|five|six|seven|eight|nine|ten)\b)",
        lambda m: _BEFORE_A_NUMBER[m.group(1)],
        text,
    )
    return re.sub(r"[a-z]+", lambda m: _correct(m.group(0)), text)


def _english_numbers(text: str) -> str:
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


def normalise(text: str) -> str:
    """Lower case, one space between words, typos fixed, numbers as digits in every language ("three" → "3")."""
    lower = " ".join(text.translate(HALF_WIDTH).lower().split())
    lower = lower.replace("’", "'").replace("percent", "%").replace("per cent", "%")
    lower = typo_fix(lower)
    lower = _english_numbers(lower)
    for lang in LANGUAGES:  # each language's number words as digits
        lower = lang.NUMBERS(lower)
    for script in (lang.SCRIPT for lang in LANGUAGES if lang.SCRIPT and not lang.SPACED):
        # a script written without spaces next to Latin letters: a space, so word edges hold ("convert" in it)
        lower = re.sub(f"(?<={script})(?=[a-z])|(?<=[a-z])(?={script})", " ", lower)
    return lower

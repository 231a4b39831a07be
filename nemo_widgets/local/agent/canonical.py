"""Stage 2 of the reader: every language's ways of saying a thing made the one canonical wording.

On the structured text (quotes set aside), lower-cased with its numbers as digits
(:func:`~nemo_widgets.local.agent.wording.normalise`): fillers and hedges dropped, a polite wrapper
dropped (the request inside stays a request), each language's ``SIMPLIFICATIONS`` and ``UNDO`` applied,
a negation in one language before a verb in another made one negation (Chinese "don't" before "remove"),
and an amount in decibels made the percentage the reader reads (−6 dB ≈ 50 % of the amplitude).
Every language's data applies to every message: people mix them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from nemo_widgets.local.agent.languages import LANGUAGES, merged
from nemo_widgets.local.agent.words import STOPS

__all__ = ["Canonical", "borrowed", "canonical", "decibels"]


@dataclass
class Canonical:
    text: str
    #: The message was a request wrapped as a question ("could you cut …?"): never answered as one.
    polite: bool = False


@dataclass(frozen=True)
class _Rules:
    """Every language's data, compiled once."""

    fillers: re.Pattern[str]
    hedges: re.Pattern[str]
    prefix: re.Pattern[str]
    suffix: re.Pattern[str]
    alone: re.Pattern[str]
    borrowed: tuple[tuple[str, re.Pattern[str], str], ...]
    rewrites: tuple[tuple[re.Pattern[str], str], ...]
    negated: re.Pattern[str]
    down: re.Pattern[str]
    up: re.Pattern[str]
    unspaced: tuple[str, ...]


def _any(patterns: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns) or r"(?!)")


@lru_cache(maxsize=1)
def _compiled() -> _Rules:
    pairs = [pair for lang in LANGUAGES for pair in (*lang.SIMPLIFICATIONS, *lang.UNDO)]
    negations = tuple(n for lang in LANGUAGES for n in lang.NEGATIONS)
    verbs = "|".join(v for lang in LANGUAGES for v in lang.EDIT_VERBS)
    return _Rules(
        fillers=_any(tuple(p for lang in LANGUAGES for p in lang.FILLERS)),
        hedges=_any(tuple(p for lang in LANGUAGES for p in lang.HEDGES)),
        prefix=_any(tuple(p for lang in LANGUAGES for p in lang.POLITE_PREFIX)),
        suffix=_any(tuple(p for lang in LANGUAGES for p in lang.POLITE_SUFFIX)),
        alone=_any(tuple(p for lang in LANGUAGES for p in lang.POLITE_ALONE)),
        borrowed=tuple((lang.SCRIPT, re.compile(p, re.I), r) for lang in LANGUAGES for p, r in lang.BORROWED),
        rewrites=tuple((re.compile(p), r) for p, r in pairs),
        negated=re.compile("(?:" + "|".join(negations) + r")\s*(?=(?:" + verbs + "))"),
        down=re.compile("|".join(lang.DOWN for lang in LANGUAGES)),
        up=re.compile("|".join(lang.UP for lang in LANGUAGES)),
        unspaced=tuple(lang.SCRIPT for lang in LANGUAGES if lang.SCRIPT and not lang.SPACED),
    )


#: Where a new sentence starts (a polite wrapper may open any of them).
_ENDS = "".join(str(mark) for mark in merged("SENTENCE_ENDS"))
_SENTENCE = re.compile(r"(?<=[.!?])\s+" + (f"|(?<=[{re.escape(_ENDS)}])" if _ENDS else ""))


def _tidy(text: str) -> str:
    return " ".join(text.split()).strip(" " + STOPS)


def canonical(text: str) -> Canonical:
    """Stage 2 on one normalised message."""
    rules = _compiled()
    text = _tidy(rules.hedges.sub(" ", _tidy(rules.fillers.sub(" ", text))))
    polite = False
    sentences = _SENTENCE.split(text)  # "Hello! I'm making a video for my grandma. Could you put …?"
    for i, sentence in enumerate(sentences):
        unwrapped = rules.prefix.sub("", sentence, count=1)
        if unwrapped != sentence and unwrapped.strip():  # its question mark goes; a clause break stays
            sentences[i], polite = (
                _tidy(rules.suffix.sub("", unwrapped)) + (";" if i < len(sentences) - 1 else ""),
                True,
            )
    if polite:
        text = " ".join(sentences)
    elif rules.alone.search(text) and rules.alone.sub("", text).strip():
        text, polite = _tidy(rules.alone.sub("", text)), True
    text = borrowed(text)
    for script in rules.unspaced:  # a script written without spaces: a space the reading put between words goes
        text = re.sub(f"(?<={script})\\s+(?={script})", "", text)
    for rewrite, replacement in rules.rewrites:
        text = rewrite.sub(replacement, text)
    text = rules.negated.sub(" don't ", text)  # spaced: a word boundary after a Chinese character
    return Canonical(_tidy(decibels(text)), polite)


def borrowed(text: str) -> str:
    """``text`` with the words borrowed from another language said in its own ("last 2" in a Chinese sentence: the
    Chinese word for "last")."""
    for script, pattern, word in _compiled().borrowed:
        if re.search(script, text):  # a sentence in that language, with a borrowed word
            text = pattern.sub(word, text)
    return text


#: (a word of an unspaced script may follow "db": no word boundary there)
_DB = re.compile(r"(?:\bby\s+)?([-+−]?)\s*(\d+(?:\.\d+)?)\s*db(?![a-z0-9])")


def decibels(text: str) -> str:
    """``"lower the volume by 6 db"`` → ``"lower the volume by 50% "``; ``"set it to -6 db"`` → ``"… to 50%"``.

    A level in dB is a gain on the amplitude: ×10^(dB/20). With a word that says which way (lower, up,
    each language's ``DOWN`` / ``UP``) the amount is a change; with only a sign, a level; with neither, it stays unread.
    """
    rules = _compiled()

    def said(found: re.Match[str]) -> str:
        sign, amount = found.group(1), float(found.group(2))
        clause = _clause_around(text, found.start(), found.end())  # "cut it; volume +3dB": "cut" is not its way
        down = rules.down.search(clause) is not None
        up = rules.up.search(clause) is not None
        if down != up:  # a change of the level ("gain": a dB amount is always the volume's), its way said again
            gain = 10 ** ((-amount if down else amount) / 20)
            return f" {'down' if down else 'up'} by {_pct(abs(gain - 1))}% gain "
        if sign:  # a level
            return f" {_pct(10 ** ((-amount if sign in '-−' else amount) / 20))}% gain "
        return found.group(0)

    return _DB.sub(said, text)


_BREAK = re.compile(r"[,;!?\n\uff1b" + re.escape(STOPS) + r"]|\.(?!\d)")  # \uff1b: the full-width semicolon


def _clause_around(text: str, start: int, end: int) -> str:
    """The clause a span of ``text`` is in: from the break before it to the break after it."""
    before = [m.end() for m in _BREAK.finditer(text, 0, start)]
    after = _BREAK.search(text, end)
    return text[before[-1] if before else 0 : after.start() if after else len(text)]


def _pct(ratio: float) -> str:
    return f"{ratio * 100:.1f}".rstrip("0").rstrip(".")

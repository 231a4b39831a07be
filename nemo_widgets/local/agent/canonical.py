"""Stage 2 of the reader: every language's ways of saying a thing made the one canonical wording.

On the structured text (quotes set aside), lower-cased with its numbers as digits
(:func:`~nemo_widgets.local.agent.wording.normalise`): fillers and hedges dropped, a polite wrapper
dropped (the request inside stays a request), each language's ``SIMPLIFICATIONS`` and ``UNDO`` applied,
a negation in one language before a verb in another made one negation ("不要 remove" → "don't remove"),
and an amount in decibels made the percentage the reader reads (−6 dB ≈ 50 % of the amplitude).
Every language's data applies to every message: people mix them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from nemo_widgets.local.agent.languages import LANGUAGES, merged

__all__ = ["Canonical", "canonical", "decibels"]


@dataclass
class Canonical:
    text: str
    #: The message was a request wrapped as a question ("能不能把前两秒剪掉？"): never answered as one.
    polite: bool = False


@lru_cache(maxsize=1)
def _compiled() -> dict[str, object]:
    join = "|".join
    return {
        "fillers": re.compile(join(f"(?:{p})" for p in merged("FILLERS"))),
        "hedges": re.compile(join(f"(?:{p})" for p in merged("HEDGES"))),
        "prefix": re.compile(join(f"(?:{p})" for p in merged("POLITE_PREFIX"))),
        "suffix": re.compile(join(f"(?:{p})" for p in merged("POLITE_SUFFIX"))),
        "alone": re.compile(join(f"(?:{p})" for p in merged("POLITE_ALONE"))),
        "borrowed": [(lang.SCRIPT, re.compile(p), r) for lang in LANGUAGES for p, r in lang.BORROWED],
        "rewrites": [(re.compile(str(p)), str(r)) for p, r in merged("SIMPLIFICATIONS") + merged("UNDO")],  # type: ignore[misc]
        "negated": re.compile(
            "(?:" + join(str(n) for n in merged("NEGATIONS")) + r")\s*(?=(?:" + join(map(str, merged("EDIT_VERBS"))) + "))"
        ),
        "down": re.compile(join(lang.DOWN for lang in LANGUAGES)),
        "up": re.compile(join(lang.UP for lang in LANGUAGES)),
    }


def _tidy(text: str) -> str:
    return " ".join(text.split()).strip(" ,，")


def canonical(text: str) -> Canonical:
    """Stage 2 on one normalised message."""
    rules = _compiled()
    text = _tidy(rules["fillers"].sub(" ", text))  # type: ignore[attr-defined]
    text = _tidy(rules["hedges"].sub(" ", text))  # type: ignore[attr-defined]
    polite = False
    unwrapped = rules["prefix"].sub("", text, count=1)  # type: ignore[attr-defined]
    if unwrapped != text and unwrapped.strip():
        text, polite = _tidy(rules["suffix"].sub("", unwrapped)), True  # type: ignore[attr-defined]
    elif rules["alone"].search(text) and rules["alone"].sub("", text).strip():  # type: ignore[attr-defined]
        text, polite = _tidy(rules["alone"].sub("", text)), True  # type: ignore[attr-defined]
    for script, pattern, word in rules["borrowed"]:  # type: ignore[attr-defined]
        if re.search(script, text):  # a sentence in that language, with a borrowed word
            text = pattern.sub(word, text)
    for pattern, replacement in rules["rewrites"]:  # type: ignore[attr-defined]
        text = pattern.sub(replacement, text)
    text = rules["negated"].sub("don't ", text)  # type: ignore[attr-defined]
    return Canonical(_tidy(decibels(text)), polite)


_DB = re.compile(r"(?:\bby\s+)?([-+−]?)\s*(\d+(?:\.\d+)?)\s*db\b")


def decibels(text: str) -> str:
    """``"lower the volume by 6 db"`` → ``"lower the volume by 50% "``; ``"set it to -6 db"`` → ``"… to 50%"``.

    A level in dB is a gain on the amplitude: ×10^(dB/20). With a word that says which way (lower, up,
    降低, 提高) the amount is a change; with only a sign, a level; with neither, it stays unread.
    """
    rules = _compiled()

    def said(found: re.Match[str]) -> str:
        sign, amount = found.group(1), float(found.group(2))
        down = rules["down"].search(text) is not None  # type: ignore[attr-defined]
        up = rules["up"].search(text) is not None  # type: ignore[attr-defined]
        if down != up:
            gain = 10 ** ((-amount if down else amount) / 20)
            return f" by {_pct(abs(gain - 1))}% "
        if sign:
            return f" {_pct(10 ** ((-amount if sign in '-−' else amount) / 20))}% "
        return found.group(0)

    return _DB.sub(said, text)


def _pct(ratio: float) -> str:
    return f"{ratio * 100:.1f}".rstrip("0").rstrip(".")

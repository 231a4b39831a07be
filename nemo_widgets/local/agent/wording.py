"""Text before it is understood: half-width, lower case, one space between words, then every language's
spelling fixes (``SPELLING``) and number words as digits (``NUMBERS``: English through ``text2num``,
Chinese through ``cn2an``, each in its language's module), and a space where a script written without
spaces meets Latin letters."""

from __future__ import annotations

import re

from nemo_widgets.local.agent.languages import LANGUAGES
from nemo_widgets.protocol.constants import HALF_WIDTH

__all__ = ["normalise", "typo_fix"]


def typo_fix(text: str) -> str:
    """Every language's spelling fixes (``SPELLING``) on lower-case text: ``"remvoe teh adio"`` → ``"remove the audio"``."""
    for lang in LANGUAGES:
        text = lang.SPELLING(text)
    return text


def normalise(text: str) -> str:
    """Lower case, one space between words, typos fixed, numbers as digits in every language ("three" → "3")."""
    lower = " ".join(text.translate(HALF_WIDTH).lower().split())
    lower = typo_fix(lower.replace("’", "'"))
    for script in (lang.SCRIPT for lang in LANGUAGES if lang.SCRIPT and not lang.SPACED):
        # a script written without spaces next to Latin letters: a space, so word edges hold ("convert" in it,
        # a number word written against a character of that script read as a number)
        lower = re.sub(f"(?<={script})(?=[a-z])|(?<=[a-z])(?={script})", " ", lower)
    for lang in LANGUAGES:  # each language's number words as digits
        lower = lang.NUMBERS(lower)
    return lower

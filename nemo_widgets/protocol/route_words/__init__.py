"""The router's words, one data module per language, read by the one router (:func:`nemo_widgets.protocol.intents.route`).

A language module holds:

- ``WHOLE_WORDS``: whether its keywords match as whole words (English) or as substrings (Chinese);
- keyword lists (``EXPORT``, ``CREDITS``, ``STATE``, ``UPLOAD``, ``EDIT``, ``SILENT``, ``AUDIO_ONLY``): the
  routing table of protocol.md, said in the language;
- ``PATTERNS``: name → the language's pattern for a notion the router reads (a question, a request, an
  export deferred or negated, a span of the clip …);
- ``FUZZY``: short words read even when misspelt ("balnce"), with the action they name.

Each notion becomes one alternation with one branch per language (:func:`keywords`, :func:`pattern`), so a
message mixing languages ("不要 export") is read by both. To add a language: a module here with the same
names, added to :data:`LANGUAGES`, and its routing tests. The agent's own language data (the local engine)
is kept apart, under ``nemo_widgets.local.agent.languages``: this floor may not import the engine.
"""

from __future__ import annotations

import re
from functools import cache
from types import ModuleType

from nemo_widgets.protocol.constants import WORD_END, WORD_START
from nemo_widgets.protocol.route_words import en, ms, zh

__all__ = ["LANGUAGES", "borrowed", "fuzzy", "keyword_list", "keywords", "pattern"]

#: Every language the router reads, in the order their branches are tried.
LANGUAGES: tuple[ModuleType, ...] = (en, zh, ms)


def keyword_list(name: str) -> tuple[str, ...]:
    """The keyword list ``name`` of every language, one after the other."""
    return tuple(word for lang in LANGUAGES for word in getattr(lang, name, ()))


def _branch(lang: ModuleType, name: str) -> str:
    said = sorted(getattr(lang, name, ()), key=len, reverse=True)
    if lang.WHOLE_WORDS:
        return "|".join(WORD_START + re.escape(w).replace(r"\ ", r"\s+") + WORD_END for w in said)
    return "|".join(re.escape(w) for w in said)


@cache
def keywords(name: str) -> re.Pattern[str]:
    """The keyword list ``name`` as one pattern: one branch per language, each matched the language's way."""
    branches = [b for b in (_branch(lang, name) for lang in LANGUAGES) if b]
    return re.compile("|".join(f"(?:{b})" for b in branches) or "(?!)", re.I)


@cache
def pattern(name: str) -> str:
    """The notion ``name`` (``PATTERNS[name]``) of every language that has it, one branch each."""
    said = [str(lang.PATTERNS[name]) for lang in LANGUAGES if name in lang.PATTERNS]
    return "(?:" + "|".join(f"(?:{p})" for p in said) + ")" if said else "(?!)"


def borrowed(text: str) -> str:
    """``text`` with the words borrowed into a language's sentence said in that language ("render 完了吗?" →
    "渲染完了吗?"), for each language whose script the text holds."""
    for lang in LANGUAGES:
        if lang.SCRIPT and re.search(lang.SCRIPT, text):
            for said, meant in lang.BORROWED:
                text = re.sub(said, meant, text, flags=re.I)
    return text


def fuzzy() -> dict[str, str]:
    """Short words read even when misspelt, with the action each names (every language's ``FUZZY``)."""
    return {word: action for lang in LANGUAGES for word, action in lang.FUZZY.items()}

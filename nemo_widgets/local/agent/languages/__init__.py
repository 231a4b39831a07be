"""The agent's languages, each one data module read by one generic reader (the way dateparser keeps its locales).

A language module holds, as plain data (its replies in a ``*_replies`` module beside it):

- ``NAME``, ``SCRIPT`` (the script that makes a message this language's: then the reply is in it),
  ``SPACED`` (written with spaces between words), ``PUNCTUATION`` and ``LIST_MARKS`` of its own;
- ``SIMPLIFICATIONS``: (pattern, canonical) pairs that turn its ways of saying a unit, a quantity, an undo,
  a title or a negation into the canonical wording the reader reads (``"1.5 seconds"``, ``"6 db"``,
  ``"undo 2"``, ``"title ⟦…⟧"``, ``"don't remove"``); ``NUMBERS`` and ``SPELLING``: its number words as
  digits and its slips fixed (code of its own where it needs it: ``en_spelling``);
- ``WORDS``: notion → its pattern for that notion (audio, cut, mute, volume up …); a rule reads a notion
  through :func:`words`, one alternation with one branch per language; ``SPAN_REWRITES``,
  ``CLAUSE_REWRITES``, ``UNIT_MS``, ``COUNT_UNITS``, ``REMOVE_CLIP`` likewise;
- ``FILLERS``, ``HEDGES``, ``POLITE_*``: words that change no edit, and the wrappers of a request said as a
  question; ``CORRECTIONS`` and ``FALLBACKS``: a self-correction and a conditional with a fallback;
- ``UNDO``: (pattern, canonical) for undo N steps, undo to the original, redo;
- ``DOWN`` / ``UP``: the words that say which way a level goes (a dB amount needs one);
- ``MEANINGFUL`` and ``PART_WORDS``: words that change an edit and must have been consumed by the reading;
- ``DECLINED``: feature id → pattern of a request this engine does not do, named in the reply;
- in its replies module: ``REPLIES`` (every sentence the agent writes, as a template, written in the
  language, not translated), ``PHRASES`` (how each request is said, offered back and read back),
  ``FEATURE_NAMES``, ``ABILITIES`` (the help), ``EXAMPLES``, ``NOUNS``, ``LISTS``, ``TOPICS``.

Every message is read with every language's data at once (people mix them: a Chinese "don't" before
"remove audio"); the language of the reply is decided once, at the structure stage (:func:`language_of`),
and carried as a :class:`Language`, which writes the templates. To add a language: a module here and its
replies module with the same names, added to :data:`LANGUAGES`, and its tests (the guard test
``tests/local/agent/test_languages_as_data.py`` names any item or template it lacks).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from types import ModuleType
from typing import Any

from nemo_widgets.local.agent.languages import en, ms, zh
from nemo_widgets.local.agent.types import Said, said

__all__ = ["ENGLISH", "LANGUAGES", "Language", "Said", "language_of", "merged", "said", "words"]


@dataclass(frozen=True)
class Language:
    """One language's data, with the ways the rules read and write with it (the one place replies are
    written from templates)."""

    data: ModuleType
    #: A conversion the language's own words are written through (OpenCC's "s2twp": in traditional characters,
    #: for a message written in them); the user's words in the fields stay as typed.
    written: str = ""

    @property
    def name(self) -> str:
        return str(self.data.NAME)

    def say(self, key: str, **fields: Any) -> str:
        """The reply template ``key`` filled in (times given in ms are written the language's way)."""
        return self._own(str(self.data.REPLIES[key])).format(**self._written(fields))

    def phrase(self, key: str, **fields: Any) -> str:
        """How a request is said (``PHRASES``): offered as a phrasing to click, read back as itself."""
        return self._own(str(self.data.PHRASES[key])).format(**self._written(fields))

    def _own(self, text: str) -> str:
        return _converted(self.written, text) if self.written else text

    def write(self, item: Said) -> str:
        """A :data:`Said` phrase written out (a key of ``PHRASES``, else of ``REPLIES``)."""
        key, fields = item
        return self.phrase(key, **fields) if key in self.data.PHRASES else self.say(key, **fields)

    def secs(self, ms: float) -> str:
        """A length in seconds as the language says it ("2 seconds", "2秒")."""
        n = f"{ms / 1000:g}"
        return self.say("second" if n == "1" else "seconds", n=n)

    def listed(self, items: list[str], key: str = "list") -> str:
        """Items joined the language's way (``LISTS[key]``: "; ", "、" …)."""
        return self._own(str(self.data.LISTS[key])).join(items)

    def feature(self, feature: str) -> str:
        """A request this engine does not do, named (``FEATURE_NAMES``)."""
        return self._own(str(self.data.FEATURE_NAMES[feature]))

    def noun(self, key: str) -> str:
        """What a message left alone ("the audio", "音频"), by key (``NOUNS``)."""
        return self._own(str(self.data.NOUNS.get(key, key)))

    def _written(self, fields: dict[str, Any]) -> dict[str, Any]:
        return {k: self.secs(v) if k in _TIMES and isinstance(v, (int, float)) else v for k, v in fields.items()}


#: Fields that hold a time in ms, written as the language says seconds.
_TIMES = frozenset({"s", "a", "b"})

#: Every language the reader knows, in the order their data is applied.
LANGUAGES: tuple[ModuleType, ...] = (en, zh, ms)
ENGLISH = Language(en)
_BY_NAME = {lang.NAME: Language(lang) for lang in LANGUAGES}


def merged(name: str) -> tuple[object, ...]:
    """The data item ``name`` of every language, one after the other."""
    return tuple(item for lang in LANGUAGES for item in getattr(lang, name))


@cache
def words(name: str) -> str:
    """The words of notion ``name`` (``WORDS[name]``) in every language that has them, as one alternation with
    one branch per language (a message may mix them); a pattern that never matches when none has them."""
    said_as = [str(lang.WORDS[name]) for lang in LANGUAGES if name in lang.WORDS]
    return "(?:" + "|".join(f"(?:{p})" for p in said_as) + ")" if said_as else "(?!)"


def language_of(text: str, preferred: str = "") -> Language:
    """The language to answer in: the first whose script the text holds (a mixed message is answered in the
    language of its script), in the written form the text uses (``VARIANT``: traditional characters for a
    message written in them); else the ``preferred`` one (the session's, "zh-CN", "zh-TW"), else English."""
    for lang in LANGUAGES:
        if lang.SCRIPT and re.search(lang.SCRIPT, text):
            detect, write, _tags = lang.VARIANT
            return Language(lang, write) if detect and _converted(detect, text) != text else _BY_NAME[lang.NAME]
    tag = preferred.lower().replace("_", "-")
    for lang in LANGUAGES:
        if tag[:2] == lang.NAME:
            _detect, write, tags = lang.VARIANT
            return Language(lang, write) if any(t in tag.split("-")[1:] for t in tags) else _BY_NAME[lang.NAME]
    return ENGLISH


@cache
def _opencc(config: str) -> Any:
    import opencc  # the ``local`` extra; imported when the first message in such a script is read or answered

    return opencc.OpenCC(config)


@lru_cache(maxsize=4096)
def _converted(config: str, text: str) -> str:
    """``text`` through OpenCC's ``config`` ("t2s", "s2twp")."""
    return str(_opencc(config).convert(text))

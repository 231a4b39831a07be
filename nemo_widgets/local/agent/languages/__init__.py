"""The agent's languages, each one data module read by one generic reader (the way dateparser keeps its locales).

A language module holds, as plain data:

- ``SIMPLIFICATIONS``: (pattern, canonical) pairs that turn its ways of saying a unit, a quantity, an undo,
  a title or a negation into the canonical wording the reader reads (``"1.5 seconds"``, ``"6 db"``,
  ``"undo 2"``, ``"title ⟦…⟧"``, ``"don't remove"``);
- ``FILLERS``: words that change no edit and are skipped (greetings, hedges, "um");
- ``POLITE``: the wrappers of a request said as a question ("could you …?", "能不能…？");
- ``CORRECTIONS``: what starts a self-correction ("sorry, I meant", "哦不");
- ``FALLBACKS``: the shapes of a conditional with a fallback (named groups ``first`` and ``then``);
- ``UNDO``: (pattern, canonical) for undo N steps, undo to the original, redo;
- ``DOWN`` / ``UP``: the words that say which way a level goes (a dB amount needs one);
- ``MEANINGFUL``: words that change an edit and must have been consumed by the reading: one left over
  means the message was not fully read;
- ``DECLINED``: feature id → pattern of a request this engine does not do, named in the reply;
- ``REPLIES``: the reply templates, written in the language (not translated from another one).

Every message is read with every language's data at once (people mix them: "不要 remove audio");
the reply is written in the message's language. To add a language: a module here with the same names,
added to :data:`LANGUAGES`, and its tests.
"""

from __future__ import annotations

import re
from types import ModuleType

from nemo_widgets.local.agent.languages import en, zh

__all__ = ["LANGUAGES", "language_of", "merged", "reply_template"]

#: Every language the reader knows, in the order their data is applied.
LANGUAGES: tuple[ModuleType, ...] = (en, zh)


def merged(name: str) -> tuple[object, ...]:
    """The data item ``name`` of every language, one after the other."""
    return tuple(item for lang in LANGUAGES for item in getattr(lang, name))


def language_of(text: str) -> ModuleType:
    """The language to answer in: the first whose script pattern the text holds, else English."""
    for lang in LANGUAGES:
        if lang.SCRIPT and re.search(lang.SCRIPT, text):
            return lang
    return en


def reply_template(key: str, chinese: bool) -> str:
    """The reply template ``key`` in the message's language."""
    return str((zh if chinese else en).REPLIES[key])

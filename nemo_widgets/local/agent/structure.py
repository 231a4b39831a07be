"""Stage 1 of the reader: the shape of a message before its words are read.

Full-width letters and digits made half-width; a Markdown list, a numbered list or a line break made
clause breaks; traditional Chinese (and Taiwan's words) made simplified through OpenCC; an unquoted
title ("a title saying Happy Birthday Mom", each language's ``TITLES``) put in quotes; every quoted text
(any quote style: straight, curly, corner brackets, angle brackets; see ``protocol.constants.QUOTED``) taken
out and replaced by a placeholder ``⟦n⟧`` so no later stage reads or changes the user's own words. The quotes
keep the script they were typed in. And the language to answer in is decided here, once (``language_of``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, cast

from nemo_widgets.local.agent.languages import ENGLISH, LANGUAGES, Language, language_of, merged
from nemo_widgets.local.agent.words import QUOTE, STOPS_CLASS, SYMBOLS
from nemo_widgets.protocol.constants import HALF_WIDTH

__all__ = ["Structured", "structure", "to_simplified"]

#: After a number, what marks a list item: ASCII's and every language's own (``LIST_MARKS``).
_ITEM = re.escape(")" + "".join(str(m) for m in merged("LIST_MARKS")))
_LIST_MARK = re.compile(
    r"^\s*(?:[-*•>]\s+(?:\[[ xX]?\]\s*)?|\d{1,2}[." + _ITEM + r"]\s+|\d{1,2}[" + _ITEM + r"]\s*)", re.M
)
#: A heading: bold, or "#" and a few words with no number (a "#" line with a number is a code comment, an edit).
_HEADER = re.compile(r"^\s*(?:\*\*[^*\n]+\*\*|#+ (?![^\n]*\d)[^\n]*|[^\n]{0,24}:)\s*$", re.M)
_COMMENT = re.compile(r"^\s*#+\s*")
#: Full-width quotation marks, made ASCII (HALF_WIDTH keeps letters, digits and a few signs only).
_WIDE_QUOTES = {0xFF02: '"', 0xFF07: "'"}


@dataclass
class Structured:
    """The message's text with its quotes replaced by ``⟦n⟧``, and the quotes."""

    text: str
    quotes: list[str] = field(default_factory=list)
    #: The language the reply is written in: decided here, once, from the message (see ``language_of``).
    language: Language = ENGLISH


@lru_cache(maxsize=1)
def _converter() -> object:
    import opencc  # the ``local`` extra; imported when the first message is read

    return opencc.OpenCC("tw2sp")


def to_simplified(text: str) -> str:
    """Traditional Chinese (and Taiwan's words for video, audio, export) as simplified; other text unchanged."""
    if not re.search(r"[\u3400-\u9fff]", text):
        return text
    return str(_converter().convert(text))  # type: ignore[attr-defined]  # OpenCC ships no type hints


#: "1) cut …, 2) mute …, 3) then …": a numbered list written on one line.
_INLINE_MARK = re.compile(r"(?:^|(?<=[\s:;," + STOPS_CLASS + r"]))\(?(\d{1,2})[).]\s*(?=\D)")


def _inline_list(text: str) -> str:
    marks = [m for m in _INLINE_MARK.finditer(text)]
    if [int(m.group(1)) for m in marks[:2]] != [1, 2]:
        return text
    return _INLINE_MARK.sub("; ", text)


def _lines_as_clauses(text: str) -> str:
    """A list ("- a", "1. b", "* c") or lines: one clause each; headers ("Steps:", "**Edits**") dropped."""
    if "\n" not in text and not _LIST_MARK.match(text):
        return _inline_list(text.replace("`", ""))
    text = _HEADER.sub("", text.replace("`", ""))
    lines = [_LIST_MARK.sub("", _COMMENT.sub("", line)).strip().strip("*").strip() for line in text.splitlines()]
    return "; ".join(line for line in lines if line)


def _spoken_marks(text: str) -> str:
    """Punctuation said aloud in a dictated message (each language's ``SPOKEN_MARKS``) written as the mark."""
    for pattern, mark in _SPOKEN:
        text = pattern.sub(mark, text)
    return text


_SPOKEN = tuple((re.compile(str(pair[0])), str(pair[1])) for pair in cast(Any, merged("SPOKEN_MARKS")))


def _quote_titles(text: str) -> str:
    """An unquoted title is said the canonical way, ``title “…”``, so it is read like a quoted one."""
    for lang in LANGUAGES:
        for pattern in lang.TITLES:
            found = re.search(pattern, text)
            if found and found.group("x").strip():
                x = found.group("x").strip()
                end = found.start("x") + len(x)
                return f"{text[: found.start()]}{lang.TITLE_WORD} “{x}”{text[end:]}"
    return text


def structure(message: str, preferred: str = "") -> Structured:
    """Stage 1: half-width, lists as clauses, simplified Chinese, titles quoted, quotes set aside, and the
    language to answer in (the message's script, else ``preferred``, the session's)."""
    for symbol, word in SYMBOLS:
        message = message.replace(symbol, word)
    text = _lines_as_clauses(_spoken_marks(message.translate(HALF_WIDTH).translate(_WIDE_QUOTES).strip()))
    simple = to_simplified(text)
    # the quotes keep the script they were typed in: read the shape on the simplified text, take the
    # quoted words from the text as typed when both have the same length (OpenCC maps most text 1:1)
    typed = text if len(simple) == len(text) else simple
    quoted = _quote_titles(simple)
    if quoted != simple and len(simple) == len(text):
        typed = _quote_titles_like(typed, simple, quoted)
    elif quoted != simple:
        typed = quoted
    quotes: list[str] = []
    out, last = [], 0
    typed_quotes = [m for m in QUOTE.finditer(typed)]
    for i, found in enumerate(QUOTE.finditer(quoted)):
        source = typed_quotes[i] if i < len(typed_quotes) else found
        quotes.append((source.group(1) or source.group(2) or "").strip())
        out.append(quoted[last : found.start()] + f" ⟦{i}⟧ ")
        last = found.end()
    out.append(quoted[last:])
    return Structured("".join(out), quotes, language_of(message, preferred))


def _quote_titles_like(typed: str, simple: str, quoted: str) -> str:
    """``typed`` with the title ``_quote_titles`` found in ``simple`` quoted the same way (its words as typed)."""
    open_at = quoted.index("“")
    close_at = quoted.index("”", open_at)
    tail = len(quoted) - close_at - 1  # the text after the title is the same in both
    x = typed[len(typed) - tail - (close_at - open_at - 1) : len(typed) - tail]
    return f"{quoted[:open_at]}“{x}”{quoted[close_at + 1 :]}"

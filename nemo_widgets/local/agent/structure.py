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


def _quote_titles(text: str, typed: str) -> tuple[str, str]:
    """An unquoted title is said the canonical way, ``title “…”``, so it is read like a quoted one: ``text``
    (read) and ``typed`` (the same length, its characters as typed) with the same words put in quotes."""
    for lang in LANGUAGES:
        for pattern in lang.TITLES:
            found = re.search(pattern, text)
            if found and found.group("x").strip():
                start = found.start("x") + len(found.group("x")) - len(found.group("x").lstrip())
                end = start + len(found.group("x").strip())
                after = text[end + 1 :].strip()
                if text[end : end + 1] in ("!", "\uff01") and (not after or after[:1] in "(\uff08"):
                    end += (
                        1  # "… Happy Birthday Mia!" (an aside in brackets after it): its last mark is the title's own
                    )
                kept = f" {found.group('keep').strip()}" if "keep" in found.groupdict() else ""  # its time or place
                where = (found.start(), start, end)
                return _titled(text, where, lang.TITLE_WORD, kept), _titled(typed, where, lang.TITLE_WORD, kept)
    return text, typed


def _titled(text: str, where: tuple[int, int, int], word: str, kept: str) -> str:
    """``text`` with its words from ``where[1]`` to ``where[2]`` quoted as a title said from ``where[0]``."""
    head, start, end = where
    return f"{text[:head]}{word} “{text[start:end]}”{kept}{text[end:]}"


def structure(message: str, preferred: str = "") -> Structured:
    """Stage 1: half-width, lists as clauses, simplified Chinese, titles quoted, quotes set aside, and the
    language to answer in (the message's script, else ``preferred``, the session's)."""
    raw = message
    for symbol, word in SYMBOLS:
        message = message.replace(symbol, word)
    text = _lines_as_clauses(_spoken_marks(message.translate(HALF_WIDTH).translate(_WIDE_QUOTES).strip()))
    simple = to_simplified(text)
    # the quotes keep the script they were typed in: read the shape on the simplified text, take the
    # quoted words from the text as typed when both have the same length (OpenCC maps most text 1:1)
    typed = text if len(simple) == len(text) else simple
    quoted, typed = _quote_titles(simple, typed)
    quotes: list[str] = []
    out, last = [], 0
    typed_quotes = [m for m in QUOTE.finditer(typed)]
    for i, found in enumerate(QUOTE.finditer(quoted)):
        source = typed_quotes[i] if i < len(typed_quotes) else found
        quotes.append(_as_typed((source.group(1) or source.group(2) or "").strip(), raw))
        out.append(quoted[last : found.start()] + f" ⟦{i}⟧ ")
        last = found.end()
    out.append(quoted[last:])
    return Structured("".join(out), quotes, language_of(message, preferred))


def _as_typed(quote: str, raw: str) -> str:
    """The quoted words with the characters they were typed in (a full-width colon in a Chinese title stays): the
    half-width pass maps one character to one, so the quote's place in the half-width message is its place in
    the message as typed."""
    wide = raw.translate(HALF_WIDTH).translate(_WIDE_QUOTES)
    at = wide.find(quote) if quote and len(wide) == len(raw) else -1
    if at < 0:
        return quote
    # letters and digits typed full-width are an input method's mode ("\uff28\uff49"): half-width; signs stay as typed
    return "".join(
        h if h.isascii() and h.isalnum() else t for t, h in zip(raw[at : at + len(quote)], quote, strict=True)
    )

"""Stage 3 of the reader: what the message does with its parts: a conditional with a fallback, a correction.

``"if you can't remove just the wind noise, then remove all the audio"``: a first request and a fallback
(:func:`fallback`), read apart; the planner does the first when it can, else names it and does the
fallback. ``"set volume to 30%... sorry I meant 60%"``: the part after the correction replaces what it
corrects (:func:`corrected`): a whole request replaces the last clause; a span, a time, an amount, a
format or an end ("the end") replaces the last one of its kind said before.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from nemo_widgets.local.agent.languages import merged

__all__ = ["corrected", "fallback"]

_SPAN = re.compile(
    r"(?:\b(?:the\s+)?(?:first|last|final|opening)|前|最后|后|开头)\s*(\d+(?:\.\d+)?)\s*(seconds?|secs?|s|ms|秒钟?|毫秒)?"
)
_RANGE = re.compile(r"\d+(?::\d+)?(?:\.\d+)?\s*(?:s|秒)?\s*(?:to|-|到|至)\s*\d+(?::\d+)?(?:\.\d+)?\s*(?:s|秒)?")
_NUMBER = re.compile(r"(\d+(?:\.\d+)?)\s*(%|seconds?|secs?|s\b|ms\b|秒钟?|毫秒)?")
_FORMAT = re.compile(r"\b(mp3|wav|m4a|mp4|aac)\b")
_END = re.compile(r"\b(?:the\s+)?(start|beginning|end|ending)\b|开头|结尾")
_LEAD = re.compile(
    r"^(?:[\s,，:：.。]|is\b|it'?s\b|make it\b|make that\b|actually\b|oops\b|oh\b|sorry\b|wait\b|i mean\b|是|还是|改成"
    r"|调到(?=\d)|哦|啊|呃|嗯|其实"
    r"|(?:cut|trim|mute|剪掉|剪|删掉|删|去掉|静音)(?=\s*\d))*"  # "剪2秒，不对，剪3秒": the verb said again
)
_TAIL = re.compile(r"(?:[\s,，.。!！]|吧|instead|please)*$")


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], tuple[re.Pattern[str], ...]]:
    marks = re.compile("|".join(f"(?:{p})" for p in merged("CORRECTIONS")))
    return marks, tuple(re.compile(str(p)) for p in merged("FALLBACKS"))


def fallback(text: str) -> tuple[str, str] | None:
    """(first request, fallback) when ``text`` is a conditional with a fallback."""
    for pattern in _patterns()[1]:
        found = pattern.match(text)
        if found:
            return found.group("first").strip(" ,，"), found.group("then").strip(" ,，")
    return None


def corrected(text: str, reads_alone: Callable[[str], bool]) -> str:
    """``text`` with each self-correction applied; ``reads_alone`` says whether a part is a whole request."""
    marks = _patterns()[0]
    parts = [p for p in marks.split(text) if p is not None]
    if len(parts) == 1 or not parts[0].strip(" ,，.。"):  # nothing said before it: not a correction
        return text
    result = parts[0].strip(" ,，.。")
    for later in parts[1:]:
        core = _TAIL.sub("", _LEAD.sub("", later))
        if not core:
            continue
        result = _fix(result, core, reads_alone)
    return result


def _fix(earlier: str, core: str, reads_alone: Callable[[str], bool]) -> str:
    """The earlier text with ``core`` (what the correction says) put in place of what it corrects."""
    for pattern in (_RANGE, _SPAN, _FORMAT, _END):
        said = pattern.search(core)
        if said and said.group(0).strip() == core.strip():
            replaced = _replace_last(earlier, pattern, said)
            if replaced is not None:
                return replaced
    number = _NUMBER.fullmatch(core.strip())
    if number:
        replaced = _replace_last(earlier, _NUMBER, number)
        if replaced is not None:
            return replaced
    if reads_alone(core):
        clauses = re.split(r"(?:[,;，；。]|\.\s|\band\b|然后|再)", earlier)
        kept = earlier[: len(earlier) - len(clauses[-1])].rstrip(" ,;，；。.") if len(clauses) > 1 else ""
        return f"{kept}, {core}" if kept else core
    return f"{earlier}, {core}"


def _replace_last(earlier: str, pattern: re.Pattern[str], said: re.Match[str]) -> str | None:
    found = list(pattern.finditer(earlier))
    if not found:
        return None
    last = found[-1]
    new = said.group(0).strip()
    if pattern.groups >= 2 and said.group(2) is None and last.group(2):  # "no, 4": the unit said before
        new = f"{new} {last.group(2)}" if last.group(2)[0].isalpha() and len(last.group(2)) > 1 else new + last.group(2)
    if pattern is _SPAN and not re.match(r"(?:the\s+)?(?:first|last|final|opening)|前|最后|后|开头", new):
        return None
    return f"{earlier[: last.start()]}{new} {earlier[last.end() :]}".strip()

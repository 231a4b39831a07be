"""What the backend's GUI talk means for us, and the phrasings a reply offers.

:func:`translate` rewrites the backend's web-editor instructions ("click the
Export button", "点击导出", "drag the clip", "preview in the timeline",
"check your billing page") into what this toolkit does, keeps the rest of
the text, and lists the actions the text suggests. :func:`suggestions` reads
the phrasings a reply offers ("Try: “a” · “b”"), for buttons that send them.
Both are re-exported by :mod:`nemo_widgets.protocol.intents`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["GUI_RULES", "Translation", "suggestions", "translate", "translate_streaming", "without_offers"]


# -- GUI translation --------------------------------------------------------


@dataclass(frozen=True)
class Translation:
    """The backend's text with GUI wording replaced, and the actions it suggests."""

    text: str
    actions: tuple[str, ...] = ()


_BUTTON = r"(?:\s+(?:button|tab|icon|menu|option))?"
_Q = r"[\"'“”‘’]?"
#: (pattern, replacement, action): applied in order, case-insensitively.
GUI_RULES: tuple[tuple[str, str, str], ...] = (
    (rf"\b(?:click|press|hit|tap|select)(?:\s+on)?(?:\s+the)?\s+{_Q}export{_Q}{_BUTTON}", "run the export", "export"),
    (rf"\b(?:click|press|hit|tap)(?:\s+on)?(?:\s+the)?\s+{_Q}download{_Q}{_BUTTON}", "download the export", "export"),
    (r"点击\s*[“\"']?导出[”\"']?(?:按钮)?", "运行导出", "export"),
    (r"导出按钮", "导出", "export"),
    (r"\bthe\s+export\s+button\b", "the export", "export"),
    (r"\b(?:preview|check|view|see)\s+(?:it\s+|the\s+result\s+)?(?:in|on)\s+the\s+timeline\b",
     "check the timeline summary", "chart"),
    (r"在时间线(?:中|上)?预览", "查看时间线摘要", "chart"),
    # controls the Studio does not have: a slider, a knob, a styling panel -> say it to the agent
    (r"\b(?:drag|move|use|adjust|slide|pull)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}?(?:slider|knob|fader)s?\b"
     r"(?:\s+(?:in|on)\s+the\s+(?:timeline|panel|editor|sidebar))?", "tell me the exact value", "chat"),
    (r"(?:拖动|拖拽|调整|使用)?(?:音量)?滑块", "告诉我具体数值", "chat"),
    (r"\b(?:open|use)\s+(?:the\s+)?(?:text|font|style|styles|colou?r)\s+(?:panel|tab|editor|menu)\b", "ask me", "chat"),
    (r"\bdrag(?:\s*(?:and|&|/|-)\s*drop)?\b", "ask me to move", "chat"),
    (r"\bdrop\b(?=\s+(?:it|the|your|a|this)\b)", "ask me to place", "chat"),
    (r"拖拽|拖动", "告诉我移动", "chat"),
    (r"\b(?:check|open|visit|go\s+to)\s+(?:your\s+|the\s+)?(?:account|billing)(?:\s+(?:page|settings|section))?\b",
     "check your credits", "credits"),
    (r"(?:查看|打开)(?:你的)?(?:账户|账单)", "查看积分", "credits"),
    (rf"\bopen\s+(?:the\s+|your\s+)?{_Q}([\w ]{{1,30}}?){_Q}\s+(?:panel|tab|editor|view|window|menu|sidebar)\b",
     "check the state", "state"),
    (r"\bopen\s+(?:the\s+|your\s+)?(?:timeline|project|editor)\b", "check the state", "state"),
    (r"打开[^，。,.\s]{0,8}?(?:面板|编辑器|时间线|项目)", "查看状态", "state"),
    (rf"\b(?:click|press|tap)(?:\s+on)?(?:\s+the)?\s+{_Q}([\w ]{{1,30}}?){_Q}\s+(?:button|tab|icon)\b",
     r'say "\1"', "chat"),
    (r"点击", "让我", "chat"),
    (r"\s*(?:in|on|at)\s+the\s+(?:top|bottom|upper|lower)?[\s-]?(?:left|right)?\s*(?:corner|sidebar|toolbar|side\s+panel)\b",
     "", ""),
)  # fmt: skip
_GUI = tuple((re.compile(pattern, re.I), replacement, action) for pattern, replacement, action in GUI_RULES)
_MENTIONS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\bexport\b|导出", re.I), "export"),
    (re.compile(r"\bcredits?\b|积分|余额", re.I), "credits"),
)


def _capitalise_sentences(text: str, starts: list[int]) -> str:
    chars = list(text)
    for index in starts:
        if index < len(chars) and (index == 0 or text[:index].rstrip()[-1:] in ".!?\n"):
            chars[index] = chars[index].upper()
    return "".join(chars)


def translate(backend_text: str) -> Translation:
    """Replace the backend's GUI instructions with toolkit wording.

    >>> translate("Done! Click the Export button to render your silent MP4.")
    Translation(text='Done! Run the export to render your silent MP4.', actions=('export',))
    """
    text = backend_text
    actions: list[str] = []
    for pattern, replacement, action in _GUI:
        starts = _shift(text, pattern, replacement)
        if not starts:
            continue
        text = _capitalise_sentences(pattern.sub(replacement, text), starts)
        if action and action not in actions:
            actions.append(action)
    for pattern, action in _MENTIONS:
        if action not in actions and pattern.search(text):
            actions.append(action)
    text = re.sub(r"[ \t]{2,}", " ", text).replace(" .", ".").replace(" ,", ",")
    return Translation(text, tuple(actions))


def _shift(original: str, pattern: re.Pattern[str], replacement: str) -> list[int]:
    """Where each replacement will start in the new text (later ones move as earlier ones change length)."""
    shifted, offset = [], 0
    for match in pattern.finditer(original):
        shifted.append(match.start() + offset)
        offset += len(match.expand(replacement)) - (match.end() - match.start())
    return shifted


#: Words a GUI rule can start with: an unfinished sentence holding one is not shown until it ends, since the
#: rest of it may turn it into something the toolkit words differently ("Click the Export" + " button").
_GUI_STARTERS = re.compile(
    r"\b(?:click|press|hit|tap|select|the|preview|check|view|see|drag|drop|move|use|adjust|slide|pull|open|"
    r"visit|go|in|on|at)\b|点击|导出|时间线|拖|调整|使用|滑块|音量|打开|查看|账",
    re.I,
)
#: Where a sentence ends (its mark, and the space after it when there is one).
_SENTENCE_END = re.compile(r"[.!?](?:\s+|$)|[。！？\n]")


def translate_streaming(partial_text: str) -> str:
    """What of a reply still streaming can be shown translated without being rewritten when the rest comes:
    its finished sentences, translated, and the whole words of the unfinished one as they are, unless a GUI
    rule may still match them.

    Each text it returns is a beginning of ``translate(whole).text``; a shown text may be longer than a later
    one (a word turned out to start a GUI phrase), so the caller keeps showing the longer one.
    """
    ends = [m.end() for m in _SENTENCE_END.finditer(partial_text)]
    cut = ends[-1] if ends else 0
    done, tail = partial_text[:cut], partial_text[cut:]
    shown = translate(done).text if done.strip() else done
    if shown and done[-1:].isspace() and not shown[-1:].isspace():
        shown += done[len(done.rstrip()) :]  # translate() strips nothing, but keep the space a next word needs
    # the unfinished sentence's whole words (a word still arriving may become a starter), without the space
    # after them (a rule may eat it: "Confirm it in the top corner." -> "Confirm it.")
    words = tail[: max(tail.rfind(" "), tail.rfind("\t"), 0)].rstrip()
    if words and not _GUI_STARTERS.search(words) and "  " not in tail:
        shown += words
    return shown


# -- suggested phrasings ----------------------------------------------------

#: A reply's line that offers phrasings: "Try: “a” · “b”", "You could say "a" or "b"", "可以试试：“a”" (or 可以試試).
_OFFER_RE = re.compile(
    r"(?:^|\n|[.!?。！？]\s*)(?:try(?: saying)?|you (?:can|could) (?:say|try)|say|for example|e\.g\.|did you mean|"
    r"可以[试試][试試]|[试試][试試][说說]|[试試][试試]|你可以[说說]|例如|比如|你是想[说說])\s*[:：]?\s*(.+)$",  # either script
    re.I | re.M,
)
#: (up to 90 characters: a phrasing of two edits said on one clock, "… of the original clip", is long)
_PHRASE_RE = re.compile(r"[“\"「]([^”\"」\n]{2,90})[”\"」]")


def suggestions(reply_text: str, limit: int = 3) -> tuple[str, ...]:
    """The phrasings a reply offers (at most ``limit``), to show as buttons that send them.

    >>> suggestions("I can't do that here.\nTry: “remove all audio” · “mute the first 2 seconds”")
    ('remove all audio', 'mute the first 2 seconds')
    """
    found: list[str] = []
    for offer in _OFFER_RE.finditer(reply_text or ""):
        for phrase in _PHRASE_RE.findall(offer.group(1)):
            phrase = phrase.strip(" .。")
            if phrase and phrase not in found:
                found.append(phrase)
    return tuple(found[:limit])


def without_offers(reply_text: str) -> str:
    """The reply without the lines that offer phrasings (shown as buttons instead, so not said twice).

    >>> without_offers("I can't do that here. Try: “remove all audio”")
    "I can't do that here."
    """
    text = reply_text or ""
    cuts: list[tuple[int, int]] = []
    for offer in _OFFER_RE.finditer(text):
        if not _PHRASE_RE.search(offer.group(1)):
            continue
        start = offer.start() + (text[offer.start() : offer.start() + 1] in ".!?。！？")
        cuts.append((start, offer.end()))  # the sentence before the offer keeps its full stop
    for start, end in reversed(cuts):
        text = text[:start] + text[end:]
    return text.strip()

"""What the local agent says: edits named one by one, and clear answers when nothing was done.

Every sentence is a template of the message's language (its ``REPLIES``); this module only chooses which
one and fills it in. A reply that offers phrasings ends with one line ``Try: “…” · “…”`` (the language's ``try``);
:func:`nemo_widgets.protocol.intents.suggestions` reads them back and the Studio shows them as
buttons that send the phrase.
"""

from __future__ import annotations

import difflib
import re
from functools import lru_cache
from typing import Any

from nemo_widgets.local import drafts
from nemo_widgets.local.agent.distance import edit_distance
from nemo_widgets.local.agent.languages import LANGUAGES, Language
from nemo_widgets.local.agent.plan import Plan
from nemo_widgets.local.agent.types import Said, said
from nemo_widgets.protocol.constants import AUDIO_EXPORT_FORMATS, EXPORT_FORMATS, TrackType

__all__ = ["ABILITIES", "done_text", "help_text", "no_media_text", "not_done_text", "reply_for"]

#: What the agent does (the keys of each language's ``ABILITIES``), each with an example request: the help
#: reply lists them, and a test reads every example back as the edit it names.
ABILITIES: dict[str, Said] = {
    "remove_audio": said("remove_audio"),
    "extract_audio": said("extract_audio", f="MP3"),
    "cut": said("cut_first", s=1500),
    "keep": said("keep_range", a=1000, b=5000),
    "mute": said("mute_first", s=2000),
    "volume": said("quieter_db", d=6),
    "title": said("add_title_for", t="Hello", s=3000),
    "remove_title": said("remove_title"),
    "change_title": said("change_title", t="The End"),
    "remove_clip": said("remove_clip", name="clip.mp4"),
    "undo": said("undo_n", n=2),
    "redo": said("redo"),
    "export": said("export_as", f="MP3"),
}


def try_line(phrases: list[str], lang: Language) -> str:
    unique = list(dict.fromkeys(p for p in phrases if p))[:3]
    if not unique:
        return ""
    return lang.say("try") + " · ".join(f"“{p}”" for p in unique)


def done_text(
    steps: list[str], total: int, output_format: str | None, kept: list[str], lang: Language
) -> tuple[str, str]:
    """(plain, GUI-style) replies for a finished edit that names each operation."""
    if len(steps) > 1:
        named = lang.listed([lang.say("numbered", i=i, step=step) for i, step in enumerate(steps, 1)])
    else:
        named = steps[0]
    left = lang.say("left_alone", kept=lang.listed([lang.noun(k) for k in dict.fromkeys(kept)], "and")) if kept else ""
    plain = lang.say("done", steps=named, left=left, total=drafts.fmt_secs(total))
    return plain, plain + lang.say("gui_export", noun=(output_format or "mp4").upper())


def not_done_text(why: str, done: list[str], lang: Language) -> str:
    """Nothing was changed; the steps that worked before the one refused are named as not applied either."""
    if done:
        return lang.say("not_done_rest", why=why, steps=lang.listed(done))
    return lang.say("not_done", why=why)


def help_text(lang: Language) -> str:
    """What the agent does, each with a request it reads as that edit (written from the language's data)."""
    formats = ", ".join(f.upper() for f in EXPORT_FORMATS)
    audio = ", ".join(f.upper() for f in AUDIO_EXPORT_FORMATS)
    lines = [
        lang.say(
            "help_item",
            what=str(lang.data.ABILITIES[key]).format(
                formats=formats, audio_formats=audio, max=round(drafts.MAX_VOLUME * 100)
            ),
            example=lang.write(example),
        )
        for key, example in ABILITIES.items()
    ]
    return lang.say("help_intro") + "".join(lines) + lang.say("help_end")


def no_media_text(lang: Language) -> str:
    return lang.say("no_media") + try_line([lang.phrase("upload")], lang)


def close_to(text: str, lang: Language, n: int = 3) -> list[str]:
    """The known phrasings closest to ``text``."""
    examples = lang.data.EXAMPLES
    scored = sorted(examples, key=lambda e: -difflib.SequenceMatcher(None, text.lower(), e.lower()).ratio())
    return list(scored[:n])


@lru_cache(maxsize=1)
def _topics() -> dict[str, re.Pattern[str]]:
    """What a question is about: each topic's words from every language, one pattern per topic."""
    words: dict[str, list[str]] = {}
    for data in LANGUAGES:
        for topic, pattern in data.TOPICS.items():
            words.setdefault(topic, []).append(pattern)
    return {topic: re.compile("|".join(f"(?:{p})" for p in said_as)) for topic, said_as in words.items()}


def _about(topic: str, text: str) -> bool:
    return bool(_topics()[topic].search(text))


def _answer(plan: Plan, draft: dict[str, Any], text: str, lang: Language, edit_cost: int = 1) -> str:
    lower = text.lower()
    phrase = lang.phrase
    if plan.reason == "how" and plan.suggestions:
        return lang.say("how", phrase=plan.suggestions[0]) + try_line(
            [*plan.suggestions, *close_to(plan.suggestions[0], lang, 2)], lang
        )
    if _about("formats", lower) or re.search("|".join(EXPORT_FORMATS), lower):
        names = ", ".join(f.upper() for f in EXPORT_FORMATS)
        return lang.say("formats", names=names) + try_line(
            [phrase("export_as", f=f.upper()) for f in EXPORT_FORMATS], lang
        )
    if _about("volume_max", lower):
        offered = [phrase("volume", p=round(drafts.MAX_VOLUME * 100)), phrase("volume", p=50)]
        return lang.say("volume_limit", max=round(drafts.MAX_VOLUME * 100)) + try_line(offered, lang)
    if _about("has_audio", lower):
        has = drafts.has_track(draft, TrackType.AUDIO)
        offered = [phrase("remove_audio"), phrase("extract_audio", f="MP3"), phrase("status")]
        return lang.say("has_audio" if has else "no_audio") + try_line(offered, lang)
    if _about("credits", lower):  # "how do credits work?": what costs what here
        cost = lang.say("one_credit" if edit_cost == 1 else "n_credits", n=edit_cost)
        said = lang.say("credits_info", cost=cost) if edit_cost > 0 else lang.say("credits_free")
        return said + try_line([phrase("status"), phrase("export")], lang)
    if _about("export", lower):
        return lang.say("export_info") + try_line([phrase("export"), phrase("remove_audio"), phrase("status")], lang)
    return lang.say("cant_answer") + try_line(close_to(text, lang), lang)


def reply_for(plan: Plan, draft: dict[str, Any], text: str, edit_cost: int = 1) -> str:
    """The reply to a message that changes nothing: say what and why, and offer close phrasings (in the
    plan's language); ``edit_cost``: what an edit costs here, for a question about credits."""
    kind, lang = plan.kind, plan.language
    if kind == "help":
        return help_text(lang)
    if kind == "social":
        return lang.say("hello" if _about("hello", text.lower()) else "welcome") + try_line(close_to(text, lang), lang)
    if kind == "confirm":  # not fully read: the reading offered as a phrasing to click
        return plan.reason + try_line(plan.suggestions, lang)
    if kind == "noop":
        if plan.declined:
            return lang.say("fallback_nothing", declined=lang.listed([lang.feature(f) for f in plan.declined], "and"))
        kept = lang.listed([lang.noun(k) for k in dict.fromkeys(plan.kept)], "and")
        return lang.say("kept_noop", kept=kept) + try_line(close_to(text, lang, 2), lang)
    if kind == "answer":
        return _answer(plan, draft, text, lang, edit_cost)
    if kind == "decline":
        return lang.say("decline", what=plan.reason) + try_line(plan.suggestions, lang)
    if kind == "ask":
        asked = plan.reason.rstrip().endswith(("?", "\uff1f"))  # the reason is already the question
        return (plan.reason if asked else lang.say("which_one", reason=plan.reason)) + try_line(plan.suggestions, lang)
    return _not_understood(text, lang)


def _not_understood(text: str, lang: Language) -> str:
    words = re.findall(r"[a-z]+", text.lower())
    for word, key in ((w, k) for data in LANGUAGES for w, k in data.MISSPELT.items()):
        if any(edit_distance(w, word) <= 2 for w in words if len(w) >= 4):
            return lang.say(key) + try_line(
                [lang.phrase("export"), *(lang.phrase("export_as", f=f) for f in ("MP4", "MP3"))], lang
            )
    shown = text if len(text) <= 60 else text[:57] + "..."
    return lang.say("not_understood", shown=shown) + try_line(close_to(text, lang), lang)

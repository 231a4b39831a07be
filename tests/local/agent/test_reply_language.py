"""A Chinese message gets a Chinese reply: no English sentence from a rule that only wrote one.

Every Chinese message of the utterance corpus and its blocks that the local agent does not act on (it asks,
declines, or does not understand) is answered; the reply may hold the message itself, quoted phrasings and
format names, but no other run of Latin letters.
"""

from __future__ import annotations

import re

import pytest
from nemo_widgets.local.agent.intents import parse_message
from nemo_widgets.local.agent.languages import Language, zh
from nemo_widgets.local.agent.replies import not_done_text, reply_for

from understanding_corpus import load

ENTRIES = [e for e in load() if parse_message(e["text"]).language.name == "zh" and not e["text"].isascii()]
# file formats, and the trade's names J-cut and L-cut, are written as such
ALLOWED = {"mp3", "mp4", "wav", "m4a", "aac", "gif", "cut", "nemovideo"}


def _english_left(reply: str, message: str) -> list[str]:
    shown = reply.replace(message, "")
    shown = re.sub(r"“[^”]*”", "", shown)  # quoted phrasings (the message, suggestions) are the user's words
    return [w for w in re.findall(r"[A-Za-z][A-Za-z0-9]+", shown) if w.lower() not in ALLOWED]


def test_the_corpus_has_chinese_messages_that_are_not_acted_on() -> None:
    kinds = {parse_message(e["text"]).kind for e in ENTRIES}
    assert {"ask", "decline"} <= kinds and len(ENTRIES) > 200


@pytest.mark.parametrize("entry", ENTRIES, ids=[e["text"][:30] for e in ENTRIES])
def test_a_chinese_message_is_answered_in_chinese(entry: dict[str, object]) -> None:
    text = str(entry["text"])
    plan = parse_message(text)
    if plan.kind == "edit":
        return
    assert plan.language.name == "zh"
    assert _english_left(reply_for(plan, {}, text), text) == []


def _after(entry: dict[str, object]) -> list:
    """The edits of the entry's last setup message: what the engine remembers when the message comes."""
    setup = entry.get("setup") or []
    assert isinstance(setup, list)
    return parse_message(str(setup[-1])).ops if setup else []


FOLLOW_UPS = [e for e in ENTRIES if _after(e)]


@pytest.mark.parametrize("entry", FOLLOW_UPS, ids=[str(e["text"])[:30] for e in FOLLOW_UPS])
def test_a_chinese_follow_up_is_answered_in_chinese(entry: dict[str, object]) -> None:
    """Read after the edit before it (the follow-up stage writes its own questions)."""
    text = str(entry["text"])
    plan = parse_message(text, previous=_after(entry))
    if plan.kind == "edit":
        return
    assert plan.language.name == "zh"
    assert _english_left(reply_for(plan, {}, text), text) == []


def test_a_correction_not_placed_is_asked_in_the_language_it_was_said_in() -> None:
    """ "不要…，只要…" when the step before was another kind of edit: asked, in Chinese only."""
    before = parse_message("把音量调到50%").ops
    plan = parse_message("算了，只剪前3秒", previous=before)
    reply = reply_for(plan, {}, "算了，只剪前3秒")
    assert plan.kind != "edit" or plan.ops[0].name == "undo"
    assert _english_left(reply, "算了，只剪前3秒") == []


@pytest.mark.parametrize(
    ("message", "reason"),
    [("最后3秒音量调低", "只调整片段中一部分的音量"), ("把视频转成mp4", "它已经是视频了"), ("40%吧", "指的是什么")],
)
def test_english_only_reasons_are_said_in_chinese(message: str, reason: str) -> None:
    reply = reply_for(parse_message(message), {}, message)
    assert reason in reply


def test_an_english_message_in_a_chinese_session_is_answered_in_chinese() -> None:
    plan = parse_message("40%", language="zh-CN")
    assert plan.language.name == "zh" and "指的是什么" in reply_for(plan, {}, "40%")


def test_steps_left_undone_are_listed_without_the_length_they_would_have_given() -> None:
    english = parse_message("x").language
    text = not_done_text("There's no audio track.", ["cut 0s–2s", "muted 1s–2s"], english)
    assert text == (
        "There's no audio track. Nothing was changed; the rest of the message was not applied either "
        "(cut 0s–2s; muted 1s–2s)."
    )
    assert not_done_text("No.", [], english) == "No. Nothing was changed."
    assert not_done_text("没有。", ["剪掉了 0s–2s"], Language(zh)).startswith("没有。这条消息里的修改都没有执行")

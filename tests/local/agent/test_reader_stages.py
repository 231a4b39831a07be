"""The reader's stages one by one (structure, canonical words, fallbacks and corrections, coverage) and the
language data they read: every language module holds the same items, and what the agent offers back as a
"Did you mean" reads back as the very operations it stands for."""

from __future__ import annotations

import pytest
from nemo_widgets.local.agent import acts, canonical, coverage, structure
from nemo_widgets.local.agent.declines import FEATURES
from nemo_widgets.local.agent.intents import parse_message
from nemo_widgets.local.agent.languages import LANGUAGES, Language, en, zh
from nemo_widgets.local.agent.wording import normalise
from nemo_widgets.protocol.gui_text import suggestions

_ITEMS = (
    "SCRIPT", "SIMPLIFICATIONS", "FILLERS", "POLITE_PREFIX", "POLITE_SUFFIX", "POLITE_ALONE", "HEDGES", "BORROWED",
    "CORRECTIONS", "FALLBACKS", "UNDO", "DOWN", "UP", "NEGATIONS", "EDIT_VERBS", "ACTIONS", "MEANINGFUL",
    "TITLE_WORD", "TITLES", "PHRASES", "DECLINED", "FEATURE_NAMES", "REPLIES",
)  # fmt: skip


@pytest.mark.parametrize("language", LANGUAGES, ids=lambda m: m.NAME)
def test_every_language_module_holds_every_item(language: object) -> None:
    assert [item for item in _ITEMS if not hasattr(language, item)] == []


def test_languages_name_the_same_features_phrases_and_replies() -> None:
    assert set(en.FEATURE_NAMES) == set(zh.FEATURE_NAMES) >= set(FEATURES)
    assert set(en.PHRASES) == set(zh.PHRASES)
    assert set(en.REPLIES) == set(zh.REPLIES)
    declined = {feature for lang in LANGUAGES for feature, _pattern in lang.DECLINED}
    assert declined <= set(FEATURES)


def _canonical(message: str) -> str:
    return canonical.canonical(normalise(structure.structure(message).text)).text


def test_traditional_chinese_is_read_as_simplified_and_titles_keep_their_script() -> None:
    shaped = structure.structure("加個標題「畢業快樂」，然後剪掉前兩秒")
    assert shaped.quotes == ["畢業快樂"]
    assert "剪掉前两秒" in shaped.text and "⟦0⟧" in shaped.text
    assert structure.to_simplified("導出影片，只要音訊") == "导出视频，只要音频"


@pytest.mark.parametrize(
    ("message", "title"),
    [
        ("add a title saying Happy Birthday Mom", "Happy Birthday Mom"),
        ("title: Summer Trip 2024", "Summer Trip 2024"),
        ("加一个标题叫做春节快乐", "春节快乐"),
        ("put the words GAME OVER at the end", "GAME OVER"),
        ("加标题《我的旅行》", "我的旅行"),
        ("add title ‘Day One’", "Day One"),
    ],
)
def test_a_title_in_any_quote_style_or_none_is_one_quote(message: str, title: str) -> None:
    assert structure.structure(message).quotes == [title]


def test_a_lower_case_word_after_title_is_not_taken_for_one() -> None:
    assert structure.structure("make the title bigger").quotes == []


def test_a_markdown_list_is_one_clause_a_line() -> None:
    text = structure.structure("**Edits**\n1) cut 0:01 to 0:03\n- [ ] volume 60%").text
    assert text == "cut 0:01 to 0:03; volume 60%"


@pytest.mark.parametrize(
    ("message", "said"),
    [
        ("lower the volume by 6 dB", "by 49.9%"),
        ("音量提高3分贝", "by 41.3%"),
        ("set the volume to -6 dB", "to 50.1%"),
        ("turn the volume all the way down", "to 0%"),
        ("mute the first second and a half", "first 1.5 seconds"),
        ("删掉最后半秒", "最后0.5秒"),
        ("剪掉前一秒半", "前1.5秒"),
    ],
)
def test_quantities_are_said_the_canonical_way(message: str, said: str) -> None:
    assert said in _canonical(message)


def test_a_db_amount_without_a_direction_stays_unread() -> None:
    assert "6 db" in canonical.decibels("6 db on the music")


@pytest.mark.parametrize(
    ("message", "said"),
    [
        ("能不能把前两秒剪掉？", "把前2秒剪掉"),
        ("is it possible to extract just the audio?", "extract just the audio"),
        ("不要 remove audio", "don't 去掉音频"),  # a Chinese sentence reads its borrowed words
        ("撤销两步", "undo 2"),
        ("put it back the way it was", "undo all"),
    ],
)
def test_politeness_negation_and_undo_are_canonical(message: str, said: str) -> None:
    assert _canonical(message) == said


def test_a_question_that_asks_for_information_stays_a_question() -> None:
    assert parse_message("how do I cut the first 2 seconds?").kind == "answer"
    assert parse_message("can you tell me how long it is?").kind != "edit"


def test_a_fallback_is_split_from_its_first_request() -> None:
    assert acts.fallback("if you can't remove just the wind noise, then remove all the audio") == (
        "remove just the wind noise",
        "remove all the audio",
    )
    assert acts.fallback("cut the first 2 seconds") is None


@pytest.mark.parametrize(
    ("said", "meant"),
    [
        ("set volume to 30%... sorry i meant 60%", "set volume to 60%"),
        ("cut the first 3 seconds, no, 4", "cut the first 4 seconds"),
        ("剪掉最后2秒，啊不是，最后3秒", "剪掉最后3秒"),
        ("extract the audio as mp3, no wait, wav", "extract the audio as wav"),
    ],
)
def test_a_correction_replaces_what_it_corrects(said: str, meant: str) -> None:
    assert (acts.corrected(said, lambda _part: False) or "").strip() == meant


@pytest.mark.parametrize(
    ("said", "plan_kind"),
    [
        ("remove the audio, no wait, don't", "noop"),  # taken back: nothing changes
        ("cut from 2 to 4 seconds, sorry I meant quickly", "ask"),  # no place in what it corrects: asked
        ("剪掉前两秒，不对，算了", "noop"),
    ],
)
def test_a_correction_that_takes_back_or_has_no_place_never_adds_an_edit(said: str, plan_kind: str) -> None:
    plan = parse_message(said)
    assert plan.kind == plan_kind and not plan.ops


def test_a_conditional_declines_the_first_part_by_name_and_does_the_fallback() -> None:
    plan = parse_message("if you can't remove just the wind noise, then remove all the audio")
    assert plan.kind == "edit" and [op.name for op in plan.ops] == ["remove_audio"]
    assert "noise" in plan.declined


@pytest.mark.parametrize(
    "message",
    [
        "cut the first 2 seconds, then 2019",  # a number no operation uses
        "cut the last half of a second or so",  # "half" not read
        "if the clip is longer than 5 seconds, cut it to 5",  # a condition not read
    ],
)
def test_a_word_that_changes_the_edit_left_unread_changes_nothing_and_asks(message: str) -> None:
    plan = parse_message(message)
    assert plan.kind in ("confirm", "ask") and not plan.ops


def test_a_clause_about_someone_is_context_even_with_a_number_in_it() -> None:
    for message in ("cut the first 2 seconds, I shot this in 2019", "我儿子5岁，剪掉前两秒"):
        plan = parse_message(message)
        assert plan.kind == "edit" and [op.name for op in plan.ops] == ["trim"], message


def test_the_offered_reading_is_a_button_that_reads_back_as_the_same_edit() -> None:
    plan = parse_message("cut the first 2 seconds, then 2019")
    assert plan.kind == "confirm" and plan.suggestions == ["cut the first 2 seconds"]
    from nemo_widgets.local.agent.replies import reply_for

    reply = reply_for(plan, {}, "cut the first 2 seconds, then 2019")
    assert "Did you mean" in reply and suggestions(reply)[0] == "cut the first 2 seconds"


@pytest.mark.parametrize(
    "message",
    ["cut the last 0.5 seconds and set the volume to 40%", "剪掉前1.5秒", "mute from 2 seconds to 4 seconds"],
)
def test_every_phrase_of_an_edit_reads_back_as_that_edit(message: str) -> None:
    ops = parse_message(message).ops
    for lang in LANGUAGES:
        again = parse_message(coverage.phrase_of(ops, Language(lang)))
        assert again.kind == "edit"
        assert [(op.name, op.args) for op in again.ops] == [(op.name, op.args) for op in ops]


def test_numbers_are_counted_once_each() -> None:
    ops = parse_message("cut the last 0.5 seconds").ops
    assert coverage.unread("前0.5秒和最后0.5秒都剪掉", ops) == ["0.5秒"]

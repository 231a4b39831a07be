"""The local agent's understanding (plans, spans, polarity, amounts) and muted ranges, down to the rendered file."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from nemo_widgets.local import drafts
from nemo_widgets.local.agent.intents import parse_message
from nemo_widgets.local.agent.replies import reply_for
from nemo_widgets.local.agent.spans import parse_time_ms
from nemo_widgets.local.agent.types import Span
from nemo_widgets.local.agent.wording import normalise, typo_fix
from nemo_widgets.protocol.constants import TrackType
from nemo_widgets.protocol.intents import suggestions

from helpers_engine import Api, clip_draft
from helpers_media import ffmpeg as find_ffmpeg


def _ops(text: str, skill: str | None = None) -> list[tuple[str, dict]]:
    plan = parse_message(text, skill)
    assert plan.kind == "edit", (text, plan)
    return [(op.name, op.args) for op in plan.ops]


@pytest.mark.parametrize(
    ("text", "ops"),
    [
        ("remove all audio from this video", [("remove_audio", {})]),
        ("去掉音频", [("remove_audio", {})]),
        ("extract the audio from this video as an MP3 file", [("extract_audio", {"format": "mp3"})]),
        ("export audio only WAV", [("extract_audio", {"format": "wav"})]),
        ("转成MP3", [("extract_audio", {"format": "mp3"})]),
        ("trim the first 10 seconds", [("trim", {"mode": "cut", "span": Span("first", 10000)})]),
        ("remove the last 20 seconds", [("trim", {"mode": "cut", "span": Span("last", 20000)})]),
        ("cut from 0:30 to 1:45", [("trim", {"mode": "cut", "span": Span("range", 30000, 105000)})]),
        ("keep everything after 0:03", [("trim", {"mode": "keep", "span": Span("after", 3000)})]),
        ("剪掉前三秒", [("trim", {"mode": "cut", "span": Span("first", 3000)})]),
        ("trim 1 second off the end", [("trim", {"mode": "cut", "span": Span("last", 1000)})]),
        ("mute the first 2 seconds", [("mute_range", {"span": Span("first", 2000)})]),
        ("reduce the volume by 30%", [("set_volume", {"target": "audio", "factor": pytest.approx(0.7)})]),
        ("make the audio 50% louder", [("set_volume", {"target": "audio", "factor": 1.5})]),
        ("boost the audio to 150%", [("set_volume", {"target": "audio", "volume": 1.5})]),
        ("音量调到一半", [("set_volume", {"target": "audio", "volume": 0.5})]),
        ("music at 35%", [("set_volume", {"target": "music", "volume": 0.35})]),
        ("keep the sound, just cut the first 2 seconds", [("trim", {"mode": "cut", "span": Span("first", 2000)})]),
        ("extract a 3 second clip from the middle", [("trim", {"mode": "keep", "span": Span("middle", 3000)})]),
        ("cut the first 2 seconds and the last 2 seconds",
         [("trim", {"mode": "cut", "span": Span("first", 2000)}), ("trim", {"mode": "cut", "span": Span("last", 2000)})]),
        ("undo", [("undo", {})]),
    ],
)  # fmt: skip
def test_plans(text: str, ops: list) -> None:
    assert _ops(text) == ops


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("don't remove the audio", "noop"), ("不要删除音频", "noop"), ("keep the audio", "noop"),
        ("remove the background noise", "decline"), ("remove the music but keep the voice", "decline"),
        ("cut out the silent parts", "decline"), ("speed it up 2x", "decline"),
        ("make the music quieter but keep my voice the same", "decline"),
        ("trim 2 seconds", "ask"), ("cut at 0:05", "ask"), ("change the volume", "ask"),
        ("remove the audio but keep the audio", "ask"),
        ("how do I remove the audio?", "answer"), ("which formats can I export to?", "answer"),
        ("hello", "social"), ("help", "help"), ("make me a sandwich", "unknown"),
    ],
)  # fmt: skip
def test_nothing_is_done_for(text: str, kind: str) -> None:
    assert parse_message(text).kind == kind


def test_convert_depends_on_the_skill() -> None:
    assert _ops("convert my video files", "video-to-mp3") == [("extract_audio", {"format": "mp3"})]
    assert parse_message("convert my video files", "video-audio-remover").kind == "unknown"
    assert parse_time_ms("1:02:03", None) == 3723000 and parse_time_ms("2", "min") == 120000


def test_words_become_numbers_and_typos_are_fixed() -> None:
    assert normalise("Remove the first THREE seconds") == "remove the first 3 seconds"
    assert normalise("trim one second off the start") == "trim 1 second off the start"
    assert normalise("音量提高百分之二十") == "音量提高20%" and normalise("剪掉前三秒") == "剪掉前3秒"
    assert normalise("把audio去掉") == "把 audio 去掉"
    assert typo_fix("remvoe teh adio") == "remove the audio" and typo_fix("list the tracks") == "list the tracks"


@pytest.mark.parametrize("text", ["speed it up", "remove the background noise", "trim 2 seconds", "blorp", "hello"])
def test_replies_that_change_nothing_offer_two_or_three_buttons(text: str) -> None:
    reply = reply_for(parse_message(text), drafts.empty_draft(), text)
    assert not reply.lower().startswith("done") and 2 <= len(suggestions(reply)) <= 3, reply


def test_mute_range_splits_the_sound_and_survives_volume_changes() -> None:
    muted, changed = drafts.mute_range(clip_draft(), 0, 2000)
    audio = muted["t"][1]["sg"]
    assert changed == 1 and [(s["s"], s["d"], s["m"]["in"], s["m"]["volume"]) for s in audio] == [
        (0, 2000, 0, 0.0),
        (2000, 8000, 2000, 1.0),
    ]
    louder, _ = drafts.set_volume(muted, factor=1.5)
    assert [s["m"]["volume"] for s in louder["t"][1]["sg"]] == [0.0, 1.5]
    restored, _ = drafts.restore_audio(louder, {})
    assert [s["m"]["volume"] for s in restored["t"][1]["sg"]] == [1.0, 1.5]


def _mean_volume(ffmpeg: str, path: Path, start: float, length: float) -> float:
    args = [
        ffmpeg,
        "-hide_banner",
        "-nostdin",
        "-ss",
        str(start),
        "-t",
        str(length),
        "-i",
        str(path),
        "-af",
        "volumedetect",
        "-vn",
        "-f",
        "null",
        "-",
    ]
    err = subprocess.run(args, capture_output=True, text=True, timeout=60).stderr
    found = re.search(r"mean_volume:\s*(-?[\d.]+|-inf) dB", err)
    return -200.0 if not found or found.group(1) == "-inf" else float(found.group(1))


@pytest.mark.parametrize("fmt", ["mp4", "mp3"])
def test_a_muted_range_is_silent_in_the_render(api: Api, clip10: Path, tmp_path: Path, fmt: str) -> None:
    api.upload(clip10)
    events, _ = api.chat("mute the first 2 seconds")
    assert any("functionCall" in p for e in events for p in e.get("content", {}).get("parts", []))
    out = api.download(api.wait(api.export(fmt)), tmp_path / f"out.{fmt}")
    ffmpeg = find_ffmpeg()
    assert _mean_volume(ffmpeg, out, 0.2, 1.5) < -80 < -40 < _mean_volume(ffmpeg, out, 3.0, 5.0)


def _reply(events: list[dict]) -> str:
    return "".join(p.get("text", "") for e in events for p in e.get("content", {}).get("parts", []))


def test_an_edit_for_a_clip_the_timeline_does_not_have_changes_nothing_and_says_so(api: Api, clip10: Path) -> None:
    api.new_session()
    api.upload(clip10)
    before = api.state()["draft"]
    events, _ = api.chat("cut the first 2 seconds of intro.mov")
    assert api.state()["draft"] == before
    assert "intro.mov" in _reply(events) and "Nothing was changed" in _reply(events)
    api.chat(f"cut the first 2 seconds of {clip10.name.upper()}")  # its own name, in any case: done
    assert drafts.total_ms(api.state()["draft"]) == 8000


def test_a_part_both_cut_and_kept_is_asked_about_with_both_readings() -> None:
    plan = parse_message("cut the first 2 seconds but keep the first 2 seconds")
    assert plan.kind == "ask" and not plan.ops
    assert plan.suggestions == ["cut the first 2 seconds", "keep the first 2 seconds"]
    assert reply_for(plan, {}, "").count("Which one") == 1


def test_a_question_back_shows_the_users_quoted_words_never_a_placeholder() -> None:
    plan = parse_message('make "Hello" for 2 seconds')
    assert "⟦" not in plan.reason and "“Hello”" in plan.reason
    assert all("0 seconds" not in s for s in plan.suggestions)  # the quote's index is not a number said


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("把 3s 之后的 cut 掉，不是 mute", ["trim"]),  # the edit set aside in the other language
        ("cut everything after 3s, not mute", ["trim"]),
        ("帮我加个标题吧，写“生日快乐”，放三秒钟的", ["add_title"]),  # a title announced, then its words
        ('I want a title. "Hello" for 2 seconds', ["add_title"]),
    ],
)
def test_a_part_set_aside_or_only_announced_is_read(text: str, names: list[str]) -> None:
    plan = parse_message(text)
    assert plan.kind == "edit" and [op.name for op in plan.ops] == names


def test_the_edit_before_said_again_or_with_another_verb() -> None:
    before = parse_message("cut the first 3 seconds").ops
    again = parse_message("do it again", previous=before)
    assert again.kind == "edit" and [op.name for op in again.ops] == ["trim"] and again.ops[0].args["again"]
    assert parse_message("再来一次", previous=before).kind == "edit"
    swapped = parse_message("undo that and instead mute it", previous=before)
    assert [op.name for op in swapped.ops] == ["undo", "mute_range"]
    assert swapped.ops[1].args["span"] == before[0].args["span"]  # "it": the part the edit before cut


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("make it heaps louder, can barely hear it", "ask"),  # more than a step, and no amount said
        ("剪掉前三四秒", "ask"),  # three or four: not thirty-four
        ("Is there a way to make the video play slower?", "decline"),  # a question about a declined thing names it
        ("这个 mute 和 volume 调到 0 有什么区别啊？", "answer"),  # a question, never an edit
    ],
)
def test_an_amount_not_given_or_a_question_changes_nothing(text: str, kind: str) -> None:
    plan = parse_message(text)
    assert plan.kind == kind and not plan.ops


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("I don't like the first 2 seconds, cut them", ["trim"]),  # a feeling negated, not an edit
        ("make it way quieter, like 10%", ["set_volume"]),  # the amount said beside the intensifier
        ("🔇 the first 2 secs pls", ["mute_range"]),
        ("前仨秒静音", ["mute_range"]),  # 仨: three
        ("strip out the video, I only want the audio", ["extract_audio"]),
    ],
)
def test_words_of_an_edit_people_use(text: str, names: list[str]) -> None:
    plan = parse_message(text)
    assert plan.kind == "edit" and [op.name for op in plan.ops] == names


def test_a_title_already_there_gets_other_words_or_another_time(api: Api, clip10: Path) -> None:
    api.new_session()
    api.upload(clip10)
    api.chat('add the title "Welcome" at 4 seconds')
    api.chat("title改成'Grand Opening 开业大吉'")  # the words change, the time stays
    assert drafts.title_of(api.state()["draft"]) == ("Grand Opening 开业大吉", 4000, 3000)
    api.chat("kindly prepone the title to 2 seconds")  # the time changes, the words stay
    assert drafts.title_of(api.state()["draft"]) == ("Grand Opening 开业大吉", 2000, 3000)
    api.chat("remove the title")
    events, _ = api.chat("move the title to 5 seconds")
    assert drafts.title_of(api.state()["draft"]) is None and "no title to change" in _reply(events)


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("what's the maximum volume?", "200%"),  # a question about the limit is answered with it
        ("音量最大能调到多少？", "200%"),
        ("do a J-cut so the audio from the next shot comes in early", "J-cuts"),  # declined by name
    ],
)
def test_questions_and_declines_say_the_fact(text: str, said: str) -> None:
    plan = parse_message(text)
    assert not plan.ops and said in reply_for(plan, {}, text)


def test_a_bit_more_after_a_volume_step_takes_the_step_again() -> None:
    before = parse_message("make it a bit quieter").ops
    more = parse_message("a bit more", previous=before)
    assert more.kind == "edit" and more.ops == before
    assert parse_message("a bit more", previous=parse_message("cut the first 2 seconds").ops).kind != "edit"


@pytest.mark.parametrize(
    "text", ["把声音关掉，but keep 最后一秒 的声音", "remove the sound but keep the sound of the last second"]
)
def test_the_sound_kept_for_a_part_mutes_the_rest_and_never_trims(text: str) -> None:
    plan = parse_message(text)
    assert [op.name for op in plan.ops] == ["mute_range"] and plan.ops[0].args["span"].kind == "but_last"


def test_keeping_a_parts_sound_alone_is_asked_about_not_a_trim() -> None:
    plan = parse_message("keep the audio of the last 2 seconds")
    assert plan.kind == "ask" and not plan.ops


@pytest.mark.parametrize(
    ("text", "ops", "declined"),
    [
        ("trim the first 2 seconds and speed it up", ["trim"], ["speed"]),
        ("剪掉前两秒，再加个淡出效果", ["trim"], ["fade"]),
        (
            "cut the first 2 seconds, make it black and white and add a title 'Old times'",
            ["trim", "add_title"],
            ["colour"],
        ),
    ],
)
def test_a_declined_part_is_named_and_the_other_parts_are_done(text: str, ops: list[str], declined: list[str]) -> None:
    plan = parse_message(text)
    assert plan.kind == "edit" and [op.name for op in plan.ops] == ops
    assert plan.declined == declined and plan.declined_how == "rest"


def _kept(draft: dict) -> list[tuple[int, int]]:
    """The parts of the uploaded clip the picture still plays, in source ms."""
    video = next(t for t in draft["t"] if t.get("tt") == 0)
    return [(int(s["m"].get("in", s["s"])), int(s["m"].get("in", s["s"])) + int(s["d"])) for s in video["sg"]]


def test_a_time_said_after_a_cut_that_moved_it_is_asked_on_which_clock(api: Api, clip10: Path) -> None:
    api.new_session()
    api.upload(clip10)
    api.chat("cut the first 2 seconds")
    before = api.state()["draft"]
    events, _ = api.chat("now also mute 5 to 7 seconds")  # 5-7 s as it is now is 7-9 s of the clip as uploaded
    said = _reply(events)
    assert api.state()["draft"] == before and "moved" in said
    offered = suggestions(said)
    assert len(offered) == 2, said
    api.chat(offered[1])  # the clip as uploaded: its 5-7 s are 3-5 s of the timeline now
    audio = next(t for t in api.state()["draft"]["t"] if t.get("tt") == 1)
    assert [(s["s"], s["d"]) for s in audio["sg"] if s["m"].get("volume") == 0] == [(3000, 2000)]
    api.chat("undo")
    api.chat(offered[0])  # the timeline as it is now
    audio = next(t for t in api.state()["draft"]["t"] if t.get("tt") == 1)
    assert [(s["s"], s["d"]) for s in audio["sg"] if s["m"].get("volume") == 0] == [(5000, 2000)]


@pytest.mark.parametrize(
    ("said", "kept"),
    [
        ("also cut 7 to 8 in the original clip", [(0, 2000), (3000, 7000), (8000, 10000)]),
        ("再把8到9秒也剪了（按原视频算）", [(0, 2000), (3000, 8000), (9000, 10000)]),
        ("cut 7 to 8 on the timeline as it is now", [(0, 2000), (3000, 8000), (9000, 10000)]),
        ("mute 3 to 4", [(0, 2000), (3000, 10000)]),  # asked: nothing changed
        ("cut the last second", [(0, 2000), (3000, 9000)]),  # an end, not a time: no clock to ask about
    ],
)
def test_a_clock_said_settles_the_time(api: Api, clip10: Path, said: str, kept: list) -> None:
    api.new_session()
    api.upload(clip10)
    api.chat("cut from 2 s to 3 s")
    api.chat(said)
    assert _kept(api.state()["draft"]) == kept


def test_before_any_cut_a_time_is_the_same_on_both_clocks_and_is_not_asked(api: Api, clip10: Path) -> None:
    api.new_session()
    api.upload(clip10)
    api.chat("cut the last 2 seconds")  # after the times said next: they did not move
    api.chat("cut from 2 s to 3 s")
    assert _kept(api.state()["draft"]) == [(0, 2000), (3000, 8000)]


@pytest.mark.parametrize(
    ("text", "spans"),
    [
        ("mute from 2 to 5 seconds but not 3 to 4", [(2000, 3000), (4000, 5000)]),
        ("cut from 2 to 5 seconds, but don't touch 3 to 4", [(2000, 3000), (4000, 5000)]),
        ("静音从2秒到5秒，但是3秒到4秒那段不要静音", [(2000, 3000), (4000, 5000)]),
        ("cut 3 to 5 rather than 2 to 5", [(3000, 5000)]),  # a replacement, not a part left out
    ],
)
def test_a_part_left_out_of_the_edits_part_splits_it(text: str, spans: list) -> None:
    assert [(args["span"].a, args["span"].b) for _name, args in _ops(text)] == spans


def test_another_title_beside_the_one_there_is_asked_with_the_change_offered(api: Api, clip10: Path) -> None:
    api.new_session()
    api.upload(clip10)
    api.chat('add a title "Hi"')
    for text in ("add another title 'Bye' at 5 s", "再加一個標題「Bye」"):
        events, _ = api.chat(text)
        assert drafts.title_of(api.state()["draft"]) == ("Hi", 0, 3000)
        assert len(suggestions(_reply(events))) == 1


def test_an_undo_of_an_earlier_step_by_its_order_changes_nothing(api: Api, clip10: Path) -> None:
    api.new_session()
    api.upload(clip10)
    api.chat("cut the last 2 seconds")
    api.chat("mute the first 2 seconds")
    before = api.state()["draft"]
    events, _ = api.chat("undo the first cut, not the mute")
    assert api.state()["draft"] == before and "undo" in _reply(events).lower()


def test_the_clip_as_uploaded_is_read_only_for_one_clip_played_once() -> None:
    one = clip_draft()
    cut = drafts.cut_range(one, 0, 2000)
    assert not drafts.source_moved(one, 10_000) and drafts.source_moved(cut, 3000)
    assert drafts.timeline_of_source(cut, 5000, 7000) == (3000, 5000)
    assert drafts.timeline_of_source(cut, 0, 2000) is None  # cut already
    assert drafts.timeline_of_source(drafts.cut_range(one, 4000, 6000), 2000, 8000) == (2000, 6000)  # closes up
    media = {
        "id": "m1",
        "name": "clip.mp4",
        "kind": "video",
        "duration_ms": 10_000,
        "has_video": True,
        "has_audio": True,
    }
    twice = drafts.append_media(one, media)  # the same clip uploaded twice into one session
    assert drafts.timeline_of_source(twice, 5000, 7000) is None and not drafts.source_moved(twice, 15_000)


def test_a_part_that_moves_what_was_cut_is_asked_about_never_dropped() -> None:
    plan = parse_message("cut the first 2 seconds and move it to the end")  # "it" is not a title: not read
    assert plan.kind == "confirm" and plan.ops == [] and "move it to the end" in plan.reason


def test_a_clock_said_in_traditional_characters_is_answered_in_them(api: Api, clip10: Path) -> None:
    api.new_session()
    api.upload(clip10)
    api.chat("剪掉前2秒")
    events, _ = api.chat("按原視頻的時間，把5到7秒靜音")
    assert "靜音" in _reply(events) and "静音" not in _reply(events)


@pytest.mark.parametrize(
    ("text", "part"),
    [
        ("mute the part where the dog barks", "the part where the dog barks"),
        ("remove the audio when the dog barks", "when the dog barks"),
        ("把有人说话的地方静音", "有人说话的地方"),
        ("那个 狗叫的那个地方 剪掉", "狗叫的那个地方"),
    ],
)
def test_a_part_named_by_what_happens_in_it_is_asked_never_the_whole_clip(text: str, part: str) -> None:
    plan = parse_message(text)
    assert plan.kind == "ask" and plan.ops == [] and part in plan.reason and plan.suggestions
    assert all(re.search(r"\d", s) for s in plan.suggestions)  # the same edit on seconds, to click and correct


def test_a_part_named_beside_its_times_is_done() -> None:
    assert _ops("mute 3 to 5 seconds, that is where the dog barks") == [
        ("mute_range", {"span": Span("range", 3000, 5000)})
    ]


@pytest.mark.parametrize("text", ["mute a bit more", "cut a bit more", "再多静音一点", "剪掉一点"])
def test_more_of_an_edit_with_no_amount_or_part_is_asked(text: str) -> None:
    plan = parse_message(text)
    assert plan.kind == "ask" and plan.ops == []


@pytest.mark.parametrize(
    ("setup", "text", "at"),
    [
        ('add the title "Beach Day"', "make the title stay for the whole video", (0, 10_000)),
        ('add the title "Beach Day"', "actually show the title the whole time", (0, 10_000)),
        ('add the title "Beach Day"', "show the title from 2 to 6 s", (2000, 4000)),
        ('加标题"生日快乐"', "让标题整个视频都显示", (0, 10_000)),
        ('加标题"生日快乐"', "标题改成整个视频都显示", (0, 10_000)),
        ('add the title "Beach Day"', "keep the title on screen for 5 seconds instead of 3", (0, 5000)),
    ],
)
def test_a_title_there_is_shown_longer_or_elsewhere_with_its_words_kept(
    api: Api, clip10: Path, setup: str, text: str, at: tuple[int, int]
) -> None:
    api.new_session()
    api.upload(clip10)
    api.chat(setup)
    there = drafts.title_of(api.state()["draft"])
    assert there is not None
    words = there[0]
    api.chat(text)
    assert drafts.title_of(api.state()["draft"]) == (words, *at)


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("title for the whole video: Day 3 - Kyoto", ("Day 3 - Kyoto", 0, 10_000)),
        ("put the title summer trip at the end", ("summer trip", 7000, 3000)),
        ("在结尾加标题谢谢观看", ("谢谢观看", 7000, 3000)),
        ("整個影片都顯示標題生日快樂", ("生日快樂", 0, 10_000)),
        ("title放在end 写the end", ("the end", 7000, 3000)),
        ("title就写 Happy New Year，从第2秒显示到第5秒", ("Happy New Year", 2000, 3000)),
        ("标题放在4到7秒，写“出发啦”", ("出发啦", 4000, 3000)),
    ],
)
def test_a_title_said_without_quotes_or_with_its_time_apart_is_added(
    api: Api, clip10: Path, text: str, title: tuple[str, int, int]
) -> None:
    api.new_session()
    api.upload(clip10)
    api.chat(text)
    assert drafts.title_of(api.state()["draft"]) == title


@pytest.mark.parametrize("text", ["可以加标题吗？", "你好 我想问一下这个能加标题吗"])
def test_a_question_about_titles_adds_none(text: str) -> None:
    assert parse_message(text).kind != "edit"


def test_a_reason_after_a_request_is_not_read_as_part_of_it() -> None:
    assert _ops("mute from one to four seconds cause theres someone talking in the back") == [
        ("mute_range", {"span": Span("range", 1000, 4000)})
    ]


@pytest.mark.parametrize(
    ("text", "said"),
    [("could you mute zero to two seconds", "mute 0 to 2 seconds"), ("mute零到一秒半", "mute 0到1.5秒"),
     ("嗯 volume减six dB", "volume 减 6 db"), ("please you cut the video begin two second", "begin 2 second")],
)  # fmt: skip
def test_numbers_in_words_beside_another_script_are_read(text: str, said: str) -> None:
    assert said in normalise(text)
    assert parse_message(text).kind == "edit"


def test_a_cut_says_the_length_after_it_only_when_another_cut_follows(api: Api, clip10: Path) -> None:
    api.new_session()
    api.upload(clip10)
    events, _ = api.chat("cut the last 3 seconds")
    assert _reply(events).count("7s long") == 1  # once, at the end
    events, _ = api.chat("cut the first 2 seconds and then cut the last 2 seconds")
    assert "(now 5s long)" in _reply(events) and _reply(events).count("3s long") == 1


def test_an_edit_instead_of_the_last_replaces_it(api: Api, clip10: Path) -> None:
    api.new_session()
    api.upload(clip10)
    api.chat("keep only 3 to 7 seconds")
    events, _ = api.chat("hmm keep 2 to 8 of the original instead")
    assert _kept(api.state()["draft"]) == [(2000, 8000)] and "took back" in _reply(events)


@pytest.mark.parametrize(
    ("setup", "text", "kept", "level"),
    [
        ("cut the first 2 seconds", "make it 3 instead", [(3000, 10_000)], 1.0),
        ("cut the first 2 seconds", "no, 3", [(3000, 10_000)], 1.0),
        ("剪掉前2秒", "不对，3秒", [(3000, 10_000)], 1.0),
        ("set the volume to 50%", "make it 70 instead", [(0, 10_000)], 0.7),
    ],
)
def test_a_new_value_alone_replaces_the_one_amount_of_the_edit_before(
    api: Api, clip10: Path, setup: str, text: str, kept: list, level: float
) -> None:
    api.new_session()
    api.upload(clip10)
    api.chat(setup)
    api.chat(text)
    draft = api.state()["draft"]
    audio = next(t for t in draft["t"] if t.get("tt") == 1)
    assert _kept(draft) == kept and {s["m"].get("volume", 1.0) for s in audio["sg"]} == {level}


def test_a_bare_small_number_after_a_volume_is_not_a_level(api: Api, clip10: Path) -> None:
    api.new_session()
    api.upload(clip10)
    api.chat("set the volume to 50%")
    before = api.state()["draft"]
    api.chat("make it 3")
    assert api.state()["draft"] == before


@pytest.mark.parametrize(
    ("text", "cost", "said"),
    [("how do credits work?", 1, "costs 1 credit"), ("how do credits work?", 0, "Nothing costs credits"),
     ("积分是怎么算的？", 2, "2 个积分"), ("credits 點計㗎？", 1, "積分")],
)  # fmt: skip
def test_how_credits_work_is_answered_with_what_an_edit_costs_here(text: str, cost: int, said: str) -> None:
    from nemo_widgets.protocol.intents import route

    assert route(text).action == "chat"  # an explanation, not the balance
    plan = parse_message(text)
    assert plan.kind == "answer" and said in reply_for(plan, clip_draft(), text, cost)


@pytest.mark.parametrize(
    ("text", "action"),
    [
        ("老师好，请帮我把最后两秒删掉。另外问一下，导出来的文件是什么格式的？", "chat"),
        ("cut the last 2 seconds. what format will the export be?", "chat"),
        ("cut the last 2 seconds and export it", "chat_then_export"),
        ("Thank you so far. Could you now please export the finished video as an MP4?", "export"),
        ("能把画面裁成竖屏吗？另外问一下，导出的MP4能直接上传抖音吗？", "chat"),
        ("我明天再export，先这样", "chat"),
        ("现在什么进度了", "state"),
    ],
)
def test_a_command_word_in_a_sentence_that_asks_starts_nothing(text: str, action: str) -> None:
    from nemo_widgets.protocol.intents import route

    assert route(text).action == action


def test_what_someone_else_does_with_the_clip_is_not_a_request() -> None:
    plan = parse_message("Can you crop it to 9:16? Our audience mostly watches with the sound off.")
    assert plan.ops == [] and all(op.name != "remove_audio" for op in plan.ops)


@pytest.mark.parametrize(
    ("setup", "text", "title"),
    [
        ('add the title "Hi"', "title 換成 'Grand Opening' 同埋 放喺最尾", ("Grand Opening", 7000, 3000)),
        ("add a title saying 'Mia'", "start it at 1 s and keep it up till 4", ("Mia", 1000, 3000)),
        ("add the title 'Paris' at the end", "move it to the start", ("Paris", 0, 3000)),
        ("add the title 'Paris' for 5 seconds", "wait it should say Paris 2023", ("Paris 2023", 0, 5000)),
        ("add the title 'Team' for the whole video", "change the text to Offsite 2024", ("Offsite 2024", 0, 10_000)),
        ("add the title 'Hi' at the end", "make the title say Bye", ("Bye", 7000, 3000)),
    ],
)
def test_a_title_there_changed_by_a_follow_up_keeps_what_is_not_said(
    api: Api, clip10: Path, setup: str, text: str, title: tuple[str, int, int]
) -> None:
    api.new_session()
    api.upload(clip10)
    api.chat(setup)
    api.chat(text)
    assert drafts.title_of(api.state()["draft"]) == title


def test_a_part_described_in_another_clause_than_its_mute_is_asked(api: Api, clip10: Path) -> None:
    api.new_session()
    api.upload(clip10)
    api.chat("mute 1 to 3")
    before = api.state()["draft"]
    events, _ = api.chat("and the dog barking near the end, mute that")
    assert api.state()["draft"] == before and "dog barking" in _reply(events)
    assert parse_message("Please take away all of the sound. The dog barking is distracting.").kind == "edit"


def test_a_second_thought_for_only_the_sound_after_removing_it_takes_the_removal_back(api: Api, clip10: Path) -> None:
    api.new_session()
    api.upload(clip10)
    api.chat("remove all audio")
    api.chat("actually I want just the audio, no video")
    assert drafts.has_track(api.state()["draft"], TrackType.AUDIO)
    api.new_session()
    api.upload(clip10)
    api.chat("remove all audio")
    api.chat("extract the audio")  # said plainly: there is no sound left to keep, and it is said
    assert not drafts.has_track(api.state()["draft"], TrackType.AUDIO)


@pytest.mark.parametrize(
    ("text", "ops"),
    [
        ("bring it down to like 70%", [("set_volume", {"target": "audio", "volume": 0.7})]),
        ("change the title to 'Grandma's 80th'", [("change_title", {"text": "Grandma's 80th", "_said": ()})]),
    ],
)
def test_a_hedge_before_an_amount_and_an_apostrophe_in_quotes_are_read(text: str, ops: list) -> None:
    assert _ops(text) == ops

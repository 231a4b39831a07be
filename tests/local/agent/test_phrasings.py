"""Classes of failure found by corpus blocks 4 and 5 (entries with "block": 4 or 5 in tests/data/), pinned by rule
as well as by the corpus: times said on the clip, self-corrections, contradictory results, full-width text, -ing forms,
levels without "%"; and the router's 把…导出, silent-MP3 and state phrasings."""

from __future__ import annotations

from pathlib import Path

import pytest
from nemo_widgets.local.agent.intents import parse_message
from nemo_widgets.local.agent.types import Span
from nemo_widgets.local.agent.wording import normalise
from nemo_widgets.protocol.intents import route

from helpers_engine import Api
from understanding_corpus import signature


def _reply(events: list[dict]) -> str:
    return " ".join(
        p["text"] for e in events if not e.get("partial") for p in e.get("content", {}).get("parts", []) if "text" in p
    )


@pytest.mark.parametrize(
    ("text", "video", "muted"),
    [
        ("cut 0:01 to 0:02 and 0:05 to 0:06", [[0, 1000], [2000, 5000], [6000, 10000]], []),
        ("剪掉1到2秒和5到6秒", [[0, 1000], [2000, 5000], [6000, 10000]], []),
        ("cut from 3 to 5 seconds, then mute from 6 to 8 seconds", [[0, 3000], [5000, 10000]], [[6000, 8000]]),
        ("keep 0:02 to 0:08 and mute 0:03 to 0:04", [[2000, 8000]], [[3000, 4000]]),
        ("cut the first 2 seconds and mute everything after 0:07", [[2000, 10000]], [[7000, 10000]]),
        ("cut the first second and mute the last two seconds", [[1000, 10000]], [[8000, 10000]]),
    ],
)
def test_times_said_on_the_clip_mean_the_clip_the_message_came_to(
    api: Api, clip10: Path, text: str, video: list, muted: list
) -> None:
    api.upload(clip10)
    events, _ = api.chat(text)
    got = signature(api.state())
    assert got["video"] == video, _reply(events)
    assert [a[:2] for a in got["audio"] if a[2] == 0.0] == muted


def test_a_time_already_cut_by_the_same_message_is_refused_whole(api: Api, clip10: Path) -> None:
    api.upload(clip10)
    events, _ = api.chat("cut from 0:02 to 0:06 and then cut 0:03 to 0:04")
    assert signature(api.state())["video"] == [[0, 10000]]
    assert "3s–4s was already cut by this message" in _reply(events)


def test_the_reply_names_the_times_as_they_were_said(api: Api, clip10: Path) -> None:
    api.upload(clip10)
    events, _ = api.chat("cut 0:01 to 0:02 and 0:05 to 0:06")
    assert "cut 1s–2s" in _reply(events) and "cut 5s–6s" in _reply(events)


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("cut the first 2 seconds, no wait, the first 3 seconds", Span("first", 3000)),
        ("remove the last 4 seconds, I mean the last 2 seconds", Span("last", 2000)),
        ("剪掉前2秒，不对，前3秒", Span("first", 3000)),
    ],
)
def test_a_self_correction_replaces_what_it_corrects(text: str, span: Span) -> None:
    plan = parse_message(text)
    assert plan.kind == "edit" and [(op.name, op.args) for op in plan.ops] == [("trim", {"mode": "cut", "span": span})]


@pytest.mark.parametrize(
    "text",
    ["export it silent as mp3", "export a silent mp3", "导出无声的mp3", "remove the audio and save it as mp3",
     "make it silent, audio only"],
)  # fmt: skip
def test_a_silent_sound_only_result_is_asked_about_not_guessed(text: str) -> None:
    assert parse_message(text).kind == "ask"
    assert route(text).action == "chat"  # nothing renders before the answer


@pytest.mark.parametrize(
    ("text", "fmt"),
    [("把音频导出来", "mp3"), ("把声音导出来", "mp3"), ("帮我把视频里的音频导出", "mp3"), ("导出视频的音频", "mp3"),
     ("export the video's audio", "mp3"), ("把视频导出来", None)],
)  # fmt: skip
def test_the_sound_as_the_object_of_an_export_is_an_mp3(text: str, fmt: str | None) -> None:
    assert (route(text).action, route(text).format) == ("export", fmt)


@pytest.mark.parametrize(
    ("text", "action", "fmt"),
    [("remove the audio then export it", "chat_then_export", "mp4"),
     ("去掉声音再导出", "chat_then_export", "mp4"),
     ("mute the first 2 seconds and export as mp3", "chat_then_export", "mp3")],
)  # fmt: skip
def test_an_export_after_silencing_is_an_mp4_unless_only_a_part_is_muted(text: str, action: str, fmt: str) -> None:
    assert (route(text).action, route(text).format) == (action, fmt)


@pytest.mark.parametrize(
    ("typed", "read"),
    [("导出ＭＰ４", "导出 mp4"), ("音量提高２０％", "音量提高20%"), ("cut ０：０１ to ０：０３", "cut 0:01 to 0:03")],
)
def test_full_width_letters_and_digits_are_read_as_ascii(typed: str, read: str) -> None:
    assert normalise(typed) == read


def test_ing_forms_are_verbs_except_after_without() -> None:
    assert normalise("would you mind muting the last 3 seconds") == "would you mind mute the last 3 seconds"
    assert parse_message("export it without cutting anything").kind != "edit"
    assert parse_message("stop removing the audio").kind != "edit"


@pytest.mark.parametrize(
    ("text", "args"),
    [("set the volume to 150", {"volume": 1.5}), ("音量调到80", {"volume": 0.8}),
     ("set the audio level to 0.5", {"volume": 0.5}), ("cut the volume in half", {"factor": 0.5})],
)  # fmt: skip
def test_a_level_said_without_percent(text: str, args: dict) -> None:
    plan = parse_message(text)
    assert [(op.name, op.args) for op in plan.ops] == [("set_volume", {"target": "audio", **args})]


def test_a_time_is_not_a_level() -> None:
    assert parse_message("set the volume to 5 seconds").kind == "ask"


@pytest.mark.parametrize("text", ["show me the tracks", "how long is this video?", "list all the tracks"])
def test_state_phrasings_with_a_free_word(text: str) -> None:
    assert route(text).action == "state"


# -- classes found by block 5 --------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["remove audio then cut the first bit", "remove the audio and trim the end part"],
)
def test_a_part_not_understood_beside_an_edit_is_asked_about_not_dropped(text: str) -> None:
    assert parse_message(text).kind == "ask"


@pytest.mark.parametrize(
    ("text", "spans"),
    [("lose the first and the last second", [Span("first", 1000), Span("last", 1000)]),
     ("cut the first 2 and the last 3 seconds", [Span("first", 2000), Span("last", 3000)]),
     ("remove audio then cut the first sec", [Span("first", 1000)])],
)  # fmt: skip
def test_both_ends_and_short_units(text: str, spans: list[Span]) -> None:
    plan = parse_message(text)
    assert [op.args["span"] for op in plan.ops if op.name == "trim"] == spans


@pytest.mark.parametrize(
    ("text", "span"),
    [("trim the video to the first 8 seconds", Span("first", 8000)),
     ("cut it down to the last 4 seconds", Span("last", 4000))],
)  # fmt: skip
def test_trim_to_the_first_or_last_n_keeps_them(text: str, span: Span) -> None:
    assert [(op.name, op.args) for op in parse_message(text).ops] == [("trim", {"mode": "keep", "span": span})]


@pytest.mark.parametrize(
    ("text", "span"), [("mute第一秒", Span("range", 0, 1000)), ("剪掉第3秒", Span("range", 2000, 3000))]
)
def test_the_nth_second_in_chinese_is_that_second(text: str, span: Span) -> None:
    assert [op.args["span"] for op in parse_message(text).ops] == [span]


def test_a_remark_about_loudness_is_settled_by_the_amount_beside_it() -> None:
    plan = parse_message("Could you lower the volume to around 50%? It's a bit loud.")
    assert [(op.name, op.args) for op in plan.ops] == [("set_volume", {"target": "audio", "volume": 0.5})]
    assert parse_message("it's a bit loud").kind == "ask"


def test_getting_the_sound_out_of_the_video_is_asked_unless_a_format_says() -> None:
    assert parse_message("get the audio out of this video").kind == "ask"
    assert [op.name for op in parse_message("pull the audio out of the video as a wav").ops] == ["extract_audio"]


@pytest.mark.parametrize(
    ("text", "name"),
    [("I need a version with zero sound", "remove_audio"), ("silence it completely", "remove_audio"),
     ("视频不要有声音", "remove_audio"), ("帮我消音", "remove_audio"), ("i want the mp3 of this", "extract_audio"),
     ("只要音轨", "extract_audio")],
)  # fmt: skip
def test_more_ways_to_say_the_two_jobs(text: str, name: str) -> None:
    assert [op.name for op in parse_message(text).ops] == [name]


@pytest.mark.parametrize(
    ("text", "action", "quality"),
    [("render at 480p", "export", "480p"), ("render it as mp4", "export", None),
     ("render the scene again", "chat", None)],
)  # fmt: skip
def test_render_is_an_export_when_what_it_makes_is_said(text: str, action: str, quality: str | None) -> None:
    assert (route(text).action, route(text).quality) == (action, quality)


# -- classes found by block 6 --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "span"),
    [("get rid of everything except the first 5 seconds", Span("first", 5000)),
     ("remove all but the last 4 seconds", Span("last", 4000)),
     ("cut everything other than 0:02-0:04", Span("range", 2000, 4000)),
     ("除了前5秒都删掉", Span("first", 5000))],
)  # fmt: skip
def test_cutting_everything_but_a_part_keeps_that_part(text: str, span: Span) -> None:
    assert [(op.name, op.args) for op in parse_message(text).ops] == [("trim", {"mode": "keep", "span": span})]


@pytest.mark.parametrize(
    ("text", "op"),
    [("export without the first 2 seconds", ("trim", {"mode": "cut", "span": Span("first", 2000)})),
     ("without audio for the last 2 seconds", ("mute_range", {"span": Span("last", 2000)}))],
)  # fmt: skip
def test_without_a_part_cuts_it_and_without_its_sound_mutes_it(text: str, op: tuple) -> None:
    assert [(o.name, o.args) for o in parse_message(text).ops] == [op]


@pytest.mark.parametrize(
    ("text", "op"),
    [("mute the first 2 seconds, actually make that 3", ("mute_range", {"span": Span("first", 3000)})),
     ("cut the first 2, make that 3 seconds", ("trim", {"mode": "cut", "span": Span("first", 3000)})),
     ("make it 5 seconds", ("trim", {"mode": "keep", "span": Span("first", 5000)}))],
)  # fmt: skip
def test_make_that_n_corrects_the_length_and_make_it_n_is_still_a_length(text: str, op: tuple) -> None:
    assert [(o.name, o.args) for o in parse_message(text).ops] == [op]


@pytest.mark.parametrize(
    ("text", "span"),
    [("cut from the 2 second mark to the 5 second mark", Span("range", 2000, 5000)),
     ("cut the fist 2 seconds", Span("first", 2000))],
)  # fmt: skip
def test_marks_and_slips_before_a_number(text: str, span: Span) -> None:
    assert [op.args["span"] for op in parse_message(text).ops] == [span]


@pytest.mark.parametrize(
    ("text", "name"),
    [("mp3 please", "extract_audio"), ("我要mp3", "extract_audio"), ("convert to audio", "extract_audio"),
     ("i need this as audio", "extract_audio"), ("声音关了", "remove_audio")],
)  # fmt: skip
def test_short_requests_for_the_two_jobs(text: str, name: str) -> None:
    assert [op.name for op in parse_message(text).ops] == [name]


@pytest.mark.parametrize(("text", "volume"), [("volume=0.3", 0.3), ("volume: 80", 0.8)])
def test_a_level_after_an_equals_sign_or_colon(text: str, volume: float) -> None:
    assert [op.args for op in parse_message(text).ops] == [{"target": "audio", "volume": volume}]


@pytest.mark.parametrize(
    ("text", "action", "fmt"),
    [("save it", "export", None), ("save as mp3", "export", "mp3"), ("don't save it", "chat", None),
     ("how do I save it?", "chat", None), ("save it for later", "chat", None),
     ("导出前先把声音去掉", "chat_then_export", "mp4"),
     ("what's in the project?", "state", None)],
)  # fmt: skip
def test_save_is_an_export_and_more_router_phrasings(text: str, action: str, fmt: str | None) -> None:
    assert (route(text).action, route(text).format) == (action, fmt)


# -- classes found by block 7 --------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "read"),
    [("the first quarter second", "the first 0.25 seconds"), ("at least 2 seconds", "at least 2 seconds"),
     ("perfect", "perfect"), ("the present volume", "the present volume"), ("remvoe teh adio", "remove the audio")],
)  # fmt: skip
def test_real_words_are_never_corrected_and_slips_still_are(typed: str, read: str) -> None:
    assert normalise(typed) == read


def test_a_volume_step_yields_to_the_amount_said_beside_it() -> None:
    plan = parse_message("the sound is too loud, set it to 60%")
    assert [(op.name, op.args) for op in plan.ops] == [("set_volume", {"target": "audio", "volume": 0.6})]
    assert [op.args for op in parse_message("make it louder").ops] == [{"target": "audio", "factor": 1.25}]


@pytest.mark.parametrize(
    ("text", "name"),
    [("take that back", "undo"), ("I want an audio file of this", "extract_audio"),
     ("音频单独保存成mp3", "extract_audio"), ("shave 2 seconds off the end", "trim")],
)  # fmt: skip
def test_more_verbs(text: str, name: str) -> None:
    assert [op.name for op in parse_message(text).ops] == [name]


@pytest.mark.parametrize(
    ("text", "action"),
    [("how many seconds is it?", "state"), ("what is the length?", "state"), ("视频有几秒？", "state"),
     ("how many seconds should I cut?", "chat")],
)  # fmt: skip
def test_length_questions_are_the_state(text: str, action: str) -> None:
    assert route(text).action == action


# -- classes found by block 8 --------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["trim both the start and the end by one second", "trim 1 second from the start and the end"]
)
def test_both_ends_by_one_amount(text: str) -> None:
    assert [op.args["span"] for op in parse_message(text).ops] == [Span("first", 1000), Span("last", 1000)]


@pytest.mark.parametrize(
    ("text", "args"),
    [("lower volume to half", {"volume": 0.5}), ("volume 0.8", {"volume": 0.8}), ("volume 80", {"volume": 0.8})],
)
def test_levels_said_plainly(text: str, args: dict) -> None:
    assert [op.args for op in parse_message(text).ops] == [{"target": "audio", **args}]


def test_a_bare_no_and_a_number_corrects_the_length() -> None:
    plan = parse_message("cut the last 4 seconds, no, 3 seconds")
    assert [(op.name, op.args) for op in plan.ops] == [("trim", {"mode": "cut", "span": Span("last", 3000)})]
    assert [op.name for op in parse_message("mute it, no sound").ops] == ["remove_audio"]


@pytest.mark.parametrize(
    ("text", "name"),
    [("audio off", "remove_audio"), ("give me the sound only", "extract_audio"), ("把这个变成mp3", "extract_audio")],
)
def test_short_forms(text: str, name: str) -> None:
    assert [op.name for op in parse_message(text).ops] == [name]


def test_when_exporting_is_an_export_and_the_exported_file_is_not() -> None:
    assert (route("导出的时候把声音去掉").action, route("导出的时候把声音去掉").format) == ("chat_then_export", "mp4")
    assert route("导出的视频没有声音").action == "chat"


# -- classes found by block 9 --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "args"),
    [("reduce volume by one third", {"factor": pytest.approx(0.67)}),
     ("would it be possible for you to make the audio 30% quieter?", {"factor": pytest.approx(0.7)}),
     ("lower the volume to around 50%", {"volume": 0.5})],
)  # fmt: skip
def test_a_change_is_not_a_level_unless_to_is_right_before_the_amount(text: str, args: dict) -> None:
    assert [op.args for op in parse_message(text).ops] == [{"target": "audio", **args}]


@pytest.mark.parametrize(
    ("text", "span"),
    [("mute 0:04 to the end", Span("after", 4000)), ("cut from the beginning to 0:03", Span("before", 3000)),
     ("从4秒到结尾静音", Span("after", 4000)), ("剪掉头两秒", Span("first", 2000))],
)  # fmt: skip
def test_spans_said_with_both_ends_or_as_the_head(text: str, span: Span) -> None:
    assert [op.args["span"] for op in parse_message(text).ops] == [span]


@pytest.mark.parametrize(
    ("text", "kind", "names"),
    [("remove the picture", "edit", ["extract_audio"]), ("remove the video", "ask", []),
     ("音频保留，视频不要", "edit", ["extract_audio"]), ("strip my video clips", "edit", ["remove_audio"]),
     ("keep the volume as it is, just cut the last second", "edit", ["trim"]), ("把原音去掉", "edit", ["remove_audio"])],
)  # fmt: skip
def test_the_picture_removed_keeps_the_sound_and_the_video_removed_asks(text: str, kind: str, names: list) -> None:
    plan = parse_message(text)
    assert (plan.kind, [op.name for op in plan.ops]) == (kind, names)


@pytest.mark.parametrize(
    ("text", "action", "fmt"),
    [("export the clip without its audio", "chat_then_export", "mp4"), ("how long does the video last?", "state", None),
     ("how long does it take?", "chat", None)],
)  # fmt: skip
def test_without_its_audio_and_how_long_it_lasts(text: str, action: str, fmt: str | None) -> None:
    assert (route(text).action, route(text).format) == (action, fmt)


# -- classes found by block 10 --------------------------------------------------------------


def test_an_amount_on_its_own_is_the_level_of_the_volume_beside_it() -> None:
    plan = parse_message("make it quieter, like 40%")
    assert [(op.name, op.args) for op in plan.ops] == [("set_volume", {"target": "audio", "volume": 0.4})]
    assert parse_message("cut the first 2 seconds, 40%").kind == "ask"  # 40 % of what?


def test_the_sound_kept_by_one_clause_settles_losing_the_video_in_another() -> None:
    assert [op.name for op in parse_message("keep just the audio, lose the video").ops] == ["extract_audio"]


@pytest.mark.parametrize(
    ("text", "action", "fmt"),
    [("只导出声音", "chat_then_export", "mp3"), ("export after removing the sound", "chat_then_export", "mp4")],
)
def test_sound_only_and_silencing_said_other_ways(text: str, action: str, fmt: str) -> None:
    assert (route(text).action, route(text).format) == (action, fmt)

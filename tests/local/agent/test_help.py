"""The help reply ("what can you do?", "你能做什么") lists what the agent does today, each with an example the
reader reads back as that very edit, in the message's language: it cannot go stale without failing here."""

from __future__ import annotations

import pytest
from nemo_widgets.local.agent.intents import parse_message
from nemo_widgets.local.agent.languages import LANGUAGES, Language
from nemo_widgets.local.agent.replies import ABILITIES, reply_for
from nemo_widgets.protocol.intents import route

#: What each ability's example must be read as: (operation, a check on its arguments).
EXPECTED = {
    "remove_audio": ("remove_audio", lambda a: True),
    "extract_audio": ("extract_audio", lambda a: a["format"] == "mp3"),
    "cut": ("trim", lambda a: a["mode"] == "cut" and a["span"].a == 1500),
    "keep": ("trim", lambda a: a["mode"] == "keep" and (a["span"].a, a["span"].b) == (1000, 5000)),
    "mute": ("mute_range", lambda a: a["span"].a == 2000),
    "volume": ("set_volume", lambda a: abs(a["factor"] - 0.5) < 0.01),  # -6 dB is about half the amplitude
    "title": ("add_title", lambda a: a["text"] == "Hello" and a["duration_ms"] == 3000),
    "remove_title": ("remove_title", lambda a: True),
    "change_title": ("change_title", lambda a: a["text"] == "The End" and "start_ms" not in a),
    "remove_clip": ("remove_media", lambda a: a["name"] == "clip.mp4"),
    "undo": ("undo", lambda a: a["steps"] == 2),
    "redo": ("redo", lambda a: True),
}


def test_every_ability_is_checked() -> None:
    assert set(EXPECTED) | {"export"} == set(ABILITIES)


@pytest.mark.parametrize("data", LANGUAGES, ids=lambda m: m.NAME)
@pytest.mark.parametrize("ability", sorted(EXPECTED))
def test_each_example_in_the_help_is_read_as_that_edit(data: object, ability: str) -> None:
    example = Language(data).write(ABILITIES[ability])  # type: ignore[arg-type]  # a language module
    plan = parse_message(example)
    name, check = EXPECTED[ability]
    assert plan.kind == "edit" and [op.name for op in plan.ops] == [name], (example, plan)
    assert check(plan.ops[0].args), (example, plan.ops[0].args)


@pytest.mark.parametrize("data", LANGUAGES, ids=lambda m: m.NAME)
def test_the_export_example_is_an_export(data: object) -> None:
    example = Language(data).write(ABILITIES["export"])  # type: ignore[arg-type]  # a language module
    intent = route(example)
    assert (intent.action, intent.format) == ("export", "mp3"), example


@pytest.mark.parametrize(("message", "said"), [("what can you do?", "redo"), ("你能做什么", "重做")])
def test_the_help_reply_names_every_ability_with_its_example(message: str, said: str) -> None:
    plan = parse_message(message)
    reply = reply_for(plan, {}, message)
    assert plan.kind == "help" and said in reply
    for example in ABILITIES.values():
        assert f"“{plan.language.write(example)}”" in reply
    assert "dB" in reply or "分贝" in reply

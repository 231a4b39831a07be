"""Malay, the third language of the agent's data (read, answered in English): its words read as the same edits as
English's and Chinese's, with no rule of its own."""

from __future__ import annotations

import pytest
from nemo_widgets.local.agent.intents import parse_message
from nemo_widgets.local.agent.languages import LANGUAGES, language_of, ms
from nemo_widgets.protocol.intents import route


def _ops(text: str) -> list[tuple[str, dict]]:
    plan = parse_message(text)
    assert plan.kind == "edit", (text, plan)
    return [(op.name, {k: v for k, v in op.args.items() if not k.startswith("_")}) for op in plan.ops]


def test_malay_is_one_of_the_languages_and_is_answered_in_english() -> None:
    assert ms in LANGUAGES
    assert language_of("boleh cut depan 2 saat?").name == "en"  # no script of its own


@pytest.mark.parametrize(
    ("malay", "same_as"),
    [
        ("boleh cut depan 2 saat?", "cut the first 2 seconds"),
        ("potong belakang tiga saat", "cut the last 3 seconds"),
        ("buang audio", "remove the audio"),
        ("volume sikit perlahan please", "make it a bit quieter"),
        ("lagi kuat sikit", "a bit louder"),
        ("cut depan 2 saat dan belakang 2 saat — eh, belakang tak payah", "cut the first 2 seconds"),
    ],
)
def test_a_malay_request_reads_as_the_english_one(malay: str, same_as: str) -> None:
    assert _ops(malay) == _ops(same_as)


def test_the_router_reads_malay_too() -> None:
    assert route("my render siap belum?").action == "state"
    assert route("tolong potong last 3 saat, then export mp3 ya").action == "chat_then_export"

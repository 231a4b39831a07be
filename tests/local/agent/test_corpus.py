"""Every entry of the utterance corpus, pinned: through route(), and (when it reaches the agent) through
the engine over HTTP on 127.0.0.1, judged on the draft it leaves (tests/understanding_corpus.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from nemo_widgets.local import EngineSettings, start_in_background

from helpers_media import make_clip
from understanding_corpus import PINNED, EngineJudge, load, route_verdict, uses_chat

CORPUS = load(*PINNED)
AGENT = [entry for entry in CORPUS if uses_chat(entry)]
#: Entries of the issue-21 blocks the reader does not serve yet (strict: one that starts passing fails here,
#: so it is taken off the list). Each is declined, asked about or left unchanged: none is a wrong edit.
KNOWN_MISSES = {
    "if the audio can't be cleaned up, remove it",  # a passive conditional: the fallback's "it" is not read
    "So this is a clip from my hike. Honestly the sound is just wind, nobody needs that. Please remove the audio "
    "completely. Then keep only the first 8 seconds.",  # "the sound is just wind" read as a noise request
    "Quick one: the audio has a loud bang at 0:04 to 0:05, just mute that part please, everything else is fine",
    "不要 extract audio，要 remove audio",  # the negated extraction is taken as "keep the audio": asked
    "redo",  # no redo history is kept: the reply says so
    "redo that",
    "重做",
    "恢复刚才撤销的操作",
    "actually redo it",
}
ROUTE_MISSES = {"- extract the audio\n- save as wav"}  # "save as wav" is an export here: edited, then exported


def _known(entries: list[dict], misses: set[str]) -> list:
    return [
        pytest.param(e, marks=pytest.mark.xfail(strict=True, reason="a known miss")) if e["text"] in misses else e
        for e in entries
    ]


def _id(entry: dict) -> str:
    return entry["text"][:40]


@pytest.mark.parametrize("entry", _known(CORPUS, ROUTE_MISSES), ids=_id)
def test_route(entry: dict) -> None:
    ok, got = route_verdict(entry)
    assert ok, f"{entry['text']!r}: want {entry['route']} {entry.get('format')}, got {got}"


@pytest.fixture(scope="module")
def judge(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EngineJudge]:
    clip = make_clip(Path(tmp_path_factory.mktemp("corpus")) / "clip.mp4", seconds=10, size="160x90")
    settings = EngineSettings(silent_ratio=0.0, seed=11, chunk_delay_s=0.0, edit_cost=0)
    with start_in_background(settings) as engine:
        made = EngineJudge(engine.url, clip)
        yield made
        made.close()


@pytest.mark.parametrize("entry", _known(AGENT, KNOWN_MISSES), ids=_id)
def test_engine_effect(judge: EngineJudge, entry: dict) -> None:
    verdict = judge.judge(entry)
    assert verdict.ok, f"{entry['text']!r}\nwant {verdict.want}\ngot  {verdict.got}\nreply {verdict.reply!r}"


def test_corpus_covers_the_classes() -> None:
    classes = {entry["class"] for entry in CORPUS}
    assert (
        len(CORPUS) >= 300
        and {
            "negation",
            "relative",
            "question",
            "compound",
            "unsupported",
            "typo",
            "partial-audio",
            "mute-range",
            "cjk-latin",
            "export-change",
        }
        <= classes
    )
    chinese = [e for e in CORPUS if any("\u4e00" <= ch <= "\u9fff" for ch in e["text"])]
    assert len(chinese) >= 60

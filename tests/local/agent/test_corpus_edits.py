"""Every entry of the utterance corpus that reaches the agent, through the engine over HTTP on 127.0.0.1,
judged on the draft it leaves (tests/understanding_corpus.py; the router's side is
tests/protocol/test_corpus_routes.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from nemo_widgets.local import EngineSettings, start_in_background

from helpers_media import make_clip
from understanding_corpus import EngineJudge, load, uses_chat

AGENT = [entry for entry in load() if uses_chat(entry)]


def _id(entry: dict) -> str:
    return entry["text"][:40]


@pytest.fixture(scope="module")
def judge(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EngineJudge]:
    clip = make_clip(Path(tmp_path_factory.mktemp("corpus")) / "clip.mp4", seconds=10, size="160x90")
    settings = EngineSettings(silent_ratio=0.0, seed=11, chunk_delay_s=0.0, edit_cost=0)
    with start_in_background(settings) as engine:
        made = EngineJudge(engine.url, clip)
        yield made
        made.close()


@pytest.mark.parametrize("entry", AGENT, ids=_id)
def test_engine_effect(judge: EngineJudge, entry: dict) -> None:
    verdict = judge.judge(entry)
    assert verdict.ok, f"{entry['text']!r}\nwant {verdict.want}\ngot  {verdict.got}\nreply {verdict.reply!r}"

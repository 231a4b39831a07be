"""Fixtures of the engine tests: generated clips, running engines, a tiny plain-httpx API helper."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/: helpers_media, helpers_engine

from nemo_widgets.local import EngineSettings, LocalEngine, start_in_background

from helpers_engine import Api
from helpers_media import make_clip


@pytest.fixture(scope="session")
def media_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("media")


@pytest.fixture(scope="session")
def clip10(media_dir: Path) -> Path:
    """The spec's clip: 10 s, 640x360, H.264 + a sine AAC track."""
    return make_clip(media_dir / "clip.mp4", seconds=10, size="640x360", audio=True)


@pytest.fixture(scope="session")
def clip_short(media_dir: Path) -> Path:
    return make_clip(media_dir / "short.mp4", seconds=2, size="320x180", audio=True)


@pytest.fixture(scope="module")
def engine() -> Iterator[LocalEngine]:
    """A shared engine: never silent, deterministic."""
    with start_in_background(EngineSettings(silent_ratio=0.0, seed=7, chunk_delay_s=0.0)) as running:
        yield running


@pytest.fixture
def make_engine() -> Iterator[Callable[..., LocalEngine]]:
    """Start engines with particular settings; all stopped at the end of the test."""
    started: list[LocalEngine] = []

    def start(**settings: Any) -> LocalEngine:
        settings.setdefault("silent_ratio", 0.0)
        settings.setdefault("chunk_delay_s", 0.0)
        running = start_in_background(EngineSettings(**settings))
        started.append(running)
        return running

    yield start
    for running in started:
        running.stop()


@pytest.fixture
def api(engine: LocalEngine) -> Iterator[Api]:
    """A logged-in client with a fresh session on the shared engine."""
    client = Api(engine.url).login()
    client.new_session()
    yield client
    client.close()


@pytest.fixture
def api_for() -> Iterator[Callable[[LocalEngine], Api]]:
    """Logged-in clients with a fresh session on a given engine."""
    made: list[Api] = []

    def make(running: LocalEngine) -> Api:
        client = Api(running.url).login()
        client.new_session()
        made.append(client)
        return client

    yield make
    for client in made:
        client.close()

"""Fixtures of the reliability suite: an isolated home, small clips of distinct lengths, engines, clients.

Every test runs with ``HOME``, ``NEMO_CONFIG_DIR`` and the working folder in a
temporary directory and without ``NEMO_*`` variables from the outside, so the
real home is never written and no outside token leaks in.
"""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/: helpers_media, helpers_engine

from nemo_widgets.local import EngineSettings, LocalEngine

from helpers_media import make_clip

from ._support import Clients, RequestLog, start_engine

_ENV = (
    "NEMO_TOKEN",
    "NEMO_API_URL",
    "NEMO_WEB_URL",
    "NEMO_CLIENT_ID",
    "NEMO_PROFILE",
    "NEMO_LANGUAGE",
    "NEMO_ENGINE_DIR",
    "NEMO_WIDGETS_MODE",
    "SKILL_SOURCE",
)


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    for name in _ENV:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("NEMO_CONFIG_DIR", str(home / ".config" / "nemovideo"))
    monkeypatch.chdir(tmp_path)
    return home


# -- media ----------------------------------------------------------------------


@pytest.fixture(scope="session")
def clip_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("reliability-media")


@pytest.fixture(scope="session")
def clip(clip_dir: Path) -> Path:
    """A 2 s 160x90 H.264 + AAC clip."""
    return make_clip(clip_dir / "clip.mp4", seconds=2, size="160x90", audio=True)


@pytest.fixture(scope="session")
def clip_b(clip_dir: Path) -> Path:
    """A second clip, 3 s, so results can be told apart by their length."""
    return make_clip(clip_dir / "other clip.mp4", seconds=3, size="160x90", audio=True)


@pytest.fixture(scope="session")
def not_media(clip_dir: Path) -> Path:
    """Text bytes named .mp4."""
    path = clip_dir / "notes.mp4"
    path.write_bytes(b"these are my notes, not a video\n" * 64)
    return path


# -- engines ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def shared_engine() -> Iterator[tuple[LocalEngine, RequestLog]]:
    """One engine per module: never silent, no chunk pauses, deterministic."""
    engine, log = start_engine(EngineSettings(silent_ratio=0.0, chunk_delay_s=0.0, seed=5))
    yield engine, log
    engine.stop()


@pytest.fixture
def engine(shared_engine: tuple[LocalEngine, RequestLog]) -> Iterator[LocalEngine]:
    """The module's engine, its request log emptied; no armed fault may outlive the test."""
    running, log = shared_engine
    log.clear()
    yield running
    armed = running.app.state.engine.faults.armed()
    for name in armed:
        running.settings.faults.pop(name, None)
    assert not armed, f"faults armed but never hit: {armed}"


@pytest.fixture
def requests_seen(shared_engine: tuple[LocalEngine, RequestLog], engine: LocalEngine) -> RequestLog:
    return shared_engine[1]


@pytest.fixture
def engines() -> Iterator[Callable[..., tuple[LocalEngine, RequestLog]]]:
    """Start engines with particular settings; all stopped at the end of the test."""
    started: list[LocalEngine] = []

    def start(settings: EngineSettings | None = None, **kwargs: Any) -> tuple[LocalEngine, RequestLog]:
        running, log = start_engine(settings, **kwargs)
        started.append(running)
        return running, log

    yield start
    for running in started:
        running.stop()


# -- clients -------------------------------------------------------------------------


@pytest.fixture(params=["sync", "async"])
async def make_client(request: pytest.FixtureRequest) -> AsyncIterator[Clients]:
    """Parametrised over :class:`NemoClient` and :class:`AsyncNemoClient`; ``await call(client.x(...))``."""
    clients = Clients(request.param)
    yield clients
    await clients.close()


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """What was tried: faults and at which layers, examples per property, figures noted by the tests."""
    from ._support import FIGURES

    if not any(FIGURES.values()):
        return
    write = terminalreporter.write_line
    terminalreporter.section("reliability figures")
    for fault, layers in sorted(FIGURES["faults"].items()):
        write(f"fault {fault}: {', '.join(sorted(layers))}")
    examples = FIGURES["examples"]
    if examples:
        for name, count in sorted(examples.items()):
            write(f"examples {name}: {count}")
        write(f"examples in all: {sum(examples.values())}")
    for name, value in sorted(FIGURES["notes"].items()):
        write(f"{name}: {value}")

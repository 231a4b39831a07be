"""Fixtures shared by several test folders: a sample clip, local engines, an isolated working folder.

Keep this file small: folder-specific fixtures belong in the folder's own conftest.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from helpers_media import make_clip


@pytest.fixture(scope="session")
def sample_clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 10 s 640x360 H.264 clip with an AAC sine track (made once per test run)."""
    return make_clip(tmp_path_factory.mktemp("sample") / "sample_clip.mp4", seconds=10, size="640x360", audio=True)


@pytest.fixture
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run in ``tmp_path`` (Studios write ``nemo_exports/`` and ``.nemo_widgets.json`` there), with a private config.

    ``NEMO_CONFIG_DIR`` and ``HOME`` point into ``tmp_path`` so the real
    ``~/.config`` is never written; the cloud settings of the developer's
    environment are removed.
    """
    for name in ("NEMO_API_URL", "NEMO_WEB_URL", "NEMO_TOKEN", "NEMO_CLIENT_ID", "NEMO_PROFILE", "NEMO_LANGUAGE",
                 "SKILL_SOURCE", "NEMO_WIDGETS_MODE", "JPY_SESSION_NAME", "JPY_PARENT_PID", "JUPYTER_RUNTIME_DIR",
                 "JUPYTERHUB_SERVICE_PREFIX", "COLAB_RELEASE_TAG", "VSCODE_PID"):  # fmt: skip
        monkeypatch.delenv(name, raising=False)
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("NEMO_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("NEMO_ENGINE_DIR", str(tmp_path / "engine-default"))
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def start_engine(tmp_path: Path) -> Iterator[Callable[..., Any]]:
    """Start local engines with given :class:`EngineSettings` fields (deterministic defaults); all stopped at the end.

    ``start_engine(silent_ratio=1.0)``; ``start_engine(data_dir=...)`` to share a data folder between engines.
    """
    from nemo_widgets.local import EngineSettings, start_in_background

    started: list[Any] = []

    def start(**fields: Any) -> Any:
        fields.setdefault("silent_ratio", 0.0)
        fields.setdefault("gui_ratio", 0.0)
        fields.setdefault("chunk_delay_s", 0.0)
        fields.setdefault("seed", 7)
        data_dir = fields.pop("data_dir", None) or tmp_path / f"engine-data-{len(started)}"
        running = start_in_background(EngineSettings(**fields), data_dir=data_dir)
        started.append(running)
        return running

    yield start
    for running in started:
        running.stop()


@pytest.fixture
def engine(start_engine: Callable[..., Any]) -> Any:
    """A local engine for one test: never silent, no GUI phrases, no chunk delay, its own data folder."""
    return start_engine()

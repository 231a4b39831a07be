"""One clip through the documented calls a notebook's client makes (token, session, upload, chat turn, export,
long poll, download), a new client each time, against the real engine over HTTP with real ffmpeg: the path
bench #26 times. What the work on its speed changed is pinned here; how fast it is lives in the bench."""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from nemo_widgets.core.factory import LOCAL_POLLS, local_client_settings
from nemo_widgets.local import EngineSettings, LocalEngine, start_in_background
from nemo_widgets.protocol.async_client import AsyncNemoClient
from nemo_widgets.protocol.client import NemoClient

from helpers_media import make_clip, probe

MIB = 1 << 20


@pytest.fixture(scope="module")
def engine() -> Iterator[LocalEngine]:
    with start_in_background(EngineSettings(silent_ratio=0.0, seed=7, chunk_delay_s=0.0)) as running:
        yield running


@pytest.fixture(scope="module")
def clip_mb(media_dir: Path) -> Path:
    """A few MiB of 720p: enough bytes for the transfers to come in many pieces."""
    return make_clip(media_dir / "clip720.mp4", seconds=4, size="1280x720")


@pytest.fixture(params=["sync", "async"])
def client_kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


async def _call(client: Any, method: str, *args: Any, **kwargs: Any) -> Any:
    result = getattr(client, method)(*args, **kwargs)
    return await result if inspect.isawaitable(result) else result


async def _silent_copy(engine: LocalEngine, kind: str, clip: Path, out: Path, **download: Any) -> Path:
    """The documented calls, a new client: the clip's silent MP4 downloaded to ``out``."""
    cls = NemoClient if kind == "sync" else AsyncNemoClient
    client = cls(settings=local_client_settings(engine.url), poll_schedule=LOCAL_POLLS)
    try:
        await _call(client, "connect")
        await _call(client, "upload", clip)
        await _call(client, "ask", "remove all audio from this video")
        job = await _call(client, "export", format="mp4")
        result = await _call(client, "wait_for_render", job)
        return Path(await _call(client, "download", result, out, **download))
    finally:
        await _call(client, "close")


async def test_download_reports_progress_once_a_mib_and_at_the_end(engine, clip_mb, client_kind, tmp_path) -> None:
    seen: list[tuple[int, int]] = []
    path = await _silent_copy(engine, client_kind, clip_mb, tmp_path / "out.mp4",
                              progress=lambda done, total: seen.append((done, total)))  # fmt: skip
    size = path.stat().st_size
    assert size > 2 * MIB and [s["type"] for s in probe(path)["streams"]] == ["video"]
    assert seen[-1] == (size, size)
    steps = [b[0] - a[0] for a, b in zip([(0, 0), *seen], seen, strict=False)]
    assert all(step >= MIB for step in steps[:-1]), steps  # not one call per 64 KiB piece
    assert len(seen) <= size // MIB + 1

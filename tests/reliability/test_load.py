"""Load: concurrent sessions against one engine on loopback, each upload + chat + export.

The CI size runs here (:data:`CI_SESSIONS`); the full 20 sessions run in
``bench/bench_load.py`` (figure #10), which holds the scenario both use.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from nemo_widgets.local import LocalEngine
from nemo_widgets.protocol import _base
from nemo_widgets.protocol.async_client import AsyncNemoClient
from nemo_widgets.protocol.schedule import FixedSchedule

from helpers_media import make_clip, probe

from ._support import WEB, record

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the repository root: bench/

from bench.bench_load import clip_seconds, run_load

CI_SESSIONS = 6
FAST_POLLS = FixedSchedule(interval=0.05, max_polls=5000)


async def test_exports_submitted_together_stay_apart(
    engine: LocalEngine, clip: Path, clip_b: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two sessions of one account export in the same instant: each gets its own render."""
    clients = [AsyncNemoClient(base_url=engine.url, web_url=WEB, poll_schedule=FAST_POLLS) for _ in range(2)]
    try:
        for client, source in zip(clients, (clip, clip_b), strict=False):
            await client.connect()
            await client.upload(source)
        drafts = [(await client.state()).draft.to_dict() for client in clients]
        for attempt in range(2):
            with monkeypatch.context() as frozen:  # both ids are made in the same millisecond
                frozen.setattr(_base, "time", SimpleNamespace(time=lambda: 1_800_000_000.0))
                jobs = await asyncio.gather(*(c.export(draft=d) for c, d in zip(clients, drafts, strict=False)))
            assert jobs[0].id != jobs[1].id
            results = await asyncio.gather(*(c.wait_for_render(j) for c, j in zip(clients, jobs, strict=False)))
            for n, (client, result, seconds) in enumerate(zip(clients, results, (2.0, 3.0), strict=False)):
                path = await client.download(result, tmp_path / f"{attempt}-{n}.mp4")
                assert probe(path)["duration"] == pytest.approx(seconds, abs=0.15)  # its own clip
    finally:
        for client in clients:
            await client.aclose()


@pytest.mark.slow
@pytest.mark.timeout(240)
def test_concurrent_sessions(tmp_path: Path) -> None:
    clips = [
        make_clip(tmp_path / f"clip_{i:02d}.mp4", seconds=clip_seconds(i), size="160x90") for i in range(CI_SESSIONS)
    ]
    report = run_load(clips, tmp_path / "work", probe=probe)
    assert report.errors == [], report.errors
    assert len(report.results) == CI_SESSIONS
    for result in report.results:  # no cross-talk: each result is its own clip, edited
        assert result.media == [result.clip.name]
        assert result.duration == pytest.approx(result.expected, abs=0.15), result
        assert result.video == 1 and result.audio == 0, result
    assert len({r.job_id for r in report.results}) == CI_SESSIONS
    assert report.chat_turns == CI_SESSIONS  # one /run_sse per message, nothing re-sent
    assert report.rss_growth_mb < 150, report.summary()
    record("notes", f"load (CI): {CI_SESSIONS} sessions", report.summary())

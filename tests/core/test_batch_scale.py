"""A thousand files through one engine: mixed with bad input and 429s, then resumed (nothing rendered twice).

``NEMO_BATCH_SCALE`` sets the size: 1,000 by default, 60 in CI (``CI`` set),
where the 2-core budget is a couple of minutes for all the batch tests.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from nemo_widgets.core.batch import process_many
from nemo_widgets.protocol.schedule import FixedSchedule

from helpers_batch import make_clips, read_manifest, start_counted_engine

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("isolated")]

SCALE = int(os.environ.get("NEMO_BATCH_SCALE") or (60 if os.environ.get("CI") else 1000))


@pytest.mark.timeout(3600)
async def test_a_thousand_files_then_a_resume(tmp_path: Path, isolated: Path) -> None:
    engine, counter = start_counted_engine(tmp_path / "engine-data")
    try:
        paths = make_clips(isolated / "clips", SCALE, seconds=0.5, size="96x54")
        for n in range(0, SCALE, 25):  # every 25th: not a video type; every 40th (from 7): not there
            paths[n] = paths[n].with_suffix(".txt")
            paths[n].write_text("notes")
        for n in range(7, SCALE, 40):
            paths[n] = paths[n].with_name(f"gone_{n}.mp4")
        bad = {n for n in range(SCALE) if n % 25 == 0 or (n - 7) % 40 == 0}
        engine.inject("429", times=3)
        options = {
            "concurrency": 4,
            "base_url": engine.url,
            "web_url": engine.url,
            "output_dir": isolated / "out",
            "poll_schedule": FixedSchedule(interval=0.05, max_polls=2400),
            "sleep": lambda _s: None,
        }
        items = await process_many(paths, "remove all audio from this video", **options)

        failed = {n for n, item in enumerate(items) if not item.ok}
        assert failed == bad, [items[n].error for n in sorted(failed - bad)][:3]
        assert counter.submitted == SCALE - len(bad) and items.rate_limited == 3
        assert items.manifest_path is not None
        rows = read_manifest(items.manifest_path)
        assert len(rows) == SCALE and sum(row["status"] == "done" for row in rows) == SCALE - len(bad)
        assert len({row["render_id"] for row in rows}) == SCALE and len(
            {row["output"] for row in rows if row["output"]}
        ) == SCALE - len(bad)

        again = await process_many(paths, "remove all audio from this video", resume=True, **options)
        assert sum(item.earlier for item in again) == SCALE - len(bad) and counter.submitted == SCALE - len(bad)
        assert {n for n, item in enumerate(again) if not item.ok} == bad  # bad input stays failed, with its sentence
        assert all(again[n].error for n in bad)
    finally:
        engine.stop()


async def test_a_resume_of_a_thousand_finished_files_sends_nothing(isolated: Path) -> None:
    """The driver at 1,000 items: everything done in the manifest, so no request is made (none could be)."""
    from nemo_widgets.core.batch import BatchItem
    from nemo_widgets.core.manifest import Manifest, Record

    sources = isolated / "clips"
    sources.mkdir()
    out = isolated / "out"
    records = []
    for n in range(1000):
        source = sources / f"clip_{n:04d}.mp4"
        source.write_bytes(b"x")
        result = out / source.stem / f"render_{n}.mp4"
        result.parent.mkdir(parents=True)
        result.write_bytes(b"result" * (n + 1))
        records.append(Record(key=str(source.absolute()), position=n, source=str(source), instruction="remove all audio",
                              status="done", output=str(result), size=result.stat().st_size, render_id=f"render_{n}",
                              folder=str(result.parent), result_format="mp4"))  # fmt: skip
    with Manifest(out) as manifest:
        manifest.put_many(records)
    seen: list[BatchItem] = []
    paths = sorted(sources.glob("*.mp4"))
    items = await process_many(
        paths, "remove all audio", resume=True, output_dir=out, on_update=seen.append, base_url="http://127.0.0.1:9"
    )  # nothing listens there: any request would fail
    assert len(items) == 1000 and all(item.earlier and item.ok for item in items)
    assert [item.outcome.path.name for item in items[:2] if item.outcome] == ["render_0.mp4", "render_1.mp4"]
    assert len(seen) == 1000  # each item shown once
    with Manifest(out) as manifest:
        assert manifest.counts() == {"done": 1000} and len(manifest) == 1000
        path, count = manifest.zip_results()
    assert count == 1000 and path.stat().st_size > 1000

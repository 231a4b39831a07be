"""Concurrency that adapts: AIMD on 429 (the limiter alone, then a batch against the engine's 429 fault)."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from nemo_widgets.core.batch import BatchItem, process_many
from nemo_widgets.core.limiter import AdaptiveLimit
from nemo_widgets.protocol.schedule import FixedSchedule

from helpers_batch import make_clips, start_counted_engine

pytestmark = pytest.mark.usefixtures("isolated")

FAST_POLLS = FixedSchedule(interval=0.05, max_polls=2400)
EDIT = "remove all audio from this video"
ACTIVE = ("uploading", "editing", "rendering", "downloading")


async def test_a_429_halves_the_limit_once_per_generation_and_successes_raise_it_slowly() -> None:
    limit = AdaptiveLimit(8)
    slots = [await limit.acquire() for _ in range(8)]
    assert limit.limit == 8 and limit.active == 8
    assert limit.rate_limited(slots[0]) is True and limit.limit == 4
    assert limit.rate_limited(slots[1]) is False and limit.limit == 4  # started before the cut: same crowd
    for slot in slots:
        await limit.release(slot, ok=False)
    later = await limit.acquire()
    assert limit.rate_limited(later) is True and limit.limit == 2  # started after the cut: cuts again
    await limit.release(later, ok=False)
    for _ in range(3):
        cut = await limit.acquire()
        limit.rate_limited(cut)
        await limit.release(cut, ok=False)
    assert limit.limit == 1  # never below the floor
    grown = []
    for _ in range(40):
        slot = await limit.acquire()
        await limit.release(slot, ok=True)
        grown.append(limit.limit)
    assert grown[0] == 2 and grown == sorted(grown) and max(grown) == 8  # 1 + 1/1 after one item at limit 1
    assert grown.index(3) >= 2 and grown.index(4) >= grown.index(3) + 3  # about one step per round of items
    assert [n for _t, n in limit.history][:3] == [8, 4, 2]


async def test_no_more_than_the_limit_run_at_once() -> None:
    limit = AdaptiveLimit(3)
    running, most = 0, 0

    async def work() -> None:
        nonlocal running, most
        slot = await limit.acquire()
        running += 1
        most = max(most, running)
        await asyncio.sleep(0.01)
        running -= 1
        await limit.release(slot, ok=True)

    await asyncio.gather(*(work() for _ in range(12)))
    assert most == 3 and limit.most_active == 3
    with pytest.raises(ValueError, match="at least 1"):
        AdaptiveLimit(0)


async def test_a_batch_slows_down_on_429_and_finishes_everything(tmp_path: Path, isolated: Path) -> None:
    engine, counter = start_counted_engine(tmp_path / "engine-data")
    waits: list[float] = []
    try:
        clips = make_clips(isolated / "clips", 8)
        running: set[str] = set()
        most = 0

        def on_update(item: BatchItem) -> None:
            nonlocal most
            (running.add if item.status in ACTIVE else running.discard)(item.name)
            most = max(most, len(running))

        engine.inject("429", times=3)  # the next three requests, whoever sends them, get 429 + Retry-After: 30
        items = await process_many(clips, EDIT, concurrency=4, on_update=on_update, base_url=engine.url,
                                   web_url=engine.url, poll_schedule=FAST_POLLS, output_dir=isolated / "out",
                                   sleep=waits.append)  # fmt: skip
        assert all(item.ok for item in items), [item.error for item in items]
        assert counter.submitted == 8
        assert items.rate_limited == 3 and waits and all(w == 30 for w in waits)  # the server's Retry-After
        limits = [n for _t, n in items.limits]
        assert limits[0] == 4 and min(limits) < 4  # cut on 429 ...
        assert items.most_at_once <= 4 and most <= 4
    finally:
        engine.stop()


async def test_an_item_refused_twice_is_queued_again_in_the_same_run(tmp_path: Path, isolated: Path) -> None:
    engine, counter = start_counted_engine(tmp_path / "engine-data")
    try:
        clips = make_clips(isolated / "clips", 2)
        engine.inject("429", times=2)  # the first item's first request, and the client's one retry of it
        items = await process_many(clips, EDIT, concurrency=1, base_url=engine.url, web_url=engine.url,
                                   poll_schedule=FAST_POLLS, output_dir=isolated / "out",
                                   sleep=lambda _s: None)  # fmt: skip
        assert [item.status for item in items] == ["done", "done"]
        assert items[0].attempts == 2 and items[1].attempts == 1 and counter.submitted == 2
    finally:
        engine.stop()


async def test_with_an_executor_the_driver_alone_writes_the_manifest(engine: Any, isolated: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    from helpers_batch import read_manifest

    clips = make_clips(isolated / "clips", 3)
    with ThreadPoolExecutor(2) as pool:
        items = await process_many(clips, EDIT, executor=pool, concurrency=2, base_url=engine.url,
                                   web_url=engine.url, poll_schedule=FAST_POLLS, output_dir=isolated / "out")  # fmt: skip
    assert all(item.ok for item in items), [item.error for item in items]
    assert items.manifest_path is not None
    rows = read_manifest(items.manifest_path)
    assert [row["status"] for row in rows] == ["done"] * 3 and all(row["checksum"] for row in rows)
    with pytest.raises(ValueError, match="NEMO_TOKEN"):
        await process_many(clips, EDIT, executor=pool, token="a-token-of-yours", output_dir=isolated / "o2")

"""A batch on a Dask LocalCluster of 2 worker processes: each worker renders with its own embedded engine.

The driver (this test) writes the manifest alone; the workers return what
they did. Skipped when ``dask[distributed]`` is missing (``pip install -e ".[dask]"``).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from nemo_widgets.core.batch import process_many
from nemo_widgets.core.manifest import file_checksum

from helpers_batch import make_clips, read_manifest
from helpers_media import probe

distributed = pytest.importorskip("distributed")

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("isolated")]

EDIT = "remove all audio from this video"


@pytest.fixture
def dask_client() -> Iterator[Any]:
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address="127.0.0.1:0",
                                       host="127.0.0.1", silence_logs=40)  # fmt: skip
    client = distributed.Client(cluster)
    try:
        yield client
    finally:
        client.close()
        cluster.close()


async def test_two_worker_processes_render_with_their_own_engines(dask_client: Any, isolated: Path) -> None:
    clips = make_clips(isolated / "clips", 6)
    engines = isolated / "engines"
    items = await process_many(clips, EDIT, executor=dask_client, local_engine=engines, concurrency=4,
                               output_dir=isolated / "out")  # fmt: skip
    assert all(item.ok for item in items), [item.error for item in items]
    assert items.manifest_path is not None
    rows = read_manifest(items.manifest_path)
    assert [row["status"] for row in rows] == ["done"] * 6
    for row in rows:
        assert row["checksum"] == file_checksum(row["output"]) and probe(row["output"])["audio"] == 0
    slots = sorted(p.name for p in engines.iterdir() if p.is_dir())
    assert slots == ["slot-0", "slot-1"]  # two processes, each with its own engine folder

    again = await process_many(clips, EDIT, executor=dask_client.get_executor(), local_engine=engines, resume=True,
                               output_dir=isolated / "out")  # fmt: skip
    assert all(item.earlier for item in again)  # resumed from the driver's manifest: nothing sent to the workers

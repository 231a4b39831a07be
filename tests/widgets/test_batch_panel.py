"""The batch panel: one HTML table, counts, ETA, failures with their sentence, download-all, resume; light at 1,000."""

from __future__ import annotations

import asyncio
import time
import zipfile
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import pytest
from nemo_widgets.core.batch import BatchItem, BatchItems
from nemo_widgets.protocol.schedule import FixedSchedule
from nemo_widgets.widgets import batch as batch_module
from nemo_widgets.widgets.batch import BatchPanel
from nemo_widgets.widgets.batch_view import counts_html, format_eta, table_html

from helpers_media import make_clip

FAST = FixedSchedule(0.05, 2400)


def _descendants(widget: Any) -> int:
    children = getattr(widget, "children", ())
    return 1 + sum(_descendants(child) for child in children)


def test_the_table_counts_failures_and_download_all(engine: Any, tmp_path: Path) -> None:
    good = make_clip(tmp_path / "good.mp4", seconds=1, size="160x90")
    bad = tmp_path / "bad.mp4"
    bad.write_bytes(b"not a video" * 100)
    panel = BatchPanel([good, bad, tmp_path / "<script>.mov"], "remove all audio from this video", mode="foreground",
                       concurrency=2, output_dir=tmp_path / "out", base_url=engine.url, web_url=engine.url,
                       poll_schedule=FAST)  # fmt: skip
    try:
        assert panel.summary.value == "3 file(s) ready."
        items = panel.run()
        assert [item.status for item in items] == ["done", "failed", "failed"]
        assert "1 of 3 done" in panel.summary.value and "2 failed" in panel.summary.value
        assert "finished in" in panel.summary.value
        assert panel.table.value.count("<tr>") == 4  # a header and one row per file
        assert "&lt;script&gt;.mov" in panel.table.value and "<script>" not in panel.table.value
        assert (
            "bad.mp4" in panel.failures.value and "not really an MP4 file" in panel.failures.value
        )  # the engine's reason
        assert "There is no file" in panel.failures.value  # the missing file's sentence
        assert not panel.button.disabled and not panel.resume_button.disabled and panel.stop_button.disabled
        assert not panel.zip_button.disabled
        panel.zip_button.click()
        panel.runner.wait(timeout=30)
        assert "1 files" in panel.zip_link.value
        with zipfile.ZipFile(tmp_path / "out" / "nemo_batch_results.zip") as archive:
            assert [Path(name).parent.name for name in archive.namelist()] == ["good"]
        assert _descendants(panel) < 20  # no widget per file
    finally:
        panel.close()


def test_resume_skips_what_an_earlier_run_finished(engine: Any, tmp_path: Path) -> None:
    clips = [make_clip(tmp_path / f"c{n}.mp4", seconds=1, size="160x90") for n in range(2)]
    options: dict[str, Any] = {
        "mode": "foreground",
        "output_dir": tmp_path / "out",
        "base_url": engine.url,
        "web_url": engine.url,
        "poll_schedule": FAST,
    }
    first = BatchPanel(clips, "remove all audio from this video", **options)
    try:
        assert all(item.ok for item in first.run())
    finally:
        first.close()
    again = BatchPanel(clips, "remove all audio from this video", **options)
    try:
        assert "An earlier run finished 2 of 2" in again.summary.value
        items = again.resume()
        assert all(item.earlier for item in items) and "(2 in an earlier run)" in again.summary.value
    finally:
        again.close()


def test_a_thousand_items_redraw_at_most_five_times_a_second(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    paths = [tmp_path / f"clip_{n:04d}.mp4" for n in range(1000)]

    async def fake_process_many(paths: list[Path], instructions: str, *, on_update: Any, **_options: Any) -> Any:
        items = BatchItems(BatchItem(Path(p), instructions) for p in paths)
        for item in items:
            on_update(item)
        for step in range(10):  # ten waves of news about every item: 10,000 updates in ~2 s
            for n, item in enumerate(items):
                item.status = "done" if step == 9 else "rendering"
                item.progress = 10 * (step + 1)
                item.finished_at = 1.0 if step == 9 else None
                if step == 9 and n % 100 == 0:
                    item.status, item.error = "failed", "The export failed on the server."
                on_update(item)
            await asyncio.sleep(0.2)
        return items

    monkeypatch.setattr(batch_module, "process_many", fake_process_many)
    panel = BatchPanel(paths, "remove all audio", mode="foreground", output_dir=tmp_path / "out", max_rows=100)
    try:
        began = time.monotonic()
        panel.run()
        took = time.monotonic() - began
        assert panel.updates <= 5 * took + 2, (panel.updates, took)
        assert panel.updates >= 3  # it did show progress on the way
        assert "990 of 1,000 done" in panel.summary.value and "10 failed" in panel.summary.value
        assert panel.table.value.count("<tr>") == 101 and "Showing 100 of 1,000 files" in panel.table.value
        assert panel.failures.value.count("<li>") == 10
        assert len(panel.table.value) < 25_000 and _descendants(panel) < 20  # ~200 bytes a row
    finally:
        panel.close()


def test_view_helpers() -> None:
    assert format_eta(45) == "45 s" and format_eta(190) == "3 min 10 s" and format_eta(7500) == "2 h 05 min"
    items = [BatchItem(Path(f"{n}.mp4"), "x") for n in range(4)]
    items[0].status, items[0].finished_at = "done", 1.0
    items[1].status = "rendering"
    assert counts_html(items, elapsed=10.0) == "<b>1 of 4 done</b> · 1 running · 2 waiting · ETA 30 s"
    assert table_html(items, max_rows=2).count("<tr>") == 3  # the running one first, then a waiting one
    assert isinstance(widgets.HTML(table_html(items)), widgets.HTML)


def test_the_panel_refuses_options_its_engine_cannot_take_when_built(tmp_path: Path) -> None:
    """Said when the panel is built, not later in the background when Run is clicked."""
    with pytest.raises(TypeError, match=r"BatchPanel\(local_engine=\.\.\.\)\(base_url=\.\.\.\)"):
        BatchPanel.local([tmp_path / "a.mp4"], "remove all audio", data_dir=tmp_path / "engine", base_url="http://x")
    BatchPanel([tmp_path / "a.mp4"], "remove all audio", base_url="http://127.0.0.1:9")  # the cloud's option: fine

"""The batch panel: one row per file with its progress, its result or its error."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import ipywidgets as widgets

from helpers_media import make_clip

from nemo_widgets.protocol.schedule import FixedSchedule
from nemo_widgets.widgets.batch import BatchPanel


def test_rows_show_progress_results_and_errors(engine: Any, tmp_path: Path) -> None:
    good = make_clip(tmp_path / "good.mp4", seconds=2, size="320x180")
    bad = tmp_path / "bad.mp4"
    bad.write_bytes(b"not a video" * 100)
    panel = BatchPanel([good, bad], "remove all audio from this video", mode="foreground", concurrency=2,
                       base_url=engine.url, web_url=engine.url, poll_schedule=FixedSchedule(0.05, 2400))  # fmt: skip
    try:
        assert panel.summary.value == "2 file(s) ready."
        items = panel.run()
        assert [item.status for item in items] == ["done", "failed"]
        rows = panel.rows.children
        assert len(rows) == 2
        good_row, bad_row = rows
        assert good_row.bar.value == 100 and good_row.bar.bar_style == "success"
        assert "done" in good_row.label.value
        assert isinstance(good_row.player.player, widgets.Video)
        assert bad_row.bar.bar_style == "danger" and "failed" in bad_row.label.value
        assert "mp4" in bad_row.label.value and bad_row.player.player is None  # a sentence listing the formats
        assert panel.summary.value == "1 of 2 file(s) done."
        assert not panel.button.disabled
    finally:
        panel.close()

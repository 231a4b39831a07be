"""What the Studio sends to the front end stays under Jupyter Server's iopub limit, whatever the file size.

Jupyter Server stops forwarding a kernel's messages above 1,000 a second (averaged over 3 s,
``ServerApp.iopub_msg_rate_limit``) and drops them, the last ones included: a 150 MB upload from the
browser then looked stuck at 80 % with "Uploading..." for ever, although it had finished (the hand-off
from the kernel to the engine on 127.0.0.1 reported every 64 KiB, thousands of times a second).
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import pytest

from helpers_media import make_padded_clip

MB = 1024 * 1024
#: Jupyter Server's defaults: 1,000 messages a second over a 3 s window. Half of it is the budget here.
SERVER_LIMIT_PER_WINDOW = 1000 * 3
WINDOW_S = 3.0


@pytest.fixture
def sent_at(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """When each widget message was sent to the front end (ipywidgets 7 and 8 both send through ``_send``)."""
    times: list[float] = []
    original = widgets.Widget._send

    def send(self: widgets.Widget, *args: Any, **kwargs: Any) -> Any:
        times.append(time.monotonic())
        return original(self, *args, **kwargs)

    monkeypatch.setattr(widgets.Widget, "_send", send)
    return times


def busiest_window(times: list[float], window: float = WINDOW_S) -> int:
    """The most messages sent within any ``window`` seconds."""
    most, first = 0, 0
    for last, at in enumerate(times):
        while at - times[first] > window:
            first += 1
        most = max(most, last - first + 1)
    return most


def test_a_large_upload_sends_few_widget_messages(make_studio: Any, tmp_path: Path, sent_at: list[float]) -> None:
    studio = make_studio("foreground")
    clip = make_padded_clip(tmp_path / "big.mp4", 120 * MB)
    sent_at.clear()
    started = time.monotonic()
    assert studio.upload(clip), studio.status.value
    took = time.monotonic() - started
    # before the fix: about 10,000 messages in about a second (five for each 64 KiB read)
    assert busiest_window(sent_at) < SERVER_LIMIT_PER_WINDOW / 2, (len(sent_at), took)
    assert len(sent_at) < 200 + 40 * took, (len(sent_at), took)
    # and the last progress is shown: the bar is full and says the whole size
    (bar,) = studio.uploads._bars.values()
    assert bar.bar.value == bar.bar.max == clip.stat().st_size
    assert "Uploaded big.mp4" in studio.status.value

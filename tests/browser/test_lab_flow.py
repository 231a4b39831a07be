"""JupyterLab: open the quickstart, run it, then the silent-MP4 and the MP3 flows as a user."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

from live_jupyter import LiveJupyter
from studio_page import STDERR, Shots, StudioPage, mp3_flow, silent_mp4_flow

KERNEL_IDLE = ".jp-StatusBar-TextItem:has-text('(ipykernel) | Idle')"  # not "No Kernel | Idle"


def open_and_run_all(page: Any, jupyter: LiveJupyter, path: str) -> None:
    """Open ``path`` in JupyterLab, wait for the kernel to be Idle (Run All does nothing before), Run → Run All Cells."""
    page.goto(f"{jupyter.url}/lab/tree/{path}")
    page.locator(KERNEL_IDLE).first.wait_for(timeout=90_000)
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
    page.locator(".jp-InputArea-prompt", has_text="[1]").first.wait_for(timeout=90_000)


def test_quickstart_in_jupyterlab(page: Any, jupyter: LiveJupyter, artifacts: Path) -> None:
    shots = Shots(page, artifacts)
    open_and_run_all(page, jupyter, "quickstart.ipynb")
    studio = StudioPage(page, shots)
    silent = silent_mp4_flow(studio)
    mp3 = mp3_flow(studio, after_silent_edit=True)
    stderr = page.locator(STDERR)
    assert not stderr.count(), stderr.first.inner_text()  # nothing printed to stderr by the kernel
    (artifacts / "playback.json").write_text(json.dumps([asdict(silent), asdict(mp3)], indent=2), encoding="utf-8")

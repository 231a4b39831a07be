"""JupyterLab: the uploaded list's Remove control and the question a duplicate upload raises, as a user meets them."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from live_jupyter import LiveJupyter
from studio_page import SAMPLE, SUMMARY, Shots, StudioPage
from test_lab_flow import open_and_run_all


def test_a_duplicate_is_asked_about_and_remove_takes_the_clip_off(page: Any, jupyter: LiveJupyter,
                                                                 artifacts: Path) -> None:  # fmt: skip
    shots = Shots(page, artifacts)
    open_and_run_all(page, jupyter, "quickstart.ipynb")
    studio = StudioPage(page, shots)
    studio.wait_ready()
    studio.pick_on_disk("samples", SAMPLE)
    studio.upload_picked(SAMPLE)

    # The same file again: a question in the upload panel, not a second copy on the timeline.
    studio.button(f"Upload {SAMPLE}").click()
    question = studio.wait_text(".nemo-duplicate", re.escape(f"{SAMPLE} is already on the timeline"))
    shots("duplicate-question", studio.root.locator(".widget-tab").locator("xpath=../.."))
    studio.root.get_by_role("button", name=re.compile(rf"^Leave it out: {re.escape(SAMPLE)}")).click()
    question.wait_for(state="detached", timeout=studio.timeout_ms)
    summary = studio.root.locator(SUMMARY)
    assert summary.inner_text().count(SAMPLE) == 2, summary.inner_text()  # video and audio: once each

    # Remove: the clip leaves the timeline, its row says so, and undo brings it back.
    before_src = studio.timeline_image.get_attribute("src") or ""
    remove = studio.root.locator(".nemo-media").get_by_role("button", name=f"Remove {SAMPLE} from the timeline")
    assert remove.inner_text().strip() == "Remove"  # the short label; the name says which file
    remove.click()
    studio.wait_text(".nemo-media", "not on the timeline")
    _src, _digest, shown = studio.wait_timeline_changed(before_src)
    shots("removed", studio.root.locator(".nemo-media"))
    assert "empty" in shown.lower(), shown
    studio.send("undo", SAMPLE)
    remove.wait_for(timeout=studio.timeout_ms)
    assert SAMPLE in summary.inner_text()
    studio.fail_on_error_status()
